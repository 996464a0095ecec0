"""Every figure of the appendix equals a sum computed independently from the raw rows: 在保 at the year's
end, 新增 and 退出, money (the paid payroll lines, to the fen), 临时救助, standards and their rise, leads;
and it stays inside the actor's area."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from apps.annual.documents.tables import appendix_tables
from apps.annual.selectors import appendix_for, lead_lines
from apps.crosscheck.models import Lead
from apps.payroll.models import PayrollLine
from policy.errors import NotFound, PermissionDenied
from policy.money import wan_yuan
from tests.apps.statistics.conftest import MONTHS
from tests.apps.statistics.raw import APPROVED_PAYROLLS, expected
from tests.factories import COUNTY, OTHER_COUNTY, TOWN

DEC = date(2025, 12, 1)


@pytest.fixture
def raw(counted):
    return expected(COUNTY, MONTHS)


def _sum(raw, measure, *, month=None, program="", urban=None, prefix=""):
    return sum(
        v.get(measure, 0)
        for (m, village, p, u), v in raw.items()
        if (month is None or m == month)
        and (not program or p == program)
        and (urban is None or u == urban)
        and village.startswith(prefix)
    )


@pytest.mark.parametrize("area", [COUNTY, TOWN])
def test_cases_by_programme_and_kind_equal_the_raw_year_end_and_flows(raw, approver, area):
    prefix = area[: 6 if area == COUNTY else 9]

    view = appendix_for(actor=approver, area_code=area, year=2025)

    assert view.appendix.through == DEC
    assert view.appendix.cases, "the generated county has cases"
    for line in view.appendix.cases:
        p, u = line.program, line.is_urban
        assert line.households == _sum(raw, "households", month=DEC, program=p, urban=u, prefix=prefix)
        assert line.persons == _sum(raw, "persons", month=DEC, program=p, urban=u, prefix=prefix)
        assert line.new_households == _sum(raw, "new_households", program=p, urban=u, prefix=prefix)
        assert line.new_persons == _sum(raw, "new_persons", program=p, urban=u, prefix=prefix)
        assert line.exit_households == _sum(raw, "exit_households", program=p, urban=u, prefix=prefix)
        assert line.exit_persons == _sum(raw, "exit_persons", program=p, urban=u, prefix=prefix)


def test_money_paid_equals_the_paid_payroll_lines_to_the_fen(counted, approver):
    lines = PayrollLine.objects.filter(
        status="paid", payroll__state__in=APPROVED_PAYROLLS, month__year=2025, village_id__startswith="421303"
    )
    by_program: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        by_program[line.program] += line.amount

    view = appendix_for(actor=approver, area_code=COUNTY, year=2025)

    a = view.appendix
    assert sum(by_program.values()) > 0
    assert Decimal(a.paid_cents) / 100 == sum(by_program.values())
    for program in a.programs():
        cents = sum(x.paid_cents for x in a.lines(program))
        assert Decimal(cents) / 100 == by_program.get(program, Decimal(0))
    money = next(t for t in appendix_tables(view) if t.key == "money")
    assert money.rows[-1][2] == wan_yuan(a.paid_cents + a.grant_cents)  # the 合计, rounded once


def test_grants_are_the_approved_temporary_assistance_decisions(raw, approver):
    view = appendix_for(actor=approver, area_code=COUNTY, year=2025)

    assert view.appendix.grants == _sum(raw, "grants") == 2
    assert view.appendix.grant_cents == _sum(raw, "grant_cents") == 300_050
    grants = next(s for s in view.sentences if s.topic == "临时救助")
    assert grants.text == "全年实施临时救助2人次，支出临时救助资金0.30万元，人均救助水平1500元。"


def test_standards_are_those_in_force_at_the_years_end_against_a_year_before(counted, approver):
    view = appendix_for(actor=approver, area_code=COUNTY, year=2025)

    urban = next(s for s in view.appendix.standards if s.label == "城市低保保障标准")
    rural = next(s for s in view.appendix.standards if s.label == "农村低保保障标准")
    assert (urban.value, urban.previous, urban.rise, urban.rise_rate) == (
        Decimal("700"), Decimal("680"), Decimal("20"), Decimal("2.9")
    )  # fmt: skip
    assert (rural.value, rural.rise) == (Decimal("617"), Decimal("0"))
    text = next(s for s in view.sentences if s.topic == "保障标准").text
    assert text.startswith(
        "城市低保保障标准调整到700元/人·月，较上年提高20元、增长2.9%；农村低保保障标准保持617元/人·月"
    )


def test_leads_are_counted_by_source_from_the_raw_leads_of_the_year(counted, approver, admin_user):
    from apps.assistance.models import Case
    from tests.apps.crosscheck.flow import verified_lead

    verified_lead(
        actor=admin_user, case=Case.objects.filter(status="active").first(), tmp=Path(settings.VAR_DIR)
    )
    year = Lead.objects.get().found_on.year
    raw_leads = defaultdict(lambda: defaultdict(int))
    for lead in Lead.objects.filter(found_on__year=year):
        raw_leads[lead.source.code]["found"] += 1
        raw_leads[lead.source.code]["confirmed"] += lead.state in ("confirmed", "remedied")

    lines = lead_lines(actor=approver, area_code=COUNTY, year=year)

    assert {x.source: (x.found, x.confirmed) for x in lines} == {
        k: (v["found"], v["confirmed"]) for k, v in raw_leads.items()
    }
    assert lead_lines(actor=approver, area_code=COUNTY, year=year - 1) == ()


def test_an_outside_area_answers_not_found_and_a_village_worker_is_refused(
    counted, approver, worker, outsider
):
    with pytest.raises(NotFound):
        appendix_for(actor=approver, area_code=OTHER_COUNTY, year=2025)
    with pytest.raises(NotFound):
        appendix_for(actor=outsider, area_code=COUNTY, year=2025)
    with pytest.raises(PermissionDenied):
        appendix_for(actor=worker, area_code="", year=2025)
