"""防返贫 monitoring flags and early-warning alerts.

Both belong to the household's village (``area``) for scoping; an alert also names its township, which
makes the 主动发现 visit. One open alert per household and rule (a partial unique constraint); ``subject``
names the event behind an alert so one event is raised once, even after the alert is closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from policy.monitoring import Outcome, Rule


class RuleChoices(models.TextChoices):
    SEVERE_DISABILITY = Rule.SEVERE_DISABILITY.value, Rule.SEVERE_DISABILITY.label
    MEDICAL = Rule.MEDICAL.value, Rule.MEDICAL.label
    EARNER_DEATH = Rule.EARNER_DEATH.value, Rule.EARNER_DEATH.label
    INCOME_DROP = Rule.INCOME_DROP.value, Rule.INCOME_DROP.label
    DISASTER = Rule.DISASTER.value, Rule.DISASTER.label


class OutcomeChoices(models.TextChoices):
    ASSISTED = Outcome.ASSISTED.value, Outcome.ASSISTED.label
    NOT_NEEDED = Outcome.NOT_NEEDED.value, Outcome.NOT_NEEDED.label


class MonitoringFlag(models.Model):
    """防返贫监测对象: a household staff put under monitoring, until they clear it."""

    household = models.ForeignKey(
        "registry.Household", verbose_name="家庭", on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name="所在村(社区)", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("纳入监测原因", max_length=200)
    flagged_on = models.DateField("纳入日期")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="纳入人", on_delete=models.PROTECT, related_name="+"
    )
    cleared_on = models.DateField("解除日期", null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clear_reason = models.CharField("解除原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "防返贫监测对象"
        verbose_name_plural = "防返贫监测对象"
        ordering = ["-flagged_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(cleared_on__isnull=True), name="one_open_flag_per_household"
            )
        ]

    def __str__(self) -> str:
        return f"防返贫监测：{self.household_id}"


class Alert(models.Model):
    """预警: one rule's finding about one household, to be visited (主动发现) by its township."""

    number = models.CharField("预警编号", max_length=32, unique=True)
    household = models.ForeignKey(
        "registry.Household", verbose_name="家庭", on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name="所在村(社区)", on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "areas.Area", verbose_name="乡镇(街道)", on_delete=models.PROTECT, related_name="+"
    )
    rule = models.CharField("预警规则", max_length=20, choices=RuleChoices.choices)
    subject = models.CharField("预警事项", max_length=60)
    summary = models.CharField("预警说明", max_length=300)
    evidence = models.JSONField("依据", default=dict)
    raised_on = models.DateField("预警日期")
    due_on = models.DateField("核实期限")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)
    visited_on = models.DateField("入户核实日期", null=True, blank=True)
    visit_notes = models.TextField("核实情况", blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField("处置结果", max_length=12, choices=OutcomeChoices.choices, blank=True)
    outcome_reason = models.TextField("处置说明", blank=True)
    application = models.ForeignKey(
        "assistance.Application",
        verbose_name="救助申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "预警信息"
        verbose_name_plural = "预警信息"
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "rule"],
                condition=Q(closed_on__isnull=True),
                name="one_open_alert_per_household_rule",
            )
        ]
        indexes = [
            models.Index(fields=["township", "closed_on"]),
            models.Index(fields=["area", "closed_on"]),
            models.Index(fields=["household", "rule", "subject"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
