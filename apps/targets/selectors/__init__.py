"""Reading 目标管理: the counties an actor may look at, one indicator, and a year's indicators with their
progress — each bound one's actual value computed from the data now (:mod:`.measures`), each manual one
as entered.

A county outside the actor's area, and an indicator of such a county, answer NotFound exactly like ones
that do not exist.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from apps.areas.models import Area
from apps.areas.selectors import county_in_scope
from apps.core.clock import today
from apps.core.scoping import code_in_scope, require
from apps.targets.models import Target, TargetReportFile
from apps.targets.selectors.measures import Actual, as_of_for, measure_values
from policy.errors import NotFound
from policy.roles import Capability
from policy.targets import MEASURES, Direction, Level, MeasureDef, Progress, Status, progress_for

if TYPE_CHECKING:
    from apps.accounts.models import User

FIRST_YEAR = 2020


def county_get_for(*, actor: User, code: str) -> Area:
    """The county ``code`` (6 or 12 digits) inside the actor's area; NotFound otherwise, missing or not."""
    require(actor, Capability.VIEW_TARGETS)
    return county_in_scope(actor=actor, code=code)


def years_open() -> list[int]:
    """Next year (targets are set before it starts) back to :data:`FIRST_YEAR`, newest first."""
    return list(range(today().year + 1, FIRST_YEAR - 1, -1))


def year_check(year: int) -> int:
    if not FIRST_YEAR <= year <= today().year + 1:
        raise NotFound(f"只能查看{FIRST_YEAR}年至{today().year + 1}年的目标")
    return year


def target_get_for(*, actor: User, target_id: object) -> Target:
    require(actor, Capability.VIEW_TARGETS)
    try:
        found = Target.objects.select_related("county").filter(pk=int(str(target_id))).first()
    except ValueError:
        found = None
    if found is None or not code_in_scope(actor, found.county_id):
        raise NotFound()
    return found


@dataclass(frozen=True, slots=True)
class TargetRow:
    target: Target
    measure: MeasureDef | None  # None: entered by hand
    progress: Progress
    note: str  # where the actual value came from, or why there is none

    @property
    def direction(self) -> Direction:
        return Direction(self.target.direction)

    @property
    def places(self) -> int:
        return self.measure.places if self.measure else 2


@dataclass(frozen=True, slots=True)
class YearProgress:
    county: Area
    year: int
    as_of: date | None
    rows: tuple[TargetRow, ...]

    def by_level(self) -> list[tuple[Level, list[TargetRow]]]:
        return [(lv, [r for r in self.rows if r.target.level == lv.value]) for lv in Level]

    def counts(self) -> dict[str, int]:
        """How many indicators are 达成, 未达成 and 进行中, keyed by the status' label."""
        seen = Counter(r.progress.status for r in self.rows)
        return {s.label: seen.get(s, 0) for s in Status}


def _row(target: Target, live: dict[str, Actual], on: date) -> TargetRow:
    measure = MEASURES.get(target.measure) if target.measure else None
    if measure is not None:
        actual = live.get(measure.code, Actual(None, None, "无法计算"))
        value, as_of, note = actual.value, actual.as_of, actual.note
    else:
        value, as_of = target.actual_value, target.actual_on
        note = "人工填报" + ("，已上传佐证材料" if target.evidence_path else "，未上传佐证材料")
    progress = progress_for(
        actual=value,
        as_of=as_of,
        target=target.target_value,
        direction=Direction(target.direction),
        year=target.year,
        today=on,
    )
    return TargetRow(target, measure, progress, note)


def targets_for(*, actor: User, county: Area, year: int) -> QuerySet[Target]:
    require(actor, Capability.VIEW_TARGETS)
    if not code_in_scope(actor, county.code):
        raise NotFound()
    return Target.objects.filter(county=county, year=year).select_related("updated_by")


def year_progress(*, actor: User, county: Area, year: int) -> YearProgress:
    """The year's indicators, grouped and ordered as the report lists them, each with its progress."""
    year_check(year)
    targets = list(targets_for(actor=actor, county=county, year=year).order_by("level", "seq", "id"))
    order = [lv.value for lv in Level]
    targets.sort(key=lambda t: (order.index(t.level), t.seq, t.pk))
    live = measure_values(actor=actor, county=county, year=year, codes=[t.measure for t in targets])
    on = today()
    return YearProgress(county, year, as_of_for(year), tuple(_row(t, live, on) for t in targets))


def files_for(*, actor: User, county: Area, year: int) -> QuerySet[TargetReportFile]:
    require(actor, Capability.VIEW_TARGETS)
    if not code_in_scope(actor, county.code):
        raise NotFound()
    return TargetReportFile.objects.filter(county=county, year=year).select_related("created_by")[:20]
