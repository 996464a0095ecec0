"""生成银行代发文件 and 失败重发: an approved payroll's pending lines go to the paying bank as a file.

Every file is kept under ``VAR_DIR/payroll/<county>/<YYYY-MM>/`` with a unique name and never overwritten;
its :class:`PaymentFile` row (SHA-256 of the stored bytes, count, total) is written in the same transaction,
and the file is removed again if that transaction fails in here. Lines stream from the database, so a
million-line payroll costs little memory. Each sending of a line is one attempt, named in the file's
明细编号 (:func:`line_ref`), so a return file can only ever answer for the attempt it was made for.

Bank files hold full ID and account numbers: opening one is audited (:func:`payment_file_open`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.areas.models import Area
from apps.assistance.choices import Program
from apps.core.files import CONTENT_TYPES, StoredFile, file_check, removed_on_error, root, stored_name
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record
from apps.payroll.documents import BankRow, BankTemplate, bank_file_write, bank_summary_write
from apps.payroll.models import (
    BankTemplateConfig,
    LineStatus,
    PaymentFile,
    PaymentFileKind,
    Payroll,
    PayrollLine,
    PayrollState,
)
from apps.payroll.services.bank_templates import bank_template_resolve
from apps.registry.choices import AccountType
from apps.registry.models import Household
from policy.areas import area_code_range
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.money import yuan
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

Progress = Callable[[str, int, int], None]  # (stage, rows done, rows in all), as in prepare.STAGES
WRITE_STAGE = "写入银行代发文件"
PROGRESS_EVERY = 10_000
PROGRAM_LABELS = dict(Program.choices)
_ROW_FIELDS = (
    "pk",
    "attempt",
    "payee_name",
    "payee_id_number",
    "account_type",
    "account_number",
    "amount",
    "township_id",
    "village_id",
    "program",
)
FOLDER = "payroll"  # under VAR_DIR


def _noop(stage: str, done: int, total: int) -> None:
    return None


def payroll_root() -> Path:
    """Where payment and return files are kept (a deployment setting: ``MINZHENG_VAR_DIR``)."""
    return root(FOLDER)


def line_ref(pk: int, attempt: int) -> str:
    """The 明细编号 of one sending of a line: PL123 the first time, PL123-2 when re-issued."""
    return f"PL{pk}" if attempt <= 1 else f"PL{pk}-{attempt}"


def sent_lines(payroll: Payroll) -> QuerySet[PayrollLine]:
    """Lines that go, or went, to the bank: not held, and with something to pay."""
    return PayrollLine.objects.filter(
        payroll=payroll,
        status__in=[LineStatus.PENDING, LineStatus.PAID, LineStatus.FAILED],
        amount__gt=0,
    )


def payroll_for_bank(*, actor: User, payroll: Payroll, capability: Capability) -> Payroll:
    """The payroll row locked for a bank operation, after the capability and then the area check."""
    require(actor, capability)
    if not code_in_scope(actor, payroll.county_id):
        raise NotFound()
    return Payroll.objects.select_for_update().select_related("county").get(pk=payroll.pk)


def program_label(payroll: Payroll) -> str:
    return payroll.get_program_display() if payroll.program else "全部项目"


def area_names(county: str) -> dict[str, str]:
    """Names of every township and village of the county (a few thousand at most)."""
    low, high = area_code_range(county)
    return dict(Area.objects.filter(code__gte=low, code__lte=high).values_list("code", "name"))


def _bank_rows(
    lines: QuerySet[PayrollLine], names: dict[str, str], progress: Progress, template: BankTemplate
) -> Iterator[BankRow]:
    # A 社保卡 with financial functions is a bank card: a layout with only one of the two columns takes
    # either number in it; a layout with both puts each in its own column.
    fields = {column.field for column in template.columns}
    both = {"account", "social_card"} <= fields
    total = lines.count()
    progress(WRITE_STAGE, 0, total)
    ordered = lines.order_by("township_id", "village_id", "pk").values_list(*_ROW_FIELDS)
    done = 0
    for pk, attempt, name, id_number, kind, account, amount, town, village, program in ordered.iterator(
        chunk_size=5_000
    ):
        card = kind == AccountType.SSCARD if both else "social_card" in fields
        yield BankRow(
            line_ref=line_ref(pk, attempt),
            name=name,
            id_number=id_number,
            account="" if card else account,
            social_card=account if card else "",
            amount=yuan(amount),
            township=names.get(town, ""),
            village=names.get(village, ""),
            program=PROGRAM_LABELS.get(program, program),
        )
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(WRITE_STAGE, done, total)
    progress(WRITE_STAGE, done, total)


def payroll_folder(payroll: Payroll) -> str:
    """Where a payroll's bank files are kept, inside :func:`payroll_root`."""
    return f"{payroll.county_id}/{payroll.month:%Y-%m}"


def _write_payment_file(
    *,
    actor: User,
    payroll: Payroll,
    config: BankTemplateConfig,
    template: BankTemplate,
    lines: QuerySet[PayrollLine],
    kind: PaymentFileKind,
    progress: Progress,
    written: list[Path],
) -> PaymentFile:
    root = payroll_root()
    stored = stored_name(
        under=payroll_folder(payroll), prefix=f"{payroll.pk}-{kind}-", suffix=template.file_format
    )
    path = root / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as out:  # "x": a stored file is never overwritten
        written.append(path)
        info = bank_file_write(
            rows=_bank_rows(lines, area_names(payroll.county_id), progress, template),
            template=template,
            county=payroll.county.name,
            month=payroll.month,
            program_label=program_label(payroll),
            out=out,
        )
    summary_path = summary_sha = ""
    if template.file_format == "csv":  # a CSV has no room for the 汇总: it goes beside it as XLSX
        summary_path = stored.rsplit(".", 1)[0] + "-summary.xlsx"
        with (root / summary_path).open("xb") as out:
            written.append(root / summary_path)
            summary_sha = bank_summary_write(summary=info.summary, out=out)
    prefix = "失败重发-" if kind == PaymentFileKind.REISSUE else ""
    return PaymentFile.objects.create(
        payroll=payroll,
        kind=kind,
        template_code=config.code,
        bank_name=config.name,
        filename=f"{prefix}{info.filename}",
        stored_path=stored,
        sha256=info.sha256,
        summary_path=summary_path,
        summary_sha256=summary_sha,
        line_count=info.count,
        total=info.total,
        created_by=actor,
        created_at=timezone.now(),
    )


def payroll_export(
    *, actor: User, payroll: Payroll, template_code: str = "", progress: Progress = _noop
) -> PaymentFile:
    """生成银行代发文件 of an approved payroll's pending lines with the county's template ``template_code``
    ("" = its default). Re-exporting makes another file and keeps the earlier ones. The payroll becomes
    已生成银行文件. Raises BankFileRejected naming every row the bank could not take (nothing is kept)."""
    with removed_on_error() as written, transaction.atomic():
        locked = payroll_for_bank(actor=actor, payroll=payroll, capability=Capability.PREPARE_PAYROLL)
        if locked.state == PayrollState.PREPARED:
            raise Conflict(f"{locked}尚未审批，不能生成银行代发文件")
        lines = sent_lines(locked).filter(status=LineStatus.PENDING)
        if not lines.exists():
            failed = sent_lines(locked).filter(status=LineStatus.FAILED).count()
            hint = f"；{failed}笔发放失败的明细请在更正账户后“失败重发”" if failed else ""
            raise Conflict(f"{locked}没有待发放的明细{hint}")
        config, template = bank_template_resolve(county=locked.county, code=template_code)
        file = _write_payment_file(
            actor=actor,
            payroll=locked,
            config=config,
            template=template,
            lines=lines,
            kind=PaymentFileKind.PAYMENT,
            progress=progress,
            written=written,
        )
        locked.state = PayrollState.EXPORTED
        locked.save(update_fields=["state"])
        _audit_file(actor=actor, payroll=locked, file=file)
    return file


def _audit_file(*, actor: User, payroll: Payroll, file: PaymentFile) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        entity=file,
        area_code=payroll.county_id,
        summary=(
            f"生成{payroll.county.name}{payroll.title}（{payroll.number}）{file.get_kind_display()}（{file.bank_name}）："
            f"{file.line_count}笔，{file.total}元，SHA-256 {file.sha256}"
        ),
    )


def account_corrected(line: PayrollLine, household: Household) -> bool:
    """True when the household's account now differs from the one the line failed on."""
    return (household.account_type, household.account_number.strip()) != (
        line.account_type,
        line.account_number.strip(),
    )


def _reissued(failed: list[PayrollLine], include_uncorrected: bool) -> list[PayrollLine]:
    """The failed lines to send again, each switched to its household's current account."""
    households = Household.objects.in_bulk({line.household_id for line in failed})
    chosen = []
    for line in failed:
        household = households.get(line.household_id)
        if household is None or not (include_uncorrected or account_corrected(line, household)):
            continue
        line.failed_account = line.account_number
        line.account_type = household.account_type
        line.bank_name = household.bank_name
        line.account_number = household.account_number.strip()
        line.attempt += 1
        line.status = LineStatus.PENDING
        chosen.append(line)
    return chosen


def payroll_reissue(
    *,
    actor: User,
    payroll: Payroll,
    template_code: str = "",
    include_uncorrected: bool = False,
    progress: Progress = _noop,
) -> PaymentFile:
    """失败重发: failed lines whose household account has since been corrected in the registry (or every
    failed line, with ``include_uncorrected``) take the household's current account — the one they failed
    on is kept in ``failed_account`` — become pending again as a new attempt, and go into a 重发 file."""
    with removed_on_error() as written, transaction.atomic():
        locked = payroll_for_bank(actor=actor, payroll=payroll, capability=Capability.PREPARE_PAYROLL)
        if locked.state not in (PayrollState.EXPORTED, PayrollState.RECONCILED):
            raise Conflict(f"{locked}{locked.get_state_display()}，还没有银行回盘，不能失败重发")
        failed = list(sent_lines(locked).filter(status=LineStatus.FAILED).order_by("pk"))
        if not failed:
            raise ValidationFailed.on("lines", f"{locked}没有发放失败的明细")
        chosen = _reissued(failed, include_uncorrected)
        if not chosen:
            raise ValidationFailed.on(
                "lines",
                f"{len(failed)}笔发放失败的明细，其家庭的发放账户都还没有更正：请先在家庭信息中更正账户，"
                "或选择按原账户全部重发",
            )
        fields = ["failed_account", "account_type", "bank_name", "account_number", "attempt", "status"]
        PayrollLine.objects.bulk_update(chosen, fields)  # the failed few, never the whole payroll
        config, template = bank_template_resolve(county=locked.county, code=template_code)
        file = _write_payment_file(
            actor=actor,
            payroll=locked,
            config=config,
            template=template,
            lines=PayrollLine.objects.filter(payroll=locked, pk__in=[line.pk for line in chosen]),
            kind=PaymentFileKind.REISSUE,
            progress=progress,
            written=written,
        )
        locked.state = PayrollState.EXPORTED  # lines are pending again until the bank answers
        locked.save(update_fields=["state"])
        _audit_file(actor=actor, payroll=locked, file=file)
    return file


@transaction.atomic
def payment_file_open(*, actor: User, file_id: Any, summary: bool = False) -> StoredFile:
    """A payment file (or, with ``summary``, its 汇总 XLSX) for download: scoped, capability-checked
    (查看发放 and 导出个人数据), checked against its recorded SHA-256, and audited."""
    require(actor, Capability.VIEW_PAYROLL)
    require(actor, Capability.EXPORT_PERSONAL_DATA)
    try:
        file = PaymentFile.objects.select_related("payroll__county").filter(pk=file_id).first()
    except (TypeError, ValueError):
        file = None
    if file is None or not code_in_scope(actor, file.payroll.county_id):
        raise NotFound()
    stored, expected = (
        (file.summary_path, file.summary_sha256) if summary else (file.stored_path, file.sha256)
    )
    if not stored:
        raise NotFound("该文件没有单独的汇总表（汇总在文件的“汇总”工作表中）")
    path = file_check(folder=FOLDER, stored_path=stored, sha256=expected)
    what = "汇总表" if summary else file.get_kind_display()
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        entity=file,
        area_code=file.payroll.county_id,
        summary=f"下载{file.payroll.county.name}{file.payroll}{what}“{file.filename}”（{file.line_count}笔）",
    )
    if summary:
        name = file.filename.rsplit(".", 1)[0] + "-汇总.xlsx"
        return StoredFile(path, name, CONTENT_TYPES["xlsx"], expected)
    ext = file.stored_path.rsplit(".", 1)[-1]
    return StoredFile(path, file.filename, CONTENT_TYPES.get(ext, "application/octet-stream"), expected)
