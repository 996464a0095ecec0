"""临时救助: one-off help, 急难型 (emergency) or 支出型 (expenditure-driven), with caps and approval.

* **急难型** — fire, accident, sudden serious illness: always assessable (no income test), and may be
  paid first (先行救助) with the papers completed afterwards (国发〔2014〕47号; 民发〔2018〕23号).
* **支出型** — necessary spending beyond the household's means: per-capita annual income below
  ``income.disposable_annual`` and property within the limits.
* **Cap** = ``temporary.cap_months`` × the monthly 低保标准; a request up to
  ``temporary.township_months`` × the standard may be approved by the township, above that by the
  county (社会救助暂行办法第四十八条: 救助金额较小的，可委托乡镇审批).

Local rules usually name the *urban* 低保标准 as the base. A :class:`Standards` holds one kind's
numbers, so the base is the 低保标准 of the standards passed in; to use the urban base for a rural
household the caller passes the urban standards to :func:`temporary_limits`. The trace says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from policy.errors import ValidationFailed
from policy.facts import HouseholdFacts, ProgramResult, TraceStep
from policy.means_test import ZERO, MeansTest, annual_income_step, cite, kind_text, money_text
from policy.money import yuan
from policy.parameters import Standards
from policy.programs._people import result

__all__ = [
    "CODE",
    "LABEL",
    "TemporaryCheck",
    "TemporaryKind",
    "TemporaryLimits",
    "assess",
    "expenditure_eligible",
    "temporary_limits",
    "temporary_request_check",
]

CODE = "temporary"
LABEL = "临时救助"
BASIS = "社会救助暂行办法第四十七、四十八条；国发〔2014〕47号"


class TemporaryKind(StrEnum):
    EMERGENCY = "emergency"  # 急难型
    EXPENDITURE = "expenditure"  # 支出型

    @property
    def label(self) -> str:
        return "急难型" if self is TemporaryKind.EMERGENCY else "支出型"


@dataclass(frozen=True, slots=True, kw_only=True)
class TemporaryLimits:
    base: Decimal  # the monthly 低保标准 the multiples apply to
    cap: Decimal  # the most one grant may be
    township_limit: Decimal  # the most a township may approve itself
    trace: tuple[TraceStep, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TemporaryCheck:
    """What the rules say about one requested amount."""

    requested: Decimal
    within_cap: bool
    township_may_approve: bool
    approver: str  # "township" or "county"
    advance_allowed: bool  # 先行救助: pay first, complete the papers afterwards
    trace: tuple[TraceStep, ...]


def temporary_limits(*, standards: Standards) -> TemporaryLimits:
    """The cap and the township's approval limit, from the 低保标准 of ``standards``."""
    base = standards.money("dibao.standard")
    cap_months = standards.integer("temporary.cap_months")
    township_months = standards.integer("temporary.township_months")
    cap, township = yuan(cap_months * base), yuan(min(township_months, cap_months) * base)
    kind = kind_text(standards)
    note = "" if standards.urban else "（按农村低保标准计；如当地规定以城市标准为基数，应传入城市标准）"
    steps = (
        TraceStep(
            "救助上限",
            f"{cap_months} × {kind}低保月标准 {money_text(base)} = {money_text(cap)} 元{note}",
            cite(BASIS, standards, "temporary.cap_months", "dibao.standard"),
            money_text(cap),
        ),
        TraceStep(
            "乡镇审批权限",
            f"{township_months} × {kind}低保月标准 {money_text(base)} = {money_text(township)} 元以内"
            "由乡镇（街道）审批，超过的报县级民政部门审批",
            cite("社会救助暂行办法第四十八条", standards, "temporary.township_months"),
            money_text(township),
        ),
    )
    return TemporaryLimits(base=base, cap=cap, township_limit=township, trace=steps)


def temporary_request_check(
    *, standards: Standards, kind: TemporaryKind, requested: Decimal
) -> TemporaryCheck:
    """Whether ``requested`` is within the cap, and whether the township may approve it or the county must."""
    if requested <= 0:
        raise ValidationFailed.on("amount", "临时救助申请金额应大于0")
    limits = temporary_limits(standards=standards)
    within = requested <= limits.cap
    township = requested <= limits.township_limit
    if township:
        verdict = f"不超过乡镇审批权限 {money_text(limits.township_limit)} 元，乡镇（街道）可直接审批"
    elif within:
        verdict = f"超过乡镇审批权限 {money_text(limits.township_limit)} 元，报县级民政部门审批"
    else:
        verdict = (
            f"超过救助上限 {money_text(limits.cap)} 元，原则上不予批准；确需超过的由县级民政部门一事一议"
        )
    advance = kind is TemporaryKind.EMERGENCY
    steps = [
        *limits.trace,
        TraceStep(
            "申请金额",
            f"{kind.label}，申请 {money_text(requested)} 元：{verdict}",
            BASIS,
            "乡镇审批" if township else "县级审批",
        ),
        TraceStep(
            "先行救助",
            "急难型可先行救助，急难情况缓解后补齐审批手续" if advance else "支出型按正常程序审核审批",
            "国发〔2014〕47号；民发〔2018〕23号",
            "可先行救助" if advance else "不适用",
        ),
    ]
    return TemporaryCheck(
        requested=yuan(requested),
        within_cap=within,
        township_may_approve=township,
        approver="township" if township else "county",
        advance_allowed=advance,
        trace=tuple(steps),
    )


def expenditure_eligible(*, standards: Standards, means: MeansTest) -> tuple[bool, tuple[TraceStep, ...]]:
    """支出型 conditions: per-capita annual income below the disposable-income line, property complies."""
    below, step = annual_income_step(
        means=means, standards=standards, rule="支出型：人均年收入", basis="国发〔2014〕47号（支出型）"
    )
    steps = (
        step,
        TraceStep(
            "支出型：家庭财产",
            "符合当地规定" if means.assets.complies else f"超过当地规定：{'、'.join(means.assets.failed)}",
            "国发〔2014〕47号（支出型）",
            "符合" if means.assets.complies else "不符合",
        ),
    )
    return below and means.assets.complies, steps


def assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult:
    """Report 临时救助 as assessable with its limits; ``eligible`` means the 支出型 conditions hold.

    急难型 needs no income test, so it is always open; the amount is one-off and decided on
    application, so the monthly amount is 0.
    """
    limits = temporary_limits(standards=standards)
    ok, checks = expenditure_eligible(standards=standards, means=means)
    steps = [
        TraceStep(
            "急难型", "遭遇意外事件、突发重大疾病等可随时申请，不作收入审查；可先行救助", BASIS, "可申请"
        ),
        *checks,
        *limits.trace,
        TraceStep(
            "结论",
            f"可申请临时救助，一次最高 {money_text(limits.cap)} 元，"
            f"乡镇可审批 {money_text(limits.township_limit)} 元以内；"
            f"支出型条件{'符合' if ok else '不符合'}（一次性救助，不按月发放）",
            BASIS,
            "支出型符合" if ok else "仅急难型",
        ),
    ]
    return result(
        program=CODE,
        label=LABEL,
        eligible=ok,
        amount=ZERO,
        standards=standards,
        covered=tuple(m.id_number for m in household.members),
        category="急难型、支出型" if ok else "急难型",
        trace=steps,
    )
