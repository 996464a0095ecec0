"""待办 through the API: ``GET /api/v1/inbox/``, the same groups as the page (apps/workbench/views/inbox.py),
office after office, in one list."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import error_responses
from apps.core.permissions import ReadOnlyRolesRefused
from apps.workbench.selectors.inbox import inbox_for

TAGS = ["社会救助"]  # the one office with 待办 today; the schema keeps the tag it always had


class InboxItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.SerializerMethodField(
        help_text="业务编号（受理编号、保障编号、发放批次号等）；无编号的为空"
    )
    days_late = serializers.IntegerField(help_text="逾期的工作日数，未逾期为0")

    def get_number(self, row: object) -> str:
        # A row of any office: an application, a case, a payroll, a lead… have a business number; an
        # account or a hold has none (docs/ui.md §1).
        return str(getattr(row, "number", "") or "")


class InboxGroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField(
        help_text=(
            "application（申请）、case（在保对象）、online（网上申请）、account（网上办事账号核实）、"
            "payroll（发放表）、hold（暂缓发放）、lead（比对线索）或 alert（监测预警）"
        )
    )
    total = serializers.IntegerField()
    overdue = serializers.IntegerField()
    items = InboxItemSerializer(many=True, source="rows")


class InboxSerializer(serializers.Serializer):
    groups = InboxGroupSerializer(many=True)


class InboxView(GenericAPIView):
    """待办。"""

    serializer_class = InboxSerializer
    permission_classes = [IsAuthenticated, ReadOnlyRolesRefused]

    @extend_schema(
        operation_id="assistance_inbox",
        summary="待办",
        tags=TAGS,
        description="按角色列出辖区内等待本人办理的事项：村(社区)为待补正和公示中，乡镇为待受理至待公示、"
        "异议复查和定期核查到期，审核确认机关为公示期满待审核确认和渐退期满；每组最多50条，期限最近的在前。",
        responses={200: InboxSerializer, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        groups = [group for office in inbox_for(actor=request.user) for group in office.groups]
        return Response(InboxSerializer({"groups": groups}).data)
