"""目标管理 API: a county's year targets with their progress — the same as the page and the report
(:func:`apps.targets.selectors.year_progress`); a county outside the caller's area answers 404 like a
missing one."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import HasCapability, error_responses
from apps.targets.selectors import county_get_for, year_progress
from policy.errors import NotFound
from policy.roles import Capability


class TargetRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="target.pk")
    level = serializers.CharField(
        source="target.level", help_text="province 省级 · city 市级 · county 区级民生实事"
    )
    level_label = serializers.CharField(source="target.get_level_display")
    seq = serializers.IntegerField(source="target.seq")
    name = serializers.CharField(source="target.name")
    unit = serializers.CharField(source="target.unit")
    direction = serializers.CharField(source="target.direction", help_text="gte ≥ · lte ≤ · eq =")
    target_value = serializers.DecimalField(source="target.target_value", max_digits=16, decimal_places=2)
    measure = serializers.CharField(source="target.measure", help_text="绑定的系统数据；空为人工填报")
    actual = serializers.DecimalField(
        source="progress.actual", max_digits=16, decimal_places=2, allow_null=True, help_text="实际值"
    )
    as_of = serializers.DateField(source="progress.as_of", allow_null=True, help_text="实际值截至日期")
    completion = serializers.DecimalField(
        source="progress.completion",
        max_digits=10,
        decimal_places=1,
        allow_null=True,
        help_text="完成进度(%)",
    )
    status = serializers.SerializerMethodField(help_text="met 达成 · not_met 未达成 · in_progress 进行中")
    status_label = serializers.SerializerMethodField()
    reason = serializers.CharField(source="progress.reason")
    source_note = serializers.CharField(source="note", help_text="数据来源或无值的原因")
    has_evidence = serializers.SerializerMethodField(help_text="人工填报的指标是否已上传佐证材料")

    def get_status(self, row: Any) -> str:
        return str(row.progress.status.value)

    def get_status_label(self, row: Any) -> str:
        return str(row.progress.status.label)

    def get_has_evidence(self, row: Any) -> bool:
        return bool(row.target.evidence_path)


class TargetProgressSerializer(serializers.Serializer):
    county = serializers.CharField()
    county_name = serializers.CharField()
    year = serializers.IntegerField()
    as_of = serializers.DateField(allow_null=True)
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="状态 → 项数")
    targets = TargetRowSerializer(many=True)


class ProgressView(GenericAPIView):
    """目标管理完成情况。"""

    serializer_class = TargetProgressSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_TARGETS}

    @extend_schema(
        operation_id="targets_progress",
        summary="目标管理完成情况",
        tags=["目标管理"],
        description="一个县（区）一个年度的省级、市级、区级民生实事目标，及各指标的实际值、完成进度和状态。"
        "绑定系统数据的指标按当日数据计算，其余为人工填报。",
        responses={200: TargetProgressSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, county: str, year: str) -> Response:
        area = county_get_for(actor=request.user, code=county)
        if not year.isdigit():
            raise NotFound()
        progress = year_progress(actor=request.user, county=area, year=int(year))
        data = {
            "county": area.code,
            "county_name": area.name,
            "year": progress.year,
            "as_of": progress.as_of,
            "counts": progress.counts(),
            "targets": progress.rows,
        }
        return Response(TargetProgressSerializer(data).data)
