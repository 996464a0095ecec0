"""Every figure that the 民政统计 monthly table, the annual appendix and 目标管理 show has the same value
through the catalogue of indicators, compared with those apps' own selectors (and, for 目标管理, which now
reads the catalogue, with the data its figures were computed from before)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from apps.annual.documents.tables import cases_table, grants_table, leads_table
from apps.annual.selectors import appendix_for
from apps.areas.models import Area
from apps.assistance.models import Case
from apps.core.clock import today
from apps.indicators.selectors import indicator_values
from apps.monitoring.models import Alert
from apps.monitoring.services import alert_create_manual, alert_visit
from apps.registry.models import Household
from apps.standards.selectors import standards_for_many
from apps.statistics.selectors import monthly_figures, year_figures
from apps.targets.selectors import year_progress
from apps.targets.services import target_actual_record, target_create
from apps.workbench.selectors.home import HEADLINE, headline_figures
from policy.annual import APPENDIX_STANDARD_CODES, remedied_rate
from policy.crosscheck import SOURCES
from policy.errors import ValidationFailed
from policy.indicators import CATALOGUE, FactRule, Method, Period
from policy.money import wan_yuan
from policy.months import month_add
from policy.statistics import Measure
from policy.targets import BINDINGS, MEASURES, percent, target_clean
from tests.factories import COUNTY, TOWN

H, P, PAID, GRANTS, GRANT = (
    Measure.HOUSEHOLDS,
    Measure.PERSONS,
    Measure.PAID_CENTS,
    Measure.GRANTS,
    Measure.GRANT_CENTS,
)
END, YTD = Period.MONTH_END, Period.YEAR_TO_DATE


def _sheet(actor, *, year: int, month: date | None = None, area: str = COUNTY) -> dict:
    sheet = indicator_values(actor=actor, area_code=area, year=year, month=month)
    return {v.indicator.code: v.value for v in sheet.values}


def _line(program: str, urban: bool, measure: Measure, period: Period) -> str:
    found = CATALOGUE.find(FactRule((measure,), (program,), urban), period)
    assert found is not None
    return found.code


@pytest.mark.parametrize("month", [date(2025, 1, 1), date(2025, 11, 1), date(2025, 12, 1)])
def test_every_line_of_the_monthly_table_has_the_same_数量_and_上期(counted, approver, month):
    table = monthly_figures(actor=approver, area_code=COUNTY, month=month).table
    before = month_add(month, -1)

    now = _sheet(approver, year=month.year, month=month)
    earlier = _sheet(approver, year=before.year, month=before)

    assert any(row.value for row in table)
    for row in table:
        assert (now[row.indicator.code], earlier[row.indicator.code]) == (row.value, row.previous), row


@pytest.mark.parametrize("area", [COUNTY, TOWN])
def test_every_figure_of_the_annual_appendix_is_the_catalogues(counted, approver, area):
    view = appendix_for(actor=approver, area_code=area, year=2025)
    a = view.appendix

    now, before = _sheet(approver, year=2025, area=area), _sheet(approver, year=2024, area=area)

    assert a.cases
    for x in a.cases:
        p, u = x.program, x.is_urban
        assert (
            now[_line(p, u, H, END)] == x.households and before[_line(p, u, H, END)] == x.previous_households
        )
        assert now[_line(p, u, P, END)] == x.persons and before[_line(p, u, P, END)] == x.previous_persons
        assert now[_line(p, u, Measure.NEW_HOUSEHOLDS, YTD)] == x.new_households
        assert now[_line(p, u, Measure.NEW_PERSONS, YTD)] == x.new_persons
        assert now[_line(p, u, Measure.EXIT_HOUSEHOLDS, YTD)] == x.exit_households
        assert now[_line(p, u, Measure.EXIT_PERSONS, YTD)] == x.exit_persons
        assert now[_line(p, u, PAID, YTD)] == wan_yuan(x.paid_cents)
        assert before[_line(p, u, PAID, YTD)] == wan_yuan(x.previous_paid_cents)
    total = cases_table(a).rows[-1]
    assert [now[c] for c in ("MZ0510", "MZ0511")] == list(total[2:4])
    assert [before[c] for c in ("MZ0510", "MZ0511")] == list(total[4:6])
    assert [now[c] for c in ("MZ0512", "MZ0513", "MZ0514", "MZ0515")] == list(total[6:10])
    assert (now["MZ0505"], before["MZ0505"]) == (wan_yuan(a.total_cents), wan_yuan(a.previous_total_cents))
    assert now["MZ0506"] == wan_yuan(a.paid_cents)
    assert (now["MZ0308"], before["MZ0308"]) == (a.grants, a.previous_grants) and a.grants == 2
    assert (now["MZ0307"], before["MZ0307"]) == (wan_yuan(a.grant_cents), wan_yuan(a.previous_grant_cents))
    average = grants_table(a).rows[2][1]
    assert now["MZ0509"] == average and isinstance(average, Decimal)
    for code, standard in zip(APPENDIX_STANDARD_CODES, a.standards, strict=True):
        assert (now[code], before[code]) == (standard.value, standard.previous), standard.label
    for m in view.months:
        month = _sheet(approver, year=2025, month=m.month, area=area)
        assert (month["MZ0507"], month["MZ0112"], month["MZ0508"]) == (
            wan_yuan(m.paid_cents),
            wan_yuan(m.grant_cents),
            wan_yuan(m.total_cents),
        )


def _year_figures_old(actor, year: int) -> dict[str, Decimal]:
    """What 目标管理 computed for each binding before it read the catalogue
    (apps/targets/selectors/measures.py)."""
    y = year_figures(actor=actor, area_code=COUNTY, year=year)
    children = ("orphan", "de_facto_child", "child_in_difficulty")
    return {
        "paid_total": wan_yuan(y.total(PAID) + y.total(GRANT)),
        "paid_dibao": wan_yuan(y.total(PAID, "dibao")),
        "paid_tekun": wan_yuan(y.total(PAID, "tekun")),
        "paid_disability": wan_yuan(y.total(PAID, "disability")),
        "paid_children": wan_yuan(sum(y.total(PAID, p) for p in children)),
        "dibao_households": Decimal(y.total(H, "dibao")),
        "dibao_persons": Decimal(y.total(P, "dibao")),
        "tekun_persons": Decimal(y.total(P, "tekun")),
        "disability_persons": Decimal(y.total(P, "disability")),
        "temporary_grants": Decimal(y.total(GRANTS)),
    }


def _standards_old(on: date) -> dict[str, Decimal | None]:
    std = standards_for_many(area_codes=[COUNTY], on=on)

    def money(urban: bool, key: str) -> Decimal | None:
        try:
            return std[(COUNTY, urban)].money(key)
        except ValidationFailed:  # not configured for the day
            return None

    return {
        "dibao_standard_urban": money(True, "dibao.standard"),
        "dibao_standard_rural": money(False, "dibao.standard"),
        "tekun_standard_urban": money(True, "tekun.basic_dispersed"),
        "tekun_standard_rural": money(False, "tekun.basic_dispersed"),
        "orphan_standard": money(True, "orphan.dispersed"),
    }


def _bind_every_measure(admin_user, year: int) -> Area:
    county = Area.objects.get(pk=COUNTY)
    for n, key in enumerate(MEASURES, start=1):
        spec = target_clean({"level": "county", "seq": str(n), "name": f"指标{n}", "measure": key,
                             "direction": "≥", "target_value": "1"})  # fmt: skip
        target_create(actor=admin_user, county=county, year=year, spec=spec)
    return county


def test_every_bound_figure_of_目标管理_is_the_catalogues_and_what_it_was_computed_from(
    counted, approver, admin_user
):
    # given a target bound to every measure, for the finished year
    county = _bind_every_measure(admin_user, 2025)

    # when
    progress = year_progress(actor=approver, county=county, year=2025)
    sheet = _sheet(approver, year=2025)

    # then
    expected = _year_figures_old(approver, 2025) | _standards_old(date(2025, 12, 31))
    expected |= {"leads_remedied_rate": None, "alerts_on_time_rate": None}  # none found in 2025
    assert set(expected) == set(MEASURES)
    for row in progress.rows:
        key = row.target.measure
        assert row.progress.actual == expected[key] == sheet[BINDINGS[key]], key
        assert row.progress.as_of == (date(2025, 12, 31) if expected[key] is not None else None)
    assert expected["paid_dibao"] > 0 and expected["dibao_standard_urban"] == Decimal("700")
    assert expected["orphan_standard"] is None  # not configured: no value, in both


def test_the_years_leads_and_alerts_are_the_appendixs_and_目标管理s(counted, approver, admin_user, reviewer):
    # given a confirmed lead and an alert visited in time, in the year running (today is 2026-02-10)
    from tests.apps.crosscheck.flow import verified_lead

    verified_lead(
        actor=admin_user, case=Case.objects.filter(status="active").first(), tmp=Path(settings.VAR_DIR)
    )
    household = Household.objects.filter(area__code__startswith=TOWN[:9]).order_by("pk").first()
    alert = alert_create_manual(actor=reviewer, household=household, reason="家庭成员突发重病")
    alert_visit(actor=reviewer, alert=alert, visited_on=today(), notes="已入户核实")
    county = _bind_every_measure(admin_user, 2026)

    # when
    a = appendix_for(actor=approver, area_code=COUNTY, year=2026).appendix
    sheet = indicator_values(actor=approver, area_code=COUNTY, year=2026)
    values = {v.indicator.code: v for v in sheet.values}
    rows = {r.target.measure: r for r in year_progress(actor=approver, county=county, year=2026).rows}

    # then
    total = leads_table(a).rows[-1]
    assert a.leads and total[1:5] == tuple(values[c].value for c in ("MZ0701", "MZ0702", "MZ0703", "MZ0704"))
    assert (total[5], total[6]) == (values["MZ0705"].value, values["MZ0706"].value)
    for lead in a.leads:
        section = 31 + list(SOURCES).index(lead.source)
        assert [values[f"MZ{section}{k:02d}"].value for k in range(1, 7)] == [
            lead.found, lead.confirmed, lead.unfounded, lead.remedied,
            remedied_rate(lead.remedied, lead.confirmed), lead.amount_confirmed,
        ]  # fmt: skip
    rate = remedied_rate(a.leads_remedied, a.leads_confirmed)
    assert values["MZ0705"].value == rate == rows["leads_remedied_rate"].progress.actual
    due = Alert.objects.filter(raised_on__year=2026).count()
    assert values["MZ0801"].value == percent(due, due) == rows["alerts_on_time_rate"].progress.actual
    assert values["MZ0801"].note == rows["alerts_on_time_rate"].note == f"按时核实{due}条 / 到期{due}条"
    # the statistics of February 2026 were never counted: no value, and the reason
    assert values["MZ0101"].value is None and "尚未统计" in values["MZ0101"].note
    assert (
        rows["dibao_households"].progress.actual is None
        and rows["dibao_households"].note == values["MZ0101"].note
    )


def test_a_hand_entered_target_is_the_catalogues_entered_figure_with_its_date_and_evidence(
    counted, approver, admin_user
):
    # given 目标管理's hand-entered indicators: one with its value and evidence, one still without a value
    county = Area.objects.get(pk=COUNTY)
    spec = target_clean({"level": "city", "name": "有意愿且符合条件的特困人员集中供养率", "direction": "≥",
                         "target_value": "60", "unit": "%"})  # fmt: skip
    rate = target_create(actor=admin_user, county=county, year=2025, spec=spec)
    target_actual_record(actor=admin_user, target=rate, value="64.3", on=date(2025, 12, 31), note="",
                         evidence=("名册.pdf", b"%PDF-1.4"))  # fmt: skip
    spec = target_clean({"level": "county", "name": "每千名老年人拥有养老床位数", "direction": "≥",
                         "target_value": "37", "unit": "张"})  # fmt: skip
    target_create(actor=admin_user, county=county, year=2025, spec=spec)

    # when
    values = {
        v.indicator.code: v for v in indicator_values(actor=approver, area_code=COUNTY, year=2025).values
    }
    shown = {r.target.name: r for r in year_progress(actor=approver, county=county, year=2025).rows}

    # then
    entered = values["MZ0901"]
    assert entered.method is Method.ENTERED
    assert (entered.value, entered.as_of) == (Decimal("64.3"), date(2025, 12, 31))
    assert (entered.value, entered.as_of) == (
        shown[rate.name].progress.actual,
        shown[rate.name].progress.as_of,
    )
    assert "名册.pdf" in entered.note
    assert values["MZ0902"].value is None and "尚未填报实际值" in values["MZ0902"].note
    assert values["MZ0903"].value is None and values["MZ0903"].note == "本年目标管理中没有此项指标"


def test_the_home_panels_headline_figures_are_the_catalogues_values(counted, approver):
    # given: a counted county, and the month the home page shows
    month = date(2025, 11, 1)
    figures = monthly_figures(actor=approver, area_code=COUNTY, month=month)
    # when
    shown = headline_figures(figures, lambda program, urban=None, flow="in_care": f"{program}/{urban}/{flow}")
    sheet = _sheet(approver, year=2025, month=month)
    # then: each figure is the catalogue's indicator under its name and unit, with the same value
    assert [(name, unit) for name, _, unit, _ in shown] == [
        (CATALOGUE[c].name, CATALOGUE[c].unit.value) for c in HEADLINE
    ]
    assert [value for _, value, _, _ in shown] == [int(sheet[c]) for c in HEADLINE]
    assert any(value > 0 for _, value, _, _ in shown)
    assert shown[0][3] == "dibao/True/in_care" and shown[-1][3] == "dibao/None/exit"
