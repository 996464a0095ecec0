"""Time limits are each area's standards (``workflow.*``), with effective dates: a county that sets its own
公示期 and 受理 limit gets those due dates, another county keeps the defaults, a township may override its
county, and a version with a later first day applies only from that day."""

from __future__ import annotations

import io
from datetime import date, timedelta

import docx
import pytest
from django.test import Client
from django.urls import reverse

from apps.assistance.services.notices import notice_docx
from apps.assistance.services.publicity import application_publicise
from apps.core.clock import work_calendar
from apps.standards.models import StandardVersion
from apps.standards.selectors import standards_overview
from policy.calendar import add_working_days
from policy.errors import ValidationFailed
from policy.workflow import AppState
from tests.apps.assistance.flow import DAY, START, apply, dibao_standards, walk
from tests.factories import COUNTY, OTHER_COUNTY, TOWN, VILLAGE, household

pytestmark = pytest.mark.usefixtures("standards")


def _set(area: str, key: str, value: str, *, since: date = START) -> None:
    StandardVersion.objects.create(area_id=area, key=key, urban=None, value=value, effective_from=since)


def _working(start: date, days: int) -> date:
    return add_working_days(start, days, calendar=work_calendar())


@pytest.fixture
def own_limits(areas):
    """曾都区 sets 公示 to 5 days and 受理 (待受理) to 2 working days."""
    _set(COUNTY, "workflow.publicity_days", "5")
    _set(COUNTY, "workflow.days.submitted", "2")


@pytest.mark.usefixtures("own_limits")
def test_a_county_with_its_own_limits_gets_those_due_dates(worker, reviewer, family):
    # when an application is made and later publicised
    app = apply(actor=worker, household=family)
    submitted_due = app.due_on
    app = walk(app, AppState.SURVEYED, actor=reviewer)
    app = application_publicise(actor=reviewer, application=app, start=DAY, on=DAY)

    # then 受理 is due in 2 working days and the 公示 lasts 5 days, the decision counted from its end
    assert submitted_due == _working(DAY, 2)
    assert app.publicity_end == DAY + timedelta(days=4)
    assert app.due_on == _working(app.publicity_end, 10)
    assert "（5天）" in app.events.last().note


@pytest.mark.usefixtures("own_limits")
def test_another_county_keeps_the_defaults(outsider, other_family):
    dibao_standards(OTHER_COUNTY)

    app = apply(actor=outsider, household=other_family)
    submitted_due = app.due_on
    app = walk(app, AppState.PUBLICISING, actor=outsider)

    assert submitted_due == _working(DAY, 5)
    assert app.publicity_end == DAY + timedelta(days=6)


def test_a_later_version_applies_only_from_its_first_day(worker, reviewer):
    # given 曾都区 shortens 受理 to 2 working days from 1 October
    autumn = date(2025, 10, 1)
    _set(COUNTY, "workflow.days.submitted", "2", since=autumn)

    # when one household applies before that day and another after it
    before = apply(actor=worker, household=household(actor=worker), on=DAY)
    later = date(2025, 10, 20)
    after = apply(actor=worker, household=household(actor=worker), on=later)

    # then each is due by the limit in force on its own day
    assert before.due_on == _working(DAY, 5)
    assert after.due_on == _working(later, 2)


def test_a_township_may_override_its_countys_publicity(worker, reviewer, family):
    _set(COUNTY, "workflow.publicity_days", "5")
    _set(TOWN, "workflow.publicity_days", "10")

    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)

    assert app.publicity_end == DAY + timedelta(days=9)


def test_the_acceptance_notice_states_the_countys_limits(worker, reviewer, family):
    _set(COUNTY, "workflow.overall_days", "25")
    _set(COUNTY, "workflow.overall_days_extended", "40")
    _set(COUNTY, "workflow.days.accepted", "2")

    app = walk(apply(actor=worker, household=family), AppState.ACCEPTED, actor=reviewer)
    document = docx.Document(io.BytesIO(notice_docx(app.notices.get(kind="acceptance"))))
    text = "\n".join(p.text for p in document.paragraphs)

    assert "2个工作日内启动" in text and "25个工作日内完成" in text and "延长至40个工作日" in text


@pytest.mark.usefixtures("own_limits")
def test_the_village_publicity_list_states_its_own_period(worker, settings):
    settings.MINZHENG_TODAY = DAY.isoformat()
    client = Client()
    client.force_login(worker)

    page = client.get(reverse("assistance:publicity", args=[VILLAGE])).content.decode()

    assert "公示期5天" in page


def test_a_publicity_shorter_than_a_day_is_refused_with_the_reason(worker, reviewer, family):
    _set(COUNTY, "workflow.publicity_days", "0")
    app = walk(apply(actor=worker, household=family), AppState.SURVEYED, actor=reviewer)

    with pytest.raises(ValidationFailed, match="公示期至少为1天"):
        application_publicise(actor=reviewer, application=app, start=DAY, on=DAY)


def test_the_limits_are_listed_with_the_local_standards(admin_user, areas):
    overview = standards_overview(actor=admin_user, county=areas[COUNTY], on=DAY)

    keys = {row.spec.key: row for _, rows in overview.groups for row in rows}
    assert keys["workflow.publicity_days"].urban_value == "7"
    assert keys["workflow.days.accepted"].spec.basis.startswith("民发〔2021〕57号")
    assert "workflow.overall_days" in keys
