"""Planning a run's leads: the matched pairs of each household through the source's rule, less what an
earlier lead already holds, with the cases each lead concerns and both records as they will be shown.

A matched pair is the same across batches when it is the same person and the same thing said of them
(:func:`pair_key`). Rules about people drop the pairs already known before they are judged; rules that
count things (vehicles, companies, homes) judge every pair and are raised only if one of them is new.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

import polars as pl

from apps.crosscheck.models import Batch, LeadItem
from apps.crosscheck.services.frames import Registry
from apps.standards.selectors import standards_for_many
from policy.crosscheck import HouseholdLimits, LeadDraft, MatchItem, SourceKind, household_leads
from policy.household import RELATION_LABELS

# Rules that count things (vehicles, companies, homes): judged on every pair, raised if any pair is new.
COUNTED = frozenset({SourceKind.VEHICLE, SourceKind.BUSINESS, SourceKind.REAL_ESTATE})
PERSON_RULES = frozenset({"death_covered", "detention_covered"})
CHUNK = 5_000


def sha(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()


def pair_key(*, county: str, kind: SourceKind, person_id: int, row: dict[str, Any]) -> str:
    """What makes a matched pair the same across batches: the person and what the list says of them. A
    person dies once, so a death is the person alone (the police's and the crematorium's lists agree)."""
    if kind is SourceKind.DEATH:
        return sha(county, kind.value, person_id)
    what = row.get("ref") or row.get("id_number_rec") or row.get("name_rec") or ""
    return sha(county, kind.value, person_id, what, row.get("event_date") or "")


def _limits(registry: Registry, on: date) -> dict[tuple[str, bool], HouseholdLimits]:
    keys = registry.persons.select("area_code", "is_urban").unique()
    found = standards_for_many(area_codes=set(keys["area_code"].to_list()), on=on)
    return {
        key: HouseholdLimits(
            max_vehicles=s.integer("dibao.asset_max_vehicles"),
            max_homes=s.integer("dibao.asset_max_homes"),
            max_business=s.integer("dibao.asset_max_business"),
        )
        for key, s in found.items()
    }


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def snapshots(row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    relation = RELATION_LABELS.get(row["relation"], "")  # type: ignore[call-overload]
    person = {
        "name": row["name"],
        "id_number": row["id_number"],
        "birth_date": _text(row["birth_date"]),
        "area_code": row["area_code"],
        "relation": relation,
        "covered": bool(row["covered"]),
    }
    record = {
        "row": row["record_id"],
        "name": row["name_rec"],
        "id_number": row["id_number_rec"],
        "id_checked": row["id_checked"],
        "birth_date": _text(row["birth_date_rec"]),
        "area_code": row["area_code_rec"],
        "event_date": _text(row["event_date"]),
        "amount": _text(row["amount"]),
        "ref": row["ref"],
        "detail": row["detail"],
    }
    return person, {k: v for k, v in record.items() if v not in (None, "")}


@dataclass
class Planned:
    draft: LeadDraft
    household_id: int
    area_code: str
    case_ids: list[int]
    rows: list[dict[str, Any]]
    keys: list[str]


def plan(
    *, batch: Batch, matched: pl.DataFrame, registry: Registry, on: date
) -> tuple[list[Planned], int, dict[int, frozenset[int]]]:
    """The leads to record, the number of drafts already known, and each case's covered persons."""
    source = batch.source
    kind = SourceKind(source.kind)
    limits = _limits(registry, on)
    open_cases: dict[int, list[int]] = defaultdict(list)
    for case_id, household_id in registry.cases.select("case_id", "household_id").iter_rows():
        open_cases[household_id].append(case_id)
    covered: dict[int, set[int]] = defaultdict(set)
    for case_id, person_id in registry.covered.iter_rows():
        covered[case_id].add(person_id)
    rows = matched.sort("household_id", "record_id").to_dicts()
    for row in rows:
        row["_key"] = pair_key(county=batch.county_id, kind=kind, person_id=row["person_id"], row=row)
    known: set[str] = set()
    keys = [r["_key"] for r in rows]
    for start in range(0, len(keys), CHUNK):
        known.update(
            LeadItem.objects.filter(key__in=keys[start : start + CHUNK]).values_list("key", flat=True)
        )
    planned: list[Planned] = []
    skipped = 0
    for household_id, group in groupby(rows, key=lambda r: r["household_id"]):
        pairs = list(group)
        if kind not in COUNTED:
            fresh = [r for r in pairs if r["_key"] not in known]
            skipped += len(pairs) > len(fresh)
            pairs = fresh
        if not pairs:
            continue
        items = [
            MatchItem(
                person_id=r["person_id"],
                name=r["name"],
                covered=bool(r["covered"]),
                record_id=r["record_id"],
                event_on=r["event_date"],
                amount=r["amount"],
                ref=r["ref"] or "",
                detail=r["detail"] or "",
            )
            for r in pairs
        ]
        first = pairs[0]
        local = limits.get((first["area_code"], bool(first["is_urban"])), HouseholdLimits())
        by_record = {r["record_id"]: r for r in pairs}
        for draft in household_leads(kind=kind, items=items, params=source.params, limits=local):
            drafted = [by_record[i.record_id] for i in draft.items]
            item_keys = [r["_key"] for r in drafted]
            if kind in COUNTED and set(item_keys) <= known:
                skipped += 1
                continue
            cases = open_cases.get(household_id, [])
            if draft.rule.code in PERSON_RULES:
                people = {i.person_id for i in draft.items}
                cases = [c for c in cases if covered.get(c, set()) & people]
            planned.append(
                Planned(draft, household_id, first["area_code"], sorted(cases), drafted, item_keys)
            )
            known.update(item_keys)
    return planned, skipped, {c: frozenset(p) for c, p in covered.items()}
