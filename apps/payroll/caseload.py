"""A county's 在保对象 (caseload), generated set-based, as if enrolled and paid in an earlier system.

For the demo and the payroll benchmark: :func:`caseload_generate` gives households of the county that
have no case (and no application) cases with their whole recorded history, so that the payroll engine
takes them exactly like cases made through the services:

- an ``assistance_case`` row (在保, version 1, start month some months back, its amount, village and
  城乡), its covered members (the household's current members; the one person for 残疾人两项补贴 and
  高龄津贴), one 纳入 event from the start month, and a ``CasePayState`` paid through ``paid_through``;
- 低保 amounts are what the rules give (:mod:`apps.payroll.caseload_assess` runs the bulk 低保 path over
  the registry); a household picked by ``share`` that the rules do not cover gets the 最低补助
  (``dibao.minimum_rate`` × standard × members); 特困 gets ``tekun.basic_dispersed`` +
  ``tekun.care_dispersed_full``, 残疾人两项补贴 the 护理补贴 of the grade (plus the 生活补贴 in a 低保
  household), 高龄津贴 the age bracket; a programme whose standards are not configured is left out;
- ``variety`` (a share of the 低保 cases) adds the months a payroll really meets: cases new this month,
  approved late (never paid: 补发), 调整 this month (a 调整 event and version 2), 暂停 and 停发 this month,
  plus 追回 and 暂缓发放 holds on otherwise plain cases (one per 1,000 and 2,000, at least two and one).

No 核算依据 (``CaseBasis``) is recorded, so a 调标 lists these cases for review as having none.
Everything goes in by a few statements over a temporary table (``executemany`` on SQLite, ``COPY`` on
PostgreSQL) inside one transaction, with one audit row; never a per-row ORM loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from apps.assistance.models import Case
from apps.core.models import AuditAction
from apps.core.services import audit_record
from apps.payroll.caseload_assess import Candidate, candidates_assess, candidates_read
from apps.payroll.models import PaymentHold, Recovery
from apps.standards.selectors import standards_for_many
from policy.ages import age_on
from policy.cases import CASE_REASONS, review_due_on
from policy.errors import ValidationFailed
from policy.money import round_amount
from policy.parameters import Standards
from policy.payroll import month_add

if TYPE_CHECKING:
    from apps.accounts.models import User

Stage = Callable[[str, int, int], None]  # (stage label, done, total), as payroll_prepare reports
TEMP = "caseload_rows"
TEKUN_SHARE = 0.15  # of the lone elderly among the chosen households: 特困 rather than 低保
VARIETY = ("new", "late", "adjust", "suspend", "stop")
CHANGES = {  # variety kind → (change, status after, reason code, 情况说明)
    "adjust": ("adjust", "active", "income_change", "家庭收入变化，按核对结果调整月保障金额"),
    "suspend": ("suspend", "suspended", "whereabouts", "长期外出，待核实家庭情况"),
    "stop": ("stop", "stopped", "income_over", "家庭成员务工收入增加，人均收入超过保障标准"),
}


@dataclass(slots=True)
class _Case:
    """One case to write (amounts in cents)."""

    household_id: int
    program: str
    area: str
    urban: bool
    amount: int
    person_id: int | None = None  # the one covered person; None covers the household's members
    start: date | None = None
    decided: date | None = None
    kind: str = ""  # "" (plain) or one of VARIETY
    changed_amount: int = 0  # the amount after a 调整


def _noop(stage: str, done: int, total: int) -> None:
    return None


def _optional(standards: Standards, key: str) -> Any:
    """A parameter, or None where this county has not configured it (that programme is then left out)."""
    try:
        return standards.value(key)
    except ValidationFailed:
        return None


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


def _floor(standards: Standards, members: int) -> int:
    """最低补助 for a household the rules do not cover but ``share`` picked anyway."""
    exact = standards.money("dibao.standard") * standards.rate("dibao.minimum_rate") * members
    return _cents(round_amount(exact, standards.text("dibao.rounding")))


def _programmes(candidate: Candidate, rules: Standards, on: date, rng: np.random.Generator) -> list[_Case]:
    """The household's cases: 低保 or 特困, then 残疾人两项补贴 and 高龄津贴 where they apply."""
    base = {"household_id": candidate.id, "area": candidate.area, "urban": candidate.urban}
    ages = [age_on(m.birth_date, on) for m in candidate.members]
    tekun, elderly = _optional(rules, "tekun.basic_dispersed"), _optional(rules, "tekun.elderly_age")
    lone_elder = tekun is not None and elderly is not None and len(ages) == 1 and ages[0] >= elderly
    if lone_elder and rng.random() < TEKUN_SHARE:
        care = _optional(rules, "tekun.care_dispersed_full") or Decimal("0")
        first = _Case(program="tekun", amount=_cents(tekun + care), **base)
    else:
        amount = candidate.amount if candidate.eligible else _floor(rules, len(ages))
        first = _Case(program="dibao", amount=amount, **base)
    cases = [first]
    severe = [m for m in candidate.members if m.disability_grade in (1, 2)]
    nursing = _optional(rules, f"disability.nursing_grade{severe[0].disability_grade}") if severe else None
    if nursing is not None:
        living = _optional(rules, "disability.living") if first.program == "dibao" else None
        amount = _cents(nursing + (living or Decimal("0")))
        cases.append(_Case(program="disability", amount=amount, person_id=severe[0].person_id, **base))
    brackets = _optional(rules, "longevity.brackets")
    if brackets:
        oldest = max(range(len(ages)), key=ages.__getitem__)
        due = [amount for age, amount in brackets if ages[oldest] >= age]
        if due:
            person = candidate.members[oldest].person_id
            cases.append(_Case(program="longevity", amount=_cents(due[-1]), person_id=person, **base))
    return cases


def _choose(candidates: list[Candidate], share: float | None, rng: np.random.Generator) -> list[Candidate]:
    """share None: every household the 低保 rules cover, the lowest income per member first; else that
    share of all households, picked at random, in id order."""
    if share is None:
        eligible = [c for c in candidates if c.eligible]
        return sorted(eligible, key=lambda c: (c.income / len(c.members), c.id))
    pool = [c for c in candidates if c.members]
    picked = rng.choice(len(pool), size=min(len(pool), round(share * len(pool))), replace=False)
    return [pool[i] for i in np.sort(picked)]


def _dates(cases: list[_Case], month: date, rng: np.random.Generator) -> None:
    """Start months 3–48 months back, each decided on a day in the month before its start."""
    back = rng.integers(3, 49, len(cases)).tolist()
    days = rng.integers(8, 26, len(cases)).tolist()
    for case, months, day in zip(cases, back, days, strict=True):
        case.start = month_add(month, -months)
        case.decided = month_add(case.start, -1).replace(day=day)


def _variety(cases: list[_Case], share: float, month: date, rng: np.random.Generator) -> list[_Case]:
    """Give ``share`` of the 低保 cases a month that is not plain; returns plain 低保 cases left over."""
    dibao = [c for c in cases if c.program == "dibao"]
    picked = rng.permutation(len(dibao))
    count = min(len(dibao), round(share * len(cases)))
    for n, index in enumerate(picked[:count].tolist()):
        case = dibao[index]
        case.kind = VARIETY[n % len(VARIETY)]
        if case.kind == "new":
            case.start = month
        elif case.kind == "late":  # approved months ago, missed by the payrolls since: 补发
            case.start = month_add(month, -1 - n % 3)
        if case.kind in ("new", "late"):
            case.decided = month_add(case.start, -1).replace(day=20)
        if case.kind == "adjust":
            step = int(rng.choice([-60, -30, 30, 60, 90])) * 100
            case.changed_amount = max(case.amount + step, case.amount // 2, 100)
            if case.changed_amount == case.amount:
                case.changed_amount += 3000
    return [dibao[i] for i in picked[count:].tolist()]


def caseload_generate(
    *,
    county: str,
    paid_through: date,
    actor: User,
    share: float | None = None,
    limit: int | None = None,
    variety: float = 0.0,
    seed: int = 2026,
    progress: Stage | None = None,
) -> int:
    """Generate the caseload of ``county``'s households with no case (see the module docstring), paid
    through ``paid_through``'s month; returns how many cases were made.

    ``share`` None: the households the 低保 rules cover (lowest income per member first); otherwise that
    share of the households, at random. ``limit`` caps the number of cases (a household's cases stay
    together). ``variety`` is the share of the cases whose payroll month is not plain (0 for none).
    """
    say = progress or _noop
    month = month_add(paid_through.replace(day=1), 1)  # the payroll month this caseload is ready for
    rng = np.random.default_rng(seed)
    candidates = candidates_read(county=county)
    assessed = [0]

    def step(n: int) -> None:
        assessed[0] += n
        say("核对家庭经济状况", assessed[0], len(candidates))

    say("核对家庭经济状况", 0, len(candidates))
    candidates_assess(candidates, on=month, progress=step)
    standards = standards_for_many(area_codes={c.area for c in candidates}, on=month)
    cases: list[_Case] = []
    for candidate in _choose(candidates, share, rng):
        mine = _programmes(candidate, standards[(candidate.area, candidate.urban)], month, rng)
        if limit is not None and len(cases) + len(mine) > limit:
            break
        cases.extend(mine)
    if not cases:
        return 0
    _dates(cases, month, rng)
    plain = _variety(cases, variety, month, rng) if variety > 0 else []
    say("写入在保对象", 0, len(cases))
    _write(cases, actor=actor, county=county, month=month, plain_dibao=plain)
    say("写入在保对象", len(cases), len(cases))
    return len(cases)


# ---------------------------------------------------------------- writing


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _at(day: date, hour: int) -> str:
    moment = timezone.make_aware(datetime.combine(day, time(hour)))
    if connection.vendor == "postgresql":
        return moment.isoformat()
    return str(connection.ops.adapt_datetimefield_value(moment))


COLUMNS = (
    "household_id bigint, program text, area_id text, is_urban boolean, person_id bigint, status text, "
    "version integer, amount numeric, enrol_amount numeric, start_month date, decided_on date, "
    "enrol_at timestamptz, last_review_on date, next_review_on date, change text, change_on date, "
    "change_at timestamptz, reason_code text, reason_label text, reason text, paid_through date, "
    "PRIMARY KEY (household_id, program)"
)


def _rows(cases: list[_Case], *, month: date, review: Standards) -> Any:
    """One tuple per case for the temporary table, in its column order, all as text."""
    stable, irregular = review.integer("review.months_stable"), review.integer("review.months_irregular")
    change_on = month_add(month, -1).replace(day=18)
    change_at = _at(change_on, 10)
    paid = month_add(month, -1).isoformat()
    for c in cases:
        assert c.start is not None and c.decided is not None
        # The last 定期核查 within the past year, so reviews fall due through the coming year.
        last = c.decided
        if last < month_add(month, -11):
            last = month_add(month, -1 - c.household_id % 11).replace(day=c.decided.day)
        due = review_due_on(last=last, irregular=False, months_stable=stable, months_irregular=irregular)
        change, status, code, reason = CHANGES.get(c.kind, ("", "active", "", ""))
        after = c.changed_amount if change == "adjust" else c.amount
        yield (
            c.household_id,
            c.program,
            c.area,
            c.urban,
            c.person_id,
            status,
            2 if change else 1,
            _money(after),
            _money(c.amount),
            c.start.isoformat(),
            c.decided.isoformat(),
            _at(c.decided, 9),
            last.isoformat(),
            due.isoformat(),
            change,
            change_on.isoformat() if change else None,
            change_at if change else None,
            code,
            CASE_REASONS[change][code] if change else "",
            reason,
            None if c.kind in ("new", "late") else paid,
        )


def _load(cursor: Any, rows: Any) -> None:
    if connection.vendor == "postgresql":
        cursor.execute(f"CREATE TEMP TABLE {TEMP} ({COLUMNS}) ON COMMIT DROP")
        with cursor.cursor.copy(f"COPY {TEMP} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"ANALYZE {TEMP}")
        return
    cursor.execute(f"DROP TABLE IF EXISTS temp.{TEMP}")
    cursor.execute(f"CREATE TEMP TABLE {TEMP} ({COLUMNS})")
    # Straight to the sqlite3 connection: Django's executemany peeks at every row through itertools.tee.
    connection.connection.executemany(f"INSERT INTO {TEMP} VALUES ({', '.join('?' * 21)})", rows)


def _new_cases(sql: str, join: str = "") -> str:
    """Join each case written here to its row: (household, programme) is unique among open cases."""
    return (
        f"{sql} FROM assistance_case c JOIN {TEMP} t "
        f"ON t.household_id = c.household_id AND t.program = c.program {join}WHERE c.id > %s"
    )


def _write(
    cases: list[_Case],
    *,
    actor: User,
    county: str,
    month: date,
    plain_dibao: list[_Case],
) -> None:
    pg = connection.vendor == "postgresql"
    review = standards_for_many(area_codes=[county], on=month)[(county, False)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM assistance_case")
        top = cursor.fetchone()[0]
        _load(cursor, _rows(cases, month=month, review=review))
        cursor.execute(
            "INSERT INTO assistance_case (program, household_id, area_id, is_urban, status, version, "
            "monthly_amount, start_month, phase_out, review_irregular, last_review_on, next_review_on, "
            "created_at, updated_at) SELECT program, household_id, area_id, is_urban, status, version, "
            f"amount, start_month, {'CAST(%s AS jsonb)' if pg else '%s'}, FALSE, last_review_on, "
            f"next_review_on, %s, %s FROM {TEMP} ORDER BY household_id, program",
            ["[]", now, now],
        )
        cursor.execute(
            "INSERT INTO assistance_case_covered (case_id, person_id) "
            + _new_cases(
                "SELECT c.id, m.person_id",
                join="JOIN registry_membership m ON m.household_id = c.household_id AND m.end_date IS NULL "
                "JOIN registry_person p ON p.id = m.person_id ",
            )
            + " AND (t.person_id IS NULL OR m.person_id = t.person_id) "
            "AND (p.death_date IS NULL OR p.death_date > %s) ORDER BY c.id, m.person_id",
            [top, connection.ops.adapt_datefield_value(month)],
        )
        covered = cursor.rowcount
        events = (
            "INSERT INTO assistance_caseevent (case_id, change, from_status, to_status, reason_code, "
            f"reason_label, reason, amount_before, amount_after, effective_month, actor_id, actor_name, "
            f"{q('on')}, at, data) "
        )
        data = "CAST('{}' AS jsonb)" if pg else "'{}'"
        cursor.execute(
            events
            + _new_cases(
                "SELECT c.id, 'enrol', '', 'active', '', %s, %s, NULL, t.enrol_amount, t.start_month, "
                f"%s, %s, t.decided_on, t.enrol_at, {data}"
            )
            + " ORDER BY c.id",
            ["审核确认同意", "原系统在保对象迁入：按原系统审批记录纳入", actor.pk, str(actor), top],
        )
        cursor.execute(
            events
            + _new_cases(
                "SELECT c.id, t.change, 'active', t.status, t.reason_code, t.reason_label, t.reason, "
                f"t.enrol_amount, t.amount, %s, %s, %s, t.change_on, t.change_at, {data}"
            )
            + " AND t.change <> '' ORDER BY c.id",
            [connection.ops.adapt_datefield_value(month), actor.pk, str(actor), top],
        )
        cursor.execute(
            "INSERT INTO payroll_casepaystate (case_id, paid_through, case_version, monthly_amount) "
            + _new_cases("SELECT c.id, t.paid_through, 1, t.enrol_amount")
            + " AND t.paid_through IS NOT NULL ORDER BY c.id",
            [top],
        )
        cursor.execute(f"DROP TABLE {TEMP}" if pg else f"DROP TABLE temp.{TEMP}")
        _recoveries_and_holds(plain_dibao, actor=actor, month=month, top=top)
        kinds = {k: sum(1 for c in cases if c.kind == k) for k in VARIETY}
        programs = {p: sum(1 for c in cases if c.program == p) for p in sorted({c.program for c in cases})}
        audit_record(
            actor=actor,
            action=AuditAction.LOAD,
            entity_type="assistance.case",
            area_code=county,
            summary=(
                f"生成在保对象：{len(cases)}件，保障{covered}人，已发放至{month_add(month, -1):%Y年%m月}"
                f"（{'、'.join(f'{p} {n}件' for p, n in programs.items())}）"
            ),
            after={"cases": len(cases), "covered": covered, "programs": programs, "variety": kinds},
        )


def _recoveries_and_holds(plain: list[_Case], *, actor: User, month: date, top: int) -> None:
    """A few 追回 and one 暂缓发放 hold on otherwise plain 低保 cases (only with ``variety``)."""
    if not plain:
        return
    recoveries = max(2, len(plain) // 1000)
    holds = max(1, len(plain) // 2000)
    chosen = plain[: recoveries + holds]
    ids = dict(
        Case.objects.filter(
            pk__gt=top, program="dibao", household_id__in=[c.household_id for c in chosen]
        ).values_list("household_id", "pk")
    )
    previous = month_add(month, -1)
    Recovery.objects.bulk_create(
        Recovery(
            case_id=ids[c.household_id],
            amount=Decimal(c.amount * 2) / 100,
            reason="隐瞒家庭成员务工收入，多领两个月低保金",
            event_on=month_add(month, -4).replace(day=10),
            created_by=actor,
        )
        for c in chosen[:recoveries]
    )
    PaymentHold.objects.bulk_create(
        PaymentHold(
            case_id=ids[c.household_id],
            reason="疑似死亡未注销（与殡葬火化信息比对）",
            source="数据比对",
            opened_on=previous.replace(day=25),
            created_by=actor,
        )
        for c in chosen[recoveries:]
    )


__all__ = ["caseload_generate"]
