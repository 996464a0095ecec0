"""The 地方标准 pages and the 试算 page: what each role sees, the form's errors, the household's result."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from apps.registry.selectors import household_members
from apps.registry.services.finances import IncomeInput, income_add
from apps.standards.models import StandardVersion
from apps.standards.services import standard_set
from tests.factories import COUNTY, TOWN

pytestmark = pytest.mark.django_db


def page(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(name, args=args), query)


def test_the_standards_page_shows_each_value_in_force_with_its_source_and_history(
    client, worker, demo_standards
):
    response = page(client, worker, "standards:index", on="2023-06-01")

    text = response.content.decode()
    assert response.status_code == 200
    assert "地方标准 · 曾都区" in text
    assert "城市：680 元/人·月" in text and "农村：617 元/人·月" in text
    assert "曾都区民政局2023年法治政府建设情况报告" in text
    assert "2022-01-01 至 2022-12-31" in text  # the 2022 version, closed when 2023's began
    assert "80周岁起 50；90周岁起 100；100周岁起 300" in text
    assert "设置新值" not in text  # a village worker reads, but does not edit


def test_an_admin_sees_the_edit_links_and_a_townships_override(client, admin_user, demo_standards):
    standard_set(
        actor=admin_user,
        area_code=TOWN,
        key="dibao.standard",
        urban=True,
        value="700",
        effective_from=date(2024, 1, 1),
        note="西城街道调整",
    )

    text = page(client, admin_user, "standards:index", on="2024-06-01").content.decode()

    assert "设置新值" in text
    assert "西城街道" in text and "700 元/人·月" in text and "执行中" in text


def test_another_countys_standards_answer_404(client, worker, demo_standards):
    assert page(client, worker, "standards:index", area="420921000000").status_code == 404


def test_setting_a_value_in_the_form_closes_the_old_one_and_returns_to_the_list(
    client, admin_user, demo_standards
):
    client.force_login(admin_user)

    response = client.post(
        reverse("standards:set"),
        {
            "area": COUNTY,
            "key": "dibao.standard",
            "urban": "1",
            "value": "700",
            "effective_from": "2025-01-01",
        },
        follow=True,
    )

    assert "已设置：曾都区 低保标准（城市）= 700元/人·月，2025-01-01起执行" in response.content.decode()
    old = StandardVersion.objects.get(area_id=COUNTY, key="dibao.standard", urban=True, value="680")
    assert old.effective_to == date(2024, 12, 31)


def test_the_form_puts_the_services_reason_next_to_the_field(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("standards:set"),
        {
            "area": COUNTY,
            "key": "dibao.near_multiple",
            "urban": "1",
            "value": "1.5",
            "effective_from": "2025-01-01",
        },
    )

    text = response.content.decode()
    assert "城乡通用，不能分城市、农村设置" in text
    assert not StandardVersion.objects.exists()


def test_a_village_worker_may_not_open_the_form(client, worker):
    assert page(client, worker, "standards:set").status_code == 403


def test_the_assess_page_shows_each_programme_with_its_steps(client, worker, family, demo_standards):
    head = household_members(household=family).first().person
    income_add(
        actor=worker,
        household=family,
        data=IncomeInput(
            person_id=head.pk,
            income_type="wage",
            amount="10800",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        ),
    )

    response = page(client, worker, "standards:assess_household", family.pk, on="2026-03-01")

    text = response.content.decode()
    assert response.status_code == 200
    assert "最低生活保障" in text and "特困人员救助供养" in text
    assert "900.00 ÷ 3人 = 300.00 元/人·月" in text  # 10 800 a year is 900 a month
    assert "(低保标准 680.00 − 人均收入 300.00) × 3人" in text
    assert "曾都区 2023-01-01起" in text


def test_a_hypothetical_standard_changes_the_result_and_is_marked(client, worker, family, demo_standards):
    response = page(client, worker, "standards:assess_household", family.pk, dibao_standard="800")

    text = response.content.decode()
    assert "低保标准 = 800" in text and "试算假设" in text


def test_a_bad_hypothetical_standard_is_refused_in_chinese(client, worker, family, demo_standards):
    text = page(
        client, worker, "standards:assess_household", family.pk, dibao_standard="很多"
    ).content.decode()

    assert "格式不正确" in text


def test_without_standards_the_page_says_what_is_missing(client, worker, family):
    text = page(client, worker, "standards:assess_household", family.pk).content.decode()

    assert "无法试算" in text and "请先维护地方标准" in text


def test_a_household_outside_the_area_answers_404(client, worker, other_family, demo_standards):
    assert page(client, worker, "standards:assess_household", other_family.pk).status_code == 404


def test_the_pick_page_finds_households_of_the_area_only(client, worker, family, other_family):
    head = household_members(household=family).first().person

    text = page(client, worker, "standards:assess", q=head.name).content.decode()

    assert reverse("standards:assess_household", args=[family.pk]) in text
    assert reverse("standards:assess_household", args=[other_family.pk]) not in text


def test_the_household_page_links_to_the_assessment(client, worker, family):
    text = page(client, worker, "registry:household_detail", family.pk).content.decode()

    assert reverse("standards:assess_household", args=[family.pk]) in text
