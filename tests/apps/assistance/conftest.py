"""Assistance fixtures: the 曾都区 低保标准, a worker's family, and attachments kept in a temporary folder."""

from __future__ import annotations

import pytest

from tests.apps.assistance.flow import dibao_standards
from tests.factories import COUNTY


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    # Survey photos are written under VAR_DIR; keep each test's files to itself.
    settings.VAR_DIR = tmp_path


@pytest.fixture
def standards(areas):
    dibao_standards(COUNTY)
