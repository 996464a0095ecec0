"""A case's change pages (apps/workbench/views/cases.py): a change is taken and shown on the case page, an
unknown change is not found, and 调整 changes the covered members (保障成员) on its page, for the approving
level of the case's own county only."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from apps.assistance.models import Case
from apps.registry.selectors import household_members
from apps.registry.services.members import household_member_add, household_member_end
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.factories import COUNTY, new_id_number, person_input

pytestmark = pytest.mark.usefixtures("standards")


@pytest.fixture
def standards(areas):
    dibao_standards(COUNTY)


@pytest.fixture
def case(worker, reviewer, approver, family) -> Case:
    return approved_case(actor=reviewer, household=family, approver=approver)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    return response.content.decode()


def _spouse(family):
    return next(m.person for m in household_members(household=family) if m.relation == "spouse")


def _newborn(worker, family):
    data = person_input(name="新生儿", id_number=new_id_number(birth=date(2025, 10, 8)))
    return household_member_add(actor=worker, household=family, relation="child", data=data).person


def test_the_case_page_shows_its_history_and_takes_a_change(worker, reviewer, approver, family):
    case = approved_case(actor=reviewer, household=family, approver=approver)
    client = _client(approver)

    response = client.post(
        reverse("workbench:case_change", args=[case.pk, "suspend"]),
        {"version": case.version, "reason_code": "whereabouts", "reason": "外出务工，待核实"},
        follow=True,
    )

    page = _text(response)
    assert "已办理：暂停" in page and "外出务工，待核实" in page and "纳入" in page


def test_an_unknown_case_change_is_not_found(worker, reviewer, approver, family):
    case = approved_case(actor=reviewer, household=family, approver=approver)

    assert (
        _client(approver).get(reverse("workbench:case_change", args=[case.pk, "teleport"])).status_code == 404
    )


def _url(case) -> str:
    return reverse("workbench:case_change", args=[case.pk, "adjust"])


def test_the_approver_changes_the_members_on_the_adjust_page(worker, approver, family, case):
    baby = _newborn(worker, family)
    client = _client(approver)
    form = client.get(_url(case)).content.decode()
    assert "保障成员" in form and "新生儿（子女）" in form

    covered = [*case.covered.values_list("id", flat=True), baby.pk]
    response = client.post(
        _url(case),
        {
            "version": case.version,
            "reason_code": "members_change",
            "reason": "新生儿出生，纳入保障",
            "amount": "1500",
            "covered": covered,
        },
        follow=True,
    )

    page = response.content.decode()
    assert "已办理：调整" in page and "保障成员增加：新生儿" in page
    assert f"保障成员（{len(covered)}人）" in page


def test_the_adjust_page_names_a_member_who_left(worker, approver, family, case):
    spouse = _spouse(family)
    household_member_end(actor=worker, household=family, person=spouse, reason="died")
    client = _client(approver)
    assert f"{spouse.name}（已不在本户）" in client.get(_url(case)).content.decode()

    response = client.post(
        _url(case),
        {
            "version": case.version,
            "reason_code": "members_change",
            "reason": "成员死亡",
            "amount": "1000",
            "covered": list(case.covered.values_list("id", flat=True)),
        },
    )

    assert response.status_code == 200
    assert f"{spouse.name}（人员编号{spouse.pk}）已不是该家庭的现有成员" in response.content.decode()


def test_a_village_worker_may_not_adjust(worker, case):
    assert _client(worker).get(_url(case)).status_code == 403
    assert _client(worker).post(_url(case), {"version": case.version}).status_code == 403


def test_another_county_does_not_find_the_case(outsider, case):
    assert _client(outsider).get(_url(case)).status_code == 404
    assert _client(outsider).post(_url(case), {"version": case.version, "covered": []}).status_code == 404
