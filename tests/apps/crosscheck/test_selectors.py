"""Reading the cross-check data: statistics by source and township, lead filters, and the sources a county
starts from before it has saved any."""

from __future__ import annotations

from decimal import Decimal

from apps.crosscheck.models import Lead
from apps.crosscheck.selectors import LeadFilter, lead_list_for, lead_stats_for, sources_for
from apps.crosscheck.services.leads import lead_assign, lead_verify
from apps.crosscheck.services.remedy import RemedyInput, lead_remedy
from tests.apps.crosscheck.flow import csv_bytes, death_row, head_of, import_list, paid_case, pay, run
from tests.factories import COUNTY, VILLAGE_B, UserFactory


def test_statistics_count_found_verified_confirmed_and_remedied_by_source_and_township(
    worker, reviewer, approver, tmp_path
):
    # given three deaths in 西城街道 and one in 万店镇
    cases = [paid_case(worker=worker, reviewer=reviewer, approver=approver, months=()) for _ in range(3)]
    rural = UserFactory(role="village_worker", area_id=VILLAGE_B)
    county_reviewer = UserFactory(role="township_reviewer", area_id="421303100000")
    cases.append(
        paid_case(worker=rural, reviewer=county_reviewer, approver=approver, area_code=VILLAGE_B, months=())
    )
    pay(approver=approver)
    run(
        approver,
        import_list(actor=approver, content=csv_bytes([death_row(head_of(c)) for c in cases]), tmp=tmp_path),
    )
    first, second, *_ = Lead.objects.filter(township_id=reviewer.area_id).order_by("pk")
    first = lead_verify(
        actor=reviewer, lead=lead_assign(actor=approver, lead=first), result="confirmed", notes="属实"
    )
    lead_remedy(
        actor=approver,
        lead=first,
        data=RemedyInput(change="exit", reason_code="death", reason="死亡", recover=True),
    )
    lead_verify(
        actor=reviewer, lead=lead_assign(actor=approver, lead=second), result="unfounded", notes="同名"
    )

    # then the county sees both townships, the township only its own
    rows = {(r.source, r.township): r for r in lead_stats_for(actor=approver)}
    town = rows[("death", reviewer.area_id)]
    assert (town.found, town.verified, town.confirmed, town.remedied) == (3, 2, 1, 1)
    assert town.at_risk_confirmed == cases[0].monthly_amount * 2
    assert rows[("death", "421303100000")].found == 1
    assert [(r.township, r.found) for r in lead_stats_for(actor=reviewer)] == [(reviewer.area_id, 3)]
    by_county = lead_stats_for(actor=approver, county="421303000000")
    assert sum(r.found for r in by_county) == 4
    assert lead_stats_for(actor=approver, county="420921000000") == []


def test_leads_filter_by_state_township_and_name(case, approver, reviewer, tmp_path):
    run(approver, import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path))

    assert lead_list_for(actor=reviewer, filters=LeadFilter(state="found")).count() == 1
    assert lead_list_for(actor=reviewer, filters=LeadFilter(state="assigned")).count() == 0
    assert lead_list_for(actor=reviewer, filters=LeadFilter(township="421303100000")).count() == 0
    assert lead_list_for(actor=reviewer, filters=LeadFilter(q=head_of(case).name)).count() == 1


def test_a_county_starts_from_the_default_sources(approver):
    sources = sources_for(actor=approver, county=COUNTY)
    assert [s.code for s in sources][:2] == ["death", "cremation"] and len(sources) == 10
    assert all(s.pk is None for s in sources) and sources[0].threshold == Decimal("0.85")
