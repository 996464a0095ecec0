"""网上申请: what a resident submits from the portal, before the township takes it up.

An online application is not yet an :class:`apps.assistance.models.Application`: the resident's own
account is not proof of who they are or where their 户籍 is. A village worker or the township matches it to
the registry (or registers the household from it) and forwards it, which creates the real application with
channel 网上申请; or returns it with a reason. The resident follows both stages on the portal.

Scoping: ``area`` is the village the resident chose; staff selectors filter on it through
apps/core/scoping.py. Residents see only rows whose ``citizen`` is themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.assistance.choices import Program, TemporaryKind
from apps.core.models import UploadedFile

MONEY = {"max_digits": 12, "decimal_places": 2}


class CitizenProfile(models.Model):
    """The resident behind a portal account (username = ID number)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="citizen")
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("公民身份号码", max_length=18, unique=True)
    phone = models.CharField("手机号码", max_length=11)
    registered_at = models.DateTimeField("注册时间", auto_now_add=True)

    class Meta:
        verbose_name = "网上办事账号"
        verbose_name_plural = "网上办事账号"

    def __str__(self) -> str:
        return self.name


class OnlineState(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    FORWARDED = "forwarded", "已转入办理"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"


class OnlineApplication(models.Model):
    reference = models.CharField("网上申请编号", max_length=20, unique=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请账号", on_delete=models.PROTECT, related_name="+"
    )
    program = models.CharField("救助项目", max_length=32, choices=Program.choices)
    area = models.ForeignKey(
        "areas.Area", verbose_name="户籍所在村(社区)", on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField("家庭住址", max_length=200)
    phone = models.CharField("联系电话", max_length=11)
    reason = models.TextField("申请理由")
    temporary_kind = models.CharField(
        "临时救助类型", max_length=12, choices=TemporaryKind.choices, blank=True
    )
    requested_amount = models.DecimalField("申请救助金额(元)", null=True, blank=True, **MONEY)
    # [{"name", "id_number", "relation"}], the applicant first: as the resident typed them
    members = models.JSONField("共同生活家庭成员", default=list)
    state = models.CharField(
        "状态", max_length=12, choices=OnlineState.choices, default=OnlineState.SUBMITTED
    )
    version = models.PositiveIntegerField("版本", default=1)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    submitted_on = models.DateField("提交日期")
    application = models.OneToOneField(
        "assistance.Application",
        verbose_name="转入的正式申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_on = models.DateField("处理日期", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)

    class Meta:
        verbose_name = "网上申请"
        verbose_name_plural = "网上申请"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["area", "state"]), models.Index(fields=["citizen", "submitted_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def applicant_name(self) -> str:
        return self.members[0]["name"] if self.members else ""


class OnlineAttachment(UploadedFile):
    """A scan or photo the resident uploaded, for one required document (or 其他材料)."""

    online = models.ForeignKey(OnlineApplication, on_delete=models.PROTECT, related_name="attachments")
    document = models.CharField("材料", max_length=30)  # a policy.workflow Document code, or "other"
    label = models.CharField("材料名称", max_length=100)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "网上申请材料"
        verbose_name_plural = "网上申请材料"
        ordering = ["id"]
