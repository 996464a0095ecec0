"""Writes of the low-income monitoring: 防返贫 flags, raising alerts, the 主动发现 visit and the outcome.

Each service checks the capability and the area, runs in one transaction and writes its audit row in it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from apps.accounts.models import User
from apps.areas.models import Area
from apps.assistance.models import Application
from apps.assistance.services.applications import ApplicationInput, application_create
from apps.core.clock import today, work_calendar
from apps.core.db import locked_at_version
from apps.core.models import AuditAction
from apps.core.numbers import number_for, number_year, numbers_take
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, snapshot
from apps.monitoring.models import Alert, MonitoringFlag
from apps.monitoring.selectors import gather
from apps.registry.models import Household
from apps.standards.selectors import standards_for
from policy.areas import area_code_parent
from policy.calendar import add_working_days
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.monitoring import (
    Finding,
    Outcome,
    Rule,
    earner_deaths,
    income_drops,
    medical_burdens,
    new_findings,
    severe_disabilities,
)
from policy.numbers import ALERT
from policy.roles import Capability
from policy.workflow import Channel

ALERT_FIELDS = ["visited_on", "visit_notes", "outcome", "outcome_reason", "application_id", "closed_on"]


def _reason(value: str, name: str, what: str) -> str:
    text = (value or "").strip()
    if len(text) < 2:
        raise ValidationFailed.on(name, f"请填写{what}")
    if len(text) > 2000:
        raise ValidationFailed.on(name, f"{what}不超过2000字")
    return text


def _household_in_scope(actor: User, household: Household) -> None:
    if not code_in_scope(actor, household.area_id):
        raise NotFound()


# 防返贫监测对象


@transaction.atomic
def flag_add(*, actor: User, household: Household, reason: str, on: date | None = None) -> MonitoringFlag:
    """纳入防返贫监测: the household joins the register until the flag is cleared."""
    require(actor, Capability.HANDLE_ALERT)
    _household_in_scope(actor, household)
    text = _reason(reason, "reason", "纳入监测原因")[:200]
    if MonitoringFlag.objects.filter(household=household, cleared_on__isnull=True).exists():
        raise Conflict("该家庭已是防返贫监测对象")
    flag = MonitoringFlag.objects.create(
        household=household,
        area_id=household.area_id,
        reason=text,
        flagged_on=on or today(),
        flagged_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=flag,
        area_code=household.area_id,
        household_id=household.pk,
        summary=f"纳入防返贫监测：{text}",
        after=snapshot(flag, ["reason", "flagged_on"]),
    )
    return flag


@transaction.atomic
def flag_clear(*, actor: User, flag: MonitoringFlag, reason: str, on: date | None = None) -> MonitoringFlag:
    """解除防返贫监测, with the reason (风险消除)."""
    require(actor, Capability.HANDLE_ALERT)
    locked = MonitoringFlag.objects.select_for_update().filter(pk=flag.pk).first()
    if locked is None or not code_in_scope(actor, locked.area_id):
        raise NotFound()
    if locked.cleared_on is not None:
        raise Conflict("该监测标记已解除，请刷新页面")
    text = _reason(reason, "reason", "解除原因")[:200]
    before = snapshot(locked, ["cleared_on", "clear_reason"])
    locked.cleared_on, locked.cleared_by, locked.clear_reason = on or today(), actor, text
    locked.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=locked,
        area_code=locked.area_id,
        household_id=locked.household_id,
        summary=f"解除防返贫监测：{text}",
        before=before,
        after=snapshot(locked, ["cleared_on", "clear_reason"]),
    )
    return locked


# Raising alerts


@dataclass
class RaiseResult:
    county: str
    on: date
    register: int = 0
    found: Counter[str] = field(default_factory=Counter)
    created: Counter[str] = field(default_factory=Counter)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


STEPS = ("名单", "新增重度残疾", "大额医疗支出", "主要劳动力死亡", "家庭收入下降", "生成预警")


def due_date(*, county: str, on: date) -> date:
    days = standards_for(area_code=county, urban=False, on=on).integer("monitoring.visit_days")
    return add_working_days(on, days, calendar=work_calendar())


@transaction.atomic
def alerts_raise(
    *, actor: User, county: str, on: date | None = None, progress: Callable[[str], None] | None = None
) -> RaiseResult:
    """Run every early-warning rule over the county's register; create the alerts not already open (or
    raised before for the same event), each due for its 主动发现 visit in ``monitoring.visit_days``."""
    require(actor, Capability.RAISE_ALERTS)
    if not code_in_scope(actor, county) or not Area.objects.filter(pk=county).exists():
        raise NotFound()
    on = on or today()
    step = progress or (lambda _name: None)
    std = standards_for(area_code=county, urban=False, on=on)
    window = gather.Window(on, std.integer("monitoring.lookback_days"))
    register = gather.county_register(county)
    areas = gather.household_areas(register)
    members = gather.member_households(register, window)
    result = RaiseResult(county=county, on=on, register=len(areas))
    step(STEPS[0])
    grades = frozenset(int(g) for g in std.codes("monitoring.severe_disability_grades"))
    findings: list[Finding] = severe_disabilities(
        gather.disability_events(county=county, register=register, members=members, window=window),
        grades=grades,
    )
    step(STEPS[1])
    incomes_last_year = gather.annual_income(register, start=window.year_start, end=on)
    latest_medical = gather.latest_batch_id(county=county, code="medical")
    findings += medical_burdens(
        gather.medical_spending(county=county, members=members, window=window),
        incomes_last_year,
        ratio=std.rate("monitoring.medical_income_ratio"),
        period=f"batch{latest_medical}",
    )
    step(STEPS[2])
    findings += earner_deaths(
        gather.death_events(county=county, register=register, members=members, window=window),
        gather.person_incomes(register, window),
    )
    step(STEPS[3])
    this_year = gather.annual_income(register, start=date(on.year, 1, 1), end=date(on.year, 12, 31))
    last_year = gather.annual_income(register, start=date(on.year - 1, 1, 1), end=date(on.year - 1, 12, 31))
    findings += income_drops(this_year, last_year, rate=std.rate("monitoring.income_drop_rate"), year=on.year)
    step(STEPS[4])
    findings = [f for f in findings if f.household_id in areas]
    result.found.update(f.rule.value for f in findings)
    existing = Alert.objects.filter(household__in=register.values("pk"))
    open_rules = set(existing.filter(closed_on__isnull=True).values_list("household_id", "rule"))
    seen = set(existing.values_list("household_id", "rule", "subject"))
    fresh = new_findings(findings, open_rules=open_rules, seen=seen)
    due = add_working_days(on, std.integer("monitoring.visit_days"), calendar=work_calendar())
    numbers = numbers_take(kind_code=ALERT, county_code=county[:6], year=number_year(on), count=len(fresh))
    alerts = [
        Alert(
            number=number,
            household_id=f.household_id,
            area_id=areas[f.household_id],
            township_id=area_code_parent(areas[f.household_id]) or areas[f.household_id],
            rule=f.rule.value,
            subject=f.subject[:60],
            summary=f.summary[:300],
            evidence=f.evidence,
            raised_on=on,
            due_on=due,
            raised_by=actor,
        )
        for f, number in zip(fresh, numbers, strict=True)
    ]
    Alert.objects.bulk_create(alerts, batch_size=1000)
    result.created.update(a.rule for a in alerts)
    # One audit row for the run: the alerts are its rows, each dated and signed by ``raised_by``.
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="monitoring.alert_run",
        entity_id=f"{county}:{on.isoformat()}",
        area_code=county,
        summary=f"低收入人口监测预警：在册{result.register}户，新增预警{result.total_created}条",
        after={"found": dict(result.found), "created": dict(result.created)},
    )
    step(STEPS[5])
    return result


@transaction.atomic
def alert_create_manual(*, actor: User, household: Household, reason: str, on: date | None = None) -> Alert:
    """A disaster or other emergency reported by staff (灾害、意外): an alert like the rules' ones."""
    require(actor, Capability.HANDLE_ALERT)
    _household_in_scope(actor, household)
    text = _reason(reason, "reason", "预警事由（如受灾情况）")
    on = on or today()
    if Alert.objects.filter(household=household, rule=Rule.DISASTER, closed_on__isnull=True).exists():
        raise Conflict("该家庭已有一条未办结的灾害预警")
    county = household.area_id[:6].ljust(12, "0")
    alert = Alert.objects.create(
        number=number_for(kind_code=ALERT, area_code=household.area_id, on=on),
        household=household,
        area_id=household.area_id,
        township_id=area_code_parent(household.area_id) or household.area_id,
        rule=Rule.DISASTER.value,
        subject=f"manual:{on.isoformat()}",
        summary=text[:300],
        evidence={"reason": text, "reported_by": str(actor)},
        raised_on=on,
        due_on=due_date(county=county, on=on),
        raised_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=alert,
        area_code=household.area_id,
        household_id=household.pk,
        summary=f"登记灾害预警：{text[:100]}",
    )
    return alert


# Handling


def _lock(*, actor: User, alert: Alert, expected_version: int | None) -> Alert:
    require(actor, Capability.HANDLE_ALERT)
    locked = locked_at_version(
        Alert.objects.select_related("household"),
        pk=alert.pk,
        version=alert.version if expected_version is None else expected_version,
        conflict="该预警已被他人处理，请刷新页面后查看",
        actor=actor,
    )
    if locked.closed_on is not None:
        raise Conflict("该预警已办结")
    return locked


@transaction.atomic
def alert_visit(
    *, actor: User, alert: Alert, visited_on: date | None, notes: str, expected_version: int | None = None
) -> Alert:
    """主动发现: the township's visit to the household, and what it found."""
    locked = _lock(actor=actor, alert=alert, expected_version=expected_version)
    on = today()
    if visited_on is None:
        raise ValidationFailed.on("visited_on", "请填写入户核实日期")
    if visited_on > on or visited_on < locked.raised_on:
        raise ValidationFailed.on("visited_on", "入户核实日期应在预警日期和今天之间")
    text = _reason(notes, "notes", "核实情况")
    before = snapshot(locked, ALERT_FIELDS)
    locked.visited_on, locked.visit_notes, locked.visited_by = visited_on, text, actor
    locked.version += 1
    locked.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=locked,
        area_code=locked.area_id,
        household_id=locked.household_id,
        summary=f"预警入户核实：{text[:100]}",
        before=before,
        after=snapshot(locked, ALERT_FIELDS),
    )
    return locked


@dataclass(frozen=True)
class OutcomeInput:
    outcome: str
    reason: str
    program: str = ""
    applicant_id: int | None = None
    temporary_kind: str = ""  # 临时救助 only: its kind and the amount asked for
    requested_amount: Decimal | None = None


@transaction.atomic
def alert_close(
    *, actor: User, alert: Alert, data: OutcomeInput, expected_version: int | None = None
) -> Alert:
    """处置: 启动救助 opens an application (村(社区)代办) for the chosen programme and links it; 无需救助
    needs the written reason. The visit comes first."""
    locked = _lock(actor=actor, alert=alert, expected_version=expected_version)
    if data.outcome not in {o.value for o in Outcome}:
        raise ValidationFailed.on("outcome", "请选择处置结果：启动救助或无需救助")
    if locked.visited_on is None:
        raise ValidationFailed.on("outcome", "请先登记入户核实情况")
    on = today()
    before = snapshot(locked, ALERT_FIELDS)
    application: Application | None = None
    if data.outcome == Outcome.NOT_NEEDED:
        reason = _reason(data.reason, "reason", "无需救助的理由")
    else:
        reason = (data.reason or "").strip() or locked.summary
        application = application_create(
            actor=actor,
            household=locked.household,
            data=ApplicationInput(
                program=data.program,
                channel=Channel.PROXY.value,
                applicant_id=data.applicant_id or 0,
                reason=f"低收入人口监测预警（{locked.get_rule_display()}）：{reason}",
                temporary_kind=data.temporary_kind,
                requested_amount=data.requested_amount,
            ),
            on=on,
        )
    locked.outcome, locked.outcome_reason, locked.application = data.outcome, reason, application
    locked.closed_on, locked.closed_by = on, actor
    locked.version += 1
    locked.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=locked,
        area_code=locked.area_id,
        household_id=locked.household_id,
        summary=f"预警处置：{Outcome(data.outcome).label}",
        before=before,
        after=snapshot(locked, ALERT_FIELDS),
    )
    return locked
