"""Resolving the standards in force: township over county, urban- or rural-specific over both, date ranges."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.standards.selectors import area_chain, standards_for, standards_for_many
from apps.standards.services import standard_set
from policy.errors import ValidationFailed
from tests.factories import COUNTY, TOWN, TOWN_B, VILLAGE, VILLAGE_B

pytestmark = pytest.mark.django_db

D2023 = date(2023, 1, 1)


def put(admin, key, value, *, area=COUNTY, urban=None, start=D2023, note=""):
    return standard_set(
        actor=admin, area_code=area, key=key, urban=urban, value=value, effective_from=start, note=note
    )


def test_the_chain_runs_from_the_village_up_to_the_province():
    assert area_chain(VILLAGE) == [VILLAGE, TOWN, COUNTY, "421300000000", "420000000000"]


def test_a_malformed_area_code_is_refused_in_chinese():
    with pytest.raises(ValidationFailed, match="12位数字"):
        standards_for(area_code="4213", urban=True, on=D2023)


def test_a_village_gets_its_countys_value_with_the_source_cited(admin_user):
    put(admin_user, "dibao.standard", "680", urban=True, note="曾都区2023年民政工作总结")

    standards = standards_for(area_code=VILLAGE, urban=True, on=date(2023, 6, 1))

    assert standards.money("dibao.standard") == 680
    assert standards.source("dibao.standard") == "曾都区 2023-01-01起（曾都区2023年民政工作总结）"


def test_a_townships_value_overrides_its_countys_for_its_villages_only(admin_user):
    put(admin_user, "dibao.standard", "680", urban=True)
    put(admin_user, "dibao.standard", "700", area=TOWN, urban=True, note="西城街道调整")

    assert standards_for(area_code=VILLAGE, urban=True, on=D2023).money("dibao.standard") == 700
    assert standards_for(area_code=TOWN_B, urban=True, on=D2023).money("dibao.standard") == 680
    assert (
        standards_for(area_code=VILLAGE, urban=True, on=D2023).source("dibao.standard").startswith("西城街道")
    )


def test_a_township_value_for_both_kinds_still_beats_the_countys_kind_specific_one(admin_user):
    put(admin_user, "dibao.standard", "617", urban=False)
    put(admin_user, "dibao.standard", "650", area=TOWN)

    assert standards_for(area_code=VILLAGE, urban=False, on=D2023).money("dibao.standard") == 650


def test_an_urban_specific_value_beats_one_for_both_kinds_at_the_same_area(admin_user):
    put(admin_user, "dibao.standard", "600")
    put(admin_user, "dibao.standard", "680", urban=True)

    assert standards_for(area_code=VILLAGE, urban=True, on=D2023).money("dibao.standard") == 680
    assert standards_for(area_code=VILLAGE_B, urban=False, on=D2023).money("dibao.standard") == 600


def test_a_value_changed_mid_year_applies_from_its_first_day(admin_user):
    put(admin_user, "dibao.standard", "680", urban=True)
    put(admin_user, "dibao.standard", "700", urban=True, start=date(2023, 7, 1))

    def on(day):
        return standards_for(area_code=VILLAGE, urban=True, on=day).money("dibao.standard")

    assert on(date(2023, 6, 30)) == 680
    assert on(date(2023, 7, 1)) == 700
    assert on(date(2024, 1, 1)) == 700


def test_before_the_first_version_the_parameter_is_unset_and_says_so(admin_user):
    put(admin_user, "dibao.standard", "680", urban=True)

    standards = standards_for(area_code=VILLAGE, urban=True, on=date(2022, 12, 31))

    with pytest.raises(ValidationFailed, match="低保标准（城市）在2022-12-31没有配置"):
        standards.money("dibao.standard")


def test_a_parameter_never_set_falls_back_to_its_catalogue_default(admin_user):
    standards = standards_for(area_code=VILLAGE, urban=True, on=D2023)

    assert standards.rate("dibao.near_multiple") == 1.5
    assert standards.source("dibao.near_multiple") == "默认值"


def test_resolution_costs_one_query_however_many_parameters_are_set(admin_user):
    for key, value in [("dibao.standard", "680"), ("orphan.dispersed", "1530"), ("child.de_facto", "1530")]:
        put(admin_user, key, value, urban=True if key == "dibao.standard" else None)
    put(admin_user, "dibao.standard", "700", area=TOWN, urban=True)

    with CaptureQueriesContext(connection) as queries:
        standards = standards_for(area_code=VILLAGE, urban=True, on=D2023)

    assert len(queries) == 1
    assert standards.money("orphan.dispersed") == 1530


def test_many_areas_resolve_in_one_query_for_both_kinds(admin_user):
    put(admin_user, "dibao.standard", "680", urban=True)
    put(admin_user, "dibao.standard", "617", urban=False)

    with CaptureQueriesContext(connection) as queries:
        table = standards_for_many(area_codes=[VILLAGE, VILLAGE_B, TOWN], on=D2023)

    assert len(queries) == 1
    assert table[(VILLAGE_B, False)].money("dibao.standard") == 617
    assert table[(VILLAGE, True)].money("dibao.standard") == 680
