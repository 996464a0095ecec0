"""The demo's applications: one at every stage, one ready for 审核确认 at once, and nothing twice."""

from __future__ import annotations

from datetime import date

import pytest

from apps.assistance.models import Application, Case
from apps.assistance.selectors import inbox_for
from apps.demo.assistance import assistance_demo_seed
from tests.apps.assistance.conftest import _var_dir, standards  # noqa: F401  (fixtures, re-exported)
from tests.factories import TOWN, VILLAGE, UserFactory, household

pytestmark = pytest.mark.usefixtures("standards")
TODAY = date(2025, 10, 20)


@pytest.fixture
def demo_logins(areas):
    return (
        UserFactory(username="village_worker", role="village_worker", area_id=VILLAGE),
        UserFactory(username="township_reviewer", role="township_reviewer", area_id=TOWN),
        UserFactory(username="county_approver", role="county_approver", area_id="421303000000"),
    )


def test_the_demo_fills_every_inbox_and_leaves_one_to_approve_now(demo_logins):
    worker, _reviewer, approver = demo_logins
    for _ in range(7):
        household(actor=worker)

    result = assistance_demo_seed(on=TODAY)

    assert result.created == 7
    states = sorted(Application.objects.values_list("state", flat=True))
    assert states == sorted(
        ["submitted", "pending_docs", "accepted", "publicising", "publicising", "approved", "prepaid"]
    )
    assert Case.objects.count() == 1
    decide = next(g for g in inbox_for(actor=approver, on=TODAY) if g.key == "decide")
    assert len(decide.rows) == 1
    assert assistance_demo_seed(on=TODAY).created == 0


def test_without_the_demo_logins_nothing_is_added(areas):
    assert assistance_demo_seed(on=TODAY).created == 0
