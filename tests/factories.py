"""Test data built through the real services, so every fixture obeys the same rules as the product.

The area tree is a small slice with real codes: 曾都区 421303 with two towns and three villages, and 孝昌县
420921 as the "other county" that out-of-area tests reach for.
"""

from __future__ import annotations

import itertools
from datetime import date

import factory

from apps.accounts.models import User
from apps.areas.models import Area
from apps.registry.models import Household
from apps.registry.services.households import HouseholdInput, NewMember, household_create
from apps.registry.services.persons import PersonInput
from policy.areas import area_code_level, area_code_parent, area_default_is_urban
from policy.identity import id_number_make
from policy.roles import Role

PASSWORD = "Test-pass-2026"

COUNTY = "421303000000"  # 曾都区
TOWN = "421303001000"  # 西城街道
VILLAGE = "421303001001"  # 乌龙巷居委会（社区）: urban
VILLAGE_2 = "421303001002"  # 双龙寺居委会（社区）
TOWN_B = "421303100000"  # 万店镇
VILLAGE_B = "421303100201"  # a 村委会: rural
OTHER_COUNTY = "420921000000"  # 孝昌县
OTHER_VILLAGE = "420921100201"

_NAMES = {
    "420000000000": "湖北省",
    "421300000000": "随州市",
    "420900000000": "孝感市",
    COUNTY: "曾都区",
    TOWN: "西城街道",
    VILLAGE: "乌龙巷居委会（社区）",
    VILLAGE_2: "双龙寺居委会（社区）",
    TOWN_B: "万店镇",
    VILLAGE_B: "万店村委会",
    OTHER_COUNTY: "孝昌县",
    "420921100000": "花园镇",
    OTHER_VILLAGE: "花园村委会",
}


def area_tree() -> dict[str, Area]:
    """Create the slice of the tree above (parents first) and return it by code."""
    out: dict[str, Area] = {}
    for code in sorted(_NAMES, key=lambda c: (area_code_level(c), c)):
        name = _NAMES[code]
        level = area_code_level(code)
        out[code], _ = Area.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "parent_id": area_code_parent(code),
                "is_urban": level == 5 and area_default_is_urban(name),
            },
        )
    return out


_sequence = itertools.count(1)


def new_id_number(*, area6: str = "421303", birth: date | None = None, male: bool | None = None) -> str:
    """A valid ID number never used before in this test run."""
    n = next(_sequence)
    born = birth or date(1950 + n % 60, 1 + n % 12, 1 + n % 28)
    seq = (n * 2) % 1000
    if male is True or (male is None and n % 2):
        seq = seq | 1 if seq < 999 else 999
    return id_number_make(area_code=area6, birth_date=born, sequence=seq)


def person_input(**overrides: object) -> PersonInput:
    values: dict[str, object] = {
        "name": f"测试{_cn(next(_sequence))}",
        "id_number": new_id_number(),
        "hukou_area_code": VILLAGE,
    }
    values.update(overrides)
    return PersonInput(**values)  # type: ignore[arg-type]


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    return "".join(digits[int(d)] for d in str(n))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"工作人员{_cn(n)}")
    role = Role.VILLAGE_WORKER.value
    area_id = VILLAGE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


def household(
    *, actor: User, area_code: str = VILLAGE, members: int = 3, head_phone: str = "", **fields: object
) -> Household:
    """A household made through ``household_create``: a head (with ``head_phone`` on record, if given), a
    spouse, then children."""
    relations = ["head", "spouse"] + ["child"] * max(members - 2, 0)
    return household_create(
        actor=actor,
        data=HouseholdInput(area_code=area_code, address=fields.pop("address", "测试路1号"), **fields),  # type: ignore[arg-type]
        members=[
            NewMember(
                relation=r,
                data=person_input(hukou_area_code=area_code, phone=head_phone if r == "head" else ""),
            )
            for r in relations[:members]
        ],
    )
