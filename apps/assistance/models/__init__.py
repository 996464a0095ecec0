"""Social assistance's records. Django and the migrations see every model here, under the app label
``assistance``; the rest of the code imports them from this package.

- :mod:`.applications`: an application for assistance with its steps, 公示 objections, attachments, notices
- :mod:`.cases`: the cases (在保对象) that approval creates, and their history
- :mod:`.restandard`: 调标: the frozen means-test basis of 低保 cases and the standard-change runs
"""

from apps.assistance.models.applications import (
    FINAL_STATES,
    Application,
    ApplicationEvent,
    Attachment,
    Notice,
    Objection,
)
from apps.assistance.models.cases import Case, CaseEvent
from apps.assistance.models.restandard import (
    CaseBasis,
    CaseBasisMember,
    ReviewReason,
    RunStatus,
    StandardChangeReview,
    StandardChangeRun,
)

__all__ = [
    "FINAL_STATES",
    "Application",
    "ApplicationEvent",
    "Attachment",
    "Case",
    "CaseBasis",
    "CaseBasisMember",
    "CaseEvent",
    "Notice",
    "Objection",
    "ReviewReason",
    "RunStatus",
    "StandardChangeReview",
    "StandardChangeRun",
]
