"""Who sees which organisation: the actor's area, and an organisation's own staff only their own."""

from __future__ import annotations

import pytest

from apps.organisations.selectors import organisation_get_for, organisation_list_for
from apps.organisations.services.organisations import organisation_staff_bind
from policy.errors import NotFound, ValidationFailed
from tests.apps.organisations.helpers import organisation
from tests.factories import OTHER_VILLAGE, VILLAGE, VILLAGE_B, UserFactory

pytestmark = pytest.mark.django_db


def test_another_countys_organisation_answers_like_a_missing_one(approver, outsider):
    theirs = organisation(actor=outsider, area_code=OTHER_VILLAGE)
    ours = organisation(actor=approver)
    assert list(organisation_list_for(actor=approver)) == [ours]
    for missing in (theirs.pk, 10**9, "x"):
        with pytest.raises(NotFound):
            organisation_get_for(actor=approver, organisation_id=missing)


def test_a_village_worker_sees_the_organisations_of_their_village(approver, worker):
    here = organisation(actor=approver, area_code=VILLAGE)
    organisation(actor=approver, area_code=VILLAGE_B)
    assert list(organisation_list_for(actor=worker)) == [here]


def test_an_organisations_staff_see_their_own_organisation_only(admin_user):
    own = organisation(actor=admin_user, name="颐养中心")
    other = organisation(actor=admin_user, name="福寿中心")
    staff = UserFactory(role="village_worker", area_id=VILLAGE)
    # when
    organisation_staff_bind(actor=admin_user, organisation=own, user=staff)
    # then
    assert list(organisation_list_for(actor=staff)) == [own]
    assert organisation_get_for(actor=staff, organisation_id=own.pk) == own
    with pytest.raises(NotFound):
        organisation_get_for(actor=staff, organisation_id=other.pk)


def test_staff_are_bound_once_and_inside_the_organisations_area(admin_user):
    own = organisation(actor=admin_user)
    elsewhere = UserFactory(role="village_worker", area_id=VILLAGE_B)
    with pytest.raises(ValidationFailed) as refused:
        organisation_staff_bind(actor=admin_user, organisation=own, user=elsewhere)
    assert refused.value.errors["user"] == ["该账号的所属区划不包含组织的住所所在区划"]
    staff = UserFactory(role="village_worker", area_id=VILLAGE)
    organisation_staff_bind(actor=admin_user, organisation=own, user=staff)
    with pytest.raises(ValidationFailed, match="该账号已绑定到一个组织"):
        organisation_staff_bind(actor=admin_user, organisation=own, user=staff)
