"""户编号: every household gets one, by the form and by the import; pages, exports and search use it."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from apps.core.numbers import number_year
from apps.registry.models import Household
from apps.registry.services.imports import registry_import
from tests.apps.registry.test_imports import household_rows, xlsx
from tests.factories import household

pytestmark = pytest.mark.django_db
FORM = re.compile(r"^421303-\d{4}-JT-\d{5}$")


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_households_made_by_the_service_are_numbered_in_order(worker):
    first, second = household(actor=worker, members=1), household(actor=worker, members=1)
    year = number_year()
    assert first.number == f"421303-{year}-JT-00001" and second.number == f"421303-{year}-JT-00002"
    assert str(second) == second.number


def test_an_import_numbers_its_households_after_those_already_made(worker):
    before = household(actor=worker, members=1)
    rows = household_rows("A") + household_rows("B")
    registry_import(actor=worker, file_name="村里.xlsx", content=xlsx(rows))
    numbers = list(Household.objects.exclude(pk=before.pk).order_by("id").values_list("number", flat=True))
    serial = int(before.number[-5:])
    assert [int(n[-5:]) for n in numbers] == [serial + 1, serial + 2]
    assert all(FORM.match(n) for n in numbers)


def test_the_household_page_list_and_export_show_the_number(client, worker, family):
    client.force_login(worker)
    page = client.get(reverse("registry:household_detail", args=[family.pk])).content.decode()
    assert f"家庭 {family.number}" in page
    listed = client.get(reverse("registry:household_list")).content.decode()
    assert family.number in listed
    export = client.get(reverse("registry:household_export"))
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(export.streaming_content if export.streaming else [export.content]))
    )
    values = [c for row in book["家庭"].iter_rows(values_only=True) for c in row]
    assert family.number in values


@pytest.mark.parametrize("typed", ["{n}", "{compact}", "{lower}", "JT-{serial}"])
def test_the_household_list_finds_a_household_by_its_number(client, worker, family, typed):
    other = household(actor=worker, members=1)
    client.force_login(worker)
    text = typed.format(
        n=family.number,
        compact=family.number.replace("-", ""),
        lower=family.number.lower(),
        serial=family.number[-5:],
    )
    page = client.get(reverse("registry:household_list"), {"q": text}).content.decode()
    assert reverse("registry:household_detail", args=[family.pk]) in page
    assert reverse("registry:household_detail", args=[other.pk]) not in page


def test_the_search_box_takes_a_household_number_to_the_household_list(client, worker):
    # The home page's 查询 box reads "姓名、公民身份号码或户编号": a number typed there finds its household.
    family = household(actor=worker)
    client.force_login(worker)
    typed = family.number.replace("-", "").lower()
    response = client.get("/registry/search/", {"q": typed})
    assert response.status_code == 302
    listed = client.get(response["Location"])
    assert family.number in listed.content.decode()
    assert listed.context["page"].total == 1
