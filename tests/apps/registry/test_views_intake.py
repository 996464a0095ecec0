"""The new-household page as one task (members, incomes, account in one save) and the household list."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse

from apps.registry import selectors
from apps.registry.models import Household, Income, Person
from apps.registry.selectors import household_list_for, household_total_for
from tests.factories import VILLAGE, VILLAGE_2, VILLAGE_B, household, new_id_number

pytestmark = pytest.mark.django_db
URL = "registry:household_create"


def _post(members: list[dict], incomes: list[dict], **household_fields: str) -> dict:
    data = {
        "area": VILLAGE,
        "address": "幸福路8号",
        "is_urban": "",
        "account_type": "bank",
        "bank_name": "农村商业银行",
        "account_number": "6222020200112233",
        "account_holder": "王建国",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": "0",
        "incomes-TOTAL_FORMS": str(len(incomes)),
        "incomes-INITIAL_FORMS": "0",
        **household_fields,
    }
    for i, row in enumerate(members):
        data.update({f"members-{i}-{k}": v for k, v in {"ethnicity": "汉族", **row}.items()})
    for i, row in enumerate(incomes):
        values = {
            "member": "0",
            "income_type": "wage",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
        }
        data.update({f"incomes-{i}-{k}": v for k, v in {**values, **row}.items()})
    return data


def _two_members() -> list[dict]:
    return [
        {"relation": "head", "name": "王建国", "id_number": new_id_number()},
        {"relation": "spouse", "name": "李秀英", "id_number": new_id_number()},
    ]


def _select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)


def test_one_save_registers_the_household_its_members_their_incomes_and_the_account(client, worker):
    client.force_login(worker)
    data = _post(_two_members(), [{"member": "0", "amount": "1500"}, {"member": "1", "amount": "600.5"}])
    response = client.post(reverse(URL), data)
    created = Household.objects.get(address="幸福路8号")
    assert response.status_code == 302 and response.url == reverse(
        "registry:household_detail", args=[created.pk]
    )
    assert created.account_number == "6222020200112233" and created.bank_name == "农村商业银行"
    paid = {
        (i.person.name, str(i.amount))
        for i in Income.objects.filter(household=created).select_related("person")
    }
    assert paid == {("王建国", "1500.00"), ("李秀英", "600.50")}
    page = client.get(response.url).content.decode()
    assert "共2名成员、2条收入" in page


def test_an_error_keeps_every_typed_value_beside_its_field_with_a_summary_on_top(client, worker):
    client.force_login(worker)
    members = _two_members()
    data = _post(
        members, [{"member": "0", "amount": "1500"}, {"member": "1", "amount": "六百", "note": "打零工"}]
    )
    before = (Household.objects.count(), Person.objects.count(), Income.objects.count())
    html = client.post(reverse(URL), data).content.decode()
    assert 'id="id_incomes-1-amount_error"' in html  # beside the second income's amount
    summary = re.search(r"<div class=\"error-summary\".*?</div>", html, re.S).group(0)
    assert 'href="#id_incomes-1-amount"' in summary and "收入2 · 金额(元)" in summary
    for value in ("六百", "打零工", "1500", members[1]["id_number"], "李秀英", "6222020200112233"):
        assert f'value="{value}"' in html
    assert '<option value="1" selected>成员2：李秀英</option>' in _select(html, "incomes-1-member")
    assert (Household.objects.count(), Person.objects.count(), Income.objects.count()) == before


def test_member_two_has_no_default_relation_and_must_be_chosen(client, worker):
    client.force_login(worker)
    page = client.get(reverse(URL)).content.decode()
    assert '<option value="head" selected>' in _select(page, "members-0-relation")
    second = _select(page, "members-1-relation")
    assert '<option value="" selected>请选择</option>' in second and "selected" not in second.replace(
        '<option value="" selected>', ""
    )
    members = _two_members()
    members[1]["relation"] = ""
    html = client.post(reverse(URL), _post(members, [])).content.decode()
    assert 'id="id_members-1-relation_error"' in html and "请选择与户主关系" in html
    assert not Household.objects.filter(address="幸福路8号").exists()


def test_a_village_worker_gets_the_one_village_and_its_urban_default(client, worker):
    client.force_login(worker)
    page = client.get(reverse(URL)).content.decode()
    area = _select(page, "area")
    assert area.count("<option") == 1 and f'<option value="{VILLAGE}" selected>' in area  # no 请选择
    assert '<option value="1" selected>城市</option>' in _select(page, "is_urban")  # a 居委会 is urban


def test_a_township_user_chooses_among_its_own_villages_only(client, reviewer):
    client.force_login(reviewer)
    area = _select(client.get(reverse(URL)).content.decode(), "area")
    assert '<option value="" selected>请选择</option>' in area
    assert VILLAGE in area and VILLAGE_2 in area and VILLAGE_B not in area


def test_the_list_puts_the_household_changed_last_on_top_and_sorts_by_number_or_area(
    client, worker, admin_user
):
    older = household(actor=worker, address="老街1号")
    farm = household(actor=admin_user, area_code=VILLAGE_B, address="万店村3组")
    newer = household(actor=worker, address="新街2号")
    older.address = "老街1号之一"
    older.save()  # a change moves it to the top
    client.force_login(admin_user)
    url = reverse("registry:household_list")
    addresses = ["老街1号之一", "万店村3组", "新街2号"]

    def order(**params: str) -> list[str]:
        html = client.get(url, params).content.decode()
        return sorted(addresses, key=html.index)

    assert order() == ["老街1号之一", "新街2号", "万店村3组"]
    assert order(sort="number") == [h.address for h in sorted([older, farm, newer], key=lambda h: h.number)]
    assert order(sort="area") == ["老街1号之一", "新街2号", "万店村3组"]  # 421303001001 before 421303100201
    assert "共 3 户" in client.get(url).content.decode()


def test_the_total_is_exact_until_large_then_estimated_on_postgresql(worker, monkeypatch):
    for n in range(4):
        household(actor=worker, members=1, address=f"估算路{n}号")
    households = household_list_for(actor=worker, order="recent")
    assert household_total_for(households=households) == (4, False)
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 2)
    total, estimated = household_total_for(households=households)
    if connection.vendor == "postgresql":
        assert estimated and total >= 3  # the planner's figure, never below what was counted
    else:
        assert (total, estimated) == (4, False)
