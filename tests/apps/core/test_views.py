"""The home page: it opens at once, and its counts cover the user's own area only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import household

pytestmark = pytest.mark.django_db


def _stats(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("core:home_stats")).content.decode()


def test_home_page_loads_the_counts_separately(worker):
    client = Client()
    client.force_login(worker)
    html = client.get(reverse("core:home")).content.decode()
    assert reverse("core:home_stats") in html and "在册家庭" not in html


def test_counts_cover_only_the_users_area(worker, outsider, family, other_family):
    household(actor=outsider, area_code=other_family.area_id, members=5)
    html = _stats(worker)
    assert '在册家庭</div><div class="stat">1</div>' in html
    assert '家庭成员</div><div class="stat">3</div>' in html


def test_counts_are_kept_for_a_while_per_area(worker, family):
    assert '在册家庭</div><div class="stat">1</div>' in _stats(worker)
    household(actor=worker)
    # Still the figure of a moment ago: a county of a million people is not recounted on every visit.
    assert '在册家庭</div><div class="stat">1</div>' in _stats(worker)
