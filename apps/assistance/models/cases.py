"""The cases (在保对象) that approval creates, and their history of changes.

Like an application, a case carries ``area`` for scoping and a ``version`` that every change bumps.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.assistance.choices import CaseStatusChoices, ChangeChoices, Program
from apps.assistance.models.applications import MONEY, Application
from policy.cases import CaseStatus


class Case(models.Model):
    """在保对象: a household (or some of its members) receiving a programme's monthly payment."""

    number = models.CharField("保障编号", max_length=32, unique=True)
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
        return self.number

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
