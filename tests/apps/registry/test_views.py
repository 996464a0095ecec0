"""Registry pages through the Django test client: Chinese pages per role, filters, scoping, masking,
revealing, and household creation with field-level messages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.core.models import AuditLog
from apps.registry.models import Household, Income, Person
from apps.registry.selectors import household_members
from policy.privacy import mask_id_number
from tests.factories import VILLAGE, VILLAGE_B, household, new_id_number

pytestmark = pytest.mark.django_db

ROLES = ["worker", "reviewer", "approver", "finance", "admin_user", "supervisor"]


def _head(h: Household) -> Person:
    return household_members(household=h).first().person


def _members(h: Household) -> list[Person]:
    return [m.person for m in household_members(household=h)]


def _create_post(area: str = VILLAGE, address: str = "幸福路8号", members: list[dict] | None = None) -> dict:
    rows = members or [{"relation": "head", "name": "王建国", "id_number": new_id_number()}]
    data = {
        "area": area,
        "address": address,
        "is_urban": "",
        "account_type": "bank",
        "members-TOTAL_FORMS": str(len(rows)),
        "members-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(rows):
        data.update({f"members-{i}-{k}": v for k, v in {"ethnicity": "汉族", **row}.items()})
    return data


# --- reading pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_registry_pages_in_chinese(client, request, role, family):
    user = request.getfixturevalue(role)
    client.force_login(user)
    head = _head(family)
    pages = {
        reverse("registry:search") + "?q=测试": "人员查询",
        reverse("registry:household_list"): "家庭列表",
        reverse("registry:household_detail", args=[family.pk]): "家庭成员",
        reverse("registry:person_detail", args=[head.pk]): "公民身份号码",
    }
    for url, words in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert words in response.content.decode(), url


def test_anonymous_visitor_is_sent_to_login(client, family):
    response = client.get(reverse("registry:household_detail", args=[family.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_household_list_masks_every_id_number(client, worker, family):
    client.force_login(worker)
    head = _head(family)
    html = client.get(reverse("registry:household_list")).content.decode()
    assert mask_id_number(head.id_number) in html
    assert head.id_number not in html
    assert head.name in html


def test_household_list_filters_by_name_area_urban_and_disabled(client, approver, admin_user, worker):
    # given: an urban household in one village, a rural one with a disabled member in another
    town_family = household(actor=worker, address="城关路1号")
    farm = household(actor=admin_user, area_code=VILLAGE_B, address="万店村3组")
    farmer = _head(farm)
    Person.objects.filter(pk=farmer.pk).update(disability_category="physical", disability_grade=2)
    client.force_login(approver)
    url = reverse("registry:household_list")

    def listed(**params: str) -> str:
        return client.get(url, params).content.decode()

    # then
    assert "城关路1号" in listed() and "万店村3组" in listed()
    by_name = listed(q=farmer.name)
    assert "万店村3组" in by_name and "城关路1号" not in by_name
    by_id = listed(q=_head(town_family).id_number[:14])
    assert "城关路1号" in by_id and "万店村3组" not in by_id
    assert "城关路1号" not in listed(area=VILLAGE_B)
    assert "万店村3组" not in listed(urban="1")
    rural = listed(urban="0")
    assert "万店村3组" in rural and "城关路1号" not in rural
    disabled = listed(disabled="on")
    assert "万店村3组" in disabled and "城关路1号" not in disabled
    assert "共 1 户" in disabled


def test_list_shows_the_total_unfiltered_and_filtered_and_pages_newest_first(client, worker):
    for n in range(21):
        household(actor=worker, members=1, address=f"分页路{n}号")
    client.force_login(worker)
    first = client.get(reverse("registry:household_list")).content.decode()
    assert "下一页" in first and "共 21 户" in first
    assert "分页路20号" in first  # the household made last is on top
    second = client.get(reverse("registry:household_list"), {"page": "2"}).content.decode()
    assert "分页路0号" in second and "上一页" in second and "下一页" not in second
    filtered = client.get(reverse("registry:household_list"), {"urban": "1"}).content.decode()
    assert "共 21 户" in filtered and "共 2 页" in filtered


def test_household_list_links_to_the_export_with_the_same_filters(client, worker, family):
    client.force_login(worker)
    html = client.get(reverse("registry:household_list"), {"urban": "1", "page": "1"}).content.decode()
    assert "导出Excel" in html
    assert f'href="{reverse("registry:household_export")}?urban=1"' in html


def test_search_finds_people_by_name_and_by_leading_id_digits(client, worker, family):
    client.force_login(worker)
    head = _head(family)
    by_name = client.get(reverse("registry:search"), {"q": head.name}).content.decode()
    assert reverse("registry:person_detail", args=[head.pk]) in by_name
    assert mask_id_number(head.id_number) in by_name and head.id_number not in by_name
    assert f"家庭 {family.number}" in by_name
    by_id = client.get(reverse("registry:search"), {"q": head.id_number[:12]}).content.decode()
    assert reverse("registry:person_detail", args=[head.pk]) in by_id
    nobody = client.get(reverse("registry:search"), {"q": "查无此人"}).content.decode()
    assert "没有找到符合条件的人员" in nobody


def test_search_by_too_few_id_digits_asks_for_more(client, worker, family):
    client.force_login(worker)
    html = client.get(reverse("registry:search"), {"q": "421303"}).content.decode()
    assert "请至少输入前10位" in html
    assert "stack results" not in html


def test_search_does_not_reach_outside_the_area(client, worker, other_family):
    client.force_login(worker)
    stranger = _head(other_family)
    html = client.get(reverse("registry:search"), {"q": stranger.name}).content.decode()
    assert reverse("registry:person_detail", args=[stranger.pk]) not in html


def test_out_of_area_household_and_person_answer_404_like_missing_ones(client, worker, other_family):
    client.force_login(worker)
    stranger = _head(other_family)
    assert client.get(reverse("registry:household_detail", args=[other_family.pk])).status_code == 404
    assert client.get(reverse("registry:household_detail", args=[999_999])).status_code == 404
    assert client.get(reverse("registry:person_detail", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("registry:person_detail", args=[999_999])).status_code == 404
    assert client.get(reverse("registry:household_edit", args=[other_family.pk])).status_code == 404


def test_household_page_shows_members_incomes_assets_and_masked_history(client, worker, family):
    client.force_login(worker)
    head = _head(family)
    Income.objects.create(
        person=head,
        household=family,
        income_type="wage",
        amount="1200.00",
        period_start="2025-01-01",
        period_end="2025-12-31",
    )
    html = client.get(reverse("registry:household_detail", args=[family.pk])).content.decode()
    for member in _members(family):
        assert member.name in html
        assert mask_id_number(member.id_number) in html
        # the audit history keeps the full number, but the page shows it masked
        assert member.id_number not in html
    assert "工资性收入" in html and "1,200.00" in html  # money as every page shows it
    assert "操作记录" in html and "新建家庭" in html and str(worker) in html
    assert "显示完整号码" in html


def test_supervisor_sees_no_reveal_or_edit_buttons(client, supervisor, family):
    client.force_login(supervisor)
    html = client.get(reverse("registry:household_detail", args=[family.pk])).content.decode()
    assert "显示完整号码" not in html
    assert reverse("registry:household_edit", args=[family.pk]) not in html


# --- revealing an identifier ---------------------------------------------------------------------------


def test_reveal_returns_the_full_id_number_and_writes_an_audit_row(client, approver, family):
    client.force_login(approver)
    head = _head(family)
    response = client.post(
        reverse("registry:person_reveal", args=[head.pk, "id_number"]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert head.id_number in response.content.decode()
    assert "<html" not in response.content.decode()  # a fragment for htmx to swap in
    row = AuditLog.objects.filter(action="reveal").latest("id")
    assert row.actor == approver and row.entity_id == str(head.pk) and row.household_id == family.pk


def test_reveal_without_htmx_answers_a_whole_page(client, worker, family):
    client.force_login(worker)
    head = _head(family)
    response = client.post(reverse("registry:person_reveal", args=[head.pk, "id_number"]))
    assert response.status_code == 200 and "返回人员信息" in response.content.decode()


def test_supervisor_may_not_reveal(client, supervisor, family):
    client.force_login(supervisor)
    head = _head(family)
    response = client.post(reverse("registry:person_reveal", args=[head.pk, "id_number"]))
    assert response.status_code == 403
    assert head.id_number not in response.content.decode()
    assert not AuditLog.objects.filter(action="reveal").exists()


def test_reveal_is_post_only_and_scoped(client, worker, family, other_family):
    client.force_login(worker)
    head = _head(family)
    assert client.get(reverse("registry:person_reveal", args=[head.pk, "id_number"])).status_code == 405
    stranger = _head(other_family)
    assert client.post(reverse("registry:person_reveal", args=[stranger.pk, "id_number"])).status_code == 404
    assert client.post(reverse("registry:person_reveal", args=[head.pk, "name"])).status_code == 404


# --- creating a household ------------------------------------------------------------------------------


def test_supervisor_gets_403_on_create(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("registry:household_create")).status_code == 403
    response = client.post(reverse("registry:household_create"), _create_post())
    assert response.status_code == 403
    assert not Household.objects.exists()


def test_create_with_a_wrong_check_digit_shows_the_message_by_the_field_and_saves_nothing(client, worker):
    # given
    client.force_login(worker)
    good = new_id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    data = _create_post(
        address="幸福路9号",
        members=[
            {"relation": "head", "name": "王建国", "id_number": good},
            {"relation": "child", "name": "王小军", "id_number": bad},
        ],
    )
    households_before, people_before = Household.objects.count(), Person.objects.count()
    # when
    response = client.post(reverse("registry:household_create"), data)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "公民身份号码校验位错误，请核对是否抄错" in html
    assert 'id="id_members-1-id_number_error"' in html  # the message belongs to the second member's field
    assert f'value="{bad}"' in html and 'value="王小军"' in html and 'value="幸福路9号"' in html
    assert f'<option value="{VILLAGE}" selected>' in html
    assert '<option value="child" selected>' in html
    assert (Household.objects.count(), Person.objects.count()) == (households_before, people_before)


def test_create_without_an_area_asks_for_one(client, worker):
    client.force_login(worker)
    data = _create_post(area="")
    html = client.post(reverse("registry:household_create"), data).content.decode()
    assert "请选择所在村(社区)" in html
    assert not Household.objects.exists()


def test_create_without_members_says_a_household_needs_one(client, worker):
    client.force_login(worker)
    data = _create_post(members=[{"relation": "head", "name": "", "id_number": ""}])
    html = client.post(reverse("registry:household_create"), data).content.decode()
    assert "家庭至少要有一名成员" in html


def test_create_with_an_id_already_registered_says_where(client, worker, family):
    client.force_login(worker)
    head = _head(family)
    data = _create_post(members=[{"relation": "head", "name": "另一人", "id_number": head.id_number}])
    html = client.post(reverse("registry:household_create"), data).content.decode()
    assert "该公民身份号码已登记" in html and f"家庭{family.number}" in html


def test_successful_create_redirects_to_the_household_and_writes_audit_rows(client, worker):
    # given
    client.force_login(worker)
    data = _create_post(
        address="幸福路10号",
        members=[
            {"relation": "head", "name": "李秀英", "id_number": new_id_number(male=False)},
            {
                "relation": "spouse",
                "name": "张建国",
                "id_number": new_id_number(male=True),
                "disability_category": "physical",
                "disability_grade": "3",
            },
            {"relation": "child", "name": "", "id_number": ""},  # a blank row is skipped
        ],
    )
    # when
    response = client.post(reverse("registry:household_create"), data)
    # then
    created = Household.objects.get(address="幸福路10号")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_detail", args=[created.pk])
    assert [p.name for p in _members(created)] == ["李秀英", "张建国"]
    assert Person.objects.get(name="张建国").disability_grade == 3
    assert AuditLog.objects.filter(household_id=created.pk, actor=worker).count() == 1 + 2 * 2
    page = client.get(response["Location"]).content.decode()
    assert "已新建家庭" in page


def test_member_row_fragment_adds_a_row_and_the_new_count(client, worker):
    client.force_login(worker)
    html = client.get(reverse("registry:household_member_row"), {"members-TOTAL_FORMS": "2"}).content.decode()
    assert 'name="members-2-id_number"' in html
    assert 'id="id_members-TOTAL_FORMS" hx-swap-oob="true"' in html and 'value="3"' in html
