"""Household text that goes into every export (address, bank, account holder) may not begin like a
spreadsheet formula: refused where it is typed, through the service, the web form and the API alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.registry.models import Household
from apps.registry.services.households import HouseholdInput, household_update
from apps.registry.validators import formula_lead_problem
from policy.errors import ValidationFailed
from tests.apps.registry.test_api import api, new_household_body
from tests.factories import VILLAGE, household, new_id_number

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_formula_lead_is_refused_with_a_chinese_reason_naming_the_field(payload):
    assert formula_lead_problem(payload, label="开户银行") == (
        f"开户银行不能以“{payload[0]}”开头（导出到Excel时会被当作公式），请删去开头的符号"
    )


@pytest.mark.parametrize("text", ["幸福路8号", "一组3号", "—", "1+1号", "a=b", ""])
def test_ordinary_text_passes(text):
    assert formula_lead_problem(text, label="家庭住址") == ""


@pytest.mark.parametrize("field", ["address", "bank_name", "account_holder"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_service_refuses_a_formula_like_address_bank_or_holder_and_changes_nothing(
    worker, field, payload
):
    family = household(actor=worker)
    values = {"area_code": VILLAGE, "address": "幸福路8号", field: "  " + payload}

    with pytest.raises(ValidationFailed) as refused:
        household_update(actor=worker, household=family, data=HouseholdInput(**values))

    assert list(refused.value.errors) == [field]
    assert f"不能以“{payload[0]}”开头" in refused.value.errors[field][0]
    assert Household.objects.get(pk=family.pk).address == "测试路1号"


def test_the_web_form_shows_the_reason_beside_the_address(client, worker):
    client.force_login(worker)
    data = {
        "area": VILLAGE,
        "address": '=HYPERLINK("http://evil","x")',
        "is_urban": "",
        "account_type": "bank",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-relation": "head",
        "members-0-name": "王建国",
        "members-0-ethnicity": "汉族",
        "members-0-id_number": new_id_number(),
    }

    response = client.post(reverse("registry:household_create"), data)

    assert "家庭住址不能以“=”开头" in response.content.decode()
    assert not Household.objects.exists()


def test_the_api_answers_400_naming_the_field(worker):
    response = api(worker).post(
        "/api/v1/households/", new_household_body(account_holder="@SUM(A1)"), format="json"
    )

    assert response.status_code == 400
    assert "账户户名不能以“@”开头" in response.json()["error"]["fields"]["account_holder"][0]
    assert not Household.objects.exists()
