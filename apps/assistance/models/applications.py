"""Applications for assistance with their steps: events, 公示 objections, 入户调查 attachments, notices.

Scoping: every row carries ``area``, the household's village when the application was made; selectors
filter on it through apps/core/scoping.py. ``version`` is bumped by every transition, so a step taken on a
stale page is refused instead of overwriting someone else's (compare-and-set under a row lock).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.assistance.choices import (
    ChannelChoices,
    NoticeKind,
    Program,
    StateChoices,
    StepChoices,
    TemporaryKind,
)
from apps.core.models import UploadedFile
from policy.workflow import AppState

FINAL_STATES = [s.value for s in AppState if s.final]
MONEY = {"max_digits": 12, "decimal_places": 2}


class Application(models.Model):
    number = models.CharField("受理编号", max_length=32, unique=True)
    program = models.CharField("救助项目", max_length=32, choices=Program.choices)
    household = models.ForeignKey(
        "registry.Household", verbose_name="家庭", on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        "registry.Person", verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name="所在村(社区)", on_delete=models.PROTECT, related_name="+"
    )
    is_urban = models.BooleanField("城市")
    channel = models.CharField("申请方式", max_length=10, choices=ChannelChoices.choices)
    reason = models.TextField("申请理由", blank=True)
    state = models.CharField(
        "状态", max_length=16, choices=StateChoices.choices, default=AppState.SUBMITTED.value
    )
    version = models.PositiveIntegerField("版本", default=1)
    state_since = models.DateField("进入当前状态日期")
    due_on = models.DateField("本环节办结期限", null=True, blank=True)
    submitted_on = models.DateField("申请日期")
    # 临时救助
    temporary_kind = models.CharField(
        "临时救助类型", max_length=12, choices=TemporaryKind.choices, blank=True
    )
    requested_amount = models.DecimalField("申请救助金额(元)", null=True, blank=True, **MONEY)
    prepaid_amount = models.DecimalField("先行救助金额(元)", null=True, blank=True, **MONEY)
    prepaid_on = models.DateField("先行救助日期", null=True, blank=True)
    # 受理
    documents_received = models.JSONField("已收材料", default=list, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    # 家庭经济状况核对: the assessment and its trace, kept with the decision
    assessment = models.JSONField("核对结果", null=True, blank=True)
    assessed_on = models.DateField("核对日期", null=True, blank=True)
    eligible = models.BooleanField("核对结论：符合条件", null=True, blank=True)
    proposed_amount = models.DecimalField("核算金额(元/月)", null=True, blank=True, **MONEY)
    covered_ids = models.JSONField("拟保障成员(人员编号)", default=list, blank=True)
    # 入户调查
    survey_findings = models.TextField("入户调查情况", blank=True)
    investigators = models.JSONField("调查人员", default=list, blank=True)
    surveyed_on = models.DateField("调查日期", null=True, blank=True)
    # 公示
    publicity_start = models.DateField("公示开始", null=True, blank=True)
    publicity_end = models.DateField("公示结束", null=True, blank=True)
    # 审核确认: who decides is worked out when the 公示 starts (and re-checked at the decision), so the
    # inboxes can route it with a plain query
    authority = models.CharField("审核确认机关", max_length=10, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_amount = models.DecimalField("确认金额(元)", null=True, blank=True, **MONEY)
    start_month = models.DateField("发放起始月", null=True, blank=True)
    refusal_reasons = models.TextField("不予确认理由", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "救助申请"
        verbose_name_plural = "救助申请"
        indexes = [
            models.Index(fields=["area", "state"]),
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["household", "program"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "program"],
                condition=~Q(state__in=FINAL_STATES),
                name="one_open_application_per_household_and_program",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def state_label(self) -> str:
        return AppState(self.state).label

    @property
    def is_final(self) -> bool:
        return AppState(self.state).final


class ApplicationEvent(models.Model):
    """One step taken on an application: the timeline shown on its page."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    step = models.CharField("环节", max_length=20, choices=StepChoices.choices)
    from_state = models.CharField("原状态", max_length=16, choices=StateChoices.choices, blank=True)
    to_state = models.CharField("新状态", max_length=16, choices=StateChoices.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("经办人", max_length=150)
    on = models.DateField("办理日期")
    at = models.DateTimeField("记录时间", auto_now_add=True)
    note = models.TextField("说明", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.on:%Y-%m-%d}"


class Objection(models.Model):
    """An objection raised during 公示; it sends the application back to re-check."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="objections")
    content = models.TextField("异议内容")
    raised_by = models.CharField("异议人", max_length=100, blank=True, help_text="可匿名")
    received_on = models.DateField("收到日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolution = models.TextField("复查结论", blank=True)
    resolved_on = models.DateField("复查日期", null=True, blank=True)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"公示异议 {self.received_on:%Y-%m-%d}"


class Attachment(UploadedFile):
    """A photo or document from the 入户调查, stored under VAR_DIR; served only through a scoped view."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "调查附件"
        verbose_name_plural = "调查附件"
        ordering = ["id"]


class Notice(models.Model):
    """A written notice to the applicant. The facts are stored; the DOCX is drawn from them on demand."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField("文书类型", max_length=12, choices=NoticeKind.choices)
    number = models.CharField("文书编号", max_length=40, unique=True)
    issued_on = models.DateField("出具日期")
    payload = models.JSONField(default=dict)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "告知文书"
        verbose_name_plural = "告知文书"
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return self.number
