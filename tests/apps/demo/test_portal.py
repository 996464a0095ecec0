"""The demo's resident registers the way a resident does, and ends up a confirmed account."""

from __future__ import annotations

import pytest

from apps.demo.portal import portal_demo_seed
from apps.portal.models import AccountState, CitizenProfile, OnlineApplication, Verification
from tests.factories import PASSWORD, UserFactory, household


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the demo resident's uploaded 户口簿


def test_the_demo_resident_with_a_phone_on_record_proves_it_with_the_code(worker):
    household(actor=worker, head_phone="13977778888")
    resident = portal_demo_seed(password=PASSWORD)
    profile = CitizenProfile.objects.get()
    assert resident is not None and resident.username == profile.id_number
    assert profile.state == AccountState.ACTIVE and profile.verified_by == Verification.REGISTRY_PHONE
    assert profile.user.is_active and OnlineApplication.objects.get().citizen == profile.user


def test_the_demo_resident_without_a_phone_is_confirmed_by_the_demo_village_worker(worker):
    household(actor=worker)
    confirmer = UserFactory(username="village_worker", role="village_worker", area_id=worker.area_id)
    portal_demo_seed(password=PASSWORD)
    profile = CitizenProfile.objects.get()
    assert profile.state == AccountState.ACTIVE and profile.verified_by == Verification.STAFF
    assert profile.handled_by == confirmer and profile.user.is_active
