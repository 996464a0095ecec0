"""网上申请: what a resident submits from the portal, before the township takes it up.

An online application is not yet an :class:`apps.assistance.models.Application`: the resident's own
account is not proof of who they are or where their 户籍 is. A village worker or the township matches it to
the registry (or registers the household from it) and forwards it, which creates the real application with
channel 网上申请; or returns it with a reason. The resident follows both stages on the portal.

Scoping: ``area`` is the village the resident chose; staff selectors filter on it through
apps/core/scoping.py. Residents see only rows whose ``citizen`` is themselves.

An account (``CitizenProfile``) is active only once its holder proved who they are: by a one-time code sent
to the mobile phone the registry holds for them, by a code to their own phone when the registry does not
know them at all, or by staff of their area who checked the ID card (``AccountState``, ``Verification``).
At most one account per ID number is active; the others stay, inactive, for the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.assistance.choices import Program, TemporaryKind
from apps.core.models import UploadedFile

MONEY = {"max_digits": 12, "decimal_places": 2}


class AccountState(models.TextChoices):
    PENDING = "pending", "待核实"
    ACTIVE = "active", "正常"
    REFUSED = "refused", "未通过核实"
    DEACTIVATED = "deactivated", "已停用"


class Verification(models.TextChoices):
    """How the holder of an account proved it is theirs."""

    LEGACY = "", "未核实（本功能上线前注册）"
    REGISTRY_PHONE = "registry_phone", "户籍登记的手机号码验证"
    OWN_PHONE = "own_phone", "本人手机号码验证（户籍登记中无此人）"
    STAFF = "staff", "工作人员核实"


class CitizenProfile(models.Model):
    """The resident behind a portal account. The active account's user name is the ID number; the user
    of any other account (pending, refused, stopped) is inactive and named aside (``<number>.<id>``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="citizen")
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("公民身份号码", max_length=18, db_index=True)
    phone = models.CharField("手机号码", max_length=11)
    registered_at = models.DateTimeField("注册时间", auto_now_add=True)
    state = models.CharField("状态", max_length=12, choices=AccountState.choices, default=AccountState.ACTIVE)
    verified_by = models.CharField(
        "核实方式", max_length=16, choices=Verification.choices, default=Verification.LEGACY, blank=True
    )
    # Whose staff check a pending account: the area of the registered person (current household, else 户籍).
    area = models.ForeignKey(
        "areas.Area",
        verbose_name="核实区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 找回: the account, taken under this ID number with a name the registry does not know, that this one
    # replaces once staff confirm.
    replaces = models.ForeignKey(
        "self", verbose_name="找回的原账号", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核实人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField("核实时间", null=True, blank=True)
    handled_note = models.CharField("核实说明", max_length=300, blank=True)  # how checked, or why refused

    class Meta:
        verbose_name = "网上办事账号"
        verbose_name_plural = "网上办事账号"
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=models.Q(state="active"),
                name="portal_one_active_account_per_id_number",
            )
        ]
        indexes = [models.Index(fields=["area", "state"])]

    def __str__(self) -> str:
        return self.name


class CodeRoute(models.TextChoices):
    """Where a registration attempt's code went, and what a right code leads to (decided when sent)."""

    REGISTRY_PHONE = "registry_phone", "户籍登记的手机号码：账号直接生效"
    STAFF = "staff", "本人填写的手机号码：户籍登记无手机号码，交工作人员核实"
    OWN_PHONE = "own_phone", "本人填写的手机号码：户籍登记中无此人，账号直接生效"
    REFUSE = "refuse", "本人填写的手机号码：姓名与户籍登记不符，不予注册"


class CodeOutcome(models.TextChoices):
    OPEN = "", "待验证"
    USED = "used", "已验证"
    FAILED = "failed", "错误次数过多"
    REFUSED = "refused", "不予注册"


class RegistrationCode(models.Model):
    """One registration attempt: what the visitor typed (the password already hashed), where its one-time
    code went and how the attempt ended. The code itself is kept only as an HMAC; rows stay for the rate
    limit and the audit trail, the password hash is blanked when the attempt ends."""

    id_number = models.CharField("公民身份号码", max_length=18, db_index=True)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("填写的手机号码", max_length=11)
    sent_to = models.CharField("验证码发送号码", max_length=20, db_index=True)
    route = models.CharField("验证后", max_length=16, choices=CodeRoute.choices)
    password = models.CharField("密码(已加密)", max_length=128, blank=True)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField("发送时间", db_index=True)
    expires_at = models.DateTimeField("失效时间")
    tries = models.PositiveSmallIntegerField("已尝试次数", default=0)
    outcome = models.CharField(
        "结果", max_length=10, choices=CodeOutcome.choices, default=CodeOutcome.OPEN, blank=True
    )
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "注册验证码"
        verbose_name_plural = "注册验证码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"


class OnlineState(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    FORWARDED = "forwarded", "已转入办理"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"


class OnlineApplication(models.Model):
    number = models.CharField("网上申请编号", max_length=32, unique=True)
    reference = models.CharField("查询码", max_length=20, unique=True)  # the key in the resident's URLs
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
        return self.number

    @property
    def applicant_name(self) -> str:
        return self.members[0]["name"] if self.members else ""


class OnlineAttachment(UploadedFile):
    """A scan or photo the resident uploaded, for one required document (or 其他材料)."""

    online = models.ForeignKey(OnlineApplication, on_delete=models.PROTECT, related_name="attachments")
    document = models.CharField("材料", max_length=30)  # a policy.workflow Document code, or "other"
    label = models.CharField("材料名称", max_length=100)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    # 删除 by the resident before staff take the application up: the row and the stored file stay (the
    # audit names them); every list and link leaves a removed file out.
    removed_at = models.DateTimeField("删除时间", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="删除人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "网上申请材料"
        verbose_name_plural = "网上申请材料"
        ordering = ["id"]

    @property
    def kind_label(self) -> str:
        """The kind of file as a resident says it: 图片 or PDF文件."""
        return "PDF文件" if self.content_type == "application/pdf" else "图片"
