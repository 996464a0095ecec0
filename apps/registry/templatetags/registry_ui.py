"""Template filters of the registry pages: masking, ages, labels, and an audit row's changes in Chinese."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils import timezone

from apps.core.models import AuditLog
from apps.registry.choices import (
    AccountType,
    AssetType,
    DisabilityCategory,
    DisabilityGrade,
    Employment,
    HouseholdStatus,
    IncomeType,
    SexChoices,
)
from apps.registry.models import Asset, Household, Income, Membership, Person
from policy.ages import age_on
from policy.household import RELATION_LABELS, Relation
from policy.privacy import mask_account, mask_id_number, mask_phone

register = template.Library()

# An audit row keeps the full values; the history page shows them masked, like every other list. The birth
# date is masked too: it is exactly the part of the ID number that the masked form hides.
_MASKS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "account_number": mask_account,
    "birth_date": lambda v: f"{v[:4]}年" if v else "",
}
_CHOICES: dict[str, dict[Any, str]] = {
    "sex": dict(SexChoices.choices),
    "disability_category": dict(DisabilityCategory.choices),
    "disability_grade": dict(DisabilityGrade.choices),
    "employment": dict(Employment.choices),
    "income_type": dict(IncomeType.choices),
    "asset_type": dict(AssetType.choices),
    "account_type": dict(AccountType.choices),
    "relation": {r.value: label for r, label in RELATION_LABELS.items()},
    "status": {
        **dict(HouseholdStatus.choices),
        "open": "待核实",
        "distinct": "核实为不同人",
        "same": "核实为同一人",
    },
}
_EXTRA_LABELS = {
    "members": "成员编号",
    "head": "户主(人员编号)",
    "merged_into": "并入家庭",
    "is_urban": "城乡",
}


def _labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for model in (Asset, Income, Membership, Household, Person):
        for f in model._meta.concrete_fields:
            out[f.attname] = str(f.verbose_name)
    out.update(_EXTRA_LABELS)
    return out


_LABELS = _labels()


def _show(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if key in _MASKS:
        return _MASKS[key](str(value))
    if key == "is_urban":
        return "城市" if value else "农村"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in _CHOICES:
        return _CHOICES[key].get(value, str(value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


@register.filter
def audit_changes(row: AuditLog) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each value the row recorded; a new record lists what it was given."""
    before, after = row.before or {}, row.after or {}
    out = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if not before and new in (None, "", False):
            continue  # a new record: leave out what was left blank
        if key in ("id", "household_id", "person_id"):
            continue
        out.append(
            (_LABELS.get(key, key), _show(key, old) if before else "", _show(key, new) if after else "")
        )
    return out


@register.filter
def masked_id(value: str | None) -> str:
    return mask_id_number(value)


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_phone(value)


@register.filter
def masked_account(value: str | None) -> str:
    return mask_account(value)


@register.filter
def age(birth_date: date | None) -> int | str:
    """Whole years today; a birthday counts on the day itself."""
    if birth_date is None:
        return ""
    return age_on(birth_date, timezone.localdate())


@register.filter
def relation_label(value: str | None) -> str:
    try:
        return RELATION_LABELS[Relation(value)]
    except ValueError:
        return ""


@register.filter
def sex_label(value: str | None) -> str:
    return dict(SexChoices.choices).get(value or "", "")
