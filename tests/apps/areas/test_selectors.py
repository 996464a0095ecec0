"""Reading areas: a county named by 6 or 12 digits answers only inside the actor's area, and the counties an
actor may work with."""

from __future__ import annotations

import pytest

from apps.areas.selectors import counties_for, county_codes_of, county_in_scope
from policy.errors import NotFound, PermissionDenied
from policy.roles import Capability
from tests.factories import COUNTY, OTHER_COUNTY, TOWN, VILLAGE, UserFactory


def test_a_county_is_found_by_its_six_or_twelve_digits(areas, approver):
    assert county_in_scope(actor=approver, code=COUNTY).code == COUNTY
    assert county_in_scope(actor=approver, code=COUNTY[:6]).code == COUNTY


@pytest.mark.parametrize("code", [OTHER_COUNTY, TOWN, "999999", "not-a-code", ""])
def test_another_county_a_township_and_nonsense_all_answer_not_found(areas, approver, code):
    with pytest.raises(NotFound):
        county_in_scope(actor=approver, code=code)


def test_a_township_user_reaches_no_county(areas, reviewer):
    with pytest.raises(NotFound):  # the county lies above the township's area, not inside it
        county_in_scope(actor=reviewer, code=COUNTY)


def test_the_counties_of_a_county_a_province_and_no_area(areas, approver):
    province = UserFactory(role="admin", area_id="420000000000")
    nowhere = UserFactory(role="admin", area_id=None)

    assert [c.code for c in counties_for(actor=approver)] == [COUNTY]
    assert [c.code for c in counties_for(actor=province)] == [OTHER_COUNTY, COUNTY]  # by code
    assert counties_for(actor=nowhere) == []


def test_a_township_has_no_county_unless_the_page_reads_its_countys_figures(areas, reviewer):
    # 调标, payroll, cross-check sources: the county as a whole is beyond a township
    assert counties_for(actor=reviewer) == []
    # 地方标准, statistics, 目标管理: the township reads the figures of the county it lies in
    assert [c.code for c in counties_for(actor=reviewer, own_county=True)] == [COUNTY]


def test_counties_for_checks_the_capability_it_is_given(areas, reviewer):
    with pytest.raises(PermissionDenied):
        counties_for(actor=reviewer, capability=Capability.RESTANDARD)


def test_the_county_codes_an_area_lies_in_or_holds():
    assert county_codes_of(VILLAGE) == [COUNTY]
    assert county_codes_of(COUNTY) == [COUNTY]


def test_the_county_codes_of_a_city_are_those_on_file(areas):
    assert county_codes_of("421300000000") == [COUNTY]
    assert county_codes_of("420000000000") == [OTHER_COUNTY, COUNTY]
