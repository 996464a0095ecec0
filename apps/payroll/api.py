"""资金发放 API: payrolls (list, prepare, detail with the preview, approve), their lines, and the fund
accounts. Every read goes through :mod:`apps.payroll.selectors` and every write through the services, so a
payroll outside the caller's county answers 404 exactly like a missing one; ID numbers are masked."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.assistance.choices import ONE_TIME_PROGRAMS, Program
from apps.assistance.clock import today
from apps.core.api import HasCapability, ListPagination, error_responses, validated
from apps.payroll.models import LineStatus, Payroll, PayrollLine
from apps.payroll.selectors import (
    LineFilter,
    counties_for,
    fund_accounts_for,
    line_list_for,
    payroll_get_for,
    payroll_list_for,
    payroll_preview,
    township_totals_for,
)
from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.prepare import payroll_prepare
from policy.errors import NotFound, ValidationFailed
from policy.payroll import month_parse
from policy.privacy import mask_id_number
from policy.roles import Capability

TAGS = ["资金发放"]
PAYROLL_ID = OpenApiParameter("payroll_id", int, OpenApiParameter.PATH, description="发放表编号")
MONEY = {"max_digits": 14, "decimal_places": 2}
MONTHLY = [(c, label) for c, label in Program.choices if c not in ONE_TIME_PROGRAMS]


class PayrollSerializer(serializers.Serializer):
    id = serializers.IntegerField()
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


class PrepareSerializer(serializers.Serializer):
    county = serializers.CharField(help_text="县(市、区)12位区划代码")
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="发放月份 YYYY-MM")
    program = serializers.ChoiceField(choices=[("", "全部"), *MONTHLY], required=False, default="")


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


def _detail(actor: Any, payroll: Payroll) -> dict[str, Any]:
    preview = payroll_preview(actor=actor, payroll=payroll)
    data = PayrollSerializer(payroll).data
    return {
        **data,
        "townships": TownshipSerializer(township_totals_for(actor=actor, payroll=payroll), many=True).data,
        "preview": DiffSerializer(preview.groups, many=True).data,
        "previous_total": None if preview.previous_total is None else str(preview.previous_total),
    }


class PayrollListView(GenericAPIView):
    """发放表列表与生成。"""

    serializer_class = PayrollSerializer
    pagination_class = ListPagination
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_PAYROLL, "POST": Capability.PREPARE_PAYROLL}

    def get_queryset(self) -> QuerySet[Payroll]:
        if getattr(self, "swagger_fake_view", False):
            return Payroll.objects.none()
        return payroll_list_for(actor=self.request.user)

    @extend_schema(
        operation_id="payrolls_list",
        summary="发放表列表",
        tags=TAGS,
        responses={200: PayrollSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="payrolls_prepare",
        summary="生成发放表",
        tags=TAGS,
        description="生成（或在审批前重新生成）某县某月的发放表：冻结当时的在保对象、金额和保障成员；同一县、"
        "月份和项目重复生成不会产生重复明细；已审批的不能重新生成；正在生成时再次提交返回409。",
        request=PrepareSerializer,
        responses={201: PayrollDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        d = validated(PrepareSerializer(data=request.data))
        payroll = payroll_prepare(
            actor=request.user, county=d["county"], month=month_parse(d["month"]), program=d["program"]
        )
        return Response(_detail(request.user, payroll), status=201)


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
        return Response(_detail(request.user, payroll))


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


class PayrollLineListView(GenericAPIView):
    """发放明细。"""

    serializer_class = LineSerializer
    pagination_class = ListPagination
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_PAYROLL}

    @extend_schema(
        operation_id="payrolls_lines",
        summary="发放明细",
        tags=TAGS,
        parameters=[PAYROLL_ID, LineQuerySerializer],
        responses={200: LineSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, payroll_id: str) -> Response:
        payroll = payroll_get_for(actor=request.user, payroll_id=payroll_id)
        p = validated(LineQuerySerializer(data=request.query_params))
        filters = LineFilter(township=p["township"], status=p["status"], reason=p["reason"])
        page = self.paginate_queryset(line_list_for(actor=request.user, payroll=payroll, filters=filters))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


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


class ExportSerializer(serializers.Serializer):
    bank = serializers.CharField(required=False, default="", help_text="银行模板代码；不填用本县默认模板")


class PaymentFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    filename = serializers.CharField()
    template_code = serializers.CharField()
    line_count = serializers.IntegerField()
    total = serializers.DecimalField(**MONEY)
    sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReconcileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="银行回盘文件：XLSX 或 CSV（UTF-8 或 GBK）")
    bank = serializers.CharField(required=False, default="")


class ReconResultSerializer(serializers.Serializer):
    paid = serializers.IntegerField()
    paid_total = serializers.DecimalField(**MONEY)
    failed = serializers.IntegerField()
    failed_total = serializers.DecimalField(**MONEY)
    unchanged = serializers.IntegerField(help_text="此前已处理的笔数")
    duplicate = serializers.BooleanField(help_text="同一文件已导入过，未作更改")


class ReconLineSerializer(serializers.Serializer):
    township_code = serializers.CharField()
    township = serializers.CharField()
    program = serializers.CharField()
    program_label = serializers.CharField()
    due_count = serializers.IntegerField()
    due_amount = serializers.DecimalField(**MONEY)
    paid_count = serializers.IntegerField()
    paid_amount = serializers.DecimalField(**MONEY)
    failed_count = serializers.IntegerField()
    failed_amount = serializers.DecimalField(**MONEY)
    pending_count = serializers.IntegerField()
    pending_amount = serializers.DecimalField(**MONEY)
    held_count = serializers.IntegerField()
    held_amount = serializers.DecimalField(**MONEY)


class PayrollExportView(GenericAPIView):
    """生成银行代发文件。"""

    serializer_class = ExportSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"POST": Capability.PREPARE_PAYROLL}

    @extend_schema(
        operation_id="payrolls_export",
        summary="生成银行代发文件",
        tags=TAGS,
        parameters=[PAYROLL_ID],
        description="已审批的发放表按银行模板生成代发文件（待发放且金额大于0的明细），记录SHA-256；"
        "文件含完整身份证号和账号，下载须在网页中进行并留痕。",
        request=ExportSerializer,
        responses={201: PaymentFileSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, payroll_id: str) -> Response:
        from apps.payroll.services.bank import payroll_export

        payroll = payroll_get_for(actor=request.user, payroll_id=payroll_id)
        d = validated(ExportSerializer(data=request.data))
        made = payroll_export(actor=request.user, payroll=payroll, template_code=d["bank"])
        return Response(PaymentFileSerializer(made).data, status=201)


class PayrollReconcileView(GenericAPIView):
    """导入银行回盘。"""

    serializer_class = ReconcileSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"POST": Capability.PREPARE_PAYROLL}

    @extend_schema(
        operation_id="payrolls_reconcile",
        summary="导入银行回盘",
        tags=TAGS,
        parameters=[PAYROLL_ID],
        description="全部核对无误才导入：到账的标记为已到账，失败的进入重发名单；有误时返回400并列出每一行的问题。"
        "同一文件重复导入不作更改。",
        request={"multipart/form-data": ReconcileSerializer},
        responses={200: ReconResultSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, payroll_id: str) -> Response:
        from apps.payroll.services.reconcile import ReturnFileRejected, payroll_reconcile

        payroll = payroll_get_for(actor=request.user, payroll_id=payroll_id)
        d = validated(ReconcileSerializer(data=request.data))
        upload = d["file"]
        try:
            result = payroll_reconcile(
                actor=request.user,
                payroll=payroll,
                content=upload.read(),
                filename=upload.name or "回盘文件",
                template_code=d["bank"],
            )
        except ReturnFileRejected as exc:
            problems = {f"第{p.row}行 {p.column}".strip(): [p.message] for p in exc.problems[:200]}
            raise ValidationFailed(problems or exc.errors) from exc
        data = {
            "paid": result.paid,
            "paid_total": result.paid_total,
            "failed": result.failed,
            "failed_total": result.failed_total,
            "unchanged": result.unchanged,
            "duplicate": result.duplicate_of is not None,
        }
        return Response(ReconResultSerializer(data).data)


class PayrollReconciliationView(GenericAPIView):
    """对账表。"""

    serializer_class = ReconLineSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_PAYROLL}

    @extend_schema(
        operation_id="payrolls_reconciliation",
        summary="对账表",
        tags=TAGS,
        parameters=[PAYROLL_ID],
        description="按乡镇 × 项目的应发、实发、失败、未回盘和暂缓（笔数和金额，到分），最后一行为合计。",
        responses={200: ReconLineSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, payroll_id: str) -> Response:
        from apps.payroll.selectors_bank import reconciliation_for

        payroll = payroll_get_for(actor=request.user, payroll_id=payroll_id)
        return Response(
            ReconLineSerializer(reconciliation_for(actor=request.user, payroll=payroll).rows, many=True).data
        )
