"""The early-warning rules: each raises on realistic figures and stays quiet on near-misses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from policy.monitoring import (
    DeathEvent,
    DisabilityEvent,
    Finding,
    Rule,
    disability_grade_parse,
    earner_deaths,
    income_drops,
    medical_burdens,
    new_findings,
    severe_disabilities,
)

SEVERE = frozenset({1, 2})
ON = date(2026, 1, 5)


def test_a_grade_is_read_from_chinese_or_arabic_numerals():
    assert disability_grade_parse("肢体残疾二级") == 2
    assert disability_grade_parse("视力残疾 1级") == 1
    assert disability_grade_parse("智力残疾") is None


def test_a_new_grade_two_disability_is_severe_but_grade_three_is_not():
    events = [
        DisabilityEvent(1, 11, 2, ON, "残联新办残疾人证", "肢体残疾二级"),
        DisabilityEvent(2, 21, 3, ON, "残联新办残疾人证", "肢体残疾三级"),
        DisabilityEvent(3, 31, None, ON, "残联新办残疾人证", "残疾"),
    ]
    found = severe_disabilities(events, grades=SEVERE)
    assert [(f.household_id, f.rule, f.subject) for f in found] == [(1, Rule.SEVERE_DISABILITY, "person:11")]


def test_medical_spending_at_half_the_annual_income_raises_and_just_below_does_not():
    spending = {1: D("12000"), 2: D("11999.99"), 3: D("500")}
    income = {1: D("24000"), 2: D("24000")}
    found = medical_burdens(spending, income, ratio=D("0.5"), period="b1")
    assert [f.household_id for f in found] == [1, 3]  # 3 has no recorded income at all
    assert found[0].evidence["share"] == "50.0%"


def test_the_death_of_the_largest_earner_raises_but_not_of_a_lesser_one():
    incomes = {1: {11: D("30000"), 12: D("5000")}, 2: {21: D("30000"), 22: D("5000")}}
    deaths = [DeathEvent(1, 11, ON, "死亡名单"), DeathEvent(2, 22, ON, "死亡名单")]
    found = earner_deaths(deaths, incomes)
    assert [(f.household_id, f.subject) for f in found] == [(1, "person:11")]


def test_a_death_in_a_household_without_income_is_not_an_earner_death():
    assert earner_deaths([DeathEvent(1, 11, ON, "登记信息")], {}) == []


def test_an_income_drop_of_thirty_percent_raises_and_twenty_nine_does_not():
    last = {1: D("20000"), 2: D("20000"), 3: D("20000")}
    this = {1: D("14000"), 2: D("14200")}  # 3 has nothing recorded for this year: not compared
    found = income_drops(this, last, rate=D("0.3"), year=2026)
    assert [f.household_id for f in found] == [1]
    assert "30.0%" in found[0].summary


def test_an_open_alert_or_an_event_raised_before_is_not_raised_again():
    f1 = Finding(1, Rule.MEDICAL, "medical:b1", "x")
    f2 = Finding(2, Rule.MEDICAL, "medical:b1", "x")
    f3 = Finding(3, Rule.EARNER_DEATH, "person:9", "x")
    f3_again = Finding(3, Rule.EARNER_DEATH, "person:9", "x")
    kept = new_findings(
        [f1, f2, f3, f3_again], open_rules={(1, "medical")}, seen={(2, "medical", "medical:b1")}
    )
    assert kept == [f3]
