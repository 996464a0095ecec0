"""The office's ratios, checked against the seeds' own published figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.eldercare.figures import (
    beds_per_thousand,
    centralised_support_rate,
    nursing_bed_share,
    occupancy_rate,
    per_thousand,
    percent,
    village_coverage,
)
from policy.errors import ValidationFailed


def test_beds_per_thousand_older_people_as_seed_000_reports_it():
    # "4039张养老床位，每千名老人拥有37.4张": about 108,000 older people.
    assert beds_per_thousand(beds=4039, older_people=108_000) == Decimal("37.4")


def test_rounding_is_half_up_to_one_decimal():
    assert per_thousand(1, 8000) == Decimal("0.1")  # 0.125 → 0.1
    assert per_thousand(3, 2000) == Decimal("1.5")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 → 6.3, not banker's 6.2


def test_nursing_bed_share():
    assert nursing_bed_share(nursing_beds=2222, beds=4039) == Decimal("55.0")
    assert nursing_bed_share(nursing_beds=0, beds=4039) == Decimal("0.0")


def test_nothing_to_divide_by_is_none_not_zero():
    assert beds_per_thousand(beds=120, older_people=0) is None
    assert nursing_bed_share(nursing_beds=0, beds=0) is None
    assert village_coverage(served=[], villages=[]) is None


def test_village_coverage_counts_each_village_once_and_only_the_areas_own():
    villages = [f"v{n:03}" for n in range(1000)]
    served = [f"v{n:03}" for n in range(783)] + ["v001", "v002", "elsewhere"]
    assert village_coverage(served=served, villages=villages) == Decimal("78.3")  # seed 001: 78.3%


def test_occupancy_and_centralised_support():
    assert occupancy_rate(occupied=2426, beds=4039) == Decimal("60.1")
    assert centralised_support_rate(centralised=310, supported=1762) == Decimal("17.6")


def test_counts_that_contradict_each_other_are_refused():
    with pytest.raises(ValidationFailed) as caught:
        nursing_bed_share(nursing_beds=10, beds=9)
    assert "nursing_beds" in caught.value.errors
    with pytest.raises(ValidationFailed):
        beds_per_thousand(beds=-1, older_people=100)
    with pytest.raises(ValidationFailed):
        occupancy_rate(occupied=True, beds=10)
