"""数据比对 API: leads (list, detail, 核实, 处理), batches (list, import, detail) and runs. Every read goes
through :mod:`apps.crosscheck.selectors` and every write through the services, so an object outside the
caller's area answers 404 exactly like a missing one; ID numbers are masked."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.assistance.services.attachments import attachments_check
from apps.core.api import HasCapability, ScopedListMixin, error_responses, validated
from apps.core.uploads import LIST, upload_check
from apps.crosscheck.choices import SeverityChoices, StateChoices, VerifyResult
from apps.crosscheck.models import Batch, Lead, Run
from apps.crosscheck.selectors import LeadFilter, batch_get_for, batch_list_for, lead_get_for, lead_list_for
from apps.crosscheck.services.imports import BatchInput, batch_import
from apps.crosscheck.services.leads import lead_verify
from apps.crosscheck.services.reading import BatchRejected
from apps.crosscheck.services.remedy import RemedyInput, lead_remedy
from apps.crosscheck.services.runs import crosscheck_run
from apps.crosscheck.views.evidence import evidence_rows
from policy.crosscheck import REMEDY_CHANGES, SOURCES
from policy.errors import ValidationFailed
from policy.roles import Capability

TAGS = ["数据比对"]
LEAD_ID = OpenApiParameter("lead_id", int, OpenApiParameter.PATH, description="线索编号")
BATCH_ID = OpenApiParameter("batch_id", int, OpenApiParameter.PATH, description="导入批次编号")
MONEY = {"max_digits": 14, "decimal_places": 2}
SHOWN = 1000


class LeadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(read_only=True, help_text="线索编号，如 421303-2026-XS-00123")
    rule = serializers.CharField()
    rule_label = serializers.CharField(source="get_rule_display")
    severity = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    explanation = serializers.CharField()
    source = serializers.CharField(source="source.code")
    batch = serializers.IntegerField(source="batch_id")
    run = serializers.IntegerField(source="run_id")
    household = serializers.IntegerField(source="household_id")
    township = serializers.CharField(source="township_id")
    village = serializers.CharField(source="area_id")
    event_on = serializers.DateField(allow_null=True)
    amount_at_risk = serializers.DecimalField(**MONEY)
    risk_basis = serializers.CharField()
    score = serializers.FloatField()
    method = serializers.CharField()
    found_on = serializers.DateField()
    version = serializers.IntegerField(help_text="核实、处理时回传，防止覆盖他人的处理")


class EvidenceLineSerializer(serializers.Serializer):
    label = serializers.CharField()
    registry = serializers.CharField(help_text="系统登记（身份证号已脱敏）")
    listed = serializers.CharField(help_text="比对名单（身份证号已脱敏）")


class EvidenceSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="item.person_id")
    record_row = serializers.IntegerField(source="item.record_id")
    score = serializers.FloatField(source="item.score")
    method = serializers.CharField(source="item.method")
    reasons = serializers.ListField(child=serializers.CharField())
    lines = EvidenceLineSerializer(many=True)


class LeadDetailSerializer(LeadSerializer):
    cases = serializers.SerializerMethodField()
    verify_result = serializers.CharField()
    verify_notes = serializers.CharField()
    remedy = serializers.JSONField()
    evidence = serializers.SerializerMethodField()

    def get_cases(self, obj: Lead) -> list[int]:
        return list(obj.cases.order_by("pk").values_list("pk", flat=True))

    def get_evidence(self, obj: Lead) -> list[dict[str, Any]]:
        return EvidenceSerializer(evidence_rows(obj), many=True).data  # type: ignore[return-value]


class LeadQuerySerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=list(SOURCES), required=False, default="")
    township = serializers.CharField(required=False, default="")
    state = serializers.ChoiceField(choices=StateChoices.choices, required=False, default="")
    severity = serializers.ChoiceField(choices=SeverityChoices.choices, required=False, default="")
    run = serializers.IntegerField(required=False, allow_null=True, default=None)


class VerifySerializer(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=VerifyResult.choices, help_text="confirmed 属实 · unfounded 不属实"
    )
    notes = serializers.CharField(max_length=2000, help_text="核实情况")
    version = serializers.IntegerField()


class RemedySerializer(serializers.Serializer):
    change = serializers.ChoiceField(
        choices=[("", "不变更"), *((c, c) for c in REMEDY_CHANGES)],
        required=False,
        default="",
        help_text="exit 退出 · stop 停发 · suspend 暂停 · adjust 调整；空为只追回",
    )
    reason_code = serializers.CharField(
        required=False, default="", help_text="变更原因代码（同在保对象变更）"
    )
    reason = serializers.CharField(required=False, default="", max_length=2000)
    amount = serializers.DecimalField(required=False, allow_null=True, default=None, **MONEY)
    covered = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_null=True, default=None
    )
    recover = serializers.BooleanField(
        required=False, default=False, help_text="追回事件日期之后多发的保障金"
    )
    version = serializers.IntegerField()


class BatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField(source="source.code")
    source_label = serializers.CharField(source="source.label")
    county = serializers.CharField(source="county_id")
    version = serializers.IntegerField(help_text="该来源的第几批")
    file_name = serializers.CharField()
    received_on = serializers.DateField()
    list_date = serializers.DateField()
    row_count = serializers.IntegerField()
    id_missing = serializers.IntegerField()
    id_unchecked = serializers.IntegerField()
    sha256 = serializers.CharField()
    mapping = serializers.JSONField()
    created_at = serializers.DateTimeField()


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="名单：XLSX 或 CSV（UTF-8 或 GBK）")
    county = serializers.CharField(help_text="县(市、区)12位区划代码")
    source = serializers.ChoiceField(choices=list(SOURCES))
    received_on = serializers.DateField()
    list_date = serializers.DateField()
    mapping = serializers.CharField(
        required=False,
        default="",
        help_text='列对应关系（JSON），如 {"name": "姓名", "event_date": "死亡日期"}；不填用已保存的',
    )
    note = serializers.CharField(required=False, default="", max_length=200)


class RunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    batch = serializers.IntegerField(source="batch_id")
    persons = serializers.IntegerField()
    records = serializers.IntegerField()
    matched = serializers.IntegerField()
    methods = serializers.JSONField()
    leads_created = serializers.IntegerField()
    leads_known = serializers.IntegerField()


class _View(GenericAPIView):
    permission_classes = [IsAuthenticated, HasCapability]


@extend_schema_view(
    get=extend_schema(
        operation_id="crosscheck_leads_list",
        summary="疑似问题线索列表",
        tags=TAGS,
        parameters=[LeadQuerySerializer],
        responses={200: LeadSerializer(many=True), **error_responses(400, 401, 403)},
    )
)
class LeadListView(ScopedListMixin, _View):
    """疑似问题线索列表。"""

    serializer_class = LeadSerializer
    model = Lead
    query_serializer = LeadQuerySerializer
    capabilities = {"GET": Capability.VIEW_LEADS}

    def rows(self, params: dict[str, Any]) -> QuerySet[Lead]:
        filters = LeadFilter(
            source=params["source"],
            township=params["township"],
            state=params["state"],
            severity=params["severity"],
            run=params["run"],
        )
        return lead_list_for(actor=self.request.user, filters=filters)


class LeadDetailView(_View):
    """线索详情：规则、双方记录对照、涉及金额和在保对象。"""

    serializer_class = LeadDetailSerializer
    capabilities = {"GET": Capability.VIEW_LEADS}

    @extend_schema(
        operation_id="crosscheck_leads_retrieve",
        summary="线索详情",
        tags=TAGS,
        parameters=[LEAD_ID],
        responses={200: LeadDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, lead_id: str) -> Response:
        return Response(LeadDetailSerializer(lead_get_for(actor=request.user, lead_id=lead_id)).data)


class LeadVerifyView(_View):
    """核实线索。"""

    serializer_class = VerifySerializer
    capabilities = {"POST": Capability.VERIFY_LEAD}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="crosscheck_leads_verify",
        summary="核实线索（属实或不属实）",
        tags=TAGS,
        parameters=[LEAD_ID],
        description="乡镇(街道)核实下发的线索；不属实的解除暂缓发放。可用multipart上传照片或扫描件（files）。",
        request=VerifySerializer,
        responses={200: LeadDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, lead_id: str) -> Response:
        lead = lead_get_for(actor=request.user, lead_id=lead_id)
        d = validated(VerifySerializer(data=request.data))
        files = attachments_check(request.FILES.getlist("files")) if request.FILES else []
        lead = lead_verify(
            actor=request.user,
            lead=lead,
            result=d["result"],
            notes=d["notes"],
            files=files,
            expected_version=d["version"],
        )
        return Response(LeadDetailSerializer(lead).data)


class LeadRemedyView(_View):
    """处理属实的线索。"""

    serializer_class = RemedySerializer
    capabilities = {"POST": Capability.REMEDY_LEAD}

    @extend_schema(
        operation_id="crosscheck_leads_remedy",
        summary="处理线索（在保对象变更、追回）",
        tags=TAGS,
        parameters=[LEAD_ID],
        description="通过在保对象变更（暂停、停发、调整、退出）和追回办理；追回金额按事件日期之后已发放的月份计算。",
        request=RemedySerializer,
        responses={200: LeadDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, lead_id: str) -> Response:
        lead = lead_get_for(actor=request.user, lead_id=lead_id)
        d = validated(RemedySerializer(data=request.data))
        data = RemedyInput(
            change=d["change"],
            reason_code=d["reason_code"],
            reason=d["reason"],
            amount=d["amount"],
            covered=d["covered"],
            recover=d["recover"],
        )
        lead = lead_remedy(actor=request.user, lead=lead, data=data, expected_version=d["version"])
        return Response(LeadDetailSerializer(lead).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="crosscheck_batches_list",
        summary="导入批次列表",
        tags=TAGS,
        responses={200: BatchSerializer(many=True), **error_responses(401, 403)},
    )
)
class BatchListView(ScopedListMixin, _View):
    """导入批次列表与导入。"""

    serializer_class = BatchSerializer
    model = Batch
    capabilities = {"GET": Capability.VIEW_CROSSCHECK, "POST": Capability.CROSSCHECK_IMPORT}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def rows(self, params: dict[str, Any]) -> QuerySet[Batch]:
        return batch_list_for(actor=self.request.user)

    @extend_schema(
        operation_id="crosscheck_batches_import",
        summary="导入名单",
        tags=TAGS,
        description="全部校验通过才导入；有错误时返回400，error.issues列出每处错误的行、列、内容和原因（最多1000处），"
        "不保存任何数据。同一文件重复导入返回409。",
        request={"multipart/form-data": ImportSerializer},
        responses={201: BatchSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        d = validated(ImportSerializer(data=request.data))
        try:
            mapping = json.loads(d["mapping"]) if d["mapping"] else None
        except ValueError:
            raise ValidationFailed.on("mapping", "列对应关系应为JSON对象") from None
        if mapping is not None and not isinstance(mapping, dict):
            raise ValidationFailed.on("mapping", "列对应关系应为JSON对象")
        data = BatchInput(
            county=d["county"],
            source_code=d["source"],
            file_name=d["file"].name or "名单",
            received_on=d["received_on"],
            list_date=d["list_date"],
            mapping={str(k): str(v) for k, v in mapping.items()} if mapping else None,
            note=d["note"],
        )
        upload_check(d["file"], limit=LIST)  # before the file is copied anywhere
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "upload"
            with path.open("wb") as out:
                for chunk in d["file"].chunks():
                    out.write(chunk)
            try:
                batch = batch_import(actor=request.user, data=data, path=path)
            except BatchRejected as exc:
                issues = [
                    {"row": i.row, "column": i.column, "value": i.value, "reason": i.reason}
                    for i in exc.issues[:SHOWN]
                ]
                body = {
                    "code": "invalid",
                    "message": exc.message,
                    "fields": exc.errors,
                    "issues": issues,
                    "total": exc.total,
                }
                return Response({"error": body}, status=400)
        return Response(BatchSerializer(batch).data, status=201)


class BatchDetailView(_View):
    """导入批次详情。"""

    serializer_class = BatchSerializer
    capabilities = {"GET": Capability.VIEW_CROSSCHECK}

    @extend_schema(
        operation_id="crosscheck_batches_retrieve",
        summary="导入批次详情",
        tags=TAGS,
        parameters=[BATCH_ID],
        responses={200: BatchSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, batch_id: str) -> Response:
        return Response(BatchSerializer(batch_get_for(actor=request.user, batch_id=batch_id)).data)


class BatchRunView(_View):
    """比对一个导入批次。"""

    serializer_class = RunSerializer
    capabilities = {"POST": Capability.CROSSCHECK_IMPORT}

    @extend_schema(
        operation_id="crosscheck_batches_run",
        summary="与在保家庭比对",
        tags=TAGS,
        parameters=[BATCH_ID],
        description="按该来源的规则生成疑似问题线索；重复比对不会重复生成已有的线索。",
        request=None,
        responses={201: RunSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, batch_id: str) -> Response:
        batch = batch_get_for(actor=request.user, batch_id=batch_id)
        run: Run = crosscheck_run(actor=request.user, batch=batch)
        return Response(RunSerializer(run).data, status=201)
