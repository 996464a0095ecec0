"""Registering, editing and changing the state of an organisation: audit rows, dated states, refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from apps.core import clock
from apps.core.models import AuditLog
from apps.organisations.models import OrganisationState
from apps.organisations.services.organisations import (
    organisation_reveal,
    organisation_state_change,
    organisation_update,
)
from policy.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from tests.apps.organisations.helpers import credit_code, org_input, organisation
from tests.factories import OTHER_VILLAGE, household, new_id_number

pytestmark = pytest.mark.django_db


def test_registering_numbers_the_organisation_and_records_its_first_state_and_audit(approver):
    # when
    org = organisation(actor=approver)
    # then
    assert org.number.startswith(f"421303-{clock.today().year}-ZZ-")
    assert str(org) == org.number
    assert org.state == "normal" and org.state_since == clock.today()
    assert list(OrganisationState.objects.filter(organisation=org).values_list("state", "reason")) == [
        ("normal", "登记")
    ]
    audit = AuditLog.objects.get(entity_type="organisations.organisation", entity_id=str(org.pk))
    assert audit.action == "create" and org.number in audit.summary and audit.actor_id == approver.pk


def test_a_credit_code_is_unique_when_given_and_optional_otherwise(approver):
    code = credit_code()
    first = organisation(actor=approver, credit_code=code)
    with pytest.raises(ValidationFailed) as refused:
        organisation(actor=approver, name="另一个组织", credit_code=code.lower())
    assert first.number in refused.value.errors["credit_code"][0]
    # two organisations in 筹备 may both have none
    assert organisation(actor=approver, credit_code="").credit_code is None
    assert organisation(actor=approver, credit_code="").credit_code is None


def test_a_wrong_credit_code_is_refused_on_its_field_in_chinese(approver):
    with pytest.raises(ValidationFailed) as refused:
        organisation(actor=approver, credit_code="91350100M000100Y44")
    assert refused.value.errors["credit_code"] == ["统一社会信用代码校验位错误，请核对是否抄错"]


def test_every_wrong_field_is_named_at_once(approver):
    with pytest.raises(ValidationFailed) as refused:
        organisation(actor=approver, name=" ", kind="club", contact_phone="12345", area_code="")
    assert set(refused.value.errors) == {"name", "kind", "contact_phone", "area"}
    assert refused.value.errors["name"] == ["组织名称不能为空"]


def test_an_area_outside_the_actor_is_refused(approver):
    with pytest.raises(ValidationFailed) as refused:
        organisation(actor=approver, area_code=OTHER_VILLAGE)
    assert refused.value.errors["area"] == ["住所所在区划不在您的辖区内"]


def test_the_legal_representative_is_linked_from_the_registry_by_id_number(approver, worker):
    family = household(actor=worker, members=1)
    head = family.memberships.get().person
    org = organisation(
        actor=approver, legal_representative_name="", legal_representative_id_number=head.id_number
    )
    assert org.legal_representative_id == head.pk and org.legal_representative_name == head.name
    with pytest.raises(ValidationFailed) as refused:
        organisation(actor=approver, legal_representative_id_number=new_id_number())
    assert "人员库中没有" in refused.value.errors["legal_representative_id_number"][0]


def test_roles_without_the_capability_may_not_register(worker, supervisor):
    for actor in (worker, supervisor):
        with pytest.raises(PermissionDenied):
            organisation(actor=actor)


def test_an_edit_is_audited_with_its_changes_and_guarded_by_the_version(approver):
    org = organisation(actor=approver)
    # when
    changed = organisation_update(
        actor=approver, organisation_id=org.pk, version=org.version, data=org_input(name="曾都区颐养中心")
    )
    # then
    assert changed.name == "曾都区颐养中心" and changed.version == org.version + 1
    audit = AuditLog.objects.filter(entity_id=str(org.pk), action="update").get()
    assert audit.before["name"] == "曾都区颐养居家养老服务中心" and audit.after["name"] == "曾都区颐养中心"
    with pytest.raises(Conflict):  # the version the first page showed is stale now
        organisation_update(actor=approver, organisation_id=org.pk, version=org.version, data=org_input())


def test_a_state_change_is_a_dated_history_row(approver):
    org = organisation(actor=approver, state_since=date(2024, 1, 1))
    # when
    listed = organisation_state_change(
        actor=approver,
        organisation_id=org.pk,
        version=org.version,
        state="abnormal",
        effective_on=date(2025, 6, 1),
        reason="未按时报送2024年度工作报告",
    )
    cleared = organisation_state_change(
        actor=approver,
        organisation_id=org.pk,
        version=listed.version,
        state="normal",
        effective_on=date(2025, 9, 1),
    )
    # then
    assert cleared.state == "normal" and cleared.state_since == date(2025, 9, 1)
    history = list(org.states.order_by("effective_on").values_list("state", "effective_on"))
    assert history == [
        ("normal", date(2024, 1, 1)),
        ("abnormal", date(2025, 6, 1)),
        ("normal", date(2025, 9, 1)),
    ]
    summaries = list(
        AuditLog.objects.filter(entity_id=str(org.pk), action="update").values_list("summary", flat=True)
    )
    assert any("列入异常名录" in s for s in summaries)


def test_state_changes_are_refused_with_their_reasons(approver):
    org = organisation(actor=approver, state_since=date(2025, 1, 1))
    with pytest.raises(ValidationFailed) as refused:
        organisation_state_change(
            actor=approver,
            organisation_id=org.pk,
            version=None,
            state="revoked",
            effective_on=date(2024, 1, 1),
        )
    assert refused.value.errors["effective_on"] == ["生效日期不能早于当前状态的起始日期 2025-01-01"]
    assert refused.value.errors["reason"] == ["变更为“撤销”须填写原因或依据"]
    with pytest.raises(ValidationFailed) as refused:
        organisation_state_change(
            actor=approver,
            organisation_id=org.pk,
            version=None,
            state="deregistered",
            effective_on=clock.today() + timedelta(days=1),
        )
    assert refused.value.errors["effective_on"] == ["生效日期不能晚于今天"]
    ended = organisation_state_change(
        actor=approver, organisation_id=org.pk, version=None, state="deregistered", effective_on=clock.today()
    )
    with pytest.raises(InvalidTransition, match="组织当前状态为“注销”，不能变更为“正常”"):
        organisation_state_change(
            actor=approver, organisation_id=ended.pk, version=None, state="normal", effective_on=clock.today()
        )


def test_revealing_the_phone_is_audited_and_needs_the_capability(approver, supervisor):
    org = organisation(actor=approver)
    assert organisation_reveal(actor=approver, organisation=org, field_name="contact_phone") == "13912345678"
    assert AuditLog.objects.filter(entity_id=str(org.pk), action="reveal").count() == 1
    with pytest.raises(PermissionDenied):
        organisation_reveal(actor=supervisor, organisation=org, field_name="contact_phone")


def test_an_organisation_outside_the_actor_answers_not_found_on_edit(approver, outsider):
    org = organisation(actor=approver)
    with pytest.raises(NotFound):
        organisation_update(actor=outsider, organisation_id=org.pk, version=None, data=org_input())
