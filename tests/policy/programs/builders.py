"""Households and standards for the policy tests, built from the seeds' published figures.

曾都区 2023: 城市低保 680 / 农村 617 元/人·月; 城市特困 1360 / 农村 1233; 散居孤儿 1530.
岳阳楼区 2020: 城市低保 530 / 农村 360; 特困 集中 10800/年 = 900/月, 分散 7800/年 = 650/月;
孤儿 集中 1350 / 分散 950.
Every other number is a plausible demo value, named as such.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from policy.facts import (
    AssetFacts,
    ChildStatus,
    ExpenseFacts,
    HouseholdFacts,
    IncomeFacts,
    IncomeKind,
    MemberFacts,
)
from policy.identity import id_number_make
from policy.parameters import Standards
from policy.selfcare import SelfCareLevel

ON = date(2023, 7, 1)
ZENGDU = "421303000000"
YUEYANGLOU = "430602000000"

# Demo values where no seed gives one (marked, as the issue asks).
_DEMO = {
    "tekun.care_dispersed_partial": "200",
    "tekun.care_dispersed_none": "400",
    "tekun.care_institutional_partial": "300",
    "tekun.care_institutional_none": "600",
    "child.in_difficulty": "600",
    "disability.living": "90",
    "disability.nursing_grade1": "100",
    "disability.nursing_grade2": "80",
    "longevity.brackets": "[[80, 50], [90, 100], [100, 300]]",
    "eldercare.partial": "100",
    "eldercare.none": "200",
}

_ZENGDU = {
    True: {
        "dibao.standard": "680",
        "tekun.basic_dispersed": "1360",
        "tekun.basic_institutional": "1360",
        "orphan.dispersed": "1530",
        "orphan.institutional": "1800",  # demo
        "child.de_facto": "1530",
        "income.disposable_annual": "40000",  # demo
    },
    False: {
        "dibao.standard": "617",
        "tekun.basic_dispersed": "1233",
        "tekun.basic_institutional": "1233",
        "orphan.dispersed": "1530",
        "orphan.institutional": "1800",  # demo
        "child.de_facto": "1530",
        "income.disposable_annual": "20000",  # demo
    },
}

_YUEYANGLOU = {
    True: {"dibao.standard": "530", "income.disposable_annual": "38000"},  # disposable income: demo
    False: {"dibao.standard": "360", "income.disposable_annual": "18000"},
}
_YUEYANGLOU_BOTH = {
    "tekun.basic_institutional": "900",  # 10800 元/年
    "tekun.basic_dispersed": "650",  # 7800 元/年
    "orphan.institutional": "1350",
    "orphan.dispersed": "950",
    "child.de_facto": "950",
}


def zengdu(*, urban: bool = True, on: date = ON, **overrides: str) -> Standards:
    """曾都区 2023 standards (urban or rural), with any parameter overridden by keyword (dots → __)."""
    raw = {**_DEMO, **_ZENGDU[urban], **{k.replace("__", "."): v for k, v in overrides.items()}}
    return Standards(
        area_code=ZENGDU,
        urban=urban,
        on=on,
        raw=raw,
        sources=dict.fromkeys(raw, "曾都区 2023-01-01起"),
    )


def yueyanglou(*, urban: bool = True, on: date = date(2020, 7, 1), **overrides: str) -> Standards:
    raw = {
        **_DEMO,
        **_YUEYANGLOU_BOTH,
        **_YUEYANGLOU[urban],
        **{k.replace("__", "."): v for k, v in overrides.items()},
    }
    return Standards(
        area_code=YUEYANGLOU,
        urban=urban,
        on=on,
        raw=raw,
        sources=dict.fromkeys(raw, "岳阳楼区 2020-01-01起"),
    )


_SEQUENCE = itertools.count(1)


def born(age: int, on: date = ON) -> date:
    """A birth date that makes someone ``age`` on ``on`` (born on 1 January)."""
    return date(on.year - age - (1 if on.month == 1 and on.day == 1 else 0), 1, 1)


def person(
    name: str = "张三",
    age: int = 40,
    *,
    on: date = ON,
    birth_date: date | None = None,
    wage: str | None = None,
    incomes: tuple[tuple[IncomeKind, str], ...] = (),
    self_care: SelfCareLevel | None = None,
    child_status: ChildStatus = ChildStatus.NONE,
    **facts: object,
) -> MemberFacts:
    """A member ``age`` on ``on``; ``wage`` adds an employed member's 工资性收入.

    Unlike ``MemberFacts``, a test member has an able legal supporter unless told otherwise
    (``supporter_able=False``), so that only the 特困 tests meet 特困 by accident.
    """
    facts.setdefault("supporter_able", True)
    birth = birth_date or born(age, on)
    items = [IncomeFacts(kind, Decimal(amount)) for kind, amount in incomes]
    if wage is not None:
        items.append(IncomeFacts(IncomeKind.WAGE, Decimal(wage)))
        facts.setdefault("employed", True)
    return MemberFacts(
        id_number=id_number_make(area_code="421303", birth_date=birth, sequence=next(_SEQUENCE) % 1000),
        name=name,
        relation="head",
        birth_date=birth,
        incomes=tuple(items),
        self_care=self_care,
        child_status=child_status,
        **facts,  # type: ignore[arg-type]
    )


def family(
    *members: MemberFacts,
    urban: bool = True,
    deposits: str = "0",
    homes: int = 1,
    vehicles: int = 0,
    business: int = 0,
    medical: str = "0",
    education: str = "0",
) -> HouseholdFacts:
    return HouseholdFacts(
        area_code="421303001001",
        urban=urban,
        members=members or (person(),),
        assets=AssetFacts(Decimal(deposits), vehicles, homes, business),
        expenses=ExpenseFacts(Decimal(medical), Decimal(education)),
    )


def earning(amount: str) -> tuple[tuple[IncomeKind, str], ...]:
    """Countable income that is not a wage (no job-cost deduction): 转移净收入."""
    return ((IncomeKind.TRANSFER, amount),)
