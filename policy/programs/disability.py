"""残疾人两项补贴 (国发〔2015〕52号): 困难残疾人生活补贴 and 重度残疾人护理补贴.

* **Living subsidy** (``disability.living``): disabled members (holding a certificate, i.e. with a
  grade) who are covered by 低保 — the whole household, or the member alone under 单人保; and, where
  ``disability.living_near_dibao`` extends it, disabled members of 低保边缘 households.
* **Nursing subsidy**: members with a grade 1 or grade 2 disability, whatever the household's income
  (``disability.nursing_grade1`` / ``disability.nursing_grade2``).

A member may receive both (52号: 可同时享受). Local rules on overlap with 特困 care are not modelled.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from policy.facts import HouseholdFacts, MemberFacts, ProgramResult, TraceStep
from policy.means_test import ZERO, MeansTest, cite, money_text
from policy.parameters import Standards
from policy.programs import dibao
from policy.programs._people import disability_text, name_of, result, rounding_step

__all__ = ["CODE", "LABEL", "assess"]

CODE = "disability"
LABEL = "残疾人两项补贴"
BASIS = "国发〔2015〕52号《关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》"


def _living(
    member: MemberFacts, covered: frozenset[str], near: bool, standards: Standards
) -> tuple[Decimal, str, str]:
    """The living subsidy for a member, why, and the key it came from ("" when none)."""
    if member.id_number in covered:
        return standards.money("disability.living"), "低保对象", "disability.living"
    if near and standards.flag("disability.living_near_dibao"):
        return standards.money("disability.living"), "低保边缘家庭成员（本地扩大范围）", "disability.living"
    return ZERO, "非低保对象", ""


def _nursing(member: MemberFacts, standards: Standards) -> tuple[Decimal, str]:
    grade = member.disability_grade
    if grade in (1, 2):
        key = f"disability.nursing_grade{grade}"
        return standards.money(key), key
    return ZERO, ""


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """Both subsidies for every certified disabled member."""
    disabled = [m for m in household.members if m.disability_grade is not None]
    steps: list[TraceStep] = []
    if not disabled:
        steps.append(TraceStep(LABEL, "家庭中没有持残疾人证的成员", BASIS, "不符合"))
        return result(
            program=CODE, label=LABEL, eligible=False, amount=ZERO, standards=standards, trace=steps
        )
    found = dibao.assess(household=household, standards=standards, on=on, means=means)
    covered_by_dibao = frozenset(found.covered)
    amount, covered, kinds = ZERO, [], set()
    for member in disabled:
        living, why, living_key = _living(member, covered_by_dibao, means.near_dibao_household, standards)
        nursing, nursing_key = _nursing(member, standards)
        parts = [
            f"生活补贴：{why}" + (f"，{money_text(living)} 元" if living else "，不享受"),
            f"护理补贴：{disability_text(member)}"
            + (f"，{money_text(nursing)} 元" if nursing else "，非一、二级重度残疾，不享受"),
        ]
        steps.append(
            TraceStep(
                f"{name_of(member)}（{disability_text(member)}）",
                "；".join(parts),
                cite(BASIS, standards, *(k for k in (living_key, nursing_key) if k)),
                money_text(living + nursing),
            )
        )
        if living or nursing:
            covered.append(member.id_number)
            amount += living + nursing
            kinds |= {k for k, v in (("生活补贴", living), ("护理补贴", nursing)) if v}
    if covered:
        steps.append(rounding_step("两项补贴", amount, standards))
    return result(
        program=CODE,
        label=LABEL,
        eligible=bool(covered),
        amount=amount,
        standards=standards,
        covered=tuple(covered),
        category="、".join(k for k in ("生活补贴", "护理补贴") if k in kinds),
        trace=steps,
    )
