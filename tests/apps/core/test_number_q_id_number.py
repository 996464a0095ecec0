"""An ID number whose check character is X is searched as an ID number, not as part of a business number."""

from __future__ import annotations

from datetime import date

from apps.core.numbers import number_q
from policy.identity import id_number_make


def test_an_id_number_ending_in_x_is_no_business_number():
    with_x = next(
        n
        for seq in range(1000)
        if (n := id_number_make(area_code="421303", birth_date=date(1955, 12, 12), sequence=seq))[-1] == "X"
    )
    assert number_q("number", with_x) is None
    assert number_q("number", with_x.lower()) is None
    assert number_q("number", "DB-00123") is not None
