"""监督 reads statistics and reports but produces none: the services refuse it too (issue 19, 5)."""

from __future__ import annotations

from datetime import date

import pytest

from apps.annual.services import annual_generate
from apps.areas.models import Area
from apps.statistics.services import stats_refresh
from apps.targets.services import targets_generate
from policy.errors import NotFound, PermissionDenied
from tests.factories import COUNTY

pytestmark = pytest.mark.django_db


def test_the_supervisor_cannot_refresh_statistics(supervisor):
    with pytest.raises((NotFound, PermissionDenied)):
        stats_refresh(actor=supervisor, county=COUNTY, months=[date(2025, 1, 1)])


def test_the_supervisor_cannot_generate_the_annual_appendix(supervisor):
    with pytest.raises(PermissionDenied):
        annual_generate(actor=supervisor, area_code=COUNTY, year=2025, fmt="xlsx")


def test_the_supervisor_cannot_generate_the_targets_report(supervisor):
    with pytest.raises(PermissionDenied):
        targets_generate(actor=supervisor, county=Area.objects.get(pk=COUNTY), year=2025, fmt="xlsx")


def test_the_county_approver_still_refreshes(approver):
    result = stats_refresh(actor=approver, county=COUNTY, months=[date(2025, 1, 1)])
    assert result.county == COUNTY
