"""API sign-in: exchange a user name and password for a token, and read who the token belongs to.

The password check runs through ``django.contrib.auth.authenticate`` with the request, so django-axes
counts every failure exactly as it does for the web login: after ``AXES_FAILURE_LIMIT`` failures the name
is locked from that address, and even the right password is refused until the cool-off ends.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.accounts.services import token_create
from apps.core.api import error_responses, validated
from policy.errors import ValidationFailed
from policy.roles import Capability


class LoginLocked(APIException):
    status_code = 429
    default_code = "locked"


def _lock_message() -> str:
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(
        (cooloff if isinstance(cooloff, timedelta) else timedelta(hours=float(cooloff))).total_seconds() // 60
    )
    return f"登录失败次数过多，该用户名已被暂时锁定，请{minutes}分钟后再试"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text="用户名")
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, help_text="密码")


class AreaBriefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="12位统计用区划代码")
    name = serializers.CharField(help_text="名称")
    level = serializers.IntegerField(help_text="层级：1省 2市 3县/区 4乡镇/街道 5村/社区")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(read_only=True, help_text="用户名")
    display_name = serializers.CharField(read_only=True, help_text="姓名")
    role = serializers.CharField(read_only=True, help_text="角色代码")
    role_label = serializers.CharField(read_only=True, help_text="角色名称")
    area = AreaBriefSerializer(
        read_only=True, allow_null=True, help_text="所属区划：只能看到此区划以内的数据"
    )
    capabilities = serializers.SerializerMethodField(help_text="本角色可以做的事")

    def get_capabilities(self, user: User) -> list[str]:
        return [c.value for c in Capability if user.can(c)]


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="令牌；请求时放在请求头 Authorization: Token <令牌>")
    user = MeSerializer(help_text="令牌所属用户")


class TokenObtainView(APIView):
    """用户名和密码换取接口令牌。"""

    authentication_classes: list[type] = []  # a sign-in needs no prior session, hence no CSRF either
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        operation_id="auth_token_create",
        summary="获取接口令牌",
        tags=["账号"],
        auth=[],
        description="用用户名和密码换取令牌，之前的令牌随即失效，换取记入审计日志。连续失败过多时暂时锁定（429），"
        "锁定期间即使密码正确也不能获取令牌。",
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer, **error_responses(400, 429)},
    )
    def post(self, request: Request) -> Response:
        data = validated(TokenRequestSerializer(data=request.data))
        http = request._request  # axes keeps its counters and flags on Django's own request object
        user = authenticate(request=http, username=data["username"], password=data["password"])
        if getattr(http, "axes_locked_out", False):
            # Answer in the API's JSON envelope: left set, the flag makes axes' middleware send its HTML page.
            http.axes_locked_out = False
            raise LoginLocked(_lock_message())
        if user is None:
            raise ValidationFailed({"": ["用户名或密码错误"]})
        if user.is_citizen:  # the API serves the bureau's own systems, never a resident's portal account
            raise ValidationFailed({"": ["群众的网上办事账号不能获取接口令牌"]})
        # A token sign-in is a login: this records last_login, and lets axes clear the failure count.
        user_logged_in.send(sender=user.__class__, request=http, user=user)
        token = token_create(actor=user)
        return Response(TokenResponseSerializer({"token": token, "user": user}).data)


class MeView(APIView):
    """当前用户。"""

    @extend_schema(
        operation_id="me_retrieve",
        summary="当前用户",
        tags=["账号"],
        description="令牌或会话所属的用户、角色、所属区划和权限。",
        responses={200: MeSerializer, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
