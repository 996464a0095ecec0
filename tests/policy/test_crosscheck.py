"""policy.crosscheck: the sources and their column guessing, what each kind of match means, the lead
table, and the remedy's effective month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from policy.crosscheck import (
    SOURCES,
    HouseholdLimits,
    MatchItem,
    SourceKind,
    header_guess,
    household_leads,
    lead_transition_check,
    params_check,
    remedy_effective_month,
    risk_share,
)
from policy.errors import InvalidTransition, PermissionDenied

LIMITS = HouseholdLimits(max_vehicles=0, max_homes=1, max_business=0)


def item(
    person: int = 1, *, covered: bool = True, day: date | None = date(2025, 10, 15), **kw: object
) -> MatchItem:
    return MatchItem(
        person_id=person, name=f"人{person}", covered=covered, record_id=person * 10, event_on=day, **kw
    )  # type: ignore[arg-type]


def leads(
    kind: SourceKind,
    items: list[MatchItem],
    params: dict[str, str] | None = None,
    limits: HouseholdLimits = LIMITS,
):
    return household_leads(kind=kind, items=items, params=params or {}, limits=limits)


def test_there_are_nine_kinds_in_ten_sources_and_each_names_its_person():
    assert len(SourceKind) == 9 and len(SOURCES) == 10
    assert {s.kind for s in SOURCES.values()} == set(SourceKind)
    assert all("name" in s.required for s in SOURCES.values())


def test_headers_are_guessed_from_the_usual_words_and_the_saved_mapping_wins():
    source = SOURCES["death"]
    headers = ["序号", "姓名＊", "公民身份号码", "死亡时间(年月日)", "备注"]
    assert header_guess(source=source, headers=headers, saved={}) == {
        "name": "姓名＊",
        "id_number": "公民身份号码",
        "event_date": "死亡时间(年月日)",
        "detail": "备注",
    }
    assert (
        header_guess(source=source, headers=headers, saved={"detail": "序号", "name": "不在文件中"})["detail"]
        == "序号"
    )


def test_rule_parameters_are_checked():
    clean, errors = params_check(SOURCES["medical"], {"min_amount": "abc"})
    assert errors == {"min_amount": ["“个人自付达到（元）才提示”应为数字"]}
    clean, errors = params_check(SOURCES["vehicle"], {"exempt_words": "摩托车，代步车 、"})
    assert (clean, errors) == ({"exempt_words": "摩托车、代步车"}, {})


def test_a_covered_member_dying_is_high_and_another_member_medium():
    found = leads(SourceKind.DEATH, [item(1), item(2, covered=False, day=date(2025, 9, 1))])
    assert [(d.rule.code, d.severity.value, d.event_on) for d in found] == [
        ("death_covered", "high", date(2025, 10, 15)),
        ("death_member", "medium", date(2025, 9, 1)),
    ]
    assert found[0].explanation == "保障成员人1已死亡（或已火化），仍在保障范围内"


def test_vehicles_count_against_the_local_limit_without_the_exempt_ones():
    params = {"exempt_words": "摩托车、代步车"}
    car = item(1, ref="鄂S1", detail="小型轿车")
    motorbike = item(1, ref="鄂S2", detail="二轮摩托车")
    assert leads(SourceKind.VEHICLE, [motorbike], params) == []
    (lead,) = leads(SourceKind.VEHICLE, [car, motorbike, item(1, ref="鄂S1", detail="小型轿车")], params)
    assert lead.rule.code == "vehicle_over_limit" and len(lead.items) == 1  # the same plate counts once
    assert leads(SourceKind.VEHICLE, [car], params, HouseholdLimits(max_vehicles=1)) == []


def test_the_household_goes_over_the_limit_on_the_day_of_the_thing_that_tips_it():
    first = item(1, ref="A", day=date(2020, 1, 1))
    second = item(2, ref="B", day=date(2024, 6, 1))
    (lead,) = leads(SourceKind.BUSINESS, [second, first], limits=HouseholdLimits(max_business=1))
    assert lead.event_on == date(2024, 6, 1)


def test_property_counts_homes_and_any_non_residential_use():
    params = {"non_residential_words": "商铺、车库"}
    home = item(1, ref="房1", detail="住宅")
    assert leads(SourceKind.REAL_ESTATE, [home], params) == []
    (lead,) = leads(SourceKind.REAL_ESTATE, [home, item(1, ref="铺1", detail="商铺")], params)
    assert "非居住用途不动产1处" in lead.explanation
    (lead,) = leads(SourceKind.REAL_ESTATE, [home, item(2, ref="房2", detail="住宅")], params)
    assert "居住用途不动产2处" in lead.explanation


def test_pensions_and_medical_bills_count_from_their_minimum_and_are_low():
    pension = item(1, amount=Decimal("150"))
    assert leads(SourceKind.PENSION, [pension], {"min_monthly": "200"}) == []
    (lead,) = leads(SourceKind.PENSION, [pension], {"min_monthly": "100"})
    assert lead.severity.value == "low" and "150" in lead.explanation
    assert leads(SourceKind.MEDICAL, [item(1, amount=Decimal("19999.99"))], {"min_amount": "20000"}) == []


def test_a_severe_disability_ranks_higher():
    (lead,) = leads(SourceKind.DISABILITY, [item(1, detail="肢体二级")], {"severe_words": "一级、二级"})
    assert lead.severity.value == "medium"
    (lead,) = leads(SourceKind.DISABILITY, [item(1, detail="视力四级")], {"severe_words": "一级、二级"})
    assert lead.severity.value == "low"


def test_public_pay_and_detention_are_high():
    assert leads(SourceKind.PUBLIC_PAYROLL, [item(1, covered=False)])[0].severity.value == "high"
    assert leads(SourceKind.DETENTION, [item(1)])[0].rule.code == "detention_covered"


def test_the_lead_table_says_who_takes_each_step():
    assert lead_transition_check("assign", state="found", role="county_approver").target == "assigned"
    assert lead_transition_check("confirm", state="assigned", role="township_reviewer").target == "confirmed"
    with pytest.raises(PermissionDenied):
        lead_transition_check("confirm", state="assigned", role="village_worker")
    with pytest.raises(InvalidTransition, match="不属实"):
        lead_transition_check("remedy", state="unfounded", role="county_approver")
    assert lead_transition_check("hold", state="confirmed", role="admin").target is None


@pytest.mark.parametrize(
    ("change", "paid_through", "stop_rule", "recover", "expected"),
    [
        (
            "exit",
            date(2025, 12, 1),
            "full",
            True,
            date(2026, 1, 1),
        ),  # paid months are recovered, not re-settled
        ("exit", date(2025, 9, 1), "full", True, date(2025, 11, 1)),  # the death month itself is paid in full
        ("exit", date(2025, 9, 1), "none", True, date(2025, 10, 1)),  # …or not at all
        ("stop", None, "full", False, date(2025, 11, 1)),
        ("adjust", date(2025, 12, 1), "full", True, date(2025, 11, 1)),  # the payroll settles the difference
        ("adjust", date(2025, 12, 1), "full", False, date(2026, 1, 1)),
    ],
)
def test_the_remedy_takes_effect_without_settling_paid_months_twice(
    change, paid_through, stop_rule, recover, expected
):
    month = remedy_effective_month(
        change=change,
        event_on=date(2025, 10, 15),
        paid_through=paid_through,
        start_month=date(2025, 3, 1),
        stop_rule=stop_rule,
        recover=recover,
    )
    assert month == expected


def test_without_an_event_date_the_service_default_applies():
    month = remedy_effective_month(
        change="stop",
        event_on=None,
        paid_through=None,
        start_month=date(2025, 1, 1),
        stop_rule="full",
        recover=False,
    )
    assert month is None


def test_a_persons_share_of_an_overpayment():
    assert risk_share(overpaid=Decimal("1000"), affected=1, covered=3) == Decimal("333.33")
    assert risk_share(overpaid=Decimal("1000"), affected=2, covered=2) == Decimal("1000.00")
