"""资金发放's 待办: a prepared payroll waits for the approver (never for the one who prepared it), an approved
one for finance's bank file, and a hold in force for the county that decides it; none of it for another
county or for 监督."""

from __future__ import annotations

from datetime import date

from apps.payroll.models import PaymentHold
from apps.payroll.selectors.inbox import hold_inbox_for, payroll_inbox_for
from apps.payroll.services.approve import payroll_approve
from apps.workbench.services.payroll import payroll_prepare
from tests.factories import COUNTY

OCT = date(2025, 10, 1)


def _counts(actor) -> dict[str, int]:
    return {g.key: g.total for g in payroll_inbox_for(actor=actor)}


def test_a_payroll_waits_for_the_approver_then_for_finance(case, finance, approver, supervisor, outsider):
    # given October's payroll prepared by finance
    payroll = payroll_prepare(actor=finance, county=COUNTY, month=OCT)

    # then it waits for the approver's 审批, and finance has no bank file to make yet
    assert _counts(approver) == {"payroll_approve": 1}
    assert _counts(finance) == {"payroll_export": 0, "payroll_return": 0, "payroll_failed": 0}
    assert [p.pk for p in payroll_inbox_for(actor=approver)[0].rows] == [payroll.pk]

    # when approved, it waits for finance's bank file
    payroll_approve(actor=approver, payroll=payroll)
    assert _counts(approver) == {"payroll_approve": 0}
    assert _counts(finance)["payroll_export"] == 1

    # 监督 reads payrolls but takes no step; another county's admin sees none of ours
    assert payroll_inbox_for(actor=supervisor) == []
    assert sum(_counts(outsider).values()) == 0


def test_whoever_prepared_a_payroll_does_not_find_it_waiting_for_their_approval(case, admin_user):
    payroll_prepare(actor=admin_user, county=COUNTY, month=OCT)
    assert _counts(admin_user)["payroll_approve"] == 0


def test_a_hold_in_force_waits_for_the_county_that_decides_it(case, approver, finance, outsider):
    # given a hold on the case's payments (a lead's, as the cross-check opens them)
    hold = PaymentHold.objects.create(
        case=case, reason="疑似死亡，待核实", source="数据比对线索", opened_on=OCT, created_by=approver
    )

    [group] = hold_inbox_for(actor=approver)
    assert (group.key, group.total, [h.pk for h in group.rows]) == ("holds", 1, [hold.pk])
    assert hold_inbox_for(actor=finance) == []  # finance cannot end a hold
    assert hold_inbox_for(actor=outsider)[0].total == 0

    # once released, nothing waits
    PaymentHold.objects.filter(pk=hold.pk).update(released_on=date(2025, 11, 1))
    assert hold_inbox_for(actor=approver)[0].total == 0
