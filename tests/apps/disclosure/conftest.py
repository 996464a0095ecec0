"""Disclosure fixtures: a pinned "today" (January 2026, when the 2025 report is due), stored files in a
temporary folder, and 曾都区's 2025 report saved with consistent figures by the county's admin."""

from __future__ import annotations

import pytest

from apps.areas.models import Area
from apps.disclosure.services import disclosure_save
from tests.factories import COUNTY
from tests.policy.disclosure.sample import TEXTS, consistent_cells


@pytest.fixture(autouse=True)
def _today_and_files(settings, tmp_path):
    settings.MINZHENG_TODAY = "2026-01-15"
    settings.VAR_DIR = tmp_path


@pytest.fixture
def county(areas):
    return Area.objects.get(pk=COUNTY)


@pytest.fixture
def saved(admin_user, county):
    return disclosure_save(
        actor=admin_user,
        county=county,
        year=2025,
        organ="曾都区民政局",
        texts=TEXTS,
        cells=consistent_cells(),
    )
