"""低收入人口动态监测 API: alerts (list, detail, visit and outcome) and the register. Reads go through
:mod:`apps.monitoring.selectors`, writes through the services: outside the caller's area answers 404 like
a missing object."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import HasCapability, ScopedListMixin, error_responses, validated
from apps.core.clock import today
from apps.monitoring import selectors as sel
from apps.monitoring.models import Alert, OutcomeChoices, RuleChoices
from apps.monitoring.services import OutcomeInput, alert_close, alert_visit
from apps.registry.models import Household
from policy.roles import Capability

TAGS = ["低收入人口动态监测"]
ALERT_ID = OpenApiParameter("alert_id", int, OpenApiParameter.PATH, description="预警编号")


class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(read_only=True, help_text="预警编号，如 421303-2026-YJ-00123")
    rule = serializers.CharField()
    rule_label = serializers.CharField(source="get_rule_display")
    summary = serializers.CharField()
    household = serializers.IntegerField(source="household_id")
    village = serializers.CharField(source="area_id")
    township = serializers.CharField(source="township_id")
    raised_on = serializers.DateField()
    due_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()
    version = serializers.IntegerField()


class AlertDetailSerializer(AlertSerializer):
    evidence = serializers.DictField(child=serializers.CharField())
    visited_on = serializers.DateField(allow_null=True)
    visit_notes = serializers.CharField()
    outcome_reason = serializers.CharField()
    application = serializers.IntegerField(source="application_id", allow_null=True)


class AlertQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["open", "overdue", "closed", ""], required=False, default="open")
    rule = serializers.ChoiceField(choices=["", *RuleChoices.values], required=False, default="")
    township = serializers.CharField(required=False, default="", max_length=12)
    village = serializers.CharField(required=False, default="", max_length=12)


class OutcomeSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    visited_on = serializers.DateField(required=False, allow_null=True, default=None)
    visit_notes = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=OutcomeChoices.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    program = serializers.CharField(required=False, allow_blank=True, default="")
    applicant = serializers.IntegerField(required=False, allow_null=True, default=None)
    temporary_kind = serializers.CharField(required=False, allow_blank=True, default="")
    requested_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )


class RegisterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    village = serializers.CharField(source="area_id")
    address = serializers.CharField()
    is_urban = serializers.BooleanField()


class RegisterQuerySerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=["", *dict(sel.CATEGORIES)], required=False, default="")
    township = serializers.CharField(required=False, default="", max_length=12)
    village = serializers.CharField(required=False, default="", max_length=12)


class _View(GenericAPIView):
    permission_classes = [IsAuthenticated, HasCapability]


@extend_schema_view(
    get=extend_schema(
        operation_id="monitoring_alerts_list",
        summary="预警信息列表",
        tags=TAGS,
        parameters=[AlertQuerySerializer],
        responses={200: AlertSerializer(many=True), **error_responses(400, 401, 403)},
    )
)
class AlertListView(ScopedListMixin, _View):
    """预警信息列表。"""

    serializer_class = AlertSerializer
    model = Alert
    query_serializer = AlertQuerySerializer
    capabilities = {"GET": Capability.VIEW_MONITORING}

    def rows(self, params: dict[str, Any]) -> QuerySet[Alert]:
        return sel.alert_list_for(actor=self.request.user, on=today(), filters=sel.AlertFilter(**params))


class AlertDetailView(_View):
    """预警详情。"""

    serializer_class = AlertDetailSerializer
    capabilities = {"GET": Capability.VIEW_MONITORING}

    @extend_schema(
        operation_id="monitoring_alerts_retrieve",
        summary="预警详情",
        tags=TAGS,
        parameters=[ALERT_ID],
        responses={200: AlertDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, alert_id: str) -> Response:
        return Response(AlertDetailSerializer(sel.alert_get_for(actor=request.user, alert_id=alert_id)).data)


class AlertOutcomeView(_View):
    """处置预警：登记入户核实（未登记的）并办结。"""

    serializer_class = OutcomeSerializer
    capabilities = {"POST": Capability.HANDLE_ALERT}

    @extend_schema(
        operation_id="monitoring_alerts_outcome",
        summary="处置预警（启动救助或无需救助）",
        tags=TAGS,
        parameters=[ALERT_ID],
        description="乡镇(街道)登记主动发现入户核实情况并办结：启动救助时以村(社区)代办方式生成救助申请；"
        "无需救助的须写明理由。",
        request=OutcomeSerializer,
        responses={200: AlertDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, alert_id: str) -> Response:
        alert = sel.alert_get_for(actor=request.user, alert_id=alert_id)
        d = validated(OutcomeSerializer(data=request.data))
        version = d["version"]
        if alert.visited_on is None and (d["visited_on"] or d["visit_notes"]):
            alert = alert_visit(
                actor=request.user,
                alert=alert,
                visited_on=d["visited_on"],
                notes=d["visit_notes"],
                expected_version=version,
            )
            version = alert.version
        data = OutcomeInput(
            outcome=d["outcome"],
            reason=d["reason"],
            program=d["program"],
            applicant_id=d["applicant"],
            temporary_kind=d["temporary_kind"],
            requested_amount=d["requested_amount"],
        )
        alert = alert_close(actor=request.user, alert=alert, data=data, expected_version=version)
        return Response(AlertDetailSerializer(alert).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="monitoring_register_list",
        summary="低收入人口名册（家庭）",
        tags=TAGS,
        parameters=[RegisterQuerySerializer],
        responses={200: RegisterSerializer(many=True), **error_responses(400, 401, 403)},
    )
)
class RegisterListView(ScopedListMixin, _View):
    """低收入人口名册。"""

    serializer_class = RegisterSerializer
    model = Household
    query_serializer = RegisterQuerySerializer
    capabilities = {"GET": Capability.VIEW_MONITORING}

    def rows(self, params: dict[str, Any]) -> QuerySet[Household]:
        return sel.register_list_for(actor=self.request.user, filters=sel.RegisterFilter(**params))
