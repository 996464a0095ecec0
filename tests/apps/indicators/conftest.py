"""指标目录 fixtures: the statistics' generated county counted for 2025 (tests/apps/annual/conftest.py), with
``today`` early in 2026, so 2025 is a finished year and 2026 the year running."""

from tests.apps.annual.conftest import counted  # noqa: F401  (fixtures, re-exported)
from tests.apps.statistics.conftest import history  # noqa: F401
