"""刚性支出困难家庭: a classification for households crushed by medical or schooling costs.

《刚性支出困难家庭认定办法》(民政部 2024; DOMAIN.md §1.11). All must hold:

* not 低保 (household or 单人保), no member 特困, not 低保边缘;
* per-capita annual income below last year's 居民人均可支配收入 (``income.disposable_annual``),
  tested as ``monthly total × 12 < disposable × members``;
* property within the limits;
* the last 12 months' medical and education spending is at least ``rigid.expense_ratio`` of the
  household's annual income (monthly total × 12). With no income at all, any such spending qualifies
  and none does not.

It is a classification (monthly amount 0) that opens specialised assistance, valid 12 months at most.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from policy.facts import HouseholdFacts, ProgramResult, TraceStep
from policy.means_test import ZERO, MeansTest, annual_income_step, cite, money_text, rate_text
from policy.parameters import Standards
from policy.programs import dibao, tekun
from policy.programs._people import result

__all__ = ["CODE", "LABEL", "assess"]

CODE = "rigid_expense"
LABEL = "刚性支出困难家庭"
BASIS = "《刚性支出困难家庭认定办法》(民政部 2024)"


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """Classify the household as 刚性支出困难 or not; the monthly amount is always 0."""
    steps: list[TraceStep] = []
    in_dibao = dibao.assess(household=household, standards=standards, on=on, means=means).eligible
    in_tekun = bool(tekun.eligible_members(household=household, standards=standards, on=on, means=means))
    other = [name for name, hit in (("低保", in_dibao), ("特困", in_tekun)) if hit]
    if means.near_dibao_household:
        other.append("低保边缘家庭")
    steps.append(
        TraceStep(
            "未纳入其他保障",
            f"已属{'、'.join(other)}，不再认定" if other else "未纳入低保、特困，也不属低保边缘家庭",
            BASIS,
            "不符合" if other else "符合",
        )
    )
    below, step = annual_income_step(means=means, standards=standards, rule="人均年收入", basis=BASIS)
    steps.append(step)
    annual = means.income.total * 12
    steps.extend(means.assets.trace)
    expenses = household.expenses
    spent = expenses.medical_12m + expenses.education_12m
    ratio = standards.rate("rigid.expense_ratio")
    if annual > 0:
        heavy = spent >= ratio * annual
        detail = (
            f"近12个月医疗 {money_text(expenses.medical_12m)} + 教育 {money_text(expenses.education_12m)} = "
            f"{money_text(spent)} 元，占家庭年收入 {money_text(annual)} 元的 "
            f"{rate_text((spent / annual).quantize(Decimal('0.0001')))}"
            f"，{'达到' if heavy else '未达到'} {rate_text(ratio)}"
        )
    else:
        heavy = spent > 0
        detail = f"家庭无收入，近12个月医疗、教育支出 {money_text(spent)} 元" + (
            "，视为超过规定比例" if heavy else "，无刚性支出"
        )
    steps.append(
        TraceStep(
            "刚性支出比例",
            detail,
            cite(BASIS, standards, "rigid.expense_ratio"),
            "符合" if heavy else "不符合",
        )
    )
    eligible = not other and below and means.assets.complies and heavy
    steps.append(
        TraceStep(
            "认定",
            "认定为刚性支出困难家庭（分类认定，不按月发放）" if eligible else "不属于刚性支出困难家庭",
            BASIS,
            "符合" if eligible else "不符合",
        )
    )
    return result(
        program=CODE,
        label=LABEL,
        eligible=eligible,
        amount=ZERO,
        standards=standards,
        covered=tuple(m.id_number for m in household.members),
        category=LABEL if eligible else "",
        trace=steps,
    )
