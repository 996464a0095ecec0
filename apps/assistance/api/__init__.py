"""The API of social assistance: applications with their assessment trace and steps, and cases with
their changes (the caller's 待办, which joins several apps, is the workbench's: apps/workbench/api/inbox.py).
Every read goes through :mod:`apps.assistance.selectors`, so an application or case outside the caller's
area answers 404 exactly like a missing one.

Case changes (调整, 暂停, 停发, 恢复, 退出, 渐退: apps/workbench/api/cases.py, as they settle money too) and
the ordinary steps of an application (受理, 核对, 入户调查, 公示, 审核确认, :mod:`.steps`) are taken over
the API too; the rarer steps (补正, 异议, 复查, 先行救助, 撤回) in the web pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.assistance.choices import CaseStatusChoices, Program, StateChoices
from apps.assistance.models import Application, Case
from apps.assistance.selectors import (
    ApplicationFilter,
    CaseFilter,
    application_get_for,
    application_list_for,
    case_get_for,
    case_list_for,
)
from apps.core.api import HasCapability, ScopedListMixin, error_responses
from apps.core.clock import today
from policy.privacy import mask_id_number
from policy.roles import Capability

TAGS = ["社会救助"]
APPLICATION_ID = OpenApiParameter("application_id", int, OpenApiParameter.PATH, description="申请编号")
CASE_ID = OpenApiParameter("case_id", int, OpenApiParameter.PATH, description="在保对象编号")


class ApplicationSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(read_only=True, help_text="受理编号，如 421303-2026-DB-00123")
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    program = serializers.CharField(help_text="救助项目代码，如 dibao")
    program_label = serializers.CharField(source="get_program_display")
    state = serializers.CharField()
    state_label = serializers.CharField()
    applicant_name = serializers.CharField(source="applicant.name")
    household = serializers.IntegerField(source="household_id")
    area = serializers.CharField(source="area_id", help_text="村(社区)代码")
    area_name = serializers.CharField(source="area.name")
    submitted_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True, help_text="本环节办结期限（工作日计）")
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, obj: Application) -> bool:
        return bool(obj.due_on and obj.due_on < today() and not obj.is_final)


class EventSerializer(serializers.Serializer):
    step = serializers.CharField()
    step_label = serializers.CharField(source="get_step_display")
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    on = serializers.DateField()
    actor_name = serializers.CharField()
    note = serializers.CharField()


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    number = serializers.CharField()
    issued_on = serializers.DateField()


class ApplicationDetailSerializer(ApplicationSummarySerializer):
    version = serializers.IntegerField(help_text="办理下一环节时传回，防止覆盖他人的办理")
    channel = serializers.CharField()
    reason = serializers.CharField()
    documents_received = serializers.ListField(child=serializers.CharField())
    assessment = serializers.JSONField(allow_null=True, help_text="家庭经济状况核对结果及计算过程（trace）")
    eligible = serializers.BooleanField(allow_null=True)
    proposed_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    survey_findings = serializers.CharField()
    investigators = serializers.ListField(child=serializers.CharField())
    surveyed_on = serializers.DateField(allow_null=True)
    publicity_start = serializers.DateField(allow_null=True)
    publicity_end = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    decision_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    start_month = serializers.DateField(allow_null=True)
    refusal_reasons = serializers.CharField()
    events = EventSerializer(many=True, source="events.all")
    notices = NoticeSerializer(many=True, source="notices.all")


class ApplicationQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[("open", "在办"), *StateChoices.choices], required=False, help_text="状态；open 为全部在办"
    )
    program = serializers.ChoiceField(choices=Program.choices, required=False)
    area = serializers.CharField(required=False, help_text="辖区内任一区划代码")
    overdue = serializers.BooleanField(required=False, help_text="只看已逾期的")


class CaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(read_only=True, help_text="保障编号，如 421303-2026-DBZ-00123")
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    program = serializers.CharField()
    program_label = serializers.CharField(source="get_program_display")
    status = serializers.CharField()
    status_label = serializers.CharField()
    household = serializers.IntegerField(source="household_id")
    area = serializers.CharField(source="area_id")
    monthly_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    start_month = serializers.DateField()
    end_month = serializers.DateField(allow_null=True)
    next_review_on = serializers.DateField(allow_null=True)


class CoveredSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    id_number = serializers.SerializerMethodField(help_text="已脱敏")

    def get_id_number(self, obj: Any) -> str:
        return mask_id_number(obj.id_number)


class CaseEventSerializer(serializers.Serializer):
    change = serializers.CharField()
    change_label = serializers.CharField(source="get_change_display")
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    reason_label = serializers.CharField()
    reason = serializers.CharField()
    amount_before = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    amount_after = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    effective_month = serializers.DateField(allow_null=True)
    on = serializers.DateField()
    actor_name = serializers.CharField()


class CaseDetailSerializer(CaseSummarySerializer):
    version = serializers.IntegerField(help_text="变更时传回，防止覆盖他人的变更")
    application = serializers.IntegerField(source="application_id", allow_null=True)
    covered = CoveredSerializer(many=True, source="covered.all")
    phase_out = serializers.JSONField(help_text="渐退安排：[[月份, 金额], …]")
    review_irregular = serializers.BooleanField()
    last_review_on = serializers.DateField(allow_null=True)
    events = CaseEventSerializer(many=True, source="events.all")


class CaseQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatusChoices.choices, required=False)
    program = serializers.ChoiceField(choices=Program.choices, required=False)
    area = serializers.CharField(required=False)
    review_due = serializers.BooleanField(required=False, help_text="只看定期核查已到期的")


@extend_schema_view(
    get=extend_schema(
        operation_id="applications_list",
        summary="救助申请列表",
        tags=TAGS,
        description="辖区内的救助申请，新申请在前。",
        parameters=[ApplicationQuerySerializer],
        responses={200: ApplicationSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
)
class ApplicationListView(ScopedListMixin, GenericAPIView):
    """救助申请列表。"""

    serializer_class = ApplicationSummarySerializer
    model = Application
    query_serializer = ApplicationQuerySerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_REGISTRY}

    def rows(self, params: dict[str, Any]) -> QuerySet[Application]:
        filters = ApplicationFilter(
            state=params.get("state", ""),
            program=params.get("program", ""),
            area_code=params.get("area", ""),
            overdue=params.get("overdue", False),
        )
        return application_list_for(actor=self.request.user, filters=filters)


class ApplicationDetailView(GenericAPIView):
    """救助申请详情。"""

    serializer_class = ApplicationDetailSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_REGISTRY}

    @extend_schema(
        operation_id="applications_retrieve",
        summary="救助申请详情",
        tags=TAGS,
        parameters=[APPLICATION_ID],
        description="申请的各环节情况、家庭经济状况核对结果及其计算过程、办理记录和告知文书。",
        responses={200: ApplicationDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, application_id: str) -> Response:
        app = application_get_for(actor=request.user, application_id=application_id)
        return Response(self.get_serializer(app).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="cases_list",
        summary="在保对象列表",
        tags=TAGS,
        description="辖区内的在保对象，按村(社区)排列。",
        parameters=[CaseQuerySerializer],
        responses={200: CaseSummarySerializer(many=True), **error_responses(400, 401, 403)},
    )
)
class CaseListView(ScopedListMixin, GenericAPIView):
    """在保对象列表。"""

    serializer_class = CaseSummarySerializer
    model = Case
    query_serializer = CaseQuerySerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_REGISTRY}

    def rows(self, params: dict[str, Any]) -> QuerySet[Case]:
        filters = CaseFilter(
            status=params.get("status", ""),
            program=params.get("program", ""),
            area_code=params.get("area", ""),
            review_due=params.get("review_due", False),
        )
        return case_list_for(actor=self.request.user, filters=filters)


class CaseDetailView(GenericAPIView):
    """在保对象详情。"""

    serializer_class = CaseDetailSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_REGISTRY}

    @extend_schema(
        operation_id="cases_retrieve",
        summary="在保对象详情",
        tags=TAGS,
        parameters=[CASE_ID],
        description="保障金额、保障成员（身份号码已脱敏）、渐退安排、定期核查日期和全部变更记录。",
        responses={200: CaseDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, case_id: str) -> Response:
        return Response(self.get_serializer(case_get_for(actor=request.user, case_id=case_id)).data)
