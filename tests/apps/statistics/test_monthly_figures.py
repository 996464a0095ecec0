"""The 民政统计 table shows this month and last month alike: money to two decimals in both columns, counts
whole, each with thousands separators."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from apps.statistics.services import stats_refresh
from tests.apps.statistics.conftest import MONTHS
from tests.factories import COUNTY


@pytest.fixture
def counted(history, approver):
    stats_refresh(actor=approver, county=COUNTY, months=MONTHS)


def _cells(html: str, code: str) -> tuple[str, str]:
    row = re.search(rf"<td data-label=\"代码\">{code}</td>(.*?)</tr>", html, re.S)
    assert row is not None, code
    value = re.search(r'data-label="数量" class="num">(?:<a [^>]*>)?([^<]*)<', row.group(1))
    previous = re.search(r'data-label="上期" class="num">([^<]*)<', row.group(1))
    assert value and previous
    return value.group(1), previous.group(1)


def test_the_last_month_column_shows_money_with_the_same_decimals_as_this_month(counted, approver):
    client = Client()
    client.force_login(approver)
    first = MONTHS[0]
    html = client.get("/statistics/", {"month": f"{first:%Y-%m}"}).content.decode()

    for code in ("MZ0301", "MZ0401", "MZ0402"):  # 万元 and 元/人·月
        for cell in _cells(html, code):
            assert re.fullmatch(r"\d{1,3}(,\d{3})*\.\d\d", cell), (code, cell)
    for cell in _cells(html, "MZ0101"):  # a count
        assert re.fullmatch(r"\d{1,3}(,\d{3})*", cell), cell
