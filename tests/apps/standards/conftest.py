"""Fixtures of the standards tests: the demo standards, and the extra villages the docs examples name."""

from __future__ import annotations

import pytest

from apps.areas.models import Area
from apps.standards.services import standards_demo_load
from policy.areas import area_code_level, area_code_parent

# The villages of docs/examples/ that the shared test tree lacks (real codes from the seed data).
EXAMPLE_AREAS = {
    "421303003000": ("南郊街道", False),
    "421303003200": ("毛家棚村委会", False),
    "420921100204": ("建筑村委会", False),
}


@pytest.fixture
def demo_standards(areas: dict) -> int:
    """The demo's standards for the counties in the test tree (曾都区 and 孝昌县)."""
    return standards_demo_load()


@pytest.fixture
def example_areas(areas: dict) -> None:
    for code, (name, urban) in EXAMPLE_AREAS.items():
        Area.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": area_code_level(code),
                "parent_id": area_code_parent(code),
                "is_urban": urban,
            },
        )
