"""``minzheng monitoring raise``: runs the rules for a county as a named user."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.monitoring.models import Alert
from tests.apps.monitoring.flow import earn, flagged, people
from tests.factories import COUNTY


def test_the_command_raises_the_alerts_and_says_how_many(worker, reviewer, approver):
    fam = flagged(worker=worker, reviewer=reviewer)
    earn(worker, fam, people(fam)[0], "30000", 2025)
    earn(worker, fam, people(fam)[0], "100", 2026)
    out = StringIO()
    call_command("monitoring_raise", "--county", COUNTY, "--user", approver.username, stdout=out)
    assert Alert.objects.filter(rule="income_drop").count() == 1
    assert "家庭收入大幅下降：发现1户，新增预警1条" in out.getvalue()


def test_a_township_user_may_not_run_it(reviewer):
    with pytest.raises(CommandError):
        call_command("monitoring_raise", "--county", COUNTY, "--user", reviewer.username, stdout=StringIO())
