"""Registry write pages through the Django test client: editing households and people, members in and
out, change of head, split, merge, incomes, assets and suspected duplicates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.core.models import AuditLog
from apps.registry.models import Asset, DuplicateFlag, Household, Income, Membership, Person
from apps.registry.selectors import household_members
from apps.registry.services.persons import person_create
from policy.privacy import mask_id_number
from tests.factories import VILLAGE, household, new_id_number, person_input

pytestmark = pytest.mark.django_db


def _head(h: Household) -> Person:
    return household_members(household=h).first().person


def _members(h: Household) -> list[Person]:
    return [m.person for m in household_members(household=h)]


# --- editing -------------------------------------------------------------------------------------------


def test_edit_household_saves_and_keeps_history(client, worker, family):
    client.force_login(worker)
    data = {
        "area": VILLAGE,
        "address": "新址路1号",
        "is_urban": "0",
        "account_type": "bank",
        "bank_name": "农商银行",
        "account_number": "6230 0000 1234",
        "account_holder": "户主",
    }
    response = client.post(reverse("registry:household_edit", args=[family.pk]), data)
    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.address, family.is_urban, family.account_number) == ("新址路1号", False, "623000001234")
    html = client.get(reverse("registry:household_detail", args=[family.pk])).content.decode()
    assert "修改家庭信息" in html and "新址路1号" in html
    assert "623000001234" not in html  # the account is masked in the page and its history


def test_edit_household_shows_a_bad_account_number_by_its_field(client, worker, family):
    client.force_login(worker)
    data = {"area": VILLAGE, "address": "新址路1号", "account_type": "bank", "account_number": "12AB"}
    html = client.post(reverse("registry:household_edit", args=[family.pk]), data).content.decode()
    assert 'id="id_account_number_error"' in html and "账号只能由数字组成" in html


def test_edit_person_records_self_care_and_keeps_the_id_when_left_blank(client, worker, family):
    client.force_login(worker)
    head = _head(family)
    care = {f"care_{k}": "1" for k in ("eat", "dress", "transfer", "toilet")} | {
        "care_walk": "0",
        "care_bathe": "0",
    }
    data = {
        "name": head.name,
        "id_number": "",
        "ethnicity": "回族",
        "hukou_area": VILLAGE,
        "employment": "farming",
        "serious_illness": "on",
        "illness_note": "尿毒症",
        **care,
    }
    response = client.post(reverse("registry:person_edit", args=[head.pk]), data)
    assert response.status_code == 302
    head.refresh_from_db()
    assert head.ethnicity == "回族" and head.self_care.label == "半失能" and head.serious_illness
    assert head.id_number == _head(family).id_number
    page = client.get(reverse("registry:person_detail", args=[head.pk])).content.decode()
    assert "半失能" in page and "尿毒症" in page


def test_edit_person_with_half_a_self_care_rating_is_refused(client, worker, family):
    client.force_login(worker)
    head = _head(family)
    data = {"name": head.name, "ethnicity": "汉族", "hukou_area": VILLAGE, "care_eat": "1"}
    html = client.post(reverse("registry:person_edit", args=[head.pk]), data).content.decode()
    assert "生活自理能力评估须六项全部填写" in html
    head.refresh_from_db()
    assert head.care_eat is None


def test_edit_person_with_a_future_death_date_names_the_field(client, worker, family):
    client.force_login(worker)
    head = _head(family)
    data = {"name": head.name, "ethnicity": "汉族", "hukou_area": VILLAGE, "death_date": "2999-01-01"}
    html = client.post(reverse("registry:person_edit", args=[head.pk]), data).content.decode()
    assert 'id="id_death_date_error"' in html and "死亡日期不能晚于今天" in html


# --- members -------------------------------------------------------------------------------------------


def test_add_a_new_member(client, worker, family):
    client.force_login(worker)
    data = {"relation": "parent", "name": "王奶奶", "id_number": new_id_number(), "ethnicity": "汉族"}
    response = client.post(reverse("registry:member_add", args=[family.pk]), data)
    assert response.status_code == 302
    assert "王奶奶" in [p.name for p in _members(family)]


def test_add_member_with_a_wrong_id_shows_the_message(client, worker, family):
    client.force_login(worker)
    data = {"relation": "parent", "name": "王奶奶", "id_number": "42130319500101123", "ethnicity": "汉族"}
    html = client.post(reverse("registry:member_add", args=[family.pk]), data).content.decode()
    assert "公民身份号码应为18位" in html and 'id="id_id_number_error"' in html


def test_move_in_a_registered_person_from_another_household(client, worker, family):
    # given
    client.force_login(worker)
    other = household(actor=worker, members=2)
    mover = _members(other)[1]
    # when
    response = client.post(
        reverse("registry:member_move_in", args=[family.pk]),
        {"id_number": mover.id_number, "relation": "other"},
    )
    # then
    assert response.status_code == 302
    assert mover in _members(family) and mover not in _members(other)
    assert Membership.objects.filter(person=mover, household=other, end_reason="moved").exists()


def test_move_in_of_an_unknown_or_foreign_id_is_refused(client, worker, family, other_family):
    client.force_login(worker)
    stranger = _head(other_family)
    for number in (new_id_number(), stranger.id_number):
        html = client.post(
            reverse("registry:member_move_in", args=[family.pk]), {"id_number": number, "relation": "other"}
        ).content.decode()
        assert "在您的辖区内未找到该公民身份号码的人员" in html
    assert stranger not in _members(family)


def test_remove_a_member_keeps_the_history(client, worker, family):
    client.force_login(worker)
    child = _members(family)[2]
    url = reverse("registry:member_remove", args=[family.pk, child.pk])
    assert "确认移出" in client.get(url).content.decode()
    assert client.post(url, {"reason": "removed"}).status_code == 302
    assert child not in _members(family)
    html = client.get(reverse("registry:household_detail", args=[family.pk])).content.decode()
    assert "移出家庭" in html


def test_removing_the_head_is_not_offered(client, worker, family):
    client.force_login(worker)
    head = _head(family)
    response = client.post(
        reverse("registry:member_remove", args=[family.pk, head.pk]), {"reason": "removed"}
    )
    assert "户主不能直接移出，请先变更户主" in response.content.decode()
    assert head in _members(family)


def test_change_the_head(client, worker, family):
    client.force_login(worker)
    spouse = _members(family)[1]
    response = client.post(
        reverse("registry:head_change", args=[family.pk]),
        {"new_head": str(spouse.pk), "old_head_relation": "spouse"},
    )
    assert response.status_code == 302
    assert _head(family) == spouse


def test_split_members_off_into_a_new_household(client, worker, family):
    # given
    client.force_login(worker)
    child = _members(family)[2]
    data = {
        f"rel_{child.pk}": "head",
        "new-area": VILLAGE,
        "new-address": "分户路2号",
        "new-account_type": "bank",
    }
    # when
    response = client.post(reverse("registry:household_split", args=[family.pk]), data)
    # then
    new = Household.objects.get(address="分户路2号")
    assert response["Location"] == reverse("registry:household_detail", args=[new.pk])
    assert _members(new) == [child]


def test_split_without_choosing_anyone_says_so(client, worker, family):
    client.force_login(worker)
    data = {"new-area": VILLAGE, "new-address": "分户路3号", "new-account_type": "bank"}
    html = client.post(reverse("registry:household_split", args=[family.pk]), data).content.decode()
    assert "请选择要分出的本家庭现有成员" in html


def test_merge_into_another_household(client, worker, family):
    # given
    client.force_login(worker)
    target = household(actor=worker, members=1)
    data = {"target": str(target.pk)} | {f"rel_{p.pk}": "other" for p in _members(family)}
    data[f"rel_{_head(family).pk}"] = "sibling"
    # when
    response = client.post(reverse("registry:household_merge", args=[family.pk]), data)
    # then
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.status == "dissolved" and len(_members(target)) == 4


def test_merge_into_a_household_outside_the_area_looks_missing(client, worker, family, other_family):
    client.force_login(worker)
    data = {"target": str(other_family.pk)} | {f"rel_{p.pk}": "other" for p in _members(family)}
    html = client.post(reverse("registry:household_merge", args=[family.pk]), data).content.decode()
    assert "未找到该编号的家庭，或该家庭不在您的辖区内" in html


# --- incomes, assets, duplicates -----------------------------------------------------------------------


def test_add_and_delete_an_income(client, worker, family):
    client.force_login(worker)
    head = _head(family)
    data = {
        "person": str(head.pk),
        "income_type": "wage",
        "amount": "1,500.5",
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
        "note": "务工",
    }
    assert client.post(reverse("registry:income_add", args=[family.pk]), data).status_code == 302
    income = Income.objects.get(household=family)
    assert str(income.amount) == "1500.50"
    url = reverse("registry:income_delete", args=[family.pk, income.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Income.objects.filter(pk=income.pk).exists()
    assert AuditLog.objects.filter(action="delete", entity_type="registry.income").exists()


def test_income_with_a_bad_amount_names_the_field(client, worker, family):
    client.force_login(worker)
    data = {
        "person": str(_head(family).pk),
        "income_type": "wage",
        "amount": "一千",
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
    }
    html = client.post(reverse("registry:income_add", args=[family.pk]), data).content.decode()
    assert 'id="id_amount_error"' in html and "不是有效数字" in html


def test_add_and_delete_an_asset(client, worker, family):
    client.force_login(worker)
    data = {
        "asset_type": "vehicle",
        "description": "小型轿车",
        "value": "30000",
        "registration_no": "鄂S12345",
    }
    assert client.post(reverse("registry:asset_add", args=[family.pk]), data).status_code == 302
    asset = Asset.objects.get(household=family)
    assert "小型轿车" in client.get(reverse("registry:household_detail", args=[family.pk])).content.decode()
    assert client.post(reverse("registry:asset_delete", args=[family.pk, asset.pk])).status_code == 302
    assert not Asset.objects.exists()


def test_supervisor_cannot_delete_an_income(client, supervisor, worker, family):
    income = Income.objects.create(
        person=_head(family),
        household=family,
        income_type="wage",
        amount="1",
        period_start="2025-01-01",
        period_end="2025-01-31",
    )
    client.force_login(supervisor)
    assert client.post(reverse("registry:income_delete", args=[family.pk, income.pk])).status_code == 403
    assert Income.objects.filter(pk=income.pk).exists()


def test_suspected_duplicate_is_shown_and_resolved_on_the_person_page(client, worker, family):
    # given: someone with the head's name and birth date under another number
    head = _head(family)
    twin = person_create(
        actor=worker, data=person_input(name=head.name, id_number=new_id_number(birth=head.birth_date))
    )
    flag = DuplicateFlag.objects.get(person=twin)
    client.force_login(worker)
    # when
    page = client.get(reverse("registry:person_detail", args=[head.pk])).content.decode()
    response = client.post(
        reverse("registry:duplicate_resolve", args=[head.pk, flag.pk]), {"status": "distinct"}
    )
    # then
    assert "疑似重复人员" in page and mask_id_number(twin.id_number) in page
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "distinct" and flag.resolved_by == worker
