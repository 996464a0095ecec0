"""The catalogue of indicators as data: one code per figure in the MZ scheme, the monthly table's codes kept,
the annual appendix's and 目标管理's figures found in it, and the arithmetic of a fact-table figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.annual import APPENDIX_STANDARDS
from policy.crosscheck import SOURCES
from policy.indicators import (
    CATALOGUE,
    CODE_PATTERN,
    Catalogue,
    EnteredRule,
    FactRule,
    Indicator,
    LeadFigure,
    LeadRule,
    Method,
    Office,
    Period,
    Source,
    StandardRule,
    Unit,
    entered_match,
    fact_value,
)
from policy.indicators.social_assistance import PROGRAM_NAMES
from policy.parameters import CATALOGUE as PARAMETERS
from policy.programs import PROGRAMS
from policy.statistics import Measure
from policy.statistics.indicators import MONTHLY_INDICATORS
from policy.targets import BINDINGS, MANUAL_ONLY, MEASURES

# The 民政统计 table's codes and names as they were before the catalogue: they must never move.
MONTHLY_CODES = {
    "MZ0101": "城市低保户数",
    "MZ0102": "城市低保人数",
    "MZ0103": "农村低保户数",
    "MZ0104": "农村低保人数",
    "MZ0105": "当月新增低保户数",
    "MZ0106": "当月新增低保人数",
    "MZ0107": "当月退出低保户数",
    "MZ0108": "当月退出低保人数",
    "MZ0109": "城市特困人员救助供养人数",
    "MZ0110": "农村特困人员救助供养人数",
    "MZ0111": "当月临时救助人次",
    "MZ0112": "当月临时救助金额",
    "MZ0201": "享受高龄津贴的老年人数",
    "MZ0202": "享受残疾人两项补贴人数",
    "MZ0203": "孤儿数",
    "MZ0204": "事实无人抚养儿童数",
    "MZ0205": "困境儿童数",
    "MZ0301": "最低生活保障累计支出",
    "MZ0302": "城市低保累计支出",
    "MZ0303": "农村低保累计支出",
    "MZ0304": "特困人员救助供养累计支出",
    "MZ0305": "城市特困人员救助供养累计支出",
    "MZ0306": "农村特困人员救助供养累计支出",
    "MZ0307": "临时救助累计支出",
    "MZ0308": "临时救助累计人次",
    "MZ0309": "高龄津贴累计支出",
    "MZ0310": "残疾人两项补贴累计支出",
    "MZ0311": "孤儿基本生活费累计支出",
    "MZ0312": "事实无人抚养儿童基本生活补贴累计支出",
    "MZ0401": "城市低保月人均补助水平",
    "MZ0402": "农村低保月人均补助水平",
}
# The units 目标管理's bindings had before they read the catalogue: a bound target compares in these.
BINDING_UNITS = {
    "dibao_standard_urban": "元/人·月",
    "dibao_standard_rural": "元/人·月",
    "tekun_standard_urban": "元/人·月",
    "tekun_standard_rural": "元/人·月",
    "orphan_standard": "元/人·月",
    "paid_total": "万元",
    "paid_dibao": "万元",
    "paid_tekun": "万元",
    "paid_disability": "万元",
    "paid_children": "万元",
    "dibao_households": "户",
    "dibao_persons": "人",
    "tekun_persons": "人",
    "disability_persons": "人",
    "temporary_grants": "人次",
    "leads_remedied_rate": "%",
    "alerts_on_time_rate": "%",
}


def test_every_code_is_mz_and_four_digits_used_once_with_a_name_unit_office_and_basis():
    assert len(CATALOGUE) > 200
    for code, indicator in CATALOGUE.items():
        assert CODE_PATTERN.fullmatch(code) and indicator.code == code
        assert indicator.name and indicator.basis and indicator.unit in Unit and indicator.office in Office
        assert indicator.method is (Method.ENTERED if indicator.source is Source.TARGETS else Method.RECORDS)
    assert len({i.name for i in CATALOGUE.values()}) == len(CATALOGUE), "two indicators share a name"


def test_every_indicator_of_today_belongs_to_社会救助():
    assert {i.office for i in CATALOGUE.values()} == {Office.SOCIAL_ASSISTANCE}
    assert Office.SOCIAL_ASSISTANCE.label == "社会救助"


def test_the_catalogue_refuses_a_code_used_twice_or_outside_the_scheme():
    one = CATALOGUE["MZ0101"]
    with pytest.raises(ValueError, match="used twice"):
        Catalogue([one, one])
    with pytest.raises(ValueError, match="four digits"):
        Catalogue(
            [Indicator("YZH0112", "x", Unit.PERSONS, Period.MONTH, Office.SOCIAL_ASSISTANCE, one.rule, "x")]
        )


def test_the_monthly_table_keeps_its_codes_and_reads_its_lines_from_the_catalogue():
    assert {i.code: i.label for i in MONTHLY_INDICATORS} == MONTHLY_CODES
    for line in MONTHLY_INDICATORS:
        entry = CATALOGUE[line.code]
        assert (line.label, line.unit, line.period, line.rule) == (
            entry.name,
            entry.unit,
            entry.period,
            entry.rule,
        )


def test_the_annual_appendix_standards_are_the_catalogues_with_the_parameters_units():
    codes = [c for c, i in CATALOGUE.items() if isinstance(i.rule, StandardRule)]
    assert [(CATALOGUE[c].rule.key, CATALOGUE[c].rule.urban, CATALOGUE[c].name) for c in codes] == list(
        APPENDIX_STANDARDS
    )
    assert all(CATALOGUE[c].unit.value == PARAMETERS[CATALOGUE[c].rule.key].unit for c in codes)


def test_every_programme_by_城乡_has_the_annual_appendixs_seven_figures():
    assert set(PROGRAM_NAMES) == set(PROGRAMS) - {"temporary"}
    lines = [(Measure.HOUSEHOLDS, Period.MONTH_END), (Measure.PERSONS, Period.MONTH_END)] + [
        (m, Period.YEAR_TO_DATE)
        for m in (Measure.NEW_HOUSEHOLDS, Measure.NEW_PERSONS, Measure.EXIT_HOUSEHOLDS, Measure.EXIT_PERSONS,
                  Measure.PAID_CENTS)
    ]  # fmt: skip
    for program in PROGRAM_NAMES:
        for urban in (True, False):
            for measure, period in lines:
                found = CATALOGUE.find(FactRule((measure,), (program,), urban), period)
                assert found is not None, (program, urban, measure)
    # a figure the monthly table already names keeps its code there
    assert (
        CATALOGUE.find(FactRule((Measure.HOUSEHOLDS,), ("dibao",), True), Period.MONTH_END).code == "MZ0101"
    )
    assert (
        CATALOGUE.find(FactRule((Measure.PAID_CENTS,), ("tekun",), False), Period.YEAR_TO_DATE).code
        == "MZ0306"
    )
    assert CATALOGUE.find(FactRule((Measure.PERSONS,), ("orphan",), False), Period.MONTH_END).code == "MZ1512"


def test_the_leads_of_every_source_have_a_section_of_their_own_in_the_sources_order():
    for n, source in enumerate(SOURCES, start=31):
        rules = [CATALOGUE[f"MZ{n}{k:02d}"].rule for k in range(1, 7)]
        assert rules == [LeadRule(figure, source) for figure in LeadFigure]
    assert CATALOGUE["MZ0705"].rule == LeadRule(LeadFigure.REMEDIED_RATE)


def test_every_binding_of_目标管理_is_a_catalogue_indicator_with_its_old_unit():
    assert set(BINDINGS) == set(MEASURES) == set(BINDING_UNITS)
    for key, measure in MEASURES.items():
        indicator = CATALOGUE[measure.indicator]
        assert indicator.code == BINDINGS[key] and indicator.method is Method.RECORDS
        assert (measure.label, measure.unit, measure.places) == (
            indicator.name,
            indicator.unit.value,
            indicator.places,
        )
        assert measure.unit == BINDING_UNITS[key]
    assert set(MANUAL_ONLY) == {i.name for i in CATALOGUE.values() if i.method is Method.ENTERED}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("有意愿且符合条件的特困人员集中供养率", "MZ0901"),
        ("集中供养率", "MZ0901"),
        ("每千名老年人拥有养老床位数", "MZ0902"),
        ("为经济困难老年人家庭提供照护床位", "MZ0903"),
        ("新建社区养老服务综合体", "MZ0904"),
        ("公益创投项目数", "MZ0905"),
        ("城市低保标准", None),
    ],
)
def test_a_hand_entered_target_is_found_by_the_words_of_its_name(name, code):
    matched = [
        i.code for i in CATALOGUE.values() if isinstance(i.rule, EnteredRule) and entered_match(i.rule, name)
    ]
    assert matched == ([code] if code else [])


H, P, PAID, GRANTS, GRANT = (
    Measure.HOUSEHOLDS,
    Measure.PERSONS,
    Measure.PAID_CENTS,
    Measure.GRANTS,
    Measure.GRANT_CENTS,
)
MONTH = {("dibao", True, H): 120, ("dibao", True, P): 210, ("dibao", True, PAID): 12_345_678,
         ("temporary", False, GRANTS): 1, ("temporary", False, GRANT): 50_000}  # fmt: skip
YTD = {("dibao", True, PAID): 98_765_432, ("dibao", False, PAID): 1_234_567, ("tekun", True, PAID): 3,
       ("temporary", False, GRANTS): 3, ("temporary", False, GRANT): 360_050}  # fmt: skip


def _value(code: str, month=MONTH, ytd=YTD) -> Decimal | None:
    i = CATALOGUE[code]
    return fact_value(i.rule, unit=i.unit, period=i.period, month=month, year_to_date=ytd)


def test_money_of_several_measures_and_programmes_is_summed_in_fen_and_rounded_once():
    # 救助资金: 98,765,432 + 1,234,567 + 3 + 360,050 fen = 1,003,600.52 yuan → 100.36 万元
    assert _value("MZ0505") == Decimal("100.36")
    # 按月发放项目 leaves 临时救助 out: 100,000,002 fen → 100.00 万元
    assert _value("MZ0506") == Decimal("100.00")
    assert _value("MZ0501") == 120 and _value("MZ0508") == Decimal("12.40")


def test_the_temporary_assistance_average_is_whole_yuan_per_grant_and_none_without_grants():
    assert _value("MZ0509") == Decimal("1200")  # 3,600.50 yuan ÷ 3 = 1,200.17
    assert _value("MZ0509", ytd={}) is None
    assert _value("MZ0401") == Decimal("587.89")  # the month's money ÷ the month-end persons
    assert _value("MZ0402") == Decimal("0.00")  # nobody in care: the form shows 0
