"""Import households and members from XLSX or CSV: read, check every row, then write all or nothing.

    import_rows_read    import_read.py: file bytes → rows of text keyed by column
    import_plan         import_checks.py: every check on every row; raises ImportRejected listing them all
    registry_import     here: both, then one transaction of set-based inserts and the audit rows
    registry_import_steps  the same, yielding after each stage so the web page can show progress

The checks run before the transaction opens, so a slow 50,000-row file never holds the database's write
lock while it is being read; an ID number registered by someone else in between fails the unique index and
the whole import rolls back.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.models import AuditAction, AuditLog
from apps.core.numbers import number_year, numbers_take
from apps.core.scoping import require
from apps.core.services import snapshot
from apps.registry.models import DuplicateFlag, Household, Income, Membership, Person
from apps.registry.services.households import HOUSEHOLD_FIELDS
from apps.registry.services.import_checks import CHUNK, House, Progress, chunks, import_plan, noop
from apps.registry.services.import_read import ImportIssue, ImportRejected, import_rows_read
from policy.errors import Conflict
from policy.numbers import HOUSEHOLD
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

TWINS_FLAGGED = 10  # suspected duplicates flagged per imported person


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What a successful import wrote."""

    file_name: str
    households: int
    persons: int
    incomes: int
    suspected_duplicates: int
    income_year: int


def _suspected_pairs(persons: list[Person]) -> list[tuple[Person, int | Person]]:
    """Same name and birth date, different ID: against people already held (one query per chunk of names)
    and among the file's own rows. Each person is flagged against at most ``TWINS_FLAGGED`` others (those
    held first, then the file's earlier rows): a person checking a flag needs a few, and flagging every
    pair of a thousand namesakes born on one day would be half a million flags."""
    known: dict[tuple[str, date], list[int]] = defaultdict(list)
    names = sorted({p.name for p in persons})
    for chunk in chunks(names):
        for pk, name, born in Person.objects.filter(name__in=chunk).values_list("pk", "name", "birth_date"):
            known[(name, born)].append(pk)
    pairs: list[tuple[Person, int | Person]] = []
    earlier: dict[tuple[str, date], list[Person]] = defaultdict(list)
    for person in persons:
        key = (person.name, person.birth_date)
        held = known.get(key, [])[:TWINS_FLAGGED]
        pairs += [(person, pk) for pk in held]
        pairs += [(person, other) for other in earlier[key][: TWINS_FLAGGED - len(held)]]
        if len(earlier[key]) < TWINS_FLAGGED:
            earlier[key].append(person)
    return pairs


def _audit(actor: User, *, summary: str, **values: Any) -> AuditLog:
    """An audit row to insert in bulk, shaped as ``audit_record`` shapes it."""
    return AuditLog(actor=actor, actor_name=str(actor), summary=summary[:300], **values)


def _numbers(houses: list[House], *, year: int) -> list[str]:
    """A 户编号 for each house, in file order: one sequence step per county, not per row."""
    counties: dict[str, list[int]] = defaultdict(list)
    for index, house in enumerate(houses):
        counties[house.values["area"].code[:6]].append(index)
    numbers = [""] * len(houses)
    for county, indexes in counties.items():
        taken = numbers_take(kind_code=HOUSEHOLD, county_code=county, year=year, count=len(indexes))
        for index, number in zip(indexes, taken, strict=True):
            numbers[index] = number
    return numbers


def _write(*, actor: User, file_name: str, houses: list[House], progress: Progress) -> ImportResult:
    """Insert everything set-based in one transaction: one INSERT per table per batch, never per row."""
    today = timezone.localdate()
    year = today.year - 1  # 年收入 means the last full calendar year (docs/import-template.md)
    period = {
        "period_start": date(year, 1, 1),
        "period_end": date(year, 12, 31),
        "note": f"批量导入（{year}年度）",
    }
    batch = uuid.uuid4().hex
    total = sum(len(h.members) for h in houses)
    progress("写入", 0, total)
    with transaction.atomic():
        numbers = _numbers(houses, year=number_year(today))
        households = Household.objects.bulk_create(
            [Household(**h.values, number=n) for h, n in zip(houses, numbers, strict=True)],  # type: ignore[arg-type]
            batch_size=1000,
        )
        persons = [Person(**m.values) for h in houses for m in h.members]  # type: ignore[arg-type]
        pairs = _suspected_pairs(persons)  # before the insert, so the file's people do not find themselves
        for start in range(0, total, CHUNK):  # in slices only to move the progress bar
            Person.objects.bulk_create(persons[start : start + CHUNK], batch_size=500)
            progress("写入", min(start + CHUNK, total) * 4 // 5, total)
        people = iter(persons)
        memberships: list[Membership] = []
        incomes: list[Income] = []
        audits: list[AuditLog] = []
        for household, house in zip(households, houses, strict=True):
            listed = []
            for member in house.members:
                person = next(people)
                memberships.append(
                    Membership(household=household, person=person, relation=member.relation, start_date=today)
                )
                incomes += [
                    Income(person=person, household=household, income_type=kind, amount=amount, **period)
                    for kind, amount in member.incomes
                ]
                listed.append(
                    {
                        "name": person.name,
                        "id_number": person.id_number,
                        "relation": member.relation,
                        "incomes": {kind: str(amount) for kind, amount in member.incomes},
                    }
                )
            audits.append(
                _audit(
                    actor,
                    action=AuditAction.CREATE,
                    entity_type="registry.household",
                    entity_id=str(household.pk),
                    area_code=household.area_id,
                    household_id=household.pk,
                    summary=f"批量导入：新建家庭 {household.address}（{len(listed)}人，文件“{file_name}”）",
                    after={
                        **(snapshot(household, HOUSEHOLD_FIELDS) or {}),
                        "members": listed,
                        "batch": batch,
                    },
                )
            )
        Membership.objects.bulk_create(memberships, batch_size=2000)
        Income.objects.bulk_create(incomes, batch_size=2000)
        flags = DuplicateFlag.objects.bulk_create(
            [
                DuplicateFlag(person=p, **({"other": o} if isinstance(o, Person) else {"other_id": o}))
                for p, o in pairs
            ],
            batch_size=2000,
        )
        audits += [
            _audit(
                actor,
                action=AuditAction.FLAG,
                entity_type="registry.duplicateflag",
                entity_id=str(f.pk),
                area_code=f.person.hukou_area_id,
                summary=f"{f.person.name}（{f.person.birth_date}）与人员{f.other_id}疑似重复",
            )
            for f in flags
        ]
        audits.append(
            _audit(
                actor,
                action=AuditAction.IMPORT,
                entity_type="registry.import",
                entity_id=batch,
                area_code=actor.area_id,
                summary=f"批量导入“{file_name}”：{len(households)}户{total}人",
                after={
                    "file": file_name,
                    "households": len(households),
                    "persons": total,
                    "incomes": len(incomes),
                    "suspected_duplicates": len(flags),
                    "income_year": year,
                    "batch": batch,
                },
            )
        )
        AuditLog.objects.bulk_create(audits, batch_size=1000)
        progress("写入", total, total)
    return ImportResult(
        file_name=file_name,
        households=len(households),
        persons=total,
        incomes=len(incomes),
        suspected_duplicates=len(flags),
        income_year=year,
    )


@dataclass(frozen=True, slots=True)
class ImportStep:
    """One finished stage of an import, for a page to show how far it has got."""

    stage: str
    done: int
    percent: int


def registry_import_steps(
    *, actor: User, file_name: str, content: bytes, progress: Progress = noop
) -> Iterator[ImportStep | ImportResult]:
    """The import as a sequence: a step after reading, after checking, and finally the result.

    Everything in the file is written, or nothing (ImportRejected lists why); a caller that stops early
    has written nothing, because the one write transaction is the last stage.
    """
    require(actor, Capability.IMPORT_REGISTRY)
    rows = import_rows_read(file_name=file_name, content=content, progress=progress)
    yield ImportStep(stage="读取", done=len(rows), percent=30)
    houses = import_plan(actor=actor, rows=rows, progress=progress)
    yield ImportStep(stage="校验", done=len(houses), percent=60)
    try:
        yield _write(actor=actor, file_name=file_name, houses=houses, progress=progress)
    except IntegrityError:
        raise Conflict("导入期间有人登记了本文件中的人员，未导入任何数据，请重新导入以查看具体的行") from None


def registry_import(
    *, actor: User, file_name: str, content: bytes, progress: Progress = noop
) -> ImportResult:
    """Import a template file as the actor: everything in it, or nothing (ImportRejected lists why)."""
    for step in registry_import_steps(actor=actor, file_name=file_name, content=content, progress=progress):
        if isinstance(step, ImportResult):
            return step
    raise AssertionError("an import always ends with its result")  # pragma: no cover


__all__ = [
    "ImportIssue",
    "ImportRejected",
    "ImportResult",
    "ImportStep",
    "import_plan",
    "import_rows_read",
    "registry_import",
    "registry_import_steps",
]
