"""确认调标 from the page and from ``minzheng cases restandard`` (apps/workbench): the stages stream until
done, a stale preview is refused with nothing changed, and the command applies as the named user. What a
调标 settles in the payroll is tests/apps/payroll/test_restandard_settle.py's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from apps.assistance.models import RunStatus, StandardChangeRun
from apps.assistance.selectors.restandard import restandard_county_get
from apps.assistance.services.restandard import restandard_preview
from tests.apps.assistance.flow import dibao_standards
from tests.apps.assistance.test_restandard import NEW, amounts, new_standard
from tests.apps.assistance.test_restandard import cases as cases  # a fixture: three cases with bases
from tests.factories import COUNTY

pytestmark = pytest.mark.usefixtures("standards")


@pytest.fixture
def standards(areas):
    dibao_standards(COUNTY)


def _page(response: Any) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def test_the_command_previews_then_applies_as_the_named_user(cases, approver, admin_user, capsys):
    new_standard(admin_user, "700")

    call_command("cases_restandard", county=COUNTY, on="2024-01-01")
    assert not StandardChangeRun.objects.exists()  # without --user it only reports
    call_command("cases_restandard", county=COUNTY, on="2024-01-01", apply=True, user=approver.username)

    run = StandardChangeRun.objects.get()
    assert (run.status, run.up) == (RunStatus.APPLIED, 2)
    assert "增发" in capsys.readouterr().out


def test_applying_from_the_page_streams_until_done(client, cases, approver, admin_user):
    new_standard(admin_user, "600")
    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )
    client.force_login(approver)

    text = _page(client.post(f"/assistance/restandard/runs/{run.pk}/apply/"))

    assert "调标完成" in text and "列入核查（1 户" in text
    assert amounts(cases)["urban"] == Decimal("600")
    again = client.post(f"/assistance/restandard/runs/{run.pk}/apply/").content.decode()
    assert "该调标已执行，不能重复执行" in again


def test_a_stale_preview_is_refused_on_the_page_and_nothing_changes(client, cases, approver, admin_user):
    new_standard(admin_user, "700")
    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )
    new_standard(admin_user, "720")
    client.force_login(approver)

    text = _page(client.post(f"/assistance/restandard/runs/{run.pk}/apply/"))

    assert "请重新预览后再确认" in text and "调标完成" not in text
    assert amounts(cases)["urban"] == Decimal("760")
