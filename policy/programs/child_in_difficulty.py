"""困境儿童基本生活补贴 (国发〔2016〕36号).

Children in difficulty because of family poverty, their own disability or serious illness, or missing
or inadequate guardianship. The finding is the caseworker's (``ChildStatus.IN_DIFFICULTY``); the amount
``child.in_difficulty`` is local. The age rule is the orphans'.
"""

from __future__ import annotations

from datetime import date

from policy.facts import ChildStatus, HouseholdFacts, MemberFacts, ProgramResult
from policy.means_test import MeansTest
from policy.parameters import Standards
from policy.programs.orphan import child_allowance

__all__ = ["CODE", "LABEL", "assess"]

CODE = "child_in_difficulty"
LABEL = "困境儿童基本生活补贴"
BASIS = "国发〔2016〕36号《关于加强困境儿童保障工作的意见》"


def _rate(member: MemberFacts) -> tuple[str, str, str]:
    return "child.in_difficulty", "困境儿童基本生活补贴", ""


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """One allowance per child in difficulty; no income test."""
    return child_allowance(
        household=household,
        standards=standards,
        on=on,
        status=ChildStatus.IN_DIFFICULTY,
        code=CODE,
        label=LABEL,
        basis=BASIS,
        rate_key=_rate,
    )
