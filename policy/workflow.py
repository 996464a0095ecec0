"""The application workflow as data: states, transitions, who may make each, who decides, which
documents are required, and when an application goes without 公示.

One service applies a transition (apps/assistance/services); it asks :func:`transition_check` whether the
table allows it from the current state and the actor's role, and raises what this module raises otherwise.

Application (申请) — 民发〔2021〕57号 and 社会救助暂行办法第十一条::

    submitted ──request_documents──▶ pending_docs ──resubmit──▶ submitted
    submitted / pending_docs / prepaid ──accept──▶ accepted ──verify──▶ verified ──survey──▶ surveyed
    surveyed ──publicise──▶ publicising ──(公示期满) approve──▶ approved      (a case is created)
    surveyed ──skip_publicity──▶ deciding ──approve──▶ approved           (特困 of minors: 未成年人不公示)
    publicising ──object──▶ objected ──recheck──▶ accepted                (核对、调查 again, then 公示 again)
    verified / surveyed / publicising / deciding ──refuse──▶ refused      (written reasons, DOCX notice)
    submitted ──prepay──▶ prepaid                                         (临时救助 先行救助, papers after)
    any open state ──withdraw──▶ withdrawn

The time limit of each state is in :mod:`policy.deadlines`, read from the area's standards.

The case table (在保对象 and their changes) is in :mod:`policy.cases`, built on the same :class:`Transition`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from policy.ages import age_on
from policy.areas import AreaLevel
from policy.errors import InvalidTransition, PermissionDenied
from policy.months import month_add
from policy.roles import Capability, Role, role_can

__all__ = [
    "ADULT_AGE",
    "APPLICATION_TRANSITIONS",
    "MINORS_NOT_PUBLICISED",
    "MIN_INVESTIGATORS",
    "AppState",
    "Authority",
    "Channel",
    "Document",
    "Transition",
    "decision_authority",
    "may_decide",
    "missing_documents",
    "publicity_waived",
    "required_documents",
    "roles_for",
    "start_month_after",
    "table_check",
    "transition",
    "transition_check",
]


class AppState(StrEnum):
    SUBMITTED = "submitted"
    PENDING_DOCS = "pending_docs"
    PREPAID = "prepaid"
    ACCEPTED = "accepted"
    VERIFIED = "verified"
    SURVEYED = "surveyed"
    PUBLICISING = "publicising"
    DECIDING = "deciding"  # awaiting the decision without 公示 (未成年人不公示)
    OBJECTED = "objected"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def final(self) -> bool:
        return self in (AppState.APPROVED, AppState.REFUSED, AppState.WITHDRAWN)


_STATE_LABELS = {
    AppState.SUBMITTED: "待受理",
    AppState.PENDING_DOCS: "待补正材料",
    AppState.PREPAID: "已先行救助，待补齐手续",
    AppState.ACCEPTED: "已受理，待核对",
    AppState.VERIFIED: "已核对，待入户调查",
    AppState.SURVEYED: "已调查，待公示",
    AppState.PUBLICISING: "公示中",
    AppState.DECIDING: "待审核确认（不公示）",
    AppState.OBJECTED: "公示有异议，待复查",
    AppState.APPROVED: "已确认纳入",
    AppState.REFUSED: "不予确认",
    AppState.WITHDRAWN: "已撤回",
}


class Channel(StrEnum):
    """How the application reached the township (57号第四条、第六条)."""

    SELF = "self"  # 本人（家庭成员）书面申请
    PROXY = "proxy"  # 委托村(居)委会或他人代为申请
    ONLINE = "online"  # 网上申请

    @property
    def label(self) -> str:
        return {"self": "本人申请", "proxy": "村(社区)代办", "online": "网上申请"}[self.value]


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed step: from which states, to which (None: unchanged), and the capability it needs."""

    name: str
    label: str
    sources: frozenset[str]
    target: str | None
    capability: Capability
    basis: str = ""


def transition(
    name: str, label: str, sources: tuple[str, ...], target: str | None, cap: Capability, basis: str = ""
) -> Transition:
    return Transition(name, label, frozenset(sources), target, cap, basis)


S = AppState
_OPEN = (
    S.SUBMITTED,
    S.PENDING_DOCS,
    S.ACCEPTED,
    S.VERIFIED,
    S.SURVEYED,
    S.PUBLICISING,
    S.DECIDING,
    S.OBJECTED,
)
# 特困人员认定办法 (民发〔2021〕43号), as local rules carry it out: 公示7天，未成年人不公示.
MINORS_NOT_PUBLICISED = "未成年人不公示（特困人员认定办法）"
APPLICATION_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        transition(
            "request_documents",
            "一次性告知补正材料",
            (S.SUBMITTED,),
            S.PENDING_DOCS,
            Capability.ACCEPT,
            "民发〔2021〕57号第十条：材料不齐备的，一次性告知补齐",
        ),
        transition("resubmit", "补正材料后重新提交", (S.PENDING_DOCS,), S.SUBMITTED, Capability.APPLY),
        transition(
            "accept",
            "受理",
            (S.SUBMITTED, S.PENDING_DOCS, S.PREPAID),
            S.ACCEPTED,
            Capability.ACCEPT,
            "民发〔2021〕57号第十条",
        ),
        transition(
            "prepay",
            "先行救助",
            (S.SUBMITTED,),
            S.PREPAID,
            Capability.APPROVE,
            "国发〔2014〕47号：情况紧急的，先行救助，事后补齐手续",
        ),
        transition(
            "verify",
            "家庭经济状况核对",
            (S.ACCEPTED,),
            S.VERIFIED,
            Capability.REVIEW,
            "社会救助暂行办法第五十八条",
        ),
        transition(
            "survey",
            "入户调查",
            (S.VERIFIED,),
            S.SURVEYED,
            Capability.REVIEW,
            "民发〔2021〕57号：调查人员不少于2人",
        ),
        transition(
            "publicise",
            "公示",
            (S.SURVEYED,),
            S.PUBLICISING,
            Capability.REVIEW,
            "社会救助暂行办法第十一条：在申请人所在村、社区公示",
        ),
        transition(
            "skip_publicity",
            "未成年人不公示",
            (S.SURVEYED,),
            S.DECIDING,
            Capability.REVIEW,
            MINORS_NOT_PUBLICISED,
        ),
        transition("object", "记录公示异议", (S.PUBLICISING,), S.OBJECTED, Capability.APPLY),
        transition(
            "recheck",
            "异议复查（重新核对、调查）",
            (S.OBJECTED,),
            S.ACCEPTED,
            Capability.REVIEW,
            "公示有异议的，重新调查核实并重新公示",
        ),
        transition(
            "approve",
            "审核确认（同意）",
            (S.PUBLICISING, S.DECIDING),
            S.APPROVED,
            Capability.APPROVE,
            "民发〔2021〕57号：从作出确认同意决定之日下月起发放",
        ),
        transition(
            "refuse",
            "不予确认",
            (S.VERIFIED, S.SURVEYED, S.PUBLICISING, S.DECIDING),
            S.REFUSED,
            Capability.APPROVE,
            "社会救助暂行办法第十一条：不批准的书面说明理由",
        ),
        transition("withdraw", "撤回申请", _OPEN, S.WITHDRAWN, Capability.APPLY),
    ]
}


def roles_for(transition: Transition) -> tuple[Role, ...]:
    """The roles whose capability table allows ``transition`` (area and authority are checked apart)."""
    return tuple(r for r in Role if role_can(r, transition.capability))


def table_check(
    table: Mapping[str, Transition], labels: Mapping[str, str], name: str, state: str, role: str
) -> Transition:
    transition = table.get(name)
    if transition is None:
        raise InvalidTransition(f"未知的操作“{name}”")
    if state not in transition.sources:
        now = labels.get(state, state)
        raise InvalidTransition(f"当前状态为“{now}”，不能进行“{transition.label}”")
    if not role_can(role, transition.capability):
        raise PermissionDenied(f"您的角色不能进行“{transition.label}”")
    return transition


def transition_check(name: str, *, state: str, role: str) -> Transition:
    """The application transition ``name`` if the table allows it from ``state`` for ``role``; else raise."""
    return table_check(APPLICATION_TRANSITIONS, {s.value: s.label for s in AppState}, name, state, role)


# ---------------------------------------------------------------- who decides (确认机关)


class Authority(StrEnum):
    COUNTY = "county"
    TOWNSHIP = "township"

    @property
    def label(self) -> str:
        return "县级民政部门" if self is Authority.COUNTY else "乡镇人民政府(街道办事处)"


def decision_authority(*, program: str, approval_level: str, temporary_approver: str = "") -> Authority:
    """Who decides: 临时救助 by its amount, everything else by the configured ``approval.level``.

    57号第二条 lets a county delegate 审核确认 to townships; for 临时救助 社会救助暂行办法第四十八条 lets it
    entrust small amounts to them, and :func:`policy.programs.temporary.temporary_request_check` says which
    side of the township's limit an amount falls (``temporary_approver``, "township" or "county").
    """
    if program == "temporary":
        return Authority.TOWNSHIP if temporary_approver == "township" else Authority.COUNTY
    return Authority.TOWNSHIP if approval_level == "township" else Authority.COUNTY


def may_decide(*, actor_level: int, authority: Authority) -> bool:
    """A county (or higher) office may always decide; a township only what is delegated to it."""
    if actor_level <= AreaLevel.COUNTY:
        return True
    return actor_level == AreaLevel.TOWNSHIP and authority is Authority.TOWNSHIP


# ---------------------------------------------------------------- 入户调查

MIN_INVESTIGATORS = 2  # 每组调查人员不得少于2人 (民发〔2021〕57号, national, not a local number)


# ---------------------------------------------------------------- 公示 or not

ADULT_AGE = 18  # 民法典第十七条：十八周岁以上的自然人为成年人


def publicity_waived(*, program: str, birth_dates: Iterable[date], on: date) -> bool:
    """True when the application goes to the decision without 公示: a 特困 application whose covered
    people are all minors on ``on`` (未成年人不公示, to protect them). Any other programme — a 低保
    household of children included — and a 特困 application with nobody named are publicised."""
    if program != "tekun":
        return False
    births = list(birth_dates)
    return bool(births) and all(age_on(b, on) < ADULT_AGE for b in births)


# ---------------------------------------------------------------- documents (一次性告知)


@dataclass(frozen=True, slots=True)
class Document:
    code: str
    label: str
    channel: str = ""  # only required for this channel ("" = always)


_COMMON = (
    Document("application", "书面申请书"),
    Document("identity", "共同生活家庭成员的居民身份证、户口簿"),
    Document("declaration", "家庭经济状况声明及承诺书"),
    Document("authorization", "家庭经济状况核对授权书"),
    Document("proxy_letter", "委托书（委托村(居)委会或他人代为申请的）", channel=Channel.PROXY),
)
_DOCUMENTS: dict[str, tuple[Document, ...]] = {
    "dibao": _COMMON,
    "near_dibao": _COMMON,
    "rigid_expense": (*_COMMON, Document("expense_proof", "近12个月医疗、教育等刚性支出票据")),
    "tekun": (
        *_COMMON,
        Document("selfcare_form", "生活自理能力评估表"),
        Document("supporter", "法定义务人情况说明"),
    ),
    "temporary": (
        Document("application", "书面申请书"),
        Document("identity", "申请人居民身份证、户口簿"),
        Document("hardship_proof", "遭遇困难的证明材料（医疗票据、事故证明等）"),
        Document("declaration", "家庭经济状况声明及承诺书"),
        Document("proxy_letter", "委托书（委托村(居)委会或他人代为申请的）", channel=Channel.PROXY),
    ),
    "orphan": (*_COMMON[:2], Document("parents_proof", "父母死亡或宣告失踪证明"), _COMMON[4]),
    "de_facto_child": (
        *_COMMON[:2],
        Document("parents_proof", "父母重残、重病、服刑、失联等证明"),
        _COMMON[4],
    ),
}


def required_documents(program: str, *, channel: str) -> tuple[Document, ...]:
    """The documents an application for ``program`` through ``channel`` must carry."""
    docs = _DOCUMENTS.get(program, _COMMON)
    return tuple(d for d in docs if not d.channel or d.channel == channel)


def missing_documents(program: str, *, channel: str, received: frozenset[str]) -> tuple[Document, ...]:
    """Every required document not yet received: the whole list goes into one 一次性告知."""
    return tuple(d for d in required_documents(program, channel=channel) if d.code not in received)


# ---------------------------------------------------------------- decisions


def start_month_after(decided_on: date) -> date:
    """The first day of the month after the decision: 从作出确认同意决定之日下月起发放."""
    return month_add(decided_on, 1)
