"""调标: a new 低保 standard re-assesses a county's cases as a preview (up, down, unchanged, newly
ineligible, the monthly cost difference), and an approver applies exactly that in one transaction."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from apps.assistance.models import (
    Case,
    CaseBasis,
    CaseEvent,
    ReviewReason,
    RunStatus,
    StandardChangeReview,
    StandardChangeRun,
)
from apps.assistance.selectors.restandard import restandard_county_get, run_get_for
from apps.assistance.services.basis import case_basis_record
from apps.assistance.services.restandard import restandard_apply, restandard_preview
from apps.core.models import AuditLog
from apps.core.numbers import number_for
from apps.standards.selectors import standards_for
from apps.standards.services import standard_set
from policy.errors import Conflict, NotFound, PermissionDenied
from policy.facts import AssetFacts, HouseholdFacts, IncomeFacts, IncomeKind, MemberFacts
from policy.programs import assess_program
from tests.factories import COUNTY, OTHER_COUNTY, TOWN_B, VILLAGE, VILLAGE_B, UserFactory, household
from tests.policy.programs.test_bulk import random_household

pytestmark = pytest.mark.usefixtures("standards")  # 曾都区 城市 680, 农村 617 from 2023-01-01
ON = date(2023, 6, 1)  # the day the cases were assessed
NEW = date(2024, 1, 1)  # the new standard's first day
BORN = date(1984, 5, 1)


def person(n: int, *, income: str = "0", **kw: Any) -> MemberFacts:
    incomes = (IncomeFacts(IncomeKind.TRANSFER, Decimal(income)),) if Decimal(income) else ()
    relation = "head" if n == 0 else "spouse"
    return MemberFacts(
        id_number=f"x{n}", name=f"成员{n}", relation=relation, birth_date=BORN, incomes=incomes, **kw
    )


def facts(*members: MemberFacts, area: str = VILLAGE, urban: bool = True) -> HouseholdFacts:
    return HouseholdFacts(area_code=area, urban=urban, members=members, assets=AssetFacts(homes=1))


def single_amount(household: HouseholdFacts, on: date) -> Decimal:
    standards = standards_for(area_code=household.area_code, urban=household.urban, on=on)
    return assess_program(code="dibao", household=household, standards=standards, on=on).monthly_amount


def case_with_basis(
    *, actor: Any, facts: HouseholdFacts | None, amount: Decimal | None = None, on: date = ON, **fields: Any
) -> Case:
    """A 低保 case paying ``amount`` (default: what the means test gives on ``on``), with its basis."""
    area = facts.area_code if facts else fields.pop("area", VILLAGE)
    urban = facts.urban if facts else fields.pop("urban", True)
    case = Case.objects.create(
        number=number_for(kind_code="DBZ", area_code=area, on=on),
        program="dibao",
        household=household(actor=actor, area_code=area, members=1),
        area_id=area,
        is_urban=urban,
        monthly_amount=amount if amount is not None else single_amount(facts, on),  # type: ignore[arg-type]
        start_month=date(on.year, on.month, 1),
        last_review_on=on,
        next_review_on=date(2024, 6, 1),
        **fields,
    )
    if facts is not None:
        case_basis_record(case=case, on=on, facts=facts)
    return case


@pytest.fixture
def cases(admin_user) -> dict[str, Case]:
    """Three hand-built households of 曾都区 under the 2023 standards."""
    return {
        # 2 × 680 − 600 = 760
        "urban": case_with_basis(actor=admin_user, facts=facts(person(0, income="600"), person(1))),
        # 650 < 680: the floor, 680 × 0.2 = 136
        "near": case_with_basis(actor=admin_user, facts=facts(person(0, income="650"))),
        # 617, rural
        "rural": case_with_basis(actor=admin_user, facts=facts(person(0), area=VILLAGE_B, urban=False)),
    }


def new_standard(admin: Any, value: str, *, urban: bool | None = True, area: str = COUNTY, **kw: Any) -> None:
    key = kw.pop("key", "dibao.standard")
    standard_set(actor=admin, area_code=area, key=key, urban=urban, value=value, effective_from=NEW)


def amounts(cases: dict[str, Case]) -> dict[str, Decimal]:
    return {name: Case.objects.get(pk=c.pk).monthly_amount for name, c in cases.items()}


def test_a_raised_urban_standard_previews_as_increases(cases, approver, admin_user):
    assert amounts(cases) == {"urban": Decimal("760"), "near": Decimal("136"), "rural": Decimal("617")}
    new_standard(admin_user, "700")

    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )

    assert (run.cases, run.up, run.down, run.unchanged, run.ineligible) == (3, 2, 0, 1, 0)
    # 2 × 700 − 600 = 800 (+40); the floor 700 × 0.2 = 140 (+4)
    assert (run.cost_before, run.cost_after, run.cost_difference) == (89600, 94000, 4400)
    assert {row[0]: row[1:] for row in run.sample} == {
        cases["urban"].pk: [76000, 80000, "up"],
        cases["near"].pk: [13600, 14000, "up"],
    }
    assert run.status == RunStatus.PREVIEWED
    assert amounts(cases)["urban"] == Decimal("760")  # a preview changes nothing


def test_a_lowered_standard_previews_decreases_and_newly_ineligible_cases(cases, approver, admin_user):
    new_standard(admin_user, "600")

    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )

    assert (run.up, run.down, run.unchanged, run.ineligible) == (0, 1, 1, 1)
    assert run.cost_difference == 60000 - 76000  # 2 × 600 − 600
    assert run.ineligible_cost == 13600  # what the newly ineligible case is paid now


def test_a_township_override_applies_to_its_own_cases(cases, approver, admin_user):
    new_standard(admin_user, "650", urban=False, area=TOWN_B)

    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )

    assert {row[0]: row[1:] for row in run.sample} == {cases["rural"].pk: [61700, 65000, "up"]}
    assert any(s["standard"] == "650.00" and s["cases"] == 1 for s in run.standards)


def test_applying_updates_amounts_writes_history_and_exactly_one_audit_row(cases, approver, admin_user):
    # given a previewed raise
    new_standard(admin_user, "700")
    county = restandard_county_get(actor=approver, code=COUNTY)
    run = restandard_preview(actor=approver, county=county, on=NEW)
    versions = {name: c.version for name, c in cases.items()}
    audit_before = AuditLog.objects.count()
    # when the approver applies it
    applied = restandard_apply(actor=approver, run=run)
    # then the amounts change, each changed case has one history row, and one audit row covers the run
    assert amounts(cases) == {"urban": Decimal("800"), "near": Decimal("140"), "rural": Decimal("617")}
    events = CaseEvent.objects.filter(reason_code="restandard").order_by("case_id")
    assert [(e.case_id, e.amount_before, e.amount_after) for e in events] == [
        (cases["urban"].pk, Decimal("760"), Decimal("800")),
        (cases["near"].pk, Decimal("136"), Decimal("140")),
    ]
    event = events[0]
    assert (event.change, event.reason_label, event.effective_month, event.on) == ("adjust", "调标", NEW, NEW)
    assert event.actor == approver and event.data == {"run": run.pk}
    assert Case.objects.get(pk=cases["urban"].pk).version == versions["urban"] + 1
    assert Case.objects.get(pk=cases["rural"].pk).version == versions["rural"]
    assert AuditLog.objects.count() == audit_before + 1
    audit = AuditLog.objects.latest("id")
    assert audit.entity_id == str(run.pk) and "增发2户" in audit.summary and audit.area_code == COUNTY
    assert (applied.status, applied.applied_by) == (RunStatus.APPLIED, approver)


def test_newly_ineligible_cases_are_listed_for_review_not_stopped(cases, approver, admin_user):
    new_standard(admin_user, "600")
    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )

    restandard_apply(actor=approver, run=run)

    near = Case.objects.get(pk=cases["near"].pk)
    assert (near.status, near.monthly_amount, near.next_review_on) == ("active", Decimal("136"), NEW)
    review = StandardChangeReview.objects.get(run=run)
    assert (review.case_id, review.reason) == (near.pk, ReviewReason.INELIGIBLE)
    assert not CaseEvent.objects.filter(case=near, reason_code="restandard").exists()


def test_cases_without_a_basis_are_listed_and_cases_in_phase_out_left_alone(
    cases, worker, approver, admin_user
):
    bare = case_with_basis(actor=worker, facts=None, amount=Decimal("300"))
    phasing = case_with_basis(actor=worker, facts=facts(person(0)), phase_out=[["2024-01-01", "340.00"]])
    new_standard(admin_user, "700")
    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )

    restandard_apply(actor=approver, run=run)

    assert (run.no_basis, run.phase_out, run.cases) == (1, 1, 3)
    assert StandardChangeReview.objects.get(case=bare).reason == ReviewReason.NO_BASIS
    assert Case.objects.get(pk=bare.pk).monthly_amount == Decimal("300")
    assert Case.objects.get(pk=phasing.pk).monthly_amount == phasing.monthly_amount
    assert not StandardChangeReview.objects.filter(case=phasing).exists()


def test_a_case_paying_an_amount_set_by_hand_is_listed_not_recomputed(cases, approver, admin_user):
    # given an amount fixed by a later 调整, which its basis does not give
    Case.objects.filter(pk=cases["urban"].pk).update(monthly_amount=Decimal("900"))
    new_standard(admin_user, "700")
    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )
    # when the change is applied
    restandard_apply(actor=approver, run=run)
    # then that decision stands, and the case is listed for review
    assert (run.departed, run.up, run.unchanged) == (1, 1, 1)
    assert amounts(cases) == {"urban": Decimal("900"), "near": Decimal("140"), "rural": Decimal("617")}
    assert StandardChangeReview.objects.get(run=run).reason == ReviewReason.DEPARTED


def test_an_applied_case_stays_in_step_for_the_next_change(cases, approver, admin_user):
    new_standard(admin_user, "700")
    county = restandard_county_get(actor=approver, code=COUNTY)
    restandard_apply(actor=approver, run=restandard_preview(actor=approver, county=county, on=NEW))
    standard_set(
        actor=admin_user,
        area_code=COUNTY,
        key="dibao.standard",
        urban=True,
        value="720",
        effective_from=date(2025, 1, 1),
    )

    run = restandard_preview(actor=approver, county=county, on=date(2025, 1, 1))

    assert (run.up, run.departed) == (2, 0)
    assert CaseBasis.objects.get(case=cases["urban"]).amount == 80000


def test_a_changed_excluded_income_rule_lists_cases_instead_of_recomputing_them(cases, approver, admin_user):
    new_standard(admin_user, '["pension_basic"]', urban=None, key="dibao.income_excluded")

    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )

    assert (run.rules_changed, run.up, run.down, run.unchanged) == (3, 0, 0, 0)


def test_applying_is_refused_when_a_case_changed_since_the_preview(cases, approver, admin_user):
    new_standard(admin_user, "700")
    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )
    Case.objects.filter(pk=cases["rural"].pk).update(monthly_amount=Decimal("600"), version=5)

    with pytest.raises(Conflict, match="请重新预览"):
        restandard_apply(actor=approver, run=run)

    assert amounts(cases)["urban"] == Decimal("760")
    assert not CaseEvent.objects.filter(reason_code="restandard").exists()
    assert StandardChangeRun.objects.get(pk=run.pk).status == RunStatus.PREVIEWED


def test_applying_is_refused_when_the_standard_changed_since_the_preview(cases, approver, admin_user):
    new_standard(admin_user, "700")
    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )
    new_standard(admin_user, "710")  # a correction for the same day

    with pytest.raises(Conflict):
        restandard_apply(actor=approver, run=run)


def test_applying_twice_is_refused(cases, approver, admin_user):
    new_standard(admin_user, "700")
    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )
    restandard_apply(actor=approver, run=run)

    with pytest.raises(Conflict, match="不能重复执行"):
        restandard_apply(actor=approver, run=run)


@pytest.mark.parametrize("role", ["township_reviewer", "village_worker", "finance", "supervisor"])
def test_roles_without_the_county_restandard_right_may_neither_preview_nor_apply(
    cases, approver, admin_user, role
):
    new_standard(admin_user, "700")
    county = restandard_county_get(actor=approver, code=COUNTY)
    run = restandard_preview(actor=approver, county=county, on=NEW)
    area = {"township_reviewer": "421303001000", "village_worker": VILLAGE}.get(role, COUNTY)
    user = UserFactory(role=role, area_id=area)

    with pytest.raises(PermissionDenied):
        restandard_preview(actor=user, county=county, on=NEW)
    with pytest.raises(PermissionDenied):
        restandard_apply(actor=user, run=run)


def test_an_out_of_area_county_or_run_answers_not_found(cases, approver, admin_user):
    outsider = UserFactory(role="county_approver", area_id=OTHER_COUNTY)
    new_standard(admin_user, "700")
    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )

    for actor, code in ((outsider, COUNTY), (approver, OTHER_COUNTY), (approver, "421399000000")):
        with pytest.raises(NotFound):
            restandard_county_get(actor=actor, code=code)
    with pytest.raises(NotFound):
        run_get_for(actor=outsider, run_id=run.pk)
    with pytest.raises(NotFound):
        restandard_apply(actor=outsider, run=run)


def test_applied_amounts_agree_with_the_single_household_means_test(worker, approver, admin_user):
    # given random households assessed under the 2023 standards
    rng = random.Random(3)
    households = [random_household(rng, i, Decimal("680")) for i in range(40)]
    made = [(f, case_with_basis(actor=worker, facts=f)) for f in households if single_amount(f, ON) > 0]
    # when the urban standard and the floor change, and the change is applied
    new_standard(admin_user, "705")
    new_standard(admin_user, "0.25", urban=None, key="dibao.minimum_rate")
    run = restandard_preview(
        actor=approver, county=restandard_county_get(actor=approver, code=COUNTY), on=NEW
    )
    restandard_apply(actor=approver, run=run)
    # then every eligible case pays what the single-household path gives, the rest are listed
    listed = set(StandardChangeReview.objects.filter(run=run).values_list("case_id", flat=True))
    for household_facts, case in made:
        expected = single_amount(household_facts, NEW)
        paid = Case.objects.get(pk=case.pk).monthly_amount
        assert (paid == expected) if expected else (case.pk in listed and paid == case.monthly_amount)
    assert run.up > 10 and run.changed + run.unchanged + run.ineligible == len(made)


# The pages.


def _page(response: Any) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def test_the_start_page_sends_a_county_approver_to_their_county(client, approver):
    client.force_login(approver)

    response = client.get("/assistance/restandard/")

    assert response.status_code == 302 and response["Location"] == f"/assistance/restandard/{COUNTY}/"


def test_the_preview_page_streams_the_figures_and_offers_to_apply(client, cases, approver, admin_user):
    # given a new urban standard
    new_standard(admin_user, "700")
    client.force_login(approver)
    page = client.get(f"/assistance/restandard/{COUNTY}/").content.decode()
    assert "2024-01-01 起：城市 700 元，农村 617 元" in page
    # when the approver previews it
    text = _page(client.post(f"/assistance/restandard/{COUNTY}/", {"on": "2024-01-01"}))
    # then the stages stream, then the figures, the sample and the button
    run = StandardChangeRun.objects.get()
    assert "正在读取在保对象的核算依据" in text and "已读取 3 户" in text
    assert '增发</div><span class="stat">2</span>' in text
    assert "+44.00" in text and "确认调标" in text and cases["urban"].number in text
    assert f"/assistance/restandard/runs/{run.pk}/apply/" in text


def test_the_pages_answer_404_outside_the_area_and_403_to_a_township(client, cases, approver, reviewer):
    client.force_login(approver)
    assert client.get(f"/assistance/restandard/{OTHER_COUNTY}/").status_code == 404
    client.force_login(reviewer)
    assert client.get(f"/assistance/restandard/{COUNTY}/").status_code == 403
