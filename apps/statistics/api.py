"""统计 API: the month's 民政统计 table with the detail and the breakdown by area, and the trend — the
same figures as the pages, from :mod:`apps.statistics.selectors`, scoped to the caller's area (an area
outside answers 404 like a missing one)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import HasCapability, error_responses, validated
from apps.statistics.selectors import breakdown, latest_month, monthly_figures, statistics_area_get, trend
from policy.money import yuan_from_cents
from policy.months import month_parse
from policy.roles import Capability

TAGS = ["统计"]


class MonthQuerySerializer(serializers.Serializer):
    area = serializers.CharField(required=False, default="", help_text="区划代码（2–12位）；不填为本辖区")
    month = serializers.CharField(
        required=False, default="", help_text="统计月份 YYYY-MM；不填为最近已统计月份"
    )


class TrendQuerySerializer(MonthQuerySerializer):
    months = serializers.IntegerField(required=False, default=12, min_value=1, max_value=60, help_text="月数")


class RowSerializer(serializers.Serializer):
    section = serializers.CharField(source="indicator.section")
    code = serializers.CharField(
        source="indicator.code", help_text="指标代码（本地配置，见 policy/statistics）"
    )
    label = serializers.CharField(source="indicator.label", help_text="指标名称")
    unit = serializers.CharField(source="indicator.unit", help_text="单位")
    period = serializers.CharField(
        source="indicator.period", help_text="month_end 月末数 · month 当月数 · ytd 本年累计"
    )
    value = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="数量")
    previous = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="上期")
    rate = serializers.DecimalField(
        max_digits=10, decimal_places=1, allow_null=True, help_text="环比(%)；上期为0时为空"
    )


class ProgramSerializer(serializers.Serializer):
    program = serializers.CharField()
    label = serializers.CharField()
    is_urban = serializers.BooleanField()
    households = serializers.IntegerField(help_text="月末在保户数")
    persons = serializers.IntegerField(help_text="月末在保人数")
    previous_households = serializers.IntegerField()
    previous_persons = serializers.IntegerField()
    new_households = serializers.IntegerField()
    exit_households = serializers.IntegerField()
    paid = serializers.SerializerMethodField(help_text="当月实发(元)")
    paid_ytd = serializers.SerializerMethodField(help_text="本年累计实发(元)")
    grants = serializers.IntegerField(help_text="临时救助人次（当月）")

    def get_paid(self, row: Any) -> Decimal:
        return yuan_from_cents(row.paid_cents)

    def get_paid_ytd(self, row: Any) -> Decimal:
        return yuan_from_cents(row.paid_cents_ytd + row.grant_cents_ytd)


class AreaRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    households = serializers.DictField(child=serializers.IntegerField(), help_text="项目代码 → 月末在保户数")
    persons = serializers.DictField(child=serializers.IntegerField(), help_text="项目代码 → 月末在保人数")
    paid = serializers.SerializerMethodField(help_text="当月支出(元)")
    paid_ytd = serializers.SerializerMethodField(help_text="本年累计支出(元)")

    def get_paid(self, row: Any) -> Decimal:
        return yuan_from_cents(row.paid_cents)

    def get_paid_ytd(self, row: Any) -> Decimal:
        return yuan_from_cents(row.paid_cents_ytd)


class MonthlySerializer(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    month = serializers.DateField(help_text="统计月份（当月1日）")
    refreshed_at = serializers.DateTimeField(allow_null=True, help_text="统计时间；为空表示尚未统计")
    stale = serializers.BooleanField(help_text="统计后数据有变化，需重新统计")
    table = RowSerializer(many=True, help_text="民政统计月报（社会救助）")
    programs = ProgramSerializer(many=True)
    areas = AreaRowSerializer(many=True, help_text="下一级区域")


class PointSerializer(serializers.Serializer):
    month = serializers.DateField()
    households = serializers.DictField(child=serializers.IntegerField())
    persons = serializers.DictField(child=serializers.IntegerField())
    paid = serializers.SerializerMethodField(help_text="项目代码 → 当月支出(元)")

    def get_paid(self, point: Any) -> dict[str, Decimal]:
        return {p: yuan_from_cents(c) for p, c in point.paid_cents.items()}


class TrendSerializer(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    programs = serializers.ListField(child=serializers.CharField())
    points = PointSerializer(many=True)


def _where(request: Request, query: dict[str, Any]) -> tuple[str, Any]:
    area = statistics_area_get(actor=request.user, area_code=query["area"])
    month = (
        month_parse(query["month"])
        if query["month"]
        else latest_month(actor=request.user, area_code=area.code)
    )
    return area.code, month


class MonthlyView(GenericAPIView):
    """民政统计月报。"""

    serializer_class = MonthlySerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_STATISTICS}

    @extend_schema(
        operation_id="statistics_monthly",
        summary="民政统计月报",
        tags=TAGS,
        parameters=[MonthQuerySerializer],
        description="一个月、一个区域的社会救助统计：月报表各指标的数量、上期、环比，分项目明细和下一级区域。",
        responses={200: MonthlySerializer, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        code, month = _where(request, validated(MonthQuerySerializer(data=request.query_params)))
        figures = monthly_figures(actor=request.user, area_code=code, month=month)
        data = {
            "area": figures.area.code,
            "area_name": figures.area.name,
            "month": figures.month,
            "refreshed_at": figures.freshness.refreshed_at,
            "stale": figures.freshness.stale,
            "table": figures.table,
            "programs": figures.programs,
            "areas": breakdown(actor=request.user, area_code=code, month=month),
        }
        return Response(MonthlySerializer(data).data)


class TrendView(GenericAPIView):
    """近若干月趋势。"""

    serializer_class = TrendSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_STATISTICS}

    @extend_schema(
        operation_id="statistics_trend",
        summary="统计趋势",
        tags=TAGS,
        parameters=[TrendQuerySerializer],
        description="截至统计月份的近若干月，各项目月末在保户数、人数和当月支出。",
        responses={200: TrendSerializer, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        query = validated(TrendQuerySerializer(data=request.query_params))
        code, month = _where(request, query)
        data = trend(actor=request.user, area_code=code, months=query["months"], until=month)
        out = {
            "area": data.area.code,
            "area_name": data.area.name,
            "programs": data.programs,
            "points": data.points,
        }
        return Response(TrendSerializer(out).data)
