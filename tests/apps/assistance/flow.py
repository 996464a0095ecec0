"""Building applications and cases through the real services, for the assistance tests, the access
matrix and the browser test: standards for a county, an application, and walking it to a given state."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from apps.assistance.models import Application, Case
from apps.assistance.services.applications import (
    ApplicationInput,
    application_create,
    application_intake,
    application_survey,
    application_verify,
)
from apps.assistance.services.decisions import application_approve
from apps.assistance.services.publicity import application_publicise
from apps.registry.selectors import household_members
from apps.standards.models import StandardVersion
from policy.workflow import AppState, required_documents

START = date(2023, 1, 1)
DAY = date(2025, 9, 1)  # a Monday; the flows below date their steps from here


def dibao_standards(county: str, *, urban: str = "680", rural: str = "617", **more: str) -> None:
    """The 低保标准 of a county (曾都区 2023 by default) and any other parameter, from 2023-01-01.

    Written as rows, not through standard_set, so a test needs no admin of that county."""
    rows = [("dibao.standard", True, urban), ("dibao.standard", False, rural)]
    rows += [(key, None, value) for key, value in more.items()]
    for key, kind, value in rows:
        StandardVersion.objects.create(area_id=county, key=key, urban=kind, value=value, effective_from=START)


def all_documents(program: str = "dibao", channel: str = "proxy") -> frozenset[str]:
    return frozenset(d.code for d in required_documents(program, channel=channel))


def apply(*, actor: Any, household: Any, program: str = "dibao", on: date = DAY, **kw: Any) -> Application:
    head = household_members(household=household).first()
    data = ApplicationInput(
        program=program,
        channel=kw.pop("channel", "proxy"),
        applicant_id=head.person_id,
        reason=kw.pop("reason", "家庭收入低，生活困难"),
        **kw,
    )
    return application_create(actor=actor, household=household, data=data, on=on)


ORDER = [AppState.SUBMITTED, AppState.ACCEPTED, AppState.VERIFIED, AppState.SURVEYED, AppState.PUBLICISING]


def walk(application: Application, to: AppState, *, actor: Any, on: date = DAY) -> Application:
    """Take ``application`` along the ordinary path up to ``to`` (at most 公示), all steps by ``actor``."""
    steps = {
        AppState.ACCEPTED: lambda a: application_intake(
            actor=actor, application=a, received=all_documents(a.program, a.channel), on=on
        ),
        AppState.VERIFIED: lambda a: application_verify(actor=actor, application=a, on=on),
        AppState.SURVEYED: lambda a: application_survey(
            actor=actor,
            application=a,
            findings="入户查看，家中无大件电器，情况属实",
            investigators=["张三", "李四"],
            on=on,
        ),
        AppState.PUBLICISING: lambda a: application_publicise(actor=actor, application=a, start=on, on=on),
    }
    for state in ORDER[ORDER.index(AppState(application.state)) + 1 : ORDER.index(to) + 1]:
        application = steps[state](application)
    return application


def after_publicity(application: Application) -> date:
    return application.publicity_end + timedelta(days=1)


def approved_case(*, actor: Any, household: Any, approver: Any = None, on: date = DAY) -> Case:
    """A 低保 case: applied, walked through 公示 and approved at the assessed amount."""
    application = walk(
        apply(actor=actor, household=household, on=on), AppState.PUBLICISING, actor=actor, on=on
    )
    decided = application_approve(
        actor=approver or actor,
        application=application,
        amount=application.proposed_amount or Decimal("100"),
        note="按核对结果确认",
        on=after_publicity(application),
    )
    return Case.objects.get(application=decided)
