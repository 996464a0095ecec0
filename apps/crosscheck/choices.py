"""The choices of the cross-check models: Django spellings of policy.crosscheck's enums, so forms and
pages show the Chinese labels."""

from __future__ import annotations

from django.db import models

from policy.crosscheck import RULES, LeadState, Severity, SourceKind

KindChoices = models.TextChoices(  # type: ignore[misc]
    "KindChoices", [(k.name, (k.value, k.label)) for k in SourceKind]
)
StateChoices = models.TextChoices(  # type: ignore[misc]
    "StateChoices", [(s.name, (s.value, s.label)) for s in LeadState]
)
SeverityChoices = models.TextChoices(  # type: ignore[misc]
    "SeverityChoices", [(s.name, (s.value, s.label)) for s in Severity]
)
RuleChoices = models.TextChoices(  # type: ignore[misc]
    "RuleChoices", [(r.code.upper(), (r.code, r.label)) for r in RULES.values()]
)


class RunTrigger(models.TextChoices):
    MANUAL = "manual", "人工比对"
    PAYROLL = "payroll", "发放前死亡比对"


class VerifyResult(models.TextChoices):
    CONFIRMED = "confirmed", "属实"
    UNFOUNDED = "unfounded", "不属实"
