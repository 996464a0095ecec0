"""The home page leads with what waits (待办): for every role a count per item, linking to the item's list
(or its section of the 待办 page), its overdue count beside it; scoped to the user's area; and a word when
nothing waits."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from apps.payroll.services.approve import payroll_approve
from apps.workbench.services.payroll import payroll_prepare
from tests.apps.assistance.flow import apply, approved_case, dibao_standards
from tests.apps.portal.flow import citizen_account, register, submit
from tests.factories import COUNTY, TOWN_B, VILLAGE_B, UserFactory, household

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path, areas):
    settings.VAR_DIR = tmp_path  # the online application's uploads
    dibao_standards(COUNTY)


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 200
    return response.content.decode()


def _item(html: str, key: str) -> str:
    """The 待办 block's item ``key`` ("" when it is not shown)."""
    found = re.search(rf'<li id="waiting-{key}"[^>]*>(.*?)</li>', html, re.S)
    return found.group(1) if found else ""


def test_the_village_worker_is_told_first_that_an_online_application_and_an_account_wait(worker):
    # given an online application and an account waiting for the village
    submit(citizen=citizen_account())
    head = household(actor=worker).memberships.get(relation="head").person
    register(name=head.name, id_number=head.id_number)  # no phone on record: the village confirms it

    html = _home(worker)

    # then the home page leads with them, each count linking to its list
    assert html.index('id="waiting"') < html.index('id="office-assistance"')
    online, accounts = _item(html, "online"), _item(html, "accounts")
    assert f'<a class="n" href="{reverse("online:list")}">1</a>' in online and "网上申请待处理" in online
    assert f'<a class="n" href="{reverse("online:accounts")}">1</a>' in accounts
    assert "共 2 件" in html
    # and the menu leads to the accounts page as well
    assert f'href="{reverse("online:accounts")}">网上办事账号核实</a>' in html


def test_a_worker_of_another_village_sees_nothing_waiting_and_is_told_so(worker):
    submit(citizen=citizen_account())

    html = _home(UserFactory(role="village_worker", area_id=VILLAGE_B))

    assert _item(html, "online") == "" and "暂无待办" in html


def test_the_township_sees_the_step_due_with_its_overdue_count(worker, reviewer, family, settings):
    # given an application submitted by the village, its 受理 deadline long past
    application = apply(actor=worker, household=family)
    settings.MINZHENG_TODAY = "2026-01-10"

    html = _home(reviewer)

    # then the count links to the applications at that step, the overdue count to the 待办 page's section
    item = _item(html, "submitted")
    assert application.due_on < date(2026, 1, 10)
    list_href = reverse("assistance:application_list") + "?state=submitted"
    assert f'<a class="n" href="{list_href}">1</a>' in item
    assert f'<a class="late" href="{reverse("workbench:inbox")}#inbox-submitted">逾期 1</a>' in item
    assert "其中逾期 1 件" in html
    # another township's reviewer has nothing of it to do
    assert _item(_home(UserFactory(role="township_reviewer", area_id=TOWN_B)), "submitted") == ""


def test_the_approver_and_finance_each_see_the_payroll_step_that_is_theirs(
    worker, reviewer, approver, finance, outsider
):
    # given a case and October's payroll prepared by finance
    approved_case(actor=reviewer, household=household(actor=worker), approver=approver)
    payroll = payroll_prepare(actor=finance, county=COUNTY, month=date(2025, 10, 1))
    section = reverse("workbench:inbox") + "#inbox-payroll_approve"

    # then the approver is told it waits for 审批, finance is not
    assert f'<a class="n" href="{section}">1</a>' in _item(_home(approver), "payroll_approve")
    assert _item(_home(finance), "payroll_approve") == ""
    assert _item(_home(outsider), "payroll_approve") == ""  # another county's admin

    # when approved, finance is told the bank file waits
    payroll_approve(actor=approver, payroll=payroll)
    assert "待生成银行代发文件" in _item(_home(finance), "payroll_export")
    assert _item(_home(approver), "payroll_approve") == ""


def test_the_supervisor_is_told_it_has_nothing_to_do_but_read(supervisor, worker, family):
    apply(actor=worker, household=family)

    html = _home(supervisor)

    assert '<ul class="waiting">' not in html and "监督角色只查阅" in html


def test_the_admin_sees_every_step_of_its_area(admin_user, worker, family):
    apply(actor=worker, household=family)
    submit(citizen=citizen_account())

    html = _home(admin_user)

    assert _item(html, "online") and _item(html, "submitted")
