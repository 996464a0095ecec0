"""The monthly payroll of one case: 补发 for late approvals, partial months under each start and stop rule,
停发 and 暂停 with and without 补发, capped 追回, 渐退, the 补发 limit, the plain-case test the set-based
engine mirrors, and the overpayment after a death."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from policy.cases import CaseStatus, phase_out_schedule
from policy.errors import ValidationFailed
from policy.money import yuan
from policy.months import month_add
from policy.parameters import Standards
from policy.payroll import (
    REASON_LABELS,
    AmountPeriod,
    PaidMonth,
    PartialMonth,
    PayFacts,
    PayLine,
    PayRules,
    StatusPeriod,
    is_plain,
    pay_month,
    pay_rules,
    recovery_for,
)

A, S, T, X = CaseStatus.ACTIVE, CaseStatus.SUSPENDED, CaseStatus.STOPPED, CaseStatus.EXITED
AMOUNT = Decimal("850.00")


def m(year: int, month: int) -> date:
    return date(year, month, 1)


def rules(**raw: str) -> PayRules:
    """The county's payroll rules: the catalogue defaults, with ``raw`` overriding ``payroll.<key>``."""
    values = {f"payroll.{key}": value for key, value in raw.items()}
    return pay_rules(Standards("421303000000", True, date(2024, 1, 1), values))


def facts(
    start_on: date,
    *changes: tuple[date, CaseStatus],
    amounts: tuple[tuple[date, str], ...] = (),
    paid_through: date | None = None,
    recovery_due: str = "0",
) -> PayFacts:
    """A case active from ``start_on`` at 850.00 a month unless ``amounts`` says otherwise."""
    periods = tuple(AmountPeriod(day, Decimal(value)) for day, value in amounts)
    return PayFacts(
        case_id=7,
        program="dibao",
        start_on=start_on,
        amounts=periods or (AmountPeriod(start_on, AMOUNT),),
        statuses=(StatusPeriod(start_on, A), *(StatusPeriod(day, status) for day, status in changes)),
        paid_through=paid_through,
        recovery_due=Decimal(recovery_due),
    )


def payrolls(case: PayFacts, first: date, last: date, rule: PayRules) -> list[PayLine | None]:
    """Run every month's payroll from ``first`` to ``last``, each approved before the next."""
    lines: list[PayLine | None] = []
    month = first
    while month <= last:
        line = pay_month(facts=case, month=month, rules=rule)
        lines.append(line)
        if line is not None:
            case = replace(
                case,
                paid_through=line.paid_through_after,
                recovery_due=case.recovery_due - line.recovery,
            )
        month = month_add(month, 1)
    return lines


def nets(lines: list[PayLine | None]) -> list[Decimal | None]:
    return [None if line is None else line.net for line in lines]


# 补发


def test_a_late_approval_pays_every_month_since_the_start_in_the_next_payroll():
    # given: start March, approved in May after May's payroll ran, so never paid
    case = facts(date(2024, 3, 1))
    # when
    line = pay_month(facts=case, month=m(2024, 6), rules=rules())
    # then
    assert line is not None
    assert [(a.month, a.amount, a.reason) for a in line.arrears] == [
        (m(2024, 3), AMOUNT, "arrears"),
        (m(2024, 4), AMOUNT, "arrears"),
        (m(2024, 5), AMOUNT, "arrears"),
    ]
    assert line.regular == AMOUNT
    assert line.arrears_total == Decimal("2550.00")
    assert line.net == Decimal("3400.00")
    assert line.reasons == ("new", "regular", "arrears")
    assert line.paid_through_after == m(2024, 6)
    assert [step.outcome for step in line.trace[:4]] == ["补发 850.00 元"] * 3 + ["850.00 元"]


def test_the_status_a_case_was_created_with_holds_from_its_start_even_if_recorded_later():
    # given: approved (and so recorded active) on 20 May, with the start fixed at March
    case = replace(facts(date(2024, 3, 1)), statuses=(StatusPeriod(date(2024, 5, 20), A),))
    # when
    line = pay_month(facts=case, month=m(2024, 6), rules=rules())
    # then
    assert line is not None and line.net == AMOUNT * 4


def test_of_two_status_changes_on_one_day_the_later_one_holds():
    case = facts(date(2024, 1, 1), (date(2024, 3, 10), S), (date(2024, 3, 10), A), paid_through=m(2024, 2))
    line = pay_month(facts=case, month=m(2024, 3), rules=rules(stop_rule="none"))
    assert line is not None
    assert line.reasons == ("regular",)
    assert is_plain(facts=case, month=m(2024, 3))


def test_each_arrears_month_is_paid_at_the_amount_in_force_that_month():
    case = facts(
        date(2024, 3, 1),
        amounts=((m(2024, 3), "850.00"), (m(2024, 5), "910.50"), (m(2024, 6), "700.00")),
        paid_through=m(2024, 3),
    )
    line = pay_month(facts=case, month=m(2024, 6), rules=rules())
    assert line is not None
    assert [(a.month, a.amount) for a in line.arrears] == [
        (m(2024, 4), Decimal("850.00")),
        (m(2024, 5), Decimal("910.50")),
    ]
    assert line.regular == Decimal("700.00")
    assert line.amount == Decimal("700.00")
    assert "amount_changed" in line.reasons
    assert line.net == Decimal("2460.50")


def test_arrears_older_than_the_limit_are_flagged_not_paid():
    case = facts(date(2023, 1, 1))
    line = pay_month(facts=case, month=m(2024, 6), rules=rules(arrears_max_months="12"))
    assert line is not None
    assert [a.month for a in line.overdue] == [m(2023, month) for month in range(1, 6)]
    assert [a.month for a in line.arrears] == [month_add(m(2023, 6), i) for i in range(12)]
    assert line.net == AMOUNT * 13
    assert "overdue" in line.reasons
    assert line.paid_through_after == m(2024, 6)
    assert any("超过补发期限" in step.outcome for step in line.trace)


def test_a_zero_arrears_limit_pays_only_the_month_itself():
    line = pay_month(facts=facts(date(2024, 4, 1)), month=m(2024, 6), rules=rules(arrears_max_months="0"))
    assert line is not None
    assert (line.net, len(line.overdue)) == (AMOUNT, 2)


def test_a_month_already_settled_is_not_paid_again():
    case = facts(date(2024, 1, 1), paid_through=m(2024, 6))
    assert pay_month(facts=case, month=m(2024, 6), rules=rules()) is None


def test_a_month_before_the_start_month_is_never_paid():
    assert pay_month(facts=facts(date(2024, 7, 20)), month=m(2024, 6), rules=rules()) is None


# Partial months: 31-, 30-, 28- and 29-day months under each rule

START_CASES = [
    # start_on, rule, regular, reasons
    (date(2024, 3, 15), "full", "850.00", ("new", "regular")),
    (date(2024, 3, 15), "none", "0.00", ("new", "partial_unpaid")),
    (date(2024, 3, 15), "by_day", "466.13", ("new", "prorated_start")),  # 850 × 17 ÷ 31
    (date(2024, 4, 15), "by_day", "453.33", ("new", "prorated_start")),  # 850 × 16 ÷ 30
    (date(2023, 2, 15), "by_day", "425.00", ("new", "prorated_start")),  # 850 × 14 ÷ 28
    (date(2024, 2, 15), "by_day", "439.66", ("new", "prorated_start")),  # 850 × 15 ÷ 29
    (date(2024, 2, 29), "by_day", "29.31", ("new", "prorated_start")),  # 850 × 1 ÷ 29
    (date(2024, 3, 1), "none", "850.00", ("new", "regular")),
    (date(2024, 3, 1), "by_day", "850.00", ("new", "regular")),
]


@pytest.mark.parametrize(("start_on", "rule", "regular", "reasons"), START_CASES)
def test_the_start_month_is_paid_under_the_start_rule(start_on, rule, regular, reasons):
    line = pay_month(facts=facts(start_on), month=start_on.replace(day=1), rules=rules(start_rule=rule))
    assert line is not None
    assert (line.regular, line.reasons) == (Decimal(regular), reasons)


def test_a_start_rule_of_none_pays_from_the_following_month():
    lines = payrolls(facts(date(2024, 3, 15)), m(2024, 3), m(2024, 5), rules(start_rule="none"))
    assert nets(lines) == [Decimal("0.00"), AMOUNT, AMOUNT]


def test_a_prorated_month_shows_its_computation():
    line = pay_month(facts=facts(date(2024, 3, 15)), month=m(2024, 3), rules=rules(start_rule="by_day"))
    assert line is not None
    step = line.trace[0]
    assert "850.00 × 17 ÷ 31 = 466.13" in step.detail
    assert "15–31日在保" in step.detail
    assert "按日折算" in step.basis


STOP_CASES = [
    # stop day, rule, regular in the stop month, reasons
    (date(2024, 3, 10), "full", "850.00", ("regular", "stopped")),
    (date(2024, 3, 10), "none", "0.00", ("partial_unpaid", "stopped")),
    (date(2024, 3, 10), "by_day", "246.77", ("prorated_stop", "stopped")),  # 850 × 9 ÷ 31
    (date(2024, 4, 10), "by_day", "255.00", ("prorated_stop", "stopped")),  # 850 × 9 ÷ 30
    (date(2023, 2, 10), "by_day", "273.21", ("prorated_stop", "stopped")),  # 850 × 9 ÷ 28
    (date(2024, 2, 10), "by_day", "263.79", ("prorated_stop", "stopped")),  # 850 × 9 ÷ 29
    (date(2024, 3, 1), "full", "0.00", ("stopped",)),  # effective from the 1st: the month is not paid
]


@pytest.mark.parametrize(("stop_on", "rule", "regular", "reasons"), STOP_CASES)
def test_the_stop_month_is_paid_under_the_stop_rule(stop_on, rule, regular, reasons):
    month = stop_on.replace(day=1)
    case = facts(date(2022, 1, 1), (stop_on, T), paid_through=month_add(month, -1))
    line = pay_month(facts=case, month=month, rules=rules(stop_rule=rule))
    assert line is not None
    assert (line.regular, line.reasons) == (Decimal(regular), reasons)
    assert line.paid_through_after == month


def test_payment_stops_from_the_month_after_a_stop_by_default():
    case = facts(date(2024, 1, 1), (date(2024, 3, 10), T), paid_through=m(2024, 2))
    lines = payrolls(case, m(2024, 3), m(2024, 5), rules())
    assert nets(lines) == [AMOUNT, None, None]


@pytest.mark.parametrize(
    ("start_rule", "stop_rule", "regular"),
    [
        ("full", "none", "850.00"),
        ("none", "by_day", "301.61"),  # 850 × 11 ÷ 31
        ("none", "none", "0.00"),
        ("by_day", "full", "850.00"),
    ],
)
def test_a_month_with_a_start_and_a_stop_takes_the_more_favourable_rule(start_rule, stop_rule, regular):
    case = facts(date(2024, 3, 10), (date(2024, 3, 21), X))
    line = pay_month(facts=case, month=m(2024, 3), rules=rules(start_rule=start_rule, stop_rule=stop_rule))
    assert line is not None
    assert line.regular == Decimal(regular)


# 停发 and 暂停


def test_stopped_months_are_never_paid_after_a_restart():
    # given: stopped from March, resumed from May
    case = facts(date(2024, 1, 1), (m(2024, 3), T), (m(2024, 5), A), paid_through=m(2024, 2))
    # when
    lines = payrolls(case, m(2024, 3), m(2024, 6), rules())
    # then
    assert nets(lines) == [Decimal("0.00"), None, AMOUNT, AMOUNT]
    assert lines[0] is not None and lines[0].reasons == ("stopped",)
    assert lines[2] is not None and lines[2].reasons == ("regular", "resumed", "stopped")
    assert lines[2].arrears == ()
    assert lines[3] is not None and lines[3].reasons == ("regular",)


def test_a_restart_seen_late_pays_only_the_months_in_force():
    case = facts(date(2024, 1, 1), (m(2024, 3), T), (m(2024, 5), A), paid_through=m(2024, 2))
    line = pay_month(facts=case, month=m(2024, 6), rules=rules())
    assert line is not None
    assert [a.month for a in line.arrears] == [m(2024, 5)]
    assert line.net == AMOUNT * 2
    assert [step.outcome for step in line.trace[:2]] == ["不发放", "不发放"]


@pytest.mark.parametrize(("backpay", "expected"), [("true", [0, 0, 3]), ("false", [0, 0, 1])])
def test_suspended_months_are_paid_back_on_resumption_only_when_configured(backpay, expected):
    # given: suspended from March, resumed from May
    case = facts(date(2024, 1, 1), (m(2024, 3), S), (m(2024, 5), A), paid_through=m(2024, 2))
    # when
    lines = payrolls(case, m(2024, 3), m(2024, 5), rules(resume_backpay=backpay))
    # then
    assert nets(lines) == [AMOUNT * n for n in expected]
    assert lines[0] is not None and "suspended" in lines[0].reasons
    if backpay == "true":
        assert lines[1] is not None
        assert [w.month for w in lines[1].withheld] == [m(2024, 3), m(2024, 4)]
        assert lines[1].paid_through_after == m(2024, 2)
        assert lines[2] is not None
        assert [(a.month, a.reason) for a in lines[2].arrears] == [
            (m(2024, 3), "backpay"),
            (m(2024, 4), "backpay"),
        ]
        assert "backpay" in lines[2].reasons


def test_a_suspension_that_ends_in_a_stop_is_not_paid_back():
    case = facts(date(2024, 1, 1), (m(2024, 3), S), (m(2024, 5), T), paid_through=m(2024, 2))
    lines = payrolls(case, m(2024, 3), m(2024, 6), rules(resume_backpay="true"))
    assert nets(lines) == [Decimal("0.00"), Decimal("0.00"), Decimal("0.00"), None]
    assert lines[2] is not None and lines[2].paid_through_after == m(2024, 5)


def test_a_mid_month_suspension_withholds_the_whole_month_until_its_outcome_is_known():
    # given: by-day stop rule, suspended on 11 March (10 days in force)
    case = facts(date(2024, 1, 1), (date(2024, 3, 11), S), paid_through=m(2024, 2))
    rule = rules(stop_rule="by_day", resume_backpay="true")
    # when: still suspended at March's payroll
    held = pay_month(facts=case, month=m(2024, 3), rules=rule)
    # then
    assert held is not None
    assert held.net == 0
    assert [(w.month, w.amount) for w in held.withheld] == [(m(2024, 3), AMOUNT)]
    # and: once stopped from April, March pays its 10 days and no more
    stopped = replace(case, statuses=(*case.statuses, StatusPeriod(m(2024, 4), T)))
    line = pay_month(facts=stopped, month=m(2024, 4), rules=rule)
    assert line is not None
    assert [(a.month, a.amount) for a in line.arrears] == [(m(2024, 3), Decimal("274.19"))]  # 850 × 10 ÷ 31


def test_an_exited_case_with_nothing_owed_has_no_line():
    case = facts(date(2023, 1, 1), (m(2024, 2), X), paid_through=m(2024, 2))
    assert pay_month(facts=case, month=m(2024, 6), rules=rules()) is None


def test_an_exited_case_still_gets_the_arrears_it_is_owed():
    case = facts(date(2024, 3, 1), (m(2024, 5), X))
    line = pay_month(facts=case, month=m(2024, 6), rules=rules())
    assert line is not None
    assert (line.regular, line.arrears_total, line.reasons) == (
        Decimal("0.00"),
        AMOUNT * 2,
        ("new", "arrears", "exited"),
    )


# 追回


@pytest.mark.parametrize(
    ("amount", "balance", "raw", "deductions"),
    [
        ("850.00", "1000.00", {"recovery_cap_rate": "0.5"}, ["425.00", "425.00", "150.00"]),
        ("850.00", "1000.00", {"recovery_cap_amount": "300"}, ["300.00", "300.00", "300.00", "100.00"]),
        ("333.33", "500.00", {"recovery_cap_rate": "0.5"}, ["166.67", "166.67", "166.66"]),
        ("850.00", "100.00", {"recovery_cap_rate": "1"}, ["100.00"]),
    ],
)
def test_recovery_is_capped_each_month_until_the_balance_is_cleared(amount, balance, raw, deductions):
    # given
    case = facts(
        date(2024, 1, 1), amounts=((m(2024, 1), amount),), paid_through=m(2024, 1), recovery_due=balance
    )
    # when
    lines = payrolls(case, m(2024, 2), m(2024, 7), rules(**raw))
    # then
    taken = [line.recovery for line in lines if line is not None and line.recovery]
    assert taken == [Decimal(d) for d in deductions]
    assert sum(taken) == Decimal(balance)
    assert all(line is not None and line.net == Decimal(amount) - line.recovery for line in lines)
    assert lines[0] is not None and "recovery" in lines[0].reasons


def test_recovery_is_taken_from_the_arrears_too():
    case = facts(date(2024, 4, 1), recovery_due="5000")
    line = pay_month(facts=case, month=m(2024, 6), rules=rules(recovery_cap_rate="0.5"))
    assert line is not None
    assert (line.recovery, line.net) == (Decimal("1275.00"), Decimal("1275.00"))
    assert "待追回余额 5000 元" in line.trace[-2].detail


def test_a_random_balance_is_recovered_to_the_fen():
    rng = random.Random(4)
    for _ in range(50):
        balance = Decimal(rng.randint(1, 500_000)) / 100
        amount = Decimal(rng.randint(50_000, 200_000)) / 100
        case = facts(date(2020, 1, 1), amounts=((m(2020, 1), str(amount)),), recovery_due=str(balance))
        case = replace(case, paid_through=m(2020, 1))
        rule = rules(recovery_cap_rate=rng.choice(["0.3", "0.5"]))
        lines = payrolls(case, m(2020, 2), m(2024, 12), rule)
        assert sum(line.recovery for line in lines if line is not None) == balance


# 渐退


def test_phase_out_months_pay_their_scheduled_amounts_then_the_case_exits():
    # given: a 3-month taper of 100%, 80%, 60% of 850 from July; 退出 from October
    schedule = phase_out_schedule(first_month=m(2024, 7), months=3, amount=AMOUNT)
    rates = (Decimal("1"), Decimal("0.8"), Decimal("0.6"))
    taper = tuple(
        AmountPeriod(month, yuan(amount * rate), phase_out=True, note=f"渐退第{i}个月")
        for i, ((month, amount), rate) in enumerate(zip(schedule, rates, strict=True), start=1)
    )
    case = PayFacts(
        case_id=9,
        program="dibao",
        start_on=date(2023, 1, 1),
        amounts=(AmountPeriod(m(2023, 1), AMOUNT), *taper),
        statuses=(StatusPeriod(date(2023, 1, 1), A), StatusPeriod(m(2024, 10), X)),
        paid_through=m(2024, 6),
    )
    # when
    lines = payrolls(case, m(2024, 7), m(2024, 11), rules())
    # then
    assert nets(lines) == [AMOUNT, Decimal("680.00"), Decimal("510.00"), Decimal("0.00"), None]
    assert [line.reasons if line else None for line in lines[:3]] == [
        ("regular", "phase_out"),
        ("regular", "amount_changed", "phase_out"),
        ("regular", "amount_changed", "phase_out"),
    ]
    assert lines[3] is not None and lines[3].reasons == ("exited",)
    assert lines[1] is not None and "渐退第2个月" in lines[1].trace[0].detail


# The plain case the set-based engine computes in SQL


def _random_case(rng: random.Random, month: date) -> PayFacts:
    start_on = month_add(month, -rng.randint(0, 8)).replace(day=rng.choice([1, 1, 1, rng.randint(2, 28)]))
    statuses = [StatusPeriod(start_on, A)]
    allowed = {A: (S, T, X), S: (A, T, X), T: (A, X)}
    day, status = start_on, A
    for _ in range(rng.choice([0, 0, 0, 1, 2, 3])):
        day += timedelta(days=rng.choice([0, 1, rng.randint(1, 40), rng.randint(1, 120)]))
        if day > month + timedelta(days=60) or status is X:
            break
        status = rng.choice(allowed[status])
        statuses.append(StatusPeriod(rng.choice([day, day.replace(day=1)]), status))
    statuses.sort(key=lambda p: p.start)
    base = Decimal(rng.randint(10_000, 300_000)) / 100
    amounts = [AmountPeriod(start_on, base)]
    if rng.random() < 0.4:
        when = month_add(start_on, rng.randint(0, 9))
        amounts.append(AmountPeriod(when, rng.choice([base, base + 10]), phase_out=rng.random() < 0.3))
    return PayFacts(
        case_id=rng.randint(1, 10**6),
        program="dibao",
        start_on=start_on,
        amounts=tuple(amounts),
        statuses=tuple(statuses),
        paid_through=rng.choice(
            [None, month_add(month, -3), month_add(month, -2), *[month_add(month, -1)] * 4, month]
        ),
        recovery_due=rng.choice([Decimal("0")] * 3 + [Decimal("120.50")]),
    )


def _random_rules(rng: random.Random) -> PayRules:
    return rules(
        start_rule=rng.choice(list(PartialMonth)).value,
        stop_rule=rng.choice(list(PartialMonth)).value,
        resume_backpay=rng.choice(["true", "false"]),
        arrears_max_months=rng.choice(["1", "12"]),
    )


def test_is_plain_holds_exactly_when_the_line_is_the_plain_regular_payment():
    rng = random.Random(20240601)
    month = m(2024, 6)
    plain = 0
    for _ in range(600):
        case, rule = _random_case(rng, month), _random_rules(rng)
        line = pay_month(facts=case, month=month, rules=rule)
        amount = case.amount_period(month).amount
        looks_plain = line is not None and line.reasons == ("regular",) and line.net == amount
        assert is_plain(facts=case, month=month) == looks_plain, case
        if looks_plain:
            plain += 1
            assert line is not None
            assert (line.regular, line.arrears, line.recovery) == (amount, (), 0)
            assert line.paid_through_after == month
    assert 60 < plain < 540  # both kinds were really exercised


def test_paying_month_by_month_equals_one_late_catch_up_payment():
    rng = random.Random(7)
    for _ in range(300):
        case = replace(_random_case(rng, m(2024, 6)), paid_through=None, recovery_due=Decimal("0"))
        rule = replace(_random_rules(rng), arrears_max_months=36)
        start = case.start_on.replace(day=1)
        monthly = payrolls(case, start, m(2025, 3), rule)
        late = pay_month(facts=case, month=m(2025, 3), rules=rule)
        total = sum((line.net for line in monthly if line is not None), Decimal("0"))
        assert total == (late.net if late else 0), case
        if late is not None:
            assert late.withheld == next(x for x in reversed(monthly) if x is not None).withheld


# 追回 after a death


@pytest.mark.parametrize(
    ("stop_rule", "total", "april"),
    [("full", "1700.00", None), ("by_day", "2266.67", "566.67"), ("none", "2550.00", "850.00")],
)
def test_recovery_after_a_death_is_what_was_paid_for_the_months_after_it(stop_rule, total, april):
    # given: paid 850.00 for each month January to June; died on 10 April
    case = facts(date(2023, 1, 1), paid_through=m(2024, 6))
    paid = tuple(PaidMonth(m(2024, month), AMOUNT) for month in range(1, 7))
    # when
    owed = recovery_for(
        facts=case, event_on=date(2024, 4, 10), paid_months=paid, rules=rules(stop_rule=stop_rule)
    )
    # then
    assert owed.total == Decimal(total)
    months = {o.month: o.amount for o in owed.months}
    assert months.get(m(2024, 4)) == (Decimal(april) if april else None)
    assert months[m(2024, 5)] == months[m(2024, 6)] == AMOUNT
    assert m(2024, 3) not in months
    assert owed.trace[-1].outcome == f"{total} 元"


def test_recovery_after_a_death_adds_up_several_payments_for_one_month():
    case = facts(date(2023, 1, 1))
    paid = (PaidMonth(m(2024, 5), AMOUNT), PaidMonth(m(2024, 5), Decimal("100.00")))
    owed = recovery_for(facts=case, event_on=date(2024, 4, 30), paid_months=paid, rules=rules())
    assert owed.total == Decimal("950.00")


# Inputs and rules


def test_the_rules_come_from_the_standards_with_their_source():
    rule = rules(stop_rule="by_day", recovery_cap_rate="0.3")
    assert (rule.start_rule, rule.stop_rule) == (PartialMonth.FULL, PartialMonth.BY_DAY)
    assert (rule.arrears_max_months, rule.resume_backpay) == (12, True)
    assert rule.basis["payroll.stop_rule"].endswith("：按日折算（已配置）")
    assert rule.basis["payroll.start_rule"].endswith("：整月发放（默认值）")
    assert rule.basis["payroll.recovery_cap_rate"].endswith("：30%（已配置）")


def test_a_recovery_cap_over_100_percent_is_refused():
    with pytest.raises(ValidationFailed, match="100%"):
        rules(recovery_cap_rate="1.5")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"statuses": (StatusPeriod(m(2024, 5), A), StatusPeriod(m(2024, 3), T))}, "statuses"),
        ({"amounts": (AmountPeriod(m(2024, 5), AMOUNT),)}, "amounts"),
        ({"amounts": (AmountPeriod(m(2024, 1), Decimal("1.234")),)}, "amounts"),
        ({"recovery_due": Decimal("-1")}, "recovery_due"),
    ],
)
def test_inconsistent_facts_are_refused_with_the_field_named(change, field):
    with pytest.raises(ValidationFailed) as caught:
        replace(facts(date(2024, 3, 1)), **change)
    assert field in caught.value.errors


def test_every_reason_code_has_chinese_words():
    assert all(REASON_LABELS.values())
    assert {"regular", "new", "arrears", "recovery", "phase_out", "stopped", "suspended"} <= set(
        REASON_LABELS
    )
