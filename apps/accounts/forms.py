"""The login form, with Chinese labels and messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="用户名", max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)
    error_messages = {
        "invalid_login": "用户名或密码错误。连续输错5次将锁定15分钟。",
        "inactive": "该账号已停用，请联系管理员。",
        "citizen": "这是群众的网上办事账号，请从“网上办事”入口登录。",
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if getattr(user, "is_citizen", False):
            raise forms.ValidationError(self.error_messages["citizen"], code="citizen")
