"""Demo applications at every stage, so a new user sees each inbox filled and can take one all the way.

The 公示 lasts seven real days, so the demo also holds an application whose 公示 started eight days ago
(every step dated back through the services' ``on`` parameter): the approver can decide it at once. Safe
to repeat: nothing is added once any application exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum, Value
from django.db.models.functions import Coalesce

from apps.accounts.models import User
from apps.assistance.models import Application
from apps.assistance.services.applications import (
    ApplicationInput,
    application_create,
    application_intake,
    application_survey,
    application_verify,
)
from apps.assistance.services.decisions import application_approve, application_prepay
from apps.assistance.services.publicity import application_publicise
from apps.core.clock import today
from apps.registry.models import Household
from apps.registry.selectors import household_members
from apps.standards.mappers import household_facts_from_registry
from apps.standards.selectors import standards_for
from policy.errors import ValidationFailed
from policy.programs import assess_program
from policy.workflow import Channel, required_documents

# The demo's logins (apps/demo/services.DEMO_USERS) and the village they share.
WORKER, REVIEWER, APPROVER = "village_worker", "township_reviewer", "county_approver"
VILLAGE = "421303001001"


@dataclass(frozen=True)
class DemoResult:
    created: int
    reason: str = ""


def _all(program: str) -> frozenset[str]:
    return frozenset(d.code for d in required_documents(program, channel=Channel.PROXY))


def _eligible(household: Household, on: date) -> bool:
    standards = standards_for(area_code=household.area_id, urban=household.is_urban, on=on)
    facts = household_facts_from_registry(household=household, on=on, standards=standards)
    try:
        return assess_program(code="dibao", household=facts, standards=standards, on=on).eligible
    except ValidationFailed:
        return False


def assistance_demo_seed(*, on: date | None = None) -> DemoResult:
    """Seven applications in the demo village: 待受理, 待补正, 待核对, 公示中, 公示期满待审核确认, 已纳入
    (with its case) and a 临时救助 paid first (先行救助)."""
    on = on or today()
    if Application.objects.exists():
        return DemoResult(0, "已有救助申请，未添加演示数据")
    users = {u.username: u for u in User.objects.filter(username__in=[WORKER, REVIEWER, APPROVER])}
    if len(users) < 3:
        return DemoResult(0, "缺少演示账号（先运行 minzheng demo）")
    worker, reviewer, approver = users[WORKER], users[REVIEWER], users[APPROVER]
    # The poorest households by recorded income first: those are the ones a village worker would help apply.
    households = list(
        Household.objects.filter(area_id=VILLAGE, status="active")
        .annotate(recorded=Coalesce(Sum("incomes__amount"), Value(Decimal("0"))))
        .order_by("recorded", "id")[:30]
    )
    if len(households) < 7:
        return DemoResult(0, "演示村(社区)的家庭不足7户")

    def apply(household: Household, day: date, program: str = "dibao", **kw: object) -> Application:
        head = household_members(household=household).first()
        assert head is not None
        data = ApplicationInput(
            program=program,
            channel=Channel.PROXY,
            applicant_id=head.person_id,
            reason=str(kw.pop("reason", "家庭收入低，生活困难")),
            documents=frozenset(kw.pop("documents", frozenset({"application", "identity", "proxy_letter"}))),  # type: ignore[arg-type]
            **kw,  # type: ignore[arg-type]
        )
        return application_create(actor=worker, household=household, data=data, on=day)

    def through_publicity(app: Application, day: date) -> Application:
        app = application_intake(actor=reviewer, application=app, received=_all(app.program), on=day)
        app = application_verify(actor=reviewer, application=app, on=day)
        app = application_survey(
            actor=reviewer,
            application=app,
            findings="入户查看，住房陈旧，家中无大件家电；邻里反映情况属实。",
            investigators=["王建国", "刘红梅"],
            on=day,
        )
        return application_publicise(actor=reviewer, application=app, start=day, on=day)

    # The households the rules find eligible go to the stages that end in approval, so the demo's case
    # pays what the rules say.
    h = sorted(households, key=lambda one: not _eligible(one, on))
    enrolled = through_publicity(apply(h[0], on - timedelta(days=60)), on - timedelta(days=50))
    application_approve(
        actor=approver,
        application=enrolled,
        amount=enrolled.proposed_amount or Decimal("300"),
        note="演示数据：按核对结果确认",
        on=on - timedelta(days=40),
    )
    through_publicity(apply(h[1], on - timedelta(days=12), documents=_all("dibao")), on - timedelta(days=8))
    through_publicity(apply(h[2], on - timedelta(days=3), documents=_all("dibao")), on - timedelta(days=1))
    accepted = apply(h[3], on - timedelta(days=2), documents=_all("dibao"))
    application_intake(actor=reviewer, application=accepted, received=frozenset(), on=on - timedelta(days=1))
    pending = apply(h[4], on - timedelta(days=3))
    application_intake(actor=reviewer, application=pending, received=frozenset(), on=on - timedelta(days=2))
    apply(h[5], on)  # 待受理
    emergency = apply(
        h[6],
        on,
        program="temporary",
        temporary_kind="emergency",
        requested_amount=Decimal("1500"),
        reason="房屋失火，基本生活暂时困难",
    )
    application_prepay(actor=reviewer, application=emergency, amount=Decimal("1500"), note="先行救助", on=on)
    return DemoResult(7)
