"""调整 may change a case's covered members (保障成员): a newborn joins, a member who died leaves. The new set
must be current members of the household, at least one; the history and the audit row keep who was covered
before and after, and a 低保 case's basis is recorded afresh."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.assistance.models import Case, CaseBasis
from apps.assistance.services.cases import case_change
from apps.core.models import AuditLog
from apps.registry.selectors import household_members
from apps.registry.services.members import household_member_add, household_member_end
from policy.errors import ValidationFailed
from tests.apps.assistance.flow import approved_case
from tests.factories import new_id_number, person_input

pytestmark = pytest.mark.usefixtures("standards")
LATER = date(2025, 11, 20)


@pytest.fixture
def case(worker, reviewer, approver, family) -> Case:
    return approved_case(actor=reviewer, household=family, approver=approver)


def _spouse(family):
    return next(m.person for m in household_members(household=family) if m.relation == "spouse")


def _newborn(worker, family):
    data = person_input(name="新生儿", id_number=new_id_number(birth=date(2025, 10, 8)))
    return household_member_add(actor=worker, household=family, relation="child", data=data).person


def _adjust(approver, case, covered, **kw):
    return case_change(
        actor=approver,
        case=case,
        change="adjust",
        reason_code=kw.pop("reason_code", "members_change"),
        reason=kw.pop("reason", "家庭人口变化，调整保障成员"),
        amount=kw.pop("amount", Decimal("1500")),
        covered=covered,
        on=LATER,
        **kw,
    )


def test_an_adjustment_takes_in_a_newborn_and_lets_go_of_a_member_who_died(worker, approver, family, case):
    # given a newborn registered in the household and the spouse's death recorded
    before = {p.pk: p.name for p in case.covered.all()}
    spouse = _spouse(family)
    baby = _newborn(worker, family)
    household_member_end(actor=worker, household=family, person=spouse, reason="died")
    now = [m.person_id for m in household_members(household=family)]

    # when the approver adjusts the case to the household as it is now
    case = _adjust(approver, case, now)

    # then the case covers exactly the current members, and its history says who came and went
    assert sorted(case.covered.values_list("id", flat=True)) == sorted(now)
    event = case.events.last()
    assert event.data["covered_before"] == [{"id": pid, "name": before[pid]} for pid in sorted(before)]
    assert {"id": baby.pk, "name": "新生儿"} in event.data["covered_after"]
    assert spouse.pk not in [p["id"] for p in event.data["covered_after"]]
    assert event.data["covered_change"] == f"增加：新生儿；减少：{spouse.name}"
    assert event.amount_after == Decimal("1500.00")


def test_the_audit_row_records_the_covered_members_before_and_after(worker, approver, family, case):
    before = sorted(case.covered.values_list("id", flat=True))
    baby = _newborn(worker, family)

    _adjust(approver, case, [*before, baby.pk])

    row = AuditLog.objects.filter(entity_type="assistance.case", entity_id=str(case.pk)).latest("id")
    assert row.before["covered"] == before
    assert row.after["covered"] == sorted([*before, baby.pk])
    assert "保障成员增加：新生儿" in row.summary and row.household_id == family.pk


def test_a_member_who_has_left_is_refused_by_name(worker, approver, family, case):
    spouse = _spouse(family)
    household_member_end(actor=worker, household=family, person=spouse, reason="removed")

    with pytest.raises(ValidationFailed) as caught:
        _adjust(approver, case, list(case.covered.values_list("id", flat=True)))

    assert caught.value.errors["covered"] == [
        f"{spouse.name}（人员编号{spouse.pk}）已不是该家庭的现有成员，不能列为保障成员"
    ]
    assert spouse in case.covered.all()  # nothing changed


def test_someone_from_another_household_is_refused_without_their_name(approver, other_family, case):
    stranger = household_members(household=other_family).first().person

    with pytest.raises(ValidationFailed) as caught:
        _adjust(approver, case, [stranger.pk])

    assert caught.value.errors["covered"] == [f"人员编号{stranger.pk}不是该家庭的成员，不能列为保障成员"]
    assert stranger.name not in caught.value.errors["covered"][0]


def test_an_empty_set_of_covered_members_is_refused(approver, case):
    with pytest.raises(ValidationFailed) as caught:
        _adjust(approver, case, [])

    assert "保障成员至少应有一人" in caught.value.errors["covered"][0]


def test_only_an_adjustment_changes_the_covered_members(approver, case):
    with pytest.raises(ValidationFailed) as caught:
        case_change(
            actor=approver,
            case=case,
            change="suspend",
            reason_code="other",
            reason="待核实",
            covered=[],
            on=LATER,
        )

    assert caught.value.errors["covered"] == ["保障成员只能通过“调整”变更"]


def test_an_adjustment_of_members_records_a_fresh_basis(worker, approver, family, case):
    baby = _newborn(worker, family)

    _adjust(approver, case, [*case.covered.values_list("id", flat=True), baby.pk])

    basis = CaseBasis.objects.get(case=case)
    assert basis.assessed_on == LATER and basis.members == 4


def test_an_amount_only_adjustment_leaves_the_members_and_says_nothing_of_them(approver, case):
    covered = sorted(case.covered.values_list("id", flat=True))

    case = _adjust(approver, case, None, reason_code="income_change", reason="收入变化")

    assert sorted(case.covered.values_list("id", flat=True)) == covered
    assert "covered_before" not in case.events.last().data
