"""A county's 在保对象 (caseload), generated set-based, as if enrolled and paid in an earlier system.

For the demo and the payroll benchmark: :func:`caseload_generate` gives households of the county that
have no case (and no application) cases with their whole recorded history, so that the payroll engine
takes them exactly like cases made through the services:

- an ``assistance_case`` row (在保, version 1, start month some months back, its amount, village and
  城乡), its covered members (the household's current members; the one person for 残疾人两项补贴 and
  高龄津贴), one 纳入 event from the start month, and a ``CasePayState`` paid through ``paid_through``;
- 低保 amounts are what the rules give (:mod:`apps.demo.caseload.assess` runs the bulk 低保 path over
  the registry); a household picked by ``share`` that the rules do not cover gets the 最低补助
  (``dibao.minimum_rate`` × standard × members); 特困 gets ``tekun.basic_dispersed`` +
  ``tekun.care_dispersed_full``, 残疾人两项补贴 the 护理补贴 of the grade (plus the 生活补贴 in a 低保
  household), 高龄津贴 the age bracket; a programme whose standards are not configured is left out;
- ``variety`` (a share of the 低保 cases) adds the months a payroll really meets: cases new this month,
  approved late (never paid: 补发), 调整 this month (a 调整 event and version 2), 暂停 and 停发 this month,
  plus 追回 and 暂缓发放 holds on otherwise plain cases (one per 1,000 and 2,000, at least two and one).

No 核算依据 (``CaseBasis``) is recorded, so a 调标 lists these cases for review as having none.
Everything goes in by a few statements over a temporary table (``executemany`` on SQLite, ``COPY`` on
PostgreSQL) inside one transaction, with one audit row; never a per-row ORM loop
(:mod:`apps.demo.caseload.write`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from apps.demo.caseload.assess import Candidate, candidates_assess, candidates_read
from apps.demo.caseload.write import VARIETY, NewCase, cases_write
from apps.standards.selectors import standards_for_many
from policy.ages import age_on
from policy.errors import ValidationFailed
from policy.money import round_amount
from policy.parameters import Standards
from policy.payroll import month_add

if TYPE_CHECKING:
    from apps.accounts.models import User

Stage = Callable[[str, int, int], None]  # (stage label, done, total), as payroll_prepare reports
TEKUN_SHARE = 0.15  # of the lone elderly among the chosen households: 特困 rather than 低保


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


def _programmes(candidate: Candidate, rules: Standards, on: date, rng: np.random.Generator) -> list[NewCase]:
    """The household's cases: 低保 or 特困, then 残疾人两项补贴 and 高龄津贴 where they apply."""
    base = {"household_id": candidate.id, "area": candidate.area, "urban": candidate.urban}
    ages = [age_on(m.birth_date, on) for m in candidate.members]
    tekun, elderly = _optional(rules, "tekun.basic_dispersed"), _optional(rules, "tekun.elderly_age")
    lone_elder = tekun is not None and elderly is not None and len(ages) == 1 and ages[0] >= elderly
    if lone_elder and rng.random() < TEKUN_SHARE:
        care = _optional(rules, "tekun.care_dispersed_full") or Decimal("0")
        first = NewCase(program="tekun", amount=_cents(tekun + care), **base)
    else:
        amount = candidate.amount if candidate.eligible else _floor(rules, len(ages))
        first = NewCase(program="dibao", amount=amount, **base)
    cases = [first]
    severe = [m for m in candidate.members if m.disability_grade in (1, 2)]
    nursing = _optional(rules, f"disability.nursing_grade{severe[0].disability_grade}") if severe else None
    if nursing is not None:
        living = _optional(rules, "disability.living") if first.program == "dibao" else None
        amount = _cents(nursing + (living or Decimal("0")))
        cases.append(NewCase(program="disability", amount=amount, person_id=severe[0].person_id, **base))
    brackets = _optional(rules, "longevity.brackets")
    if brackets:
        oldest = max(range(len(ages)), key=ages.__getitem__)
        due = [amount for age, amount in brackets if ages[oldest] >= age]
        if due:
            person = candidate.members[oldest].person_id
            cases.append(NewCase(program="longevity", amount=_cents(due[-1]), person_id=person, **base))
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


def _dates(cases: list[NewCase], month: date, rng: np.random.Generator) -> None:
    """Start months 3–48 months back, each decided on a day in the month before its start."""
    back = rng.integers(3, 49, len(cases)).tolist()
    days = rng.integers(8, 26, len(cases)).tolist()
    for case, months, day in zip(cases, back, days, strict=True):
        case.start = month_add(month, -months)
        case.decided = month_add(case.start, -1).replace(day=day)


def _variety(cases: list[NewCase], share: float, month: date, rng: np.random.Generator) -> list[NewCase]:
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
    cases: list[NewCase] = []
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
    cases_write(cases, actor=actor, county=county, month=month, plain_dibao=plain)
    say("写入在保对象", len(cases), len(cases))
    return len(cases)


__all__ = ["caseload_generate"]
