"""生成发放表 through the API: ``POST /api/v1/payrolls/`` runs the 发放前比对 and then the preparation, as
the page and the command do; ``GET`` on the same path is the payroll's list (apps/payroll/api.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.assistance.choices import ONE_TIME_PROGRAMS, Program
from apps.core.api import error_responses, validated
from apps.payroll import api as payroll_api
from apps.workbench.services.payroll import payroll_prepare
from policy.months import month_parse
from policy.roles import Capability

MONTHLY = [(c, label) for c, label in Program.choices if c not in ONE_TIME_PROGRAMS]


class PrepareSerializer(serializers.Serializer):
    county = serializers.CharField(help_text="县(市、区)12位区划代码")
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="发放月份 YYYY-MM")
    program = serializers.ChoiceField(choices=[("", "全部"), *MONTHLY], required=False, default="")


class PayrollListView(payroll_api.PayrollListView):
    """发放表列表与生成。"""

    capabilities = {"GET": Capability.VIEW_PAYROLL, "POST": Capability.PREPARE_PAYROLL}

    @extend_schema(
        operation_id="payrolls_prepare",
        summary="生成发放表",
        tags=payroll_api.TAGS,
        description="生成（或在审批前重新生成）某县某月的发放表：冻结当时的在保对象、金额和保障成员；同一县、"
        "月份和项目重复生成不会产生重复明细；已审批的不能重新生成；正在生成时再次提交返回409。",
        request=PrepareSerializer,
        responses={201: payroll_api.PayrollDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        d = validated(PrepareSerializer(data=request.data))
        payroll = payroll_prepare(
            actor=request.user, county=d["county"], month=month_parse(d["month"]), program=d["program"]
        )
        return Response(payroll_api.payroll_detail_data(request.user, payroll), status=201)
