"""The home page: a panel per office the user works in; it opens at once, and its counts cover the user's own
area only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import household

pytestmark = pytest.mark.django_db


def _stats(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("workbench:home_stats")).content.decode()


def test_home_page_loads_the_counts_separately(worker):
    client = Client()
    client.force_login(worker)
    html = client.get(reverse("workbench:home")).content.decode()
    assert reverse("workbench:home_stats") in html and "在册家庭" not in html


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


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("workbench:home")).content.decode()


def test_the_home_page_has_a_panel_for_each_office_the_role_works_in(worker, finance, admin_user):
    worker_page, finance_page, admin_page = _home(worker), _home(finance), _home(admin_user)

    assert 'id="office-assistance"' in worker_page and 'id="office-statistics"' not in worker_page
    assert 'id="office-statistics"' in finance_page and 'id="office-system"' not in finance_page
    assert 'id="office-system"' in admin_page
    # the office's menu is on its panel, and only 社会救助 has figures to load
    assert f'href="{reverse("registry:import")}">批量导入</a>' in worker_page
    assert admin_page.count('hx-trigger="load"') == 1


def test_the_home_page_shows_the_audit_trail_to_those_who_read_it(supervisor, worker, family):
    assert "最近操作记录" in _home(supervisor) and "最近操作记录" not in _home(worker)
