"""网上办事, the village's and township's side: forwarding an online application into the real workflow,
registering the household from it, or returning it.

Staff act through apps/core/scoping.py like everywhere else. Every write is audited in its own transaction.
A stale page (``expected_version``) is refused.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from apps.assistance.models import Application
from apps.assistance.services.applications import ApplicationInput, application_create
from apps.core.clock import today
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record
from apps.portal.models import OnlineApplication, OnlineState
from apps.portal.services.citizen import SIGNED_ONLINE, _locked
from apps.registry.models import Household
from apps.registry.selectors import household_get_for, household_members
from apps.registry.services.households import HouseholdInput, NewMember, household_create
from apps.registry.services.persons import PersonInput
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.roles import Capability
from policy.workflow import Channel

if TYPE_CHECKING:
    from apps.accounts.models import User


def _staff_row(actor: User, online: OnlineApplication, expected_version: int | None) -> OnlineApplication:
    require(actor, Capability.APPLY)
    if not code_in_scope(actor, online.area_id):
        raise NotFound()
    row = _locked(online, expected_version)
    if row.state != OnlineState.SUBMITTED:
        raise Conflict(f"该网上申请{row.get_state_display()}，不能再办理")
    return row


@transaction.atomic
def online_forward(
    *,
    actor: User,
    online: OnlineApplication,
    household_id: int | str,
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """转入办理: the registry household the resident belongs to takes the application into the workflow,
    with channel 网上申请 and the documents signed or uploaded online counted as received."""
    row = _staff_row(actor, online, expected_version)
    on = on or today()
    household = household_get_for(actor=actor, household_id=household_id)
    applicant_number = row.members[0]["id_number"]
    applicant = next(
        (m.person for m in household_members(household=household) if m.person.id_number == applicant_number),
        None,
    )
    if applicant is None:
        raise ValidationFailed.on(
            "household", f"申请人{row.applicant_name}不是该家庭的现有成员，请选择其所在家庭或先登记家庭"
        )
    uploaded = set(row.attachments.filter(removed_at__isnull=True).values_list("document", flat=True))
    application = application_create(
        actor=actor,
        household=household,
        data=ApplicationInput(
            program=row.program,
            channel=Channel.ONLINE.value,
            applicant_id=applicant.pk,
            reason=row.reason,
            documents=frozenset(SIGNED_ONLINE | uploaded),
            temporary_kind=row.temporary_kind,
            requested_amount=row.requested_amount,
        ),
        on=on,
    )
    row.application = application
    row.state = OnlineState.FORWARDED
    row.handled_by = actor
    row.handled_on = on
    row.version += 1
    row.save(update_fields=["application", "state", "handled_by", "handled_on", "version"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=row,
        area_code=row.area_id,
        household_id=household.pk,
        summary=f"网上申请{row.number}转入办理：{application.get_program_display()}申请{application.number}",
    )
    return application


@transaction.atomic
def online_register_household(
    *, actor: User, online: OnlineApplication, expected_version: int | None = None
) -> Household:
    """登记家庭: a household the registry does not know yet, from the members the resident listed.
    The registry's own checks apply (a person already in another household is refused, by name)."""
    row = _staff_row(actor, online, expected_version)
    household = household_create(
        actor=actor,
        data=HouseholdInput(area_code=row.area_id, address=row.address),
        members=[
            NewMember(
                relation=m["relation"],
                label=m["name"],
                data=PersonInput(
                    name=m["name"],
                    id_number=m["id_number"],
                    hukou_area_code=row.area_id,
                    phone=row.phone if i == 0 else "",
                ),
            )
            for i, m in enumerate(row.members)
        ],
    )
    row.version += 1
    row.save(update_fields=["version"])
    return household


@transaction.atomic
def online_return(
    *, actor: User, online: OnlineApplication, reason: str, expected_version: int | None = None
) -> OnlineApplication:
    """退回: not taken up, with the reason the resident reads (e.g. 户籍不在本辖区)."""
    row = _staff_row(actor, online, expected_version)
    text = reason.strip()
    if len(text) < 4:
        raise ValidationFailed.on("reason", "请写明退回理由，申请人将看到这段说明")
    row.state = OnlineState.RETURNED
    row.return_reason = text
    row.handled_by = actor
    row.handled_on = today()
    row.version += 1
    row.save(update_fields=["state", "return_reason", "handled_by", "handled_on", "version"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=row,
        area_code=row.area_id,
        summary=f"网上申请{row.number}退回：{text}",
    )
    return row
