"""Forms of the monitoring pages: the visit, the outcome, flags and manual alerts."""

from __future__ import annotations

from django import forms

from apps.assistance.choices import Program, TemporaryKind
from apps.monitoring.models import OutcomeChoices


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") or None


class VisitForm(_Versioned):
    visited_on = forms.DateField(label="入户核实日期", widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label="核实情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class OutcomeForm(_Versioned):
    outcome = forms.ChoiceField(label="处置结果", choices=OutcomeChoices.choices, widget=forms.RadioSelect)
    program = forms.ChoiceField(label="救助项目（启动救助时）", choices=[("", "—")], required=False)
    applicant = forms.TypedChoiceField(
        label="申请人（启动救助时）", coerce=int, required=False, empty_value=None
    )
    temporary_kind = forms.ChoiceField(
        label="临时救助类型（启动临时救助时）", choices=[("", "—"), *TemporaryKind.choices], required=False
    )
    requested_amount = forms.DecimalField(
        label="申请救助金额（元，启动临时救助时）",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    reason = forms.CharField(
        label="处置说明（无需救助的须写明理由）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: object, members: list[tuple[int, str]], **kw: object) -> None:
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.fields["program"].choices = [("", "—"), *Program.choices]
        self.fields["applicant"].choices = [("", "—"), *members]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200)
