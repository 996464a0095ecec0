"""最低生活保障 (低保), urban and rural: who is covered and the monthly 低保金.

Rules (社会救助暂行办法第九、十二条; 民发〔2021〕57号; DOMAIN.md §1.4, §1.9):

* **Household 低保**: per-capita income strictly below the standard and property within the limits.
  Every member is covered. Gap payment = (standard − per-capita income) × members, which is computed
  without dividing as ``standard × members − total income``.
* **Floor** (最低补助): each covered member gets at least ``dibao.minimum_rate`` × standard as gap.
* **分类施保**: each covered member who is elderly, a minor, severely disabled or seriously ill adds
  a rate of the standard; only the highest single category per person unless
  ``dibao.supplement_cumulative``.
* **单人保**: a 低保边缘 household's seriously ill or severely disabled members may be covered alone.
  Each is assessed *as a single-person household* (参照"单人户", 民政部 财政部 2020年通知; 57号第八条):
  gap = standard − the member's own net income, floored and supplemented as above. A member whose own
  income is not below the standard is not covered.
* The sum is rounded once, by ``dibao.rounding``.

:mod:`policy.programs.bulk` implements the same arithmetic over columns; a test keeps them equal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from policy.facts import HouseholdFacts, MemberFacts, ProgramResult, TraceStep
from policy.means_test import ZERO, MeansTest, cite, kind_text, money_text, rate_text
from policy.parameters import Standards
from policy.programs._people import (
    ADULT_AGE,
    disability_text,
    is_severely_disabled,
    name_of,
    result,
    rounding_step,
)

__all__ = [
    "CODE",
    "LABEL",
    "Supplement",
    "assess",
    "single_candidates",
    "supplement_categories",
    "supplement_rate",
]

CODE = "dibao"
LABEL = "最低生活保障"
BASIS = "社会救助暂行办法第九条；民发〔2021〕57号"
SINGLE_BASIS = "民发〔2021〕57号第八条；民政部 财政部《关于进一步做好困难群众基本生活保障工作的通知》(2020)"


class Supplement(StrEnum):
    """分类施保 categories (社会救助暂行办法第十二条第二款)."""

    ELDERLY = "elderly"
    DISABLED = "disabled"
    MINOR = "minor"
    ILL = "ill"

    @property
    def rate_key(self) -> str:
        return f"dibao.supplement_{self.value}_rate"


def supplement_categories(member: MemberFacts, *, standards: Standards, on: date) -> tuple[Supplement, ...]:
    """The 分类施保 categories a member falls in on ``on``, in a fixed order."""
    age = member.age_on(on)
    found = []
    if age >= standards.integer("dibao.supplement_elderly_age"):
        found.append(Supplement.ELDERLY)
    if is_severely_disabled(member):
        found.append(Supplement.DISABLED)
    if age < ADULT_AGE:
        found.append(Supplement.MINOR)
    if member.serious_illness:
        found.append(Supplement.ILL)
    return tuple(found)


def supplement_rate(categories: tuple[Supplement, ...], standards: Standards) -> Decimal:
    """The rate of the standard a member adds: the highest category, or all summed if cumulative."""
    rates = [standards.rate(c.rate_key) for c in categories]
    if not rates:
        return ZERO
    return sum(rates, ZERO) if standards.flag("dibao.supplement_cumulative") else max(rates)


def single_candidates(household: HouseholdFacts) -> tuple[MemberFacts, ...]:
    """Members who may be covered alone (单人保): seriously ill, or severely disabled."""
    return tuple(m for m in household.members if m.serious_illness or is_severely_disabled(m))


def _category_text(member: MemberFacts, category: Supplement, standards: Standards) -> str:
    if category is Supplement.ELDERLY:
        return f"{standards.integer('dibao.supplement_elderly_age')}周岁以上老年人"
    if category is Supplement.DISABLED:
        return f"重度残疾人（{disability_text(member)}）"
    return "未成年人" if category is Supplement.MINOR else "重病患者"


def _supplement(member: MemberFacts, standards: Standards, on: date, steps: list[TraceStep]) -> Decimal:
    categories = supplement_categories(member, standards=standards, on=on)
    if not categories:
        return ZERO
    standard = standards.money("dibao.standard")
    rate = supplement_rate(categories, standards)
    listed = "、".join(
        f"{_category_text(member, c, standards)} {rate_text(standards.rate(c.rate_key))}" for c in categories
    )
    cumulative = standards.flag("dibao.supplement_cumulative")
    how = "各项叠加" if cumulative else "每人只取最高一项"
    amount = rate * standard
    steps.append(
        TraceStep(
            f"分类施保：{name_of(member)}",
            f"{listed}；{how} {rate_text(rate)}：{money_text(standard)} × {rate_text(rate)} = "
            f"{money_text(amount)} 元",
            cite(
                "社会救助暂行办法第十二条",
                standards,
                "dibao.supplement_cumulative",
                *(c.rate_key for c in categories),
            ),
            money_text(amount),
        )
    )
    return amount


def _household_amount(
    household: HouseholdFacts, standards: Standards, on: date, means: MeansTest, steps: list[TraceStep]
) -> Decimal:
    standard, n, total = means.standard, means.income.members, means.income.total
    minimum_rate = standards.rate("dibao.minimum_rate")
    gap = standard * n - total
    floor = minimum_rate * standard * n
    steps.append(
        TraceStep(
            "差额补助",
            f"(低保标准 {money_text(standard)} − 人均收入 {means.income.per_capita}) × {n}人 = "
            f"{money_text(standard)} × {n} − 家庭月总收入 {money_text(total)} = {money_text(gap)} 元",
            "民发〔2021〕57号第二十三条（按差额计算）",
            money_text(gap),
        )
    )
    base = max(gap, floor)
    verdict = "差额不低于最低补助，按差额" if gap >= floor else "差额低于最低补助，按最低补助"
    steps.append(
        TraceStep(
            "最低补助",
            f"每名保障对象不低于 {money_text(standard)} × {rate_text(minimum_rate)}，{n}人合计 "
            f"{money_text(floor)} 元；{verdict}：{money_text(base)} 元",
            cite("地方规定", standards, "dibao.minimum_rate"),
            money_text(base),
        )
    )
    return base + sum((_supplement(m, standards, on, steps) for m in household.members), ZERO)


def _single_amount(
    household: HouseholdFacts, standards: Standards, on: date, means: MeansTest, steps: list[TraceStep]
) -> tuple[Decimal, tuple[str, ...]]:
    standard = means.standard
    floor = standards.rate("dibao.minimum_rate") * standard
    amount, covered = ZERO, []
    for member in single_candidates(household):
        why = "、".join(
            [disability_text(member)] * is_severely_disabled(member) + ["重病"] * member.serious_illness
        )
        own = means.income.own(member.id_number).net
        if own >= standard:
            steps.append(
                TraceStep(
                    f"单人保：{name_of(member)}（{why}）",
                    f"按单人户计算，本人月收入 {money_text(own)} 不低于低保标准 {money_text(standard)}",
                    SINGLE_BASIS,
                    "不符合",
                )
            )
            continue
        gap = standard - own
        base = max(gap, floor)
        verdict = "按差额" if gap >= floor else f"低于最低补助，按最低补助 {money_text(floor)}"
        steps.append(
            TraceStep(
                f"单人保：{name_of(member)}（{why}）",
                f"按单人户计算：低保标准 {money_text(standard)} − 本人月收入 {money_text(own)} = "
                f"{money_text(gap)} 元，{verdict}：{money_text(base)} 元",
                cite(SINGLE_BASIS, standards, "dibao.minimum_rate"),
                money_text(base),
            )
        )
        covered.append(member.id_number)
        amount += base + _supplement(member, standards, on, steps)
    return amount, tuple(covered)


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """Decide 低保 for the household (or 单人保 for some members) and compute the monthly amount."""
    standard, kind = means.standard, kind_text(standards)
    steps = list(means.income.trace)
    below = means.income.below(standard)
    steps.append(
        TraceStep(
            "收入条件",
            means.income.compare_text(standard, f"{kind}低保标准") + "；须低于标准，等于标准的不符合",
            cite(BASIS, standards, "dibao.standard"),
            "符合" if below else "不符合",
        )
    )
    steps.extend(means.assets.trace)
    if means.dibao_household:
        amount = _household_amount(household, standards, on, means, steps)
        covered = tuple(m.id_number for m in household.members)
        category = f"{kind}低保"
    elif means.near_dibao_household and single_candidates(household):
        steps.append(
            TraceStep(
                "单人保",
                f"家庭不符合低保，但人均收入低于 {means.near_multiple.normalize():f}倍低保标准、财产符合，"
                "属低保边缘家庭：其中重病、重残人员可单独纳入，各按单人户计算",
                cite(SINGLE_BASIS, standards, "dibao.near_multiple"),
            )
        )
        amount, covered = _single_amount(household, standards, on, means, steps)
        category = f"{kind}低保（单人保）"
    else:
        if means.near_dibao_household:
            steps.append(TraceStep("单人保", "属低保边缘家庭，但没有重病、重残成员", SINGLE_BASIS, "不符合"))
        amount, covered, category = ZERO, (), ""
    eligible = bool(covered)
    if eligible:
        steps.append(rounding_step("低保金", amount, standards))
    else:
        steps.append(TraceStep("低保金", "不符合低保条件，不发放", BASIS, "不符合"))
    return result(
        program=CODE,
        label=LABEL,
        eligible=eligible,
        amount=amount,
        standards=standards,
        covered=covered,
        category=category,
        trace=steps,
    )
