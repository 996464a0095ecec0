"""目标管理 forms. They only carry what a person typed; every rule is checked once, in
:func:`policy.targets.target_clean` and the services, whose reasons land next to the field they name."""

from __future__ import annotations

from django import forms

from policy.targets import MANUAL_ONLY, MEASURES, Direction, Level

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def measure_choices() -> list[tuple[str, str]]:
    return [("", "不绑定（人工填报，附佐证材料）")] + [
        (m.code, f"{m.label}（{m.unit}）") for m in MEASURES.values()
    ]


class TargetForm(forms.Form):
    # Text fields are not required here: target_clean names every missing one with its reason at once.
    level = forms.ChoiceField(label="目标层级", choices=[(lv.value, lv.label) for lv in Level])
    seq = forms.CharField(label="序号", required=False, max_length=3, initial="1")
    name = forms.CharField(
        label="指标名称", required=False, max_length=200, widget=forms.TextInput(attrs={"size": 50})
    )
    measure = forms.ChoiceField(
        label="绑定系统数据",
        required=False,
        choices=measure_choices,
        help_text="不能从数据计算的（" + "、".join(MANUAL_ONLY) + "等）选“不绑定”，人工填报并上传佐证材料。",
    )
    direction = forms.ChoiceField(
        label="比较方式", choices=[(d.value, d.symbol) for d in Direction], initial=Direction.AT_LEAST.value
    )
    target_value = forms.CharField(label="目标值", required=False, max_length=20)
    unit = forms.CharField(
        label="单位", required=False, max_length=20, help_text="绑定数据的可不填，按数据单位"
    )
    note = forms.CharField(
        label="说明（口径、来源文件）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)


class ActualForm(forms.Form):
    value = forms.CharField(label="实际值", max_length=20)
    on = forms.DateField(label="截至日期", widget=DATE)
    note = forms.CharField(
        label="完成情况说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label="佐证材料",
        required=False,
        help_text="PDF、图片、Word或Excel，不超过10MB；不选则保留已上传的材料",
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)
