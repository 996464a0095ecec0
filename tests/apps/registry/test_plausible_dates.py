"""Dates outside a plausible range are refused with the field and the range (issue 19, 6)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from apps.core.clock import today
from apps.registry.models import Asset, Income
from apps.registry.selectors import household_members
from apps.registry.services.finances import AssetInput, IncomeInput, asset_add, income_add
from policy.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def _head(family):
    return next(m.person for m in household_members(household=family) if m.relation == "head")


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2025-01-01", "9999-12-31", "period_end"),
        ("0001-01-01", "2025-06-30", "period_start"),
        ("1900-01-01", "2025-06-30", "period_start"),
    ],
)
def test_an_income_period_outside_the_plausible_range_is_refused_on_the_form(
    client, worker, family, start, end, field
):
    client.force_login(worker)
    data = {
        "person": str(_head(family).pk),
        "income_type": "wage",
        "amount": "1000",
        "period_start": start,
        "period_end": end,
    }
    response = client.post(reverse("registry:income_add", args=[family.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html and "不在合理范围内" in html
    assert not Income.objects.filter(household=family).exists()


def test_the_service_refuses_an_implausible_period_and_names_the_range(worker, family):
    with pytest.raises(ValidationFailed) as caught:
        income_add(
            actor=worker,
            household=family,
            data=IncomeInput(
                person_id=_head(family).pk,
                income_type="wage",
                amount="1000",
                period_start=date(2025, 1, 1),
                period_end=date(9999, 12, 31),
            ),
        )
    message = caught.value.errors["period_end"][0]
    assert "9999-12-31" in message and "至" in message


def test_a_plausible_period_is_kept(worker, family):
    income = income_add(
        actor=worker,
        household=family,
        data=IncomeInput(
            person_id=_head(family).pk,
            income_type="transfer",
            amount="1000",
            period_start=date(2020, 1, 1),
            period_end=date(today().year + 1, 12, 31),
        ),
    )
    assert income.pk


def test_an_asset_acquired_in_the_future_is_refused(worker, family):
    with pytest.raises(ValidationFailed) as caught:
        asset_add(
            actor=worker,
            household=family,
            data=AssetInput(asset_type="vehicle", description="轿车", acquired_on=date(9999, 1, 1)),
        )
    assert "acquired_on" in caught.value.errors
    assert not Asset.objects.filter(household=family).exists()
