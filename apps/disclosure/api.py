"""政府信息公开工作年度报告 API: read and write one county's report on one year, run the checks on a body
without saving, generate the files, and download them. Every read goes through
:mod:`apps.disclosure.selectors` and every write through the services, so a county outside the caller's
area answers 404 exactly like a county that does not exist."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import HasCapability, error_responses, validated
from apps.disclosure.models import DisclosureReport, FileFormat
from apps.disclosure.selectors import files_for, report_get_for, template_of
from apps.disclosure.services import disclosure_file_open, disclosure_generate, disclosure_save
from policy.disclosure import ReportData, report_check
from policy.errors import NotFound
from policy.roles import Capability

TAGS = ["政府信息公开年报"]
PARAMS = [
    OpenApiParameter("county", str, OpenApiParameter.PATH, description="县(市、区)区划代码，6位或12位"),
    OpenApiParameter("year", int, OpenApiParameter.PATH, description="报告年度，2019年度起"),
]
FILE_ID = OpenApiParameter("file_id", int, OpenApiParameter.PATH, description="报告文件编号")


class FailureSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="规则代码，如 t3.balance.natural；format 为填写格式，text 为正文")
    where = serializers.CharField(help_text="位置，如“表三 第（七）项总计 / 自然人列”")
    rule = serializers.CharField(help_text="规则（中文）")
    message = serializers.CharField(help_text="可直接展示的中文说明，含两边的数值")
    cell = serializers.CharField(help_text="所指单元格代码（或正文代码）")
    cells = serializers.ListField(child=serializers.CharField(), help_text="涉及的全部单元格代码")


class FileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    format = serializers.CharField(help_text="docx、html 或 xlsx")
    filename = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField(help_text="字节数")
    report_version = serializers.IntegerField(help_text="生成时的数据版本")
    created_by = serializers.CharField(allow_null=True, help_text="生成人；命令行生成为空")
    created_at = serializers.DateTimeField()


class ReportSerializer(serializers.Serializer):
    county = serializers.CharField(source="county_id", help_text="县(市、区)12位区划代码")
    county_name = serializers.CharField(source="county.name")
    year = serializers.IntegerField(help_text="报告年度")
    template = serializers.CharField(help_text="报告格式：2021 或 2019（试行），由年度决定")
    template_name = serializers.CharField()
    basis = serializers.CharField(help_text="格式依据的通知文号")
    organ = serializers.CharField(help_text="机关名称")
    version = serializers.IntegerField(help_text="数据版本；0 表示尚未录入。保存时回传，防止覆盖他人的修改")
    texts = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="正文：overview 一、总体情况；problems 五、存在的主要问题及改进情况；"
        "other 六、其他需要报告的事项",
    )
    cells = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="单元格代码 → 数值（文本）"
    )
    cell_names = serializers.DictField(child=serializers.CharField(), help_text="单元格代码 → 中文位置名称")
    failures = FailureSerializer(many=True, help_text="当前未通过的校验；为空时可以生成报告")
    files = FileSerializer(many=True, help_text="已生成的文件")


class ReportWriteSerializer(serializers.Serializer):
    organ = serializers.CharField(max_length=100, help_text="机关名称，如“曾都区民政局”")
    texts = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        required=False,
        default=dict,
        help_text="正文：overview、problems、other",
    )
    cells = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="单元格代码 → 数值；整表替换，未给出的单元格按空（0）保存",
    )
    version = serializers.IntegerField(
        required=False, help_text="所修改的数据版本（GET 所得）；不符时返回409"
    )


class CheckSerializer(ReportWriteSerializer):
    organ = serializers.CharField(max_length=100, required=False, default="", help_text="机关名称")


class CheckResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text="全部校验通过")
    failures = FailureSerializer(many=True)


class GenerateSerializer(serializers.Serializer):
    format = serializers.ChoiceField(
        choices=FileFormat.choices, default=FileFormat.DOCX, help_text="文件格式"
    )


def _year(raw: str) -> int:
    if not raw.isdigit():
        raise NotFound()
    return int(raw)


def _report_data(actor: Any, report: DisclosureReport) -> dict[str, Any]:
    template = template_of(report)
    failures = (
        report_check(
            template,
            ReportData(year=report.year, organ=report.organ, texts=report.texts, cells=report.cells),
        )
        if report.pk
        else []
    )
    data = {
        "county_id": report.county_id,
        "county": report.county,
        "year": report.year,
        "template": template.code,
        "template_name": template.name,
        "basis": template.basis,
        "organ": report.organ,
        "version": report.version,
        "texts": {s.text_key: str(report.texts.get(s.text_key, "")) for s in template.text_sections},
        "cells": {key: str(report.cells.get(key, "")) for key in template.specs},
        "cell_names": {key: spec.full_name for key, spec in template.specs.items()},
        "failures": failures,
        "files": [_file(f) for f in files_for(actor=actor, report=report)],
    }
    return dict(ReportSerializer(data).data)


def _file(made: Any) -> dict[str, Any]:
    return {
        "id": made.pk,
        "format": made.format,
        "filename": made.filename,
        "sha256": made.sha256,
        "size": made.size,
        "report_version": made.report_version,
        "created_by": str(made.created_by) if made.created_by_id else None,
        "created_at": made.created_at,
    }


class ReportView(GenericAPIView):
    """一个县一个年度的政府信息公开年报。"""

    serializer_class = ReportSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_DISCLOSURE, "PUT": Capability.MANAGE_DISCLOSURE}

    @extend_schema(
        operation_id="disclosure_retrieve",
        summary="读取年度报告",
        tags=TAGS,
        parameters=PARAMS,
        description="正文、全部单元格、当前校验结果和已生成的文件。尚未录入的年度返回空表（version 为 0）。",
        responses={200: ReportSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, county: str, year: str) -> Response:
        report = report_get_for(actor=request.user, county_code=county, year=_year(year))
        return Response(_report_data(request.user, report))

    @extend_schema(
        operation_id="disclosure_update",
        summary="保存年度报告（草稿）",
        tags=TAGS,
        parameters=PARAMS,
        description="整表保存。无法识别的数值（非数字、负数、件数带小数、金额超过两位小数）返回400并逐格列出，"
        "不保存；勾稽关系不符可以保存为草稿，见返回的 failures。version 不符返回409。",
        request=ReportWriteSerializer,
        responses={200: ReportSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def put(self, request: Request, county: str, year: str) -> Response:
        report = report_get_for(actor=request.user, county_code=county, year=_year(year))
        d = validated(ReportWriteSerializer(data=request.data))
        saved = disclosure_save(
            actor=request.user,
            county=report.county,
            year=report.year,
            organ=d["organ"],
            texts=d["texts"],
            cells=d["cells"],
            expected_version=d.get("version"),
        )
        return Response(_report_data(request.user, saved))


class CheckView(GenericAPIView):
    """校验年度报告数据（不保存）。"""

    serializer_class = CheckSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"POST": Capability.VIEW_DISCLOSURE}

    @extend_schema(
        operation_id="disclosure_check",
        summary="校验年度报告数据",
        tags=TAGS,
        parameters=PARAMS,
        description="对请求中的数据运行生成前的全部校验并返回结果，不保存任何数据。",
        request=CheckSerializer,
        responses={200: CheckResultSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, county: str, year: str) -> Response:
        report = report_get_for(actor=request.user, county_code=county, year=_year(year))
        d = validated(CheckSerializer(data=request.data))
        failures = report_check(
            template_of(report),
            ReportData(year=report.year, organ=d["organ"], texts=d["texts"], cells=d["cells"]),
        )
        return Response(CheckResultSerializer({"ok": not failures, "failures": failures}).data)


class GenerateView(GenericAPIView):
    """生成年度报告文件。"""

    serializer_class = GenerateSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"POST": Capability.MANAGE_DISCLOSURE}

    @extend_schema(
        operation_id="disclosure_generate",
        summary="生成年度报告文件",
        tags=TAGS,
        parameters=PARAMS,
        description="先运行全部校验：未通过时返回400，fields 按单元格代码列出每处问题，不生成文件；"
        "通过时生成 DOCX、HTML 或 XLSX 文件，记录SHA-256并留痕。",
        request=GenerateSerializer,
        responses={201: FileSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, county: str, year: str) -> Response:
        report = report_get_for(actor=request.user, county_code=county, year=_year(year))
        d = validated(GenerateSerializer(data=request.data))
        made = disclosure_generate(actor=request.user, report=report, fmt=d["format"])
        return Response(FileSerializer(_file(made)).data, status=201)


class FileView(GenericAPIView):
    """下载年度报告文件。"""

    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_DISCLOSURE}

    @extend_schema(
        operation_id="disclosure_file",
        summary="下载年度报告文件",
        tags=TAGS,
        parameters=[FILE_ID],
        description="按生成时记录的SHA-256核对后下载，下载留痕；文件被改动时返回409。",
        responses={
            200: OpenApiResponse(OpenApiTypes.BINARY, description="文件内容"),
            **error_responses(401, 403, 404, 409),
        },
    )
    def get(self, request: Request, file_id: str) -> FileResponse:
        stored = disclosure_file_open(actor=request.user, file_id=file_id)
        return FileResponse(
            stored.path.open("rb"),
            content_type=stored.content_type,
            filename=stored.filename,
            as_attachment=True,
        )
