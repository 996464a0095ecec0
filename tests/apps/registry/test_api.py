"""The registry API: area scoping, masking, writes through the services with audit, and one error shape."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from apps.accounts.services import token_create
from apps.core.api import ListPagination
from apps.core.models import AuditAction, AuditLog
from apps.registry.models import Household, Person
from apps.registry.selectors import household_members
from apps.registry.services.finances import AssetInput, IncomeInput, asset_add, income_add
from tests.factories import OTHER_VILLAGE, VILLAGE, VILLAGE_2, household, new_id_number, person_input

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    """A client signed in the way an integration would be: with a real token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(actor=user)}")
    return client


def head_of(h: Household) -> Person:
    return household_members(household=h).first().person


def new_household_body(**overrides) -> dict:
    body = {
        "area": VILLAGE,
        "address": "接口路8号",
        "account_number": "6217001234567890",
        "members": [
            {
                "relation": "head",
                "name": "李建国",
                "id_number": new_id_number(male=True),
                "phone": "13912345678",
            },
            {"relation": "spouse", "name": "王秀英", "id_number": new_id_number(male=False)},
        ],
    }
    body.update(overrides)
    return body


# ---- scoping ---------------------------------------------------------------------------------------------


def test_household_list_shows_only_households_inside_the_callers_area(worker, outsider, family, other_family):
    mine = api(worker).get("/api/v1/households/").json()
    theirs = api(outsider).get("/api/v1/households/").json()

    assert [row["id"] for row in mine["results"]] == [family.pk]
    assert [row["id"] for row in theirs["results"]] == [other_family.pk]


def test_out_of_area_household_answers_404_identical_to_a_missing_one(worker, other_family):
    client = api(worker)
    missing = Household.objects.order_by("-pk").first().pk + 1000

    outside = client.get(f"/api/v1/households/{other_family.pk}/")
    absent = client.get(f"/api/v1/households/{missing}/")
    malformed = client.get("/api/v1/households/abc/")

    assert outside.status_code == absent.status_code == malformed.status_code == 404
    assert outside.json() == absent.json() == malformed.json()
    assert outside.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/households/{h}/history/", "/api/v1/persons/{p}/"],
)
def test_out_of_area_sub_resources_answer_404_like_missing_ones(worker, other_family, path):
    client = api(worker)
    outsider_head = head_of(other_family)

    outside = client.get(path.format(h=other_family.pk, p=outsider_head.pk))
    absent = client.get(path.format(h=99_999_999, p=99_999_999))

    assert outside.status_code == absent.status_code == 404
    assert outside.json() == absent.json()


def test_out_of_area_writes_answer_404_and_change_nothing(worker, other_family):
    client = api(worker)
    head = head_of(other_family)

    patched = client.patch(f"/api/v1/households/{other_family.pk}/", {"address": "改过了"}, format="json")
    person = client.patch(f"/api/v1/persons/{head.pk}/", {"name": "改名"}, format="json")
    reveal = client.post(f"/api/v1/persons/{head.pk}/reveal/", {"field": "id_number"}, format="json")

    assert [patched.status_code, person.status_code, reveal.status_code] == [404, 404, 404]
    other_family.refresh_from_db()
    head.refresh_from_db()
    assert other_family.address == "测试路1号"
    assert head.name != "改名"
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()


def test_requests_without_credentials_answer_401_in_the_error_shape(family):
    response = APIClient().get("/api/v1/households/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.json()["error"]["message"]


# ---- reading -------------------------------------------------------------------------------------------


def test_household_list_masks_the_heads_id_number_and_phone(worker):
    h = household(actor=worker)
    head = head_of(h)
    Person.objects.filter(pk=head.pk).update(phone="13912345678")

    row = api(worker).get("/api/v1/households/").json()["results"][0]

    assert row["head_name"] == head.name
    assert row["head_id_number"] == head.id_number[:6] + "********" + head.id_number[-4:]
    assert row["head_phone"] == "139****5678"
    assert row["member_count"] == 3
    assert head.id_number not in str(row)


def test_household_list_filters_by_name_area_and_urban(worker, reviewer):
    h1 = household(actor=worker)
    h2 = household(actor=reviewer, area_code=VILLAGE_2)
    client = api(reviewer)

    by_name = client.get("/api/v1/households/", {"q": head_of(h2).name}).json()["results"]
    by_area = client.get("/api/v1/households/", {"area": VILLAGE}).json()["results"]
    by_id_prefix = client.get("/api/v1/households/", {"q": head_of(h1).id_number[:14]}).json()["results"]
    rural = client.get("/api/v1/households/", {"is_urban": "false"}).json()["results"]

    assert [r["id"] for r in by_name] == [h2.pk]
    assert [r["id"] for r in by_area] == [h1.pk]
    assert h1.pk in [r["id"] for r in by_id_prefix]
    assert rural == []  # both villages are 居委会, urban by default


def test_bad_list_filters_answer_400_with_chinese_reasons(worker):
    response = api(worker).get("/api/v1/households/", {"area": "42x", "has_elderly_since": "去年"})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "区划代码" in error["fields"]["area"][0]
    assert set(error["fields"]) == {"area", "has_elderly_since"}


def test_household_detail_has_members_incomes_and_assets_with_identifiers_masked(worker, family):
    head = head_of(family)
    income_add(
        actor=worker,
        household=family,
        data=IncomeInput(
            person_id=head.pk,
            income_type="wage",
            amount="1234.50",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        ),
    )
    asset_add(
        actor=worker,
        household=family,
        data=AssetInput(asset_type="vehicle", description="小轿车", value="30000"),
    )
    Household.objects.filter(pk=family.pk).update(account_number="6217001234567890")

    body = api(worker).get(f"/api/v1/households/{family.pk}/").json()

    assert [m["relation"] for m in body["members"]] == ["head", "spouse", "child"]
    assert body["members"][0]["id_number"] == head.id_number[:6] + "********" + head.id_number[-4:]
    assert body["account_number"] == "************7890"
    assert body["incomes"][0]["amount"] == "1234.50"  # a string of yuan, never a float
    assert Decimal(body["incomes"][0]["amount"]) == Decimal("1234.50")
    assert body["assets"][0]["asset_type_label"] == "机动车辆"
    assert head.id_number not in str(body)


def test_person_detail_masks_identifiers_and_sends_age_instead_of_birth_date(worker, family):
    head = head_of(family)
    Person.objects.filter(pk=head.pk).update(phone="13912345678")

    body = api(worker).get(f"/api/v1/persons/{head.pk}/").json()

    assert body["id_number"] == head.id_number[:6] + "********" + head.id_number[-4:]
    assert body["phone"] == "139****5678"
    assert "birth_date" not in body
    assert isinstance(body["age"], int)
    assert body["household_id"] == family.pk
    assert body["relation"] == "head"


def test_person_search_finds_by_name_and_masks_identifiers(worker, family, other_family):
    head = head_of(family)
    foreign = head_of(other_family)
    client = api(worker)

    found = client.get("/api/v1/persons/", {"q": head.name}).json()["results"]
    foreign_found = client.get("/api/v1/persons/", {"q": foreign.id_number}).json()["results"]

    assert [p["id"] for p in found] == [head.pk]
    assert found[0]["id_number"] == head.id_number[:6] + "********" + head.id_number[-4:]
    assert foreign_found == []


def test_lists_are_paged_fifty_at_a_time_with_a_next_link(worker):
    for _ in range(51):
        household(actor=worker, members=1)
    client = api(worker)

    first = client.get("/api/v1/households/").json()
    second = client.get(first["next"]).json()

    assert (first["count"], first["count_exact"], len(first["results"])) == (51, True, 50)
    assert first["previous"] is None
    assert len(second["results"]) == 1 and second["next"] is None
    assert client.get("/api/v1/households/", {"page": 3}).status_code == 404


def test_a_count_above_the_cap_is_a_lower_bound_and_paging_still_leads_on(worker, settings, monkeypatch):
    # given: one row a page, and counting stops after two rows
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 1}
    monkeypatch.setattr(ListPagination, "count_cap", 2)
    for _ in range(4):
        household(actor=worker, members=1)
    client = api(worker)

    # when
    first = client.get("/api/v1/persons/").json()
    last = client.get("/api/v1/persons/", {"page": 4}).json()

    # then
    assert first["count_exact"] is False
    assert 2 < first["count"] <= 4
    assert first["next"] is not None
    assert len(last["results"]) == 1 and last["next"] is None


# ---- writing -------------------------------------------------------------------------------------------


def test_household_create_with_members_is_saved_and_audited(worker):
    body = new_household_body()

    response = api(worker).post("/api/v1/households/", body, format="json")

    assert response.status_code == 201, response.json()
    created = response.json()
    assert [m["name"] for m in created["members"]] == ["李建国", "王秀英"]
    assert created["is_urban"] is True  # 乌龙巷居委会's default
    rows = AuditLog.objects.filter(household_id=created["id"])
    assert rows.filter(action=AuditAction.CREATE, entity_type="registry.household").count() == 1
    assert set(rows.values_list("actor", flat=True)) == {worker.pk}


def test_household_create_with_a_wrong_check_digit_answers_400_naming_the_member_field(worker):
    body = new_household_body()
    good = body["members"][1]["id_number"]
    body["members"][1]["id_number"] = good[:17] + ("0" if good[17] != "0" else "1")

    response = api(worker).post("/api/v1/households/", body, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "校验位" in error["fields"]["members-1-id_number"][0]
    assert not Person.objects.filter(name="李建国").exists()  # all or nothing


def test_household_create_with_missing_fields_answers_flat_chinese_errors(worker):
    body = new_household_body(address="")
    del body["members"][0]["name"]
    body["members"][1]["relation"] = "cousin"

    error = api(worker).post("/api/v1/households/", body, format="json").json()["error"]

    assert set(error["fields"]) == {"address", "members-0-name", "members-1-relation"}
    assert error["fields"]["members-0-name"] == ["该字段是必填项。"]
    assert "cousin" in error["fields"]["members-1-relation"][0]


def test_household_create_with_a_registered_id_number_says_where_the_person_is(worker, family):
    body = new_household_body()
    body["members"][1]["id_number"] = head_of(family).id_number

    error = api(worker).post("/api/v1/households/", body, format="json").json()["error"]

    assert "已登记" in error["fields"]["members-1-id_number"][0]


def test_household_create_may_take_a_registered_person_only_from_inside_the_area(worker, outsider, family):
    # given: a person left without a household inside the area, and one in another county
    from apps.registry.services.persons import person_create

    loner = person_create(actor=worker, data=person_input(name="赵独居"))
    foreign = head_of(household(actor=outsider, area_code=OTHER_VILLAGE))
    client = api(worker)

    # when
    ok = client.post(
        "/api/v1/households/",
        new_household_body(members=[{"relation": "head", "person_id": loner.pk}]),
        format="json",
    )
    refused = client.post(
        "/api/v1/households/",
        new_household_body(members=[{"relation": "head", "person_id": foreign.pk}]),
        format="json",
    )

    # then
    assert ok.status_code == 201
    assert ok.json()["members"][0]["person_id"] == loner.pk
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["members-0-person_id"] == ["人员不存在或不在您的辖区内"]


def test_household_patch_changes_only_the_given_fields_and_is_audited(worker, family):
    client = api(worker)
    before = AuditLog.objects.count()

    response = client.patch(f"/api/v1/households/{family.pk}/", {"address": "新地址9号"}, format="json")

    assert response.status_code == 200
    family.refresh_from_db()
    assert family.address == "新地址9号"
    assert family.area_id == VILLAGE
    row = AuditLog.objects.filter(action=AuditAction.UPDATE, household_id=family.pk).latest("id")
    assert row.actor_id == worker.pk
    assert row.before == {"address": "测试路1号"} and row.after == {"address": "新地址9号"}
    assert AuditLog.objects.count() == before + 1


def test_household_patch_to_a_village_outside_the_area_is_a_field_error(worker, family):
    response = api(worker).patch(f"/api/v1/households/{family.pk}/", {"area": OTHER_VILLAGE}, format="json")

    assert response.status_code == 400
    assert "不在您的辖区内" in response.json()["error"]["fields"]["area"][0]


def test_an_empty_patch_is_refused(worker, family):
    response = api(worker).patch(f"/api/v1/households/{family.pk}/", {}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"": ["请至少提供一个要修改的字段"]}


def test_person_patch_validation_errors_name_each_field_in_chinese(worker, family):
    head = head_of(family)

    response = api(worker).patch(
        f"/api/v1/persons/{head.pk}/", {"phone": "12345", "disability_grade": 2}, format="json"
    )

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "手机号" in fields["phone"][0]
    assert "残疾类别" in fields["disability_category"][0]


def test_person_patch_is_saved_through_the_service_and_audited(worker, family):
    head = head_of(family)

    response = api(worker).patch(
        f"/api/v1/persons/{head.pk}/",
        {
            "phone": "13800001111",
            "care": {
                "eat": True,
                "dress": True,
                "transfer": True,
                "toilet": False,
                "walk": True,
                "bathe": False,
            },
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["self_care"] == "partial"
    head.refresh_from_db()
    assert head.phone == "13800001111"
    row = AuditLog.objects.filter(action=AuditAction.UPDATE, entity_id=str(head.pk)).latest("id")
    assert row.actor_id == worker.pk and row.after["phone"] == "13800001111"


def test_person_patch_to_an_id_number_held_by_another_answers_409(worker, family):
    head, spouse = [m.person for m in household_members(household=family)][:2]

    response = api(worker).patch(
        f"/api/v1/persons/{spouse.pk}/", {"id_number": head.id_number}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert "已登记" in response.json()["error"]["message"]


def test_reveal_gives_the_full_value_and_leaves_an_audit_row(worker, family):
    head = head_of(family)

    response = api(worker).post(f"/api/v1/persons/{head.pk}/reveal/", {"field": "id_number"}, format="json")

    assert response.status_code == 200
    assert response.json() == {"field": "id_number", "value": head.id_number}
    row = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert (row.actor_id, row.entity_id, row.household_id) == (worker.pk, str(head.pk), family.pk)


def test_reveal_of_an_unknown_field_is_a_400(worker, family):
    response = api(worker).post(
        f"/api/v1/persons/{head_of(family).pk}/reveal/", {"field": "name"}, format="json"
    )

    assert response.status_code == 400
    assert "field" in response.json()["error"]["fields"]


def test_read_only_supervisor_gets_403_on_every_write_and_nothing_changes(supervisor, family):
    client = api(supervisor)
    head = head_of(family)
    audits = AuditLog.objects.count()

    answers = [
        client.post("/api/v1/households/", new_household_body(), format="json"),
        client.patch(f"/api/v1/households/{family.pk}/", {"address": "x"}, format="json"),
        client.patch(f"/api/v1/persons/{head.pk}/", {"name": "改名"}, format="json"),
        client.post(f"/api/v1/persons/{head.pk}/reveal/", {"field": "id_number"}, format="json"),
    ]

    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    assert {a.json()["error"]["code"] for a in answers} == {"permission_denied"}
    assert AuditLog.objects.count() == audits
    assert client.get(f"/api/v1/households/{family.pk}/").status_code == 200  # reading is allowed


def test_history_lists_the_households_audit_rows_with_identifiers_masked(worker, family):
    head = head_of(family)
    Person.objects.filter(pk=head.pk).update(phone="13912345678")
    api(worker).patch(f"/api/v1/persons/{head.pk}/", {"phone": "13800001111"}, format="json")

    body = api(worker).get(f"/api/v1/households/{family.pk}/history/").json()

    assert body["count"] == AuditLog.objects.filter(household_id=family.pk).count()
    latest = body["results"][0]
    assert latest["action"] == "update"
    assert latest["after"] == {"phone": "138****1111"}
    created = [
        r for r in body["results"] if r["entity_type"] == "registry.person" and r["action"] == "create"
    ]
    assert created and all("********" in r["after"]["id_number"] for r in created)
    assert head.id_number not in str(body)
