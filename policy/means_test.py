"""家庭经济状况认定: the explainable means test every programme starts from.

Two checks, each returned with its trace:

* **household income** (家庭收入): the members' countable monthly incomes — the four statutory categories
  and other income, minus the kinds in ``dibao.income_excluded`` — less the job-cost deduction (就业成本)
  of employed members, divided by the number of 共同生活家庭成员 (民发〔2021〕57号, §1.6 of DOMAIN.md);
* **household property** (家庭财产): per-capita financial assets, homes, vehicles and business entities
  against the local limits (§1.7).

Comparisons never divide: "per-capita income below X" is tested as ``total < X × members`` so a
household at exactly the line is never pushed under it by a rounded quotient. Per-capita figures are
rounded to the cent only for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from policy.errors import ValidationFailed
from policy.facts import HouseholdFacts, IncomeKind, MemberFacts, TraceStep
from policy.money import yuan
from policy.parameters import CATALOGUE, Standards

__all__ = [
    "ZERO",
    "IncomeSummary",
    "MeansTest",
    "MemberIncome",
    "PropertyCheck",
    "annual_income_step",
    "cite",
    "household_income",
    "kind_text",
    "means_test",
    "money_text",
    "property_check",
    "rate_text",
]

ZERO = Decimal("0")
INCOME_BASIS = "社会救助暂行办法第九条；民发〔2021〕57号（家庭人均收入 = 家庭总收入 ÷ 共同生活家庭成员人数）"
PROPERTY_BASIS = "社会救助暂行办法第九条（符合当地家庭财产状况规定）"


def money_text(amount: Decimal) -> str:
    """An amount as the trace prints it: rounded to the cent, e.g. ``680.00``."""
    return str(yuan(amount))


def rate_text(rate: Decimal) -> str:
    """A rate as a percentage, e.g. ``0.3`` → ``30%``, ``0.125`` → ``12.5%``."""
    percent = (rate * 100).normalize()
    return f"{percent:f}%"


def cite(national: str, standards: Standards, *keys: str) -> str:
    """A trace's basis: the national rule, then where each local number came from."""
    local = [f"{CATALOGUE[key].label}：{source}" for key in keys if (source := standards.source(key))]
    return "；".join([national, *local] if national else local)


def kind_text(standards: Standards) -> str:
    """城市 or 农村: which set of standards is in use."""
    return "城市" if standards.urban else "农村"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberIncome:
    """One member's own monthly income: countable total, and the job-cost deduction from it."""

    id_number: str
    name: str
    countable: Decimal
    wage: Decimal  # countable wage income (工资性收入) within ``countable``
    deduction: Decimal

    @property
    def net(self) -> Decimal:
        """Own income after the deduction, never below zero."""
        return max(self.countable - self.deduction, ZERO)


@dataclass(frozen=True, slots=True, kw_only=True)
class IncomeSummary:
    """The household's monthly income as the means test counts it."""

    standard: Decimal  # the 低保标准 the deduction and comparisons use
    members: int
    countable: Decimal  # every countable income, before deductions
    deductions: Decimal
    total: Decimal  # countable − deductions, not below zero: 家庭月总收入
    per_member: tuple[MemberIncome, ...]
    trace: tuple[TraceStep, ...]

    @property
    def per_capita(self) -> Decimal:
        """家庭月人均收入, rounded to the cent for display (comparisons use :meth:`below`)."""
        return yuan(self.total / self.members)

    def below(self, per_person: Decimal) -> bool:
        """Whether per-capita income is strictly below ``per_person`` (no rounding involved)."""
        return self.total < per_person * self.members

    def compare_text(self, per_person: Decimal, name: str) -> str:
        """The comparison with a per-person line in words, with the exact household totals."""
        relation = "低于" if self.below(per_person) else "不低于"
        line = per_person * self.members
        return (
            f"家庭月人均收入 {self.per_capita} 元{relation}{name} {money_text(per_person)} 元/人·月"
            f"（家庭月总收入 {money_text(self.total)} 元{relation} {money_text(per_person)} × "
            f"{self.members}人 = {money_text(line)} 元）"
        )

    def own(self, id_number: str) -> MemberIncome:
        return next(m for m in self.per_member if m.id_number == id_number)


@dataclass(frozen=True, slots=True, kw_only=True)
class PropertyCheck:
    complies: bool
    failed: tuple[str, ...]  # the names of the limits exceeded, e.g. ("金融资产",)
    trace: tuple[TraceStep, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MeansTest:
    """Income and property together, with the two household classifications they decide."""

    income: IncomeSummary
    assets: PropertyCheck  # 家庭财产 test
    standard: Decimal  # 低保标准 (monthly, per person)
    near_multiple: Decimal  # 低保边缘 multiple, e.g. 1.5

    @property
    def dibao_household(self) -> bool:
        """Per-capita income below the standard and property within the limits (暂行办法第九条)."""
        return self.income.below(self.standard) and self.assets.complies

    @property
    def near_dibao_household(self) -> bool:
        """Not 低保, per-capita income below ``near_multiple`` × standard, property within limits."""
        return (
            not self.dibao_household
            and self.income.below(self.near_multiple * self.standard)
            and self.assets.complies
        )

    @property
    def trace(self) -> tuple[TraceStep, ...]:
        return self.income.trace + self.assets.trace


def _member_label(member: MemberFacts) -> str:
    return member.name or member.id_number


def household_income(*, household: HouseholdFacts, standards: Standards) -> IncomeSummary:
    """Count each member's income, deduct job costs, and divide by the number of members."""
    members = household.members
    if not members:
        raise ValidationFailed.on("members", "家庭至少要有一名成员，无法计算家庭人均收入")
    standard = standards.money("dibao.standard")
    excluded = standards.codes("dibao.income_excluded")
    job_rate = standards.rate("dibao.job_cost_rate")
    job_cap = job_rate * standard
    steps = [
        TraceStep(
            "共同生活家庭成员",
            f"{len(members)}人：{'、'.join(_member_label(m) for m in members)}",
            "民发〔2021〕57号第七条",
        )
    ]
    rows: list[MemberIncome] = []
    for member in members:
        counted: list[str] = []
        skipped: list[str] = []
        own = wage = ZERO
        for item in member.incomes:
            kind = IncomeKind(item.kind)
            text = f"{kind.label} {money_text(item.monthly)}"
            if kind.value in excluded:
                skipped.append(text)
                continue
            counted.append(text)
            own += item.monthly
            if kind is IncomeKind.WAGE:
                wage += item.monthly
        deduction = ZERO
        if member.employed and wage > 0 and job_cap > 0:
            deduction = min(job_cap, wage)
        rows.append(
            MemberIncome(
                id_number=member.id_number,
                name=member.name,
                countable=own,
                wage=wage,
                deduction=deduction,
            )
        )
        if counted or skipped:
            parts = [f"计入：{'、'.join(counted)}"] if counted else []
            if skipped:
                parts.append(f"不计入：{'、'.join(skipped)}")
            steps.append(
                TraceStep(
                    f"成员收入：{_member_label(member)}",
                    "；".join(parts) + f"；本人计入收入 {money_text(own)} 元/月",
                    cite("民发〔2021〕57号（不计入家庭收入的项目）", standards, "dibao.income_excluded")
                    if skipped
                    else "民发〔2021〕57号（工资性、经营净、财产净、转移净收入）",
                )
            )
        if deduction > 0:
            steps.append(
                TraceStep(
                    f"就业成本扣减：{_member_label(member)}",
                    f"取 低保标准 {money_text(standard)} × {rate_text(job_rate)} = {money_text(job_cap)} "
                    f"与本人工资性收入 {money_text(wage)} 的较小者 = {money_text(deduction)} 元",
                    cite("民发〔2021〕57号（必要的就业成本可适当扣减）", standards, "dibao.job_cost_rate"),
                )
            )
    countable = sum((r.countable for r in rows), ZERO)
    deductions = sum((r.deduction for r in rows), ZERO)
    total = max(countable - deductions, ZERO)
    detail = f"计入收入合计 {money_text(countable)} − 就业成本扣减 {money_text(deductions)} = "
    detail += f"{money_text(countable - deductions)} 元"
    if countable - deductions < 0:
        detail += "，按0计"
    steps.append(TraceStep("家庭月总收入", detail, INCOME_BASIS, money_text(total)))
    quotient = total / len(members)
    shown = money_text(quotient)
    sign = "=" if yuan(quotient) == quotient else "≈"
    steps.append(
        TraceStep(
            "家庭月人均收入",
            f"{money_text(total)} ÷ {len(members)}人 {sign} {shown} 元/人·月",
            INCOME_BASIS,
            shown,
        )
    )
    return IncomeSummary(
        standard=standard,
        members=len(members),
        countable=countable,
        deductions=deductions,
        total=total,
        per_member=tuple(rows),
        trace=tuple(steps),
    )


def _limit_step(name: str, detail: str, ok: bool, basis: str) -> TraceStep:
    return TraceStep(name, detail, basis, "符合" if ok else "不符合")


def property_check(*, household: HouseholdFacts, standards: Standards) -> PropertyCheck:
    """Test the household's assets against each local limit; any limit exceeded fails the test."""
    assets = household.assets
    n = len(household.members)
    standard = standards.money("dibao.standard")
    months = standards.integer("dibao.asset_financial_months")
    cap = months * standard
    checks: list[tuple[str, bool, str, str]] = []
    financial_ok = assets.deposits <= cap * n
    checks.append(
        (
            "金融资产",
            financial_ok,
            f"人均 {money_text(assets.deposits)} ÷ {n}人 ≈ {money_text(assets.deposits / n)} 元，"
            f"上限 {months} × 低保标准 {money_text(standard)} = {money_text(cap)} 元/人",
            "dibao.asset_financial_months",
        )
    )
    for name, count, key, unit in (
        ("住房", assets.homes, "dibao.asset_max_homes", "套"),
        ("机动车辆", assets.vehicles, "dibao.asset_max_vehicles", "辆"),
        ("经营主体", assets.business, "dibao.asset_max_business", "个"),
    ):
        limit = standards.integer(key)
        checks.append((name, count <= limit, f"{count} {unit}，上限 {limit} {unit}", key))
    steps = [
        _limit_step(f"家庭财产：{name}", detail, ok, cite(PROPERTY_BASIS, standards, key))
        for name, ok, detail, key in checks
    ]
    failed = tuple(name for name, ok, _, _ in checks if not ok)
    summary = "各项均未超过当地规定" if not failed else f"超过当地规定：{'、'.join(failed)}"
    steps.append(_limit_step("家庭财产状况", summary, not failed, PROPERTY_BASIS))
    return PropertyCheck(complies=not failed, failed=failed, trace=tuple(steps))


def means_test(*, household: HouseholdFacts, standards: Standards) -> MeansTest:
    """Income and property for one household under one set of standards."""
    return MeansTest(
        income=household_income(household=household, standards=standards),
        assets=property_check(household=household, standards=standards),
        standard=standards.money("dibao.standard"),
        near_multiple=standards.rate("dibao.near_multiple"),
    )


def annual_income_step(
    *, means: MeansTest, standards: Standards, rule: str, basis: str
) -> tuple[bool, TraceStep]:
    """Per-capita annual income (monthly total × 12) against last year's 居民人均可支配收入.

    Tested as ``total × 12 < disposable × members``, so no rounding decides it.
    """
    n = means.income.members
    annual = means.income.total * 12
    disposable = standards.money("income.disposable_annual")
    below = annual < disposable * n
    step = TraceStep(
        rule,
        f"家庭月总收入 {money_text(means.income.total)} × 12 ÷ {n}人 ≈ {money_text(annual / n)} 元，"
        f"{'低于' if below else '不低于'}上年度{kind_text(standards)}居民人均可支配收入 "
        f"{money_text(disposable)} 元",
        cite(basis, standards, "income.disposable_annual"),
        "符合" if below else "不符合",
    )
    return below, step
