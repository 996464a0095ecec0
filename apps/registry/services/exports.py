"""Export the filtered household list to XLSX for offline work: one sheet of households, one of members.

The file carries full ID numbers, so every export needs the export capability and leaves an audit row
with its count and filters. Rows stream from the database in chunks (``values().iterator()``) into a
write-only workbook on disk, so 100,000 rows take the same memory as ten.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.core.exports import xlsx_append
from apps.core.models import AuditAction
from apps.core.scoping import require
from apps.core.services import audit_record
from apps.registry.choices import (
    AccountType,
    DisabilityCategory,
    DisabilityGrade,
    Employment,
    HouseholdStatus,
    SexChoices,
)
from apps.registry.models import Membership
from apps.registry.selectors import HouseholdFilter, household_list_for
from policy.household import RELATION_LABELS, Relation
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

EXPORT_NOTE = "内含个人信息，请妥善保管"
CHUNK = 2000


def _label(choices: Any) -> Callable[[Any], str]:
    table = {value: str(label) for value, label in choices.choices}
    return lambda value: table.get(value, "") if value not in (None, "") else ""


_relation = {r.value: RELATION_LABELS[r] for r in Relation}.get
_sex, _account, _status = _label(SexChoices), _label(AccountType), _label(HouseholdStatus)
_category, _grade, _employment = _label(DisabilityCategory), _label(DisabilityGrade), _label(Employment)


def _urban(value: bool) -> str:
    return "城市" if value else "农村"


# (header, values() field, how to show it): the members sheet uses the import template's headers, so an
# exported file reads the same way as the file that was imported.
HOUSEHOLD_COLUMNS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("户编号", "number", str),
    ("所在村(社区)", "area__name", str),
    ("村(社区)区划代码", "area_id", str),
    ("城乡", "is_urban", _urban),
    ("家庭住址", "address", str),
    ("户主姓名", "head_name", lambda v: v or ""),
    ("户主公民身份号码", "head_id_number", lambda v: v or ""),
    ("户主联系电话", "head_phone", lambda v: v or ""),
    ("人数", "member_count", lambda v: v or 0),
    ("账户类型", "account_type", _account),
    ("开户银行", "bank_name", str),
    ("账号", "account_number", str),
    ("账户户名", "account_holder", str),
    ("状态", "status", _status),
    ("登记日期", "created_at", lambda v: timezone.localtime(v).date().isoformat()),
)
MEMBER_COLUMNS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("户编号", "household__number", str),
    ("与户主关系", "relation", lambda v: _relation(v, v)),
    ("姓名", "person__name", str),
    ("公民身份号码", "person__id_number", str),
    ("性别", "person__sex", _sex),
    ("出生日期", "person__birth_date", lambda v: v.isoformat()),
    ("民族", "person__ethnicity", str),
    ("联系电话", "person__phone", str),
    ("户籍地区划代码", "person__hukou_area_id", str),
    ("村(社区)区划代码", "household__area_id", str),
    ("家庭住址", "household__address", str),
    ("城乡", "household__is_urban", _urban),
    ("账户类型", "household__account_type", _account),
    ("开户银行", "household__bank_name", str),
    ("账号", "household__account_number", str),
    ("账户户名", "household__account_holder", str),
    ("残疾类别", "person__disability_category", _category),
    ("残疾等级", "person__disability_grade", _grade),
    ("残疾人证号", "person__disability_cert_no", str),
    ("就业状况", "person__employment", _employment),
    ("重病", "person__serious_illness", lambda v: "是" if v else "否"),
    ("死亡日期", "person__death_date", lambda v: v.isoformat() if v else ""),
    ("所在村(社区)", "household__area__name", str),
    ("加入本户日期", "start_date", lambda v: v.isoformat()),
)


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A finished export: the open file (rewound) and what it holds."""

    file: IO[bytes]
    file_name: str
    households: int
    members: int


def _sheet(
    book: Workbook,
    title: str,
    note: str,
    columns: tuple[tuple[str, str, Any], ...],
    rows: Iterable[dict[str, Any]],
) -> int:
    sheet = book.create_sheet(title)
    for index, (header, _, _) in enumerate(columns):
        sheet.column_dimensions[get_column_letter(index + 1)].width = 20 if "号" in header else 12
    warning = WriteOnlyCell(sheet, value=note)
    warning.font = Font(bold=True, color="B3261E")
    xlsx_append(sheet, [warning])
    header_cells = []
    for header, _, _ in columns:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F3")
        header_cells.append(cell)
    xlsx_append(sheet, header_cells)
    count = 0
    for row in rows:
        # Every identifier goes in as a string, so Excel shows it as text and keeps all 18 digits; an
        # address or account holder typed as "=…" stays text (apps.core.exports).
        xlsx_append(sheet, [show(row[field]) for _, field, show in columns])
        count += 1
    return count


def household_export(*, actor: User, filters: HouseholdFilter, filter_labels: dict[str, str]) -> ExportFile:
    """The actor's filtered households and their current members as XLSX; the export itself is audited.

    The file is written before the audit row, outside any transaction, so a long export never holds the
    database's write lock; the audit row is committed before a single byte leaves the server.
    """
    require(actor, Capability.EXPORT_PERSONAL_DATA)
    households = household_list_for(actor=actor, filters=filters)
    now = timezone.localtime()
    conditions = "；".join(f"{k}：{v}" for k, v in filter_labels.items()) or "全部"
    note = f"{EXPORT_NOTE}。导出人：{actor}；导出时间：{now:%Y-%m-%d %H:%M}；筛选条件：{conditions}"
    head_first = Case(
        When(relation=Relation.HEAD.value, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    members = (
        Membership.objects.filter(end_date__isnull=True, household__in=households.values("pk"))
        .order_by("-household_id", head_first, "id")
        .values(*(field for _, field, _ in MEMBER_COLUMNS))
    )
    book = Workbook(write_only=True)
    count_households = _sheet(
        book,
        "家庭",
        note,
        HOUSEHOLD_COLUMNS,
        households.values(*(f for _, f, _ in HOUSEHOLD_COLUMNS)).iterator(chunk_size=CHUNK),
    )
    count_members = _sheet(book, "家庭成员", note, MEMBER_COLUMNS, members.iterator(chunk_size=CHUNK))
    book.properties.title = "家庭及成员导出"
    book.properties.description = EXPORT_NOTE
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it; the OS removes it
    book.save(handle)
    handle.seek(0)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            entity_type="registry.household",
            area_code=actor.area_id,
            summary=f"导出家庭{count_households}户、成员{count_members}人（筛选条件：{conditions}）",
            after={"filters": filter_labels, "households": count_households, "members": count_members},
        )
    return ExportFile(
        file=handle,
        file_name=f"家庭及成员-{now:%Y%m%d-%H%M}.xlsx",
        households=count_households,
        members=count_members,
    )


__all__ = ["EXPORT_NOTE", "ExportFile", "household_export"]
