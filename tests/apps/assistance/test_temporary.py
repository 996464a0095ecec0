"""临时救助 through the same machinery: 先行救助 within the township's limit, the county above it, nothing
above the cap, the papers completed afterwards, and a one-off grant that creates no monthly case."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.assistance.models import Case
from apps.assistance.services.applications import application_intake
from apps.assistance.services.decisions import application_approve, application_prepay
from apps.core.clock import work_calendar
from policy.calendar import add_working_days
from policy.errors import PermissionDenied, ValidationFailed
from policy.workflow import AppState
from tests.apps.assistance.flow import DAY, after_publicity, all_documents, apply, walk

pytestmark = pytest.mark.usefixtures("standards")


def _emergency(worker, family, amount="1500"):
    return apply(
        actor=worker,
        household=family,
        program="temporary",
        temporary_kind="emergency",
        requested_amount=Decimal(amount),
        reason="房屋失火，基本生活暂时困难",
        documents=frozenset({"application", "identity"}),
    )


def test_the_township_pays_first_within_its_limit_and_the_papers_follow(worker, reviewer, family):
    # given: 曾都区 urban 低保标准 680, so the township may approve up to 3 × 680 = 2040
    app = _emergency(worker, family)

    # when
    app = application_prepay(actor=reviewer, application=app, amount=Decimal("1500"), on=DAY)

    # then
    assert app.state == AppState.PREPAID and app.prepaid_amount == Decimal("1500.00")
    assert app.due_on == add_working_days(DAY, 20, calendar=work_calendar())
    with pytest.raises(ValidationFailed, match="先行救助后须补齐全部材料"):
        application_intake(actor=reviewer, application=app, received=frozenset())
    app = application_intake(actor=reviewer, application=app, received=all_documents("temporary"))
    assert app.state == AppState.ACCEPTED


def test_above_the_township_limit_only_the_county_may_pay(worker, reviewer, approver, family):
    app = _emergency(worker, family, amount="3000")

    with pytest.raises(PermissionDenied, match="报县级民政部门审批"):
        application_prepay(actor=reviewer, application=app, amount=Decimal("3000"), on=DAY)

    app = application_prepay(actor=approver, application=app, amount=Decimal("3000"), on=DAY)
    assert app.state == AppState.PREPAID


def test_nobody_pays_above_the_cap(worker, approver, family):
    app = _emergency(worker, family, amount="5000")

    with pytest.raises(ValidationFailed, match=r"超过救助上限 4080\.00"):
        application_prepay(actor=approver, application=app, amount=Decimal("5000"), on=DAY)


def test_an_expenditure_request_is_not_paid_first(worker, approver, family):
    app = apply(
        actor=worker,
        household=family,
        program="temporary",
        temporary_kind="expenditure",
        requested_amount=Decimal("1000"),
        reason="子女上学支出骤增",
    )

    with pytest.raises(ValidationFailed, match="只有急难型"):
        application_prepay(actor=approver, application=app, amount=Decimal("1000"), on=DAY)


def test_an_approved_grant_is_paid_once_and_creates_no_case(worker, reviewer, family):
    app = walk(_emergency(worker, family, amount="1800"), AppState.PUBLICISING, actor=reviewer)
    assert app.authority == "township"

    app = application_approve(
        actor=reviewer,
        application=app,
        amount=Decimal("1800"),
        note="按申请金额救助",
        on=after_publicity(app),
    )

    assert app.state == AppState.APPROVED and app.decision_amount == Decimal("1800.00")
    assert app.start_month is None and not Case.objects.filter(application=app).exists()
    assert app.notices.get(kind="approval").payload["one_time"] is True
