"""银行代发文件, 回盘 and 失败重发 for an approved payroll, through the real services: five 低保 cases in two
townships (one held), exported as GBK CSV and XLSX, answered by the bank with two failures, one account
corrected and re-issued, then paid."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from apps.core.models import AuditAction, AuditLog
from apps.payroll.documents import BankFileRejected, default_templates, template_from_dict, template_to_dict
from apps.payroll.models import (
    BankTemplateConfig,
    LineStatus,
    PaymentFile,
    PaymentHold,
    Payroll,
    PayrollLine,
    PayrollState,
    ReturnFile,
)
from apps.payroll.selectors.bank import (
    bank_templates_for,
    payment_files_for,
    reconciliation_for,
    reissue_list_for,
)
from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.bank import payment_file_open, payroll_export, payroll_reissue, payroll_root
from apps.payroll.services.bank_templates import bank_template_create, bank_template_update
from apps.payroll.services.prepare import payroll_prepare
from apps.payroll.services.reconcile import ReturnFileRejected, payroll_reconcile
from apps.registry.models import Household
from apps.registry.services.households import HouseholdInput, household_update
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.factories import COUNTY, TOWN_B, VILLAGE, VILLAGE_2, VILLAGE_B, UserFactory, household

DEC = date(2025, 12, 1)
PSBC = "psbc"  # GBK CSV; its 回盘 is matched by 证件号码 + 账号 + 金额
XLSX_SPEC = {
    "code": "ccb",
    "name": "建设银行代发（县财政专户）",
    "file_format": "xlsx",
    "encoding": "utf-8",
    "remark": "{county}{month}{program}",
    "columns": [
        {"header": "明细编号", "field": "line_ref"},
        {"header": "姓名", "field": "name"},
        {"header": "身份证号", "field": "id_number"},
        {"header": "账号", "field": "account"},
        {"header": "金额", "field": "amount"},
        {"header": "乡镇", "field": "township"},
        {"header": "备注", "field": "remark"},
    ],
    "returns": {
        "ref_header": "明细编号",
        "amount_header": "金额",
        "result_header": "处理结果",
        "reason_header": "失败原因",
        "paid_values": ["成功"],
        "failed_values": ["失败"],
    },
}


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # bank files are kept under VAR_DIR/payroll


@pytest.fixture
def reviewer_b(areas):
    return UserFactory(role="township_reviewer", area_id=TOWN_B)


def _family(actor, area: str, n: int):
    return household(
        actor=actor,
        area_code=area,
        members=2,
        bank_name="中国邮政储蓄银行",
        account_number=f"62179980000000{n:05d}",
    )


@pytest.fixture
def cases(worker, reviewer, reviewer_b, approver):
    """Three 低保 cases in 西城街道 (two villages) and two in 万店镇, approved in September 2025."""
    dibao_standards(COUNTY)
    made = []
    for n, (maker, decider, area) in enumerate(
        [
            (worker, reviewer, VILLAGE),
            (worker, reviewer, VILLAGE),
            (reviewer, reviewer, VILLAGE_2),
            (reviewer_b, reviewer_b, VILLAGE_B),
            (reviewer_b, reviewer_b, VILLAGE_B),
        ],
        start=1,
    ):
        made.append(approved_case(actor=decider, household=_family(maker, area, n), approver=approver))
    return made


@pytest.fixture
def payroll(cases, finance, approver) -> Payroll:
    """December 2025 (with 补发 for October and November), the last case held, approved."""
    PaymentHold.objects.create(case=cases[4], reason="疑似死亡未注销", opened_on=DEC, created_by=approver)
    return payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=DEC))


def stored(file: PaymentFile, summary: bool = False) -> bytes:
    return (payroll_root() / (file.summary_path if summary else file.stored_path)).read_bytes()


def csv_rows(content: bytes, encoding: str = "gbk") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode(encoding), newline="")))


def psbc_return(file: PaymentFile, failures: dict[str, str], extra: list[list[str]] = ()) -> bytes:
    """The bank's 回盘 for a psbc file: every row 成功 unless its 证件号码 is in ``failures``."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["证件号码", "账号", "金额", "交易状态", "响应信息"])
    for row in csv_rows(stored(file)):
        reason = failures.get(row["证件号码"])
        writer.writerow([row["证件号码"], row["账号"], row["金额"], reason or "成功", reason or "交易成功"])
    for row in extra:
        writer.writerow(row)
    return out.getvalue().encode("gbk")


def statuses(payroll: Payroll) -> dict[int, str]:
    return dict(PayrollLine.objects.filter(payroll=payroll).values_list("case_id", "status"))


def fen(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


# ---------------------------------------------------------------- export


def test_an_approved_payroll_exports_a_gbk_csv_whose_bytes_and_totals_are_recorded(payroll, finance, cases):
    # when
    file = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    # then: the stored bytes are the ones hashed, and they hold every line not held, to the fen
    content = stored(file)
    assert hashlib.sha256(content).hexdigest() == file.sha256
    rows = csv_rows(content)
    assert len(rows) == file.line_count == payroll.line_count - payroll.held_count == 4
    assert sum(Decimal(r["金额"]) for r in rows) == file.total == payroll.total - payroll.held_total
    held = PayrollLine.objects.get(payroll=payroll, status=LineStatus.HELD)
    assert held.payee_id_number not in {r["证件号码"] for r in rows}
    accounts = set(
        Household.objects.filter(pk__in=[c.household_id for c in cases[:4]]).values_list(
            "account_number", flat=True
        )
    )
    assert {r["账号"] for r in rows} == accounts
    assert all(r["摘要"] == "2025年12月最低生活保障" for r in rows)  # the line's programme
    # the 汇总 sits beside the CSV as an XLSX, hashed too
    summary = stored(file, summary=True)
    assert hashlib.sha256(summary).hexdigest() == file.summary_sha256
    sheet = openpyxl.load_workbook(io.BytesIO(summary)).active
    assert ["合计", 4, float(file.total)] in [list(r) for r in sheet.iter_rows(values_only=True)]
    payroll.refresh_from_db()
    assert payroll.state == PayrollState.EXPORTED
    audit = AuditLog.objects.get(action=AuditAction.EXPORT, entity_id=str(file.pk))
    assert file.sha256 in audit.summary and audit.actor == finance


def test_a_county_template_exports_xlsx_with_line_references_and_a_summary_sheet(
    payroll, finance, admin_user
):
    # given: the county's own XLSX layout, stored by the admin
    bank_template_create(actor=admin_user, county=COUNTY, spec=XLSX_SPEC, is_default=True)
    # when: exported with the county default
    file = payroll_export(actor=finance, payroll=payroll)
    # then
    assert file.template_code == "ccb" and file.filename.endswith(".xlsx") and not file.summary_path
    book = openpyxl.load_workbook(io.BytesIO(stored(file)))
    detail = list(book["明细"].iter_rows(values_only=True))
    assert detail[0] == ("明细编号", "姓名", "身份证号", "账号", "金额", "乡镇", "备注")
    sent = PayrollLine.objects.filter(payroll=payroll, status=LineStatus.PENDING)
    assert {r[0] for r in detail[1:]} == {f"PL{pk}" for pk in sent.values_list("pk", flat=True)}
    assert {r[5] for r in detail[1:]} == {"西城街道", "万店镇"}
    assert sum(fen(Decimal(str(r[4]))) for r in detail[1:]) == payroll.total - payroll.held_total
    summary = [r for r in book["汇总"].iter_rows(values_only=True) if r and r[0] == "合计"]
    assert [(label, n, fen(Decimal(str(amount)))) for label, n, amount in summary] == [
        ("合计", 4, payroll.total - payroll.held_total)
    ]


def test_re_exporting_makes_a_new_file_and_keeps_the_first(payroll, finance):
    first = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    second = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    assert first.stored_path != second.stored_path
    assert stored(first) and stored(second)
    assert [f.pk for f in payment_files_for(actor=finance, payroll=payroll)] == [first.pk, second.pk]


def test_an_unapproved_payroll_is_not_exported(cases, finance):
    prepared = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    with pytest.raises(Conflict, match="尚未审批"):
        payroll_export(actor=finance, payroll=prepared, template_code=PSBC)
    assert not PaymentFile.objects.exists()


def test_a_line_the_bank_cannot_take_refuses_the_whole_file_and_keeps_nothing(payroll, finance, tmp_path):
    # given: a line frozen with an empty account
    line = PayrollLine.objects.filter(payroll=payroll, status=LineStatus.PENDING).first()
    PayrollLine.objects.filter(pk=line.pk).update(account_number="")
    # when / then
    with pytest.raises(BankFileRejected) as refused:
        payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    assert "账号为空" in refused.value.problems[0].message
    assert not PaymentFile.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    payroll.refresh_from_db()
    assert payroll.state == PayrollState.APPROVED


# ---------------------------------------------------------------- return file and reconciliation


def _two_failures(payroll: Payroll, cases) -> dict[str, str]:
    """The bank fails the first case (西城街道) and the fourth (万店镇)."""
    lines = {line.case_id: line for line in PayrollLine.objects.filter(payroll=payroll)}
    return {
        lines[cases[0].pk].payee_id_number: "户名不符",
        lines[cases[3].pk].payee_id_number: "账号不存在",
    }


def test_a_return_file_with_two_failures_marks_the_lines_and_reconciles_to_the_fen(payroll, finance, cases):
    # given
    file = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    # when
    result = payroll_reconcile(
        actor=finance,
        payroll=payroll,
        content=psbc_return(file, _two_failures(payroll, cases)),
        filename="回盘.csv",
        template_code=PSBC,
    )
    # then
    assert (result.rows, result.paid, result.failed, result.unchanged) == (4, 2, 2, 0)
    assert statuses(payroll) == {
        cases[0].pk: "failed",
        cases[1].pk: "paid",
        cases[2].pk: "paid",
        cases[3].pk: "failed",
        cases[4].pk: "held",
    }
    assert PayrollLine.objects.get(case=cases[0]).bank_result == "户名不符"
    assert result.payroll.state == PayrollState.RECONCILED  # nothing is waiting for the bank
    report = reconciliation_for(actor=finance, payroll=payroll)
    total = report.total
    assert total.due_amount == total.paid_amount + total.failed_amount == payroll.total - payroll.held_total
    assert (total.due_count, total.paid_count, total.failed_count, total.pending_count) == (4, 2, 2, 0)
    assert (total.held_count, total.held_amount) == (1, payroll.held_total)
    assert total.paid_amount == result.paid_total and total.failed_amount == result.failed_total
    by_town = {r.township: r for r in report.rows[:-1]}
    assert set(by_town) == {"西城街道", "万店镇"} and by_town["西城街道"].program_label == "最低生活保障"
    assert (by_town["西城街道"].due_count, by_town["西城街道"].failed_count) == (3, 1)
    wandian = by_town["万店镇"]
    assert (wandian.due_count, wandian.failed_count, wandian.held_count) == (1, 1, 1)
    kept = ReturnFile.objects.get()  # the bank's file is kept as received
    assert (kept.paid_count, kept.failed_count) == (2, 2)
    assert hashlib.sha256((payroll_root() / kept.stored_path).read_bytes()).hexdigest() == kept.sha256
    assert AuditLog.objects.filter(action=AuditAction.IMPORT, entity_id=str(kept.pk)).exists()


def test_importing_the_same_return_file_twice_changes_nothing(payroll, finance, cases):
    file = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    content = psbc_return(file, _two_failures(payroll, cases))
    first = payroll_reconcile(
        actor=finance, payroll=payroll, content=content, filename="回盘.csv", template_code=PSBC
    )
    before = statuses(payroll)
    # the very same bytes
    again = payroll_reconcile(
        actor=finance, payroll=payroll, content=content, filename="回盘.csv", template_code=PSBC
    )
    assert again.return_file is None and again.duplicate_of == first.return_file
    # a re-saved copy (UTF-8 this time): every answer is already recorded
    resaved = content.decode("gbk").encode("utf-8-sig")
    copy = payroll_reconcile(
        actor=finance, payroll=payroll, content=resaved, filename="回盘2.csv", template_code=PSBC
    )
    assert (copy.return_file, copy.paid, copy.failed, copy.unchanged) == (None, 0, 0, 4)
    assert statuses(payroll) == before and ReturnFile.objects.count() == 1


def test_a_return_file_naming_an_unknown_line_is_refused_with_its_row_number(payroll, finance, admin_user):
    # given: a bank that echoes our 明细编号
    bank_template_create(actor=admin_user, county=COUNTY, spec=XLSX_SPEC)
    file = payroll_export(actor=finance, payroll=payroll, template_code="ccb")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["明细编号", "金额", "处理结果", "失败原因"])
    detail = list(openpyxl.load_workbook(io.BytesIO(stored(file)))["明细"].iter_rows(values_only=True))[1:]
    for ref, *_, amount, _town, _remark in detail:
        sheet.append([ref, amount, "成功", ""])
    sheet.append(["PL999999", 100, "成功", ""])  # row 6: not a line of this payroll
    out = io.BytesIO()
    book.save(out)
    # when / then
    with pytest.raises(ReturnFileRejected) as refused:
        payroll_reconcile(
            actor=finance, payroll=payroll, content=out.getvalue(), filename="回盘.xlsx", template_code="ccb"
        )
    assert [p.row for p in refused.value.problems] == [6]
    assert "第6行明细编号“PL999999”不在本次代发明细中" in refused.value.problems[0].message
    assert set(statuses(payroll).values()) == {"pending", "held"}
    assert not ReturnFile.objects.exists()
    assert Payroll.objects.get(pk=payroll.pk).state == PayrollState.EXPORTED


def test_a_return_file_contradicting_an_earlier_answer_is_refused(payroll, finance, cases):
    file = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    payroll_reconcile(
        actor=finance, payroll=payroll, content=psbc_return(file, {}), filename="回盘.csv", template_code=PSBC
    )
    line = PayrollLine.objects.get(case=cases[1])
    with pytest.raises(ReturnFileRejected, match="此前的回盘结果为“已到账”"):
        payroll_reconcile(
            actor=finance,
            payroll=payroll,
            content=psbc_return(file, {line.payee_id_number: "账户冻结"}),
            filename="更正回盘.csv",
            template_code=PSBC,
        )
    assert PayrollLine.objects.get(pk=line.pk).status == LineStatus.PAID


def test_a_return_file_before_any_bank_file_is_refused(payroll, finance):
    with pytest.raises(Conflict, match="还没有生成银行代发文件"):
        payroll_reconcile(actor=finance, payroll=payroll, content=b"x", filename="a.csv", template_code=PSBC)


# ---------------------------------------------------------------- re-issue


def _correct_account(worker, household_id: int, account: str) -> None:
    household = Household.objects.get(pk=household_id)
    data = HouseholdInput(
        area_code=household.area_id,
        address=household.address,
        is_urban=household.is_urban,
        account_type=household.account_type,
        bank_name=household.bank_name,
        account_number=account,
        account_holder=household.account_holder,
    )
    household_update(actor=worker, household=household, data=data)


def test_a_failed_line_is_reissued_to_the_corrected_account_and_then_paid(payroll, finance, cases, worker):
    # given: the bank failed two lines
    file = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    first_return = psbc_return(file, _two_failures(payroll, cases))
    payroll_reconcile(
        actor=finance, payroll=payroll, content=first_return, filename="回盘.csv", template_code=PSBC
    )
    old_account = PayrollLine.objects.get(case=cases[0]).account_number
    # when: 乌龙巷 corrects the first family's account in the registry
    _correct_account(worker, cases[0].household_id, "6217998000000099999")
    listed = {item.line_id: item for item in reissue_list_for(actor=finance, payroll=payroll)}
    # then: the list shows the failed account and the corrected one
    line = PayrollLine.objects.get(case=cases[0])
    assert len(listed) == 2 and listed[line.pk].corrected
    assert (listed[line.pk].failed_account, listed[line.pk].current_account) == (
        old_account,
        "6217998000000099999",
    )
    assert listed[line.pk].reason == "户名不符"
    assert not listed[PayrollLine.objects.get(case=cases[3]).pk].corrected
    # when: re-issued
    reissue = payroll_reissue(actor=finance, payroll=payroll, template_code=PSBC)
    # then: only the corrected line, with the new account, pending again as a second attempt
    assert reissue.kind == "reissue" and reissue.line_count == 1 and reissue.total == line.amount
    rows = csv_rows(stored(reissue))
    assert [r["账号"] for r in rows] == ["6217998000000099999"]
    line.refresh_from_db()
    assert (line.status, line.attempt, line.failed_account) == ("pending", 2, old_account)
    assert Payroll.objects.get(pk=payroll.pk).state == PayrollState.EXPORTED
    # the old return file again changes nothing, even now
    payroll_reconcile(
        actor=finance, payroll=payroll, content=first_return, filename="回盘.csv", template_code=PSBC
    )
    assert PayrollLine.objects.get(pk=line.pk).status == LineStatus.PENDING
    # when: the bank pays the re-issue
    result = payroll_reconcile(
        actor=finance,
        payroll=payroll,
        content=psbc_return(reissue, {}),
        filename="重发回盘.csv",
        template_code=PSBC,
    )
    # then
    assert (result.paid, result.failed) == (1, 0) and result.payroll.state == PayrollState.RECONCILED
    assert PayrollLine.objects.get(pk=line.pk).status == LineStatus.PAID
    total = reconciliation_for(actor=finance, payroll=payroll).total
    assert (total.paid_count, total.failed_count) == (3, 1)
    assert total.due_amount == total.paid_amount + total.failed_amount


def test_nothing_is_reissued_while_no_failed_account_was_corrected(payroll, finance, cases):
    file = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    content = psbc_return(file, _two_failures(payroll, cases))
    payroll_reconcile(
        actor=finance, payroll=payroll, content=content, filename="回盘.csv", template_code=PSBC
    )
    with pytest.raises(ValidationFailed, match="还没有更正"):
        payroll_reissue(actor=finance, payroll=payroll, template_code=PSBC)
    everything = payroll_reissue(actor=finance, payroll=payroll, template_code=PSBC, include_uncorrected=True)
    assert everything.line_count == 2


# ---------------------------------------------------------------- files, templates, scope and roles


def test_opening_a_bank_file_is_audited_and_a_tampered_file_is_refused(payroll, finance, supervisor):
    file = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    opened = payment_file_open(actor=supervisor, file_id=file.pk)
    assert opened.path.read_bytes() == stored(file) and opened.filename == file.filename
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, actor=supervisor).count() == 1
    assert payment_file_open(actor=finance, file_id=file.pk, summary=True).filename.endswith("-汇总.xlsx")
    Path(opened.path).write_bytes(stored(file) + b"\r\n")
    with pytest.raises(Conflict, match="SHA-256"):
        payment_file_open(actor=finance, file_id=file.pk)


def test_an_outsider_finds_nothing(payroll, finance, outsider):
    file = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    for attempt in (
        lambda: payroll_export(actor=outsider, payroll=payroll, template_code=PSBC),
        lambda: payroll_reconcile(actor=outsider, payroll=payroll, content=b"", filename="a.csv"),
        lambda: payroll_reissue(actor=outsider, payroll=payroll),
        lambda: reconciliation_for(actor=outsider, payroll=payroll),
        lambda: reissue_list_for(actor=outsider, payroll=payroll),
        lambda: payment_files_for(actor=outsider, payroll=payroll),
        lambda: payment_file_open(actor=outsider, file_id=file.pk),
        lambda: payment_file_open(actor=outsider, file_id="nonsense"),
        lambda: bank_templates_for(actor=outsider, county=COUNTY),
    ):
        with pytest.raises(NotFound):
            attempt()


def test_a_village_worker_may_not_touch_the_bank_side(payroll, finance, worker, approver):
    file = payroll_export(actor=finance, payroll=payroll, template_code=PSBC)
    for attempt in (
        lambda: payroll_export(actor=worker, payroll=payroll, template_code=PSBC),
        lambda: payroll_reconcile(actor=worker, payroll=payroll, content=b"", filename="a.csv"),
        lambda: reconciliation_for(actor=worker, payroll=payroll),
        lambda: payment_file_open(actor=worker, file_id=file.pk),
        lambda: payroll_export(
            actor=approver, payroll=payroll, template_code=PSBC
        ),  # the county decides, finance pays
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_the_presets_are_stored_for_a_county_on_first_use(areas, finance):
    listed = bank_templates_for(actor=finance, county=COUNTY)
    assert [t.code for t in listed] == [t.code for t in default_templates()]
    assert listed[0].is_default and BankTemplateConfig.objects.count() == len(listed)


def test_a_bad_template_is_refused_in_chinese_and_only_the_admin_sets_templates(areas, admin_user, finance):
    bad = {**XLSX_SPEC, "encoding": "big5"}
    with pytest.raises(ValidationFailed) as refused:
        bank_template_create(actor=admin_user, county=COUNTY, spec=bad)
    assert "应为 utf-8 或 gbk" in refused.value.errors["encoding"][0]
    with pytest.raises(PermissionDenied):
        bank_template_create(actor=finance, county=COUNTY, spec=XLSX_SPEC)
    config = bank_template_create(actor=admin_user, county=COUNTY, spec=XLSX_SPEC, is_default=True)
    assert BankTemplateConfig.objects.filter(is_default=True).get() == config
    with pytest.raises(ValidationFailed, match="已在本县使用"):
        bank_template_create(actor=admin_user, county=COUNTY, spec=XLSX_SPEC)
    changed = bank_template_update(actor=admin_user, config=config, spec={**XLSX_SPEC, "encoding": "gbk"})
    assert changed.spec["encoding"] == "gbk" and changed.spec == template_to_dict(
        template=template_from_dict(data=changed.spec)
    )
    assert AuditLog.objects.filter(entity_type="payroll.banktemplateconfig").count() == 2


def test_a_county_paying_into_bank_accounts_and_social_cards_uses_one_layout(payroll, finance):
    # A 社保卡 with financial functions is a bank card: the 邮储 layout has one 账号 column for both.
    line = PayrollLine.objects.filter(payroll=payroll, status=LineStatus.PENDING).first()
    PayrollLine.objects.filter(pk=line.pk).update(account_type="sscard")
    made = payroll_export(actor=finance, payroll=payroll, template_code="psbc")
    rows = csv_rows(stored(made))
    assert len(rows) == made.line_count and line.account_number in {r["账号"] for r in rows}
