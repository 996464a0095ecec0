"""Forms of the 地方标准 and 试算 pages. They parse what was typed; the rules live in the services."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone

from apps.areas.selectors import area_list_for
from apps.core.forms import FastSelect
from apps.standards.mappers.overrides import Override
from apps.standards.selectors import GROUPS
from apps.standards.validators import value_normalize
from policy.areas import AreaLevel
from policy.errors import ValidationFailed
from policy.facts import ExpenseFacts
from policy.money import parse_yuan
from policy.parameters import CATALOGUE

if TYPE_CHECKING:
    from apps.accounts.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
KIND_CHOICES = [("", "城乡通用"), ("1", "城市"), ("0", "农村")]


def key_choices() -> list[Any]:
    """The catalogue grouped by programme, as the 地方标准 page shows it."""
    groups = []
    for title, prefixes in GROUPS:
        options = [
            (key, f"{spec.label}（{spec.unit}）" if spec.unit else spec.label)
            for key, spec in CATALOGUE.items()
            if key.split(".")[0] in prefixes
        ]
        groups.append((title, options))
    return groups


def writable_areas(actor: User) -> list[tuple[str, str]]:
    """The counties and townships inside the actor's area, each township under its county."""
    rows = area_list_for(actor=actor).filter(level__in=[AreaLevel.COUNTY, AreaLevel.TOWNSHIP])
    return [(a.code, a.name if a.level == AreaLevel.COUNTY else f"　{a.name}（乡镇调整）") for a in rows]


class StandardSetForm(forms.Form):
    area = forms.ChoiceField(widget=FastSelect, label="区划", error_messages={"required": "请选择区划"})
    key = forms.ChoiceField(widget=FastSelect, label="参数", error_messages={"required": "请选择参数"})
    urban = forms.ChoiceField(
        widget=FastSelect,
        label="城乡",
        required=False,
        choices=KIND_CHOICES,
        help_text="只有区分城乡的参数（如低保标准）可以分开设置",
    )
    value = forms.CharField(
        label="数值",
        max_length=1000,
        error_messages={"required": "请填写数值"},
        help_text="金额填元，如 700；比例填小数或百分数，如 0.2 或 20%；年龄段填 80:50, 90:100, 100:300",
    )
    effective_from = forms.DateField(
        label="起始日期",
        widget=DATE,
        error_messages={"required": "请填写起始日期", "invalid": "日期格式应如2024-01-01"},
        help_text="新数值从这一天起执行，原数值自动截止到前一天",
    )
    note = forms.CharField(
        label="来源说明", required=False, max_length=200, help_text="文件名称或文号，如“随政办发〔2024〕1号”"
    )
    is_demo_value = forms.BooleanField(label="演示值（非正式数据）", required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = writable_areas(actor)
        self.fields["key"].choices = key_choices()

    def clean_urban(self) -> bool | None:
        value = self.cleaned_data["urban"]
        return None if value == "" else value == "1"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="导入文件（.xlsx 或 .csv）", error_messages={"required": "请选择要导入的文件"}
    )


class HouseholdPickForm(forms.Form):
    q = forms.CharField(
        label="户主/成员姓名、公民身份号码或户编号",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "如：张伟"}),
    )


class AssessForm(forms.Form):
    """The 试算 page's options: the day, a hypothetical 低保标准, and the household's rigid expenses."""

    on = forms.DateField(
        label="试算日期", required=False, widget=DATE, error_messages={"invalid": "日期格式应如2024-01-01"}
    )
    dibao_standard = forms.CharField(
        label="假设低保标准（元/人·月）",
        required=False,
        max_length=20,
        help_text="不填则按现行标准；填写后仅用于本次试算，不会保存",
    )
    medical = forms.CharField(label="近12个月自付医疗支出（元）", required=False, max_length=20)
    education = forms.CharField(label="近12个月教育支出（元）", required=False, max_length=20)

    def clean_on(self) -> date:
        return self.cleaned_data["on"] or timezone.localdate()

    def clean_dibao_standard(self) -> tuple[Override, ...]:
        text = self.cleaned_data["dibao_standard"].strip()
        if not text:
            return ()
        try:
            return (Override("dibao.standard", None, value_normalize("dibao.standard", text)),)
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from None

    def _money(self, name: str) -> Any:
        text = self.cleaned_data[name].strip()
        try:
            return parse_yuan(text or "0", field=name)
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_medical(self) -> Any:
        return self._money("medical")

    def clean_education(self) -> Any:
        return self._money("education")

    def expenses(self) -> ExpenseFacts:
        d = self.cleaned_data
        return ExpenseFacts(medical_12m=d["medical"], education_12m=d["education"])


__all__ = ["AssessForm", "HouseholdPickForm", "ImportForm", "StandardSetForm", "key_choices"]
