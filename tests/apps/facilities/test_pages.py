"""The facility pages and API: the list's filters, one form for a facility with its capacities, the
capacity and state history, photos, and scoping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from apps.facilities.models import Facility
from tests.apps.facilities.helpers import facility
from tests.apps.organisations.helpers import organisation
from tests.factories import OTHER_VILLAGE, VILLAGE, VILLAGE_2, VILLAGE_B

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_the_list_filters_by_kind(approver):
    canteen = facility(actor=approver)
    centre = facility(
        actor=approver, name="万店村互助照料活动中心", kind="rural_mutual_aid", area_code=VILLAGE_B
    )
    page = _client(approver).get(reverse("facilities:list"), {"kind": "rural_mutual_aid"}).content.decode()
    assert centre.number in page and canteen.number not in page and "农村互助照料活动中心" in page


def test_registering_takes_the_facility_its_operator_villages_and_capacities_in_one_save(approver):
    operator = organisation(actor=approver)
    response = _client(approver).post(
        reverse("facilities:create"),
        {
            "name": "曾都区颐养院",
            "kind": "eldercare_institution",
            "area": VILLAGE,
            "operating_mode": "public_private",
            "operator": str(operator.pk),
            "longitude": "113.3631",
            "latitude": "31.6902",
            "coordinate_source": "gps",
            "served_villages": [VILLAGE, VILLAGE_2],
            "state": "operating",
            "state_since": "2025-01-01",
            "capacity_beds": "120",
            "capacity_nursing_beds": "60",
        },
    )
    made = Facility.objects.get(name="曾都区颐养院")
    assert response.status_code == 302
    detail = _client(approver).get(reverse("facilities:detail", args=[made.pk])).content.decode()
    assert made.number in detail and operator.number in detail
    assert "床位 120" in detail and "护理型床位 60" in detail and "双龙寺居委会（社区）" in detail


def test_an_error_in_the_form_names_its_field(approver):
    response = _client(approver).post(
        reverse("facilities:create"),
        {
            "name": "曾都区颐养院",
            "kind": "eldercare_institution",
            "area": VILLAGE,
            "operating_mode": "private",
            "state": "operating",
            "state_since": "2025-01-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "运营主体：民办的服务机构须填写运营主体" in page


def test_a_capacity_change_shows_in_the_history(approver):
    made = facility(actor=approver, kind="eldercare_institution", capacities={"beds": 100})
    client = _client(approver)
    response = client.post(
        reverse("facilities:capacity", args=[made.pk]),
        {
            "kind": "beds",
            "count": "165",
            "effective_from": "2025-07-01",
            "note": "新增养老床位65张",
            "version": made.version,
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("facilities:detail", args=[made.pk])).content.decode()
    assert "新增养老床位65张" in detail and "2025-07-01" in detail and "床位 165" in detail


def test_the_state_page_asks_before_a_change(approver):
    made = facility(actor=approver)
    page = _client(approver).get(reverse("facilities:state", args=[made.pk])).content.decode()
    assert (
        "data-confirm=" in page
        and "停业" in page
        and "筹建" not in page.split("<select")[1].split("</select>")[0]
    )


def test_a_photo_uploads_and_downloads(approver, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    made = facility(actor=approver)
    client = _client(approver)
    content = b"\xff\xd8\xff\xe0" + b"\0" * 40
    client.post(
        reverse("facilities:photo_upload", args=[made.pk]),
        {"photo": SimpleUploadedFile("门口.jpg", content, content_type="image/jpeg")},
    )
    photo = made.photos.get()
    response = client.get(reverse("facilities:photo", args=[photo.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == content


def test_the_api_gives_capacity_and_states_and_hides_other_counties(approver, outsider):
    ours = facility(actor=approver, capacities={"seats": 40})
    theirs = facility(actor=outsider, area_code=OTHER_VILLAGE, longitude=None, latitude=None)
    listed = _api(approver).get("/api/v1/facilities/", {"kind": "elder_canteen"}).json()
    assert [row["number"] for row in listed["results"]] == [ours.number]
    detail = _api(approver).get(f"/api/v1/facilities/{ours.pk}/").json()
    assert detail["capacity"] == {"seats": 40} and detail["longitude"] == "113.363100"
    assert detail["states"][0]["state"] == "operating"
    outside = _api(approver).get(f"/api/v1/facilities/{theirs.pk}/")
    missing = _api(approver).get("/api/v1/facilities/999999999/")
    assert outside.status_code == missing.status_code == 404 and outside.json() == missing.json()
