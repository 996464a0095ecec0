"""Log in and out. Failed logins are counted by django-axes; five in a row lock the name for 15 minutes."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def locked(
    request: HttpRequest, credentials: dict[str, str] | None = None, *args: object, **kwargs: object
) -> HttpResponse:
    return render(request, "accounts/locked.html", status=429)
