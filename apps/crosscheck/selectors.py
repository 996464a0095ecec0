"""Reading the cross-check data, scoped to the actor's area: a county's sources and batches (county level),
leads in the actor's villages, statistics, and a batch's own rows out of its Parquet file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db.models import Count, Q, QuerySet, Sum

from apps.areas.models import Area
from apps.core.clock import today
from apps.core.inbox import InboxGroup, inbox_group
from apps.core.scoping import area_q, get_scoped, require
from apps.crosscheck.models import Batch, Lead, LeadAttachment, Run, Source
from apps.crosscheck.services.sources import county_check, source_default
from apps.crosscheck.services.storage import frame_scan
from apps.payroll.models import PaymentHold
from policy.areas import AreaLevel, area_code_range
from policy.crosscheck import SOURCES, LeadState
from policy.errors import NotFound
from policy.privacy import mask_id_number
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

VIEW = Capability.VIEW_CROSSCHECK
LEADS = Capability.VIEW_LEADS


def sources_for(*, actor: User, county: str) -> list[Source]:
    """Every source of the county, saved or (until first used) its unsaved defaults, in catalogue order."""
    require(actor, VIEW)
    area = county_check(actor=actor, county=county)
    saved = {s.code: s for s in Source.objects.filter(county=area)}
    return [saved.get(code) or source_default(county=area, code=code) for code in SOURCES]


def source_get_for(*, actor: User, county: str, code: str) -> Source:
    require(actor, VIEW)
    area = county_check(actor=actor, county=county)
    if code not in SOURCES:
        raise NotFound()
    return Source.objects.filter(county=area, code=code).first() or source_default(county=area, code=code)


def batch_list_for(*, actor: User, county: str = "", source: str = "") -> QuerySet[Batch]:
    require(actor, VIEW)
    rows = Batch.objects.filter(area_q(actor, "county")).select_related("source", "county", "created_by")
    if county:
        rows = rows.filter(county_id=county)
    if source:
        rows = rows.filter(source__code=source)
    return rows.order_by("-created_at", "-id")


def batch_get_for(*, actor: User, batch_id: int | str) -> Batch:
    require(actor, VIEW)
    return get_scoped(
        Batch.objects.select_related("source", "county", "created_by"),
        actor=actor,
        field="county",
        pk=batch_id,
    )


def run_get_for(*, actor: User, run_id: int | str) -> Run:
    require(actor, VIEW)
    return get_scoped(
        Run.objects.select_related("batch", "batch__source", "county", "created_by"),
        actor=actor,
        field="county",
        pk=run_id,
    )


def batch_rows(
    *, batch: Batch, offset: int = 0, limit: int = 20, id_number: str = ""
) -> list[dict[str, Any]]:
    """A page of the batch's own rows (ID numbers masked), or the rows of one ID number: a batch stays
    queryable long after its run, e.g. for the medical list's early warning."""
    scan = frame_scan(batch.stored_path)
    if id_number:
        scan = scan.filter(pl.col("id_number") == id_number.strip().upper())
    rows = scan.slice(offset, limit).collect().to_dicts()
    for row in rows:
        row["id_number"] = mask_id_number(row.get("id_number"))
    return rows


def batch_matched_rows(*, batch: Batch) -> pl.LazyFrame:
    """The batch's rows that its latest run matched to a registry person: each row's fields with
    ``person_id``, ``score`` and ``method`` (empty before any run). The caller has fetched ``batch`` through
    :func:`batch_get_for`; the rows are not scoped further (the run only matched the county's people).
    The medical list is read this way by the low-income early warning."""
    latest = batch.runs.order_by("-started_at", "-pk").first()
    rows = frame_scan(batch.stored_path)
    if latest is None or not latest.stored_path:
        return rows.head(0).with_columns(
            person_id=pl.lit(None, pl.Int64), score=pl.lit(None, pl.Float64), method=pl.lit(None, pl.String)
        )
    matches = frame_scan(latest.stored_path).select("record_id", "person_id", "score", "method")
    return rows.join(matches, on="record_id", how="inner")


@dataclass(frozen=True)
class LeadFilter:
    source: str = ""
    township: str = ""
    state: str = ""
    severity: str = ""
    rule: str = ""
    run: int | None = None
    q: str = ""


def lead_list_for(*, actor: User, filters: LeadFilter = LeadFilter()) -> QuerySet[Lead]:
    require(actor, LEADS)
    rows = Lead.objects.filter(area_q(actor, "area")).select_related(
        "source", "area", "township", "household"
    )
    if filters.source:
        rows = rows.filter(source__code=filters.source)
    if filters.township:
        rows = rows.filter(township_id=filters.township)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.severity:
        rows = rows.filter(severity=filters.severity)
    if filters.rule:
        rows = rows.filter(rule=filters.rule)
    if filters.run:
        rows = rows.filter(run_id=filters.run)
    if filters.q:
        rows = rows.filter(items__person__name__contains=filters.q.strip()).distinct()
    return rows.order_by("-found_on", "-id")


def lead_get_for(*, actor: User, lead_id: int | str) -> Lead:
    require(actor, LEADS)
    return get_scoped(
        Lead.objects.select_related(
            "source",
            "batch",
            "run",
            "area",
            "township",
            "household",
            "assigned_by",
            "verified_by",
            "remedied_by",
        ),
        actor=actor,
        field="area",
        pk=lead_id,
    )


def attachment_get_for(*, actor: User, attachment_id: int | str) -> LeadAttachment:
    require(actor, LEADS)
    return get_scoped(
        LeadAttachment.objects.select_related("lead"), actor=actor, field="lead__area", pk=attachment_id
    )


def lead_holds_for(*, lead: Lead) -> list[PaymentHold]:
    """The payment holds placed for a lead (open and released), newest first; the lead is already scoped."""
    return list(
        PaymentHold.objects.filter(source=lead.reference).select_related("case").order_by("-opened_on", "-pk")
    )


def townships_for(*, actor: User) -> list[Area]:
    """The townships the actor's leads can lie in (for the filters)."""
    if actor.area is None:
        return []
    if actor.area.level >= AreaLevel.TOWNSHIP:
        code = actor.area_id[:9] + "000"
        return list(Area.objects.filter(pk=code))
    return list(Area.objects.filter(area_q(actor, "code"), level=AreaLevel.TOWNSHIP).order_by("code"))


@dataclass(frozen=True)
class StatRow:
    source: str
    source_label: str
    township: str
    township_name: str
    found: int
    verified: int
    confirmed: int
    remedied: int
    at_risk: Any
    at_risk_confirmed: Any


_VERIFIED = [LeadState.CONFIRMED.value, LeadState.UNFOUNDED.value, LeadState.REMEDIED.value]
_CONFIRMED = [LeadState.CONFIRMED.value, LeadState.REMEDIED.value]


def lead_stats_for(*, actor: User, county: str = "") -> list[StatRow]:
    """Leads found, verified (属实 or 不属实), confirmed (属实) and remedied, and the amounts at risk, by
    source and township, in the actor's area."""
    require(actor, LEADS)
    rows = Lead.objects.filter(area_q(actor, "area"))
    if county:
        low, high = area_code_range(county.ljust(12, "0"))  # a county's code range (6 or 12 digits)
        rows = rows.filter(area_id__gte=low, area_id__lte=high)
    grouped = (
        rows.values("source__code", "township_id", "township__name")
        .annotate(
            found=Count("id"),
            verified=Count("id", filter=Q(state__in=_VERIFIED)),
            confirmed=Count("id", filter=Q(state__in=_CONFIRMED)),
            remedied=Count("id", filter=Q(state=LeadState.REMEDIED.value)),
            at_risk=Sum("amount_at_risk"),
            at_risk_confirmed=Sum("amount_at_risk", filter=Q(state__in=_CONFIRMED)),
        )
        .order_by("source__code", "township_id")
    )
    order = list(SOURCES)
    out = [
        StatRow(
            source=g["source__code"],
            source_label=SOURCES[g["source__code"]].label,
            township=g["township_id"],
            township_name=g["township__name"],
            found=g["found"],
            verified=g["verified"],
            confirmed=g["confirmed"],
            remedied=g["remedied"],
            at_risk=g["at_risk"] or 0,
            at_risk_confirmed=g["at_risk_confirmed"] or 0,
        )
        for g in grouped
    ]
    return sorted(out, key=lambda r: (order.index(r.source), r.township))


# ---------------------------------------------------------------- 待办

# A lead's step, the capability that takes it, and how the 待办 names it (policy/crosscheck LEAD_TRANSITIONS).
_LEAD_STEPS: tuple[tuple[str, LeadState, Capability, str, str], ...] = (
    (
        "leads_assign",
        LeadState.FOUND,
        Capability.CROSSCHECK_IMPORT,
        "线索待下发",
        "核对比对结果后下发乡镇核实",
    ),
    (
        "leads_verify",
        LeadState.ASSIGNED,
        Capability.VERIFY_LEAD,
        "线索待核实",
        "入户或调取资料核实，填写属实或不属实",
    ),
    ("leads_remedy", LeadState.CONFIRMED, Capability.REMEDY_LEAD, "属实线索待处理", "办理停发、调整或追回"),
)


def lead_inbox_for(*, actor: User, on: date | None = None) -> list[InboxGroup]:
    """数据比对's 待办: the leads of the actor's area at the step the actor's role takes (下发 and 处理 for
    the county, 核实 for the township), oldest found first. Leads have no time limit of their own."""
    if not actor.can(LEADS):
        return []
    on = on or today()
    leads = (
        Lead.objects.filter(area_q(actor, "area"))
        .select_related("area", "household")
        .order_by("found_on", "id")
    )
    return [
        inbox_group(
            key=key,
            label=label,
            hint=hint,
            rows=leads.filter(state=state.value),
            on=on,
            kind="lead",
            due_field=None,
        )
        for key, state, capability, label, hint in _LEAD_STEPS
        if actor.can(capability)
    ]
