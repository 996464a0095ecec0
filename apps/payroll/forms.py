"""资金发放 forms: the one that asks which county, month and programme to prepare."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from apps.areas.selectors import counties_for
from apps.assistance.choices import ONE_TIME_PROGRAMS, Program
from apps.core.clock import today
from policy.errors import ValidationFailed
from policy.months import month_parse


class PrepareForm(forms.Form):
    county = forms.ChoiceField(label="县(市、区)")
    month = forms.CharField(label="发放月份", widget=forms.TextInput(attrs={"type": "month"}))
    program = forms.ChoiceField(label="救助项目", required=False)

    def __init__(self, *args: object, counties: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["county"].choices = counties
        monthly = [(c, label) for c, label in Program.choices if c not in ONE_TIME_PROGRAMS]
        self.fields["program"].choices = [("", "全部按月发放项目"), *monthly]

    def clean_month(self) -> date:
        try:
            return month_parse(self.cleaned_data["month"])
        except ValidationFailed:
            raise forms.ValidationError("请选择发放月份（年-月）") from None


def prepare_form(*, actor: Any, data: object = None) -> PrepareForm:
    """The form offering the counties in the actor's area, this month filled in."""
    counties = [(a.code, a.name) for a in counties_for(actor=actor)]
    return PrepareForm(data, counties=counties, initial={"month": f"{today():%Y-%m}"})
