"""The practice death list is a CSV a trainee opens in Excel: a covered person's stored name that begins
like a formula is written with a quote in front, the rest of the cell the name as stored."""

from __future__ import annotations

import csv
import io

import pytest

from apps.demo.crosscheck.practice import sample_death_list
from apps.registry.models import Person
from apps.registry.selectors import household_members
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.factories import COUNTY, household

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_practice_list_quotes_a_formula_like_name(worker, reviewer, approver, payload):
    # given covered people whose stored names begin like a formula
    dibao_standards(COUNTY)
    case = approved_case(actor=reviewer, household=household(actor=worker, members=12), approver=approver)
    numbers = {m.person.id_number for m in household_members(household=case.household)}
    Person.objects.filter(id_number__in=numbers).update(name=payload)

    # when
    content = sample_death_list(actor=approver, county=COUNTY, size=20)

    # then
    rows = list(csv.reader(io.StringIO(content.decode("gb18030"), newline="")))
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    names = [row[0] for row in rows[1:] if row[1] in numbers]
    assert names and "'" + payload in names
