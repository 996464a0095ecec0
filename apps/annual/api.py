"""年度工作总结数据附录 API: the appendix's figures and ready sentences for an area and a year, the same as
the page and the files (:func:`apps.annual.selectors.appendix_for`), scoped to the caller's area (an area
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

from apps.annual.selectors import appendix_for, year_parse
from apps.core.api import HasCapability, error_responses, validated
from policy.annual import remedied_rate
from policy.money import wan_yuan
from policy.roles import Capability

TAGS = ["统计"]


class AnnualQuerySerializer(serializers.Serializer):
    area = serializers.CharField(required=False, default="", help_text="区划代码（县或乡镇）；不填为本辖区")
    year = serializers.CharField(required=False, default="", help_text="年度，如 2026；不填为今年")


class AnnualSentenceSerializer(serializers.Serializer):
    topic = serializers.CharField(help_text="在保对象、新增和退出、资金支出、临时救助、保障标准、数据比对")
    text = serializers.CharField(help_text="可直接引用的表述")


class AnnualCaseSerializer(serializers.Serializer):
    program = serializers.CharField()
    label = serializers.CharField()
    is_urban = serializers.BooleanField()
    households = serializers.IntegerField(help_text="期末在保户数")
    persons = serializers.IntegerField(help_text="期末在保人数")
    previous_households = serializers.IntegerField(help_text="上年末在保户数")
    previous_persons = serializers.IntegerField(help_text="上年末在保人数")
    new_households = serializers.IntegerField()
    new_persons = serializers.IntegerField()
    exit_households = serializers.IntegerField()
    exit_persons = serializers.IntegerField()
    paid_wan = serializers.SerializerMethodField(help_text="支出（万元）")
    previous_paid_wan = serializers.SerializerMethodField(help_text="上年支出（万元）")

    def get_paid_wan(self, line: Any) -> Decimal:
        return wan_yuan(line.paid_cents)

    def get_previous_paid_wan(self, line: Any) -> Decimal:
        return wan_yuan(line.previous_paid_cents)


def _amount(text: str) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, help_text=text)


class AnnualStandardSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="地方标准参数")
    label = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, help_text="本年")
    previous = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="上年同期"
    )
    rise = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, help_text="增加（元）")
    rise_rate = serializers.DecimalField(
        max_digits=8, decimal_places=1, allow_null=True, help_text="增幅（%）"
    )


class AnnualLeadSerializer(serializers.Serializer):
    source = serializers.CharField()
    label = serializers.CharField()
    found = serializers.IntegerField()
    confirmed = serializers.IntegerField(help_text="核实属实（含已处理）")
    unfounded = serializers.IntegerField()
    remedied = serializers.IntegerField()
    rate = serializers.SerializerMethodField(help_text="处理率（%）；无属实线索时为空")

    def get_rate(self, lead: Any) -> Decimal | None:
        return remedied_rate(lead.remedied, lead.confirmed)


class AnnualMonthSerializer(serializers.Serializer):
    month = serializers.DateField()
    paid_wan = serializers.SerializerMethodField(help_text="按月发放项目（万元）")
    grant_wan = serializers.SerializerMethodField(help_text="临时救助（万元）")

    def get_paid_wan(self, m: Any) -> Decimal:
        return wan_yuan(m.paid_cents)

    def get_grant_wan(self, m: Any) -> Decimal:
        return wan_yuan(m.grant_cents)


class AnnualAppendixSerializer(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    year = serializers.IntegerField()
    through = serializers.DateField(help_text="数据截至月份（当月1日）")
    refreshed_at = serializers.DateTimeField(allow_null=True, help_text="统计时间")
    stale = serializers.BooleanField(help_text="统计后数据有变化")
    sentences = AnnualSentenceSerializer(many=True)
    cases = AnnualCaseSerializer(many=True)
    total_wan = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="救助资金合计（万元）")
    paid_wan = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="按月发放项目（万元）")
    grants = serializers.IntegerField(help_text="临时救助人次")
    grant_wan = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="临时救助金额（万元）")
    previous_total_wan = serializers.DecimalField(max_digits=14, decimal_places=2)
    standards = AnnualStandardSerializer(many=True)
    leads = AnnualLeadSerializer(many=True)
    months = AnnualMonthSerializer(many=True)


class AppendixView(GenericAPIView):
    """年度工作总结数据附录。"""

    serializer_class = AnnualAppendixSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_STATISTICS}

    @extend_schema(
        operation_id="annual_appendix",
        summary="年度工作总结数据附录",
        tags=TAGS,
        parameters=[AnnualQuerySerializer],
        description="一个县（区）或乡镇一个年度的在保对象、新增和退出、资金支出、临时救助、保障标准及其"
        "增幅、数据比对线索，以及可直接引用的表述。",
        responses={200: AnnualAppendixSerializer, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        query = validated(AnnualQuerySerializer(data=request.query_params))
        view = appendix_for(actor=request.user, area_code=query["area"], year=year_parse(query["year"]))
        a = view.appendix
        data = {
            "area": view.area.code,
            "area_name": view.area.name,
            "year": a.year,
            "through": a.through,
            "refreshed_at": view.freshness.refreshed_at,
            "stale": view.freshness.stale,
            "sentences": view.sentences,
            "cases": a.cases,
            "total_wan": wan_yuan(a.total_cents),
            "paid_wan": wan_yuan(a.paid_cents),
            "grants": a.grants,
            "grant_wan": wan_yuan(a.grant_cents),
            "previous_total_wan": wan_yuan(a.previous_total_cents),
            "standards": a.standards,
            "leads": a.leads,
            "months": view.months,
        }
        return Response(AnnualAppendixSerializer(data).data)
