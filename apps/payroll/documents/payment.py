"""Writing the bank payment file (代发文件): XLSX with 明细 and 汇总 sheets, or CSV, in UTF-8 or GBK.

Rows stream (through :mod:`.xlsx`, or the shared CSV writer of apps.core.exports) into a spooled
temporary file, so a million lines cost little memory: measured on the 2-core machine, 200,000 lines take
about 4 s as XLSX and 2 s as CSV. Only when every row is good are the finished bytes copied to ``out``,
hashed on the way, so the recorded SHA-256 is of exactly those bytes and a refused file writes nothing.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, Any, BinaryIO

from apps.core.exports import FORMULA_LEADS, csv_writer
from apps.payroll.documents.templates import FIELDS, TEXT_FIELDS, BankTemplate
from apps.payroll.documents.xlsx import BOLD, BOLD_MONEY, MONEY, PLAIN, TEXT, SheetWriter, XlsxStream
from policy.errors import ValidationFailed
from policy.money import CENT, yuan

DETAIL_SHEET = "明细"
SUMMARY_SHEET = "汇总"
NO_TOWNSHIP = "（未填乡镇）"
NO_PROGRAM = "（未填项目）"
MAX_LISTED = 200  # problems kept for display when a file is refused; all of them are counted
SPOOL_BYTES = 32 * 1024 * 1024  # beyond this the file being built moves from memory to disk
_STRING_FIELDS = ("name", "id_number", "account", "social_card", "township", "village", "program", "remark")
_MUST_HAVE = ("name", "id_number", "account", "social_card")
# XML cannot hold control characters, and a line break or tab splits a bank's CSV line or field.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A text sent to the bank in a CSV file may not begin like a formula (see _CsvSink): the fields are
# joined with a NUL, which _CONTROL has already kept out of every field, so one search per row finds one.
_FORMULA_LEAD = re.compile("\x00[" + re.escape("".join(FORMULA_LEADS)) + "]")
_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True, slots=True)
class BankRow:
    """One payroll line as the bank file needs it; ``amount`` is Decimal yuan to the fen, above zero."""

    line_ref: str
    name: str
    id_number: str
    account: str
    social_card: str
    amount: Decimal
    township: str
    village: str
    program: str


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One line of the 汇总: a township or programme, its number of lines and their amount."""

    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class BankSummary:
    """The 汇总 of a payment file: by township and by programme (in first-seen order) and the total."""

    title: str
    by_township: tuple[SummaryLine, ...]
    by_program: tuple[SummaryLine, ...]
    count: int
    total: Decimal


@dataclass(frozen=True, slots=True)
class BankFileInfo:
    """What was written; ``sha256`` is the hex digest of the exact bytes copied to ``out``."""

    count: int
    total: Decimal
    sha256: str
    filename: str
    summary: BankSummary


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: the row as the spreadsheet numbers it (header = row 1; 0 = the whole file)."""

    row: int
    column: str
    message: str


class BankFileRejected(ValidationFailed):
    """Some rows cannot go to the bank, so nothing was written. ``problems`` holds the first
    :data:`MAX_LISTED` of them in row order and ``total`` counts them all."""

    def __init__(self, problems: list[RowError], total: int) -> None:
        self.problems = problems
        self.total = total
        shown = "；".join(p.message for p in problems[:3])
        more = f"（共{total}处问题）" if total > 1 else ""
        super().__init__({"rows": [f"代发明细有误，未生成文件：{shown}{more}"]})


class _Tally:
    """Counts and sums as rows stream past; Decimal addition of fen amounts is exact."""

    def __init__(self, program_label: str) -> None:
        self.program_label = program_label
        self.count = 0
        self.total = Decimal("0.00")
        self.towns: dict[str, list[Any]] = {}
        self.programs: dict[str, list[Any]] = {}

    def add(self, row: BankRow) -> None:
        self.count += 1
        self.total += row.amount
        for table, key in ((self.towns, row.township or NO_TOWNSHIP), (self.programs, row.program)):
            entry = table.get(key or self.program_label)
            if entry is None:
                table[key or self.program_label] = [1, row.amount]
            else:
                entry[0] += 1
                entry[1] += row.amount

    def summary(self, title: str) -> BankSummary:
        def lines(table: dict[str, list[Any]]) -> tuple[SummaryLine, ...]:
            return tuple(SummaryLine(label=k, count=n, amount=yuan(a)) for k, (n, a) in table.items())

        return BankSummary(
            title=title,
            by_township=lines(self.towns),
            by_program=lines(self.programs),
            count=self.count,
            total=yuan(self.total),
        )


class _XlsxSink:
    """The 明细 sheet streamed row by row, then the 汇总 sheet."""

    def __init__(self, template: BankTemplate, handle: IO[bytes]) -> None:
        self.book = XlsxStream(handle, [DETAIL_SHEET, SUMMARY_SHEET])
        widths = [24 if c.field in TEXT_FIELDS or c.field == "remark" else 12 for c in template.columns]
        self.sheet = self.book.next_sheet(widths)
        # Identifiers carry the text format as well as the text type, so Excel keeps all 18 digits even
        # after someone edits the cell; seq and amount are numbers, amounts shown to the fen.
        self.styles = [
            MONEY if c.field == "amount" else PLAIN if c.field == "seq" else TEXT for c in template.columns
        ]
        self.sheet.row([(c.header, BOLD) for c in template.columns])

    def write(self, values: list[Any]) -> None:
        self.sheet.row(list(zip(values, self.styles, strict=True)))

    def finish(self, summary: BankSummary | None) -> None:
        if summary is not None:
            _summary_sheet(self.book.next_sheet((28, 10, 16)), summary)
        self.book.close()


class _CsvSink:
    """Detail rows only, in the template's encoding; rows were checked to be encodable beforehand.

    The bank's system reads this file, not Excel, so a quote put in front of formula-like text (as
    :func:`apps.core.exports.csv_writer` does for Excel) would change the payee's name or account the
    bank matches, and without it a person opening the file in Excel would run it. Such text is refused
    row by row instead (:func:`_problem`); the writer is the shared one, so it could quote a cell, but
    never has to. (An XLSX file keeps such text as text, with no change to its value: it is written.)
    """

    def __init__(self, template: BankTemplate, handle: IO[bytes]) -> None:
        self.text = io.TextIOWrapper(handle, encoding=template.encoding, newline="")
        self.writer = csv_writer(self.text)
        self.writer.writerow([c.header for c in template.columns])

    def write(self, values: list[Any]) -> None:
        self.writer.writerow(values)

    def finish(self, summary: BankSummary | None) -> None:
        self.text.flush()
        self.text.detach()  # leave the spool open for copying


def _summary_sheet(sheet: SheetWriter, summary: BankSummary) -> None:
    sheet.row([(summary.title, BOLD)])
    for caption, label, lines in (
        ("按乡镇（街道）汇总", "乡镇（街道）", summary.by_township),
        ("按项目汇总", "项目", summary.by_program),
    ):
        sheet.row([])
        sheet.row([(caption, BOLD)])
        sheet.row([(label, BOLD), ("笔数", BOLD), ("金额（元）", BOLD)])
        for line in lines:
            sheet.row([(line.label, TEXT), (line.count, PLAIN), (line.amount, MONEY)])
    sheet.row([])
    sheet.row([("合计", BOLD), (summary.count, BOLD), (summary.total, BOLD_MONEY)])


def _problem(row: BankRow, fields: list[str], remark: str, gbk: bool, is_csv: bool) -> tuple[str, str] | None:
    """The first reason this row cannot be paid, as (field, Chinese reason), or None."""
    for field in _MUST_HAVE:
        if field in fields and not getattr(row, field).strip():
            # A layout with both columns pays into whichever of the two the payee has.
            other = {"account": "social_card", "social_card": "account"}.get(field)
            if other and other in fields and getattr(row, other).strip():
                continue
            return field, "为空"
    amount = row.amount
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        return "amount", f"“{amount}”应为大于0的金额"
    if amount != amount.quantize(CENT):
        return "amount", f"“{amount}”超过两位小数，金额应到分"
    # Every text is checked for control characters (the 汇总 shows township and programme even when the
    # 明细 does not); only the columns the bank receives must fit in GBK. One joined check per row keeps
    # a million rows fast; the slow search for the culprit runs only on a bad row.
    texts = (row.name, row.id_number, row.account, row.social_card, row.township, row.village, row.program)
    if _CONTROL.search("".join(texts) + remark):
        field = next(f for f in _STRING_FIELDS if _CONTROL.search(_field_text(row, f, remark)))
        return field, "含有换行符、制表符等控制字符，请在登记信息中改正"
    sent = [f for f in _STRING_FIELDS if f in fields]
    if is_csv and _FORMULA_LEAD.search("\x00".join(("", *texts, remark))):
        # Only a CSV column the bank receives is refused (see _CsvSink); XLSX holds such text as text.
        for field in sent:
            text = _field_text(row, field, remark)
            if text.startswith(FORMULA_LEADS):
                where = "银行模板的备注格式" if field == "remark" else "登记信息"
                return field, f"以“{text[0]}”开头，在CSV文件中会被Excel当作公式，请在{where}中改正"
    if gbk:
        try:
            "".join(_field_text(row, f, remark) for f in sent).encode("gbk")
        except UnicodeEncodeError as exc:
            char = exc.object[exc.start]
            field = next(f for f in sent if char in _field_text(row, f, remark))
            return field, f"中的“{char}”无法用GBK编码，请核对该字，或改用UTF-8编码的银行模板"
    return None


def _field_text(row: BankRow, field: str, remark: str) -> str:
    return remark if field == "remark" else str(getattr(row, field))


def _copy_hashed(source: IO[bytes], out: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(1024 * 1024):
        digest.update(chunk)
        out.write(chunk)
    return digest.hexdigest()


def bank_file_write(
    *,
    rows: Iterable[BankRow],
    template: BankTemplate,
    county: str,
    month: date,
    program_label: str,
    out: BinaryIO,
) -> BankFileInfo:
    """Write the payment file for ``rows`` to ``out`` and say what was written.

    XLSX: a 明细 sheet with the template's columns (amounts as numbers to the fen, identifiers as text)
    and a 汇总 sheet (by township, by programme, total). CSV: the detail rows only; the summary comes back
    in ``BankFileInfo.summary`` (see :func:`bank_summary_write`). A GBK template refuses characters GBK
    cannot hold, whatever the format, because the bank's system reads GBK.

    Raises :class:`BankFileRejected` naming every bad row (empty name or account, bad amount, duplicate
    明细编号, character outside GBK, a CSV column that begins like a formula…) and ValidationFailed when
    there are no rows; ``out`` is then untouched.
    """
    month_text = f"{month.year}年{month.month}月"
    fields = [c.field for c in template.columns]
    headers = {c.field: c.header for c in reversed(template.columns)}
    tally = _Tally(program_label or NO_PROGRAM)
    refs: set[str] = set()
    problems: list[RowError] = []
    bad_rows = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        sink = (_XlsxSink if template.file_format == "xlsx" else _CsvSink)(template, spool)
        for seq, row in enumerate(rows, start=1):
            program = row.program or program_label
            remark = template.remark.format(
                county=county,
                month=month_text,
                program=program,
                township=row.township,
                village=row.village,
                name=row.name,
            )
            if not row.line_ref.strip():
                problem: tuple[str, str] | None = ("line_ref", "为空")
            elif row.line_ref in refs:
                problem = ("line_ref", f"“{row.line_ref}”与前面的行重复")
            else:
                problem = _problem(
                    row, fields, remark, template.encoding == "gbk", template.file_format == "csv"
                )
            if problem is not None:
                bad_rows += 1
                if len(problems) < MAX_LISTED:
                    field, reason = problem
                    column = headers.get(field, FIELDS[field])
                    who = f"{row.name or '姓名为空'}，明细编号{row.line_ref or '为空'}"
                    problems.append(RowError(seq + 1, column, f"第{seq + 1}行（{who}）{column}{reason}"))
                continue
            refs.add(row.line_ref)
            tally.add(row)
            if bad_rows:
                continue  # the file is refused anyway; keep checking, stop writing
            values = {"seq": seq, "amount": yuan(row.amount), "remark": remark, "program": program}
            sink.write([values[f] if f in values else getattr(row, f) for f in fields])
        if bad_rows or not tally.count:
            sink.finish(None)  # close cleanly; the spool and its half-built file are thrown away
            if bad_rows:
                raise BankFileRejected(problems, bad_rows)
            raise ValidationFailed.on("rows", "没有需要代发的明细，未生成文件")
        summary = tally.summary(f"{county}{month_text}{program_label}代发汇总（代发银行：{template.name}）")
        sink.finish(summary)
        spool.seek(0)
        sha256 = _copy_hashed(spool, out)
    name = f"{county}{month.year}年{month.month:02d}月{program_label}代发-{template.name}"
    return BankFileInfo(
        count=summary.count,
        total=summary.total,
        sha256=sha256,
        filename=f"{_UNSAFE_IN_FILENAME.sub('_', name)}.{template.file_format}",
        summary=summary,
    )


def bank_summary_write(*, summary: BankSummary, out: BinaryIO) -> str:
    """The 汇总 on its own as a one-sheet XLSX (to offer beside a CSV payment file); returns its SHA-256."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        book = XlsxStream(spool, [SUMMARY_SHEET])
        _summary_sheet(book.next_sheet((28, 10, 16)), summary)
        book.close()
        spool.seek(0)
        return _copy_hashed(spool, out)


__all__ = [
    "BankFileInfo",
    "BankFileRejected",
    "BankRow",
    "BankSummary",
    "RowError",
    "SummaryLine",
    "bank_file_write",
    "bank_summary_write",
]
