"""Reading the bank's return file (回盘): which lines were paid, which failed and why; and the 应发/实发/失败
reconciliation figures.

The file is all or nothing: :func:`return_file_read` reports every bad row (row number, column, Chinese
reason) and then gives no rows at all, so the caller refuses the whole file rather than half-applying it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from apps.core.sheets import SheetRefused, cell_text, sheet_cells
from apps.payroll.documents.payment import NO_TOWNSHIP, BankRow, RowError
from apps.payroll.documents.templates import ReturnTemplate
from policy.errors import ValidationFailed
from policy.money import parse_yuan

HEADER_SEARCH_ROWS = 10  # banks put a title or a date above the header
TOTAL_LABEL = "合计"


@dataclass(frozen=True, slots=True)
class ReturnRow:
    """One line of a return file. ``line_ref`` is "" when the bank does not echo it, until
    :func:`return_rows_match` fills it in; ``amount`` is None when the file has no amount column."""

    line_ref: str
    id_number: str
    account: str
    amount: Decimal | None
    paid: bool
    reason: str
    row_number: int


@dataclass(frozen=True, slots=True)
class ReturnResult:
    """Rows, or errors: when ``errors`` is not empty ``rows`` is empty and the whole file is refused."""

    rows: list[ReturnRow]
    errors: list[RowError]


@dataclass(frozen=True, slots=True)
class ReconRow:
    """应发 / 实发 / 失败 for one township × programme; the last row of :func:`summary_rows` is 合计."""

    township: str
    program: str
    due_count: int
    due_amount: Decimal
    paid_count: int
    paid_amount: Decimal
    failed_count: int
    failed_amount: Decimal


def _identifier(value: object) -> tuple[str, str | None]:
    """An ID or account number as text, or the reason it cannot be trusted."""
    if isinstance(value, float) and abs(value) >= 1e15:
        return "", "被存成了数字，超过15位的数字已失真，请让银行按文本格式导出"
    return "".join(cell_text(value).split()).upper(), None


def return_file_read(*, content: bytes, filename: str, template: ReturnTemplate) -> ReturnResult:
    """Read a return file (XLSX, or CSV in UTF-8 with or without BOM, or GBK) with ``template``.

    The header is the first of the first ten rows holding every configured column. Blank rows and rows
    starting with a footer marker (合计…) are skipped. Each bad row is reported with its number, column
    and reason: empty or duplicate reference, missing or mangled ID/account, bad amount, empty or unknown
    result. Whole-file problems use row 0. A failed line's reason is the reason column, or else the
    result value (e.g. 户名不符).
    """
    t = template
    wanted = [h for h in (t.ref_header, t.id_header, t.account_header, t.amount_header) if h]
    wanted += [h for h in (t.result_header, t.reason_header) if h]
    reader: _RowReader | None = None
    best: tuple[int, list[str]] = (0, wanted)
    try:
        for number, values in sheet_cells(content, sheet=t.sheet):
            if reader is not None:
                first = next((x for x in map(cell_text, values) if x), "")
                if first and not first.startswith(t.footer_markers):
                    reader.read(number, values)
                continue
            texts = [cell_text(v) for v in values]
            missing = [h for h in wanted if h not in texts]
            if not missing:
                reader = _RowReader(t, {h: texts.index(h) for h in wanted})
            elif len(missing) < len(best[1]):
                best = (number, missing)
            if reader is None and number >= HEADER_SEARCH_ROWS:
                break
    except SheetRefused as exc:
        return ReturnResult(rows=[], errors=[RowError(0, "", f"“{filename}”：{exc.message}")])
    if reader is None:
        number, missing = best
        if number == 0:
            shown = "、".join(wanted)
            message = (
                f"没有找到表头：前{HEADER_SEARCH_ROWS}行中应有“{shown}”等列，请确认回盘文件与银行模板一致"
            )
            return ReturnResult(rows=[], errors=[RowError(0, "", message)])
        return ReturnResult(
            rows=[], errors=[RowError(number, h, f"第{number}行表头缺少“{h}”列") for h in missing]
        )
    errors = reader.errors
    if reader.unknown_result:
        accepted = f"成功为{'、'.join(t.paid_values)}；失败为{'、'.join(t.failed_values)}"
        errors.append(RowError(0, t.result_header, f"“{t.result_header}”可以识别的值：{accepted}"))
    if not errors and not reader.rows:
        errors.append(RowError(0, "", "回盘文件中没有数据行"))
    return ReturnResult(rows=[] if errors else reader.rows, errors=errors)


class _RowReader:
    """Turns data rows into ReturnRows, collecting one RowError per bad cell."""

    def __init__(self, template: ReturnTemplate, index: dict[str, int]) -> None:
        self.t = template
        self.index = index
        self.outcome = {v.strip().casefold(): True for v in template.paid_values}
        self.outcome |= {v.strip().casefold(): False for v in template.failed_values}
        self.rows: list[ReturnRow] = []
        self.errors: list[RowError] = []
        self.seen: dict[str, int] = {}
        self.unknown_result = False
        self.number = 0

    def _bad(self, header: str, reason: str) -> None:
        self.errors.append(RowError(self.number, header, f"第{self.number}行“{header}”{reason}"))

    def read(self, number: int, values: tuple[object, ...]) -> None:
        t, self.number, before = self.t, number, len(self.errors)

        def cell(header: str) -> object:
            at = self.index.get(header) if header else None
            return values[at] if at is not None and at < len(values) else None

        # Without an echoed reference the line is found by ID + account + amount, so those must be there.
        keyed = not t.ref_header
        ref = cell_text(cell(t.ref_header))
        if t.ref_header and not ref:
            self._bad(t.ref_header, "为空，无法对应代发明细")
        elif ref in self.seen:
            self._bad(t.ref_header, f"“{ref}”与第{self.seen[ref]}行重复")
        elif ref:
            self.seen[ref] = number
        found = []
        for header in (t.id_header, t.account_header):
            value, problem = _identifier(cell(header))
            if header and (problem or (keyed and not value)):
                self._bad(header, problem or "为空，无法对应代发明细")
            found.append(value)
        amount: Decimal | None = None
        raw = cell(t.amount_header)
        if cell_text(raw):
            try:
                amount = parse_yuan(repr(raw) if isinstance(raw, float) else raw)
            except ValidationFailed as exc:
                self._bad(t.amount_header, f"：{exc.message}")
        elif keyed:
            self._bad(t.amount_header, "为空，无法对应代发明细")
        result = cell_text(cell(t.result_header))
        paid = self.outcome.get(result.casefold())
        if paid is None:
            self.unknown_result = self.unknown_result or bool(result)
            self._bad(t.result_header, f"“{result}”无法识别" if result else "为空")
        elif len(self.errors) == before:
            reason = "" if paid else cell_text(cell(t.reason_header)) or result
            self.rows.append(ReturnRow(ref, found[0], found[1], amount, paid, reason, number))


def return_rows_match(
    *, result: ReturnResult, lines: Iterable[BankRow], template: ReturnTemplate
) -> ReturnResult:
    """Tie every return row to a line of the payment file that was sent (``lines``).

    An echoed 明细编号 must be one of ``lines`` and any echoed 身份证号/账号/金额 must agree with it.
    Without one, a row matches a line by 身份证号 + 账号 (or 社保卡号) + 金额; when several lines share
    that key and the bank's results for them differ, they cannot be told apart and are refused. The
    answer has ``line_ref`` filled in on every row, or errors and no rows.
    """
    if result.errors:
        return result
    t = template
    by_ref: dict[str, BankRow] = {}
    by_key: dict[tuple[str, str, Decimal], list[str]] = {}
    for line in lines:
        by_ref[line.line_ref] = line
        for account in {line.account, line.social_card} - {""}:
            by_key.setdefault(_key(line.id_number, account, line.amount), []).append(line.line_ref)
    outcomes: dict[tuple[str, str, Decimal], set[bool]] = {}
    for row in result.rows:
        if not row.line_ref and row.amount is not None:
            outcomes.setdefault(_key(row.id_number, row.account, row.amount), set()).add(row.paid)
    errors: list[RowError] = []
    matched: list[ReturnRow] = []
    taken: set[str] = set()
    # Where the next free line of each key is looked for: each line is passed over once, not once per row,
    # so thousands of rows sharing one key stay linear.
    next_free: dict[tuple[str, str, Decimal], int] = {}
    for row in result.rows:
        n = row.row_number

        def bad(header: str, reason: str, n: int = n) -> None:
            errors.append(RowError(n, header, f"第{n}行{reason}"))

        if row.line_ref:
            sent = by_ref.get(row.line_ref)
            if sent is None:
                bad(t.ref_header, f"明细编号“{row.line_ref}”不在本次代发明细中")
            elif row.amount is not None and row.amount != sent.amount:
                bad(t.amount_header, f"金额{row.amount}元与代发明细的{sent.amount}元不符")
            elif row.id_number and row.id_number != sent.id_number.upper():
                bad(t.id_header, f"身份证号与代发明细（{sent.name}）不符")
            elif row.account and row.account not in {sent.account, sent.social_card}:
                bad(t.account_header, f"账号与代发明细（{sent.name}）不符")
            else:
                matched.append(row)
            continue
        key = _key(row.id_number, row.account, row.amount or Decimal(0))
        candidates = by_key.get(key, [])
        at = next_free.get(key, 0)
        while at < len(candidates) and candidates[at] in taken:  # a line taken by another key's account
            at += 1
        next_free[key] = at
        free = candidates[at] if at < len(candidates) else None
        who = f"身份证号{row.id_number}、账号{row.account}、金额{row.amount}元"
        if free is None:
            found = f"在本次代发明细中找不到{who}的记录"
            bad(t.id_header, f"{who}的回盘记录多于代发明细的{len(candidates)}笔" if candidates else found)
        elif len(candidates) > 1 and len(outcomes[key]) > 1:
            bad(t.id_header, f"{who}有{len(candidates)}笔代发且结果不一，无法区分，请让银行带回明细编号")
        else:
            taken.add(free)
            matched.append(replace(row, line_ref=free))
    return ReturnResult(rows=[] if errors else matched, errors=errors)


def _key(id_number: str, account: str, amount: Decimal) -> tuple[str, str, Decimal]:
    return ("".join(id_number.split()).upper(), "".join(account.split()), amount)


def summary_rows(*, lines: Iterable[tuple[str, str, Decimal, bool | None]]) -> list[ReconRow]:
    """应发 (every line), 实发 (paid) and 失败 (failed) per (township, programme) in first-seen order, then a
    合计 row. Each line is (township, programme, amount, paid), paid None while the bank has not answered."""
    table: dict[tuple[str, str], list[Decimal]] = {}
    total = [Decimal("0.00")] * 6
    for township, program, amount, paid in lines:
        figures = table.setdefault((township or NO_TOWNSHIP, program), [Decimal("0.00")] * 6)
        for target in (figures, total):
            target[0] += 1
            target[1] += amount
            if paid is not None:
                slot = 2 if paid else 4
                target[slot] += 1
                target[slot + 1] += amount

    def recon(township: str, program: str, f: list[Decimal]) -> ReconRow:
        return ReconRow(township, program, int(f[0]), f[1], int(f[2]), f[3], int(f[4]), f[5])

    return [recon(t, p, f) for (t, p), f in table.items()] + [recon(TOTAL_LABEL, "", total)]


__all__ = ["ReconRow", "ReturnResult", "ReturnRow", "return_file_read", "return_rows_match", "summary_rows"]
