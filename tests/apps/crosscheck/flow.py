"""Building cross-check data through the real services, for the cross-check tests, the access matrix and
the browser test: a paid 低保 case, lists as CSV (UTF-8 or GBK) or XLSX, imports and runs."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from apps.assistance.models import Case
from apps.core.clock import today
from apps.crosscheck.models import Batch, Lead, Run
from apps.crosscheck.services.imports import BatchInput, batch_import
from apps.crosscheck.services.runs import crosscheck_run
from apps.payroll.services.approve import payroll_approve
from apps.registry.models import Person
from apps.registry.selectors import household_members
from apps.workbench.services.payroll import payroll_prepare
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.factories import COUNTY, UserFactory, household

TODAY = "2026-01-10"
OCT, NOV, DEC = date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)
DEATH_HEADERS = ["姓名", "身份证号", "死亡日期", "注销原因"]


_accounts = iter(range(1, 10**9))


def paid_case(
    *,
    worker: Any,
    reviewer: Any,
    approver: Any,
    members: int = 1,
    months: tuple[date, ...] = (OCT, NOV, DEC),
    area_code: str | None = None,
) -> Case:
    """A 低保 case approved in September 2025 (paid from October), its payrolls for ``months`` prepared by
    finance and approved by ``approver``."""
    if not Case.objects.exists():
        dibao_standards(COUNTY)
    paid = {
        "bank_name": "中国邮政储蓄银行",
        "account_number": f"6217{next(_accounts):012d}",
    }  # a line needs one
    fam = household(actor=worker, members=members, **paid, **({"area_code": area_code} if area_code else {}))
    case = approved_case(actor=reviewer, household=fam, approver=approver)
    pay(approver=approver, months=months)
    return case


def pay(*, approver: Any, months: tuple[date, ...] = (OCT, NOV, DEC)) -> None:
    """Prepare (as finance) and approve the county's payrolls for ``months``."""
    finance = UserFactory(role="finance", area_id=COUNTY)
    for month in months:
        payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=month))


def head_of(case: Case) -> Person:
    return household_members(household=case.household).first().person


def csv_bytes(
    rows: list[list[str]], *, headers: list[str] = DEATH_HEADERS, encoding: str = "utf-8", title: str = ""
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if title:
        writer.writerow([title])
    writer.writerows([headers, *rows])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], *, headers: list[str] = DEATH_HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_list(
    *,
    actor: Any,
    content: bytes,
    tmp: Path,
    source: str = "death",
    name: str = "死亡名单.csv",
    list_date: date = date(2026, 1, 5),
    mapping: dict[str, str] | None = None,
) -> Batch:
    path = tmp / f"upload-{abs(hash(content))}-{name}"
    path.write_bytes(content)
    data = BatchInput(
        county=COUNTY,
        source_code=source,
        file_name=name,
        received_on=list_date,
        list_date=list_date,
        mapping=mapping,
    )
    return batch_import(actor=actor, data=data, path=path)


def death_row(
    person: Person, *, died: str = "2025-10-15", name: str | None = None, id_number: str | None = None
) -> list[str]:
    return [
        name if name is not None else person.name,
        person.id_number if id_number is None else id_number,
        died,
        "死亡",
    ]


def run(actor: Any, batch: Batch) -> Run:
    return crosscheck_run(actor=actor, batch=batch)


def verified_lead(*, actor: Any, case: Case, tmp: Path) -> Lead:
    """A death lead on ``case`` (its head on a death list imported and run by ``actor``, an admin of the
    case's county), sent to the township and confirmed there with a photo: every lead page has something
    to show. For the access matrix."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.assistance.services.attachments import attachments_check
    from apps.crosscheck.services.leads import lead_assign, lead_verify

    county = case.area_id[:6] + "000000"
    path = tmp / f"death-{case.pk}.csv"
    path.write_bytes(csv_bytes([death_row(head_of(case))]))
    on = today()
    data = BatchInput(county=county, source_code="death", file_name=path.name, received_on=on, list_date=on)
    crosscheck_run(actor=actor, batch=batch_import(actor=actor, data=data, path=path))
    lead = Lead.objects.filter(household=case.household).latest("pk")
    lead = lead_assign(actor=actor, lead=lead)
    township = UserFactory(role="township_reviewer", area_id=case.area_id[:9] + "000")
    photo = SimpleUploadedFile("证明.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, content_type="image/png")
    return lead_verify(
        actor=township, lead=lead, result="confirmed", notes="入户核实属实", files=attachments_check([photo])
    )
