"""特困: 未成年人不公示. A 特困 application whose covered people are all under 18 skips the village 公示
through the table's ``skip_publicity`` and waits for the decision; an adult's, or a 低保 household of
children, is publicised as always."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from apps.assistance.selectors import inbox_for, publicity_list_for
from apps.assistance.services.decisions import application_approve
from apps.assistance.services.publicity import application_publicise
from apps.core.clock import work_calendar
from apps.registry.services.households import HouseholdInput, NewMember, household_create
from policy.calendar import add_working_days
from policy.workflow import MINORS_NOT_PUBLICISED, AppState
from tests.apps.assistance.flow import DAY, apply, walk
from tests.factories import VILLAGE, new_id_number, person_input

pytestmark = pytest.mark.usefixtures("standards")


def _household(actor, *births: date):
    """A household of people born on ``births``, the first its head, the others siblings."""
    relations = ["head"] + ["sibling"] * (len(births) - 1)
    return household_create(
        actor=actor,
        data=HouseholdInput(area_code=VILLAGE, address="测试路2号"),
        members=[
            NewMember(relation=r, data=person_input(id_number=new_id_number(birth=b)))
            for r, b in zip(relations, births, strict=True)
        ],
    )


def _surveyed(worker, reviewer, household, program="tekun"):
    return walk(apply(actor=worker, household=household, program=program), AppState.SURVEYED, actor=reviewer)


def test_a_minors_tekun_application_skips_publicity_and_can_be_approved(worker, reviewer, approver):
    # given two orphaned siblings, 15 and 12
    children = _household(worker, date(2010, 5, 1), date(2013, 2, 1))
    app = _surveyed(worker, reviewer, children)

    # when the township takes the step that would start the 公示
    app = application_publicise(actor=reviewer, application=app, start=DAY, on=DAY)

    # then there is no 公示: the application waits for the decision, due from today
    assert app.state == AppState.DECIDING
    assert app.publicity_start is None and app.publicity_end is None
    assert app.due_on == add_working_days(DAY, 10, calendar=work_calendar())
    event = app.events.last()
    assert event.step == "skip_publicity" and MINORS_NOT_PUBLICISED in event.note
    assert not publicity_list_for(actor=worker, village_code=VILLAGE, on=DAY).exists()
    decide = next(g for g in inbox_for(actor=approver, on=DAY) if g.key == "decide")
    assert app.pk in [a.pk for a in decide.rows]

    # and the county decides without waiting for a 公示 that never ran
    decided = application_approve(
        actor=approver, application=app, amount=Decimal("1360"), note="特困供养标准确认", on=DAY
    )
    assert decided.state == AppState.APPROVED and decided.case.covered.count() >= 1


def test_an_adults_tekun_application_is_publicised(worker, reviewer):
    elder = _household(worker, date(1950, 3, 1))
    app = _surveyed(worker, reviewer, elder)

    app = application_publicise(actor=reviewer, application=app, start=DAY, on=DAY)

    assert app.state == AppState.PUBLICISING and app.publicity_end == date(2025, 9, 7)


def test_a_tekun_application_with_one_adult_among_minors_is_publicised(worker, reviewer):
    mixed = _household(worker, date(2007, 8, 31), date(2012, 1, 1))  # 18 on 2025-08-31
    app = _surveyed(worker, reviewer, mixed)

    app = application_publicise(actor=reviewer, application=app, start=DAY, on=DAY)

    assert app.state == AppState.PUBLICISING


def test_a_dibao_household_of_minors_is_still_publicised(worker, reviewer):
    children = _household(worker, date(2010, 5, 1), date(2013, 2, 1))
    app = _surveyed(worker, reviewer, children, program="dibao")

    app = application_publicise(actor=reviewer, application=app, start=DAY, on=DAY)

    assert app.state == AppState.PUBLICISING
    assert list(publicity_list_for(actor=worker, village_code=VILLAGE, on=DAY)) == [app]


def test_the_publicity_page_offers_the_decision_instead_for_minors(worker, reviewer, settings):
    settings.MINZHENG_TODAY = DAY.isoformat()
    app = _surveyed(worker, reviewer, _household(worker, date(2011, 6, 1)))
    client = Client()
    client.force_login(reviewer)
    url = reverse("assistance:application_publicise", args=[app.pk])

    page = client.get(url).content.decode()
    assert "未成年人不公示" in page and "公示开始日期" not in page
    assert (
        "未成年人不公示，提交审核确认"
        in client.get(reverse("assistance:application_detail", args=[app.pk])).content.decode()
    )

    response = client.post(url, {"version": app.version})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == AppState.DECIDING
