"""API sign-in: tokens, the "me" endpoint, and the login rate limit shared with the web."""

from __future__ import annotations

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.core.models import AuditAction, AuditLog
from tests.factories import PASSWORD, VILLAGE

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def sign_in(username: str, password: str):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_the_right_password_gives_a_token_that_opens_the_api(worker):
    response = sign_in(worker.username, PASSWORD)

    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["user"]["username"] == worker.username
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["area"]["code"] == VILLAGE
    assert me.json()["role_label"] == "村(社区)经办员"
    assert "edit_registry" in me.json()["capabilities"]


def test_a_new_token_retires_the_old_one_and_each_is_audited(worker):
    first = sign_in(worker.username, PASSWORD).json()["token"]
    second = sign_in(worker.username, PASSWORD).json()["token"]

    stale = APIClient()
    stale.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert first != second
    assert stale.get("/api/v1/me/").status_code == 401
    assert AuditLog.objects.filter(action=AuditAction.TOKEN, actor=worker).count() == 2


def test_a_token_sign_in_records_the_login_time(worker):
    assert worker.last_login is None

    sign_in(worker.username, PASSWORD)

    worker.refresh_from_db()
    assert worker.last_login is not None


def test_a_wrong_password_answers_400_in_chinese_and_gives_no_token(worker):
    response = sign_in(worker.username, "wrong-password-1")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "用户名或密码错误"
    assert not Token.objects.filter(user=worker).exists()


def test_missing_credentials_name_the_fields(areas):
    response = APIClient().post(TOKEN_URL, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"username", "password"}


def test_after_the_failure_limit_even_the_right_password_is_refused(worker):
    # given: as many failures as the limit allows
    answers = [sign_in(worker.username, f"wrong-{n}").status_code for n in range(settings.AXES_FAILURE_LIMIT)]

    # when
    response = sign_in(worker.username, PASSWORD)

    # then
    assert set(answers[:-1]) == {400}
    assert answers[-1] == 429  # the failure that reaches the limit already locks
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "locked"
    assert "锁定" in error["message"] and "15分钟" in error["message"]
    assert not Token.objects.filter(user=worker).exists()


def test_failures_below_the_limit_are_forgiven_by_a_successful_sign_in(worker):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(worker.username, f"wrong-{n}")

    assert sign_in(worker.username, PASSWORD).status_code == 200
    # the count starts again, so one more failure does not lock the name
    assert sign_in(worker.username, "wrong-again").status_code == 400
    assert sign_in(worker.username, PASSWORD).status_code == 200


def test_an_inactive_account_gets_no_token(worker):
    worker.is_active = False
    worker.save()

    assert sign_in(worker.username, PASSWORD).status_code == 400


def test_me_works_with_a_web_session_too(worker):
    client = APIClient()
    client.force_login(worker)

    assert client.get("/api/v1/me/").json()["username"] == worker.username


def test_me_needs_credentials(areas):
    response = APIClient().get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_supervisor_reads_but_holds_no_write_capability(supervisor):
    client = APIClient()
    client.force_login(supervisor)

    capabilities = client.get("/api/v1/me/").json()["capabilities"]

    assert "view_registry" in capabilities
    assert "edit_registry" not in capabilities and "reveal_identifiers" not in capabilities
