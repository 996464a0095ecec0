"""The demo generator numbers what it writes set-based, in the same sequences as the services."""

from __future__ import annotations

import re
from datetime import date

import pytest

from apps.assistance.models import Case
from apps.core.numbers import number_next
from apps.demo.caseload.generate import caseload_generate
from apps.demo.generator import population_generate
from apps.registry.models import Household
from tests.apps.assistance.flow import dibao_standards
from tests.apps.demo.test_caseload import OCT, STANDARDS
from tests.factories import COUNTY

pytestmark = pytest.mark.django_db


def test_generated_households_have_unique_numbers_in_their_county_sequence(areas):
    population_generate(households=50, seed=3, today=date(2026, 3, 1))
    rows = list(Household.objects.order_by("id").values_list("area_id", "number"))
    assert len({n for _, n in rows}) == 50
    for area, number in rows:
        assert re.fullmatch(rf"{area[:6]}-2026-JT-\d{{5}}", number)
    # the service carries on after the generator
    county = rows[-1][0][:6]
    serials = [int(n[-5:]) for a, n in rows if a.startswith(county)]
    assert serials == list(range(1, len(serials) + 1))
    assert number_next(kind_code="JT", county_code=county, year=2026).endswith(f"{len(serials) + 1:05d}")


def test_generated_cases_are_numbered_by_programme(areas, approver):
    dibao_standards(COUNTY, **STANDARDS)
    population_generate(households=120, seed=7, today=date(2025, 9, 15))
    made = caseload_generate(county=COUNTY, paid_through=OCT, actor=approver, share=0.6, variety=0.2)
    numbers = list(Case.objects.values_list("program", "number"))
    assert len(numbers) == made > 0
    assert len({n for _, n in numbers}) == made
    codes = {"dibao": "DBZ", "tekun": "TKZ", "disability": "CJZ", "longevity": "GLZ"}
    for program, number in numbers:
        assert re.fullmatch(rf"421303-\d{{4}}-{codes[program]}-\d{{5}}", number)
