"""Person services: rules checked together, duplicates refused or flagged, reveals leave a trace."""

from __future__ import annotations

from datetime import date

import pytest

from apps.core.models import AuditAction, AuditLog
from apps.registry.models import DuplicateFlag
from apps.registry.selectors import duplicate_flags_for
from apps.registry.services.persons import duplicate_resolve, person_create, person_reveal, person_update
from policy.errors import DuplicatePerson, PermissionDenied, ValidationFailed
from tests.factories import new_id_number, person_input

pytestmark = pytest.mark.django_db


def test_birth_date_and_sex_come_from_the_id_number(worker):
    number = new_id_number(birth=date(1948, 6, 9), male=False)
    person = person_create(actor=worker, data=person_input(id_number=number))
    assert person.birth_date == date(1948, 6, 9)
    assert person.sex == "F"


def test_entered_birth_date_and_sex_must_agree_with_the_id(worker):
    number = new_id_number(birth=date(1948, 6, 9), male=True)
    with pytest.raises(ValidationFailed) as info:
        person_create(
            actor=worker, data=person_input(id_number=number, birth_date=date(1948, 6, 10), sex="F")
        )
    assert set(info.value.errors) == {"birth_date", "sex"}
    assert "1948-06-09" in info.value.errors["birth_date"][0]


def test_every_bad_field_is_reported_at_once(worker):
    with pytest.raises(ValidationFailed) as info:
        person_create(
            actor=worker,
            data=person_input(
                name="", phone="12345", id_number="42130319900101123", disability_grade=2, ethnicity="火星族"
            ),
        )
    assert {"name", "phone", "id_number", "disability_category", "ethnicity"} <= set(info.value.errors)


def test_an_exact_duplicate_id_is_refused(worker):
    first = person_create(actor=worker, data=person_input())
    with pytest.raises(DuplicatePerson, match=first.name):
        person_create(actor=worker, data=person_input(id_number=first.id_number))


def test_same_name_and_birth_date_with_another_id_is_flagged_not_refused(worker):
    born = date(1955, 3, 3)
    first = person_create(actor=worker, data=person_input(name="刘芳", id_number=new_id_number(birth=born)))
    second = person_create(actor=worker, data=person_input(name="刘芳", id_number=new_id_number(birth=born)))
    flag = DuplicateFlag.objects.get(person=second)
    assert flag.other == first and flag.status == "open"
    assert list(duplicate_flags_for(actor=worker, person=first)) == [flag]
    assert AuditLog.objects.filter(action=AuditAction.FLAG).count() == 1
    duplicate_resolve(actor=worker, flag=flag, status="distinct")
    assert not duplicate_flags_for(actor=worker, person=first).exists()


def test_revealing_a_full_id_number_is_audited(worker):
    person = person_create(actor=worker, data=person_input())
    assert person_reveal(actor=worker, person=person, field_name="id_number") == person.id_number
    row = AuditLog.objects.filter(action=AuditAction.REVEAL).get()
    assert row.actor == worker and person.name in row.summary


def test_supervisor_may_not_reveal_identifiers(worker, supervisor):
    person = person_create(actor=worker, data=person_input())
    with pytest.raises(PermissionDenied):
        person_reveal(actor=supervisor, person=person, field_name="id_number")


def test_editing_a_person_records_only_what_changed(worker):
    person = person_create(actor=worker, data=person_input(phone="13800001111"))
    person_update(
        actor=worker,
        person=person,
        data=person_input(name=person.name, id_number=person.id_number, phone="13900002222"),
    )
    row = AuditLog.objects.filter(action=AuditAction.UPDATE, entity_id=str(person.pk)).get()
    assert row.before == {"phone": "13800001111"} and row.after == {"phone": "13900002222"}
