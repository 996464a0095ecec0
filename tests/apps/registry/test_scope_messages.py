"""Out of scope reads like missing, messages included (issue 19, point 3): an ID number registered outside
the user's area is refused on every path that registers or changes one — the member and household forms,
the person edit, the API and the import — with one message that names no area outside the user's scope,
no name and no household, the same text wherever the person is registered.

What cannot be hidden: a number registered nowhere is simply accepted, so a refusal always means the
number exists somewhere. The message must not say where or who.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.accounts.services import token_create
from apps.areas.models import Area
from apps.registry.models import Household, Membership, Person
from apps.registry.selectors import household_members
from apps.registry.services.imports import ImportRejected, registry_import
from apps.registry.services.persons import OUT_OF_SCOPE_DUPLICATE
from tests.apps.registry.test_imports import member, xlsx
from tests.factories import OTHER_VILLAGE, VILLAGE, VILLAGE_B, UserFactory, household, new_id_number

pytestmark = pytest.mark.django_db


def _head(h: Household) -> Person:
    return household_members(household=h).first().person


@pytest.fixture
def strangers(areas, outsider):
    """The heads of two households outside the village worker's 乌龙巷社区: one in 孝昌县, one in 万店镇's
    万店村 (the same county, another township)."""
    county_admin = UserFactory(role="admin", area_id="421303000000")
    far = _head(household(actor=outsider, area_code=OTHER_VILLAGE))
    near = _head(household(actor=county_admin, area_code=VILLAGE_B))
    return [far, near]


def _outside_words(person: Person) -> list[str]:
    """Everything the message must not name: the person, and the village, township, county and city of
    their household (even 曾都区, which holds the worker's village too: "已在曾都区登记" says the person is
    somewhere the worker cannot see)."""
    code = Membership.objects.get(person=person, end_date__isnull=True).household.area_id
    prefixes = (code, code[:9] + "000", code[:6] + "000000", code[:4] + "00000000")
    return [person.name, *Area.objects.filter(pk__in=prefixes).values_list("name", flat=True)]


def _assert_reads_like_missing(message: str, person: Person) -> None:
    assert message == OUT_OF_SCOPE_DUPLICATE
    for word in _outside_words(person):
        assert word not in message, word


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(actor=user)}")
    return client


def test_the_message_names_who_to_ask_and_no_one(strangers):
    assert "不能在此登记" in OUT_OF_SCOPE_DUPLICATE and "民政部门" in OUT_OF_SCOPE_DUPLICATE
    for person in strangers:
        for word in _outside_words(person):
            assert word not in OUT_OF_SCOPE_DUPLICATE


def test_member_add_form_refuses_an_out_of_scope_number_naming_no_area_and_no_one(
    client, worker, family, strangers
):
    client.force_login(worker)
    for stranger in strangers:
        data = {"relation": "parent", "name": "王奶奶", "id_number": stranger.id_number, "ethnicity": "汉族"}
        response = client.post(reverse("registry:member_add", args=[family.pk]), data)
        assert response.status_code == 200
        form = response.context["form"]
        _assert_reads_like_missing(form.errors["id_number"][0], stranger)
        assert stranger.name not in response.content.decode()
    assert household_members(household=family).count() == 3


def test_household_create_form_refuses_an_out_of_scope_number_naming_no_area_and_no_one(
    client, worker, strangers
):
    client.force_login(worker)
    for stranger in strangers:
        data = {
            "area": VILLAGE,
            "address": "幸福路8号",
            "is_urban": "",
            "account_type": "bank",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-0-relation": "head",
            "members-0-name": "王建国",
            "members-0-id_number": stranger.id_number,
            "members-0-ethnicity": "汉族",
        }
        html = client.post(reverse("registry:household_create"), data).content.decode()
        assert OUT_OF_SCOPE_DUPLICATE in html
        for word in _outside_words(stranger):
            assert word not in html.replace(OUT_OF_SCOPE_DUPLICATE, ""), word
    assert not Household.objects.filter(address="幸福路8号").exists()


def test_person_edit_to_an_out_of_scope_number_names_no_area_and_no_one(client, worker, family, strangers):
    client.force_login(worker)
    head = _head(family)
    for stranger in strangers:
        data = {
            "name": head.name,
            "id_number": stranger.id_number,
            "ethnicity": "汉族",
            "hukou_area": VILLAGE,
        }
        response = client.post(reverse("registry:person_edit", args=[head.pk]), data)
        _assert_reads_like_missing(response.context["form"].errors["id_number"][0], stranger)
    head.refresh_from_db()
    assert head.id_number not in {s.id_number for s in strangers}


def test_api_household_create_and_person_patch_name_no_area_and_no_one(worker, family, strangers):
    client = _api(worker)
    head = _head(family)
    for stranger in strangers:
        body = {
            "area": VILLAGE,
            "address": "接口路8号",
            "members": [{"relation": "head", "name": "李建国", "id_number": stranger.id_number}],
        }
        created = client.post("/api/v1/households/", body, format="json")
        assert created.status_code == 400
        _assert_reads_like_missing(created.json()["error"]["fields"]["members-0-id_number"][0], stranger)
        patched = client.patch(
            f"/api/v1/persons/{head.pk}/", {"id_number": stranger.id_number}, format="json"
        )
        assert patched.status_code == 409
        _assert_reads_like_missing(patched.json()["error"]["message"], stranger)


def test_import_refuses_an_out_of_scope_number_naming_no_area_and_no_one(
    worker, strangers, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    rows = [member(str(i), 公民身份号码=s.id_number) for i, s in enumerate(strangers)]
    with pytest.raises(ImportRejected) as info:
        registry_import(actor=worker, file_name="t.xlsx", content=xlsx(rows))
    reasons = [(i.row, i.column, i.reason) for i in info.value.issues]
    assert reasons == [
        (2, "公民身份号码", OUT_OF_SCOPE_DUPLICATE),
        (3, "公民身份号码", OUT_OF_SCOPE_DUPLICATE),
    ]
    for stranger in strangers:
        _assert_reads_like_missing(OUT_OF_SCOPE_DUPLICATE, stranger)


def test_inside_the_scope_the_message_still_says_who_and_where(client, worker, family):
    # the worker may see this person, so telling them helps them use 迁入 instead
    client.force_login(worker)
    head = _head(family)
    data = {"relation": "parent", "name": "王奶奶", "id_number": head.id_number, "ethnicity": "汉族"}
    response = client.post(reverse("registry:member_add", args=[household(actor=worker).pk]), data)
    message = response.context["form"].errors["id_number"][0]
    assert head.name in message and f"家庭{family.number}" in message


def test_a_number_registered_nowhere_is_added(client, worker, family):
    # the one thing a refusal cannot hide: a number that is not registered at all is accepted
    client.force_login(worker)
    data = {"relation": "parent", "name": "王奶奶", "id_number": new_id_number(), "ethnicity": "汉族"}
    assert client.post(reverse("registry:member_add", args=[family.pk]), data).status_code == 302
