"""Applications for assistance with their steps, and the cases (在保对象) that approval creates.

Scoping: every row carries ``area``, the household's village when the application was made; selectors
filter on it through apps/core/scoping.py. ``version`` is bumped by every transition, so a step taken on a
stale page is refused instead of overwriting someone else's (compare-and-set under a row lock).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.assistance.choices import (
    CaseStatusChoices,
    ChangeChoices,
    ChannelChoices,
    NoticeKind,
    Program,
    StateChoices,
    StepChoices,
    TemporaryKind,
)
from policy.cases import CaseStatus
from policy.workflow import AppState

FINAL_STATES = [s.value for s in AppState if s.final]
MONEY = {"max_digits": 12, "decimal_places": 2}


class Application(models.Model):
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
        return f"{self.get_program_display()}申请{self.pk}"

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


class Attachment(models.Model):
    """A photo or document from the 入户调查, stored under VAR_DIR; served only through a scoped view."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=200, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "调查附件"
        verbose_name_plural = "调查附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


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


class Case(models.Model):
    """在保对象: a household (or some of its members) receiving a programme's monthly payment."""

    program = models.CharField("救助项目", max_length=32, choices=Program.choices)
    household = models.ForeignKey(
        "registry.Household", verbose_name="家庭", on_delete=models.PROTECT, related_name="+"
    )
    application = models.OneToOneField(
        Application,
        verbose_name="来源申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name="所在村(社区)", on_delete=models.PROTECT, related_name="+"
    )
    is_urban = models.BooleanField("城市")
    status = models.CharField(
        "状态", max_length=12, choices=CaseStatusChoices.choices, default=CaseStatus.ACTIVE.value
    )
    version = models.PositiveIntegerField("版本", default=1)
    monthly_amount = models.DecimalField("月保障金额(元)", **MONEY)
    start_month = models.DateField("起始月")
    end_month = models.DateField("终止月", null=True, blank=True)
    covered = models.ManyToManyField("registry.Person", verbose_name="保障成员", related_name="+")
    phase_out = models.JSONField("渐退安排", default=list, blank=True)  # [["2025-07-01", "850.00"], …]
    review_irregular = models.BooleanField("收入不固定、有劳动能力（半年核查）", default=False)
    last_review_on = models.DateField("上次核查", null=True, blank=True)
    next_review_on = models.DateField("下次核查", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "在保对象"
        verbose_name_plural = "在保对象"
        indexes = [
            models.Index(fields=["area", "status"]),
            models.Index(fields=["status", "next_review_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "program"],
                condition=~Q(status=CaseStatus.EXITED.value),
                name="one_open_case_per_household_and_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_program_display()}在保{self.pk}"

    @property
    def status_label(self) -> str:
        return CaseStatus(self.status).label


class CaseEvent(models.Model):
    """One change of a case, with its reason: the case's history."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    change = models.CharField("变更类型", max_length=12, choices=ChangeChoices.choices)
    from_status = models.CharField("原状态", max_length=12, choices=CaseStatusChoices.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=CaseStatusChoices.choices)
    reason_code = models.CharField("原因", max_length=20, blank=True)
    reason_label = models.CharField("原因", max_length=60, blank=True)
    reason = models.TextField("情况说明", blank=True)
    amount_before = models.DecimalField("原金额", null=True, blank=True, **MONEY)
    amount_after = models.DecimalField("新金额", null=True, blank=True, **MONEY)
    effective_month = models.DateField("生效月份", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("经办人", max_length=150)
    on = models.DateField("办理日期")
    at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "在保对象变更"
        verbose_name_plural = "在保对象变更"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_change_display()} {self.on:%Y-%m-%d}"


# 调标: the frozen means-test basis of 低保 cases and the standard-change runs (a module of its own).
from apps.assistance.models_basis import *  # noqa: E402,F403
