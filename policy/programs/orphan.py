"""孤儿基本生活费: a monthly allowance per orphan, institutional (机构集中养育) or dispersed (社会散居).

孤儿 = a child under 18 who has lost both parents or whose parents cannot be found (国办发〔2010〕54号);
a caseworker records the finding as ``ChildStatus.ORPHAN``. One who turns 18 while still in school
keeps the allowance (local rules, DOMAIN.md §5.1). The amount is ``orphan.institutional`` or
``orphan.dispersed``.

:func:`child_allowance` is the shared shape of the three child programmes (孤儿, 事实无人抚养儿童,
困境儿童): who counts as a child, one amount per child, and the trace.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from policy.facts import ChildStatus, HouseholdFacts, MemberFacts, ProgramResult, TraceStep
from policy.means_test import ZERO, MeansTest, cite, money_text
from policy.parameters import Standards
from policy.programs._people import ADULT_AGE, name_of, result, rounding_step

__all__ = ["CODE", "LABEL", "assess", "child_age_rule", "child_allowance"]

CODE = "orphan"
LABEL = "孤儿基本生活费"
BASIS = "国办发〔2010〕54号《关于加强孤儿保障工作的意见》"


def child_age_rule(member: MemberFacts, on: date) -> tuple[bool, str]:
    """Whether the member's age allows a child allowance on ``on``, and why."""
    age = member.age_on(on)
    if age < ADULT_AGE:
        return True, f"{age}周岁，未满{ADULT_AGE}周岁"
    if member.in_school:
        return True, f"{age}周岁，年满{ADULT_AGE}周岁后仍在校就读，可继续享受"
    return False, f"{age}周岁，已满{ADULT_AGE}周岁且不在校"


def child_allowance(
    *,
    household: HouseholdFacts,
    standards: Standards,
    on: date,
    status: ChildStatus,
    code: str,
    label: str,
    basis: str,
    rate_key: Callable[[MemberFacts], tuple[str, str, str]],
) -> ProgramResult:
    """One allowance per child with ``status``.

    ``rate_key`` gives, for a child, the parameter key, its wording, and the form of care ("" if the
    programme has none) that becomes the result's category.
    """
    steps: list[TraceStep] = []
    covered: list[str] = []
    forms: set[str] = set()
    amount = ZERO
    for member in household.members:
        if member.child_status is not status:
            continue
        ok, why = child_age_rule(member, on)
        if not ok:
            steps.append(TraceStep(f"{label}：{name_of(member)}", why, basis, "不符合"))
            continue
        key, wording, form = rate_key(member)
        value = standards.money(key)
        steps.append(
            TraceStep(
                f"{label}：{name_of(member)}",
                f"经认定为{status_text(status)}；{why}；{wording} {money_text(value)} 元/月",
                cite(basis, standards, key),
                money_text(value),
            )
        )
        covered.append(member.id_number)
        forms.add(form)
        amount += value
    if not steps:
        steps.append(TraceStep(label, f"家庭中没有经认定的{status_text(status)}", basis, "不符合"))
    if covered:
        steps.append(rounding_step(label, amount, standards))
    return result(
        program=code,
        label=label,
        eligible=bool(covered),
        amount=amount,
        standards=standards,
        covered=tuple(covered),
        category="、".join(sorted(f for f in forms if f)),
        trace=steps,
    )


def status_text(status: ChildStatus) -> str:
    return {
        ChildStatus.ORPHAN: "孤儿",
        ChildStatus.DE_FACTO: "事实无人抚养儿童",
        ChildStatus.IN_DIFFICULTY: "困境儿童",
    }.get(status, "")


def _orphan_rate(member: MemberFacts) -> tuple[str, str, str]:
    if member.institutional:
        return "orphan.institutional", "机构集中养育孤儿基本生活费", "机构集中养育"
    return "orphan.dispersed", "社会散居孤儿基本生活费", "社会散居"


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """One allowance per orphan, by where the child lives; no income test."""
    return child_allowance(
        household=household,
        standards=standards,
        on=on,
        status=ChildStatus.ORPHAN,
        code=CODE,
        label=LABEL,
        basis=BASIS,
        rate_key=_orphan_rate,
    )
