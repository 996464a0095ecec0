"""生成发放表: one county, one month, one programme or all, in one transaction, set-based.

One scan first sorts the cases into a temporary table. The plain majority — 在保 all month, unchanged
since the month they were last paid, paid through the month before, nothing to recover (exactly
:func:`policy.payroll.is_plain`) — is then written by one ``INSERT … SELECT``. Every other case (new,
changed, stopped, suspended, 渐退, 追回, unpaid months) goes through :func:`policy.payroll.pay_month`,
loaded and written in batches through a temporary table and the same ``INSERT … SELECT``, so both paths
freeze the same columns the same way; when there are many, they are computed on a thread of their own
while the plain lines are written (:mod:`apps.payroll.services.background`). Each line freezes the
covered members with it (as JSON). Then holds are marked, and the totals are summed in SQL (the statements:
:mod:`apps.payroll.services.prepare_sql`). docs/benchmarks.md has the figures for a million cases.

Safe to run: a second run for the same county, month and programme replaces the prepared payroll within
the same transaction (never duplicate lines: (case, month) is unique in the database); an approved one is
refused; a crash rolls the whole transaction back; a concurrent run is refused at once by a lease
(:class:`apps.payroll.models.PrepareLock`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from apps.areas.models import Area
from apps.assistance.choices import ONE_TIME_PROGRAMS, Program
from apps.assistance.models import Case
from apps.core.models import AuditAction
from apps.core.numbers import number_for
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record
from apps.payroll.mappers import pay_facts_for
from apps.payroll.models import Payroll, PrepareLock
from apps.payroll.services.background import in_background
from apps.payroll.services.prepare_sql import (
    OWING,
    SORTED,
    candidate_ids,
    mark_holds,
    raced_ids,
    sort_cases,
    sum_totals,
    write_computed,
    write_plain,
)
from apps.payroll.services.retro import adjustments_due
from apps.standards.selectors import standards_for, standards_for_many
from policy.areas import AreaLevel
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.facts import TraceStep
from policy.months import month_start
from policy.numbers import PAYROLL
from policy.payroll import PayLine, pay_month, pay_rules
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

Stage = Callable[[str, int, int], None]  # (stage label, done, total)
# 发放前比对, a check run before a payroll is prepared (today the cross-check's death lists), called as
# ``holds_refresh(county=…, actor=…)``: it holds the payments it finds doubtful; what it returns is ignored.
HoldsRefresh = Callable[..., object]
LEASE = timedelta(minutes=30)
BATCH = 20_000
OVERLAP_MIN = 2_000  # cases on the policy path worth a thread of their own


def _noop(stage: str, done: int, total: int) -> None:
    return None


# ---------------------------------------------------------------- the lease


@contextmanager
def prepare_lock(*, key: str, holder: str) -> Iterator[None]:
    """Hold the lease for ``key`` while the block runs; refuse at once if someone else holds it."""
    now = timezone.now()
    try:
        with transaction.atomic():
            PrepareLock.objects.filter(key=key, expires_at__lt=now).delete()  # a crashed run's lease
            PrepareLock.objects.create(key=key, holder=holder, taken_at=now, expires_at=now + LEASE)
    except (IntegrityError, OperationalError):
        lock = PrepareLock.objects.filter(key=key).first()
        who = f"（{lock.holder}于{timezone.localtime(lock.taken_at):%H:%M}开始）" if lock else ""
        raise Conflict(f"该县本月的发放表正在生成{who}，请等待完成后再试") from None
    try:
        yield
    finally:
        PrepareLock.objects.filter(key=key, holder=holder).delete()


# ---------------------------------------------------------------- SQL


def _exceptional_rows(payroll: Payroll, ids: list[int]) -> Iterator[tuple[list[tuple[Any, ...]], int, int]]:
    """The policy path, a batch at a time, with how many candidates are done of how many: the rules are
    resolved once per village and urban/rural, those of a batch in one query."""
    rules_by_area: dict[tuple[str, bool], Any] = {}
    for start in range(0, len(ids), BATCH):
        cases = list(Case.objects.filter(pk__in=ids[start : start + BATCH]))
        facts = pay_facts_for(cases)
        owed = adjustments_due([c.pk for c in cases])
        missing = {(c.area_id, c.is_urban) for c in cases} - rules_by_area.keys()
        if missing:
            found = standards_for_many(area_codes={code for code, _ in missing}, on=payroll.month)
            rules_by_area.update({key: pay_rules(found[key]) for key in missing})
        batch = []
        for case in cases:
            key = (case.area_id, case.is_urban)
            line = pay_month(facts=facts[case.pk], month=payroll.month, rules=rules_by_area[key])
            extra = owed.get(case.pk)
            if line is not None or extra is not None:
                batch.append(_row(case, line, extra))
        yield batch, min(start + BATCH, len(ids)), len(ids)


def _step(step: TraceStep) -> dict[str, str]:
    # dataclasses.asdict deep-copies field by field: ten times slower over tens of thousands of lines.
    return {"rule": step.rule, "detail": step.detail, "basis": step.basis, "outcome": step.outcome}


def _row(
    case: Case, line: PayLine | None, extra: tuple[Decimal, list[dict[str, Any]], list[int]] | None
) -> tuple[Any, ...]:
    """One computed line for the temporary table; 补差 owed (``extra``) is paid with it, as arrears."""
    trace = [_step(step) for step in line.trace] if line else []
    reasons = list(line.reasons) if line else []
    arrears = line.arrears_total if line else Decimal("0.00")
    net = line.net if line else Decimal("0.00")
    if extra is not None:
        amount, steps, _ = extra
        trace += steps
        reasons.append("adjustment")
        arrears += amount
        net += amount
    return (
        case.pk,
        str(line.amount if line else case.monthly_amount),
        str(line.regular if line else Decimal("0.00")),
        str(arrears),
        str(line.recovery if line else Decimal("0.00")),
        str(net),
        ",".join(reasons),
        json.dumps(trace, ensure_ascii=False),
        line.paid_through_after.isoformat() if line and line.paid_through_after else None,
    )


STAGES = ("生成常规发放明细", "计算补发、停发与变动", "标记暂缓发放并汇总")


def _check_request(*, actor: User, county: str, month: date, program: str) -> Area:
    require(actor, Capability.PREPARE_PAYROLL)
    area = Area.objects.filter(pk=county).first()
    if area is None or not code_in_scope(actor, county):
        raise NotFound()
    if area.level != AreaLevel.COUNTY:
        raise ValidationFailed.on("county", "发放表按县(市、区)生成，请选择县级区划")
    if program and (program not in Program.values or program in ONE_TIME_PROGRAMS):
        raise ValidationFailed.on("program", "该项目不按月发放（临时救助按次发放）")
    others = Payroll.objects.filter(county=area, month=month).exclude(program=program)
    if program:
        others = others.filter(program="")
    clash = others.first()
    if clash is not None:
        raise Conflict(f"{clash}已存在：同一月份不能既按全部项目又按单个项目生成发放表")
    return area


@dataclass(frozen=True)
class Step:
    """Where a running preparation is: a stage of :data:`STAGES`, done of total."""

    stage: str
    done: int
    total: int


def payroll_prepare(
    *,
    actor: User,
    county: str,
    month: date,
    program: str = "",
    progress: Stage = _noop,
    holds_refresh: HoldsRefresh | None = None,
) -> Payroll:
    """生成 (or re-generate, while not yet approved) the payroll of ``county`` for ``month``.

    Without ``holds_refresh`` no 发放前比对 runs: the bureau's pages, API and command prepare through
    ``apps.workbench.services.payroll``, which passes the cross-check's.
    """
    result: Payroll | None = None
    # Drain the generator to its end: leaving it early would roll its transaction back.
    steps = payroll_prepare_steps(
        actor=actor, county=county, month=month, program=program, holds_refresh=holds_refresh
    )
    for item in steps:
        if isinstance(item, Step):
            progress(item.stage, item.done, item.total)
        else:
            result = item
    assert result is not None
    return result


def payroll_prepare_steps(
    *, actor: User, county: str, month: date, program: str = "", holds_refresh: HoldsRefresh | None = None
) -> Iterator[Step | Payroll]:
    """:func:`payroll_prepare` as a generator of :class:`Step`, ending with the payroll, for a page that
    streams its progress. The lease and the transaction span the whole iteration: drain it."""
    month = month_start(month)
    area = _check_request(actor=actor, county=county, month=month, program=program)
    # 发放前比对: once the request is known to be allowed, and before the lease and the transaction, the
    # caller's check opens its payment holds (PaymentHold) in transactions of its own, so that
    # mark_holds() below marks those lines 暂缓 until a person decides.
    if holds_refresh is not None:
        holds_refresh(county=county, actor=actor)
    key = f"{county}:{month:%Y-%m}:{program or 'all'}"
    # Inside someone else's transaction (a test's) another connection cannot see the cases: no overlap.
    overlap = not connection.in_atomic_block
    with prepare_lock(key=key, holder=str(actor)), transaction.atomic():
        yield from _prepare(actor=actor, county=area, month=month, program=program, overlap=overlap)


def _prepare(
    *, actor: User, county: Area, month: date, program: str, overlap: bool = False
) -> Iterator[Step | Payroll]:
    now = timezone.now()
    payroll = Payroll.objects.select_for_update().filter(county=county, month=month, program=program).first()
    if payroll is not None and payroll.locked:
        raise Conflict(
            f"{payroll.title}（{payroll.number}）{payroll.get_state_display()}，"
            "不能重新生成；之后的变化将在下月发放中调整"
        )
    rules = pay_rules(standards_for(area_code=county.pk, urban=False, on=month))
    if payroll is None:
        payroll = Payroll.objects.create(
            number=number_for(kind_code=PAYROLL, area_code=county.code, on=month),
            county=county,
            month=month,
            program=program,
            prepared_by=actor,
            prepared_at=now,
        )
        action = AuditAction.CREATE
    else:
        with connection.cursor() as cursor:  # set-based: a million lines cannot go through the collector
            cursor.execute("DELETE FROM payroll_payrollline WHERE payroll_id = %s", [payroll.pk])
        payroll.version += 1
        payroll.prepared_by, payroll.prepared_at = actor, now
        action = AuditAction.UPDATE
    payroll.rules = dict(rules.basis)
    with connection.cursor() as cursor:
        yield Step(STAGES[0], 0, 1)
        sorted_plain = sort_cases(cursor, payroll)
        ids = candidate_ids(cursor)
        rows = _exceptional_rows(payroll, ids)
        # The policy path computes on a thread of its own while the plain lines are written.
        background = overlap and len(ids) >= OVERLAP_MIN
        with in_background(rows) if background else nullcontext(rows) as batches:
            plain = write_plain(cursor, payroll)
            yield Step(STAGES[0], 1, 1)
            special = 0
            yield Step(STAGES[1], 0, 1)
            for batch, done, total in batches:
                special += write_computed(cursor, payroll, batch)
                yield Step(STAGES[1], done, total)
        if plain != sorted_plain:
            for batch, _, _ in _exceptional_rows(payroll, raced_ids(cursor, payroll)):
                special += write_computed(cursor, payroll, batch)
        if connection.vendor == "postgresql":
            # The planner would take the new lines for none and probe them one by one in what follows.
            cursor.execute("ANALYZE payroll_payrollline")
        else:  # PostgreSQL drops them at the commit
            cursor.execute(f"DROP TABLE temp.{SORTED}")
            cursor.execute(f"DROP TABLE temp.{OWING}")
        yield Step(STAGES[2], 0, 1)
        mark_holds(cursor, payroll)
        sum_totals(cursor, payroll)
        yield Step(STAGES[2], 1, 1)
    payroll.save()
    audit_record(
        actor=actor,
        action=action,
        entity=payroll,
        area_code=county.pk,
        summary=(
            f"生成{county.name}{payroll.title}（{payroll.number}）：{payroll.line_count}笔，应发{payroll.total}元"
            f"（常规{plain}笔，变动{special}笔，暂缓{payroll.held_count}笔）"
        ),
    )
    yield payroll
