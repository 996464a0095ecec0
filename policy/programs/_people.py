"""Facts about a person that several programmes read: disability wording, severity, ages, labels.

Kept apart from the programme modules so that, e.g., 低保 and 两项补贴 can share ``is_severely_disabled``
without importing each other.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from policy.facts import MemberFacts, ProgramResult, TraceStep
from policy.means_test import cite
from policy.money import round_amount, yuan
from policy.parameters import Standards

__all__ = [
    "ADULT_AGE",
    "DISABILITY_LABELS",
    "GRADE_LABELS",
    "age_in_month",
    "disability_text",
    "is_severely_disabled",
    "name_of",
    "not_assessable",
    "result",
    "rounding_step",
]

# 民法典第十七条: 十八周岁以上的自然人为成年人 — national law, the same everywhere, so not a parameter.
ADULT_AGE = 18

DISABILITY_LABELS = {
    "visual": "视力残疾",
    "hearing": "听力残疾",
    "speech": "言语残疾",
    "physical": "肢体残疾",
    "intellectual": "智力残疾",
    "mental": "精神残疾",
    "multiple": "多重残疾",
}
GRADE_LABELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
SEVERE_GRADE3 = frozenset({"intellectual", "mental"})
ROUNDING_TEXT = {"cent": "分", "jiao": "角", "yuan": "元"}


def name_of(member: MemberFacts) -> str:
    """How a trace names a member: the name, or the ID number when the name is missing."""
    return member.name or member.id_number


def disability_text(member: MemberFacts) -> str:
    """``二级肢体残疾``; empty when the member holds no disability certificate."""
    if member.disability_grade is None:
        return ""
    grade = GRADE_LABELS.get(member.disability_grade, f"{member.disability_grade}级")
    return grade + DISABILITY_LABELS.get(member.disability_category, "残疾")


def is_severely_disabled(member: MemberFacts) -> bool:
    """重残: grade 1 or 2 of any category, or grade 3 intellectual or mental (民发〔2021〕57号第八条)."""
    grade = member.disability_grade
    if grade is None:
        return False
    return grade <= 2 or (grade == 3 and member.disability_category in SEVERE_GRADE3)


def age_in_month(member: MemberFacts, day: date) -> int:
    """The age the member reaches in ``day``'s month: a birthday anywhere in the month counts.

    This is how bracket changes "in the birthday month" work (and a 29 February birthday falls in
    February even in a common year).
    """
    return day.year - member.birth_date.year - (day.month < member.birth_date.month)


def result(
    *,
    program: str,
    label: str,
    eligible: bool,
    amount: Decimal,
    standards: Standards,
    covered: tuple[str, ...] = (),
    category: str = "",
    trace: list[TraceStep],
) -> ProgramResult:
    """A programme's answer with its amount rounded once, by the configured rule."""
    return ProgramResult(
        program=program,
        label=label,
        eligible=eligible,
        monthly_amount=round_amount(amount if eligible else Decimal("0"), standards.text("dibao.rounding")),
        covered=covered if eligible else (),
        category=category,
        trace=tuple(trace),
    )


def not_assessable(*, program: str, label: str, reason: str) -> ProgramResult:
    """A programme that cannot be assessed, e.g. because a parameter it needs is not configured."""
    return ProgramResult(
        program=program,
        label=label,
        eligible=False,
        monthly_amount=round_amount(Decimal("0"), "cent"),
        trace=(TraceStep("无法评估", reason, "", "无法评估"),),
    )


def rounding_step(title: str, amount: Decimal, standards: Standards) -> TraceStep:
    """The last step of an amount: the exact sum, and the one rounding by ``dibao.rounding``."""
    rule = standards.text("dibao.rounding")
    rounded = round_amount(amount, rule)
    exact = str(yuan(amount)) if yuan(amount) == amount else f"{amount.normalize():f}"
    return TraceStep(
        title,
        f"合计 {exact} 元，按“{ROUNDING_TEXT[rule]}”四舍五入 = {rounded} 元/月",
        cite("金额一次取整", standards, "dibao.rounding"),
        f"{rounded}元/月",
    )
