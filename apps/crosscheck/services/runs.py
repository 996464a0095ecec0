"""比对: one batch against the registry, then the source's rule, then the leads — set-based throughout.

    registry_frames   frames.py: the county's households with an open case, their members and cases
    match_frames      apps/crosscheck/services/matcher.py: each list row's best registry person and the score
    household_leads   policy.crosscheck: the source's rule over each household's matched pairs
    RiskBook          risk.py: what each lead puts at risk (paid after the event, by recovery_for)

then one transaction inserts the run, its leads, their pairs, cases, history and audit rows in bulk. The
matches themselves are kept as a Parquet file beside the batch, so any list's rows can be joined to the
registry later (the medical list also feeds the low-income early warning).

Running a batch again never duplicates a lead: a matched pair (a person and what the list says of them)
that an earlier lead of the same kind already holds is not raised again — also when that lead was found
不属实, so a namesake dismissed once stays dismissed.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.clock import today
from apps.core.models import AuditAction, AuditLog
from apps.core.numbers import number_year, numbers_take
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record
from apps.crosscheck.choices import RunTrigger
from apps.crosscheck.models import Batch, Lead, LeadEvent, LeadItem, Run
from apps.crosscheck.services.frames import registry_frames
from apps.crosscheck.services.plan import Planned, plan, sha, snapshots
from apps.crosscheck.services.risk import NO_RISK, RiskBook
from apps.crosscheck.services.stepping import steps_of
from apps.crosscheck.services.storage import frame_scan, parquet_written
from policy.crosscheck import LeadState
from policy.errors import Conflict, NotFound
from policy.numbers import LEAD
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

STAGES = ("读取登记人员", "匹配", "按规则生成线索", "保存线索")


@dataclass(frozen=True)
class RunStep:
    """Where a running check is: a stage (or the matcher's own step) and how far, for a progress bar."""

    stage: str
    done: int
    total: int
    detail: str = ""


def _township(area_code: str) -> str:
    return area_code[:9] + "000"


def _write(
    *,
    actor: User,
    batch: Batch,
    trigger: str,
    counts: dict[str, Any],
    planned: list[Planned],
    skipped: int,
    book: RiskBook | None,
    matches: pl.DataFrame,
    started: Any,
    on: date,
) -> Run:
    source = batch.source
    with (
        parquet_written(
            frame=matches, folder=f"{batch.county_id}/{source.code}/runs", stem=f"batch{batch.pk}"
        ) as path,
        transaction.atomic(),
    ):
        run = Run.objects.create(
            batch=batch,
            county_id=batch.county_id,
            trigger=trigger,
            threshold=source.threshold,
            stored_path=path,
            created_by=actor,
            started_at=started,
            finished_at=timezone.now(),
            leads_created=len(planned),
            leads_known=skipped,
            **counts,
        )
        leads = []
        numbers = numbers_take(
            kind_code=LEAD, county_code=batch.county_id[:6], year=number_year(on), count=len(planned)
        )
        for plan, number in zip(planned, numbers, strict=True):
            risk = book.at_risk(plan.draft, plan.case_ids) if book is not None else NO_RISK
            best = max(plan.rows, key=lambda r: r["score"])
            leads.append(
                Lead(
                    number=number,
                    area_id=plan.area_code,
                    township_id=_township(plan.area_code),
                    household_id=plan.household_id,
                    source=source,
                    batch=batch,
                    run=run,
                    rule=plan.draft.rule.code,
                    severity=plan.draft.severity.value,
                    state=LeadState.FOUND.value,
                    explanation=plan.draft.explanation[:300],
                    event_on=plan.draft.event_on,
                    amount_at_risk=risk.amount,
                    risk_basis=risk.basis[:300],
                    score=best["score"],
                    method=best["method"],
                    fingerprint=sha(plan.draft.rule.code, plan.household_id, *sorted(plan.keys)),
                    found_on=on,
                )
            )
        Lead.objects.bulk_create(leads, batch_size=1000)
        items, links, events, audits = [], [], [], []
        for lead, plan in zip(leads, planned, strict=True):
            for row, key in zip(plan.rows, plan.keys, strict=True):
                person, record = snapshots(row)
                items.append(
                    LeadItem(
                        lead=lead,
                        person_id=row["person_id"],
                        record_id=row["record_id"],
                        key=key,
                        covered=bool(row["covered"]),
                        score=row["score"],
                        method=row["method"],
                        reasons=row["reasons"] or "",
                        person_data=person,
                        record_data=record,
                        event_on=row["event_date"],
                    )
                )
            links += [Lead.cases.through(lead_id=lead.pk, case_id=c) for c in plan.case_ids]
            events.append(
                LeadEvent(
                    lead=lead,
                    step="found",
                    step_label="比对发现",
                    to_state=LeadState.FOUND.value,
                    actor=actor,
                    actor_name=str(actor),
                    on=on,
                    note=lead.explanation,
                    data={"run": run.pk, "batch": batch.pk},
                )
            )
            audits.append(
                AuditLog(
                    actor=actor,
                    actor_name=str(actor),
                    action=AuditAction.CREATE,
                    entity_type="crosscheck.lead",
                    entity_id=str(lead.pk),
                    area_code=lead.area_id,
                    household_id=lead.household_id,
                    summary=f"数据比对发现线索{lead.number}：{lead.get_rule_display()}（{batch}）"[:300],
                )
            )
        LeadItem.objects.bulk_create(items, batch_size=2000)
        Lead.cases.through.objects.bulk_create(links, batch_size=2000)
        LeadEvent.objects.bulk_create(events, batch_size=2000)
        AuditLog.objects.bulk_create(audits, batch_size=1000)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            entity=run,
            area_code=batch.county_id,
            summary=(
                f"{RunTrigger(trigger).label}：{batch}，比对{counts['persons']}人、{counts['records']}条，"
                f"匹配{counts['matched']}条，新增线索{len(planned)}条，已有未重复生成{skipped}条"
            ),
            after={**counts, "leads": len(planned), "known": skipped},
        )
    return run


def _matcher() -> Callable[..., pl.DataFrame]:
    from apps.crosscheck.services.matcher import match_frames

    return match_frames


def run_steps(
    *, actor: User, batch: Batch, trigger: str = RunTrigger.MANUAL, covered_only: bool = False
) -> Generator[RunStep, None, Run]:
    """The check itself, without the capability check (the pre-payroll death check runs it for the
    payroll's preparer): yields its steps and returns the run."""
    started = timezone.now()
    on = today()
    source = batch.source
    yield RunStep(STAGES[0], 0, 1)
    registry = registry_frames(county=batch.county_id, covered_only=covered_only)
    records = frame_scan(batch.stored_path).collect()
    yield RunStep(STAGES[0], 1, 1, f"登记人员{registry.persons.height}人，比对数据{records.height}条")
    persons = registry.persons.select("person_id", "id_number", "name", "birth_date", "area_code")
    wanted = records.select("record_id", "id_number", "name", "birth_date", "area_code")
    match = _matcher()
    matches = yield from _matching(
        lambda progress: match(
            persons=persons, records=wanted, threshold=float(source.threshold), progress=progress, today=on
        )
    )
    yield RunStep(STAGES[2], 0, 1, f"匹配{matches.height}条")
    matched = matches.join(registry.persons, on="person_id").join(records, on="record_id", suffix="_rec")
    planned, skipped, covered = plan(batch=batch, matched=matched, registry=registry, on=on)
    paying = [p for p in planned if p.draft.rule.risk.value != "none"]
    book = (
        RiskBook(case_ids=[c for p in paying for c in p.case_ids], covered=covered, on=on) if paying else None
    )
    yield RunStep(STAGES[2], 1, 1, f"新增线索{len(planned)}条")
    methods = matches.group_by("method").len().to_dicts() if matches.height else []
    counts = {
        "persons": registry.persons.height,
        "records": records.height,
        "matched": matches.height,
        "methods": {m["method"]: m["len"] for m in methods},
    }
    yield RunStep(STAGES[3], 0, 1)
    try:
        run = _write(
            actor=actor,
            batch=batch,
            trigger=trigger,
            counts=counts,
            planned=planned,
            skipped=skipped,
            book=book,
            matches=matches,
            started=started,
            on=on,
        )
    except IntegrityError:
        raise Conflict("同一批数据正在由他人比对，请稍后刷新查看比对结果") from None
    yield RunStep(STAGES[3], 1, 1)
    return run


def _matching(
    work: Callable[[Callable[[str, int, int], None]], pl.DataFrame],
) -> Generator[RunStep, None, pl.DataFrame]:
    gen = steps_of(work)
    while True:
        try:
            label, done, total = next(gen)
        except StopIteration as stop:
            return stop.value
        yield RunStep(STAGES[1], done, total, label)


def crosscheck_run_steps(*, actor: User, batch: Batch) -> Iterator[RunStep | Run]:
    """比对 ``batch`` as the actor, step by step for a streamed page; the last item is the run."""
    require(actor, Capability.CROSSCHECK_IMPORT)
    if not code_in_scope(actor, batch.county_id):
        raise NotFound()
    run = yield from run_steps(actor=actor, batch=batch)
    yield run


def crosscheck_run(*, actor: User, batch: Batch, progress: Callable[[RunStep], None] | None = None) -> Run:
    """比对 ``batch`` against the registry and record the leads it gives (never twice)."""
    for step in crosscheck_run_steps(actor=actor, batch=batch):
        if isinstance(step, Run):
            return step
        if progress is not None:
            progress(step)
    raise AssertionError("a run always ends with its record")  # pragma: no cover
