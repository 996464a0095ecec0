"""The frozen 低保 means-test basis of a case: recording it at a decision, and reading the bases of a
whole county at once as NumPy columns for 调标.

Recording goes through :func:`policy.programs.bulk.bulk_columns`, the reference for what each column
means, so the stored basis and the single-household means test cannot drift apart.

Reading is set-based: one aggregate query per table returns each column as one comma-joined string
(SQLite ``group_concat``, PostgreSQL ``string_agg``), which NumPy parses in C. On a million cases this is
about three times faster than fetching rows as Python tuples, and holds no per-row Python object.
All aggregates of one group step over the same rows in the same order, so the columns line up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection
from django.utils import timezone
from numpy.typing import NDArray

from apps.assistance.choices import Program
from apps.assistance.models import Case, CaseBasis, CaseBasisMember
from apps.core.db import cents_sql
from apps.standards.mappers import household_facts_from_registry
from apps.standards.selectors import standards_for
from policy.cases import CaseStatus
from policy.facts import HouseholdFacts
from policy.parameters import Standards
from policy.programs.bulk import BulkHouseholds, bulk_columns, dibao_bulk

Ints = NDArray[np.int64]

# Cases a standard change re-assesses: in payment or suspended (a suspended case resumes at its amount).
RESTANDARD_STATUSES = (CaseStatus.ACTIVE.value, CaseStatus.SUSPENDED.value)


def excluded_text(standards: Standards) -> str:
    """``dibao.income_excluded`` as stored on a basis: the codes sorted and comma-joined."""
    return ",".join(sorted(standards.codes("dibao.income_excluded")))


def case_basis_record(*, case: Case, on: date, facts: HouseholdFacts | None = None) -> CaseBasis | None:
    """Store the means-test inputs of a 低保 case as assessed on ``on``, replacing any earlier basis.

    ``facts`` default to the registry's on ``on`` (the day the household was verified). Cases of other
    programmes have no basis (None). Runs inside the caller's transaction — the decision or review that
    fixed the amount, which writes the audit row — so it takes no actor of its own.
    """
    if case.program != Program.DIBAO:
        return None
    standards = standards_for(area_code=case.area_id, urban=case.is_urban, on=on)
    if facts is None:
        facts = household_facts_from_registry(household=case.household, on=on, standards=standards)
    columns = bulk_columns([facts], standards=standards, on=on)
    CaseBasis.objects.filter(case=case).delete()  # its members go with it (CASCADE)
    basis = CaseBasis.objects.create(
        case=case,
        assessed_on=on,
        area_code=facts.area_code,
        urban=facts.urban,
        members=int(columns.members[0]),
        income=int(columns.income[0]),
        deposits=int(columns.deposits[0]),
        homes=int(columns.homes[0]),
        vehicles=int(columns.vehicles[0]),
        business=int(columns.business[0]),
        income_excluded=excluded_text(standards),
        amount=int(dibao_bulk(columns, standards).amount[0]),
        recorded_at=timezone.now(),
    )
    CaseBasisMember.objects.bulk_create(
        CaseBasisMember(
            basis=basis,
            birth_date=member.birth_date,
            severe=bool(columns.member_severe[i]),
            ill=bool(columns.member_ill[i]),
            wage=int(columns.member_wage[i]),
            income=int(columns.member_income[i]),
        )
        for i, member in enumerate(facts.members)
    )
    return basis


# Reading many bases at once.


@dataclass(frozen=True, slots=True, kw_only=True)
class BasisColumns:
    """The cases of a code range that have a basis, sorted by case id, as columns (money in cents).

    ``area``/``urban`` are the case's village (as an integer) and kind; ``excluded`` indexes
    ``excluded_values``, the distinct ``income_excluded`` of the bases. Member columns are aligned with
    each other; ``member_row`` indexes the case columns.
    """

    ids: Ints
    version: Ints
    amount: Ints  # the case's monthly amount now
    basis_amount: Ints  # what the basis gave when last assessed (CaseBasis.amount)
    area: Ints
    urban: NDArray[np.bool_]
    excluded: Ints
    excluded_values: tuple[str, ...]
    members: Ints
    income: Ints
    deposits: Ints
    homes: Ints
    vehicles: Ints
    business: Ints
    member_row: Ints
    member_birth: Ints  # YYYYMMDD
    member_severe: NDArray[np.bool_]
    member_ill: NDArray[np.bool_]
    member_wage: Ints
    member_income: Ints

    def __len__(self) -> int:
        return len(self.ids)

    def households(self, on: date, rows: Ints | None = None) -> BulkHouseholds:
        """The bulk path's input for the cases at ``rows`` (all when None), with ages on ``on``.

        Age in whole years is ``(YYYYMMDD of the day − YYYYMMDD of birth) // 10000``, the same as
        :meth:`policy.facts.MemberFacts.age_on` including birthdays on 29 February.
        """
        day = on.year * 10000 + on.month * 100 + on.day
        if rows is None:
            keep: slice | Ints = slice(None)
            member_keep: slice | NDArray[np.bool_] = slice(None)
            member_row = self.member_row
        else:
            keep = rows
            position = np.full(len(self.ids), -1, dtype=np.int64)
            position[rows] = np.arange(len(rows), dtype=np.int64)
            member_keep = position[self.member_row] >= 0
            member_row = position[self.member_row[member_keep]]
        return BulkHouseholds(
            members=self.members[keep],
            income=self.income[keep],
            deposits=self.deposits[keep],
            homes=self.homes[keep],
            vehicles=self.vehicles[keep],
            business=self.business[keep],
            member_household=member_row,
            member_age=(day - self.member_birth[member_keep]) // 10000,
            member_severe=self.member_severe[member_keep],
            member_ill=self.member_ill[member_keep],
            member_wage=self.member_wage[member_keep],
            member_income=self.member_income[member_keep],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CasesLoaded:
    """What a standard change reads of a code range's 低保 cases (see :func:`cases_load`)."""

    columns: BasisColumns
    no_basis: tuple[Ints, Ints]  # (ids, versions) of cases without a basis: not re-assessable
    phase_out: int  # cases in 渐退, which follow their schedule


def _sql(kind: str, expr: str) -> str:
    """The vendor's spelling of a few expressions the loader needs."""
    postgres = connection.vendor == "postgresql"
    if kind == "agg":
        return f"string_agg(({expr})::text, ',')" if postgres else f"group_concat({expr})"
    if kind == "cents":  # DECIMAL yuan → integer cents (SQLite keeps DECIMAL as REAL: round, then cast)
        return cents_sql(expr)
    if kind == "date":  # a date as text; the parser drops the dashes, so 'YYYY-MM-DD' reads as YYYYMMDD
        return f"to_char({expr}, 'YYYYMMDD')" if postgres else expr
    if kind == "flag":  # a boolean as 0/1 (SQLite already stores it so)
        return f"CASE WHEN {expr} THEN 1 ELSE 0 END" if postgres else expr
    if kind == "phase_out":
        return (
            f"CASE WHEN jsonb_array_length({expr}) > 0 THEN 1 ELSE 0 END"
            if postgres
            else (f"json_array_length({expr}) > 0")
        )
    raise ValueError(kind)


def _parse(text: str | None, *, date_text: bool = False) -> Ints:
    if not text:
        return np.zeros(0, dtype=np.int64)
    # Dates come as 'YYYY-MM-DD' (SQLite): without the dashes they read as YYYYMMDD. Only dates, since
    # other columns may hold negative amounts.
    return np.fromstring(text.replace("-", "") if date_text else text, dtype=np.int64, sep=",")


def _columns(texts: Sequence[str | None], dates: tuple[int, ...] = ()) -> list[Ints]:
    out = [_parse(text, date_text=i in dates) for i, text in enumerate(texts)]
    if len({len(a) for a in out}) > 1:  # a parse that stopped early would misalign every column
        raise RuntimeError("case columns came back with different lengths")
    return out


_CASE_EXPRS = ("c.id", "c.version", "cents:c.monthly_amount")
_BASIS_COLUMNS = ("amount", "members", "income", "deposits", "homes", "vehicles", "business")
_MEMBER_EXPRS = ("m.basis_id", "date:m.birth_date", "flag:m.severe", "flag:m.ill", "m.wage", "m.income")


def _expr(spec: str) -> str:
    kind, _, column = spec.rpartition(":")
    return _sql(kind, column) if kind else column


def _case_groups(low: str, high: str) -> list[tuple[str, int, str | None, int, list[Ints]]]:
    """(village, urban, excluded rule or None without a basis, in 渐退, columns) per group of cases.

    One pass grouped by village alone, which the area index delivers in order, with no sort; a village
    whose cases are not all alike in kind, rule, basis and 渐退 (rare) is read again, grouped fully.
    """
    cases, bases = Case._meta.db_table, CaseBasis._meta.db_table
    urban, phasing = _sql("flag", "c.is_urban"), _sql("phase_out", "c.phase_out")
    exprs = [_expr(e) for e in _CASE_EXPRS] + [f"COALESCE(b.{c}, 0)" for c in _BASIS_COLUMNS]
    columns = ", ".join(_sql("agg", e) for e in exprs)
    source = (
        f"FROM {cases} c LEFT JOIN {bases} b ON b.case_id = c.id WHERE c.program = %s "
        "AND c.status IN (%s, %s) AND c.area_id >= %s AND c.area_id <= %s"
    )
    params: list[object] = [Program.DIBAO.value, *RESTANDARD_STATUSES, low, high]
    out, mixed = [], []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.area_id, min({urban}), max({urban}), min(b.income_excluded), max(b.income_excluded), "
            f"count(b.case_id), count(*), sum({phasing}), {columns} {source} GROUP BY c.area_id",
            params,
        )
        for area, u_low, u_high, e_low, e_high, based, total, phase_out, *texts in cursor.fetchall():
            if u_low == u_high and e_low == e_high and based == total and not phase_out:
                out.append((area, int(u_low), e_low, 0, _columns(texts)))
            else:
                mixed.append(area)
        if mixed:
            cursor.execute(
                f"SELECT c.area_id, {urban}, b.income_excluded, {phasing}, {columns} {source} "
                f"AND c.area_id IN ({', '.join(['%s'] * len(mixed))}) "
                f"GROUP BY c.area_id, {urban}, b.income_excluded, {phasing}",
                [*params, *mixed],
            )
            out += [(a, int(u), e, int(p), _columns(texts)) for a, u, e, p, *texts in cursor.fetchall()]
    return out


def cases_load(*, low: str, high: str) -> CasesLoaded:
    """The 低保 cases in payment or suspended whose village lies in ``[low, high]``, with their bases.

    Two passes over the cases (see :func:`_case_groups`) and one over the members of the id range.
    """
    parts: list[list[Ints]] = []
    tags: list[tuple[int, int, int]] = []  # per part: area, urban, excluded rule's index
    excluded_values: list[str] = []
    bare: list[list[Ints]] = []
    phase_out = 0
    for area, urban, excluded, in_phase_out, arrays in _case_groups(low, high):
        if in_phase_out:
            phase_out += len(arrays[0])
        elif excluded is None:
            bare.append(arrays[:2])
        else:
            if excluded not in excluded_values:
                excluded_values.append(excluded)
            tags.append((int(area), urban, excluded_values.index(excluded)))
            parts.append(arrays)
    width = len(_CASE_EXPRS) + len(_BASIS_COLUMNS)
    joined = [np.concatenate([p[i] for p in parts]) if parts else np.zeros(0, np.int64) for i in range(width)]
    sizes = np.array([len(p[0]) for p in parts], dtype=np.int64)
    tagged = [np.repeat(np.array([t[i] for t in tags], dtype=np.int64), sizes) for i in range(3)]
    order = np.argsort(joined[0], kind="stable")
    ids, version, amount, basis_amount, n, income, deposits, homes, vehicles, business = (
        a[order] for a in joined
    )
    area, urban, excluded_index = (t[order] for t in tagged)

    low_id, high_id = (int(ids[0]), int(ids[-1])) if len(ids) else (0, -1)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_sql('agg', _expr(e)) for e in _MEMBER_EXPRS)} "
            f"FROM {CaseBasisMember._meta.db_table} m WHERE m.basis_id >= %s AND m.basis_id <= %s",
            [low_id, high_id],
        )
        m_case, birth, severe, ill, wage, own = _columns(cursor.fetchone(), dates=(1,))
    # The id range may hold cases of other areas, or in 渐退: keep the members of the cases read.
    position = np.minimum(np.searchsorted(ids, m_case), max(len(ids) - 1, 0))
    mine = ids[position] == m_case if len(ids) else np.zeros(len(m_case), dtype=bool)
    columns = BasisColumns(
        ids=ids,
        version=version,
        amount=amount,
        basis_amount=basis_amount,
        area=area,
        urban=urban.astype(bool),
        excluded=excluded_index,
        excluded_values=tuple(excluded_values),
        members=n,
        income=income,
        deposits=deposits,
        homes=homes,
        vehicles=vehicles,
        business=business,
        member_row=position[mine],
        member_birth=birth[mine],
        member_severe=severe[mine].astype(bool),
        member_ill=ill[mine].astype(bool),
        member_wage=wage[mine],
        member_income=own[mine],
    )
    empty = np.zeros(0, np.int64)
    bare_ids = np.concatenate([p[0] for p in bare]) if bare else empty
    bare_versions = np.concatenate([p[1] for p in bare]) if bare else empty
    bare_order = np.argsort(bare_ids, kind="stable")
    return CasesLoaded(
        columns=columns, no_basis=(bare_ids[bare_order], bare_versions[bare_order]), phase_out=phase_out
    )


__all__ = [
    "RESTANDARD_STATUSES",
    "BasisColumns",
    "CasesLoaded",
    "case_basis_record",
    "cases_load",
    "excluded_text",
]
