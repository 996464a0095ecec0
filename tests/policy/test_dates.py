from datetime import date

from policy.dates import ACQUIRED, INCOME_PERIOD, date_problem

TODAY = date(2026, 12, 7)


def test_income_periods_reach_twenty_years_back_and_to_the_end_of_next_year():
    assert date_problem(date(2006, 1, 1), label="起始日期", allowed=INCOME_PERIOD, today=TODAY) is None
    assert date_problem(date(2027, 12, 31), label="截止日期", allowed=INCOME_PERIOD, today=TODAY) is None
    assert "2006-01-01至2027-12-31" in date_problem(
        date(2005, 12, 31), label="起始日期", allowed=INCOME_PERIOD, today=TODAY
    )
    assert date_problem(date(2028, 1, 1), label="截止日期", allowed=INCOME_PERIOD, today=TODAY)


def test_an_acquisition_is_not_in_the_future():
    assert date_problem(TODAY, label="取得日期", allowed=ACQUIRED, today=TODAY) is None
    assert date_problem(date(2026, 12, 8), label="取得日期", allowed=ACQUIRED, today=TODAY).startswith(
        "取得日期"
    )
