"""Password spraying: many user names tried from one address lock that address (issue 19, 6)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, address: str):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_many_names_from_one_address_lock_the_address_even_for_a_right_password(worker, settings):
    # One try per name, far below the per-name limit, as a sprayer does: the last of them is locked out.
    answers = [
        _login(Client(), f"guess{n:02d}", "Password2026", "203.0.113.7").status_code
        for n in range(settings.AXES_SPRAY_NAMES)
    ]
    assert answers == [200] * (settings.AXES_SPRAY_NAMES - 1) + [429]
    client = Client()
    refused = _login(client, worker.username, PASSWORD, "203.0.113.7")
    assert refused.status_code == 429
    assert "锁定" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not affected: the lock is on the sprayer's address, not on the names.
    assert _login(Client(), worker.username, PASSWORD, "198.51.100.2").status_code == 302


def test_a_few_names_from_one_address_do_not_lock_it(worker, settings):
    # A township office behind one address: several colleagues mistype once each.
    for n in range(settings.AXES_SPRAY_NAMES - 1):
        _login(Client(), f"colleague{n}", "wrong-password-1", "203.0.113.8")
    assert _login(Client(), worker.username, PASSWORD, "203.0.113.8").status_code == 302


def test_spraying_the_api_locks_the_address_too(worker, settings):
    for n in range(settings.AXES_SPRAY_NAMES):
        Client().post(
            reverse("api:token"),
            {"username": f"guess{n}", "password": "x1"},
            content_type="application/json",
            REMOTE_ADDR="203.0.113.9",
        )
    response = Client().post(
        reverse("api:token"),
        {"username": worker.username, "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 429
