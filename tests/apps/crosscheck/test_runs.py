"""Checking a batch against the registry: matches by ID number (exact or repaired) and by name, birth date
and area, the source's rule turning them into leads per household, the amount at risk, no duplicates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.core.models import AuditLog
from apps.crosscheck.models import Lead, LeadItem, Run
from apps.crosscheck.services.runs import crosscheck_run
from apps.crosscheck.services.storage import frame_scan
from apps.registry.selectors import household_members
from policy.errors import NotFound, PermissionDenied
from tests.apps.crosscheck.flow import csv_bytes, death_row, head_of, import_list, paid_case, run
from tests.factories import OTHER_VILLAGE, household

FULL = ["姓名", "身份证号", "出生日期", "区划代码", "死亡日期"]


def _swap(number: str) -> str:
    """Two adjacent digits of the sequence swapped (a typing slip the check digit catches)."""
    digits = list(number)
    for i in (14, 15, 13, 12):
        if digits[i] != digits[i + 1]:
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
            return "".join(digits)
    raise AssertionError("no two different adjacent digits")


def test_a_death_of_a_covered_person_gives_a_high_lead_with_the_months_paid_after_it(
    case, approver, tmp_path
):
    person = head_of(case)
    batch = import_list(
        actor=approver, content=csv_bytes([death_row(person, died="2025-10-15")]), tmp=tmp_path
    )

    made = run(approver, batch)

    lead = Lead.objects.get()
    assert (made.persons, made.records, made.matched, made.methods, made.leads_created) == (
        1,
        1,
        1,
        {"exact": 1},
        1,
    )
    assert (lead.rule, lead.severity, lead.state, lead.household_id) == (
        "death_covered",
        "high",
        "found",
        case.household_id,
    )
    assert list(lead.cases.all()) == [case]
    # October is paid in full (payroll.stop_rule = full); November and December were overpaid.
    assert lead.amount_at_risk == case.monthly_amount * 2
    assert lead.risk_basis == f"2025年10月15日之后已发放2个月，多发{case.monthly_amount * 2}元"
    assert lead.township_id == "421303001000" and lead.event_on.isoformat() == "2025-10-15"
    item = lead.items.get()
    assert item.person_data["name"] == person.name and item.record_data["event_date"] == "2025-10-15"
    assert (item.method, item.score, item.covered) == ("exact", 1.0, True)
    assert AuditLog.objects.filter(entity_type="crosscheck.lead", entity_id=str(lead.pk)).exists()


def test_a_typo_in_the_name_and_a_missing_id_still_find_the_person(case, approver, tmp_path):
    # given the list names 测试一 as 测式一 (same pinyin) and has no ID number, but the birth date and village
    person = head_of(case)
    typo = person.name[:1] + "式" + person.name[2:]
    rows = [[typo, "", person.birth_date.isoformat(), case.area_id, "2025-11-20"]]

    made = run(approver, import_list(actor=approver, content=csv_bytes(rows, headers=FULL), tmp=tmp_path))

    lead = Lead.objects.get()
    assert made.methods == {"fuzzy": 1} and lead.rule == "death_covered"
    item = lead.items.get()
    assert item.person_id == person.pk and item.method == "fuzzy" and 0.85 <= item.score < 1
    assert "出生日期一致" in item.reasons


def test_a_mistyped_id_number_is_repaired_to_the_persons(case, approver, tmp_path):
    person = head_of(case)
    rows = [death_row(person, id_number=_swap(person.id_number))]

    made = run(approver, import_list(actor=approver, content=csv_bytes(rows), tmp=tmp_path))

    assert made.methods == {"id_repaired": 1}
    assert Lead.objects.get().items.get().person_id == person.pk


def test_running_the_same_batch_again_and_a_later_list_of_the_same_death_add_nothing(
    case, approver, tmp_path
):
    person = head_of(case)
    batch = import_list(actor=approver, content=csv_bytes([death_row(person)]), tmp=tmp_path)
    run(approver, batch)

    again = run(approver, batch)
    cremated = import_list(
        actor=approver,
        content=csv_bytes(
            [[person.name, person.id_number, "2025-10-18", "曾都殡仪馆"]],
            headers=["姓名", "身份证号", "火化日期", "殡仪馆"],
        ),
        tmp=tmp_path,
        source="cremation",
    )
    later = run(approver, cremated)

    assert (again.leads_created, again.leads_known, later.leads_created, later.leads_known) == (0, 1, 0, 1)
    assert Lead.objects.count() == 1 and Run.objects.count() == 3


def test_a_member_who_is_not_covered_gives_a_household_change_lead(worker, reviewer, approver, tmp_path):
    case = paid_case(worker=worker, reviewer=reviewer, approver=approver, members=3)
    case.covered.set([head_of(case).pk])  # only the head is covered
    spouse = household_members(household=case.household)[1].person

    run(approver, import_list(actor=approver, content=csv_bytes([death_row(spouse)]), tmp=tmp_path))

    lead = Lead.objects.get()
    assert (lead.rule, lead.severity, lead.amount_at_risk) == ("death_member", "medium", Decimal("0.00"))
    assert lead.risk_basis.startswith("不直接涉及多发资金")


def test_a_death_in_a_household_of_three_puts_only_that_persons_share_at_risk(
    worker, reviewer, approver, tmp_path
):
    case = paid_case(worker=worker, reviewer=reviewer, approver=approver, members=3)
    assert case.covered.count() == 3
    member = household_members(household=case.household)[2].person

    run(approver, import_list(actor=approver, content=csv_bytes([death_row(member)]), tmp=tmp_path))

    lead = Lead.objects.get()
    assert lead.amount_at_risk == (case.monthly_amount * 2 / 3).quantize(Decimal("0.01"))
    assert "按人数比例估算" in lead.risk_basis


def test_people_outside_the_county_and_households_without_a_case_are_not_checked(
    case, approver, outsider, worker, tmp_path
):
    stranger = household_members(household=household(actor=outsider, area_code=OTHER_VILLAGE)).first().person
    no_case = household_members(household=household(actor=worker)).first().person
    rows = [death_row(stranger), death_row(no_case)]

    made = run(approver, import_list(actor=approver, content=csv_bytes(rows), tmp=tmp_path))

    assert (made.persons, made.matched, made.leads_created) == (1, 0, 0)


def test_a_vehicle_over_the_local_limit_is_a_lead_but_a_motorcycle_is_not(case, approver, tmp_path):
    person = head_of(case)
    headers = ["姓名", "身份证号", "初次登记日期", "号牌号码", "车辆类型"]
    rows = [
        [person.name, person.id_number, "2025-11-03", "鄂S12345", "小型轿车"],
        [person.name, person.id_number, "2024-05-01", "鄂S88888", "普通二轮摩托车"],
    ]

    run(
        approver,
        import_list(actor=approver, content=csv_bytes(rows, headers=headers), tmp=tmp_path, source="vehicle"),
    )

    lead = Lead.objects.get()
    assert (lead.rule, lead.severity) == ("vehicle_over_limit", "medium")
    assert [i.record_data["ref"] for i in lead.items.all()] == ["鄂S12345"]
    assert lead.amount_at_risk == case.monthly_amount  # December, after the car was registered in November


def test_large_medical_bills_over_the_threshold_are_low_severity_leads(case, approver, tmp_path):
    person = head_of(case)
    headers = ["姓名", "身份证号", "结算日期", "个人自付金额"]
    rows = [
        [person.name, person.id_number, "2025-11-03", "8000"],
        [person.name, person.id_number, "2025-12-03", "30000"],
    ]

    run(
        approver,
        import_list(actor=approver, content=csv_bytes(rows, headers=headers), tmp=tmp_path, source="medical"),
    )

    lead = Lead.objects.get()
    assert (lead.rule, lead.severity, lead.amount_at_risk) == ("medical_large", "low", Decimal("0.00"))
    assert LeadItem.objects.count() == 1 and "30000" in lead.explanation


def test_the_matches_are_kept_beside_the_batch_for_later_queries(case, approver, tmp_path):
    batch = import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path)

    made = run(approver, batch)

    kept = frame_scan(made.stored_path).collect()
    assert kept.columns == ["record_id", "person_id", "score", "method", "reasons"]
    assert kept["person_id"].to_list() == [head_of(case).pk]


def test_running_needs_the_capability_and_the_county(case, approver, reviewer, outsider, tmp_path):
    batch = import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path)
    with pytest.raises(PermissionDenied):
        crosscheck_run(actor=reviewer, batch=batch)
    with pytest.raises(NotFound):
        crosscheck_run(actor=outsider, batch=batch)
    assert not Run.objects.exists()


def test_a_batchs_matched_rows_stay_queryable_for_the_early_warning(case, approver, tmp_path):
    from apps.crosscheck.selectors import batch_matched_rows

    person = head_of(case)
    headers = ["姓名", "身份证号", "结算日期", "个人自付金额"]
    rows = [[person.name, person.id_number, "2025-11-03", "800"], ["路人甲", "", "2025-11-03", "900"]]
    batch = import_list(
        actor=approver, content=csv_bytes(rows, headers=headers), tmp=tmp_path, source="medical"
    )
    assert batch_matched_rows(batch=batch).collect().height == 0  # not yet run

    run(approver, batch)

    matched = batch_matched_rows(batch=batch).collect()
    assert matched.select("person_id", "amount").rows() == [(person.pk, Decimal("800.00"))]


def test_months_paid_before_the_system_count_up_to_the_cases_paid_through(
    worker, reviewer, approver, tmp_path
):
    from apps.payroll.models import CasePayState

    # given a case loaded with its payment state (paid through December) but no payroll lines
    case = paid_case(worker=worker, reviewer=reviewer, approver=approver, months=())
    CasePayState.objects.create(
        case=case,
        paid_through=date(2025, 12, 1),
        case_version=case.version,
        monthly_amount=case.monthly_amount,
    )

    run(approver, import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path))

    assert Lead.objects.get().amount_at_risk == case.monthly_amount * 2


def test_a_county_without_cases_gives_no_leads(approver, tmp_path):
    rows = [["张三", "421303195001011234", "2025-10-15", ""], ["李四", "", "2025-10-15", ""]]

    made = run(approver, import_list(actor=approver, content=csv_bytes(rows), tmp=tmp_path))

    assert (made.persons, made.matched, made.leads_created) == (0, 0, 0)
