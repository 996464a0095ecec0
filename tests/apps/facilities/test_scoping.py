"""Who sees which facility: the actor's area, and an operator's staff only what their organisation runs."""

from __future__ import annotations

import pytest

from apps.facilities.selectors import FacilityFilter, facility_get_for, facility_list_for
from apps.organisations.services.organisations import organisation_staff_bind
from policy.errors import NotFound
from tests.apps.facilities.helpers import facility
from tests.apps.organisations.helpers import organisation
from tests.factories import OTHER_VILLAGE, VILLAGE, VILLAGE_B, UserFactory

pytestmark = pytest.mark.django_db


def test_another_countys_facility_answers_like_a_missing_one(approver, outsider):
    theirs = facility(actor=outsider, area_code=OTHER_VILLAGE, longitude=None, latitude=None)
    ours = facility(actor=approver)
    assert list(facility_list_for(actor=approver)) == [ours]
    for missing in (theirs.pk, 10**9):
        with pytest.raises(NotFound):
            facility_get_for(actor=approver, facility_id=missing)


def test_the_list_filters_by_kind_area_and_state(approver, worker):
    canteen = facility(actor=approver)
    home = facility(
        actor=approver,
        name="万店村互助照料活动中心",
        kind="rural_mutual_aid",
        area_code=VILLAGE_B,
        state="planned",
    )
    assert list(facility_list_for(actor=approver, filters=FacilityFilter(kind="rural_mutual_aid"))) == [home]
    assert list(facility_list_for(actor=approver, filters=FacilityFilter(area_code=VILLAGE))) == [canteen]
    assert list(facility_list_for(actor=approver, filters=FacilityFilter(state="planned"))) == [home]
    assert list(facility_list_for(actor=approver, filters=FacilityFilter(q=home.number[-8:]))) == [home]
    assert list(facility_list_for(actor=worker)) == [canteen]  # the worker's village only


def test_an_operators_staff_see_only_the_facilities_it_runs(admin_user):
    operator = organisation(actor=admin_user)
    runs = facility(actor=admin_user, operating_mode="public_private", operator_id=operator.pk)
    other = facility(actor=admin_user, name="双龙寺日间照料中心", kind="day_care_centre")
    staff = UserFactory(role="village_worker", area_id=VILLAGE)
    organisation_staff_bind(actor=admin_user, organisation=operator, user=staff)
    assert list(facility_list_for(actor=staff)) == [runs]
    with pytest.raises(NotFound):
        facility_get_for(actor=staff, facility_id=other.pk)
