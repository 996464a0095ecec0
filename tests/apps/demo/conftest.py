"""Fixtures of the apps whose demo data is tested here, re-exported: the statistics' generated county with
a year of history, and the same counted for 2025 (tests/apps/annual/conftest.py)."""

from tests.apps.annual.conftest import counted  # noqa: F401  (fixtures, re-exported)
from tests.apps.statistics.conftest import history  # noqa: F401
