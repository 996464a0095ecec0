"""The generated caseload is honest data: the payroll pays it exactly as the rules say, through the same
plain path as cases made by the services, and the 低保 amounts are what the single-household test gives."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from apps.assistance.models import Case, CaseEvent
from apps.demo.caseload.assess import candidates_assess, candidates_read
from apps.demo.caseload.generate import caseload_generate
from apps.demo.generator import population_generate
from apps.payroll.mappers import pay_facts_for
from apps.payroll.models import CasePayState, LineStatus, PaymentHold, PayrollLine, Recovery
from apps.payroll.services import prepare as prepare_module
from apps.payroll.services.background import in_background
from apps.payroll.services.prepare import payroll_prepare
from apps.payroll.services.prepare_sql import NO_ACCOUNT
from apps.registry.models import Household
from apps.registry.selectors import household_members
from apps.standards.mappers import household_facts_from_registry
from apps.standards.selectors import standards_for
from policy.payroll import is_plain, pay_month, pay_rules
from policy.programs import assess_program
from tests.apps.assistance.flow import dibao_standards
from tests.factories import COUNTY

OCT, NOV = date(2025, 10, 1), date(2025, 11, 1)
STANDARDS = {
    "tekun.basic_dispersed": "1233",
    "tekun.care_dispersed_full": "0",
    "disability.living": "90",
    "disability.nursing_grade1": "100",
    "disability.nursing_grade2": "80",
    "longevity.brackets": '[[80, "50"], [90, "100"], [100, "300"]]',
}


@pytest.fixture
def county(areas):
    """曾都区's three test villages with a synthetic population and the county's standards."""
    dibao_standards(COUNTY, **STANDARDS)
    population_generate(households=160, seed=7, today=date(2025, 9, 15))
    return COUNTY


def test_the_payroll_pays_a_generated_caseload_exactly_as_the_rules_say(county, approver, finance):
    made = caseload_generate(county=county, paid_through=OCT, actor=approver, share=0.6, variety=0.2)
    payroll = payroll_prepare(actor=finance, county=county, month=NOV)
    cases = list(Case.objects.filter(area__code__startswith="421303"))
    facts = pay_facts_for(cases)
    lines = {line.case_id: line for line in PayrollLine.objects.filter(payroll=payroll)}
    assert len(cases) == made and made > 50
    for case in cases:
        rules = pay_rules(standards_for(area_code=case.area_id, urban=case.is_urban, on=NOV))
        expected = pay_month(facts=facts[case.pk], month=NOV, rules=rules)
        line = lines.get(case.pk)
        if expected is None:
            assert line is None
            continue
        assert line is not None, case
        assert (line.regular, line.arrears, line.recovery, line.amount) == (
            expected.regular,
            expected.arrears_total,
            expected.recovery,
            expected.net,
        )
        assert tuple(line.reasons.split(",")) == expected.reasons
        assert line.paid_through_after == expected.paid_through_after
        # the plain statement took exactly the plain cases: no trace, one reason
        assert (line.trace is None) == is_plain(facts=facts[case.pk], month=NOV)
    plain = sum(1 for line in lines.values() if line.trace is None)
    assert plain > made * 0.6 and plain < made  # both paths ran


@pytest.mark.django_db(transaction=True)
def test_the_policy_path_on_its_own_thread_gives_the_same_lines(county, approver, finance, monkeypatch):
    caseload_generate(county=county, paid_through=OCT, actor=approver, share=0.6, variety=0.3)
    monkeypatch.setattr(prepare_module, "OVERLAP_MIN", 1)  # outside a test transaction: overlap on
    started = []

    def spy(rows):
        started.append(True)
        return in_background(rows)

    monkeypatch.setattr(prepare_module, "in_background", spy)
    payroll = payroll_prepare(actor=finance, county=county, month=NOV)
    assert started
    cases = list(Case.objects.all())
    facts = pay_facts_for(cases)
    lines = {line.case_id: line for line in PayrollLine.objects.filter(payroll=payroll)}
    computed = 0
    for case in cases:
        rules = pay_rules(standards_for(area_code=case.area_id, urban=case.is_urban, on=NOV))
        expected = pay_month(facts=facts[case.pk], month=NOV, rules=rules)
        assert (lines[case.pk].amount, lines[case.pk].reasons) == (expected.net, ",".join(expected.reasons))
        computed += lines[case.pk].trace is not None
    assert computed > 10


def test_variety_gives_each_kind_of_month_with_its_history(county, approver, finance):
    caseload_generate(county=county, paid_through=OCT, actor=approver, share=0.6, variety=0.2)
    changes = Counter(CaseEvent.objects.exclude(change="enrol").values_list("change", flat=True))
    assert set(changes) == {"adjust", "suspend", "stop"}
    assert Case.objects.filter(version=2).count() == sum(changes.values())
    assert Recovery.objects.count() >= 2 and PaymentHold.objects.count() == 1
    payroll = payroll_prepare(actor=finance, county=county, month=NOV)
    reasons = Counter(r for line in payroll.lines.all() for r in line.reasons.split(","))
    for reason in ("new", "arrears", "amount_changed", "withheld", "stopped", "recovery"):
        assert reasons[reason] > 0, reason
    held = payroll.lines.filter(status=LineStatus.HELD)
    # The one PaymentHold, besides the generated households that have no account registered yet.
    assert held.exclude(hold_reason=NO_ACCOUNT).count() == 1
    assert payroll.held_count == held.count() == 1 + held.filter(hold_reason=NO_ACCOUNT).count()


def test_every_case_has_its_members_its_enrolment_and_its_pay_state(county, approver):
    caseload_generate(county=county, paid_through=OCT, actor=approver, share=0.5)
    for case in Case.objects.prefetch_related("covered", "events"):
        enrol = [e for e in case.events.all() if e.change == "enrol"]
        assert len(enrol) == 1 and enrol[0].amount_after == case.monthly_amount
        assert enrol[0].effective_month == case.start_month < OCT
        members = {m.person_id for m in household_members(household=case.household)}
        covered = {p.pk for p in case.covered.all()}
        if case.program in ("dibao", "tekun"):
            assert covered == members
        else:  # 残疾人两项补贴 and 高龄津贴 are for one person
            assert len(covered) == 1 and covered <= members
    states = CasePayState.objects.all()
    assert states.count() == Case.objects.count()
    assert {(s.paid_through, s.case_version) for s in states} == {(OCT, 1)}


def test_dibao_amounts_are_what_the_single_household_test_gives(county):
    candidates = candidates_read(county=county)
    candidates_assess(candidates, on=NOV)
    assert sum(c.eligible for c in candidates) > 5
    for candidate in candidates:
        household = Household.objects.get(pk=candidate.id)
        standards = standards_for(area_code=household.area_id, urban=household.is_urban, on=NOV)
        facts = household_facts_from_registry(household=household, on=NOV, standards=standards)
        result = assess_program(code="dibao", household=facts, standards=standards, on=NOV)
        assert candidate.eligible == result.eligible
        assert Decimal(candidate.amount) / 100 == result.monthly_amount


def test_the_rules_choose_the_households_and_a_second_run_adds_nothing(county, approver):
    made = caseload_generate(county=county, paid_through=OCT, actor=approver)
    assert made > 0
    assert caseload_generate(county=county, paid_through=OCT, actor=approver) == 0
    households = set(Case.objects.values_list("household_id", flat=True))
    candidates = candidates_read(county=county)
    assert not households & {c.id for c in candidates}


def test_the_limit_caps_the_cases_and_keeps_a_households_cases_together(county, approver):
    made = caseload_generate(county=county, paid_through=OCT, actor=approver, share=1.0, limit=40)
    assert made == Case.objects.count() <= 40
    per_household = Counter(Case.objects.values_list("household_id", flat=True))
    assert Counter(Case.objects.values_list("program", flat=True))["dibao"] + Counter(
        Case.objects.values_list("program", flat=True)
    )["tekun"] == len(per_household)


def test_a_case_changed_after_sorting_goes_through_the_policy_path(county, approver, finance, monkeypatch):
    caseload_generate(county=county, paid_through=OCT, actor=approver, share=0.5)
    changed = Case.objects.filter(program="dibao").order_by("pk").first()
    plain = prepare_module.write_plain

    def meanwhile(cursor, payroll):  # another transaction's 调整 lands between sorting and writing
        Case.objects.filter(pk=changed.pk).update(version=2)
        return plain(cursor, payroll)

    monkeypatch.setattr(prepare_module, "write_plain", meanwhile)
    payroll = payroll_prepare(actor=finance, county=county, month=NOV)
    line = PayrollLine.objects.get(payroll=payroll, case=changed)
    assert line.trace is not None and line.case_version == 2
    assert payroll.line_count == Case.objects.count()


def test_two_programmes_payrolls_of_one_month_each_pay_their_own_cases(county, approver, finance):
    caseload_generate(county=county, paid_through=OCT, actor=approver, share=1.0)
    dibao = payroll_prepare(actor=finance, county=county, month=NOV, program="dibao")
    longevity = payroll_prepare(actor=finance, county=county, month=NOV, program="longevity")
    assert dibao.line_count == Case.objects.filter(program="dibao").count()
    assert longevity.line_count == Case.objects.filter(program="longevity").count() > 0
    assert PayrollLine.objects.filter(month=NOV).count() == dibao.line_count + longevity.line_count
