"""Navigation by office: the table's every item leads somewhere, each role sees the offices it works in
with only the items it may open, and the top bar marks the office of the page being shown."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.navigation import OFFICES, TOP, offices_for, top_links
from policy.roles import Role

pytestmark = pytest.mark.django_db


def _labels(user) -> dict[str, list[str]]:
    return {o.label: [link.label for link in o.links] for o in offices_for(user)}


def test_every_item_of_the_table_names_a_page_that_exists():
    for item in [*TOP, *(item for office in OFFICES for item in office.items)]:
        assert reverse(item.url_name).startswith("/"), item
    assert len({office.key for office in OFFICES}) == len(OFFICES)


def test_a_village_worker_works_in_social_assistance_only(worker):
    menus = _labels(worker)

    assert list(menus) == ["社会救助", "机构和组织"]
    assert menus["机构和组织"] == ["服务机构", "组织"]  # the shared registers: read, not registered
    assert menus["社会救助"][:3] == ["查询", "家庭", "申请"]
    assert "新建家庭" in menus["社会救助"] and "资金发放" not in menus["社会救助"]


def test_finance_sees_the_payroll_and_the_statistics_office(finance):
    menus = _labels(finance)

    assert list(menus) == ["社会救助", "统计报表", "机构和组织"]
    assert "资金发放" in menus["社会救助"] and "新建家庭" not in menus["社会救助"]
    assert menus["统计报表"] == ["民政统计月报", "年度数据附录"]


def test_the_admin_sees_every_installed_office_and_no_office_still_to_be_built(admin_user):
    menus = _labels(admin_user)

    assert list(menus) == ["社会救助", "统计报表", "机构和组织", "系统管理"]
    assert menus["系统管理"] == ["区划"]
    assert menus["机构和组织"] == ["服务机构", "组织", "登记服务机构", "登记组织"]
    assert "社会组织" not in menus  # its app (organisations) is installed, but the office has no menu yet
    assert menus["统计报表"] == ["民政统计月报", "年度数据附录", "目标管理", "政务公开年报"]
    assert "养老服务" not in menus  # listed in the table, but its app is not installed yet


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reaches_the_home_page_and_works_in_some_office(role, areas):
    from tests.factories import UserFactory

    user = UserFactory(role=role, area_id="421303000000")
    assert [link.label for link in top_links(user)] == ["首页", "待办"]
    assert offices_for(user)


def test_the_top_bar_marks_the_office_of_the_page_being_shown(finance):
    client = Client()
    client.force_login(finance)

    payroll_page = client.get(reverse("payroll:list")).content.decode()
    statistics_page = client.get(reverse("statistics:monthly")).content.decode()

    assert '<summary aria-current="true">社会救助</summary>' in payroll_page
    assert '<summary aria-current="true">统计报表</summary>' in statistics_page
    assert payroll_page.count('aria-current="true"') == statistics_page.count('aria-current="true"') == 1
