"""The forms of a household's incomes and assets, one record at a time (the household page's 登记收入 and
登记财产)."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.forms import FastSelect
from apps.registry.choices import AssetType, IncomeType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IncomeForm(forms.Form):
    person = forms.TypedChoiceField(widget=FastSelect, label="成员", coerce=int)
    income_type = forms.ChoiceField(widget=FastSelect, label="收入类型", choices=IncomeType.choices)
    amount = forms.CharField(
        label="金额(元)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    period_start = forms.DateField(label="起始日期", widget=DATE)
    period_end = forms.DateField(label="截止日期", widget=DATE)
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = members


class AssetForm(forms.Form):
    asset_type = forms.ChoiceField(widget=FastSelect, label="财产类型", choices=AssetType.choices)
    description = forms.CharField(label="说明", required=False, max_length=200)
    owner = forms.TypedChoiceField(
        widget=FastSelect, label="所有人", required=False, coerce=int, empty_value=None
    )
    value = forms.CharField(
        label="价值(元)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    registration_no = forms.CharField(label="登记号/车牌/产权证号", required=False, max_length=60)
    area_sqm = forms.CharField(
        label="面积(平方米)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    acquired_on = forms.DateField(label="取得日期", required=False, widget=DATE)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "家庭共有/未指定"), *members]
