"""The assess JSON (docs/assess.md): reading a household into policy facts, and writing an assessment out.

The same reader serves ``minzheng assess`` and ``POST /api/v1/assessments/``. Every problem is collected
under its JSON path (``members[1].id_number``) with a Chinese reason, and all are raised together as one
:class:`~policy.errors.ValidationFailed`. Unknown fields are refused, so a misspelt one is not silently
ignored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from apps.registry.services.import_format import DISABILITY_WORDS, GRADE_WORDS, RELATION_WORDS, fold
from apps.standards.mappers import supporter_able_infer
from apps.standards.mappers.overrides import Override, overrides_read
from policy.errors import InvalidIdNumber, ValidationFailed
from policy.facts import (
    Assessment,
    AssetFacts,
    ChildStatus,
    ExpenseFacts,
    HouseholdFacts,
    IncomeFacts,
    IncomeKind,
    MemberFacts,
    TraceStep,
)
from policy.household import Relation
from policy.identity import id_number_parse
from policy.money import parse_yuan
from policy.selfcare import SELF_CARE_ITEMS, SelfCareLevel, SelfCareRating, self_care_level

MAX_MEMBERS = 30
TOP_FIELDS = {"area", "urban", "on", "members", "assets", "expenses", "standards", "note"}
MEMBER_FLAGS = (
    "serious_illness",
    "in_school",
    "employable",
    "employed",
    "institutional",
    "supporter_able",
    "local_hukou",
)
MEMBER_FIELDS = {"id_number", "name", "relation", "incomes", "disability", "self_care", "child_status"}
MEMBER_FIELDS |= set(MEMBER_FLAGS)
INCOME_WORDS = {k.value: k for k in IncomeKind} | {fold(k.label): k for k in IncomeKind}
SELF_CARE_WORDS = {lv.value: lv for lv in SelfCareLevel} | {lv.label: lv for lv in SelfCareLevel}
SELF_CARE_WORDS |= {"半护理": SelfCareLevel.PARTIAL, "全护理": SelfCareLevel.NONE}
CHILD_WORDS = {c.value: c for c in ChildStatus} | {
    "孤儿": ChildStatus.ORPHAN,
    "事实无人抚养儿童": ChildStatus.DE_FACTO,
    "困境儿童": ChildStatus.IN_DIFFICULTY,
}


@dataclass(frozen=True, slots=True)
class AssessInput:
    household: HouseholdFacts
    on: date | None
    overrides: tuple[Override, ...]
    supporter_given: tuple[bool, ...]  # per member: whether the JSON said supporter_able

    def household_on(self, day: date) -> HouseholdFacts:
        """The household for ``day``: where the JSON leaves ``supporter_able`` out, it is inferred as the
        registry does (another member is an adult able to work), which needs the day for ages."""
        members = list(self.household.members)
        completed = tuple(
            m if given else dataclasses.replace(m, supporter_able=supporter_able_infer(m, members, day))
            for m, given in zip(members, self.supporter_given, strict=True)
        )
        return dataclasses.replace(self.household, members=completed)


class _Errors:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, reason: str) -> None:
        self.errors.setdefault(path, []).append(reason)

    def raise_any(self) -> None:
        if self.errors:
            path, reasons = next(iter(self.errors.items()))
            raise ValidationFailed(self.errors, message=f"{path}：{reasons[0]}")


def _object(value: Any, path: str, errors: _Errors, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        errors.add(path or "$", "应为JSON对象（{…}）")
        return {}
    for name in value:
        if name not in allowed:
            errors.add(f"{path}.{name}" if path else str(name), "未知的字段，请对照 docs/assess.md 检查拼写")
    return value


def _money(value: Any, path: str, errors: _Errors) -> Decimal:
    if isinstance(value, float):
        value = str(value)  # a JSON number read as float; its shortest repr is what was typed
    try:
        return parse_yuan(value, field=path)
    except ValidationFailed as exc:
        errors.add(path, exc.message)
        return Decimal("0")


def _count(value: Any, path: str, errors: _Errors) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        errors.add(path, "应为不小于0的整数")
        return 0
    return value


def _flag(value: Any, path: str, errors: _Errors) -> bool:
    if not isinstance(value, bool):
        errors.add(path, "应为 true 或 false")
        return False
    return value


def parse_day(value: Any, path: str, errors: _Errors | None = None) -> date | None:
    """A ``YYYY-MM-DD`` date, or a reason on ``path``."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        if errors is None:
            raise ValidationFailed.on(path, "日期应为YYYY-MM-DD格式，如2024-01-01") from None
        errors.add(path, "日期应为YYYY-MM-DD格式，如2024-01-01")
        return None


def _self_care(value: Any, path: str, errors: _Errors) -> SelfCareLevel | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        level = SELF_CARE_WORDS.get(value.strip())
        if level is None:
            errors.add(path, "应为 full（全自理）、partial（半失能）、none（全失能），或六项评估对象")
        return level
    items = _object(value, path, errors, {key for key, _ in SELF_CARE_ITEMS})
    if not isinstance(value, Mapping):
        return None
    ok = True
    for key, label in SELF_CARE_ITEMS:
        if not isinstance(items.get(key), bool):
            errors.add(f"{path}.{key}", f"“{label}”应为 true（能）或 false（不能）")
            ok = False
    if not ok:
        return None
    return self_care_level(SelfCareRating(**{key: items[key] for key, _ in SELF_CARE_ITEMS}))


def _incomes(value: Any, path: str, errors: _Errors) -> tuple[IncomeFacts, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        errors.add(path, "应为列表（[…]）")
        return ()
    out = []
    for index, item in enumerate(value):
        here = f"{path}[{index}]"
        row = _object(item, here, errors, {"type", "monthly"})
        kind = INCOME_WORDS.get(fold(str(row.get("type", ""))))
        if kind is None:
            errors.add(f"{here}.type", "收入类型应为 wage、business、property、transfer、other 等（见文档）")
        if "monthly" not in row:
            errors.add(f"{here}.monthly", "缺少月收入金额")
            continue
        amount = _money(row["monthly"], f"{here}.monthly", errors)
        if kind is not None:
            out.append(IncomeFacts(kind, amount))
    return tuple(out)


def _disability(value: Any, path: str, errors: _Errors) -> tuple[str, int | None]:
    if value is None:
        return "", None
    row = _object(value, path, errors, {"category", "grade"})
    category = DISABILITY_WORDS.get(str(row.get("category", "")).strip(), "")
    if not category and str(row.get("category", "")) in DISABILITY_WORDS.values():
        category = str(row["category"])
    if not category:
        errors.add(
            f"{path}.category",
            "残疾类别应为 visual、hearing、speech、physical、intellectual、mental、multiple",
        )
    grade = GRADE_WORDS.get(str(row.get("grade", "")).strip())
    if grade is None:
        errors.add(f"{path}.grade", "残疾等级应为1到4")
    return category, grade


def _member(value: Any, path: str, errors: _Errors) -> MemberFacts | None:
    row = _object(value, path, errors, MEMBER_FIELDS)
    if not isinstance(value, Mapping):
        return None
    born = None
    try:
        parsed = id_number_parse(row.get("id_number", ""), field=f"{path}.id_number")
        number, born = parsed.value, parsed.birth_date
    except InvalidIdNumber as exc:
        errors.add(f"{path}.id_number", exc.message)
    name = str(row.get("name", "")).strip()
    if not name or len(name) > 50:
        errors.add(f"{path}.name", "姓名不能为空，最多50字")
    relation_text = str(row.get("relation", "")).strip()
    relation = relation_text if relation_text in set(Relation) else RELATION_WORDS.get(fold(relation_text))
    if relation is None:
        errors.add(f"{path}.relation", "与户主关系应为 head（户主）、spouse、child 等，或中文如“配偶”")
    category, grade = _disability(row.get("disability"), f"{path}.disability", errors)
    child = CHILD_WORDS.get(str(row.get("child_status") or "").strip())
    if child is None:
        errors.add(
            f"{path}.child_status",
            "应为 orphan（孤儿）、de_facto（事实无人抚养儿童）、in_difficulty（困境儿童）或留空",
        )
    flags = {f: _flag(row[f], f"{path}.{f}", errors) for f in MEMBER_FLAGS if f in row}
    incomes = _incomes(row.get("incomes"), f"{path}.incomes", errors)
    care = _self_care(row.get("self_care"), f"{path}.self_care", errors)
    if born is None or relation is None or child is None:
        return None
    return MemberFacts(
        id_number=number,
        name=name,
        relation=str(relation),
        birth_date=born,
        incomes=incomes,
        disability_category=category,
        disability_grade=grade,
        self_care=care,
        child_status=child,
        **flags,
    )


def assess_input_parse(data: Any, *, area_urban: Callable[[str], bool | None]) -> AssessInput:
    """Read the assess JSON; ``area_urban`` gives an area's default kind, or None when it is unknown."""
    errors = _Errors()
    top = _object(data, "", errors, TOP_FIELDS)
    raw_area = top.get("area", "")
    area = raw_area.strip() if isinstance(raw_area, str) else ""
    default = None
    if not (len(area) == 12 and area.isascii() and area.isdigit()):
        errors.add("area", '区划代码应为12位数字的字符串，如 "421303001001"（所在村或社区）')
    else:
        default = area_urban(area)
        if default is None:
            errors.add("area", "区划代码不存在")
    urban = top.get("urban")
    if urban is not None and not isinstance(urban, bool):
        errors.add("urban", "应为 true（城市）或 false（农村），或不填（按村、社区的城乡属性）")
        urban = None
    on = parse_day(top["on"], "on", errors) if top.get("on") else None
    members_raw = top.get("members")
    members: list[MemberFacts] = []
    given: list[bool] = []
    if not isinstance(members_raw, list) or not members_raw:
        errors.add("members", "应为非空的成员列表")
    elif len(members_raw) > MAX_MEMBERS:
        errors.add("members", f"一户最多{MAX_MEMBERS}名成员")
    else:
        for index, item in enumerate(members_raw):
            member = _member(item, f"members[{index}]", errors)
            if member is not None:
                members.append(member)
                given.append(isinstance(item, Mapping) and "supporter_able" in item)
        seen: dict[str, int] = {}
        for index, member in enumerate(members):
            if member.id_number in seen:
                errors.add(f"members[{index}].id_number", f"与 members[{seen[member.id_number]}] 重复")
            seen.setdefault(member.id_number, index)
        if len(members) == len(members_raw) and sum(m.relation == Relation.HEAD for m in members) != 1:
            errors.add("members", "应有且只有一名户主（relation 为 head）")
    assets = _object(top.get("assets", {}), "assets", errors, {"deposits", "vehicles", "homes", "business"})
    expenses = _object(top.get("expenses", {}), "expenses", errors, {"medical", "education"})
    asset_facts = AssetFacts(
        deposits=_money(assets.get("deposits", 0), "assets.deposits", errors),
        vehicles=_count(assets.get("vehicles", 0), "assets.vehicles", errors),
        homes=_count(assets.get("homes", 0), "assets.homes", errors),
        business=_count(assets.get("business", 0), "assets.business", errors),
    )
    expense_facts = ExpenseFacts(
        medical_12m=_money(expenses.get("medical", 0), "expenses.medical", errors),
        education_12m=_money(expenses.get("education", 0), "expenses.education", errors),
    )
    overrides = overrides_read(top.get("standards"), "standards", errors.add)
    errors.raise_any()
    household = HouseholdFacts(
        area_code=area,
        urban=default if urban is None else urban,  # type: ignore[arg-type]
        members=tuple(members),
        assets=asset_facts,
        expenses=expense_facts,
    )
    return AssessInput(household=household, on=on, overrides=overrides, supporter_given=tuple(given))


def _steps(trace: tuple[TraceStep, ...]) -> list[dict[str, str]]:
    return [{"rule": s.rule, "detail": s.detail, "basis": s.basis, "outcome": s.outcome} for s in trace]


def assessment_json(assessment: Assessment, *, assumed: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The printed answer: per-capita income with its trace, then each programme by its code."""
    return {
        "area": assessment.area_code,
        "urban": assessment.urban,
        "on": assessment.on.isoformat(),
        "assumed_standards": dict(assumed or {}),
        "per_capita_income": str(assessment.per_capita_income),
        "income_trace": _steps(assessment.income_trace),
        "programs": {
            r.program: {
                "label": r.label,
                "eligible": r.eligible,
                "monthly_amount": str(r.monthly_amount),
                "category": r.category,
                "covered": list(r.covered),
                "trace": _steps(r.trace),
            }
            for r in assessment.results
        },
    }


__all__ = [
    "AssessInput",
    "assess_input_parse",
    "assessment_json",
    "parse_day",
]
