"""资金发放 API: payrolls (list, detail with the preview, approve), their lines, and the fund accounts;
preparing one, which runs the cross-check first, is the workbench's (apps/workbench/api/payroll.py). Every
read goes through :mod:`apps.payroll.selectors` and every write through the services, so a payroll outside
the caller's county answers 404 exactly like a missing one; ID numbers are masked. The bank files, the
return file and the reconciliation are in :mod:`.bank`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.areas.selectors import counties_for
from apps.core.api import HasCapability, ScopedListMixin, error_responses, validated
from apps.core.clock import today
from apps.payroll.models import LineStatus, Payroll, PayrollLine
from apps.payroll.selectors import (
    LineFilter,
    fund_accounts_for,
    line_list_for,
    payroll_get_for,
    payroll_list_for,
    payroll_preview,
    township_totals_for,
)
from apps.payroll.services.approve import payroll_approve
from policy.errors import NotFound
from policy.privacy import mask_id_number
from policy.roles import Capability

TAGS = ["资金发放"]
PAYROLL_ID = OpenApiParameter("payroll_id", int, OpenApiParameter.PATH, description="发放表编号")
MONEY = {"max_digits": 14, "decimal_places": 2}


class PayrollSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(read_only=True, help_text="发放批次号，如 421303-2026-FF-00001")
    county = serializers.CharField(source="county_id")
    county_name = serializers.CharField(source="county.name")
    month = serializers.DateField(help_text="发放月份（当月1日）")
    program = serializers.CharField(help_text="救助项目代码；空为全部按月发放项目")
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    version = serializers.IntegerField(help_text="审批时回传，防止审批已重新生成的发放表")
    line_count = serializers.IntegerField()
    person_count = serializers.IntegerField()
    total = serializers.DecimalField(**MONEY)
    regular_total = serializers.DecimalField(**MONEY)
    arrears_total = serializers.DecimalField(**MONEY)
    recovery_total = serializers.DecimalField(**MONEY)
    held_count = serializers.IntegerField()
    held_total = serializers.DecimalField(**MONEY)
    prepared_by = serializers.CharField()
    prepared_at = serializers.DateTimeField()
    approved_by = serializers.CharField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)


class TownshipSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    lines = serializers.IntegerField()
    persons = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)
    arrears = serializers.DecimalField(**MONEY)
    recovery = serializers.DecimalField(**MONEY)
    held = serializers.IntegerField()


class DiffSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="new 新增 · changed 金额变化 · gone 不再发放 · zero 金额为零 · held 暂缓"
    )
    label = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)
    lines = serializers.SerializerMethodField()

    def get_lines(self, obj: Any) -> list[int]:
        return [row.pk for row in obj.rows]


class PayrollDetailSerializer(PayrollSerializer):
    townships = TownshipSerializer(many=True)
    preview = DiffSerializer(many=True)
    previous_total = serializers.DecimalField(allow_null=True, **MONEY)


class ApproveSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="所审核的发放表版本")


class LineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    program = serializers.CharField()
    township = serializers.CharField(source="township_id")
    village = serializers.CharField(source="village_id")
    is_urban = serializers.BooleanField()
    payee_name = serializers.CharField()
    payee_id_number = serializers.SerializerMethodField(help_text="已脱敏")
    covered_count = serializers.IntegerField()
    monthly_amount = serializers.DecimalField(**MONEY)
    regular = serializers.DecimalField(**MONEY)
    arrears = serializers.DecimalField(**MONEY)
    recovery = serializers.DecimalField(**MONEY)
    amount = serializers.DecimalField(**MONEY, help_text="实发金额")
    reasons = serializers.CharField(help_text="原因代码，逗号分隔")
    status = serializers.CharField()
    hold_reason = serializers.CharField()
    trace = serializers.JSONField(allow_null=True, help_text="计算说明；常规按月发放为空")

    def get_payee_id_number(self, obj: PayrollLine) -> str:
        return mask_id_number(obj.payee_id_number)


class LineQuerySerializer(serializers.Serializer):
    township = serializers.CharField(required=False, default="")
    status = serializers.ChoiceField(choices=LineStatus.choices, required=False, default="")
    reason = serializers.CharField(required=False, default="")


class FundQuerySerializer(serializers.Serializer):
    county = serializers.CharField(required=False, default="")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class FundRowSerializer(serializers.Serializer):
    program = serializers.CharField()
    township = serializers.CharField()
    township_name = serializers.CharField()
    is_urban = serializers.BooleanField()
    months = serializers.DictField(child=serializers.DecimalField(**MONEY), help_text="月份 → 实发金额")
    year_total = serializers.DecimalField(**MONEY)
    due_total = serializers.DecimalField(**MONEY)


class FundSerializer(serializers.Serializer):
    county = serializers.CharField(source="county.code")
    year = serializers.IntegerField()
    paid_total = serializers.DecimalField(**MONEY, help_text="全年实发（银行已确认到账）")
    due_total = serializers.DecimalField(**MONEY, help_text="已审批应发（不含暂缓）")
    paid_lines = serializers.IntegerField()
    rows = FundRowSerializer(many=True)


def payroll_detail_data(actor: Any, payroll: Payroll) -> dict[str, Any]:
    """A payroll as :class:`PayrollDetailSerializer` shows it: totals, by township, the preview."""
    preview = payroll_preview(actor=actor, payroll=payroll)
    data = PayrollSerializer(payroll).data
    return {
        **data,
        "townships": TownshipSerializer(township_totals_for(actor=actor, payroll=payroll), many=True).data,
        "preview": DiffSerializer(preview.groups, many=True).data,
        "previous_total": None if preview.previous_total is None else str(preview.previous_total),
    }


@extend_schema_view(
    get=extend_schema(
        operation_id="payrolls_list",
        summary="发放表列表",
        tags=TAGS,
        responses={200: PayrollSerializer(many=True), **error_responses(401, 403)},
    )
)
class PayrollListView(ScopedListMixin, GenericAPIView):
    """发放表列表。"""

    # POST (生成) is added where the cross-check can be run first: apps/workbench/api/payroll.py.
    serializer_class = PayrollSerializer
    model = Payroll
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_PAYROLL}

    def rows(self, params: dict[str, Any]) -> QuerySet[Payroll]:
        return payroll_list_for(actor=self.request.user)


class PayrollDetailView(GenericAPIView):
    """发放表详情与预览。"""

    serializer_class = PayrollDetailSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_PAYROLL}

    @extend_schema(
        operation_id="payrolls_retrieve",
        summary="发放表详情与预览",
        tags=TAGS,
        parameters=[PAYROLL_ID],
        description="合计、按乡镇汇总，以及与上月相比的新增、金额变化、不再发放和暂缓发放（各列前100笔的明细编号）。",
        responses={200: PayrollDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, payroll_id: str) -> Response:
        payroll = payroll_get_for(actor=request.user, payroll_id=payroll_id)
        return Response(payroll_detail_data(request.user, payroll))


class PayrollApproveView(GenericAPIView):
    """审批发放表。"""

    serializer_class = ApproveSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"POST": Capability.APPROVE_PAYROLL}

    @extend_schema(
        operation_id="payrolls_approve",
        summary="审批发放表",
        tags=TAGS,
        parameters=[PAYROLL_ID],
        description="县级审批员审批后发放表锁定。制表人不能审批自己生成的发放表（403）；版本不符（已重新生成）返回409。",
        request=ApproveSerializer,
        responses={200: PayrollSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, payroll_id: str) -> Response:
        payroll = payroll_get_for(actor=request.user, payroll_id=payroll_id)
        d = validated(ApproveSerializer(data=request.data))
        approved = payroll_approve(actor=request.user, payroll=payroll, expected_version=d["version"])
        return Response(PayrollSerializer(approved).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="payrolls_lines",
        summary="发放明细",
        tags=TAGS,
        parameters=[PAYROLL_ID, LineQuerySerializer],
        responses={200: LineSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
)
class PayrollLineListView(ScopedListMixin, GenericAPIView):
    """发放明细。"""

    serializer_class = LineSerializer
    model = PayrollLine
    query_serializer = LineQuerySerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_PAYROLL}

    def parent_get(self) -> Payroll:
        return payroll_get_for(actor=self.request.user, payroll_id=self.kwargs["payroll_id"])

    def rows(self, params: dict[str, Any]) -> QuerySet[PayrollLine]:
        filters = LineFilter(township=params["township"], status=params["status"], reason=params["reason"])
        return line_list_for(actor=self.request.user, payroll=self.parent, filters=filters)


class FundAccountsView(GenericAPIView):
    """资金台账。"""

    serializer_class = FundSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_PAYROLL}

    @extend_schema(
        operation_id="funds_retrieve",
        summary="资金台账",
        tags=TAGS,
        parameters=[FundQuerySerializer],
        description="按项目 × 乡镇 × 城乡 × 月份汇总的实发金额及全年累计（到分），和已审批应发金额。",
        responses={200: FundSerializer, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        p = validated(FundQuerySerializer(data=request.query_params))
        counties = {a.code: a for a in counties_for(actor=request.user)}
        county = counties.get(p["county"]) if p["county"] else next(iter(counties.values()), None)
        if county is None:
            raise NotFound()
        year = p.get("year") or today().year
        through = 12 if year < today().year else today().month
        accounts = fund_accounts_for(actor=request.user, county=county, year=year, through_month=through)
        return Response(FundSerializer(accounts).data)
