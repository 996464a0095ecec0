"""Portal fixtures: uploaded files kept in a temporary folder, and two residents' accounts."""

from __future__ import annotations

import pytest

from tests.apps.portal.flow import citizen_account


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def citizen(areas):
    return citizen_account()


@pytest.fixture
def citizen_b(areas):
    return citizen_account()
