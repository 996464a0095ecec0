"""The new-household form's income rows, and the summary of every error the page shows at its top.

An income row names its member by the member row it belongs to (``members-<i>``): on a new household
nobody is registered yet, so there is no person id to choose. ``site.js`` keeps the member choices in step
with the names typed above (``data-member-choices``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from apps.core.forms import FastSelect
from apps.registry.choices import IncomeType
from apps.registry.services.intake import NewIncome
from policy.errors import ValidationFailed

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_INCOMES = 40
ROW_ANCHORS = {"members": "member", "incomes": "income"}  # the id of each row's <fieldset>


def member_row_labels(data: Any, rows: int) -> list[tuple[str, str]]:
    """``成员1：张三`` for each member row, from what was typed (or just ``成员1`` on an empty form)."""
    out = []
    for i in range(rows):
        name = (data.get(f"members-{i}-name", "") if data is not None else "").strip()
        out.append((str(i), f"成员{i + 1}：{name}" if name else f"成员{i + 1}"))
    return out


class IncomeRowForm(forms.Form):
    """One income of a member of the new household; a row left as it was offered is not saved."""

    member = forms.ChoiceField(
        widget=FastSelect(attrs={"data-member-choices": "#member-rows"}), label="成员", initial="0"
    )
    income_type = forms.ChoiceField(
        widget=FastSelect, label="收入类型", choices=IncomeType.choices, initial=IncomeType.WAGE
    )
    amount = forms.CharField(
        label="金额(元)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    period_start = forms.DateField(
        label="起始日期",
        widget=DATE,
        error_messages={"required": "请填写起始日期", "invalid": "日期格式不对"},
    )
    period_end = forms.DateField(
        label="截止日期",
        widget=DATE,
        error_messages={"required": "请填写截止日期", "invalid": "日期格式不对"},
    )
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any row number the page could hold is accepted here; the service says if that row is empty.
        labels = dict(members)
        self.fields["member"].choices = [(str(i), labels.get(str(i), f"成员{i + 1}")) for i in range(30)]
        self.member_choices = members

    def is_blank(self) -> bool:
        return not self.has_changed()


IncomeFormSet = forms.formset_factory(IncomeRowForm, extra=1, max_num=MAX_INCOMES, absolute_max=MAX_INCOMES)


def income_formset(data: Any, members: list[tuple[str, str]]) -> Any:
    """The income rows; a POST without them (an older page, a script) simply has none."""
    if data is not None and "incomes-TOTAL_FORMS" not in data:
        data = None
    formset = IncomeFormSet(data, prefix="incomes", form_kwargs={"members": members})
    for form in [*formset.forms, formset.empty_form]:
        # Only the member rows the page shows are offered; the rest stay valid for rows added later.
        form.fields["member"].widget.choices = members
    return formset


def income_input(form: IncomeRowForm, member_of_row: dict[int, int]) -> NewIncome:
    """The service's income from a filled row; ``member_of_row`` maps member rows to the members saved."""
    d = form.cleaned_data
    return NewIncome(
        member=member_of_row.get(int(d["member"])),
        income_type=d["income_type"],
        amount=d.get("amount") or "",
        period_start=d["period_start"],
        period_end=d["period_end"],
        note=d.get("note") or "",
    )


def income_errors_apply(exc: ValidationFailed, formset: Any, rows: list[int]) -> None:
    """Put the service's ``incomes-<j>-<field>`` reasons on the row that income ``j`` came from."""
    for key, reasons in exc.errors.items():
        if not key.startswith("incomes-"):
            continue
        _, index, *rest = key.split("-", 2)
        form = formset.forms[rows[int(index)]]
        field = rest[0] if rest and rest[0] in form.fields else None
        for reason in reasons:
            form.add_error(field, reason)


@dataclass(frozen=True)
class ErrorLink:
    """One line of the summary at the top: which field, what is wrong, and the anchor of the field."""

    href: str
    label: str
    message: str


def error_summary(*groups: tuple[str, Any]) -> list[ErrorLink]:
    """Every error of the given forms, in page order. ``groups`` pairs a heading (``成员2``, or "" for the
    household) with a form, or with a formset whose rows are headed ``<heading><n>``."""
    out: list[ErrorLink] = []
    for heading, item in groups:
        if hasattr(item, "forms"):
            for message in item.non_form_errors():
                out.append(
                    ErrorLink(href=f"#{ROW_ANCHORS[item.prefix]}-rows", label=heading, message=message)
                )
            for n, form in enumerate(item.forms, start=1):
                out.extend(_form_errors(form, f"{heading}{n}", f"#{ROW_ANCHORS[item.prefix]}-{n - 1}"))
        else:
            out.extend(_form_errors(item, heading, "#household"))
    return out


def _form_errors(form: forms.Form, heading: str, anchor: str) -> list[ErrorLink]:
    out = []
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            out.extend(ErrorLink(href=anchor, label=heading, message=m) for m in errors)
            continue
        bound = form[name]
        label = f"{heading} · {bound.label}" if heading else str(bound.label)
        out.extend(ErrorLink(href=f"#{bound.auto_id}", label=label, message=m) for m in errors)
    return out
