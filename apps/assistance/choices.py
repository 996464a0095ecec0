"""The choices of the assistance models. The states and steps themselves are policy.workflow's tables;
these are their Django spellings, so forms and admin lists show the Chinese labels."""

from __future__ import annotations

from django.db import models

from policy.cases import CASE_TRANSITIONS, CaseStatus
from policy.workflow import APPLICATION_TRANSITIONS, AppState, Channel


class Program(models.TextChoices):
    """Programme codes, as the modules under policy/programs name them."""

    DIBAO = "dibao", "最低生活保障"
    NEAR_DIBAO = "near_dibao", "低保边缘家庭"
    RIGID = "rigid_expense", "刚性支出困难家庭"
    TEKUN = "tekun", "特困人员救助供养"
    TEMPORARY = "temporary", "临时救助"
    ORPHAN = "orphan", "孤儿基本生活费"
    DE_FACTO_CHILD = "de_facto_child", "事实无人抚养儿童基本生活补贴"
    CHILD_IN_DIFFICULTY = "child_in_difficulty", "困境儿童基本生活补贴"
    DISABILITY = "disability", "残疾人两项补贴"
    LONGEVITY = "longevity", "高龄津贴"
    ELDERCARE = "eldercare", "基本养老服务补贴"


# A 临时救助 grant is paid once; every other programme becomes a monthly case when approved.
ONE_TIME_PROGRAMS = frozenset({Program.TEMPORARY.value})

StateChoices = models.TextChoices("StateChoices", [(s.name, (s.value, s.label)) for s in AppState])  # type: ignore[misc]
ChannelChoices = models.TextChoices("ChannelChoices", [(c.name, (c.value, c.label)) for c in Channel])  # type: ignore[misc]
CaseStatusChoices = models.TextChoices(  # type: ignore[misc]
    "CaseStatusChoices", [(s.name, (s.value, s.label)) for s in CaseStatus]
)
StepChoices = models.TextChoices(  # type: ignore[misc]
    "StepChoices",
    [("CREATE", ("create", "提交申请"))]
    + [(n.upper(), (n, t.label)) for n, t in APPLICATION_TRANSITIONS.items()],
)
ChangeChoices = models.TextChoices(  # type: ignore[misc]
    "ChangeChoices",
    [("ENROL", ("enrol", "纳入"))] + [(n.upper(), (n, t.label)) for n, t in CASE_TRANSITIONS.items()],
)


class TemporaryKind(models.TextChoices):
    EMERGENCY = "emergency", "急难型"
    EXPENDITURE = "expenditure", "支出型"


class NoticeKind(models.TextChoices):
    ACCEPTANCE = "acceptance", "受理通知书"
    DOCUMENTS = "documents", "一次性告知书（补正材料通知书）"
    APPROVAL = "approval", "审核确认通知书"
    REFUSAL = "refusal", "不予确认通知书"
