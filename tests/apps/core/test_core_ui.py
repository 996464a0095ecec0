"""The one way pages show money, times and file sizes (apps/core/templatetags/core_ui.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from apps.core.templatetags.core_ui import (
    day,
    figure,
    filesize,
    moment,
    money,
    money_cents,
    money_change,
    wan,
)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234.5"), "1,234.50"),
        (Decimal("600"), "600.00"),
        (0, "0.00"),
        ("1234567.891", "1,234,567.89"),  # rounded half up to the cent
        (Decimal("-35.5"), "-35.50"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_money_shows_two_decimals_and_thousands_separators(amount, shown):
    assert money(amount) == shown


def test_a_change_of_money_carries_its_sign():
    assert money_change("+44.00") == "+44.00"
    assert money_change(Decimal("1234.5")) == "+1,234.50"
    assert money_change(Decimal("-35")) == "-35.00"
    assert money_change(0) == "0.00" and money_change(None) == "—"


def test_a_float_from_the_database_shows_as_printed_not_as_binary_noise():
    # SQLite may return a subquery's amount as a float: 上月 680 must still read 680.00.
    assert money(680.0) == "680.00"  # type: ignore[arg-type]
    assert money(0.1 + 0.2) == "0.30"  # type: ignore[arg-type]


def test_money_in_fen_and_in_wan_read_like_yuan():
    assert money_cents(123456) == "1,234.56"
    assert money_cents(None) == "0.00"
    assert wan(123456789) == "123.46"
    assert wan(1_000_000_000_000) == "1,000,000.00"


def test_a_figure_of_money_keeps_its_decimals_even_when_it_is_a_whole_zero():
    # The statistics' 上期 column: a month with nobody in care gives a bare 0 for an average.
    assert figure(Decimal("0"), "元/人·月") == "0.00"
    assert figure(Decimal("612.5"), "元/人·月") == "612.50"
    assert figure(Decimal("12.3"), "万元") == "12.30"
    assert figure(Decimal("12345"), "户") == "12,345"
    assert figure(Decimal("97.5"), "%") == "97.5"
    assert figure(None, "户") == "—"


def test_days_and_moments_read_the_same_everywhere(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    assert day(date(2026, 3, 5)) == "2026-03-05"
    assert moment(datetime(2026, 3, 5, 6, 7, tzinfo=UTC)) == "2026-03-05 14:07"
    assert day(None) == "" and moment(None) == ""


def test_file_sizes_read_as_a_person_says_them():
    assert filesize(812) == "812 B"
    assert filesize(12_595) == "12.3 KB"
    assert filesize(4_300_000) == "4.1 MB"


def test_the_filters_load_in_a_template():
    text = Template("{% load core_ui %}{{ a|money }} {{ c|money_cents }} {{ v|figure:'万元' }}").render(
        Context({"a": Decimal("1500"), "c": 250000, "v": Decimal("3")})
    )
    assert text == "1,500.00 2,500.00 3.00"
