"""资金发放 bank API: a payroll's bank payment file (生成代发文件), the bank's return file (回盘) and the
reconciliation (对账表). Like the rest of :mod:`apps.payroll.api`, a payroll outside the caller's county
answers 404 exactly like a missing one."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import HasCapability, error_responses, validated
from apps.core.uploads import BANK_RETURN, upload_read
from apps.payroll.api import MONEY, PAYROLL_ID, TAGS
from apps.payroll.selectors import payroll_get_for
from policy.errors import ValidationFailed
from policy.roles import Capability


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
                content=upload_read(upload, limit=BANK_RETURN),  # its size checked before it is read
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
        from apps.payroll.selectors.bank import reconciliation_for

        payroll = payroll_get_for(actor=request.user, payroll_id=payroll_id)
        return Response(
            ReconLineSerializer(reconciliation_for(actor=request.user, payroll=payroll).rows, many=True).data
        )
