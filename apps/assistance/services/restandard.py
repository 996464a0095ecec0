"""调标: when a new 低保 standard is entered, re-assess every affected case of a county as a preview, and
let an approver apply exactly what was previewed, in one transaction, effective on the standard's date.

The work is set-based from end to end: the frozen bases are read as columns (:mod:`.basis`), the amounts
come from :func:`policy.programs.bulk.dibao_bulk` once per distinct set of 低保 parameters (a county's
urban and rural standards, and each township's override), and the writes are a handful of statements
over a temporary table (:mod:`.restandard_write`). No per-case ORM object is made.

What a run decides, per case that has a basis:

* **up / down / unchanged** — the new amount against the case's current amount;
* **ineligible** — not eligible under the new standard. The case is *not* stopped (that needs a reason and
  a decision): it is listed for review and its next review is brought forward to the standard's date;
* **rules changed** — its income was summed under other excluded income kinds than the new
  ``dibao.income_excluded``, so its amount cannot be re-computed from the basis: listed for review;
* **departed** — it pays something other than what its basis gave (an approval that departed from the
  assessment, or a 调整 not backed by a new basis): re-computing would undo that decision, so it is
  listed for review instead.

Cases without a basis are listed for review too; cases in 渐退 follow their schedule and are only counted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from numpy.typing import NDArray

from apps.areas.models import Area
from apps.assistance.models import RunStatus, StandardChangeRun
from apps.assistance.services.basis import BasisColumns, cases_load, excluded_text
from apps.assistance.services.restandard_write import restandard_rows_write
from apps.core.models import AuditAction
from apps.core.numbers import number_for
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record
from apps.standards.selectors import standards_for_many
from policy.areas import area_code_range
from policy.errors import Conflict, NotFound
from policy.money import yuan, yuan_from_cents
from policy.numbers import RESTANDARD
from policy.parameters import Standards
from policy.programs.bulk import dibao_bulk
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

Ints = NDArray[np.int64]
Flags = NDArray[np.bool_]
SAMPLE_CHANGED = 10  # the largest increases and decreases each, shown on the preview page
SAMPLE_FLAGGED = 20  # of each kind listed for review


@dataclass(frozen=True, slots=True)
class Progress:
    """A stage of a long run, for a progress bar: what is being done and how far along (0–100)."""

    text: str
    percent: int


@dataclass(frozen=True, slots=True)
class Group:
    """Cases that share one set of 低保 parameters (a county kind, or a township's override)."""

    standards: Standards
    cases: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Reassessment:
    """Every affected case of a county re-assessed on ``on``; money in cents. See the module docstring."""

    county: Area
    on: date
    columns: BasisColumns
    new: Ints
    eligible: Flags
    usable: Flags  # the basis was summed under the same excluded income kinds as the new standard
    no_basis: tuple[Ints, Ints]  # (ids, versions)
    phase_out: int
    groups: list[Group] = field(default_factory=list)
    checksum: str = ""

    @property
    def old(self) -> Ints:
        return self.columns.amount

    @property
    def in_step(self) -> Flags:
        """Re-computable: the basis follows today's income rule and the case pays what it gave."""
        return self.usable & (self.columns.amount == self.columns.basis_amount)

    @property
    def up(self) -> Flags:
        return self.in_step & self.eligible & (self.new > self.old)

    @property
    def down(self) -> Flags:
        return self.in_step & self.eligible & (self.new < self.old)

    @property
    def unchanged(self) -> Flags:
        return self.in_step & self.eligible & (self.new == self.old)

    @property
    def ineligible(self) -> Flags:
        return self.in_step & ~self.eligible

    @property
    def rules_changed(self) -> Flags:
        return ~self.usable

    @property
    def departed(self) -> Flags:
        return self.usable & ~self.in_step

    def figures(self) -> dict[str, int]:
        """The counts and sums a run stores (cents for money)."""
        changed = self.up | self.down
        return {
            "cases": len(self.columns),
            "up": int(self.up.sum()),
            "down": int(self.down.sum()),
            "unchanged": int(self.unchanged.sum()),
            "ineligible": int(self.ineligible.sum()),
            "rules_changed": int(self.rules_changed.sum()),
            "departed": int(self.departed.sum()),
            "no_basis": len(self.no_basis[0]),
            "phase_out": self.phase_out,
            "cost_before": int(self.old[changed].sum()),
            "cost_after": int(self.new[changed].sum()),
            "ineligible_cost": int(self.old[self.ineligible].sum()),
        }

    def sample(self) -> list[list[Any]]:
        """A few changed and flagged cases for the page: ``[case_id, old, new, kind]``."""
        ids, old, new = self.columns.ids, self.old, self.new
        out: list[list[Any]] = []
        diff = new - old
        for kind, mask, key in (("up", self.up, -diff), ("down", self.down, diff)):
            rows = np.flatnonzero(mask)
            rows = rows[np.argsort(key[rows], kind="stable")[:SAMPLE_CHANGED]]
            out += [[int(ids[r]), int(old[r]), int(new[r]), kind] for r in rows]
        flagged = (
            ("ineligible", self.ineligible),
            ("rules", self.rules_changed),
            ("departed", self.departed),
        )
        for kind, mask in flagged:
            rows = np.flatnonzero(mask)[:SAMPLE_FLAGGED]
            out += [[int(ids[r]), int(old[r]), int(new[r]), kind] for r in rows]
        out += [[int(i), None, None, "no_basis"] for i in self.no_basis[0][:SAMPLE_FLAGGED]]
        return out

    def standards_rows(self) -> list[dict[str, Any]]:
        """The 低保标准 each group of cases was re-assessed with, for the page."""
        return [
            {
                "urban": g.standards.urban,
                "standard": str(yuan(g.standards.money("dibao.standard"))),
                "source": g.standards.source("dibao.standard"),
                "cases": g.cases,
            }
            for g in self.groups
        ]


def _signature(standards: Standards) -> str:
    """The 低保 parameters that decide an amount; cases whose areas share them are computed together."""
    raw = {k: v for k, v in standards.raw.items() if k.startswith("dibao.")}
    return json.dumps([standards.urban, sorted(raw.items())], ensure_ascii=False)


def _checksum(result: Reassessment, signatures: list[str]) -> str:
    digest = hashlib.sha256(f"{result.county.code}|{result.on.isoformat()}|{result.phase_out}".encode())
    for signature in signatures:
        digest.update(signature.encode())
    c = result.columns
    arrays = (c.ids, c.version, c.amount, c.basis_amount, result.new, result.eligible, result.usable)
    for array in (*arrays, *result.no_basis):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def restandard_compute_steps(*, county: Area, on: date) -> Generator[Progress, None, Reassessment]:
    """Re-assess every affected 低保 case of ``county`` on ``on``; yields progress, returns the result.

    Reads only. Raises ValidationFailed naming the parameter when an area's 低保标准 is not set on ``on``.
    """
    low, high = area_code_range(county.code)
    # Every area of the county, resolved once per kind; usually they share the county's values.
    codes = list(Area.objects.filter(code__gte=low, code__lte=high).values_list("code", flat=True))
    resolved = standards_for_many(area_codes=codes, on=on)
    signatures: dict[str, int] = {}
    group_of: dict[int, int] = {}
    first: list[Standards] = []
    for (code, urban), standards in resolved.items():
        index = signatures.setdefault(_signature(standards), len(signatures))
        if index == len(first):
            first.append(standards)
        group_of[int(code) * 2 + urban] = index
    yield Progress("正在读取在保对象的核算依据……", 10)
    loaded = cases_load(low=low, high=high)
    columns = loaded.columns
    yield Progress(f"已读取 {len(columns):,} 户的核算依据，正在按新标准重新核算……", 40)

    keys, inverse = np.unique(columns.area * 2 + columns.urban, return_inverse=True)
    household_group = np.array([group_of[int(k)] for k in keys], dtype=np.int64)[inverse]
    new = np.zeros(len(columns), dtype=np.int64)
    eligible = np.zeros(len(columns), dtype=bool)
    # A basis is usable when its income was summed under the excluded kinds its group now has.
    rules = [excluded_text(s) for s in first]
    match = np.array([[r == v for v in columns.excluded_values] for r in rules], dtype=bool)
    usable = match.reshape(len(rules), -1)[household_group, columns.excluded]
    groups = []
    for index, standards in enumerate(first):
        rows = np.flatnonzero(household_group == index)
        if not len(rows):
            continue
        whole = len(rows) == len(columns)
        result = dibao_bulk(columns.households(on, None if whole else rows), standards)
        new[rows] = result.amount
        eligible[rows] = result.eligible
        groups.append(Group(standards=standards, cases=len(rows)))
    groups.sort(key=lambda g: (-g.cases, not g.standards.urban))
    outcome = Reassessment(
        county=county,
        on=on,
        columns=columns,
        new=new,
        eligible=eligible,
        usable=usable,
        no_basis=loaded.no_basis,
        phase_out=loaded.phase_out,
        groups=groups,
    )
    return dataclasses.replace(
        outcome, checksum=_checksum(outcome, sorted(_signature(g.standards) for g in groups))
    )


def restandard_compute(*, county: Area, on: date) -> Reassessment:
    """:func:`restandard_compute_steps` without the progress."""
    steps = restandard_compute_steps(county=county, on=on)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]


def _county_check(actor: User, county: Area) -> None:
    require(actor, Capability.RESTANDARD)
    if not code_in_scope(actor, county.code):
        raise NotFound()


def restandard_preview_steps(
    *, actor: User, county: Area, on: date
) -> Iterator[Progress | StandardChangeRun]:
    """调标预览: re-assess the county's cases on ``on`` and store the figures as a run; the run comes last."""
    _county_check(actor, county)
    started = time.perf_counter()
    result = yield from restandard_compute_steps(county=county, on=on)
    yield Progress("正在保存预览……", 90)
    yield _run_save(actor=actor, result=result, seconds=time.perf_counter() - started)


@transaction.atomic
def _run_save(*, actor: User, result: Reassessment, seconds: float) -> StandardChangeRun:
    figures = result.figures()
    run = StandardChangeRun.objects.create(
        number=number_for(kind_code=RESTANDARD, area_code=result.county.code),
        county=result.county,
        on=result.on,
        checksum=result.checksum,
        standards=result.standards_rows(),
        sample=result.sample(),
        preview_seconds=round(seconds, 2),
        created_by=actor,
        **figures,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=run,
        area_code=result.county.code,
        summary=f"调标预览：{result.county.name}按{result.on:%Y-%m-%d}起执行的低保标准，{_summary(run)}",
        after={"on": result.on.isoformat(), **figures},
    )
    return run


def _summary(run: StandardChangeRun) -> str:
    difference = yuan_from_cents(run.cost_difference)
    return (
        f"重新核算{run.cases}户：增发{run.up}户、减发{run.down}户、不变{run.unchanged}户；"
        f"不再符合{run.ineligible}户、口径变化{run.rules_changed}户、金额另定{run.departed}户、"
        f"无核算依据{run.no_basis}户列入核查；"
        f"每月资金变化{difference:+}元"
    )


def restandard_preview(*, actor: User, county: Area, on: date) -> StandardChangeRun:
    """:func:`restandard_preview_steps` without the progress."""
    return _last(restandard_preview_steps(actor=actor, county=county, on=on))


def restandard_apply_steps(*, actor: User, run: StandardChangeRun) -> Iterator[Progress | StandardChangeRun]:
    """确认调标: :func:`restandard_write_steps`, then “done” and the applied run. Settles nothing in the
    payroll: the page and the command use the payroll's ``restandard_apply_steps``, which also does."""
    applied = yield from restandard_write_steps(actor=actor, run=run)
    yield Progress("调标完成", 100)
    yield applied


def restandard_write_steps(
    *, actor: User, run: StandardChangeRun
) -> Generator[Progress, None, StandardChangeRun]:
    """Apply exactly what ``run`` previewed, in one transaction, effective on its date; yields progress,
    returns the applied run. A caller may wrap it in a transaction of its own to write more with it.

    The cases are re-read and re-assessed inside the transaction; if the checksum differs from the
    preview's (a case, a basis or a standard changed since), nothing is written and Conflict says so.
    Changed cases get their new amount and a history row (调整, 原因“调标”, ``data`` naming the run);
    flagged cases are listed for review with their next review brought forward; one audit row records
    the run.
    """
    _county_check(actor, run.county)
    require(actor, Capability.APPROVE)
    started = time.perf_counter()
    with transaction.atomic():
        locked = (
            StandardChangeRun.objects.select_for_update(of=("self",)).select_related("county").get(pk=run.pk)
        )
        if locked.status != RunStatus.PREVIEWED:
            when = timezone.localtime(locked.applied_at)
            raise Conflict(f"调标{locked.number}已于{when:%Y-%m-%d %H:%M}执行，不能重复执行")
        result = yield from restandard_compute_steps(county=locked.county, on=locked.on)
        if result.checksum != locked.checksum:
            raise Conflict("预览之后，在保对象、核算依据或低保标准已有变化，未作任何调整；请重新预览后再确认")
        yield Progress(f"核对一致，正在调整 {locked.changed:,} 户的金额并写入变更记录……", 70)
        now = timezone.now()
        restandard_rows_write(result=result, run=locked, actor=actor, now=now)
        locked.status = RunStatus.APPLIED
        locked.applied_by = actor
        locked.applied_at = now
        locked.apply_seconds = round(time.perf_counter() - started, 2)
        locked.save(update_fields=["status", "applied_by", "applied_at", "apply_seconds"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            entity=locked,
            area_code=locked.county_id,
            summary=f"调标：{locked.county.name}自{locked.on:%Y-%m-%d}起执行新低保标准，{_summary(locked)}",
            after={"on": locked.on.isoformat(), "status": locked.status, **result.figures()},
        )
    return locked


def restandard_apply(*, actor: User, run: StandardChangeRun) -> StandardChangeRun:
    """:func:`restandard_apply_steps` without the progress."""
    return _last(restandard_apply_steps(actor=actor, run=run))


def _last(steps: Iterator[Progress | StandardChangeRun]) -> StandardChangeRun:
    run = None
    for step in steps:
        if isinstance(step, StandardChangeRun):
            run = step
    assert run is not None, "a run always ends with its row"
    return run


__all__ = [
    "Group",
    "Progress",
    "Reassessment",
    "restandard_apply",
    "restandard_apply_steps",
    "restandard_compute",
    "restandard_compute_steps",
    "restandard_preview",
    "restandard_preview_steps",
    "restandard_write_steps",
]
