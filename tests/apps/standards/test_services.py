"""Setting a standard: every version kept and audited, ranges closed rather than edited, admins only."""

from __future__ import annotations

from datetime import date

import pytest

from apps.core.models import AuditAction, AuditLog
from apps.standards.models import StandardVersion
from apps.standards.services import standard_set
from policy.errors import NotFound, PermissionDenied, ValidationFailed
from tests.factories import COUNTY, OTHER_COUNTY, TOWN, VILLAGE

pytestmark = pytest.mark.django_db


def put(actor, value, start, *, key="dibao.standard", area=COUNTY, urban=True, note=""):
    return standard_set(
        actor=actor, area_code=area, key=key, urban=urban, value=value, effective_from=start, note=note
    )


def live(key="dibao.standard"):
    return list(
        StandardVersion.objects.filter(key=key, replaced_at__isnull=True)
        .order_by("effective_from")
        .values_list("value", "effective_from", "effective_to")
    )


def test_a_new_value_closes_the_open_range_the_day_before_and_keeps_the_old_row(admin_user):
    # given
    put(admin_user, "650", date(2022, 1, 1))
    # when
    put(admin_user, "680", date(2023, 1, 1))
    # then
    assert live() == [("650", date(2022, 1, 1), date(2022, 12, 31)), ("680", date(2023, 1, 1), None)]


def test_a_backdated_value_splits_the_range_it_falls_in_and_ends_where_that_range_ended(admin_user):
    put(admin_user, "650", date(2022, 1, 1))
    put(admin_user, "700", date(2024, 1, 1))

    put(admin_user, "680", date(2023, 1, 1))

    assert live() == [
        ("650", date(2022, 1, 1), date(2022, 12, 31)),
        ("680", date(2023, 1, 1), date(2023, 12, 31)),
        ("700", date(2024, 1, 1), None),
    ]


def test_a_value_before_every_version_runs_until_the_first_one_begins(admin_user):
    put(admin_user, "680", date(2023, 1, 1))

    put(admin_user, "650", date(2022, 1, 1))

    assert live()[0] == ("650", date(2022, 1, 1), date(2022, 12, 31))


def test_setting_the_same_first_day_again_corrects_it_and_keeps_the_mistake_on_record(admin_user):
    wrong = put(admin_user, "6800", date(2023, 1, 1))

    right = put(admin_user, "680", date(2023, 1, 1))

    wrong.refresh_from_db()
    assert wrong.replaced_by == right
    assert live() == [("680", date(2023, 1, 1), None)]
    assert StandardVersion.objects.count() == 2


def test_each_version_and_each_closed_range_is_audited(admin_user):
    first = put(admin_user, "650", date(2022, 1, 1), note="演示")
    second = put(admin_user, "680", date(2023, 1, 1), note="曾都区2023年民政工作总结")

    created = AuditLog.objects.filter(action=AuditAction.CREATE, entity_type="standards.standardversion")
    closed = AuditLog.objects.get(action=AuditAction.UPDATE, entity_id=str(first.pk))
    assert set(created.values_list("entity_id", flat=True)) == {str(first.pk), str(second.pk)}
    assert closed.before == {"effective_to": None} and closed.after == {"effective_to": "2022-12-31"}
    assert "低保标准（城市） = 680 元/人·月，2023-01-01起" in created.get(entity_id=str(second.pk)).summary
    assert created.first().actor == admin_user


def test_an_admin_may_set_a_township_override_inside_their_county(admin_user):
    version = put(admin_user, "700", date(2023, 1, 1), area=TOWN)

    assert version.area_id == TOWN


@pytest.mark.parametrize("fixture", ["worker", "reviewer", "approver", "finance", "supervisor"])
def test_only_an_admin_may_set_a_standard(request, fixture):
    with pytest.raises(PermissionDenied):
        put(request.getfixturevalue(fixture), "680", date(2023, 1, 1))
    assert not StandardVersion.objects.exists()


def test_an_admin_of_another_county_is_told_the_area_does_not_exist(outsider):
    with pytest.raises(NotFound):
        put(outsider, "680", date(2023, 1, 1), area=COUNTY)


def test_a_county_admin_may_not_set_the_citys_value(admin_user):
    with pytest.raises(NotFound):
        put(admin_user, "680", date(2023, 1, 1), area="421300000000")


def test_a_parameter_that_does_not_differ_by_kind_refuses_an_urban_value(admin_user):
    with pytest.raises(ValidationFailed) as caught:
        put(admin_user, "1.5", date(2023, 1, 1), key="dibao.near_multiple", urban=True)

    assert "城乡通用" in caught.value.errors["urban"][0]


def test_a_bad_value_is_refused_with_the_parameters_name(admin_user):
    with pytest.raises(ValidationFailed) as caught:
        put(admin_user, "六百八", date(2023, 1, 1))

    assert caught.value.errors["value"] == ["低保标准：格式不正确（填写的是“六百八”）"]


def test_a_village_cannot_hold_a_standard(admin_user):
    with pytest.raises(ValidationFailed) as caught:
        put(admin_user, "680", date(2023, 1, 1), area=VILLAGE)

    assert "不能设在村（社区）" in caught.value.errors["area"][0]


def test_typed_forms_are_stored_canonically(admin_user):
    put(admin_user, "680元", date(2023, 1, 1))
    brackets = put(
        admin_user, "80:50，90：100, 100:300", date(2023, 1, 1), key="longevity.brackets", urban=None
    )
    rate = put(admin_user, "30%", date(2023, 1, 1), key="dibao.job_cost_rate", urban=None)

    assert live()[0][0] == "680"
    assert brackets.value == "[[80, 50], [90, 100], [100, 300]]"
    assert rate.value == "0.3"


def test_an_unknown_parameter_is_refused(admin_user):
    with pytest.raises(ValidationFailed) as caught:
        put(admin_user, "1", date(2023, 1, 1), key="dibao.bonus", urban=None)

    assert caught.value.errors["key"] == ["未知的参数“dibao.bonus”"]


def test_other_countys_admin_sees_nothing_set_here(admin_user, outsider):
    put(admin_user, "680", date(2023, 1, 1))

    assert StandardVersion.objects.filter(area_id__gte=OTHER_COUNTY, area_id__lte="420921999999").count() == 0
