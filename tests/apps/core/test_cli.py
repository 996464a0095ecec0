"""The command line's shared arguments: the acting user, a county, a month, and the reader of a report."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management.base import CommandError

from apps.core.cli import actor_named, county_arg, month_arg, reader_for
from tests.factories import COUNTY


def test_a_county_is_read_from_six_or_twelve_digits():
    assert county_arg("421303") == COUNTY
    assert county_arg(COUNTY) == COUNTY


@pytest.mark.parametrize(("text", "reason"), [("421303001", "不是县（区）级"), ("42x", None)])
def test_anything_but_a_county_is_refused(text, reason):
    with pytest.raises(CommandError, match=reason):
        county_arg(text)


def test_a_month_is_its_first_day_and_a_bad_one_says_the_format():
    assert month_arg("2025-11") == date(2025, 11, 1)
    with pytest.raises(CommandError, match="YYYY-MM"):
        month_arg("11/2025")


def test_the_acting_user_must_exist_and_be_active(approver):
    assert actor_named(approver.username) == approver
    approver.is_active = False
    approver.save()
    with pytest.raises(CommandError, match="不存在或已停用"):
        actor_named(approver.username)


def test_without_a_user_a_report_is_read_as_an_unsaved_admin_of_the_area(approver):
    reader = reader_for(username="", area=COUNTY)

    assert (reader.pk, reader.role, reader.area_id) == (None, "admin", COUNTY)
    assert reader_for(username=approver.username, area=COUNTY) == approver
