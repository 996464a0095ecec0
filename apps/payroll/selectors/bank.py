"""Reading a payroll's bank side: its templates, payment and return files, the 应发/实发/失败 reconciliation
by township × programme, and the 失败重发 list.

Every function checks the capability (查看发放) and then the payroll's county against the actor's area:
a payroll outside it answers NotFound, as a missing one does. Sums are exact to the fen (summed in SQL
as integer fen, see :func:`apps.payroll.services.prepare.cents`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import connection

from apps.areas.models import Area
from apps.assistance.choices import Program
from apps.core.db import cents_sum_sql
from apps.core.scoping import code_in_scope, require
from apps.payroll.documents import template_from_dict
from apps.payroll.models import (
    BankTemplateConfig,
    LineStatus,
    PaymentFile,
    Payroll,
    PayrollLine,
    ReturnFile,
)
from apps.payroll.services.bank import account_corrected, area_names, line_ref
from apps.payroll.services.bank_templates import bank_templates_seed
from apps.registry.choices import AccountType
from apps.registry.models import Household
from policy.errors import NotFound
from policy.money import yuan_from_cents
from policy.privacy import mask_account, mask_id_number
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

TOTAL_LABEL = "合计"
_ACCOUNT_TYPES = dict(AccountType.choices)


def _check(actor: User, payroll: Payroll) -> None:
    require(actor, Capability.VIEW_PAYROLL)
    if not code_in_scope(actor, payroll.county_id):
        raise NotFound()


# ---------------------------------------------------------------- templates and files


@dataclass(frozen=True, slots=True)
class BankTemplateInfo:
    """A stored template as a list shows it; ``has_returns`` says whether its 回盘 layout is set."""

    id: int
    code: str
    name: str
    file_format: str
    encoding: str
    has_returns: bool
    is_default: bool


def bank_templates_for(*, actor: User, county: str) -> list[BankTemplateInfo]:
    """The county's bank templates, default first (the example presets are stored on first use)."""
    require(actor, Capability.VIEW_PAYROLL)
    area = Area.objects.filter(pk=county).first()
    if area is None or not code_in_scope(actor, county):
        raise NotFound()
    bank_templates_seed(county=area)
    out = []
    for config in BankTemplateConfig.objects.filter(county=area).order_by("-is_default", "code"):
        template = template_from_dict(data=config.spec)
        out.append(
            BankTemplateInfo(
                id=config.pk,
                code=config.code,
                name=config.name,
                file_format=template.file_format,
                encoding=template.encoding,
                has_returns=template.returns is not None,
                is_default=config.is_default,
            )
        )
    return out


def bank_template_get_for(*, actor: User, template_id: object) -> BankTemplateConfig:
    """One stored template (to edit it: MANAGE_BANKS), inside the actor's area."""
    require(actor, Capability.MANAGE_BANKS)
    try:
        config = BankTemplateConfig.objects.filter(pk=template_id).first()
    except (TypeError, ValueError):
        config = None
    if config is None or not code_in_scope(actor, config.county_id):
        raise NotFound()
    return config


def payment_files_for(*, actor: User, payroll: Payroll) -> list[PaymentFile]:
    """Every payment and re-issue file of the payroll, oldest first (download through
    :func:`apps.payroll.services.bank.payment_file_open`)."""
    _check(actor, payroll)
    return list(
        PaymentFile.objects.filter(payroll=payroll).select_related("created_by").order_by("created_at", "pk")
    )


def return_files_for(*, actor: User, payroll: Payroll) -> list[ReturnFile]:
    """Every return file that changed the payroll, oldest first."""
    _check(actor, payroll)
    return list(
        ReturnFile.objects.filter(payroll=payroll).select_related("created_by").order_by("created_at", "pk")
    )


# ---------------------------------------------------------------- reconciliation


@dataclass(frozen=True, slots=True)
class ReconLine:
    """One township × programme (or the 合计 row: ``township == "合计"``, codes empty).

    应发 (due) = the lines sent to the bank = 实发 (paid) + 失败 (failed) + 未回盘 (pending); 暂缓 (held)
    lines were never sent and are counted apart."""

    township_code: str
    township: str
    program: str
    program_label: str
    due_count: int
    due_amount: Decimal
    paid_count: int
    paid_amount: Decimal
    failed_count: int
    failed_amount: Decimal
    pending_count: int
    pending_amount: Decimal
    held_count: int
    held_amount: Decimal


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """``rows`` by township then programme, with the 合计 row last (also as ``total``)."""

    payroll: Payroll
    rows: list[ReconLine]

    @property
    def total(self) -> ReconLine:
        return self.rows[-1]


def _bucket(condition: str) -> str:
    return f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0), " + cents_sum_sql(
        f"CASE WHEN {condition} THEN amount ELSE 0 END"
    )


def reconciliation_for(*, actor: User, payroll: Payroll) -> Reconciliation:
    """应发/实发/失败 (and 未回盘, 暂缓) counts and amounts by township × programme, with a 合计 row."""
    _check(actor, payroll)
    sent = "status <> %s AND amount > 0"
    columns = ", ".join(
        [
            _bucket(sent),
            _bucket("status = %s"),
            _bucket("status = %s"),
            _bucket("status = %s AND amount > 0"),
            _bucket("status = %s"),
        ]
    )
    statuses = [LineStatus.HELD, LineStatus.PAID, LineStatus.FAILED, LineStatus.PENDING, LineStatus.HELD]
    # each bucket's condition appears twice (count and amount)
    params = [s.value for s in statuses for _ in range(2)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT township_id, program, {columns} FROM payroll_payrollline WHERE payroll_id = %s "
            "GROUP BY township_id, program ORDER BY township_id, program",
            [*params, payroll.pk],
        )
        found = cursor.fetchall()
    names = dict(Area.objects.filter(pk__in={row[0] for row in found}).values_list("code", "name"))
    labels = dict(Program.choices)
    rows = []
    totals = [0] * 10
    for township, program, *figures in found:
        totals = [a + int(b) for a, b in zip(totals, figures, strict=True)]
        rows.append(
            _recon(township, names.get(township, township), program, labels.get(program, program), figures)
        )
    rows.append(_recon("", TOTAL_LABEL, "", "", totals))
    return Reconciliation(payroll=payroll, rows=rows)


def _recon(code: str, township: str, program: str, label: str, figures: list[int]) -> ReconLine:
    """Figures come as (count, fen) pairs: due, paid, failed, pending, held."""
    values: list[int | Decimal] = []
    for i in range(0, 10, 2):
        values += [int(figures[i]), yuan_from_cents(int(figures[i + 1]))]
    return ReconLine(code, township, program, label, *values)  # type: ignore[arg-type]


# ---------------------------------------------------------------- re-issue


@dataclass(frozen=True, slots=True)
class ReissueItem:
    """A failed line: the account it failed on and the household's account in the registry now.

    Identifiers are masked for an actor who may not see them in full (e.g. 监督)."""

    line_id: int
    line_ref: str
    attempt: int
    payee_name: str
    payee_id_number: str
    township: str
    village: str
    program_label: str
    amount: Decimal
    reason: str
    failed_account_type: str
    failed_bank_name: str
    failed_account: str
    current_account_type: str
    current_bank_name: str
    current_account: str
    corrected: bool


def reissue_list_for(*, actor: User, payroll: Payroll) -> list[ReissueItem]:
    """The lines the bank failed, by township, village and line (few: only the failed ones)."""
    _check(actor, payroll)
    full = actor.can(Capability.REVEAL_IDENTIFIERS)
    failed = list(
        PayrollLine.objects.filter(payroll=payroll, status=LineStatus.FAILED).order_by(
            "township_id", "village_id", "pk"
        )
    )
    households = Household.objects.in_bulk({line.household_id for line in failed})
    names = area_names(payroll.county_id) if failed else {}
    labels = dict(Program.choices)
    items = []
    for line in failed:
        household = households.get(line.household_id)
        now = (
            (household.account_type, household.bank_name, household.account_number.strip())
            if household is not None
            else ("", "", "")
        )
        items.append(
            ReissueItem(
                line_id=line.pk,
                line_ref=line_ref(line.pk, line.attempt),
                attempt=line.attempt,
                payee_name=line.payee_name,
                payee_id_number=line.payee_id_number if full else mask_id_number(line.payee_id_number),
                township=names.get(line.township_id, ""),
                village=names.get(line.village_id, ""),
                program_label=labels.get(line.program, line.program),
                amount=line.amount,
                reason=line.bank_result,
                failed_account_type=_ACCOUNT_TYPES.get(line.account_type, line.account_type),
                failed_bank_name=line.bank_name,
                failed_account=line.account_number if full else mask_account(line.account_number),
                current_account_type=_ACCOUNT_TYPES.get(now[0], now[0]),
                current_bank_name=now[1],
                current_account=now[2] if full else mask_account(now[2]),
                corrected=household is not None and account_corrected(line, household),
            )
        )
    return items
