"""导入银行回盘: the bank's return file marks the lines it names as paid (已到账) or failed (发放失败).

All or nothing: a file with any bad row — unreadable, naming a line not sent in this payroll, disagreeing
on amount or account, or contradicting an answer already recorded — is refused with every problem and
its row number, and changes nothing. The lines are updated set-based (the file's answers go into a
temporary table, then one ``UPDATE`` for the paid and one for the failed), so a million-line return costs
two statements. Importing the same file again changes nothing: the exact bytes are recognised by their
SHA-256, and a re-saved copy only repeats answers already recorded. The payroll is 已对账 once no line
is still waiting for the bank.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from apps.core.db import cents_sum_sql
from apps.core.files import file_write, removed_on_error
from apps.core.models import AuditAction
from apps.core.services import audit_record
from apps.core.sheets import XLSX_MAGIC
from apps.payroll.documents import BankRow, ReturnResult, RowError, return_file_read, return_rows_match
from apps.payroll.models import LineStatus, Payroll, PayrollState, ReturnFile
from apps.payroll.services.bank import (
    FOLDER,
    line_ref,
    payroll_folder,
    payroll_for_bank,
    sent_lines,
)
from apps.payroll.services.bank_templates import bank_template_resolve
from apps.payroll.signals import payments_confirmed
from apps.registry.choices import AccountType
from policy.errors import Conflict, ValidationFailed
from policy.money import yuan, yuan_from_cents
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

Progress = Callable[[str, int, int], None]  # (stage, done, total)
STAGES = ("读取回盘文件", "核对代发明细", "更新发放状态")
TEMP = "payroll_recon"
BATCH = 10_000
_STATUS_LABELS = dict(LineStatus.choices)
_SAFE_EXT = re.compile(r"\.(xlsx|csv)$", re.IGNORECASE)


def _noop(stage: str, done: int, total: int) -> None:
    return None


class ReturnFileRejected(ValidationFailed):
    """The return file was not imported; ``problems`` lists every bad row (row 0 = the whole file)."""

    def __init__(self, problems: list[RowError]) -> None:
        self.problems = problems
        messages = [p.message for p in problems]
        shown = "；".join(messages[:3]) + (f"（共{len(problems)}处问题）" if len(problems) > 3 else "")
        super().__init__({"file": messages}, message=f"回盘文件有误，未导入：{shown}")


@dataclass(frozen=True, slots=True)
class ReconResult:
    """What an import did. ``return_file`` is None when it changed nothing (then ``duplicate_of`` names
    an earlier import of the very same bytes, if there was one)."""

    payroll: Payroll
    return_file: ReturnFile | None
    duplicate_of: ReturnFile | None
    rows: int
    paid: int
    paid_total: Decimal
    failed: int
    failed_total: Decimal
    unchanged: int


def _sent_rows(payroll: Payroll, result: ReturnResult) -> tuple[list[BankRow], dict[str, int]]:
    """The sent lines the file may be naming, as they were sent (current attempt and account), with each
    reference's line id. Only lines the file could match are kept, so memory follows the file's size."""
    refs = {row.line_ref for row in result.rows if row.line_ref}
    ids = {row.id_number for row in result.rows if not row.line_ref}
    rows: list[BankRow] = []
    ids_by_ref: dict[str, int] = {}
    fields = ("pk", "attempt", "payee_name", "payee_id_number", "account_type", "account_number", "amount")
    for pk, attempt, name, id_number, kind, account, amount in (
        sent_lines(payroll).values_list(*fields).iterator(chunk_size=5_000)
    ):
        ref = line_ref(pk, attempt)
        if ref in refs or id_number.upper() in ids:
            card = kind == AccountType.SSCARD
            account = account.strip()
            rows.append(
                BankRow(
                    ref,
                    name,
                    id_number,
                    "" if card else account,
                    account if card else "",
                    yuan(amount),
                    "",
                    "",
                    "",
                )
            )
            ids_by_ref[ref] = pk
    return rows, ids_by_ref


def _load(cursor: Any, answers: list[tuple[int, int, str, int]], progress: Progress) -> None:
    columns = "line_id bigint PRIMARY KEY, paid integer, reason text, row_number integer"
    if connection.vendor == "postgresql":
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {TEMP} ({columns}) ON COMMIT DROP")
        cursor.execute(f"TRUNCATE {TEMP}")
    else:
        cursor.execute(f"DROP TABLE IF EXISTS temp.{TEMP}")
        cursor.execute(f"CREATE TEMP TABLE {TEMP} ({columns})")
    for start in range(0, len(answers), BATCH):
        cursor.executemany(f"INSERT INTO {TEMP} VALUES (%s, %s, %s, %s)", answers[start : start + BATCH])
        progress(STAGES[2], min(start + BATCH, len(answers)), len(answers))


def _contradictions(cursor: Any) -> list[RowError]:
    """Rows that answer differently from what an earlier return file recorded for the same sending."""
    cursor.execute(
        f"SELECT x.row_number, l.payee_name, l.status FROM {TEMP} x "
        "JOIN payroll_payrollline l ON l.id = x.line_id "
        "WHERE (l.status = %s AND x.paid = 0) OR (l.status = %s AND x.paid = 1) "
        "ORDER BY x.row_number",
        [LineStatus.PAID.value, LineStatus.FAILED.value],
    )
    return [
        RowError(
            number,
            "",
            f"第{number}行（{name}）此前的回盘结果为“{_STATUS_LABELS[status]}”，与本文件不一致；"
            "请向银行核实后再导入",
        )
        for number, name, status in cursor.fetchall()
    ]


def _apply(cursor: Any, payroll: Payroll) -> dict[int, tuple[int, Decimal]]:
    """Mark the still-pending lines the file answers; returns {1: (paid, amount), 0: (failed, amount)}."""
    cursor.execute(
        f"SELECT x.paid, COUNT(*), {cents_sum_sql('l.amount')} FROM {TEMP} x "
        "JOIN payroll_payrollline l ON l.id = x.line_id WHERE l.status = %s GROUP BY x.paid",
        [LineStatus.PENDING.value],
    )
    changed = {paid: (count, yuan_from_cents(fen)) for paid, count, fen in cursor.fetchall()}
    cursor.execute(
        "UPDATE payroll_payrollline SET status = %s WHERE payroll_id = %s AND status = %s "
        f"AND id IN (SELECT line_id FROM {TEMP} WHERE paid = 1)",
        [LineStatus.PAID.value, payroll.pk, LineStatus.PENDING.value],
    )
    cursor.execute(
        "UPDATE payroll_payrollline SET status = %s, "
        f"bank_result = (SELECT x.reason FROM {TEMP} x WHERE x.line_id = payroll_payrollline.id) "
        "WHERE payroll_id = %s AND status = %s "
        f"AND id IN (SELECT line_id FROM {TEMP} WHERE paid = 0)",
        [LineStatus.FAILED.value, payroll.pk, LineStatus.PENDING.value],
    )
    return changed


def _nothing(payroll: Payroll, rows: int, earlier: ReturnFile | None = None) -> ReconResult:
    zero = Decimal("0.00")
    return ReconResult(
        payroll=payroll,
        return_file=None,
        duplicate_of=earlier,
        rows=rows,
        paid=0,
        paid_total=zero,
        failed=0,
        failed_total=zero,
        unchanged=rows,
    )


def _store(payroll: Payroll, content: bytes, filename: str, written: list[Path]) -> str:
    match = _SAFE_EXT.search(filename)
    ext = match.group(1).lower() if match else ("xlsx" if content[:4] == XLSX_MAGIC else "csv")
    under, prefix = payroll_folder(payroll), f"{payroll.pk}-return-"
    kept = file_write(folder=FOLDER, under=under, prefix=prefix, suffix=ext, content=content, kept=written)
    return kept.stored_path


def payroll_reconcile(
    *,
    actor: User,
    payroll: Payroll,
    content: bytes,
    filename: str,
    template_code: str = "",
    progress: Progress = _noop,
) -> ReconResult:
    """导入银行回盘 for ``payroll`` read with the return layout of the county's template ``template_code``
    ("" = the default). Raises :class:`ReturnFileRejected` listing every bad row; changes nothing then."""
    with removed_on_error() as written, transaction.atomic():
        locked = payroll_for_bank(actor=actor, payroll=payroll, capability=Capability.PREPARE_PAYROLL)
        if locked.state not in (PayrollState.EXPORTED, PayrollState.RECONCILED):
            raise Conflict(f"{locked}{locked.get_state_display()}，还没有生成银行代发文件，不能导入回盘")
        config, template = bank_template_resolve(county=locked.county, code=template_code)
        if template.returns is None:
            raise ValidationFailed.on("template_code", f"银行模板“{config.name}”没有设置回盘格式，请先设置")
        sha256 = hashlib.sha256(content).hexdigest()
        earlier = ReturnFile.objects.filter(payroll=locked, sha256=sha256).order_by("pk").first()
        if earlier is not None:
            return _nothing(locked, earlier.row_count, earlier)
        progress(STAGES[0], 0, 1)
        read = return_file_read(content=content, filename=filename, template=template.returns)
        progress(STAGES[0], 1, 1)
        progress(STAGES[1], 0, 1)
        sent, ids_by_ref = _sent_rows(locked, read)
        matched = return_rows_match(result=read, lines=sent, template=template.returns)
        progress(STAGES[1], 1, 1)
        if matched.errors:
            raise ReturnFileRejected(matched.errors)
        del read, sent  # a million-row file: free each copy as soon as the next one is built
        answers = [(ids_by_ref[r.line_ref], int(r.paid), r.reason[:200], r.row_number) for r in matched.rows]
        del matched, ids_by_ref
        with connection.cursor() as cursor:
            _load(cursor, answers, progress)
            contradictions = _contradictions(cursor)
            if contradictions:
                raise ReturnFileRejected(contradictions)
            changed = _apply(cursor, locked)
        paid, paid_total = changed.get(1, (0, Decimal("0.00")))
        failed, failed_total = changed.get(0, (0, Decimal("0.00")))
        unchanged = len(answers) - paid - failed
        if not paid and not failed:  # every answer was recorded already: nothing to keep
            return _nothing(locked, len(answers))
        if not sent_lines(locked).filter(status=LineStatus.PENDING).exists():
            locked.state = PayrollState.RECONCILED
            locked.save(update_fields=["state"])
        return_file = ReturnFile.objects.create(
            payroll=locked,
            template_code=config.code,
            filename=filename[:200],
            stored_path=_store(locked, content, filename, written),
            sha256=sha256,
            row_count=len(answers),
            paid_count=paid,
            paid_total=paid_total,
            failed_count=failed,
            failed_total=failed_total,
            unchanged_count=unchanged,
            created_by=actor,
            created_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            entity=return_file,
            area_code=locked.county_id,
            summary=(
                f"导入{locked.county.name}{locked}银行回盘“{return_file.filename}”：到账{paid}笔{paid_total}元，"
                f"失败{failed}笔{failed_total}元，此前已处理{unchanged}笔"
                + ("；已全部对账" if locked.state == PayrollState.RECONCILED else "")
            ),
        )
        county, month = locked.county_id, locked.month
        transaction.on_commit(lambda: payments_confirmed.send(sender=Payroll, county=county, month=month))
    return ReconResult(
        payroll=locked,
        return_file=return_file,
        duplicate_of=None,
        rows=len(answers),
        paid=paid,
        paid_total=paid_total,
        failed=failed,
        failed_total=failed_total,
        unchanged=unchanged,
    )
