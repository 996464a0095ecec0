"""Raising alerts over the register, and handling them: the visit, 启动救助 and 无需救助."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from apps.assistance.models import Application
from apps.core.models import AuditLog
from apps.monitoring.models import Alert, MonitoringFlag
from apps.monitoring.services import (
    OutcomeInput,
    alert_close,
    alert_create_manual,
    alerts_raise,
    flag_add,
    flag_clear,
)
from apps.registry.services.persons import person_update
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.apps.assistance.flow import dibao_standards
from tests.apps.monitoring.flow import ON, dibao_case, earn, flagged, listed, people, visited
from tests.factories import COUNTY, TOWN, person_input

MEDICAL = ["姓名", "身份证号", "结算日期", "个人自付金额"]
DISABILITY = ["姓名", "身份证号", "发证日期", "残疾类别和等级"]
DEATH = ["姓名", "身份证号", "死亡日期", "注销原因"]


def raise_now(approver):
    return alerts_raise(actor=approver, county=COUNTY, on=ON)


def test_a_flagged_household_is_on_the_register_until_the_flag_is_cleared(worker, reviewer, approver):
    fam = flagged(worker=worker, reviewer=reviewer)
    flag = MonitoringFlag.objects.get(household=fam)
    assert raise_now(approver).register == 1

    flag_clear(actor=reviewer, flag=flag, reason="务工收入稳定，风险消除")

    assert raise_now(approver).register == 0
    assert AuditLog.objects.filter(entity_type="monitoring.monitoringflag").count() == 2


def test_a_household_is_flagged_once_and_only_by_the_township(worker, reviewer, family):
    with pytest.raises(PermissionDenied):
        flag_add(actor=worker, household=family, reason="因病")
    flag_add(actor=reviewer, household=family, reason="因病")
    with pytest.raises(Conflict):
        flag_add(actor=reviewer, household=family, reason="因病")


def test_an_income_drop_of_a_third_raises_one_alert_due_in_ten_working_days(worker, reviewer, approver):
    fam = flagged(worker=worker, reviewer=reviewer)
    head = people(fam)[0]
    earn(worker, fam, head, "30000", 2025)
    earn(worker, fam, head, "1000", 2026)  # recorded for the start of 2026
    steady = flagged(worker=worker, reviewer=reviewer)
    earn(worker, steady, people(steady)[0], "30000", 2025)  # nothing recorded for 2026: not compared

    result = raise_now(approver)

    alert = Alert.objects.get()
    assert (alert.household, alert.rule, alert.township_id) == (fam, "income_drop", TOWN)
    assert alert.due_on == date(2026, 1, 23)  # ten working days after Saturday 10 January
    assert result.created["income_drop"] == 1
    assert raise_now(approver).total_created == 0  # the open alert is not raised twice


def test_large_medical_spending_against_income_raises_and_smaller_spending_does_not(
    worker, reviewer, approver, tmp_path
):
    heavy = dibao_case(worker=worker, reviewer=reviewer, approver=approver)
    light = dibao_case(worker=worker, reviewer=reviewer, approver=approver)
    for case in (heavy, light):
        earn(worker, case.household, people(case.household)[0], "10000", 2025)
    rows = [
        [p.name, p.id_number, d, amount]
        for p, d, amount in [
            (people(heavy.household)[0], "2025-11-03", "3000"),
            (people(heavy.household)[1], "2025-12-03", "2500"),  # together 5500 ≥ half of 10000
            (people(light.household)[0], "2025-12-03", "4999"),
        ]
    ]
    listed(actor=approver, tmp=tmp_path, source="medical", headers=MEDICAL, rows=rows)

    raise_now(approver)

    alert = Alert.objects.get(rule="medical")
    assert alert.household == heavy.household
    assert alert.evidence["spending"] == "5500.00" and alert.evidence["share"] == "55.0%"


def test_a_new_grade_one_disability_certificate_raises_but_grade_three_does_not(
    worker, reviewer, approver, tmp_path
):
    one = dibao_case(worker=worker, reviewer=reviewer, approver=approver)
    three = dibao_case(worker=worker, reviewer=reviewer, approver=approver)
    rows = [
        [people(one.household)[1].name, people(one.household)[1].id_number, "2025-12-20", "肢体残疾一级"],
        [people(three.household)[1].name, people(three.household)[1].id_number, "2025-12-20", "肢体残疾三级"],
    ]
    listed(actor=approver, tmp=tmp_path, source="disability", headers=DISABILITY, rows=rows)

    raise_now(approver)

    alert = Alert.objects.get(rule="severe_disability")
    assert alert.household == one.household and alert.evidence["grade"] == "1"


def test_a_severe_grade_newly_recorded_in_the_registry_raises_once(worker, reviewer, approver):
    fam = flagged(worker=worker, reviewer=reviewer)
    spouse = people(fam)[1]
    data = person_input(
        name=spouse.name,
        id_number=spouse.id_number,
        birth_date=spouse.birth_date,
        sex=spouse.sex,
        hukou_area_code=fam.area_id,
        disability_category="physical",
        disability_grade=2,
    )
    person_update(actor=worker, person=spouse, data=data)

    raise_now(approver)
    alert = Alert.objects.get(rule="severe_disability")
    assert alert.evidence["detail"] == "肢体残疾2级"  # in words, not the stored code
    alert_close(
        actor=reviewer,
        alert=visited(actor=reviewer, alert=alert),
        data=OutcomeInput(outcome="not_needed", reason="已享受重度残疾人护理补贴"),
    )

    assert raise_now(approver).total_created == 0  # the same person's grade is not raised again


def test_the_main_earners_death_on_a_death_list_raises_but_a_dependants_does_not(
    worker, reviewer, approver, tmp_path
):
    case = dibao_case(worker=worker, reviewer=reviewer, approver=approver)
    other = dibao_case(worker=worker, reviewer=reviewer, approver=approver)
    for c in (case, other):
        head, spouse = people(c.household)[:2]
        earn(worker, c.household, head, "24000", 2025)
        earn(worker, c.household, spouse, "3000", 2025)
    rows = [
        [people(case.household)[0].name, people(case.household)[0].id_number, "2025-12-01", "死亡"],
        [people(other.household)[1].name, people(other.household)[1].id_number, "2025-12-01", "死亡"],
    ]
    listed(actor=approver, tmp=tmp_path, source="death", headers=DEATH, rows=rows)

    raise_now(approver)

    alert = Alert.objects.get(rule="earner_death")
    assert alert.household == case.household and alert.evidence["income"] == "24000.00"


def test_alerts_are_raised_only_by_the_county_for_its_own_area(reviewer, approver, outsider):
    with pytest.raises(PermissionDenied):
        alerts_raise(actor=reviewer, county=COUNTY, on=ON)
    with pytest.raises(NotFound):
        alerts_raise(actor=outsider, county=COUNTY, on=ON)


def test_assistance_started_opens_a_proxy_application_linked_to_the_alert(worker, reviewer, family):
    dibao_standards(COUNTY)
    alert = visited(
        actor=reviewer, alert=alert_create_manual(actor=reviewer, household=family, reason="房屋被洪水冲毁")
    )
    applicant = people(family)[0]

    closed = alert_close(
        actor=reviewer,
        alert=alert,
        data=OutcomeInput(
            outcome="assisted", reason="收入低于标准", program="dibao", applicant_id=applicant.pk
        ),
    )

    application = Application.objects.get()
    assert closed.application == application and closed.closed_on == ON
    assert (application.channel, application.program, application.household) == ("proxy", "dibao", family)


def test_a_disaster_alert_starts_temporary_assistance_with_its_kind_and_amount(worker, reviewer, family):
    alert = visited(
        actor=reviewer, alert=alert_create_manual(actor=reviewer, household=family, reason="房屋倒塌")
    )
    applicant = people(family)[0]
    asked = OutcomeInput(
        outcome="assisted", reason="急需过渡安置", program="temporary", applicant_id=applicant.pk
    )

    with pytest.raises(ValidationFailed) as refused:  # a 临时救助 needs its kind and the amount asked for
        alert_close(actor=reviewer, alert=alert, data=asked)
    assert set(refused.value.errors) == {"temporary_kind", "requested_amount"}

    closed = alert_close(
        actor=reviewer,
        alert=Alert.objects.get(pk=alert.pk),
        data=replace(asked, temporary_kind="emergency", requested_amount=Decimal("3000")),
    )
    application = closed.application
    assert (application.program, application.temporary_kind) == ("temporary", "emergency")
    assert application.requested_amount == Decimal("3000.00")


def test_not_needed_requires_a_reason_and_a_visit(reviewer, family):
    alert = alert_create_manual(actor=reviewer, household=family, reason="冰雹灾害")
    with pytest.raises(ValidationFailed):
        alert_close(actor=reviewer, alert=alert, data=OutcomeInput(outcome="not_needed", reason="无"))
    alert = visited(actor=reviewer, alert=alert)
    with pytest.raises(ValidationFailed) as e:
        alert_close(actor=reviewer, alert=alert, data=OutcomeInput(outcome="not_needed", reason=" "))
    assert "reason" in e.value.errors
    closed = alert_close(
        actor=reviewer, alert=alert, data=OutcomeInput(outcome="not_needed", reason="损失轻微，自救能力足")
    )
    assert closed.outcome == "not_needed" and closed.application is None


def test_a_stale_page_is_refused(reviewer, family):
    alert = alert_create_manual(actor=reviewer, household=family, reason="冰雹灾害")
    visited(actor=reviewer, alert=alert)
    with pytest.raises(Conflict):
        alert_close(
            actor=reviewer,
            alert=alert,
            data=OutcomeInput(outcome="not_needed", reason="损失轻微"),
            expected_version=1,
        )


def test_a_village_worker_cannot_handle_alerts(worker, reviewer, family):
    alert = alert_create_manual(actor=reviewer, household=family, reason="冰雹灾害")
    with pytest.raises(PermissionDenied):
        visited(actor=worker, alert=alert)


def test_another_township_cannot_see_the_alert(reviewer, family, areas):
    from tests.factories import TOWN_B, UserFactory

    alert = alert_create_manual(actor=reviewer, household=family, reason="冰雹灾害")
    with pytest.raises(NotFound):
        visited(actor=UserFactory(role="township_reviewer", area_id=TOWN_B), alert=alert)


def test_a_second_open_disaster_alert_is_refused(reviewer, family):
    alert_create_manual(actor=reviewer, household=family, reason="冰雹灾害")
    with pytest.raises(Conflict):
        alert_create_manual(actor=reviewer, household=family, reason="又遭冰雹")


def test_raising_costs_the_same_queries_for_one_household_as_for_five(worker, reviewer, approver):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def households_with_drops(n: int) -> None:
        for _ in range(n):
            fam = flagged(worker=worker, reviewer=reviewer)
            earn(worker, fam, people(fam)[0], "30000", 2025)
            earn(worker, fam, people(fam)[0], "100", 2026)

    households_with_drops(1)
    with CaptureQueriesContext(connection) as one:
        raise_now(approver)
    Alert.objects.all().delete()
    households_with_drops(4)
    with CaptureQueriesContext(connection) as five:
        result = raise_now(approver)

    assert result.created["income_drop"] == 5
    assert len(five.captured_queries) == len(one.captured_queries)
