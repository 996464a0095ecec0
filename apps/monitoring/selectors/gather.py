"""The figures the early-warning rules read, gathered set-wise for a whole county's register.

Every function here is a handful of queries (aggregates grouped by household or person) or a Polars scan
of the other departments' matched rows; none loops over households issuing queries. The rules themselves
are pure, in policy/monitoring.py.

These take a county's code, not an actor: their one caller, :func:`apps.monitoring.services.alerts_raise`,
checks the actor's capability and area first, and the scoped reads of this package build on
:func:`register_households` with the actor's own code range.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import polars as pl
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from apps.assistance.choices import Program
from apps.assistance.models import Case
from apps.crosscheck.models import Batch
from apps.crosscheck.selectors import batch_matched_rows
from apps.monitoring.models import MonitoringFlag
from apps.registry.choices import DisabilityCategory
from apps.registry.models import Household, Income, Membership, Person
from policy.areas import area_code_range
from policy.cases import CaseStatus
from policy.money import yuan
from policy.monitoring import DeathEvent, DisabilityEvent, disability_grade_parse

# The programmes whose open cases put a household on the register (国办发〔2023〕39号 分层).
REGISTER_PROGRAMS = (Program.DIBAO, Program.TEKUN, Program.NEAR_DIBAO, Program.RIGID)
OPEN_CASE = (CaseStatus.ACTIVE.value, CaseStatus.SUSPENDED.value)
ZERO = Decimal("0")


def register_households(*, low: str, high: str) -> QuerySet[Household]:
    """Households in the code range with an open 低保/特困/边缘/刚性支出 case or an open 防返贫 flag."""
    cases = Case.objects.filter(
        household=OuterRef("pk"), program__in=[p.value for p in REGISTER_PROGRAMS], status__in=OPEN_CASE
    )
    flags = MonitoringFlag.objects.filter(household=OuterRef("pk"), cleared_on__isnull=True)
    return Household.objects.filter(area_id__gte=low, area_id__lte=high).filter(
        Q(Exists(cases)) | Q(Exists(flags))
    )


def county_register(county: str) -> QuerySet[Household]:
    low, high = area_code_range(county)
    return register_households(low=low, high=high)


@dataclass(frozen=True)
class Window:
    on: date
    lookback_days: int

    @property
    def start(self) -> date:
        return self.on - timedelta(days=self.lookback_days)

    @property
    def year_start(self) -> date:
        return self.on - timedelta(days=365)


def household_areas(register: QuerySet[Household]) -> dict[int, str]:
    return dict(register.values_list("pk", "area_id"))


def member_households(register: QuerySet[Household], window: Window) -> dict[int, int]:
    """person → household, for current members and those who left within the window (a death ends the
    membership, and the death is what we look for)."""
    rows = Membership.objects.filter(household__in=register.values("pk")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=window.start)
    )
    return dict(rows.order_by("end_date").values_list("person_id", "household_id"))


def annual_income(register: QuerySet[Household], *, start: date, end: date) -> dict[int, Decimal]:
    """Each register household's recorded income with its period ending in [start, end]."""
    rows = (
        Income.objects.filter(household__in=register.values("pk"), period_end__gte=start, period_end__lte=end)
        .values("household_id")
        .annotate(total=Sum("amount"))
    )
    return {r["household_id"]: yuan(r["total"] or ZERO) for r in rows}


def person_incomes(register: QuerySet[Household], window: Window) -> dict[int, dict[int, Decimal]]:
    """household → person → income over the last year (who is the main earner)."""
    rows = (
        Income.objects.filter(
            household__in=register.values("pk"), period_end__gte=window.year_start, period_end__lte=window.on
        )
        .values("household_id", "person_id")
        .annotate(total=Sum("amount"))
    )
    out: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for r in rows:
        out[r["household_id"]][r["person_id"]] = yuan(r["total"] or ZERO)
    return out


def matched_rows(*, county: str, kinds: tuple[str, ...], window: Window) -> pl.DataFrame:
    """The county's batches of the given source codes, their matched rows with an event date in the
    window, one row per (person, event date, ref, amount) however many batches repeat it."""
    frames = [
        batch_matched_rows(batch=b).select(
            pl.col("person_id"), pl.col("event_date"), pl.col("amount"), pl.col("ref"), pl.col("detail")
        )
        for b in Batch.objects.filter(county_id=county, source__code__in=kinds).select_related("source")
    ]
    if not frames:
        return pl.DataFrame(
            schema={
                "person_id": pl.Int64,
                "event_date": pl.Date,
                "amount": pl.Decimal(18, 2),
                "ref": pl.String,
                "detail": pl.String,
            }
        )
    rows = pl.concat(frames).filter(
        pl.col("person_id").is_not_null()
        & (pl.col("event_date") > window.start)
        & (pl.col("event_date") <= window.on)
    )
    return rows.unique(subset=["person_id", "event_date", "ref", "amount"]).collect()


def latest_batch_id(*, county: str, code: str) -> int | None:
    return (
        Batch.objects.filter(county_id=county, source__code=code)
        .order_by("-list_date", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def medical_spending(*, county: str, members: dict[int, int], window: Window) -> dict[int, Decimal]:
    """household → medical self-pay (医保 list) with a settlement date in the last year."""
    rows = matched_rows(county=county, kinds=("medical",), window=Window(window.on, 365))
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for person_id, amount in rows.select("person_id", "amount").iter_rows():
        hid = members.get(person_id)
        if hid is not None and amount is not None:
            out[hid] += yuan(Decimal(amount))
    return dict(out)


def disability_events(
    *, county: str, register: QuerySet[Household], members: dict[int, int], window: Window
) -> list[DisabilityEvent]:
    """New 残联 certificates in the window, and registry members whose grade was recorded in the window
    (the person's record changed within it: the registry keeps no grade history of its own)."""
    out: list[DisabilityEvent] = []
    rows = matched_rows(county=county, kinds=("disability",), window=window)
    for person_id, on, detail in rows.select("person_id", "event_date", "detail").iter_rows():
        hid = members.get(person_id)
        if hid is not None:
            grade = disability_grade_parse(detail or "")
            out.append(DisabilityEvent(hid, person_id, grade, on, "残联新办残疾人证", detail or ""))
    current = Membership.objects.filter(household__in=register.values("pk"), end_date__isnull=True)
    people = Person.objects.filter(
        pk__in=current.values("person_id"),
        disability_grade__isnull=False,
        updated_at__date__gt=window.start,
        death_date__isnull=True,
    ).values_list("pk", "disability_grade", "disability_category", "updated_at")
    for pk, grade, category, updated in people:
        hid = members.get(pk)
        if hid is not None:
            label = DisabilityCategory(category).label if category in DisabilityCategory.values else category
            out.append(DisabilityEvent(hid, pk, grade, updated.date(), "登记信息", f"{label or ''}{grade}级"))
    return out


def death_events(
    *, county: str, register: QuerySet[Household], members: dict[int, int], window: Window
) -> list[DeathEvent]:
    """Deaths in the window: from 公安/殡葬 lists matched to members, and death dates in the registry."""
    out: list[DeathEvent] = []
    rows = matched_rows(county=county, kinds=("death", "cremation"), window=window)
    for person_id, on in rows.select("person_id", "event_date").iter_rows():
        hid = members.get(person_id)
        if hid is not None:
            out.append(DeathEvent(hid, person_id, on, "死亡或火化名单"))
    people = Person.objects.filter(
        pk__in=Membership.objects.filter(household__in=register.values("pk")).values("person_id"),
        death_date__gt=window.start,
        death_date__lte=window.on,
    ).values_list("pk", "death_date")
    for pk, died in people:
        if pk in members:
            out.append(DeathEvent(members[pk], pk, died, "登记信息"))
    return out
