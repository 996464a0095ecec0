"""高龄津贴: a monthly allowance by age bracket for local residents (DOMAIN.md §5.2).

``longevity.brackets`` lists ``[from_age, monthly amount]`` in ascending order, e.g.
``[[80, 50], [90, 100], [100, 300]]``. A member gets the amount of the highest bracket whose age they
reach; the first bracket is the entry age. The bracket changes **in the birthday month**: whoever turns
90 at any time in March is paid the 90 bracket for all of March (the age counted is the one reached by
the end of the month). Local 户籍 only. No national rule exists; every number is local.
"""

from __future__ import annotations

from datetime import date

from policy.facts import HouseholdFacts, ProgramResult, TraceStep
from policy.means_test import ZERO, MeansTest, cite, money_text
from policy.parameters import Standards
from policy.programs._people import age_in_month, name_of, result, rounding_step

__all__ = ["CODE", "LABEL", "assess"]

CODE = "longevity"
LABEL = "高龄津贴"
BASIS = "地方高龄津贴制度（按年龄段发放，满龄当月调整）"


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """The allowance of each local member by the bracket their age reaches in ``on``'s month."""
    brackets = standards.brackets("longevity.brackets")
    basis = cite(BASIS, standards, "longevity.brackets")
    steps: list[TraceStep] = []
    covered, amount = [], ZERO
    if not brackets:
        steps.append(TraceStep(LABEL, "本地未设高龄津贴年龄段", basis, "不符合"))
    entry = brackets[0][0] if brackets else None
    for member in household.members:
        age = age_in_month(member, on)
        if entry is None or age < entry:
            continue
        who = name_of(member)
        if not member.local_hukou:
            steps.append(
                TraceStep(f"高龄津贴：{who}", f"{on:%Y年%m月}满{age}周岁，但非本地户籍", basis, "不符合")
            )
            continue
        start, value = max((b for b in brackets if b[0] <= age), key=lambda b: b[0])
        steps.append(
            TraceStep(
                f"高龄津贴：{who}",
                f"{on:%Y年%m月}达到{age}周岁（按当月达到的年龄计，生日当月即调整年龄段），"
                f"适用{start}周岁以上年龄段 {money_text(value)} 元/月",
                basis,
                money_text(value),
            )
        )
        covered.append(member.id_number)
        amount += value
    if brackets and not steps:
        steps.append(TraceStep(LABEL, f"家庭中没有年满{entry}周岁的成员", basis, "不符合"))
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
