"""The areas admin page: who may open it, what it lists, and the urban/rural override."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.areas.models import Area
from apps.core.models import AuditLog
from tests.factories import OTHER_VILLAGE, TOWN, TOWN_B, VILLAGE, VILLAGE_B, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_sees_the_townships_and_one_townships_villages(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("areas:list")).content.decode()
    assert "区划管理" in html and "西城街道" in html and "万店镇" in html
    town = client.get(reverse("areas:list"), {"town": TOWN}).content.decode()
    assert "乌龙巷居委会（社区）" in town and "万店村委会" not in town
    assert "改为农村" in town


@pytest.mark.parametrize("role", ["worker", "reviewer", "approver", "finance", "supervisor"])
def test_other_roles_get_403(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("areas:list")).status_code == 403
    assert client.post(reverse("areas:urban_set", args=[VILLAGE]), {"is_urban": "0"}).status_code == 403


def test_a_township_admin_sees_its_villages_at_once(client, areas):
    client.force_login(UserFactory(role="admin", area_id=TOWN_B))
    html = client.get(reverse("areas:list")).content.decode()
    assert "万店村委会" in html and "乌龙巷居委会（社区）" not in html


def test_admin_sets_a_village_rural_and_the_change_is_audited(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("areas:urban_set", args=[VILLAGE]), {"is_urban": "0"})
    assert response.status_code == 302 and f"town={TOWN}" in response["Location"]
    village = Area.objects.get(pk=VILLAGE)
    assert (village.is_urban, village.is_urban_overridden) == (False, True)
    row = AuditLog.objects.get(entity_type="areas.area", entity_id=VILLAGE)
    assert row.before == {"is_urban": True, "is_urban_overridden": False} and row.actor == admin_user


def test_the_htmx_toggle_answers_the_updated_row(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("areas:urban_set", args=[VILLAGE_B]), {"is_urban": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert (
        f'id="area-{VILLAGE_B}"' in html and "城市" in html and "已人工调整" in html and "<html" not in html
    )


def test_a_township_cannot_be_made_urban(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("areas:urban_set", args=[TOWN]), {"is_urban": "1"})
    assert Area.objects.get(pk=TOWN).is_urban_overridden is False


def test_an_area_outside_the_admins_county_answers_404(client, admin_user):
    client.force_login(admin_user)
    assert client.post(reverse("areas:urban_set", args=[OTHER_VILLAGE]), {"is_urban": "1"}).status_code == 404
    assert client.get(reverse("areas:list"), {"town": "420921100000"}).status_code == 404
    assert client.get(reverse("areas:urban_set", args=[VILLAGE])).status_code == 405
