"""目标管理: the year's target indicators of a county (省级民生目标, 市级民生目标, 区级民生实事), what each
may be bound to in the live data, and the rule that turns an actual value into 达成 / 未达成 / 进行中.

Pure Python. An indicator has a target value, a unit and a direction (≥, ≤ or =). Its actual value comes
either from a **binding** — one of :data:`MEASURES`, each an indicator of the catalogue (policy/indicators,
:data:`BINDINGS`), computed by apps/indicators from the statistics, the standards, the cross-check leads
or the monitoring alerts — or is **entered by hand** with an as-of date, a note and an evidence file.
Indicators the data cannot compute are listed in :data:`MANUAL_ONLY` with the reason (the catalogue's
entered indicators), so the entry page can say why they must be typed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from policy.errors import ValidationFailed
from policy.indicators import CATALOGUE, EnteredRule, Indicator, Source

__all__ = [
    "BINDINGS",
    "FIELDS",
    "MANUAL_ONLY",
    "MEASURES",
    "Direction",
    "Level",
    "MeasureDef",
    "Progress",
    "Source",
    "Status",
    "TargetSpec",
    "completion",
    "direction_parse",
    "level_parse",
    "percent",
    "progress_for",
    "target_clean",
    "value_parse",
]


class Level(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"

    @property
    def label(self) -> str:
        return {"province": "省级民生目标", "city": "市级民生目标", "county": "区级民生实事"}[self.value]


class Direction(StrEnum):
    AT_LEAST = "gte"
    AT_MOST = "lte"
    EQUAL = "eq"

    @property
    def symbol(self) -> str:
        return {"gte": "≥", "lte": "≤", "eq": "="}[self.value]

    def met(self, actual: Decimal, target: Decimal) -> bool:
        if self is Direction.AT_LEAST:
            return actual >= target
        if self is Direction.AT_MOST:
            return actual <= target
        return actual == target


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    IN_PROGRESS = "in_progress"

    @property
    def label(self) -> str:
        return {"met": "达成", "not_met": "未达成", "in_progress": "进行中"}[self.value]


@dataclass(frozen=True, slots=True)
class MeasureDef:
    """A computable measure a target may be bound to: a key (the one stored on the target) naming an
    indicator of the catalogue (``indicator``), whose name, unit, source, basis and decimals it shows."""

    code: str
    label: str
    unit: str
    source: Source
    direction: Direction  # the usual direction of a target on it
    basis: str  # how it is computed, in one sentence a reader understands
    places: int = 0  # decimals shown: 2 for 万元, 1 for %, 0 for counts and 元
    indicator: str = ""  # its code in the catalogue of indicators (MZ…)


# The keys a target may be bound to (stored on each target, so they never change) → the catalogue's codes.
BINDINGS: dict[str, str] = {
    "dibao_standard_urban": "MZ0601",
    "dibao_standard_rural": "MZ0602",
    "tekun_standard_urban": "MZ0603",
    "tekun_standard_rural": "MZ0604",
    "orphan_standard": "MZ0605",
    "paid_total": "MZ0505",
    "paid_dibao": "MZ0301",
    "paid_tekun": "MZ0304",
    "paid_disability": "MZ0310",
    "paid_children": "MZ0504",
    "dibao_households": "MZ0501",
    "dibao_persons": "MZ0502",
    "tekun_persons": "MZ0503",
    "disability_persons": "MZ0202",
    "temporary_grants": "MZ0308",
    "leads_remedied_rate": "MZ0705",
    "alerts_on_time_rate": "MZ0801",
}


def _measure(key: str, indicator: Indicator) -> MeasureDef:
    return MeasureDef(
        key,
        indicator.name,
        indicator.unit.value,
        indicator.source,
        Direction.AT_LEAST,
        indicator.basis,
        indicator.places,
        indicator.code,
    )


MEASURES: dict[str, MeasureDef] = {key: _measure(key, CATALOGUE[code]) for key, code in BINDINGS.items()}

# Indicators of the seeds' 目标管理 that the data cannot compute, and why (they are entered by hand): the
# catalogue's entered indicators.
MANUAL_ONLY: dict[str, str] = {
    i.name: i.rule.reason for i in CATALOGUE.values() if isinstance(i.rule, EnteredRule)
}


def level_parse(text: str, *, field: str = "level") -> Level:
    """A level from its code or its label ("省级", "市级民生目标", "区级民生实事", "county")."""
    raw = (text or "").strip()
    for level in Level:
        if raw in (level.value, level.label, level.label[:2]):
            return level
    if raw in ("县级", "区级", "县级民生实事", "区级十大民生实事"):
        return Level.COUNTY
    raise ValidationFailed.on(field, f"目标层级“{raw}”无效，应为 省级、市级 或 区级")


def direction_parse(text: str, *, field: str = "direction") -> Direction:
    """A direction from its code or symbol (≥ >= 不低于, ≤ <= 不高于, = 等于)."""
    raw = (text or "").strip()
    table = {
        "gte": Direction.AT_LEAST, "≥": Direction.AT_LEAST, ">=": Direction.AT_LEAST,
        "不低于": Direction.AT_LEAST, "不少于": Direction.AT_LEAST,
        "lte": Direction.AT_MOST, "≤": Direction.AT_MOST, "<=": Direction.AT_MOST,
        "不高于": Direction.AT_MOST, "不超过": Direction.AT_MOST,
        "eq": Direction.EQUAL, "=": Direction.EQUAL, "等于": Direction.EQUAL,
    }  # fmt: skip
    if raw not in table:
        raise ValidationFailed.on(field, f"比较方式“{raw}”无效，应为 ≥、≤ 或 =")
    return table[raw]


MAX_VALUE = Decimal("999999999999.99")


def value_parse(text: object, *, field: str, label: str) -> Decimal:
    """A target or actual value typed by a person ("680", "1,234.5", "95%"), to at most two decimals."""
    raw = str(text if text is not None else "").strip()
    raw = raw.translate(str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")).replace(",", "")
    raw = raw.removesuffix("%").strip()
    if not raw:
        raise ValidationFailed.on(field, f"请填写{label}")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationFailed.on(field, f"{label}“{text}”不是有效数字") from None
    if not value.is_finite() or abs(value) > MAX_VALUE:
        raise ValidationFailed.on(field, f"{label}“{text}”超出允许范围")
    if value != value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        raise ValidationFailed.on(field, f"{label}最多保留两位小数")
    return value


@dataclass(frozen=True, slots=True)
class Progress:
    actual: Decimal | None
    as_of: date | None
    status: Status
    completion: Decimal | None  # per cent of the target reached (≥ targets only)
    reason: str  # why the status is what it is, in a sentence


def percent(part: int, whole: int) -> Decimal | None:
    """part ÷ whole × 100, one decimal, half up; None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def completion(actual: Decimal | None, target: Decimal, direction: Direction) -> Decimal | None:
    """完成进度 in per cent, one decimal, for a "≥" target with a positive target value; None otherwise
    (a ceiling or an exact value has no meaningful share)."""
    if actual is None or direction is not Direction.AT_LEAST or target <= 0:
        return None
    return (actual * 100 / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def progress_for(
    *,
    actual: Decimal | None,
    as_of: date | None,
    target: Decimal,
    direction: Direction,
    year: int,
    today: date,
) -> Progress:
    """The status of one indicator on ``today``:

    * the target is reached (by its direction) → 达成 — during the year this is "reached so far";
    * not reached while the year runs → 进行中; not reached once the year is over → 未达成;
    * no actual value yet → 进行中 while the year runs, 未达成 after it ("年度结束仍无实际值").
    """
    over = today > date(year, 12, 31)
    share = completion(actual, target, direction)
    if actual is None:
        if over:
            return Progress(None, None, Status.NOT_MET, None, "年度结束仍无实际值")
        return Progress(None, None, Status.IN_PROGRESS, None, "尚无实际值")
    wanted = f"{direction.symbol}{target.normalize():f}"
    if direction.met(actual, target):
        return Progress(actual, as_of, Status.MET, share, f"实际值已达到目标（{wanted}）")
    if over:
        return Progress(actual, as_of, Status.NOT_MET, share, f"年度结束，实际值未达到目标（{wanted}）")
    return Progress(actual, as_of, Status.IN_PROGRESS, share, f"实际值尚未达到目标（{wanted}）")


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """One indicator as typed on the form or a row of the import template, checked."""

    level: Level
    seq: int
    name: str
    unit: str
    direction: Direction
    target_value: Decimal
    measure: str  # a code of MEASURES, or "" for manual entry
    note: str


def target_clean(raw: Mapping[str, object]) -> TargetSpec:
    """Check every field of one indicator; ValidationFailed names each bad field with its reason.

    A bound indicator may leave the unit blank (the measure's unit is used); when it gives one, it must
    be the measure's, since the value is compared as computed.
    """
    errors: dict[str, list[str]] = {}

    def attempt(field: str, read: Callable[[], object]) -> object:
        try:
            return read()
        except ValidationFailed as exc:
            errors.setdefault(field, []).extend(exc.errors.get(field) or [exc.message])
            return None

    text = {k: str(raw.get(k) if raw.get(k) is not None else "").strip() for k in FIELDS}
    level = attempt("level", lambda: level_parse(text["level"]))
    direction = attempt("direction", lambda: direction_parse(text["direction"] or "≥"))
    value = attempt(
        "target_value", lambda: value_parse(text["target_value"], field="target_value", label="目标值")
    )
    measure = text["measure"]
    if measure and measure not in MEASURES:
        errors["measure"] = [f"绑定数据“{measure}”不存在，请从列表中选择或留空（人工填报）"]
    name, unit = text["name"], text["unit"]
    if not name:
        errors["name"] = ["请填写指标名称"]
    elif len(name) > 200:
        errors["name"] = ["指标名称不能超过200字"]
    if measure in MEASURES:
        wanted = MEASURES[measure].unit
        if unit and unit != wanted:
            errors["unit"] = [f"绑定“{MEASURES[measure].label}”的指标单位应为“{wanted}”"]
        unit = wanted
    if not unit:
        errors["unit"] = ["请填写单位"]
    elif len(unit) > 20:
        errors["unit"] = ["单位不能超过20字"]
    seq = 1
    if text["seq"]:
        if not text["seq"].isdigit() or not 1 <= int(text["seq"]) <= 999:
            errors["seq"] = ["序号应为1至999的整数"]
        else:
            seq = int(text["seq"])
    if len(text["note"]) > 500:
        errors["note"] = ["说明不能超过500字"]
    if errors:
        raise ValidationFailed(errors)
    assert isinstance(level, Level) and isinstance(direction, Direction) and isinstance(value, Decimal)
    return TargetSpec(level, seq, name, unit, direction, value, measure, text["note"])


FIELDS = ("level", "seq", "name", "unit", "direction", "target_value", "measure", "note")
