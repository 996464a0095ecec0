"""Household services: creation all-or-nothing, membership history, move, split, merge, audit."""

from __future__ import annotations

import pytest

from apps.core.models import AuditLog
from apps.registry.models import Household, Membership, Person
from apps.registry.selectors import household_get_for, household_members
from apps.registry.services.households import (
    HouseholdInput,
    NewMember,
    household_create,
    household_merge,
    household_split,
)
from apps.registry.services.members import household_head_change, person_move
from policy.errors import NotFound, PermissionDenied, ValidationFailed
from tests.factories import VILLAGE, household, person_input

pytestmark = pytest.mark.django_db


def test_household_create_writes_household_members_and_audit_rows(worker):
    # given
    audits_before = AuditLog.objects.count()
    # when
    h = household(actor=worker, members=3)
    # then
    members = list(household_members(household=h))
    assert [m.relation for m in members] == ["head", "spouse", "child"]
    assert h.is_urban is True  # 乌龙巷居委会 defaults to urban
    # one row for the household, and per member one for the person and one for joining
    assert AuditLog.objects.count() - audits_before == 1 + 3 * 2
    assert set(AuditLog.objects.filter(household_id=h.pk).values_list("actor", flat=True)) == {worker.pk}


def test_household_create_with_a_bad_member_leaves_nothing_behind(worker):
    good = person_input(name="王大明")
    bad = person_input(name="王小明", id_number="421303199001011235")
    with pytest.raises(ValidationFailed) as info:
        household_create(
            actor=worker,
            data=HouseholdInput(area_code=VILLAGE, address="测试路2号"),
            members=[NewMember(relation="head", data=good), NewMember(relation="child", data=bad)],
        )
    assert "members-1-id_number" in info.value.errors
    assert not Person.objects.filter(name="王大明").exists()
    assert not Household.objects.filter(address="测试路2号").exists()


def test_household_needs_exactly_one_head(worker):
    with pytest.raises(ValidationFailed, match="户主"):
        household_create(
            actor=worker,
            data=HouseholdInput(area_code=VILLAGE, address="测试路3号"),
            members=[NewMember(relation="spouse", data=person_input())],
        )


def test_exact_duplicate_id_is_refused_and_says_where_the_person_is(worker, family):
    head = household_members(household=family).first().person
    with pytest.raises(ValidationFailed) as info:
        household_create(
            actor=worker,
            data=HouseholdInput(area_code=VILLAGE, address="测试路4号"),
            members=[NewMember(relation="head", data=person_input(id_number=head.id_number))],
        )
    message = info.value.errors["members-0-id_number"][0]
    assert head.name in message and f"家庭{family.number}" in message


def test_out_of_area_duplicate_names_no_area_and_no_one(worker, other_family):
    stranger = household_members(household=other_family).first().person
    with pytest.raises(ValidationFailed) as info:
        household_create(
            actor=worker,
            data=HouseholdInput(area_code=VILLAGE, address="测试路5号"),
            members=[NewMember(relation="head", data=person_input(id_number=stranger.id_number))],
        )
    message = info.value.errors["members-0-id_number"][0]
    assert "孝昌县" not in message and stranger.name not in message
    assert (
        "不能在此登记" in message
    )  # the full check of every path is tests/apps/registry/test_scope_messages.py


def test_move_keeps_history_and_one_current_household(worker, family):
    other = household(actor=worker, members=1)
    child = household_members(household=family).get(relation="child").person
    person_move(actor=worker, person=child, to_household=other, relation="sibling")
    rows = list(Membership.objects.filter(person=child).order_by("id"))
    assert [(r.household_id, r.end_reason) for r in rows] == [(family.pk, "moved"), (other.pk, "")]
    assert Membership.objects.filter(person=child, end_date__isnull=True).count() == 1


def test_head_cannot_move_out_before_a_new_head_is_named(worker, family):
    other = household(actor=worker, members=1)
    head = household_members(household=family).get(relation="head").person
    with pytest.raises(ValidationFailed, match="户主"):
        person_move(actor=worker, person=head, to_household=other, relation="sibling")
    spouse = household_members(household=family).get(relation="spouse").person
    household_head_change(actor=worker, household=family, new_head=spouse, old_head_relation="spouse")
    person_move(actor=worker, person=head, to_household=other, relation="sibling")
    assert household_members(household=family).get(relation="head").person == spouse


def test_split_and_merge_keep_every_membership_row(worker, family):
    child = household_members(household=family).get(relation="child").person
    new = household_split(
        actor=worker,
        household=family,
        relations={child.pk: "head"},
        data=HouseholdInput(area_code=VILLAGE, address="新址1号"),
    )
    assert household_members(household=new).get().person == child
    household_merge(actor=worker, source=new, target=family, relations={child.pk: "child"})
    new.refresh_from_db()
    assert new.status == "dissolved"
    assert Membership.objects.filter(person=child).count() == 3
    assert household_members(household=family).count() == 3


def test_out_of_area_household_answers_like_a_missing_one(worker, other_family):
    with pytest.raises(NotFound):
        household_get_for(actor=worker, household_id=other_family.pk)
    with pytest.raises(NotFound):
        household_get_for(actor=worker, household_id=999999)


def test_read_only_roles_cannot_create_households(supervisor):
    with pytest.raises(PermissionDenied):
        household(actor=supervisor)
