"""Cases (在保对象) under dynamic management, as data: their statuses, the changes the table allows from
each (调整 暂停 停发 恢复 退出 渐退 定期核查), the reasons offered for each, and the review and 渐退 dates.

民发〔2021〕57号 动态管理: active ⇄ suspended, active/suspended → stopped → active (恢复), any → exited;
调整, 渐退 and 定期核查 keep the status. Every change needs a reason; the apps record and audit it.
调整 may also change who is covered (保障成员): a newborn joins, a member who died or moved out leaves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum

from policy.errors import ValidationFailed
from policy.money import yuan
from policy.months import months_add
from policy.roles import Capability
from policy.workflow import Transition, table_check, transition

__all__ = [
    "CASE_REASONS",
    "CASE_TRANSITIONS",
    "CaseStatus",
    "case_transition_check",
    "covered_change_text",
    "covered_check",
    "phase_out_schedule",
    "review_due_on",
]


class CaseStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    STOPPED = "stopped"
    EXITED = "exited"

    @property
    def label(self) -> str:
        return {"active": "在保", "suspended": "暂停", "stopped": "停发", "exited": "退出"}[self.value]


C = CaseStatus
CASE_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        transition(
            "adjust", "调整", (C.ACTIVE,), None, Capability.APPROVE, "社会救助暂行办法第十三条：增发、减发"
        ),
        transition("suspend", "暂停", (C.ACTIVE,), C.SUSPENDED, Capability.APPROVE),
        transition(
            "stop", "停发", (C.ACTIVE, C.SUSPENDED), C.STOPPED, Capability.APPROVE, "停发须书面说明理由"
        ),
        transition("resume", "恢复", (C.SUSPENDED, C.STOPPED), C.ACTIVE, Capability.APPROVE),
        transition("exit", "退出", (C.ACTIVE, C.SUSPENDED, C.STOPPED), C.EXITED, Capability.APPROVE),
        transition(
            "phase_out",
            "渐退",
            (C.ACTIVE,),
            None,
            Capability.APPROVE,
            "就业后收入超过标准的，可给予渐退期",
        ),
        transition(
            "review",
            "定期核查",
            (C.ACTIVE, C.SUSPENDED),
            None,
            Capability.REVIEW,
            "民发〔2021〕57号：每年或每半年核查一次",
        ),
    ]
}

# The reasons a caseworker picks from, per change; each also needs a written explanation.
CASE_REASONS: dict[str, dict[str, str]] = {
    "adjust": {
        "income_change": "家庭收入变化",
        "members_change": "家庭人口变化",
        "standard_change": "保障标准调整",
        "category_change": "分类施保情况变化",
        "other": "其他",
    },
    "suspend": {
        "review_pending": "未按规定配合核查",
        "whereabouts": "长期外出、情况待核实",
        "other": "其他",
    },
    "stop": {
        "income_over": "家庭收入超过保障标准",
        "assets_over": "家庭财产不符合规定",
        "refused_work": "无正当理由连续3次拒绝就业",
        "other": "其他",
    },
    "resume": {"verified": "情况已核实，符合条件", "other": "其他"},
    "exit": {
        "death": "保障对象死亡",
        "moved": "户籍迁出",
        "income_over": "家庭收入超过保障标准",
        "phase_out_end": "渐退期满",
        "voluntary": "本人申请退出",
        "other": "其他",
    },
    "phase_out": {"employment": "就业后家庭人均收入超过标准", "other": "其他"},
    "review": {
        "unchanged": "经济状况无明显变化，维持",
        "changed": "经济状况有变化，需调整",
        "ineligible": "已不符合条件，需停发或退出",
    },
}


def case_transition_check(name: str, *, status: str, role: str) -> Transition:
    """The case change ``name`` if the table allows it from ``status`` for ``role``; else raise."""
    return table_check(CASE_TRANSITIONS, {s.value: s.label for s in CaseStatus}, name, status, role)


def review_due_on(*, last: date, irregular: bool, months_stable: int, months_irregular: int) -> date:
    """The next 定期核查: a year on for stable households, six months for those with working-age members
    and irregular income (57号), with the months from configuration."""
    if months_stable <= 0 or months_irregular <= 0:
        raise ValidationFailed.on("review", "核查周期应为正整数（月）")
    return months_add(last, months_irregular if irregular else months_stable)


def phase_out_schedule(
    *, first_month: date, months: int, amount: Decimal
) -> tuple[tuple[date, Decimal], ...]:
    """The 渐退 months from ``first_month``, each paying ``amount``; after the last the case exits.

    The national rule gives no month count or taper: the months come from ``dibao.phase_out_months``.
    """
    if months <= 0:
        raise ValidationFailed.on("months", "当地未设置渐退期（dibao.phase_out_months 为0），不能渐退")
    first = first_month.replace(day=1)
    return tuple((months_add(first, i), yuan(amount)) for i in range(months))


def covered_check(
    *, chosen: Iterable[int], members: Mapping[int, str], former: Mapping[int, str]
) -> tuple[int, ...]:
    """The covered members (保障成员) after a 调整, sorted: at least one, each a current member.

    ``members`` are the household's current members (person id → name); ``former`` those who once were
    (so someone who died or moved out is named when still ticked). Anyone else is refused by number only.
    """
    ids = sorted(set(chosen))
    if not ids:
        raise ValidationFailed.on("covered", "保障成员至少应有一人；全户不再保障的，请办理停发或退出")
    reasons = []
    for pid in ids:
        if pid in members:
            continue
        if pid in former:
            reasons.append(f"{former[pid]}（人员编号{pid}）已不是该家庭的现有成员，不能列为保障成员")
        else:
            reasons.append(f"人员编号{pid}不是该家庭的成员，不能列为保障成员")
    if reasons:
        raise ValidationFailed({"covered": reasons})
    return tuple(ids)


def covered_change_text(before: Mapping[int, str], after: Mapping[int, str]) -> str:
    """Who joined and who left the 保障, in words (``增加：张三；减少：李四``); empty when nobody did."""
    joined = [after[pid] for pid in sorted(after) if pid not in before]
    left = [before[pid] for pid in sorted(before) if pid not in after]
    parts = ([f"增加：{'、'.join(joined)}"] if joined else []) + (
        [f"减少：{'、'.join(left)}"] if left else []
    )
    return "；".join(parts)
