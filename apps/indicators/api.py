"""指标目录 API: every indicator of the catalogue evaluated for an area and a year (and month) — the same
objects as ``minzheng indicators --json`` (:func:`apps.indicators.selectors.indicator_values`), scoped to
the caller's area (an area outside answers 404 like a missing one)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import HasCapability, error_responses, validated
from apps.indicators.selectors import IndicatorValue, indicator_values, period_parse
from policy.indicators import Office
from policy.roles import Capability

TAGS = ["统计"]


class IndicatorQuerySerializer(serializers.Serializer):
    area = serializers.CharField(required=False, default="", help_text="区划代码（2–12位）；不填为本辖区")
    year = serializers.CharField(required=False, default="", help_text="年度，如 2026；不填为今年")
    month = serializers.CharField(
        required=False, default="", help_text="统计月份 YYYY-MM（须在该年度内）；不填为该年度最后统计的月份"
    )
    office = serializers.ChoiceField(
        choices=[(o.value, o.label) for o in Office], required=False, default="", allow_blank=True,
        help_text="只列该科室的指标；不填为全部",
    )  # fmt: skip


class IndicatorValueSerializer(serializers.Serializer):
    code = serializers.CharField(source="indicator.code", help_text="指标代码（见 docs/indicators.md）")
    name = serializers.CharField(source="indicator.name", help_text="指标名称")
    unit = serializers.CharField(source="indicator.unit.value", help_text="单位")
    office = serializers.CharField(source="indicator.office.label", help_text="所属科室")
    period = serializers.CharField(
        source="indicator.period.value",
        help_text="month_end 月末数 · month 当月数 · ytd 本年累计 · day 统计日执行 · year 本年",
    )
    value = serializers.SerializerMethodField(help_text="数值（十进制数字的字符串）；无法取得时为空")
    source = serializers.CharField(
        source="method.value", help_text="records 由业务数据计算 · entered 人工填报（附佐证材料）"
    )
    as_of = serializers.DateField(allow_null=True, help_text="数值截至日期")
    note = serializers.CharField(help_text="数据来源，或无值的原因")

    def get_value(self, row: IndicatorValue) -> str | None:
        return None if row.value is None else f"{row.value:f}"


def indicator_rows(values: Iterable[IndicatorValue]) -> list[dict[str, Any]]:
    """The objects the API answers and the command prints with ``--json``."""
    return [dict(item) for item in IndicatorValueSerializer(list(values), many=True).data]


class IndicatorListView(GenericAPIView):
    """指标目录。"""

    serializer_class = IndicatorValueSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_STATISTICS}
    pagination_class = None

    @extend_schema(
        operation_id="indicator_list",
        summary="指标目录：一个区域一个统计期的全部指标",
        tags=TAGS,
        parameters=[IndicatorQuerySerializer],
        description="指标目录中的每项指标（民政统计月报、年度工作总结数据附录、目标管理所用的全部数字）"
        "在该区域、该年度（及月份）的数值：代码、名称、单位、所属科室、统计口径、数值及其来源"
        "（records 由业务数据计算，entered 人工填报）。辖区外的区域与不存在的一样返回404。",
        responses={200: IndicatorValueSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        query = validated(IndicatorQuerySerializer(data=request.query_params))
        year, month = period_parse(year=query["year"], month=query["month"])
        sheet = indicator_values(
            actor=request.user,
            area_code=query["area"],
            year=year,
            month=month,
            office=Office(query["office"]) if query["office"] else None,
        )
        return Response(indicator_rows(sheet.values))
