"""The exceptions that minzheng raises, in one small tree.

    MinzhengError                  base; carries a Chinese ``message`` fit for the user
    ├── ValidationFailed           input is wrong; ``errors`` maps field → list of Chinese reasons
    │   └── InvalidIdNumber        a 公民身份号码 fails GB 11643
    ├── NotFound                   missing, or outside the actor's area: the two look the same
    ├── PermissionDenied           the actor's role may not do this
    ├── Conflict                   the change clashes with data already held
    │   └── DuplicatePerson        the ID number is already registered
    └── InvalidTransition          a workflow step that the table does not allow

The API maps these to one error shape and the web to a Chinese message; services raise, never return.
"""

from __future__ import annotations

__all__ = [
    "Conflict",
    "DuplicatePerson",
    "InvalidIdNumber",
    "InvalidTransition",
    "MinzhengError",
    "NotFound",
    "PermissionDenied",
    "ValidationFailed",
]


class MinzhengError(Exception):
    """Base of every domain error; ``message`` is Chinese and safe to show."""

    default_message = "操作失败"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class ValidationFailed(MinzhengError):
    """Input breaks a rule; ``errors`` maps a field name ("" for the whole form) to its reasons."""

    default_message = "填写有误，请检查标红的项目"

    def __init__(self, errors: dict[str, list[str]] | str, message: str | None = None) -> None:
        if isinstance(errors, str):
            errors = {"": [errors]}
        self.errors = errors
        first = next((msgs[0] for msgs in errors.values() if msgs), None)
        super().__init__(message or first or self.default_message)

    @classmethod
    def on(cls, field: str, reason: str) -> ValidationFailed:
        """One reason on one field."""
        return cls({field: [reason]})


class InvalidIdNumber(ValidationFailed):
    """A 公民身份号码 that is malformed or whose check digit is wrong."""

    def __init__(self, reason: str, field: str = "id_number") -> None:
        super().__init__({field: [reason]})


class NotFound(MinzhengError):
    default_message = "未找到该记录"


class PermissionDenied(MinzhengError):
    default_message = "您的角色无权进行此操作"


class Conflict(MinzhengError):
    default_message = "与已有数据冲突"


class DuplicatePerson(Conflict):
    """The exact ID number is already held; the message says where the person is."""

    default_message = "该公民身份号码已登记"


class InvalidTransition(MinzhengError):
    default_message = "当前状态不允许此操作"
