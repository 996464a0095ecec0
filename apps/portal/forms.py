"""网上办事 forms: registration, login, the online application with its members and documents, and the
staff's forward and return forms. Checks that need the database or the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from apps.assistance.choices import Program, TemporaryKind
from apps.portal.selectors import citizen_login_refusal
from apps.portal.services.accounts import CONFIRM_METHODS
from apps.portal.services.citizen import relation_choices, uploadable_documents

MEMBER_ROWS = 6


class RegisterForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=20)
    id_number = forms.CharField(label="公民身份号码", max_length=18)
    phone = forms.CharField(
        label="手机号码", max_length=11, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)
    password_again = forms.CharField(label="再次输入密码", strip=False, widget=forms.PasswordInput)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class CitizenLoginForm(AuthenticationForm):
    username = forms.CharField(
        label="公民身份号码", max_length=18, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)
    error_messages = {
        "invalid_login": "身份证号或密码错误。连续输错5次将锁定15分钟。",
        "inactive": "该账号已停用，请到乡镇(街道)社会救助窗口咨询。",
        "staff": "工作人员请从业务系统登录。",
    }

    def clean_username(self) -> str:
        value = str(self.cleaned_data["username"]).strip()
        # Accounts are named by the ID number with a capital X, as registration stores it.
        return value[:17] + value[17:].upper() if len(value) == 18 else value

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError as exc:
            # An account still waiting for staff, refused or stopped has an inactive user, which Django
            # answers like a wrong password; whoever knows its password is told why instead.
            username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
            if exc.code == "invalid_login" and username and password:
                reason = citizen_login_refusal(id_number=username, password=password)
                if reason:
                    raise forms.ValidationError(reason, code="inactive") from None
            raise

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not getattr(user, "is_citizen", False):
            raise forms.ValidationError(self.error_messages["staff"], code="staff")


class ApplyForm(forms.Form):
    program = forms.ChoiceField(label="救助项目", choices=Program.choices)
    county = forms.ChoiceField(label="县(市、区)", required=False)
    township = forms.ChoiceField(label="乡镇(街道)", required=False)
    area = forms.ChoiceField(label="户籍所在村(社区)", required=False)
    address = forms.CharField(label="家庭住址", max_length=200)
    phone = forms.CharField(
        label="联系电话", max_length=11, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    applicant_relation = forms.ChoiceField(label="申请人（本人）与户主的关系", choices=relation_choices())
    reason = forms.CharField(
        label="家庭困难情况和申请理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    temporary_kind = forms.ChoiceField(
        label="临时救助类型", choices=[("", "—"), *TemporaryKind.choices], required=False
    )
    requested_amount = forms.DecimalField(
        label="申请救助金额(元)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    consent = forms.BooleanField(
        label="本人承诺所填家庭成员、收入和财产情况真实完整，并授权民政部门核对家庭经济状况",
        required=False,
    )

    def __init__(
        self, *args: Any, areas: dict[str, list[tuple[str, str]]], areas_url: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("county", "township", "area"):
            self.fields[name].choices = [("", "请选择"), *areas.get(name, [])]
        # Each select fills the next one down (htmx); without script the page reloads with the choices.
        self.fields["county"].widget.attrs.update(
            {"hx-get": f"{areas_url}?level=township", "hx-target": "#id_township"}
        )
        self.fields["township"].widget.attrs.update(
            {"hx-get": f"{areas_url}?level=village", "hx-target": "#id_area"}
        )


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=20, required=False)
    id_number = forms.CharField(label="公民身份号码", max_length=18, required=False)
    relation = forms.ChoiceField(
        label="与户主关系", choices=[("", "请选择"), *relation_choices()], required=False
    )


MemberFormSet = forms.formset_factory(MemberForm, extra=MEMBER_ROWS, max_num=MEMBER_ROWS)


def document_fields(program: str) -> list[tuple[str, str]]:
    """(input name, label) of each document the resident may upload for ``program``."""
    return [(f"doc-{code}", label) for code, label in uploadable_documents(program)]


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ForwardForm(forms.Form):
    household = forms.IntegerField(label="家庭编号")
    version = forms.IntegerField(widget=forms.HiddenInput)


class AccountConfirmForm(forms.Form):
    method = forms.ChoiceField(
        label="核实方式", choices=list(CONFIRM_METHODS.items()), widget=forms.RadioSelect
    )


class AccountRefuseForm(forms.Form):
    reason = forms.CharField(
        label="不通过的理由（注册人登录时可见）", widget=forms.Textarea(attrs={"rows": 3}), max_length=300
    )
