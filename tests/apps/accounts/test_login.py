"""Logging in: the form in Chinese, the rate limit, the password policy and idle session expiry."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.services import user_create
from policy.errors import ValidationFailed
from tests.factories import COUNTY, PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_with_the_right_password_opens_the_home_page(worker):
    client = Client()
    response = _login(client, worker.username, PASSWORD)
    assert response.status_code == 302
    home = client.get(reverse("workbench:home"))
    assert "工作台" in home.content.decode()


def test_a_wrong_password_says_so_in_chinese(worker):
    response = _login(Client(), worker.username, "wrong-password-1")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_five_failures_lock_the_account_even_for_the_right_password(worker, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, worker.username, "wrong-password-1")
    response = _login(client, worker.username, PASSWORD)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_need_a_login(areas):
    response = Client().get(reverse("workbench:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_an_idle_session_expires(worker, settings):
    client = Client()
    _login(client, worker.username, PASSWORD)
    session = client.session
    session.set_expiry(-1)  # as if the idle time had passed
    session.save()
    assert client.get(reverse("workbench:home")).status_code == 302
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.parametrize("password", ["short1a", "1234567890123", "abcdefghijkl", "password123"])
def test_weak_passwords_are_refused(areas, password):
    with pytest.raises(ValidationFailed) as info:
        user_create(actor=None, username="newbie", password=password, role="finance", area_code=COUNTY)
    assert "password" in info.value.errors


def test_production_keeps_djangos_strong_default_hasher():
    from django.conf import global_settings

    import minzheng.settings as project

    # The test fixture swaps in MD5 for speed; the project itself must not weaken the default.
    assert not hasattr(project, "PASSWORD_HASHERS")
    assert global_settings.PASSWORD_HASHERS[0].endswith("PBKDF2PasswordHasher")
