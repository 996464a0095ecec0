"""The demo's 目标管理: a mix of bound and manual targets, seeded once."""

from __future__ import annotations

import pytest

from apps.areas.models import Area
from apps.demo.targets import targets_demo_seed
from apps.targets.models import Target
from tests.factories import COUNTY


@pytest.fixture
def county(counted):  # as in tests/apps/targets/test_targets.py
    return Area.objects.get(pk=COUNTY)


def test_the_demo_seeds_a_mix_of_bound_and_manual_targets_once(county, settings):
    settings.MINZHENG_TODAY = "2026-06-15"

    made = targets_demo_seed()

    assert made.created == Target.objects.filter(year=2026).count() >= 8
    targets = Target.objects.filter(year=2026)
    assert targets.exclude(measure="").exists() and targets.filter(measure="").exists()
    assert targets.exclude(evidence_path="").count() == 1
    assert targets_demo_seed().created == 0
