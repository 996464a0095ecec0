"""The audit trail: written with every write, in the same transaction, and never rewritten."""

from __future__ import annotations

import pytest
from django.db import transaction

from apps.core.models import AuditAction, AuditLog
from apps.core.services import audit_record
from apps.registry.models import Household
from apps.registry.services.households import HouseholdInput, household_update
from policy.errors import ValidationFailed
from tests.factories import VILLAGE, household

pytestmark = pytest.mark.django_db


def test_an_update_records_who_and_the_values_before_and_after(worker, family):
    household_update(
        actor=worker, household=family, data=HouseholdInput(area_code=VILLAGE, address="新地址9号")
    )
    row = AuditLog.objects.filter(household_id=family.pk, action=AuditAction.UPDATE).get()
    assert row.actor == worker
    assert row.before == {"address": "测试路1号"}
    assert row.after == {"address": "新地址9号"}


def test_a_failed_write_leaves_no_audit_row(worker, family):
    count = AuditLog.objects.count()
    with pytest.raises(ValidationFailed):
        household_update(actor=worker, household=family, data=HouseholdInput(area_code=VILLAGE, address=" "))
    assert AuditLog.objects.count() == count
    assert Household.objects.get(pk=family.pk).address == "测试路1号"


def test_audit_rows_cannot_be_edited_or_deleted(worker, family):
    row = AuditLog.objects.filter(household_id=family.pk).first()
    row.summary = "篡改"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=row.pk).update(summary="篡改")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction(worker):
    with pytest.raises(RuntimeError):
        audit_record(actor=worker, action=AuditAction.CREATE, entity_type="x", area_code=VILLAGE)


def test_the_audit_row_rolls_back_with_the_write(worker):
    count = AuditLog.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        household(actor=worker)
        1 / 0  # noqa: B018
    assert AuditLog.objects.count() == count
