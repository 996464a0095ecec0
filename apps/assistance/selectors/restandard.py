"""Reading for the 调标 pages: which county an actor may re-standard, the dates a 低保 standard changes on,
the runs, and the cases a run shows. Everything is scoped to the actor's area; anything else is NotFound."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.areas.models import Area
from apps.assistance.models import Case, StandardChangeReview, StandardChangeRun
from apps.core.scoping import area_q, code_in_scope, get_scoped, require
from apps.standards.models import StandardVersion
from apps.standards.selectors import area_chain, standards_for_many
from policy.areas import AreaLevel, area_code_range
from policy.errors import NotFound, ValidationFailed
from policy.money import yuan_from_cents
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

REVIEWS_SHOWN = 200
KIND_LABELS = {
    "up": "增发",
    "down": "减发",
    "ineligible": "不再符合",
    "rules": "口径变化",
    "departed": "金额另定",
    "no_basis": "无核算依据",
}


def restandard_county_get(*, actor: User, code: str) -> Area:
    """One county the actor may re-standard; NotFound for a missing one and one outside their area."""
    require(actor, Capability.RESTANDARD)
    if not code_in_scope(actor, code):
        raise NotFound()
    county = Area.objects.filter(pk=code, level=AreaLevel.COUNTY).first()
    if county is None:
        raise NotFound()
    return county


@dataclass(frozen=True, slots=True)
class StandardDate:
    """A day a 低保 parameter changes in the county (or a township, or above), with the county's values."""

    on: date
    urban: Decimal | None
    rural: Decimal | None

    @property
    def label(self) -> str:
        def shown(value: Decimal | None) -> str:
            return "未设置" if value is None else f"{value} 元"

        return f"{self.on:%Y-%m-%d} 起：城市 {shown(self.urban)}，农村 {shown(self.rural)}"


def standard_dates_for(*, county: Area) -> list[StandardDate]:
    """Every first day of a live 低保 parameter version that applies in the county, newest first."""
    low, high = area_code_range(county.code)
    above = area_chain(county.code)[1:]
    days = (
        StandardVersion.objects.filter(replaced_at__isnull=True, key__startswith="dibao.")
        .filter(Q(area_id__gte=low, area_id__lte=high) | Q(area_id__in=above))
        .values_list("effective_from", flat=True)
        .distinct()
        .order_by("-effective_from")
    )
    out = []
    for day in days:
        resolved = standards_for_many(area_codes=[county.code], on=day)
        values = []
        for urban in (True, False):
            try:
                values.append(resolved[(county.code, urban)].money("dibao.standard"))
            except ValidationFailed:
                values.append(None)
        out.append(StandardDate(on=day, urban=values[0], rural=values[1]))
    return out


def _runs(actor: User) -> QuerySet[StandardChangeRun]:
    require(actor, Capability.RESTANDARD)
    return StandardChangeRun.objects.filter(area_q(actor, "county")).select_related(
        "county", "created_by", "applied_by"
    )


def run_list_for(*, actor: User, county: Area, limit: int = 20) -> list[StandardChangeRun]:
    return list(_runs(actor).filter(county=county).order_by("-created_at", "-id")[:limit])


def run_get_for(*, actor: User, run_id: int | str) -> StandardChangeRun:
    return get_scoped(_runs(actor), actor=actor, field="county", pk=run_id)


@dataclass(frozen=True, slots=True)
class CaseLine:
    """A case as a run's page lists it."""

    case: Case | None
    case_id: int
    kind: str
    old: Decimal | None
    new: Decimal | None
    reviewed: bool = False

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def difference(self) -> Decimal | None:
        return None if self.old is None or self.new is None else self.new - self.old


def _cents(value: Any) -> Decimal | None:
    return None if value is None else yuan_from_cents(value)


def _cases(actor: User, ids: list[int]) -> dict[int, Case]:
    found = Case.objects.filter(area_q(actor, "area"), pk__in=ids).select_related(
        "area", "application__applicant"
    )
    return {c.pk: c for c in found}


def run_sample_for(*, actor: User, run: StandardChangeRun) -> list[CaseLine]:
    """The run's sample of changed and flagged cases, with the cases themselves for their names."""
    cases = _cases(actor, [row[0] for row in run.sample])
    return [
        CaseLine(case=cases.get(case_id), case_id=case_id, kind=kind, old=_cents(old), new=_cents(new))
        for case_id, old, new, kind in run.sample
    ]


@dataclass(frozen=True, slots=True)
class Reviews:
    lines: list[CaseLine]
    total: int
    reviewed: int


def run_reviews_for(*, actor: User, run: StandardChangeRun) -> Reviews:
    """The cases an applied run left for review (the first ones), and how many were reviewed since."""
    rows = StandardChangeReview.objects.filter(run=run)
    since = timezone.localdate(run.applied_at) if run.applied_at else run.on
    shown = list(rows.values_list("case_id", "reason")[:REVIEWS_SHOWN])
    cases = _cases(actor, [case_id for case_id, _ in shown])
    lines = []
    for case_id, reason in shown:
        case = cases.get(case_id)
        last = case.last_review_on if case else None
        lines.append(
            CaseLine(
                case=case,
                case_id=case_id,
                kind=reason,
                old=case.monthly_amount if case else None,
                new=None,
                reviewed=bool(last and last >= since),
            )
        )
    return Reviews(
        lines=lines, total=rows.count(), reviewed=rows.filter(case__last_review_on__gte=since).count()
    )


__all__ = [
    "CaseLine",
    "Reviews",
    "StandardDate",
    "restandard_county_get",
    "run_get_for",
    "run_list_for",
    "run_reviews_for",
    "run_sample_for",
    "standard_dates_for",
]
