"""Household export: only the actor's area, the list's filters, full members, audited, streamed."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.models import AuditLog
from apps.registry.selectors import HouseholdFilter, household_members
from apps.registry.services.exports import EXPORT_NOTE, household_export
from tests.factories import VILLAGE, VILLAGE_2, VILLAGE_B, household, new_id_number

pytestmark = pytest.mark.django_db


def download(client, user, **params: str) -> openpyxl.Workbook:
    client.force_login(user)
    response = client.get(reverse("registry:household_export"), params)
    assert response.status_code == 200, response
    assert "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def rows(book: openpyxl.Workbook, sheet: str) -> list[dict[str, object]]:
    """The data rows of a sheet as dicts; row 1 is the privacy note and row 2 the header."""
    values = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(values[1], row, strict=False)) for row in values[2:]]


def test_export_holds_only_in_area_households_with_every_member_and_full_ids(
    client, worker, reviewer, family, other_family
):
    # given a household in the next village, inside the reviewer's town but outside the worker's village
    household(actor=reviewer, area_code=VILLAGE_2)
    # when
    book = download(client, worker)
    # then
    members = rows(book, "家庭成员")
    expected = {m.person.id_number for m in household_members(household=family)}
    assert {r["公民身份号码"] for r in members} == expected  # full numbers, not masked
    assert {r["户编号"] for r in members} == {family.number}
    assert [r["与户主关系"] for r in members] == ["本人(户主)", "配偶", "子女"]
    assert [r["户编号"] for r in rows(book, "家庭")] == [family.number]
    assert str(book["家庭成员"]["A1"].value).startswith(EXPORT_NOTE)


def test_export_is_audited_with_its_count_and_filters(client, worker, family):
    download(client, worker, urban="1")
    audit = AuditLog.objects.get(action="export")
    assert audit.actor == worker
    assert audit.after == {"filters": {"城乡": "城市"}, "households": 1, "members": 3}
    assert "导出家庭1户、成员3人" in audit.summary


def test_export_respects_the_household_list_filters(client, approver, admin_user, worker, reviewer):
    # given households in an urban and a rural village, one with a disabled member, one with an 85-year-old
    town = household(actor=reviewer, area_code=VILLAGE_2)
    rural = household(actor=admin_user, area_code=VILLAGE_B, members=1)
    disabled = household(actor=worker, area_code=VILLAGE, members=2)
    old = household(actor=worker, area_code=VILLAGE, members=1, address="长寿巷1号")
    _set_member(disabled, disability_category="physical", disability_grade=2)
    _set_member(old, birth_date=date(1935, 1, 1))

    def households(**params: str) -> set[int]:
        return {r["户编号"] for r in rows(download(client, approver, **params), "家庭")}

    # then
    assert households() == {town.number, rural.number, disabled.number, old.number}
    assert households(area=VILLAGE_2) == {town.number}
    assert households(urban="0") == {rural.number}
    assert households(is_urban="0") == {rural.number}  # the alias
    assert households(disabled="on") == {disabled.number}
    assert households(has_disabled="on") == {disabled.number}
    assert households(elderly="on") == {old.number}
    head = household_members(household=town).first().person
    assert households(q=head.name) == {town.number}


def test_an_area_outside_the_actor_or_a_bad_filter_answers_404(client, worker, family):
    client.force_login(worker)
    assert client.get(reverse("registry:household_export"), {"area": VILLAGE_B}).status_code == 404
    assert client.get(reverse("registry:household_export"), {"urban": "maybe"}).status_code == 404
    assert not AuditLog.objects.filter(action="export").exists()


def test_anonymous_export_is_sent_to_login(client):
    assert client.get(reverse("registry:household_export")).status_code == 302


def test_export_reads_in_a_fixed_number_of_queries_whatever_the_size(worker):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            export = household_export(actor=worker, filters=HouseholdFilter(), filter_labels={})
        export.file.close()
        return len(ctx.captured_queries)

    household(actor=worker)
    few = queries()
    for _ in range(8):
        household(actor=worker, members=4)
    assert queries() == few


def test_export_counts_what_it_wrote(worker, family):
    export = household_export(actor=worker, filters=HouseholdFilter(), filter_labels={})
    assert (export.households, export.members) == (1, 3)
    assert export.file_name.endswith(".xlsx")
    book = openpyxl.load_workbook(export.file, read_only=True)
    assert book.sheetnames == ["家庭", "家庭成员"]


def _set_member(h, **values: object) -> None:
    person = household_members(household=h).first().person
    for key, value in values.items():
        setattr(person, key, value)
    if "birth_date" in values:
        person.id_number = new_id_number(birth=values["birth_date"])  # keep the ID consistent with the date
    person.save()
