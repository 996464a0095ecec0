"""法人和其他组织: the states an organisation passes through, and which change may follow which.

A state change is a dated history row (apps/organisations), so the bureau's credit lists (活动异常名录,
严重违法失信名单) are kept as history rather than as flags: who was on a list, from when, and why.
"""

from __future__ import annotations

import re

from policy.errors import InvalidTransition, ValidationFailed
from policy.identity import credit_code_parse

__all__ = [
    "ORGANISATION_STATE_LABELS",
    "ORGANISATION_TRANSITIONS",
    "REASON_REQUIRED",
    "organisation_facts_check",
    "organisation_transition_check",
]

PREPARING, NORMAL, ABNORMAL, BLACKLISTED, REVOKED, DEREGISTERED = (
    "preparing",
    "normal",
    "abnormal",
    "blacklisted",
    "revoked",
    "deregistered",
)

ORGANISATION_STATE_LABELS: dict[str, str] = {
    PREPARING: "筹备",
    NORMAL: "正常",
    ABNORMAL: "列入异常名录",
    BLACKLISTED: "列入严重违法失信名单",
    REVOKED: "撤销",
    DEREGISTERED: "注销",
}

# From each state, the states it may change to. 撤销 and 注销 end the organisation.
ORGANISATION_TRANSITIONS: dict[str, frozenset[str]] = {
    PREPARING: frozenset({NORMAL, REVOKED, DEREGISTERED}),
    NORMAL: frozenset({ABNORMAL, BLACKLISTED, REVOKED, DEREGISTERED}),
    ABNORMAL: frozenset({NORMAL, BLACKLISTED, REVOKED, DEREGISTERED}),  # 移出异常名录 back to 正常
    BLACKLISTED: frozenset({NORMAL, REVOKED, DEREGISTERED}),  # 移出严重违法失信名单 after the period
    REVOKED: frozenset(),
    DEREGISTERED: frozenset(),
}

# A list entry and an ending are taken on a stated ground; it is kept in the history row.
REASON_REQUIRED: frozenset[str] = frozenset({ABNORMAL, BLACKLISTED, REVOKED})


def organisation_transition_check(*, current: str, new: str) -> None:
    """Raise InvalidTransition, in Chinese, unless ``current`` may change to ``new``."""
    if new not in ORGANISATION_TRANSITIONS.get(current, frozenset()):
        now, then = ORGANISATION_STATE_LABELS.get(current, current), ORGANISATION_STATE_LABELS.get(new, new)
        raise InvalidTransition(f"组织当前状态为“{now}”，不能变更为“{then}”")


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def organisation_facts_check(*, name: str, contact_phone: str, credit_code: str) -> dict[str, list[str]]:
    """The reasons, by field, that an organisation's typed facts are wrong (an empty dict: none).

    The credit code is checked by :func:`policy.identity.credit_code_parse` when one is given.
    """
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["组织名称不能为空"]
    elif len(name.strip()) > 200:
        errors["name"] = ["组织名称不能超过200字"]
    phone = contact_phone.strip()
    if phone and not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        errors["contact_phone"] = ["联系电话应为11位手机号或带区号的固定电话"]
    if credit_code.strip():
        try:
            credit_code_parse(credit_code)
        except ValidationFailed as refused:
            errors.update(refused.errors)
    return errors
