"""The audit list in the bureau's words: registering a person into a household is 增加成员, a member leaving
is 移出成员, and only a move between households is 成员迁入迁出; a duplicate ID names the real path."""

from __future__ import annotations

import pytest

from apps.core.models import AuditAction, AuditLog
from apps.registry.choices import MembershipEnd
from apps.registry.selectors import household_members
from apps.registry.services.members import household_member_add, household_member_end, person_move
from apps.registry.services.persons import person_create
from policy.errors import Conflict, ValidationFailed
from tests.factories import household, person_input


def _actions(person) -> list[str]:
    rows = AuditLog.objects.filter(entity_type="registry.person", entity_id=str(person.pk)).order_by("id")
    return [row.get_action_display() for row in rows]


def test_registering_a_new_member_is_recorded_as_adding_a_member_not_a_move(worker):
    family = household(actor=worker)
    membership = household_member_add(actor=worker, household=family, relation="child", data=person_input())

    assert _actions(membership.person) == ["新增", "增加成员"]
    assert not AuditLog.objects.filter(action=AuditAction.MOVE).exists()


def test_a_new_household_records_its_members_as_added_not_moved(worker):
    family = household(actor=worker)

    assert not AuditLog.objects.filter(action=AuditAction.MOVE).exists()
    for member in household_members(household=family):
        assert "增加成员" in _actions(member.person)


def test_only_a_move_between_households_is_a_move_and_leaving_is_its_own_word(worker):
    home, other = household(actor=worker), household(actor=worker)
    child = household_members(household=home).get(relation="child").person
    person_move(actor=worker, person=child, to_household=other, relation="sibling")
    assert _actions(child)[-2:] == ["成员迁入迁出", "成员迁入迁出"]  # 迁出 from one, 迁入 to the other

    spouse = household_members(household=other).get(relation="spouse").person
    household_member_end(actor=worker, household=other, person=spouse, reason=MembershipEnd.REMOVED)
    assert _actions(spouse)[-1] == "移出成员"


def test_a_duplicate_id_number_names_the_button_under_add_member(worker):
    family = household(actor=worker)
    head = household_members(household=family).get(relation="head").person
    with pytest.raises((Conflict, ValidationFailed)) as caught:
        person_create(actor=worker, data=person_input(id_number=head.id_number))
    text = str(getattr(caught.value, "message", "")) + str(getattr(caught.value, "errors", ""))
    assert "“增加成员”页面" in text and "“迁入已登记人员”" in text
    assert "请使用“迁入”" not in text
