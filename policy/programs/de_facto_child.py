"""事实无人抚养儿童基本生活补贴 (民发〔2019〕62号).

A child whose parents both (or the surviving parent) are severely disabled, seriously ill, imprisoned,
in compulsory drug rehabilitation, otherwise restrained, or out of contact for 6 months or more. The
finding is the caseworker's (``ChildStatus.DE_FACTO``); the allowance ``child.de_facto`` is usually set
at the 散居孤儿 level. The age rule is the orphans' (see :func:`policy.programs.orphan.child_age_rule`).
"""

from __future__ import annotations

from datetime import date

from policy.facts import ChildStatus, HouseholdFacts, MemberFacts, ProgramResult
from policy.means_test import MeansTest
from policy.parameters import Standards
from policy.programs.orphan import child_allowance

__all__ = ["CODE", "LABEL", "assess"]

CODE = "de_facto_child"
LABEL = "事实无人抚养儿童基本生活补贴"
BASIS = "民发〔2019〕62号《关于进一步加强事实无人抚养儿童保障工作的意见》"


def _rate(member: MemberFacts) -> tuple[str, str, str]:
    return "child.de_facto", "事实无人抚养儿童基本生活补贴", ""


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """One allowance per de-facto unsupported child; no income test."""
    return child_allowance(
        household=household,
        standards=standards,
        on=on,
        status=ChildStatus.DE_FACTO,
        code=CODE,
        label=LABEL,
        basis=BASIS,
        rate_key=_rate,
    )
