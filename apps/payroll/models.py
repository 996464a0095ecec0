"""The monthly payroll (资金发放): frozen payrolls, their lines and member snapshots, each case's payment
state, 追回 balances, payment holds, bank templates and files, and the bank's returns.

A payroll is frozen: its lines copy everything a payment depends on (payee, account, amount in force,
covered members) at preparation, so a later registry edit changes nothing in it. A case is paid for a
month at most once: (case, month) is unique across all payrolls, enforced by the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.assistance.choices import Program

MONEY = {"max_digits": 14, "decimal_places": 2}


class PayrollState(models.TextChoices):
    PREPARED = "prepared", "已生成待审批"
    APPROVED = "approved", "已审批"
    EXPORTED = "exported", "已生成银行文件"
    RECONCILED = "reconciled", "已对账"


class Payroll(models.Model):
    """One county, one month, one programme ("" = every programme)."""

    number = models.CharField("发放批次号", max_length=32, unique=True)
    county = models.ForeignKey(
        "areas.Area", verbose_name="县(市、区)", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("发放月份")  # the first day of the month
    program = models.CharField("救助项目", max_length=32, choices=Program.choices, blank=True)
    state = models.CharField(
        "状态", max_length=12, choices=PayrollState.choices, default=PayrollState.PREPARED
    )
    version = models.PositiveIntegerField("版本", default=1)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制表人", on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField("生成时间")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    # Totals, written with the lines in the same transaction
    line_count = models.PositiveIntegerField("发放笔数", default=0)
    person_count = models.PositiveIntegerField("保障人数", default=0)
    total = models.DecimalField("应发合计(元)", default=0, **MONEY)
    regular_total = models.DecimalField("当月金额合计(元)", default=0, **MONEY)
    arrears_total = models.DecimalField("补发合计(元)", default=0, **MONEY)
    recovery_total = models.DecimalField("追回扣减合计(元)", default=0, **MONEY)
    held_count = models.PositiveIntegerField("暂缓发放笔数", default=0)
    held_total = models.DecimalField("暂缓发放金额(元)", default=0, **MONEY)
    rules = models.JSONField("发放规则快照", default=dict)

    class Meta:
        verbose_name = "发放表"
        verbose_name_plural = "发放表"
        ordering = ["-month", "county_id", "program"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "month", "program"], name="one_payroll_per_county_month_program"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def title(self) -> str:
        """``2026年12月最低生活保障发放表``: what the payroll is, beside its number."""
        what = self.get_program_display() if self.program else "全部项目"
        return f"{self.month:%Y年%m月}{what}发放表"

    @property
    def locked(self) -> bool:
        return self.state != PayrollState.PREPARED


class LineStatus(models.TextChoices):
    PENDING = "pending", "待发放"
    HELD = "held", "暂缓发放"
    PAID = "paid", "已到账"
    FAILED = "failed", "发放失败"


class PayrollLine(models.Model):
    """One case's payment for the month, frozen with its inputs and its reasons."""

    # No index of their own: the (case, month) unique index starts with the case, and both composite
    # indexes below start with the payroll; two more b-trees cost a million-line payroll 0.6 s.
    payroll = models.ForeignKey(Payroll, on_delete=models.CASCADE, related_name="lines", db_index=False)
    month = models.DateField("发放月份")
    case = models.ForeignKey("assistance.Case", on_delete=models.PROTECT, related_name="+", db_index=False)
    case_version = models.PositiveIntegerField("在保对象版本")
    program = models.CharField("救助项目", max_length=32, choices=Program.choices)
    household_id = models.BigIntegerField("家庭编号")
    township_id = models.CharField("乡镇(街道)", max_length=12)
    village_id = models.CharField("村(社区)", max_length=12)
    is_urban = models.BooleanField("城市")
    payee_name = models.CharField("收款人", max_length=50)
    payee_id_number = models.CharField("收款人身份证号", max_length=18)
    account_type = models.CharField("账户类型", max_length=12, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    account_number = models.CharField("账号", max_length=32, blank=True)
    covered_count = models.PositiveSmallIntegerField("保障人数")
    # 保障成员快照: [[person id, name, ID number], …] as they were when the payroll was prepared. Kept on
    # the line (not a row per member): a million lines would otherwise write 2.3 million more rows.
    members = models.JSONField("保障成员", default=list)
    monthly_amount = models.DecimalField("月保障金额(元)", **MONEY)
    regular = models.DecimalField("当月金额(元)", **MONEY)
    arrears = models.DecimalField("补发(元)", default=0, **MONEY)
    recovery = models.DecimalField("追回扣减(元)", default=0, **MONEY)
    amount = models.DecimalField("实发金额(元)", **MONEY)
    reasons = models.CharField("原因", max_length=200)  # codes, comma-separated; "regular" for a plain month
    trace = models.JSONField("计算说明", null=True, blank=True)  # the policy trace; null for a plain month
    status = models.CharField(
        "发放状态", max_length=8, choices=LineStatus.choices, default=LineStatus.PENDING
    )
    hold_reason = models.CharField("暂缓原因", max_length=200, blank=True)
    bank_result = models.CharField("银行回盘说明", max_length=200, blank=True)
    # 失败重发: each sending is one attempt (the bank file's 明细编号 names it, so an old return file cannot
    # answer for a re-issued payment); the account the last failed attempt went to is kept here.
    attempt = models.PositiveSmallIntegerField("发放次数", default=1)
    failed_account = models.CharField("发放失败的账号", max_length=32, blank=True)
    paid_through_after = models.DateField("发放后已发放至", null=True, blank=True)

    class Meta:
        verbose_name = "发放明细"
        verbose_name_plural = "发放明细"
        constraints = [models.UniqueConstraint(fields=["case", "month"], name="a_case_is_paid_once_a_month")]
        indexes = [
            models.Index(fields=["payroll", "township_id"]),
            models.Index(fields=["payroll", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.payee_name} {self.amount}"


class CasePayState(models.Model):
    """How far a case has been paid: written when a payroll is approved, read by the next one."""

    case = models.OneToOneField(
        "assistance.Case", on_delete=models.PROTECT, related_name="pay_state", primary_key=True
    )
    paid_through = models.DateField("已发放至")  # the first day of the last month paid
    case_version = models.PositiveIntegerField("发放时在保对象版本")
    monthly_amount = models.DecimalField("发放时月保障金额(元)", **MONEY)

    class Meta:
        verbose_name = "发放进度"
        verbose_name_plural = "发放进度"

    def __str__(self) -> str:
        return f"在保{self.case_id}已发放至{self.paid_through:%Y-%m}"


class Recovery(models.Model):
    """追回: an amount paid that should not have been, deducted from later payments up to the monthly cap
    (or repaid in person)."""

    case = models.ForeignKey("assistance.Case", on_delete=models.PROTECT, related_name="recoveries")
    amount = models.DecimalField("应追回(元)", **MONEY)
    recovered = models.DecimalField("已追回(元)", default=0, **MONEY)
    reason = models.CharField("追回原因", max_length=200)
    event_on = models.DateField("事由发生日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "追回"
        verbose_name_plural = "追回"
        constraints = [
            models.CheckConstraint(
                condition=Q(recovered__lte=models.F("amount")), name="recovered_within_amount"
            )
        ]

    def __str__(self) -> str:
        return f"追回{self.amount}元：{self.reason}"

    @property
    def outstanding(self):
        return self.amount - self.recovered


class PaymentHold(models.Model):
    """暂缓发放: a case's payments are held while a lead (疑似问题线索) or a staff member says so."""

    case = models.ForeignKey("assistance.Case", on_delete=models.PROTECT, related_name="holds")
    reason = models.CharField("暂缓原因", max_length=200)
    source = models.CharField("来源", max_length=40, blank=True)  # e.g. a cross-check lead's reference
    opened_on = models.DateField("开始日期")
    released_on = models.DateField("解除日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "暂缓发放"
        verbose_name_plural = "暂缓发放"
        indexes = [models.Index(fields=["case", "released_on"])]

    def __str__(self) -> str:
        return f"暂缓发放：{self.reason}"


class PrepareLock(models.Model):
    """A lease taken for the duration of one preparation, so a second run is refused at once with who and
    since when, instead of waiting on the database. A crashed run's lease expires."""

    key = models.CharField(max_length=60, primary_key=True)
    holder = models.CharField(max_length=150)
    taken_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = "发放表生成锁"
        verbose_name_plural = "发放表生成锁"

    def __str__(self) -> str:
        return self.key


class BankTemplateConfig(models.Model):
    """One paying bank's file layout for a county: ``spec`` is
    :func:`apps.payroll.documents.template_to_dict` of a validated template."""

    county = models.ForeignKey(
        "areas.Area", verbose_name="县(市、区)", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("模板代码", max_length=32)
    name = models.CharField("代发银行", max_length=100)
    spec = models.JSONField("模板内容")
    is_default = models.BooleanField("默认模板", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "银行代发模板"
        verbose_name_plural = "银行代发模板"
        ordering = ["county_id", "-is_default", "code"]
        constraints = [models.UniqueConstraint(fields=["county", "code"], name="one_bank_template_code")]

    def __str__(self) -> str:
        return self.name


class PaymentFileKind(models.TextChoices):
    PAYMENT = "payment", "代发文件"
    REISSUE = "reissue", "失败重发文件"


class PaymentFile(models.Model):
    """A bank payment file as written, kept under ``VAR_DIR/payroll``: never overwritten, never changed;
    ``sha256`` is of the stored bytes. A CSV file has its 汇总 beside it as an XLSX."""

    payroll = models.ForeignKey(Payroll, on_delete=models.PROTECT, related_name="payment_files")
    kind = models.CharField("类型", max_length=8, choices=PaymentFileKind.choices)
    template_code = models.CharField("银行模板", max_length=32)
    bank_name = models.CharField("代发银行", max_length=100)
    filename = models.CharField("文件名", max_length=200)
    stored_path = models.CharField("存放位置", max_length=300)  # relative to VAR_DIR/payroll
    sha256 = models.CharField("SHA-256", max_length=64)
    summary_path = models.CharField("汇总表存放位置", max_length=300, blank=True)
    summary_sha256 = models.CharField("汇总表SHA-256", max_length=64, blank=True)
    line_count = models.PositiveIntegerField("笔数")
    total = models.DecimalField("金额合计(元)", **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = "银行代发文件"
        verbose_name_plural = "银行代发文件"
        ordering = ["payroll_id", "created_at", "id"]

    def __str__(self) -> str:
        return self.filename


class ReturnFile(models.Model):
    """A bank return file (回盘) that changed the payroll, kept under ``VAR_DIR/payroll`` with its counts."""

    payroll = models.ForeignKey(Payroll, on_delete=models.PROTECT, related_name="return_files")
    template_code = models.CharField("银行模板", max_length=32)
    filename = models.CharField("文件名", max_length=200)
    stored_path = models.CharField("存放位置", max_length=300)  # relative to VAR_DIR/payroll
    sha256 = models.CharField("SHA-256", max_length=64)
    row_count = models.PositiveIntegerField("回盘笔数")
    paid_count = models.PositiveIntegerField("到账笔数")
    paid_total = models.DecimalField("到账金额(元)", **MONEY)
    failed_count = models.PositiveIntegerField("失败笔数")
    failed_total = models.DecimalField("失败金额(元)", **MONEY)
    unchanged_count = models.PositiveIntegerField("此前已处理笔数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("导入时间")

    class Meta:
        verbose_name = "银行回盘文件"
        verbose_name_plural = "银行回盘文件"
        ordering = ["payroll_id", "created_at", "id"]
        indexes = [models.Index(fields=["payroll", "sha256"])]

    def __str__(self) -> str:
        return self.filename


class PayAdjustment(models.Model):
    """补差: money owed for months already paid, after a change that reached back into them. Paid with the
    next payroll (as part of that case's line) and settled when that payroll is approved; an overpayment
    becomes a :class:`Recovery` instead."""

    case = models.ForeignKey("assistance.Case", on_delete=models.PROTECT, related_name="pay_adjustments")
    amount = models.DecimalField("补差金额(元)", **MONEY)
    reason = models.CharField("原因", max_length=200)
    trace = models.JSONField("计算说明", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间")
    settled_line = models.ForeignKey(
        PayrollLine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="随哪笔发放",
    )

    class Meta:
        verbose_name = "补差"
        verbose_name_plural = "补差"
        indexes = [models.Index(fields=["case", "settled_line"])]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="pay_adjustment_positive")]

    def __str__(self) -> str:
        return f"补差{self.amount}元：{self.reason}"
