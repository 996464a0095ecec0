"""The forms of the facility pages: the filter, registering or editing a facility, a state change and a
capacity change."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.areas.forms import area_filter_choices, village_choices
from apps.core import clock
from apps.core.forms import FastSelect
from apps.facilities.choices import (
    CapacityKind,
    CoordinateSource,
    FacilityKind,
    FacilityStatus,
    OperatingMode,
)
from apps.facilities.selectors import FacilityFilter
from apps.facilities.services.facilities import CapacityInput, FacilityInput, NewFacility
from apps.organisations.selectors import organisation_choices_for

PLEASE = [("", "请选择")]


class FacilityFilterForm(forms.Form):
    q = forms.CharField(label="名称或机构编号", required=False)
    kind = forms.ChoiceField(label="机构类型", required=False, choices=[("", "全部"), *FacilityKind.choices])
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *FacilityStatus.choices])
    area = forms.ChoiceField(label="区划", required=False, widget=FastSelect)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_filter_choices(actor)

    def to_filter(self) -> FacilityFilter:
        if not self.is_valid():
            return FacilityFilter()
        d = self.cleaned_data
        return FacilityFilter(q=d["q"], kind=d["kind"], state=d["state"], area_code=d["area"])


def _flat(choices: list[Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, label in choices:
        if isinstance(label, list | tuple):
            out.extend((k, f"{key} {lab}") for k, lab in label)
        else:
            out.append((key, label))
    return out


class FacilityForm(forms.Form):
    name = forms.CharField(label="机构名称", max_length=200)
    kind = forms.ChoiceField(label="机构类型", choices=PLEASE + FacilityKind.choices)
    area = forms.ChoiceField(label="所在乡镇(街道)或村(社区)", widget=FastSelect)
    address = forms.CharField(label="地址", required=False, max_length=200)
    operating_mode = forms.ChoiceField(label="运营方式", choices=PLEASE + OperatingMode.choices)
    operator = forms.ChoiceField(
        label="运营主体",
        required=False,
        widget=FastSelect,
        help_text="公建民营、民办的须选择；组织须先在“组织”中登记",
    )
    longitude = forms.DecimalField(
        label="经度(WGS-84)", required=False, max_digits=9, decimal_places=6, help_text="如 113.363000"
    )
    latitude = forms.DecimalField(
        label="纬度(WGS-84)", required=False, max_digits=8, decimal_places=6, help_text="如 31.690000"
    )
    coordinate_source = forms.ChoiceField(
        label="坐标来源", required=False, choices=PLEASE + CoordinateSource.choices
    )
    served_villages = forms.MultipleChoiceField(
        label="服务村(社区)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="用于计算村(社区)覆盖率",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = PLEASE + area_filter_choices(actor)[1:]
        self.fields["operator"].choices = [("", "无（公办公营）"), *organisation_choices_for(actor=actor)]
        self.fields["served_villages"].choices = _flat(village_choices(actor))

    @classmethod
    def initial_of(cls, facility: Any, villages: list[str]) -> dict[str, Any]:
        return {
            "name": facility.name,
            "kind": facility.kind,
            "area": facility.area_id,
            "address": facility.address,
            "operating_mode": facility.operating_mode,
            "operator": str(facility.operator_id or ""),
            "longitude": facility.longitude,
            "latitude": facility.latitude,
            "coordinate_source": facility.coordinate_source,
            "served_villages": villages,
            "version": facility.version,
        }

    def to_input(self) -> FacilityInput:
        d = self.cleaned_data
        return FacilityInput(
            name=d["name"],
            kind=d["kind"],
            area_code=d["area"],
            operating_mode=d["operating_mode"],
            address=d["address"],
            longitude=d["longitude"],
            latitude=d["latitude"],
            coordinate_source=d["coordinate_source"],
            operator_id=int(d["operator"]) if d["operator"] else None,
            served_village_codes=tuple(d["served_villages"]),
        )


class FacilityCreateForm(FacilityForm):
    """Registering: the facts, the first state and the capacity of each kind, in one save."""

    state = forms.ChoiceField(
        label="状态",
        choices=[(FacilityStatus.OPERATING, "运营"), (FacilityStatus.PLANNED, "筹建")],
        initial=FacilityStatus.OPERATING,
    )
    state_since = forms.DateField(
        label="状态起始日期", widget=forms.DateInput(attrs={"type": "date"}), help_text="容量也自该日起算"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state_since"].initial = clock.today()
        for value, label in CapacityKind.choices:
            self.fields[f"capacity_{value}"] = forms.IntegerField(
                label=f"{label}(张/个)", required=False, min_value=0
            )

    def to_new(self) -> NewFacility:
        d = self.cleaned_data
        since = d["state_since"]
        capacities = tuple(
            CapacityInput(kind=value, count=d[f"capacity_{value}"], effective_from=since)
            for value in CapacityKind.values
            if d.get(f"capacity_{value}") is not None
        )
        return NewFacility(
            facility=self.to_input(), state=d["state"], state_since=since, capacities=capacities
        )


class FacilityStateForm(forms.Form):
    state = forms.ChoiceField(label="新的状态")
    effective_on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="原因或依据", required=False, max_length=300, help_text="停业、撤销须填写")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, allowed: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = PLEASE + allowed
        self.fields["effective_on"].initial = clock.today()


class CapacityForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=PLEASE + CapacityKind.choices)
    count = forms.IntegerField(label="数量", min_value=0)
    effective_from = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", required=False, max_length=200, help_text="如：新增护理型床位20张")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].initial = clock.today()

    def to_input(self) -> CapacityInput:
        d = self.cleaned_data
        return CapacityInput(
            kind=d["kind"], count=d["count"], effective_from=d["effective_from"], note=d["note"]
        )


class PhotoForm(forms.Form):
    photo = forms.FileField(label="照片(JPG或PNG)")
