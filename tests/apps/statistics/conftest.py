"""Statistics fixtures: a generated county with a year of real case history, payrolls and 临时救助.

``history`` builds, through the real generators and services: a synthetic population of 曾都区's test
villages; its caseload (低保, 特困, 残疾人两项补贴, 高龄津贴; started 3–48 months back, with this month's
variety: new, 补发, 调整, 暂停, 停发); then 退出, 停发 and 恢复, a 调整 that drops a covered member, and a
late-recorded 退出 effective earlier; the November payroll, approved, its lines paid or failed as a bank
return would say; and two 临时救助 grants. Every figure the statistics give is checked against these raw
rows by :mod:`tests.apps.statistics.raw`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from apps.assistance.models import Case
from apps.assistance.services.decisions import application_approve
from apps.demo.caseload.generate import caseload_generate
from apps.demo.generator import population_generate
from apps.payroll.models import LineStatus, PayrollLine
from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.case_changes import case_change
from apps.payroll.services.prepare import payroll_prepare
from apps.registry.models import Household
from apps.registry.selectors import household_members
from policy.workflow import AppState
from tests.apps.assistance.flow import after_publicity, apply, dibao_standards, walk
from tests.factories import COUNTY

OCT, NOV, DEC = date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)
MONTHS = [date(2025, m, 1) for m in range(1, 13)]
STANDARDS = {
    "tekun.basic_dispersed": "1233",
    "tekun.care_dispersed_full": "0",
    "disability.living": "90",
    "disability.nursing_grade1": "100",
    "disability.nursing_grade2": "80",
    "longevity.brackets": '[[80, "50"], [90, "100"], [100, "300"]]',
}


@dataclass
class History:
    county: str
    exited: Case
    late_exit: Case
    resumed: Case
    shrunk: Case
    grants: int


def _dibao(status: str = "active", skip: int = 0) -> Case:
    return (
        Case.objects.filter(program="dibao", status=status, events__change="enrol")
        .exclude(events__change__in=["adjust", "suspend", "stop"])
        .filter(start_month__lte=date(2025, 6, 1))
        .order_by("id")[skip]
    )


def _grant(*, worker, reviewer, household, amount: str, on: date) -> None:
    app = walk(
        apply(
            actor=worker,
            household=household,
            program="temporary",
            temporary_kind="emergency",
            requested_amount=Decimal(amount),
            reason="房屋失火，基本生活暂时困难",
            documents=frozenset({"application", "identity"}),
            on=on,
        ),
        AppState.PUBLICISING,
        actor=reviewer,
        on=on,
    )
    application_approve(
        actor=reviewer,
        application=app,
        amount=Decimal(amount),
        note="按申请金额救助",
        on=after_publicity(app),
    )


@pytest.fixture
def history(areas, worker, reviewer, approver, finance) -> History:
    dibao_standards(COUNTY, **STANDARDS)
    population_generate(households=220, seed=11, today=date(2025, 9, 15))
    made = caseload_generate(county=COUNTY, paid_through=OCT, actor=approver, share=0.5, variety=0.2)
    assert made > 60
    # 退出 from October (recorded in September); a 退出 recorded in November but effective in August (补办)
    exited = case_change(
        actor=approver,
        case=_dibao(),
        change="exit",
        reason_code="moved",
        reason="户籍迁出本县",
        on=date(2025, 9, 20),
    )
    late_exit = case_change(
        actor=approver,
        case=_dibao(skip=1),
        change="exit",
        reason_code="death",
        reason="保障对象已于7月死亡，补办退出",
        effective_month=date(2025, 8, 1),
        on=date(2025, 11, 5),
    )
    # 停发 from July, 恢复 from September
    resumed = case_change(
        actor=approver, case=_dibao(skip=2), change="stop", reason_code="income_over", reason="务工收入增加",
        on=date(2025, 6, 10),
    )  # fmt: skip
    resumed = case_change(
        actor=approver, case=resumed, change="resume", reason_code="verified", reason="复核后仍符合条件",
        on=date(2025, 8, 12),
    )  # fmt: skip
    # 调整 from August: one covered member leaves
    shrunk = next(
        c
        for c in Case.objects.filter(program="dibao", status="active").order_by("id")
        if c.covered.count() >= 2
    )
    keep = sorted(c.pk for c in shrunk.covered.all())[1:]
    live = {m.person_id for m in household_members(household=shrunk.household)}
    shrunk = case_change(
        actor=approver,
        case=shrunk,
        change="adjust",
        reason_code="members_change",
        reason="一名成员外出务工，不再保障",
        amount=shrunk.monthly_amount - Decimal("100"),
        covered=[pid for pid in keep if pid in live] or keep,
        on=date(2025, 7, 15),
    )
    # November's payroll: approved; the bank pays most lines and fails a few
    payroll = payroll_prepare(actor=finance, county=COUNTY, month=NOV)
    payroll_approve(actor=approver, payroll=payroll)
    ids = list(
        PayrollLine.objects.filter(payroll=payroll)
        .exclude(status=LineStatus.HELD)
        .values_list("id", flat=True)
    )
    PayrollLine.objects.filter(id__in=ids[::9]).update(status=LineStatus.FAILED)
    PayrollLine.objects.filter(id__in=ids).exclude(id__in=ids[::9]).update(status=LineStatus.PAID)
    # 临时救助: two grants decided in the autumn
    spare = list(Household.objects.filter(area__code__startswith="421303001").order_by("-id")[:2])
    _grant(worker=reviewer, reviewer=reviewer, household=spare[0], amount="1800", on=date(2025, 9, 1))
    _grant(worker=reviewer, reviewer=reviewer, household=spare[1], amount="1200.50", on=date(2025, 10, 8))
    return History(COUNTY, exited, late_exit, resumed, shrunk, 2)
