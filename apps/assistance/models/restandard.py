"""调标 (re-assessing cases when a 低保 standard changes): the frozen means-test basis of each case, the
runs that preview and apply a standard change, and the cases a run left for review.

**The basis.** When a 低保 case is decided, its means-test inputs are stored as plain columns, exactly
the columns of :class:`policy.programs.bulk.BulkHouseholds` (money in integer cents, birth dates instead
of ages, so ages are computed on the day re-assessed). A standard change re-computes every amount from
this basis — the income verified at the decision or the last review — never from the live registry,
which may hold unverified entries. ``income_excluded`` records which income kinds were left out when the
countable income was summed, so a later change of that rule is noticed instead of silently ignored.

``amount`` is what the basis gives: a case paying a different amount was set by hand (an approval that
departed from the assessment, or a later 调整 not backed by a new basis) and is listed for review, never
overwritten.

**A run.** A preview stores its figures and a checksum of everything it read; applying it re-reads the
same data in the write transaction and refuses when the checksum differs (a case or a standard changed).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.assistance.models.cases import Case


class CaseBasis(models.Model):
    """One 低保 case's means-test inputs as decided: household columns (members in CaseBasisMember)."""

    case = models.OneToOneField(
        Case, verbose_name="在保对象", primary_key=True, on_delete=models.CASCADE, related_name="basis"
    )
    assessed_on = models.DateField("核算日期（按该日执行的标准认定收入）")
    area_code = models.CharField("核算时所在村(社区)", max_length=12)
    urban = models.BooleanField("核算时城乡")
    members = models.PositiveSmallIntegerField("共同生活家庭成员人数")
    income = models.BigIntegerField("家庭月可计收入(分)")  # before the job-cost deduction
    deposits = models.BigIntegerField("金融资产(分)")
    homes = models.PositiveSmallIntegerField("住房(套)")
    vehicles = models.PositiveSmallIntegerField("机动车(辆)")
    business = models.PositiveSmallIntegerField("经营主体(个)")
    # The income kinds left out of ``income``, sorted and comma-joined (dibao.income_excluded then).
    income_excluded = models.CharField("不计入收入的类型", max_length=300)
    # What this basis gives under the standards it was last assessed with. A case paying anything else
    # had its amount set by a decision (departing from the assessment) or a later 调整, so 调标 lists it
    # for review instead of overwriting that decision; an applied 调标 moves it with the case's amount.
    amount = models.BigIntegerField("核算月金额(分)")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = "低保核算依据"
        verbose_name_plural = "低保核算依据"

    def __str__(self) -> str:
        return f"在保{self.case_id}核算依据（{self.assessed_on:%Y-%m-%d}）"


class CaseBasisMember(models.Model):
    """One member of a basis: what the means test reads of a person (money in cents)."""

    basis = models.ForeignKey(CaseBasis, on_delete=models.CASCADE, related_name="member_rows")
    birth_date = models.DateField("出生日期")
    severe = models.BooleanField("重度残疾")
    ill = models.BooleanField("重病")
    wage = models.BigIntegerField("就业工资性收入(分)")  # 0 unless employed with a countable wage
    income = models.BigIntegerField("本人月可计收入(分)")

    class Meta:
        verbose_name = "低保核算依据成员"
        verbose_name_plural = "低保核算依据成员"

    def __str__(self) -> str:
        return f"在保{self.basis_id}成员（{self.birth_date:%Y-%m-%d}生）"


# The figures a run stores, as apps.assistance.services.restandard computes them.
FIGURES = (
    "cases",
    "up",
    "down",
    "unchanged",
    "ineligible",
    "rules_changed",
    "departed",
    "no_basis",
    "phase_out",
    "cost_before",
    "cost_after",
    "ineligible_cost",
)


class RunStatus(models.TextChoices):
    PREVIEWED = "previewed", "已预览"
    APPLIED = "applied", "已调标"


class StandardChangeRun(models.Model):
    """A 调标 preview of one county on one day, and (once applied) its application. Amounts in cents."""

    number = models.CharField("调标编号", max_length=32, unique=True)
    county = models.ForeignKey(
        "areas.Area", verbose_name="县（区）", on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField("新标准执行日期")
    status = models.CharField("状态", max_length=10, choices=RunStatus.choices, default=RunStatus.PREVIEWED)
    checksum = models.CharField("数据校验值", max_length=64)
    cases = models.PositiveIntegerField("有核算依据的在保对象")
    up = models.PositiveIntegerField("增发")
    down = models.PositiveIntegerField("减发")
    unchanged = models.PositiveIntegerField("不变")
    ineligible = models.PositiveIntegerField("按新标准不再符合")
    rules_changed = models.PositiveIntegerField("收入认定口径已变化")
    departed = models.PositiveIntegerField("现金额与核算结果不一致")
    no_basis = models.PositiveIntegerField("无核算依据")
    phase_out = models.PositiveIntegerField("渐退期内（不调整）")
    cost_before = models.BigIntegerField("调整户原月金额合计(分)")
    cost_after = models.BigIntegerField("调整户新月金额合计(分)")
    ineligible_cost = models.BigIntegerField("不再符合户现月金额合计(分)")
    standards = models.JSONField("执行的低保标准", default=list)  # [{"area", "name", "urban", "standard"}]
    sample = models.JSONField("变化样例", default=list)  # [[case_id, old_cents, new_cents, kind], …]
    preview_seconds = models.FloatField("预览用时(秒)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="预览人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("预览时间", auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField("确认时间", null=True, blank=True)
    apply_seconds = models.FloatField("执行用时(秒)", null=True, blank=True)

    class Meta:
        verbose_name = "调标"
        verbose_name_plural = "调标"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["county", "created_at"])]

    def __str__(self) -> str:
        return self.number

    def figures(self) -> dict[str, int]:
        """The counts and sums, as :meth:`Reassessment.figures` gives them."""
        return {name: getattr(self, name) for name in FIGURES}

    @property
    def changed(self) -> int:
        return self.up + self.down

    @property
    def cost_difference(self) -> int:
        """The monthly cost difference of the changed cases, in cents."""
        return self.cost_after - self.cost_before

    @property
    def flagged(self) -> int:
        return self.ineligible + self.rules_changed + self.departed + self.no_basis


class ReviewReason(models.TextChoices):
    INELIGIBLE = "ineligible", "按新标准不再符合条件"
    RULES = "rules", "收入认定口径已变化，需重新核对"
    DEPARTED = "departed", "现金额曾另行确定或调整，需人工核定"
    NO_BASIS = "no_basis", "无核算依据，需人工重新核算"


class StandardChangeReview(models.Model):
    """A case an applied 调标 did not change but left for review: stopping or re-assessing it needs a
    decision with a reason, so it is listed (and its next review brought forward) instead."""

    run = models.ForeignKey(StandardChangeRun, on_delete=models.PROTECT, related_name="reviews")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("原因", max_length=12, choices=ReviewReason.choices)

    class Meta:
        verbose_name = "调标待核查"
        verbose_name_plural = "调标待核查"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"在保{self.case_id}：{self.get_reason_display()}"
