"""服务机构 API: the list and one facility with its capacity and state history, read through
:mod:`apps.facilities.selectors` (outside the caller's scope answers 404 like a missing one)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core import clock
from apps.core.api import HasCapability, ScopedListMixin, error_responses
from apps.facilities.choices import FacilityKind, FacilityStatus
from apps.facilities.models import Facility
from apps.facilities.selectors import (
    FacilityFilter,
    facility_capacity_history,
    facility_capacity_on,
    facility_get_for,
    facility_list_for,
    facility_states_for,
)
from policy.roles import Capability

TAGS = ["民政服务机构"]
FACILITY_ID = OpenApiParameter("facility_id", int, OpenApiParameter.PATH, description="服务机构的 id")


class FacilitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="机构编号，如 421303-2026-SS-00012")
    name = serializers.CharField()
    kind = serializers.CharField(help_text="代码，见 kind_label")
    kind_label = serializers.CharField(source="get_kind_display")
    area = serializers.CharField(source="area_id", help_text="所在乡镇(街道)或村(社区)的12位代码")
    address = serializers.CharField()
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, help_text="经度(WGS-84)"
    )
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=6, allow_null=True, help_text="纬度(WGS-84)"
    )
    coordinate_source = serializers.CharField()
    operator = serializers.IntegerField(
        source="operator_id", allow_null=True, help_text="运营主体（组织的 id）"
    )
    operating_mode = serializers.CharField(help_text="代码，见 operating_mode_label")
    state = serializers.CharField(help_text="代码，见 state_label")
    state_label = serializers.CharField(source="get_state_display")
    state_since = serializers.DateField()
    version = serializers.IntegerField()


class FacilityCapacitySerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="代码，见 kind_label")
    count = serializers.IntegerField()
    effective_from = serializers.DateField()
    note = serializers.CharField()


class FacilityStateSerializer(serializers.Serializer):
    state = serializers.CharField(help_text="代码，见 state_label")
    effective_on = serializers.DateField()
    reason = serializers.CharField()


class FacilityDetailSerializer(FacilitySerializer):
    served_villages = serializers.SerializerMethodField()
    capacity = serializers.SerializerMethodField()
    capacities = serializers.SerializerMethodField()
    states = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_served_villages(self, obj: Facility) -> list[str]:
        return sorted(obj.served_villages.values_list("code", flat=True))

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField(), help_text="今日各类容量"))
    def get_capacity(self, obj: Facility) -> dict[str, int]:
        return facility_capacity_on(facility=obj, on=clock.today())

    @extend_schema_field(FacilityCapacitySerializer(many=True))
    def get_capacities(self, obj: Facility) -> list[dict[str, Any]]:
        return FacilityCapacitySerializer(facility_capacity_history(facility=obj)[:200], many=True).data  # type: ignore[return-value]

    @extend_schema_field(FacilityStateSerializer(many=True))
    def get_states(self, obj: Facility) -> list[dict[str, Any]]:
        return FacilityStateSerializer(facility_states_for(facility=obj)[:100], many=True).data  # type: ignore[return-value]


class FacilityQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, max_length=50)
    kind = serializers.ChoiceField(choices=["", *FacilityKind.values], required=False, default="")
    state = serializers.ChoiceField(choices=["", *FacilityStatus.values], required=False, default="")
    area = serializers.RegexField(r"^(\d{12})?$", required=False, default="", allow_blank=True, max_length=12)
    operator = serializers.IntegerField(required=False, default=None, allow_null=True)


class _View(GenericAPIView):
    permission_classes = [IsAuthenticated, HasCapability]


@extend_schema_view(
    get=extend_schema(
        operation_id="facilities_list",
        summary="服务机构列表",
        tags=TAGS,
        parameters=[FacilityQuerySerializer],
        responses={200: FacilitySerializer(many=True), **error_responses(400, 401, 403)},
    )
)
class FacilityListView(ScopedListMixin, _View):
    """辖区内的服务机构，最近变动的在前；运营主体的工作人员只看到本组织运营的机构。"""

    serializer_class = FacilitySerializer
    model = Facility
    query_serializer = FacilityQuerySerializer
    capabilities = {"GET": Capability.VIEW_FACILITIES}

    def rows(self, params: dict[str, Any]) -> QuerySet[Facility]:
        filters = FacilityFilter(
            q=params["q"],
            kind=params["kind"],
            state=params["state"],
            area_code=params["area"],
            operator_id=params["operator"],
        )
        return facility_list_for(actor=self.request.user, filters=filters)


class FacilityDetailView(_View):
    """一个服务机构及其容量记录、状态记录。"""

    serializer_class = FacilityDetailSerializer
    capabilities = {"GET": Capability.VIEW_FACILITIES}

    @extend_schema(
        operation_id="facilities_retrieve",
        summary="服务机构详情",
        tags=TAGS,
        parameters=[FACILITY_ID],
        responses={200: FacilityDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, facility_id: str) -> Response:
        return Response(
            FacilityDetailSerializer(facility_get_for(actor=request.user, facility_id=facility_id)).data
        )
