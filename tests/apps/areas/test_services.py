"""Loading areas from china-division 2.7.0 CSVs: the shipped seed, idempotency, filters, overrides, errors."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.areas.models import Area
from apps.areas.services import SEED_DIR, area_set_urban, areas_import, areas_import_seed
from apps.core.models import AuditAction, AuditLog
from policy.areas import AreaLevel, area_code_range
from policy.errors import ValidationFailed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SEED_COUNTIES = [
    ("430602", "岳阳楼区", 25, 181),
    ("330305", "洞头区", 8, 94),
    ("420921", "孝昌县", 15, 454),
    ("510116", "双流区", 19, 257),
    ("421303", "曾都区", 12, 213),
]


def inside(code6: str, level: AreaLevel) -> int:
    low, high = area_code_range(code6.ljust(12, "0"))
    return Area.objects.filter(code__gte=low, code__lte=high, level=level).count()


def table() -> list[tuple]:
    return list(Area.objects.order_by("code").values_list("code", "name", "level", "parent_id", "is_urban"))


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed directory, for tests that break or change a file."""
    target = tmp_path / "dist"
    shutil.copytree(SEED_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("code6", "name", "townships", "villages"), SEED_COUNTIES)
def test_the_seed_holds_each_county_with_all_its_townships_and_villages(code6, name, townships, villages):
    areas_import_seed()

    county = Area.objects.get(pk=code6.ljust(12, "0"))
    assert (county.name, county.level) == (name, AreaLevel.COUNTY)
    assert inside(code6, AreaLevel.TOWNSHIP) == townships
    assert inside(code6, AreaLevel.VILLAGE) == villages


def test_the_seed_builds_a_connected_tree_of_five_levels():
    result = areas_import_seed()

    assert result.by_level == {1: 4, 2: 5, 3: 5, 4: 79, 5: 1199}
    village = Area.objects.select_related("parent__parent__parent__parent").get(pk="421303001001")
    chain = [
        village.parent,
        village.parent.parent,
        village.parent.parent.parent,
        village.parent.parent.parent.parent,
    ]
    assert [a.name for a in chain] == ["西城街道", "曾都区", "随州市", "湖北省"]
    assert not Area.objects.filter(parent__isnull=True).exclude(level=AreaLevel.PROVINCE).exists()


def test_villages_take_urban_or_rural_from_their_name():
    areas_import_seed()

    assert Area.objects.get(pk="421303001001").is_urban is True  # 乌龙巷居委会（社区）
    assert Area.objects.get(pk="330305001200").is_urban is False  # 小三盘村委会
    assert not Area.objects.filter(is_urban=True).exclude(level=AreaLevel.VILLAGE).exists()


def test_importing_twice_changes_nothing():
    first = areas_import_seed()
    before = table()

    second = areas_import_seed()

    assert table() == before
    assert first.created == len(before) and first.updated == 0
    assert second.created == 0 and second.updated == len(before)


def test_each_import_leaves_an_audit_row():
    areas_import_seed()

    row = AuditLog.objects.get(action=AuditAction.LOAD)
    assert "新增1292个" in row.summary


def test_only_keeps_one_county_and_the_province_and_city_above_it():
    result = areas_import(directory=SEED_DIR, only=("421303",))

    assert result.by_level == {1: 1, 2: 1, 3: 1, 4: 12, 5: 213}
    assert Area.objects.filter(pk__in=["420000000000", "421300000000", "421303000000"]).count() == 3
    assert not Area.objects.filter(pk__startswith="420921").exists()  # 孝昌县, same province, left out
    assert not Area.objects.filter(pk__startswith="43").exists()


def test_only_by_province_keeps_all_of_its_counties():
    areas_import(directory=SEED_DIR, only=("42",))

    assert inside("421303", AreaLevel.VILLAGE) == 213
    assert inside("420921", AreaLevel.VILLAGE) == 454
    assert not Area.objects.filter(pk__startswith="51").exists()


def test_the_command_imports_the_seed_with_a_filter_and_reports_in_chinese():
    out = StringIO()

    call_command("areas_import", "--only", "330305", stdout=out)

    assert "完成：新增" in out.getvalue()
    assert inside("330305", AreaLevel.VILLAGE) == 94
    assert Area.objects.count() == 1 + 1 + 1 + 8 + 94


def test_an_admins_urban_override_survives_a_reimport():
    # given: an admin marks an urban 居委会 as rural
    areas_import_seed()
    admin = UserFactory(role="admin", area_id="421303000000")
    area_set_urban(actor=admin, area=Area.objects.get(pk="421303001001"), is_urban=False)

    # when
    areas_import_seed()

    # then: the override stays, and the villages nobody touched keep their defaults
    changed = Area.objects.get(pk="421303001001")
    assert (changed.is_urban, changed.is_urban_overridden) == (False, True)
    assert Area.objects.get(pk="421303001002").is_urban is True


def test_a_renamed_area_is_refreshed_on_reimport(seed_copy):
    areas_import(directory=seed_copy)
    edit(seed_copy / "villages.csv", "421303001001,乌龙巷居委会（社区）", "421303001001,乌龙巷社区")

    result = areas_import(directory=seed_copy)

    assert result.created == 0
    assert Area.objects.get(pk="421303001001").name == "乌龙巷社区"


def test_a_bad_code_is_refused_naming_the_file_and_line_and_nothing_is_loaded(seed_copy):
    edit(seed_copy / "villages.csv", "421303001002,", "42130300100x,")

    with pytest.raises(ValidationFailed) as info:
        areas_import(directory=seed_copy)

    line = next(
        n
        for n, row in enumerate((seed_copy / "villages.csv").read_text().splitlines(), 1)
        if "42130300100x" in row
    )
    assert info.value.message == f"villages.csv 第{line}行：区划代码“42130300100x”应为2、4、6、9或12位数字"
    assert not Area.objects.exists()


def test_a_missing_file_is_named(seed_copy):
    (seed_copy / "streets.csv").unlink()

    with pytest.raises(ValidationFailed, match=r"缺少 streets\.csv"):
        areas_import(directory=seed_copy)


def test_a_file_without_code_and_name_columns_is_refused(seed_copy):
    edit(seed_copy / "cities.csv", "code,name,provinceCode", "代码,名称,provinceCode")

    with pytest.raises(ValidationFailed, match=r"cities\.csv 的表头应包含 code 和 name"):
        areas_import(directory=seed_copy)


def test_an_area_whose_parent_is_missing_is_refused(seed_copy):
    edit(seed_copy / "streets.csv", "421303001,西城街道,421303,42,4213\n", "")

    with pytest.raises(
        ValidationFailed, match="421303001001 乌龙巷居委会（社区） 的上级 421303001000 不存在"
    ):
        areas_import(directory=seed_copy)
    assert not Area.objects.exists()


def test_the_command_turns_a_bad_file_into_a_chinese_error(seed_copy):
    edit(seed_copy / "villages.csv", "421303001002,", "42130300100x,")

    with pytest.raises(CommandError, match=r"第\d+行：区划代码"):
        call_command("areas_import", str(seed_copy), stdout=StringIO())
