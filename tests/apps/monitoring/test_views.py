"""The monitoring pages: the dashboard drills down to the list, a township handles an alert, scoping."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from apps.assistance.models import Application
from apps.monitoring.models import Alert, MonitoringFlag
from apps.monitoring.services import alert_create_manual
from tests.apps.assistance.flow import dibao_standards
from tests.apps.monitoring.flow import people
from tests.factories import COUNTY, household


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_dashboard_links_each_townships_count_to_its_alerts(worker, reviewer, approver):
    alert_create_manual(actor=reviewer, household=household(actor=worker), reason="房屋倒塌")
    page = client_for(approver).get(reverse("monitoring:dashboard")).content.decode()
    assert "西城街道" in page and "state=open&amp;township=421303001000" in page
    listed = client_for(approver).get(reverse("monitoring:alerts"), {"township": "421303001000"})
    assert "房屋倒塌" in listed.content.decode()


def test_the_nav_shows_monitoring_to_those_who_may_see_it(worker, finance):
    assert "监测预警" in client_for(worker).get(reverse("workbench:home")).content.decode()
    assert "监测预警" not in client_for(finance).get(reverse("workbench:home")).content.decode()


def test_a_township_visits_and_starts_assistance_from_the_alert_page(worker, reviewer, family):
    dibao_standards(COUNTY)
    alert = alert_create_manual(actor=reviewer, household=family, reason="房屋被洪水冲毁")
    client = client_for(reviewer)
    visit = client.post(
        reverse("monitoring:alert_visit", args=[alert.pk]),
        {"version": 1, "visited_on": "2026-01-10", "notes": "入户查看，房屋倒塌，无收入"},
    )
    assert visit.status_code == 302
    done = client.post(
        reverse("monitoring:alert_close", args=[alert.pk]),
        {
            "version": 2,
            "outcome": "assisted",
            "program": "dibao",
            "applicant": people(family)[0].pk,
            "reason": "",
        },
    )
    application = Application.objects.get()
    assert done["Location"] == reverse("assistance:application_detail", args=[application.pk])
    assert Alert.objects.get().application == application


def test_temporary_assistance_is_started_from_the_page_with_its_kind_and_amount(reviewer, family):
    alert = alert_create_manual(actor=reviewer, household=family, reason="房屋倒塌")
    client = client_for(reviewer)
    client.post(
        reverse("monitoring:alert_visit", args=[alert.pk]),
        {"version": 1, "visited_on": "2026-01-10", "notes": "入户查看，房屋倒塌"},
    )
    form = {"version": 2, "outcome": "assisted", "program": "temporary", "applicant": people(family)[0].pk}
    refused = client.post(reverse("monitoring:alert_close", args=[alert.pk]), form)
    page = refused.content.decode()
    assert refused.status_code == 400 and "请选择临时救助类型" in page and "请填写申请救助金额" in page
    done = client.post(
        reverse("monitoring:alert_close", args=[alert.pk]),
        {**form, "temporary_kind": "emergency", "requested_amount": "2500"},
    )
    application = Application.objects.get()
    assert done.status_code == 302 and application.requested_amount == 2500


def test_not_needed_without_a_reason_is_shown_back_with_the_reason_asked_for(worker, reviewer, family):
    alert = alert_create_manual(actor=reviewer, household=family, reason="冰雹")
    client = client_for(reviewer)
    client.post(
        reverse("monitoring:alert_visit", args=[alert.pk]),
        {"version": 1, "visited_on": "2026-01-10", "notes": "已核实"},
    )
    response = client.post(
        reverse("monitoring:alert_close", args=[alert.pk]), {"version": 2, "outcome": "not_needed"}
    )
    assert response.status_code == 400 and "请填写无需救助的理由" in response.content.decode()
    assert Alert.objects.get().closed_on is None


def test_a_stale_outcome_form_is_refused(worker, reviewer, family):
    alert = alert_create_manual(actor=reviewer, household=family, reason="冰雹")
    client = client_for(reviewer)
    client.post(
        reverse("monitoring:alert_visit", args=[alert.pk]),
        {"version": 1, "visited_on": "2026-01-10", "notes": "已核实"},
    )
    response = client.post(
        reverse("monitoring:alert_close", args=[alert.pk]),
        {"version": 1, "outcome": "not_needed", "reason": "损失轻微"},
        follow=True,
    )
    assert "已被他人处理" in response.content.decode()
    assert Alert.objects.get().closed_on is None


def test_a_village_worker_sees_but_may_not_handle_and_another_county_gets_404(
    worker, reviewer, outsider, family
):
    alert = alert_create_manual(actor=reviewer, household=family, reason="冰雹")
    assert client_for(worker).get(reverse("monitoring:alert", args=[alert.pk])).status_code == 200
    url = reverse("monitoring:alert_visit", args=[alert.pk])
    assert client_for(worker).post(url, {"visited_on": "2026-01-10", "notes": "已核实"}).status_code == 403
    assert client_for(outsider).get(reverse("monitoring:alert", args=[alert.pk])).status_code == 404


def test_a_township_flags_and_clears_a_household(worker, reviewer, family):
    client = client_for(reviewer)
    client.post(reverse("monitoring:flag_add", args=[family.pk]), {"reason": "突发重病"})
    flag = MonitoringFlag.objects.get()
    page = client.get(reverse("monitoring:household", args=[family.pk])).content.decode()
    assert "突发重病" in page
    client.post(reverse("monitoring:flag_clear", args=[flag.pk]), {"reason": "已康复务工"})
    assert MonitoringFlag.objects.get().cleared_on is not None


def test_the_county_runs_the_rules_from_the_page(approver, worker, reviewer):
    response = client_for(approver).post(reverse("monitoring:raise"))
    assert response.status_code == 200 and "新增预警0条" in response.content.decode()
