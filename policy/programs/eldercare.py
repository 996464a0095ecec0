"""基本养老服务补贴: a monthly subsidy for poor older people who cannot fully look after themselves.

Who: members aged ``eldercare.min_age`` or more, rated 半失能 or 全失能, who are covered by 低保
(household or 单人保) or — unless ``eldercare.include_tekun`` is switched off — are 特困人员. Amount by
level: ``eldercare.partial`` or ``eldercare.none``. A member never rated gets nothing until rated.

Basis: the 基本养老服务 list (中办 国办《关于推进基本养老服务体系建设的意见》2023) puts 经济困难的
失能、半失能老年人 first; which assistance groups count, and the amounts, are local. We chose 低保 and
特困 because both are means-tested already; a county whose 特困 care part covers the same need can
exclude 特困 with the parameter.
"""

from __future__ import annotations

from datetime import date

from policy.facts import HouseholdFacts, ProgramResult, TraceStep
from policy.means_test import ZERO, MeansTest, cite, money_text
from policy.parameters import Standards
from policy.programs import dibao, tekun
from policy.programs._people import name_of, result, rounding_step
from policy.selfcare import SelfCareLevel

__all__ = ["CODE", "LABEL", "assess"]

CODE = "eldercare"
LABEL = "基本养老服务补贴"
BASIS = "中办 国办《关于推进基本养老服务体系建设的意见》(2023)；地方规定"


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """The subsidy for each older member of a 低保 or 特困 group who is partly or fully dependent."""
    min_age = standards.integer("eldercare.min_age")
    older = [m for m in household.members if m.age_on(on) >= min_age]
    steps: list[TraceStep] = []
    covered, amount = [], ZERO
    if not older:
        steps.append(TraceStep(LABEL, f"家庭中没有{min_age}周岁以上的成员", BASIS, "不符合"))
    else:
        in_dibao = set(dibao.assess(household=household, standards=standards, on=on, means=means).covered)
        include_tekun = standards.flag("eldercare.include_tekun")
        in_tekun = (
            {
                m.id_number
                for m in tekun.eligible_members(household=household, standards=standards, on=on, means=means)
            }
            if include_tekun
            else set()
        )
        for member in older:
            who = f"{name_of(member)}（{member.age_on(on)}周岁）"
            group = (
                "低保对象"
                if member.id_number in in_dibao
                else "特困人员"
                if member.id_number in in_tekun
                else ""
            )
            level = member.self_care
            if not group:
                why = "非低保对象" + ("、非特困人员" if include_tekun else "（本地不含特困人员）")
                steps.append(TraceStep(who, why, cite(BASIS, standards, "eldercare.include_tekun"), "不符合"))
                continue
            if level is None or level is SelfCareLevel.FULL:
                why = "未评估生活自理能力" if level is None else "生活能够自理（全自理）"
                steps.append(TraceStep(who, f"{group}，但{why}", BASIS, "不符合"))
                continue
            key = f"eldercare.{level.value}"
            value = standards.money(key)
            steps.append(
                TraceStep(
                    who,
                    f"{group}，{level.label}：{money_text(value)} 元/月",
                    cite(BASIS, standards, key),
                    money_text(value),
                )
            )
            covered.append(member.id_number)
            amount += value
    if covered:
        steps.append(rounding_step(LABEL, amount, standards))
    return result(
        program=CODE,
        label=LABEL,
        eligible=bool(covered),
        amount=amount,
        standards=standards,
        covered=tuple(covered),
        trace=steps,
    )
