"""Checking an import file's rows: every rule on every row, all errors collected, nothing written.

The checks run in a fixed number of queries whatever the file's size: areas, ID numbers already held (and
the households of their holders) and (when writing) names of possible twins are each fetched with
``IN (...)`` in slices of ``CHUNK`` values. Every check is one pass over the rows (or over one household's
rows), and a problem shared by many rows (one ID number on 100,000 of them) is reported once, with the
rows listed up to a cap, so neither time nor the report grows faster than the file.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from apps.areas.models import Area
from apps.core.scoping import code_in_scope
from apps.registry.models import Person
from apps.registry.services import import_format as fmt
from apps.registry.services.import_read import ImportIssue, ImportRejected, Row
from apps.registry.services.persons import PersonInput, duplicate_messages, normalize_id, person_clean
from apps.registry.validators import HOUSEHOLD_TEXT_LABELS, formula_lead_problem
from policy.areas import AreaLevel
from policy.errors import ValidationFailed
from policy.household import MemberSpec, household_composition_check
from policy.money import parse_yuan

if TYPE_CHECKING:
    from apps.accounts.models import User

Progress = Callable[[str, int, int], None]  # (stage, done, total); total 0 when not yet known
CHUNK = 5000  # values per IN (...) query: well under SQLite's 32,766 bound variables
DUPLICATE_ROWS_LISTED = 10  # rows named in the reason of a group sharing one ID number; the rest counted

# Errors from the person check name model fields; the report names the template's columns.
_FIELD_COLUMN = {
    "name": "name",
    "id_number": "id_number",
    "birth_date": "birth_date",
    "sex": "sex",
    "phone": "phone",
    "ethnicity": "ethnicity",
    "hukou_area": "hukou_code",
    "disability_category": "disability_category",
    "disability_grade": "disability_grade",
}


@dataclass(slots=True)
class Member:
    """One row: its cells, and once checked, the person's field values, relation and incomes."""

    row: int
    cells: dict[str, str]
    relation: str = ""
    values: dict[str, Any] | None = None
    incomes: list[tuple[str, Decimal]] = field(default_factory=list)


@dataclass(slots=True)
class House:
    """The rows sharing one 户序号, and once checked, the household's field values."""

    key: str
    members: list[Member]
    values: dict[str, Any] | None = None


def noop(stage: str, done: int, total: int) -> None:
    return None


def chunks(values: list[str], size: int = CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class _Issues(list[ImportIssue]):
    def add(self, member: Member, key: str, reason: str, value: str | None = None) -> None:
        text = member.cells.get(key, "") if value is None else value
        self.append(ImportIssue(member.row, fmt.BY_KEY[key].header, text, reason))


def _load_areas(codes: Iterable[str]) -> dict[str, Area]:
    wanted = sorted({c for c in codes if c})
    areas: dict[str, Area] = {}
    for chunk in chunks(wanted):
        areas.update({a.code: a for a in Area.objects.filter(code__in=chunk)})
    return areas


def _house_values(
    actor: User, house: House, areas: dict[str, Area], issues: _Issues
) -> dict[str, Any] | None:
    """The household's own fields, read from whichever of its rows fill them; they must agree."""
    first = house.members[0]
    count = len(issues)

    def agreed(key: str) -> str:
        seen, seen_row = "", 0
        for m in house.members:
            value = m.cells.get(key, "")
            if value and not seen:
                seen, seen_row = value, m.row
            elif value and value != seen:
                issues.add(
                    m,
                    key,
                    f"同一户（户序号{house.key}）各行的{fmt.BY_KEY[key].header}不一致，"
                    f"第{seen_row}行为“{seen}”",
                )
        return seen

    code, address = agreed("village_code"), agreed("address")
    urban, account_type = agreed("urban"), agreed("account_type")
    bank, number, holder = (
        agreed("bank_name"),
        agreed("account_number").replace(" ", ""),
        agreed("account_holder"),
    )
    area = areas.get(code)
    if not code:
        issues.add(first, "village_code", f"本户（户序号{house.key}）未填写村(社区)区划代码")
    elif not (len(code) == 12 and code.isdigit()):
        issues.add(first, "village_code", "村(社区)区划代码应为12位数字", code)
    elif area is None or not code_in_scope(actor, code):
        issues.add(first, "village_code", "区划代码不存在或不在您的辖区内", code)
    elif area.level != AreaLevel.VILLAGE:
        issues.add(
            first, "village_code", f"家庭必须登记到村(社区)一级，该代码是{AreaLevel(area.level).label}", code
        )
    if not address:
        issues.add(first, "address", f"本户（户序号{house.key}）未填写家庭住址")
    elif len(address) > 200:
        issues.add(first, "address", "家庭住址不能超过200个字", address)
    if urban and urban not in fmt.URBAN_WORDS:
        issues.add(first, "urban", "城乡应填“城市”或“农村”", urban)
    if account_type and account_type not in fmt.ACCOUNT_WORDS:
        issues.add(first, "account_type", "账户类型应填“银行账户”或“社会保障卡”", account_type)
    if problem := fmt.account_number_problem(number):
        issues.add(first, "account_number", problem, number)
    for key, text, limit in (("bank_name", bank, 60), ("account_holder", holder, 50)):
        if len(text) > limit:
            issues.add(first, key, f"不能超过{limit}个字", text)
    # The same refusal as the form and the API: text that Excel would run as a formula (docs/security.md §7).
    for key, text in (("address", address), ("bank_name", bank), ("account_holder", holder)):
        if problem := formula_lead_problem(text, label=HOUSEHOLD_TEXT_LABELS[key]):
            issues.add(first, key, problem, text)
    if len(issues) > count or area is None:
        return None
    return {
        "area": area,
        "is_urban": area.is_urban if not urban else fmt.URBAN_WORDS[urban],
        "address": address,
        "account_type": fmt.ACCOUNT_WORDS.get(account_type, "bank"),
        "bank_name": bank,
        "account_number": number,
        "account_holder": holder,
    }


def _word(member: Member, key: str, words: dict[str, Any], issues: _Issues) -> Any:
    """Look a cell up in its vocabulary; an unknown word is an error that lists what is allowed."""
    text = member.cells.get(key, "")
    if not text:
        return None
    found = words.get(text, words.get(fmt.fold(text)))
    if found is None:
        issues.add(member, key, f"应为：{'、'.join(fmt.BY_KEY[key].allowed)}")
    return found


def _check_member(member: Member, default_area: str, areas: dict[str, Area], issues: _Issues) -> None:
    """Read one person's cells and run the same person check as the form; record every problem."""
    cells = member.cells
    member.relation = _word(member, "relation", fmt.RELATION_WORDS, issues) or ""
    if not cells.get("relation"):
        issues.add(member, "relation", "与户主关系不能为空")
    birth = None
    if cells.get("birth_date"):
        try:
            birth = fmt.parse_date(cells["birth_date"])
        except ValueError:
            issues.add(member, "birth_date", "不是有效日期，请写成1980-01-31的形式")
    grade = _word(member, "disability_grade", fmt.GRADE_WORDS, issues)
    hukou = cells.get("hukou_code") or default_area
    if cells.get("hukou_code"):
        try:
            hukou = fmt.parse_area_code(cells["hukou_code"])
        except ValueError:
            issues.add(member, "hukou_code", "户籍地区划代码应为6、9或12位数字")
            hukou = ""
    if len(cells.get("disability_cert_no", "")) > 30:
        issues.add(member, "disability_cert_no", "残疾人证号不能超过30位")
    for key, kind in (
        (c.key, c.key.removeprefix("income_")) for c in fmt.COLUMNS if c.key.startswith("income_")
    ):
        if cells.get(key):
            try:
                member.incomes.append((kind, parse_yuan(cells[key], field=key)))
            except ValidationFailed as exc:
                issues.add(member, key, exc.message)
    data = PersonInput(
        name=cells.get("name", ""),
        id_number=cells.get("id_number", ""),
        hukou_area_code=hukou,
        ethnicity=fmt.ethnicity_word(cells.get("ethnicity", "")) or "汉族",
        phone=cells.get("phone", ""),
        birth_date=birth,
        sex=_word(member, "sex", fmt.SEX_WORDS, issues) or "",
        disability_category=_word(member, "disability_category", fmt.DISABILITY_WORDS, issues) or "",
        disability_grade=grade,
        disability_cert_no=cells.get("disability_cert_no", ""),
        employment=_word(member, "employment", fmt.EMPLOYMENT_WORDS, issues) or "",
        serious_illness=bool(_word(member, "serious_illness", fmt.YES_WORDS, issues)),
    )
    try:
        member.values = person_clean(data=data, areas=areas)
    except ValidationFailed as exc:
        for name, reasons in exc.errors.items():
            key = _FIELD_COLUMN.get(name, "name")
            if key == "hukou_code" and not cells.get("hukou_code"):
                continue  # the 户籍 defaulted to the household's village, whose own error is reported
            value = hukou if key == "hukou_code" else None
            for reason in reasons:
                issues.add(member, key, reason, value)


def _same_rows(rows: list[int]) -> str:
    """The reason on the first row of a group sharing one ID number: the others, listed up to a cap."""
    others = rows[1:]
    listed = "、".join(str(r) for r in others[:DUPLICATE_ROWS_LISTED])
    if len(others) <= DUPLICATE_ROWS_LISTED:
        return f"与本文件第{listed}行的公民身份号码重复"
    return f"与本文件第{listed}行等{len(others):,}行的公民身份号码重复（共{len(rows):,}行为同一号码）"


def _check_duplicates(actor: User, members: list[Member], issues: _Issues) -> None:
    """The same ID number on several rows, and ID numbers already registered: each reported once, on the
    first row that has it. Grouped in one pass and looked up in one query per CHUNK numbers, so a file of
    100,000 rows sharing one number costs what any file of that size costs, and gives one issue."""
    rows_by_id: dict[str, list[int]] = defaultdict(list)
    first: dict[str, Member] = {}
    for m in members:  # in row order
        if m.cells.get("id_number"):
            number = normalize_id(m.cells["id_number"])
            rows_by_id[number].append(m.row)
            first.setdefault(number, m)
    for number, rows in rows_by_id.items():
        if len(rows) > 1:
            issues.add(first[number], "id_number", _same_rows(rows))
    ids = [i for i in rows_by_id if len(i) == 18]
    existing: list[Person] = []
    for chunk in chunks(ids):
        existing += Person.objects.filter(id_number__in=chunk).only(
            "id", "name", "id_number", "hukou_area_id"
        )
    messages = duplicate_messages(actor=actor, people=existing)
    for person in existing:
        issues.add(first[person.id_number], "id_number", messages[person.id_number])


def import_plan(*, actor: User, rows: list[Row], progress: Progress = noop) -> list[House]:
    """Check every row and every household; return the households to write or raise ImportRejected."""
    issues = _Issues()
    houses: dict[str, House] = {}
    loose: list[Member] = []
    in_order: list[Member] = []
    for number, cells in rows:
        member = Member(row=number, cells=cells)
        in_order.append(member)
        key = cells.get("household_key", "")
        if not key:
            issues.add(member, "household_key", "户序号不能为空，同一户的成员填同一个序号")
            loose.append(member)
        else:
            houses.setdefault(key, House(key=key, members=[])).members.append(member)
    # First, as it needs only the cells: a file it refuses keeps no person's checked values below.
    _check_duplicates(actor, in_order, issues)
    codes = [cells.get("village_code", "") for _, cells in rows]
    for _, cells in rows:
        with contextlib.suppress(ValueError):  # a malformed code is reported with its row below
            codes.append(fmt.parse_area_code(cells.get("hukou_code", "")))
    areas = _load_areas(codes)
    done = 0
    for house in [*houses.values(), House(key="", members=loose)]:
        if house.key:
            house.values = _house_values(actor, house, areas, issues)
        default_area = next(
            (m.cells["village_code"] for m in house.members if m.cells.get("village_code")), ""
        )
        for member in house.members:
            _check_member(member, member.cells.get("village_code") or default_area, areas, issues)
            if issues:  # the file is refused anyway: hold its rows, not 100,000 people's values too
                member.values = house.values = None
            done += 1
            if done % 500 == 0:
                progress("校验", done, len(rows))
        specs = [
            MemberSpec(label=f"第{m.row}行{m.cells.get('name', '')}", relation=m.relation)
            for m in house.members
            if m.relation
        ]
        if house.key and specs:
            try:
                household_composition_check(specs)
            except ValidationFailed as exc:
                issues.add(house.members[0], "relation", f"户序号{house.key}：{exc.message}")
    progress("校验", len(rows), len(rows))
    if issues:
        raise ImportRejected(list(issues))
    return list(houses.values())


__all__ = ["CHUNK", "House", "Member", "Progress", "chunks", "import_plan", "noop"]
