"""目标管理's rules: reading a typed indicator, and turning an actual value into 达成 / 未达成 / 进行中."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from policy.errors import ValidationFailed
from policy.targets import (
    MANUAL_ONLY,
    MEASURES,
    Direction,
    Level,
    Status,
    completion,
    percent,
    progress_for,
    target_clean,
)

MID, AFTER = date(2026, 6, 30), date(2027, 1, 5)


def _status(actual: str | None, target: str, direction: Direction, today: date = MID) -> Status:
    value = Decimal(actual) if actual is not None else None
    return progress_for(
        actual=value, as_of=MID, target=Decimal(target), direction=direction, year=2026, today=today
    ).status


@pytest.mark.parametrize(
    ("actual", "target", "direction", "status"),
    [
        ("700", "680", Direction.AT_LEAST, Status.MET),
        ("680", "680", Direction.AT_LEAST, Status.MET),
        ("650", "680", Direction.AT_LEAST, Status.IN_PROGRESS),
        ("3", "5", Direction.AT_MOST, Status.MET),
        ("6", "5", Direction.AT_MOST, Status.IN_PROGRESS),
        ("100", "100", Direction.EQUAL, Status.MET),
        ("99.5", "100", Direction.EQUAL, Status.IN_PROGRESS),
        (None, "100", Direction.AT_LEAST, Status.IN_PROGRESS),
    ],
)
def test_during_the_year_a_target_is_met_or_in_progress(actual, target, direction, status):
    assert _status(actual, target, direction) is status


def test_after_the_year_a_target_not_reached_or_without_a_value_is_not_met():
    assert _status("650", "680", Direction.AT_LEAST, AFTER) is Status.NOT_MET
    assert _status(None, "680", Direction.AT_LEAST, AFTER) is Status.NOT_MET
    assert _status("700", "680", Direction.AT_LEAST, AFTER) is Status.MET


def test_completion_is_a_share_of_an_at_least_target_only():
    assert completion(Decimal("64.3"), Decimal("60"), Direction.AT_LEAST) == Decimal("107.2")
    assert completion(Decimal("3"), Decimal("5"), Direction.AT_MOST) is None
    assert completion(None, Decimal("5"), Direction.AT_LEAST) is None
    assert percent(2, 3) == Decimal("66.7") and percent(1, 0) is None


def test_a_typed_indicator_is_read_from_labels_and_symbols():
    spec = target_clean(
        {
            "level": "市级",
            "name": "集中供养率",
            "direction": "≥",
            "target_value": "６０%",
            "unit": "%",
            "seq": "2",
        }
    )

    assert (spec.level, spec.direction, spec.target_value, spec.seq) == (Level.CITY, Direction.AT_LEAST,
                                                                         Decimal("60"), 2)  # fmt: skip


def test_a_bound_indicator_takes_its_measures_unit():
    spec = target_clean({"level": "省级", "name": "城市低保标准", "measure": "dibao_standard_urban",
                         "direction": ">=", "target_value": "680"})  # fmt: skip

    assert spec.unit == "元/人·月"


def test_every_bad_field_is_named_at_once():
    with pytest.raises(ValidationFailed) as caught:
        target_clean(
            {"level": "乡级", "name": "", "direction": "大于", "target_value": "六十", "measure": "beds"}
        )

    assert set(caught.value.errors) == {"level", "name", "direction", "target_value", "measure", "unit"}
    assert "省级、市级 或 区级" in caught.value.errors["level"][0]


def test_a_bound_indicator_cannot_claim_another_unit():
    with pytest.raises(ValidationFailed) as caught:
        target_clean({"level": "county", "name": "支出", "measure": "paid_total", "direction": "≥",
                      "target_value": "100", "unit": "元"})  # fmt: skip

    assert "万元" in caught.value.errors["unit"][0]


def test_what_the_data_cannot_compute_is_not_offered_as_a_binding():
    labels = {m.label for m in MEASURES.values()}

    assert "特困人员集中供养率" in MANUAL_ONLY and not any("集中供养率" in label for label in labels)
    assert not any("床位" in label for label in labels)
