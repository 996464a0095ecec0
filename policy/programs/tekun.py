"""特困人员救助供养: per person, a basic-living part plus a care part by self-care ability.

Criteria (《特困人员认定办法》民发〔2021〕43号; DOMAIN.md §2.1), all three must hold:

* **无劳动能力**: age ≥ ``tekun.elderly_age`` (60), or under ``tekun.minor_age`` (16; some provinces
  18), or disability grade 1–3 intellectual/mental, grade 1–2 physical, grade 1 visual;
* **无生活来源**: the person's own countable income (after job-cost deduction) below the 低保标准, and
  the household's property within the limits;
* **无有能力的法定义务人**: ``supporter_able`` is False.

A minor who is an orphan or a de-facto unsupported child is assessed under those programmes instead
(43号: 选择纳入孤儿、事实无人抚养儿童保障的，不再认定为特困人员).

Amount per person = 基本生活标准 (集中 or 分散, by ``institutional``) + 照料护理标准 by 生活自理能力
(全自理 / 半失能 / 全失能). A person whose self-care was never rated gets no care part until rated.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from policy.facts import ChildStatus, HouseholdFacts, MemberFacts, ProgramResult, TraceStep
from policy.means_test import ZERO, MeansTest, cite, money_text
from policy.parameters import Standards
from policy.programs._people import ADULT_AGE, disability_text, name_of, result, rounding_step

__all__ = ["CODE", "LABEL", "assess", "eligible_members", "work_incapacity"]

CODE = "tekun"
LABEL = "特困人员救助供养"
BASIS = "社会救助暂行办法第十四条；民发〔2021〕43号"
CARE_BASIS = "国发〔2016〕14号（救助供养标准 = 基本生活标准 + 照料护理标准）"

# 无劳动能力 by disability (43号): category → the highest grade number that counts.
_INCAPACITATING_GRADE = {"intellectual": 3, "mental": 3, "physical": 2, "visual": 1}


def work_incapacity(member: MemberFacts, *, standards: Standards, on: date) -> str:
    """Why the member has no capacity to work, or "" if the rules do not say so."""
    age = member.age_on(on)
    elderly, minor = standards.integer("tekun.elderly_age"), standards.integer("tekun.minor_age")
    if age >= elderly:
        return f"{age}周岁，{elderly}周岁以上老年人"
    if age < minor:
        return f"{age}周岁，未满{minor}周岁"
    limit = _INCAPACITATING_GRADE.get(member.disability_category)
    if member.disability_grade is not None and limit is not None and member.disability_grade <= limit:
        return disability_text(member)
    return ""


def _assessed_elsewhere(member: MemberFacts, on: date) -> bool:
    return member.age_on(on) < ADULT_AGE and member.child_status in (ChildStatus.ORPHAN, ChildStatus.DE_FACTO)


def _member_check(
    member: MemberFacts, standards: Standards, on: date, means: MeansTest
) -> tuple[bool, TraceStep]:
    who = name_of(member)
    if _assessed_elsewhere(member, on):
        kind = "孤儿" if member.child_status is ChildStatus.ORPHAN else "事实无人抚养儿童"
        return False, TraceStep(
            f"特困认定：{who}",
            f"未成年人已认定为{kind}，按{kind}保障，不再认定为特困人员",
            "民发〔2021〕43号",
            "按其他项目",
        )
    incapacity = work_incapacity(member, standards=standards, on=on)
    own = means.income.own(member.id_number).net
    no_income = own < means.standard and means.assets.complies
    parts = [
        f"无劳动能力：{incapacity}" if incapacity else "不属于无劳动能力情形",
        f"本人月收入 {money_text(own)} {'低于' if own < means.standard else '不低于'}低保标准 "
        f"{money_text(means.standard)}，家庭财产{'符合' if means.assets.complies else '不符合'}"
        f"→{'无' if no_income else '有'}生活来源",
        "有具备履行能力的法定义务人" if member.supporter_able else "无法定义务人或义务人无履行能力",
    ]
    ok = bool(incapacity) and no_income and not member.supporter_able
    step = TraceStep(
        f"特困认定：{who}",
        "；".join(parts),
        cite(BASIS, standards, "tekun.elderly_age", "tekun.minor_age", "dibao.standard"),
        "符合" if ok else "不符合",
    )
    return ok, step


def eligible_members(
    *, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest
) -> tuple[MemberFacts, ...]:
    """The members who meet all three 特困 criteria (used by programmes that depend on 特困 status)."""
    return tuple(m for m in household.members if _member_check(m, standards, on, means)[0])


def _member_amount(member: MemberFacts, standards: Standards, steps: list[TraceStep]) -> Decimal:
    form = "institutional" if member.institutional else "dispersed"
    form_text = "集中供养" if member.institutional else "分散供养"
    basic_key = f"tekun.basic_{form}"
    basic = standards.money(basic_key)
    level = member.self_care
    if level is None:
        care, care_text, care_key = ZERO, "未评估生活自理能力，照料护理费暂按0，评估后补计", ""
    else:
        care_key = f"tekun.care_{form}_{level.value}"
        care = standards.money(care_key)
        care_text = f"照料护理标准（{form_text}·{level.label}）{money_text(care)}"
    steps.append(
        TraceStep(
            f"供养金：{name_of(member)}",
            f"基本生活标准（{form_text}）{money_text(basic)} + {care_text} = "
            f"{money_text(basic + care)} 元/月",
            cite(CARE_BASIS, standards, basic_key, *([care_key] if care_key else [])),
            money_text(basic + care),
        )
    )
    return basic + care


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """Assess each member against the 特困 criteria and add up the support for those who qualify."""
    steps: list[TraceStep] = list(means.assets.trace)
    qualified: list[MemberFacts] = []
    for member in household.members:
        ok, step = _member_check(member, standards, on, means)
        steps.append(step)
        if ok:
            qualified.append(member)
    amount = sum((_member_amount(m, standards, steps) for m in qualified), ZERO)
    if qualified:
        steps.append(rounding_step("特困供养金", amount, standards))
    forms = sorted({"集中供养" if m.institutional else "分散供养" for m in qualified})
    return result(
        program=CODE,
        label=LABEL,
        eligible=bool(qualified),
        amount=amount,
        standards=standards,
        covered=tuple(m.id_number for m in qualified),
        category="、".join(forms),
        trace=steps,
    )
