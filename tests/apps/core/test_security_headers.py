"""The headers every response carries, and the HTTPS settings a deployment turns on (issue 19, 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.middleware import CSP

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_page_and_api_answer_carries_the_csp_and_no_store(worker, family):
    anonymous = Client().get(reverse("accounts:login"))
    assert anonymous["Content-Security-Policy"] == CSP and "no-store" in anonymous["Cache-Control"]
    client = _logged_in(worker)
    for url in (
        reverse("workbench:home"),
        reverse("registry:household_detail", args=[family.pk]),
        reverse("registry:household_export"),
        "/api/v1/households/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == CSP, url
        assert "no-store" in response["Cache-Control"], url


def test_the_policy_forbids_inline_script_and_style():
    directives = dict(part.split(" ", 1) for part in CSP.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_static_files_may_be_cached(areas):
    response = Client().get("/static/core/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_no_template_carries_inline_script_style_or_handler():
    """The CSP would refuse them; the one exception is the self-contained print page of the disclosure
    report, which is also a stored file and is served with its <style> allowed by hash."""
    import re

    found = []
    pattern = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|\son[a-z]+=\"|<style\b")
    for path in sorted((ROOT / "apps").rglob("templates/**/*.html")):
        text = path.read_text()
        for match in pattern.finditer(text):
            if path.name == "print.html" and match.group(0).startswith("<style"):
                continue
            found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert found == []


def _settings_under(env: dict[str, str]) -> dict[str, object]:
    code = (
        "import json, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'minzheng.settings');"
        "django.setup(); from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in ('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE',"
        "'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER')}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_https_deployment_sets_secure_cookies_and_hsts(tmp_path):
    served = _settings_under(
        {"MINZHENG_HTTPS": "1", "MINZHENG_PROXY_HTTPS": "1", "MINZHENG_VAR_DIR": str(tmp_path)}
    )
    assert served["SESSION_COOKIE_SECURE"] is True and served["CSRF_COOKIE_SECURE"] is True
    assert served["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert served["SECURE_SSL_REDIRECT"] is True
    assert served["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    plain = _settings_under({"MINZHENG_HTTPS": "0", "MINZHENG_VAR_DIR": str(tmp_path)})
    assert plain["SESSION_COOKIE_SECURE"] is False and plain["SECURE_HSTS_SECONDS"] == 0


def test_over_https_the_site_sends_hsts_and_secure_cookies(worker, settings):
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": worker.username, "password": "minzheng2026"}, secure=True
    )
    assert response.status_code in (200, 302)
    home = client.get(reverse("accounts:login"), secure=True)
    assert home["Strict-Transport-Security"].startswith("max-age=31536000")
    cookies = {**response.cookies, **home.cookies}
    assert all(morsel["secure"] for morsel in cookies.values()), cookies


def test_the_favicon_is_served(areas):
    response = Client().get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
