"""Registry selectors: scoping by household area, by 户籍 for people in no household, and search."""

from __future__ import annotations

import pytest

from apps.registry.selectors import (
    HouseholdFilter,
    household_list_for,
    household_members,
    person_get_for,
    person_list_for,
)
from apps.registry.services.persons import person_create
from policy.errors import NotFound
from tests.factories import OTHER_VILLAGE, VILLAGE_2, household, person_input

pytestmark = pytest.mark.django_db


def test_household_list_holds_only_the_actors_area(worker, reviewer, family, other_family):
    neighbour = household(actor=reviewer, area_code=VILLAGE_2)
    assert list(household_list_for(actor=worker)) == [family]
    assert set(household_list_for(actor=reviewer)) == {family, neighbour}


def test_household_list_annotates_head_and_member_count(worker, family):
    row = household_list_for(actor=worker).get()
    head = household_members(household=family).first().person
    assert (row.head_name, row.head_id_number, row.member_count) == (head.name, head.id_number, 3)


def test_search_by_name_prefix_and_by_id_number(worker, family):
    head = household_members(household=family).first().person
    assert head in person_list_for(actor=worker, q=head.name[:2])
    assert list(person_list_for(actor=worker, q=head.id_number)) == [head]
    assert head in person_list_for(actor=worker, q=head.id_number[:10])
    assert household_list_for(actor=worker, filters=HouseholdFilter(q=head.id_number)).get() == family


def test_a_person_in_no_household_is_scoped_by_hukou(worker, outsider):
    loner = person_create(actor=outsider, data=person_input(hukou_area_code=OTHER_VILLAGE))
    with pytest.raises(NotFound):
        person_get_for(actor=worker, person_id=loner.pk)
    assert person_get_for(actor=outsider, person_id=loner.pk) == loner


def test_out_of_area_person_answers_like_a_missing_one(worker, other_family):
    stranger = household_members(household=other_family).first().person
    with pytest.raises(NotFound):
        person_get_for(actor=worker, person_id=stranger.pk)
    with pytest.raises(NotFound):
        person_get_for(actor=worker, person_id=10**9)
    assert not person_list_for(actor=worker, q=stranger.id_number).exists()
