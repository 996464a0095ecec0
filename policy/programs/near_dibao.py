"""低保边缘家庭: a classification, not a payment.

A household is 低保边缘 when it does not qualify for 低保, its per-capita income is below
``dibao.near_multiple`` × the 低保标准 (usually 1.5×), and its property is within the limits
(民发〔2021〕57号; 民政部 财政部 2020年通知; DOMAIN.md §1.11). It opens 单人保 for its seriously ill or
severely disabled members (see :mod:`policy.programs.dibao`) and other specialised assistance.
"""

from __future__ import annotations

from datetime import date

from policy.facts import HouseholdFacts, ProgramResult, TraceStep
from policy.means_test import ZERO, MeansTest, cite, kind_text, money_text
from policy.parameters import Standards
from policy.programs._people import result

__all__ = ["CODE", "LABEL", "assess"]

CODE = "near_dibao"
LABEL = "低保边缘家庭"
BASIS = "民发〔2021〕57号；民政部 财政部《关于进一步做好困难群众基本生活保障工作的通知》(2020)"


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """Classify the household as 低保边缘 or not; the monthly amount is always 0."""
    standard, multiple = means.standard, means.near_multiple
    line = multiple * standard
    steps = list(means.income.trace)
    steps.append(
        TraceStep(
            "不符合低保",
            f"家庭月人均收入 {means.income.per_capita} 元，{kind_text(standards)}低保标准 "
            f"{money_text(standard)} 元；财产{'符合' if means.assets.complies else '不符合'}",
            BASIS,
            "是" if not means.dibao_household else "否（已符合低保）",
        )
    )
    below = means.income.below(line)
    steps.append(
        TraceStep(
            "低保边缘收入线",
            means.income.compare_text(line, f"{multiple.normalize():f}倍低保标准"),
            cite(BASIS, standards, "dibao.near_multiple", "dibao.standard"),
            "符合" if below else "不符合",
        )
    )
    steps.extend(means.assets.trace)
    eligible = means.near_dibao_household
    steps.append(
        TraceStep(
            "认定",
            "认定为低保边缘家庭（分类认定，不发放低保金）" if eligible else "不属于低保边缘家庭",
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
