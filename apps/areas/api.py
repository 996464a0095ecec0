"""REST API for areas: the tree inside the caller's own area, read-only.

Every read goes through :mod:`apps.areas.selectors`, so an area outside the caller's answers 404 exactly
like a code that does not exist.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from apps.areas.models import Area
from apps.areas.selectors import area_get_for, area_list_for
from apps.core.api import ScopedListMixin, error_responses
from policy.areas import AreaLevel, area_code_normalize


def area_code_field(**kwargs: Any) -> serializers.CharField:
    """An input area code: 2, 4, 6, 9 or 12 digits, read as the 12-digit code."""
    return serializers.CharField(max_length=12, **kwargs)


def area_code_clean(value: str) -> str:
    """Normalize an area code typed by a client, or raise a Chinese reason for the field."""
    try:
        return area_code_normalize(value)
    except ValueError as exc:
        raise serializers.ValidationError(str(exc)) from None


class AreaSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(
        read_only=True, help_text="层级名称：省、市、县/区、乡镇/街道、村/社区"
    )
    parent = serializers.CharField(
        source="parent_id", read_only=True, allow_null=True, help_text="上级区划的12位代码；省级为空"
    )
    kind_label = serializers.CharField(
        read_only=True, help_text="城乡属性：城市 或 农村（仅村/社区一级有意义）"
    )

    class Meta:
        model = Area
        fields = [
            "code",
            "name",
            "level",
            "level_label",
            "parent",
            "is_urban",
            "is_urban_overridden",
            "kind_label",
        ]
        extra_kwargs = {
            "code": {"help_text": "12位统计用区划代码"},
            "name": {"help_text": "名称"},
            "level": {"help_text": "层级：1省 2市 3县/区 4乡镇/街道 5村/社区"},
            "is_urban": {"help_text": "是否城市（居委会默认城市，村委会默认农村）"},
            "is_urban_overridden": {"help_text": "城乡属性是否已由管理员人工调整（重新导入区划时保留）"},
        }


class AreaDetailSerializer(AreaSerializer):
    parent_name = serializers.SerializerMethodField(help_text="上级区划名称")

    class Meta(AreaSerializer.Meta):
        fields = [*AreaSerializer.Meta.fields, "parent_name"]

    def get_parent_name(self, area: Area) -> str | None:
        return area.parent.name if area.parent_id else None


class AreaQuerySerializer(serializers.Serializer):
    parent = area_code_field(required=False, help_text="只列出此区划的直接下级（2、4、6、9或12位代码）")
    level = serializers.ChoiceField(
        choices=[(lv.value, lv.label) for lv in AreaLevel],
        required=False,
        help_text="只列出此层级：1省 2市 3县/区 4乡镇/街道 5村/社区",
        error_messages={"invalid_choice": "层级“{input}”无效，应为1到5"},
    )
    q = serializers.CharField(required=False, max_length=50, help_text="名称或代码的开头")

    def validate_parent(self, value: str) -> str:
        return area_code_clean(value)


@extend_schema_view(
    get=extend_schema(
        operation_id="areas_list",
        summary="区划列表",
        tags=["区划"],
        description="列出登录用户辖区内（含本级）的区划，可按上级、层级、名称或代码开头筛选。",
        parameters=[AreaQuerySerializer],
        responses={200: AreaSerializer(many=True), **error_responses(400, 401)},
    )
)
class AreaListView(ScopedListMixin, GenericAPIView):
    """区划列表。"""

    serializer_class = AreaSerializer
    model = Area
    query_serializer = AreaQuerySerializer

    def rows(self, params: dict[str, Any]) -> QuerySet[Area]:
        return area_list_for(
            actor=self.request.user,
            parent_code=params.get("parent"),
            level=params.get("level"),
            q=params.get("q", ""),
        )


class AreaDetailView(GenericAPIView):
    """区划详情。"""

    serializer_class = AreaDetailSerializer

    @extend_schema(
        operation_id="areas_retrieve",
        summary="区划详情",
        tags=["区划"],
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="统计用区划代码（12位，或省略末尾0的2、4、6、9位）",
            )
        ],
        responses={200: AreaDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, code: str) -> Response:
        # 421303 means 421303000000; what is no code at all goes on as typed, to the 404 of a missing one.
        with contextlib.suppress(ValueError):
            code = area_code_normalize(code)
        return Response(self.get_serializer(area_get_for(actor=request.user, code=code)).data)
