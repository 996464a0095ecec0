"""Forms of the cross-check pages: a source's settings, an upload and its column mapping, 核实 and 处理."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from apps.assistance.forms import TEXTAREA, MultipleFileField, MultipleFileInput, VersionForm
from apps.core.clock import today
from apps.core.forms import FastSelect
from apps.crosscheck.choices import VerifyResult
from apps.crosscheck.models import Source
from policy.cases import CASE_REASONS, CASE_TRANSITIONS
from policy.crosscheck import REMEDY_CHANGES, SOURCES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_IMPORTED = ("", "（不导入）")


class SourceForm(VersionForm):
    """A county's source: the file header each field is read from, the match threshold, the rule values."""

    threshold = forms.DecimalField(
        label="匹配阈值",
        min_value=0.5,
        max_value=1,
        decimal_places=3,
        help_text="0.5到1之间：越高越严格；身份证号一致为1，缺号或抄错时按姓名拼音、出生日期和地址打分",
    )

    def __init__(self, *args: Any, source: Source, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        definition = source.definition
        for key in definition.fields:
            required = "（必填）" if key in definition.required else ""
            self.fields[f"map_{key}"] = forms.CharField(
                label=f"“{definition.field_label(key)}”{required}所在列的列名",
                required=False,
                max_length=60,
                initial=source.mapping.get(key, ""),
                help_text="留空时按常见列名识别：" + "、".join(definition.field_headers(key)[:4]),
            )
        for param in definition.params:
            self.fields[f"param_{param.key}"] = forms.CharField(
                label=f"{param.label}{'（' + param.unit + '）' if param.unit else ''}",
                initial=source.params.get(param.key, param.default),
                max_length=300,
                help_text=param.basis,
            )
        self.source = source

    def mapping(self) -> dict[str, str]:
        return {k[4:]: v for k, v in self.cleaned_data.items() if k.startswith("map_")}

    def params(self) -> dict[str, str]:
        return {k[6:]: v for k, v in self.cleaned_data.items() if k.startswith("param_")}


class UploadForm(forms.Form):
    """Step 1 of an import: which county and list, when it came, and the file."""

    county = forms.ChoiceField(label="县(市、区)", widget=FastSelect)
    source = forms.ChoiceField(label="数据来源", widget=FastSelect)
    received_on = forms.DateField(label="收到日期", widget=DATE)
    list_date = forms.DateField(label="数据截止日期", widget=DATE, help_text="名单所反映情况的截止日期")
    note = forms.CharField(label="备注", required=False, max_length=200)
    file = forms.FileField(
        label="名单文件（.xlsx，或UTF-8、GBK编码的.csv）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, counties: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"received_on": today(), "list_date": today()})
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = counties
        self.fields["source"].choices = [(c, f"{s.label}（{s.department}）") for c, s in SOURCES.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("received_on", "list_date"):
            if isinstance(data.get(name), date) and data[name] > today():
                self.add_error(name, "日期不能晚于今天")
        return data


class MappingForm(forms.Form):
    """Step 2: which column of this file holds each field (the saved mapping or a guess, to confirm)."""

    token = forms.CharField(widget=forms.HiddenInput)
    county = forms.CharField(widget=forms.HiddenInput)
    source = forms.CharField(widget=forms.HiddenInput)
    received_on = forms.DateField(widget=forms.HiddenInput)
    list_date = forms.DateField(widget=forms.HiddenInput)
    note = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    save_mapping = forms.BooleanField(
        label="保存为该数据来源的列对应关系，下次导入时自动使用", required=False, initial=True
    )

    def __init__(self, *args: Any, code: str, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        definition = SOURCES[code]
        choices = [NOT_IMPORTED, *((h, h) for h in headers if h)]
        for key in definition.fields:
            required = key in definition.required
            self.fields[f"map_{key}"] = forms.ChoiceField(
                label=definition.field_label(key) + ("（必填）" if required else ""),
                choices=choices,
                required=required,
                widget=FastSelect,
            )

    def mapping(self) -> dict[str, str]:
        return {k[4:]: v for k, v in self.cleaned_data.items() if k.startswith("map_") and v}


class VerifyForm(VersionForm):
    result = forms.ChoiceField(label="核实结论", choices=VerifyResult.choices, widget=forms.RadioSelect)
    notes = forms.CharField(
        label="核实情况",
        widget=TEXTAREA,
        max_length=2000,
        help_text="入户、邻里访问、查验死亡证明或登记材料等的结果",
    )
    files = MultipleFileField(
        label="照片或扫描件（JPG、PNG、PDF，可多选）",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )


def remedy_choices() -> list[tuple[str, str]]:
    out = [("", "不变更在保对象（只追回）")]
    for change in REMEDY_CHANGES:
        label = CASE_TRANSITIONS[change].label
        out += [(f"{change}:{code}", f"{label}：{words}") for code, words in CASE_REASONS[change].items()]
    return out


class RemedyForm(VersionForm):
    action = forms.ChoiceField(label="在保对象变更及原因", required=False, widget=FastSelect)
    reason = forms.CharField(label="情况说明", widget=TEXTAREA, max_length=2000, required=False)
    amount = forms.DecimalField(label="调整后月保障金额(元)", required=False, min_value=0, decimal_places=2)
    covered = forms.TypedMultipleChoiceField(
        label="调整后的保障成员", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    recover = forms.BooleanField(
        label="追回事件日期之后多发的保障金（按发放记录计算，从以后的发放中按月扣减）", required=False
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = remedy_choices()
        self.fields["covered"].choices = members
        if not members:
            del self.fields["covered"]

    def change(self) -> tuple[str, str]:
        value = self.cleaned_data.get("action") or ""
        change, _, code = value.partition(":")
        return change, code


class HoldForm(VersionForm):
    note = forms.CharField(label="暂缓原因说明", required=False, max_length=200)
