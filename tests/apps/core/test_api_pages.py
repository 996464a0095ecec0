"""A page number out of range answers 404, never 500 (issue 19, 6)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("resource", ["households", "persons", "cases", "applications"])
@pytest.mark.parametrize(
    "page", ["99999999999999999999", "9223372036854775808", "1000000000", "0", "-1", "x"]
)
def test_a_page_out_of_range_answers_404(approver, family, resource, page):
    client = Client()
    client.force_login(approver)
    response = client.get(f"/api/v1/{resource}/", {"page": page})
    assert response.status_code == 404, response.content
    assert "页码" in response.json()["error"]["message"]
