"""The demo's standards: the seeds' values, a demo value wherever the seeds are silent, safe to reload."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from apps.areas.models import Area
from apps.core.models import AuditAction, AuditLog
from apps.standards.models import StandardVersion
from apps.standards.selectors import standards_for
from apps.standards.services import DEMO_FILE, standards_demo_load
from policy.areas import area_code_level, area_code_parent
from policy.parameters import CATALOGUE
from tests.factories import COUNTY, OTHER_COUNTY, VILLAGE, VILLAGE_B

pytestmark = pytest.mark.django_db

# (county, a day its demo values are in force)
COUNTIES = {
    "421303": date(2023, 6, 1),  # 曾都区
    "430602": date(2020, 6, 1),  # 岳阳楼区
    "420921": date(2018, 6, 1),  # 孝昌县
    "330305": date(2020, 6, 1),  # 洞头区
    "510116": date(2022, 6, 1),  # 双流区
}
REQUIRED = [key for key, spec in CATALOGUE.items() if spec.default is None]


@pytest.fixture
def all_counties(areas):
    """The two counties the test tree lacks, with their province and city."""
    for code, name in [
        ("430000000000", "湖南省"),
        ("430600000000", "岳阳市"),
        ("430602000000", "岳阳楼区"),
        ("330000000000", "浙江省"),
        ("330300000000", "温州市"),
        ("330305000000", "洞头区"),
        ("510000000000", "四川省"),
        ("510100000000", "成都市"),
        ("510116000000", "双流区"),
    ]:
        Area.objects.get_or_create(
            code=code,
            defaults={"name": name, "level": area_code_level(code), "parent_id": area_code_parent(code)},
        )


def test_every_county_resolves_every_parameter_without_a_default_for_both_kinds(all_counties):
    standards_demo_load()

    for county, day in COUNTIES.items():
        for urban in (True, False):
            standards = standards_for(area_code=county.ljust(12, "0"), urban=urban, on=day)
            for key in REQUIRED:
                standards.value(key)  # raises when unset
                assert standards.source(key) != "默认值", (county, urban, key)


def test_the_seed_values_are_loaded_as_the_seeds_state_them(all_counties):
    standards_demo_load()

    def money(county, key, urban, day):
        return standards_for(area_code=county.ljust(12, "0"), urban=urban, on=day).money(key)

    zd = date(2023, 6, 1)
    assert money("421303", "dibao.standard", True, zd) == 680
    assert money("421303", "dibao.standard", False, zd) == 617
    assert money("421303", "tekun.basic_dispersed", True, zd) == 1360
    assert money("421303", "tekun.basic_dispersed", False, zd) == 1233
    assert money("421303", "orphan.dispersed", True, zd) == 1530
    yy = date(2020, 6, 1)
    assert (money("430602", "dibao.standard", True, yy), money("430602", "dibao.standard", False, yy)) == (
        530,
        360,
    )
    assert money("430602", "tekun.basic_institutional", False, yy) * 12 == 10800
    assert money("430602", "tekun.basic_dispersed", True, yy) * 12 == 7800
    assert (
        money("430602", "orphan.institutional", True, yy),
        money("430602", "orphan.dispersed", True, yy),
    ) == (
        1350,
        950,
    )
    xc = date(2018, 6, 1)
    assert money("420921", "dibao.standard", False, xc) * 12 == 4680
    assert money("420921", "tekun.basic_dispersed", False, xc) * 12 == 8880
    assert money("420921", "orphan.dispersed", False, xc) * 12 == 15600
    assert money("330305", "tekun.basic_dispersed", True, yy) == 1175


def test_zengdu_shows_a_change_of_standard_on_1_january_2023(areas):
    standards_demo_load()

    before = standards_for(area_code=VILLAGE, urban=True, on=date(2022, 12, 31))
    after = standards_for(area_code=VILLAGE, urban=True, on=date(2023, 1, 1))

    assert (before.money("dibao.standard"), after.money("dibao.standard")) == (650, 680)
    assert "演示值" in before.source("dibao.standard")
    assert "2023年法治政府建设情况报告" in after.source("dibao.standard")
    assert StandardVersion.objects.get(
        area_id=COUNTY, key="dibao.standard", urban=True, value="650"
    ).effective_to == (date(2022, 12, 31))


def test_values_the_seeds_do_not_state_are_marked_as_demo_values():
    with DEMO_FILE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    for row in rows:
        cited = any(word in row["说明"] for word in ("总结", "报告", "工作"))
        assert cited or row["演示值"] == "是", row


def test_loading_again_changes_nothing_and_loads_only_counties_that_exist(areas):
    first = standards_demo_load()
    second = standards_demo_load()

    assert first > 0 and second == 0
    assert {v[:6] for v in StandardVersion.objects.values_list("area_id", flat=True)} == {"421303", "420921"}
    assert AuditLog.objects.filter(action=AuditAction.LOAD, entity_type="standards.import").count() == 1


def test_a_county_an_admin_already_configured_is_left_alone(admin_user):
    from apps.standards.services import standard_set

    standard_set(
        actor=admin_user,
        area_code=COUNTY,
        key="dibao.standard",
        urban=True,
        value="700",
        effective_from=date(2024, 1, 1),
    )

    standards_demo_load()

    assert StandardVersion.objects.filter(area_id__gte=COUNTY, area_id__lte="421303999999").count() == 1
    assert StandardVersion.objects.filter(area_id=OTHER_COUNTY).exists()


def test_the_demo_command_loads_the_standards(areas):
    from apps.demo.services import demo_users_ensure

    demo_users_ensure()

    assert standards_for(area_code=VILLAGE_B, urban=False, on=date(2024, 1, 1)).money("dibao.standard") == 617
