"""Forms of the assistance pages. They only parse what a person typed; the services check every rule.

Each step form carries the application's ``version`` as it was when the page was drawn, so a step taken on
a stale page is refused ("已被他人处理") instead of overwriting someone else's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from apps.assistance.choices import Program, TemporaryKind
from apps.core.clock import today
from apps.core.forms import FastSelect
from policy.cases import CASE_REASONS
from policy.workflow import Channel, Document, required_documents

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
# At the counter (窗口) an application comes in person or through the village; 网上申请 comes only through
# the portal's 转入办理 (apps/portal), never typed in here.
CHANNELS = [(c.value, c.label) for c in Channel if c is not Channel.ONLINE]


def _doc_choices(docs: tuple[Document, ...]) -> list[tuple[str, str]]:
    return [(d.code, d.label) for d in docs]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")


class ApplicationForm(forms.Form):
    program = forms.ChoiceField(label="救助项目", choices=Program.choices, widget=forms.HiddenInput)
    applicant = forms.TypedChoiceField(label="申请人", coerce=int, widget=FastSelect)
    channel = forms.ChoiceField(
        label="申请方式", choices=CHANNELS, initial=Channel.PROXY.value, widget=FastSelect
    )
    reason = forms.CharField(label="申请理由", widget=TEXTAREA, max_length=2000)
    documents = forms.MultipleChoiceField(
        label="已收材料",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="勾选随申请一并交来的材料",
    )
    temporary_kind = forms.ChoiceField(
        label="临时救助类型",
        required=False,
        choices=[("", "请选择"), *TemporaryKind.choices],
        widget=FastSelect,
    )
    requested_amount = forms.DecimalField(
        label="申请救助金额(元)", required=False, min_value=0, decimal_places=2
    )

    def __init__(self, *args: Any, program: str, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].initial = program
        self.fields["applicant"].choices = members
        self.fields["documents"].choices = _doc_choices(required_documents(program, channel=Channel.PROXY))
        if program != Program.TEMPORARY:
            del self.fields["temporary_kind"]
            del self.fields["requested_amount"]


class IntakeForm(VersionForm):
    documents = forms.MultipleChoiceField(
        label="已收材料（逐项核对后勾选）", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, program: str, channel: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = _doc_choices(required_documents(program, channel=channel))


class ResubmitForm(IntakeForm):
    note = forms.CharField(label="说明", required=False, max_length=500)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once; their type and size are checked by the service, which names each bad one."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


class SurveyForm(VersionForm):
    findings = forms.CharField(
        label="入户调查情况", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    investigator_1 = forms.CharField(label="调查人员1", max_length=30)
    investigator_2 = forms.CharField(label="调查人员2", max_length=30)
    investigator_3 = forms.CharField(label="调查人员3（可选）", required=False, max_length=30)
    files = MultipleFileField(
        label="照片或扫描件（JPG、PNG、PDF，可多选）",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def investigators(self) -> list[str]:
        return [self.cleaned_data.get(f"investigator_{i}", "") for i in (1, 2, 3)]


class PubliciseForm(VersionForm):
    start = forms.DateField(label="公示开始日期（张贴之日）", widget=DATE)

    def __init__(self, *args: Any, days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = today()
        self.fields["start"].help_text = f"公示期{days}天，含开始当日"


class ObjectionForm(VersionForm):
    content = forms.CharField(label="异议内容", widget=TEXTAREA, max_length=2000)
    raised_by = forms.CharField(label="异议人（可匿名）", required=False, max_length=100)


class RecheckForm(VersionForm):
    resolution = forms.CharField(label="复查意见", widget=TEXTAREA, max_length=2000)


DECISIONS = [("approve", "确认同意"), ("refuse", "不予确认")]


class DecideForm(VersionForm):
    decision = forms.ChoiceField(label="审核确认意见", choices=DECISIONS, widget=forms.RadioSelect)
    amount = forms.DecimalField(label="确认金额(元)", required=False, min_value=0, decimal_places=2)
    note = forms.CharField(
        label="说明（金额与核对结果不一致时必填）", required=False, widget=TEXTAREA, max_length=2000
    )
    reasons = forms.CharField(
        label="不予确认的理由（将写入通知书）", required=False, widget=TEXTAREA, max_length=2000
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "approve" and data.get("amount") is None:
            self.add_error("amount", "请填写确认金额")
        return data


class PrepayForm(VersionForm):
    amount = forms.DecimalField(label="先行救助金额(元)", min_value=0, decimal_places=2)
    note = forms.CharField(label="说明", required=False, max_length=500)


class WithdrawForm(VersionForm):
    reason = forms.CharField(label="撤回原因", widget=TEXTAREA, max_length=500)


class CaseChangeForm(VersionForm):
    reason_code = forms.ChoiceField(label="原因", widget=FastSelect)
    reason = forms.CharField(label="情况说明", widget=TEXTAREA, max_length=2000)
    amount = forms.DecimalField(label="调整后月保障金额(元)", required=False, min_value=0, decimal_places=2)
    covered = forms.TypedMultipleChoiceField(
        label="保障成员",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="新生儿纳入、死亡或迁出的成员移出时勾选调整；金额请按调整后的保障人数重新核定",
    )
    effective_month = forms.DateField(
        label="生效月份",
        required=False,
        widget=MONTH,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        help_text="默认为下月",
    )

    def __init__(
        self, *args: Any, change: str, members: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason_code"].choices = [("", "请选择"), *CASE_REASONS[change].items()]
        if change != "adjust":
            del self.fields["amount"]
            del self.fields["covered"]
        else:
            self.fields["covered"].choices = members or []
        if change == "review":
            del self.fields["effective_month"]
            self.fields["reason_code"].label = "核查结论"
            self.fields["reason"].label = "核查情况"

    def month(self) -> date | None:
        value = self.cleaned_data.get("effective_month")
        return value.replace(day=1) if value else None


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label="申请人姓名或受理编号", required=False, max_length=50)
    state = forms.ChoiceField(label="状态", required=False, widget=FastSelect)
    program = forms.ChoiceField(
        label="救助项目", required=False, widget=FastSelect, choices=[("", "全部"), *Program.choices]
    )
    area = forms.ChoiceField(label="区域", required=False, widget=FastSelect)
