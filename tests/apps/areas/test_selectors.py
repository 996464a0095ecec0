"""Reading areas: a county named by 6 or 12 digits answers only inside the actor's area."""

from __future__ import annotations

import pytest

from apps.areas.selectors import county_in_scope
from policy.errors import NotFound
from tests.factories import COUNTY, OTHER_COUNTY, TOWN


def test_a_county_is_found_by_its_six_or_twelve_digits(areas, approver):
    assert county_in_scope(actor=approver, code=COUNTY).code == COUNTY
    assert county_in_scope(actor=approver, code=COUNTY[:6]).code == COUNTY


@pytest.mark.parametrize("code", [OTHER_COUNTY, TOWN, "999999", "not-a-code", ""])
def test_another_county_a_township_and_nonsense_all_answer_not_found(areas, approver, code):
    with pytest.raises(NotFound):
        county_in_scope(actor=approver, code=code)


def test_a_township_user_reaches_no_county(areas, reviewer):
    with pytest.raises(NotFound):  # the county lies above the township's area, not inside it
        county_in_scope(actor=reviewer, code=COUNTY)
