"""组织 API: the list and one organisation, read through :mod:`apps.organisations.selectors` (outside the
caller's scope answers 404 like a missing one). The contact phone is masked, as in the lists."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import HasCapability, ScopedListMixin, error_responses
from apps.organisations.choices import OrganisationKind, OrganisationStatus
from apps.organisations.models import Organisation
from apps.organisations.selectors import (
    OrganisationFilter,
    organisation_get_for,
    organisation_list_for,
    organisation_states_for,
)
from policy.privacy import mask_phone
from policy.roles import Capability

TAGS = ["法人和其他组织"]
ORGANISATION_ID = OpenApiParameter("organisation_id", int, OpenApiParameter.PATH, description="组织的 id")


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="组织编号，如 421303-2026-ZZ-00012")
    name = serializers.CharField()
    kind = serializers.CharField(help_text="代码，见 kind_label")
    kind_label = serializers.CharField(source="get_kind_display")
    credit_code = serializers.CharField(allow_null=True, help_text="统一社会信用代码")
    area = serializers.CharField(source="area_id", help_text="住所所在区划的12位代码")
    state = serializers.CharField(help_text="代码，见 state_label")
    state_label = serializers.CharField(source="get_state_display")
    state_since = serializers.DateField()
    contact_phone = serializers.SerializerMethodField(help_text="联系电话（隐去中间四位）")
    version = serializers.IntegerField()

    def get_contact_phone(self, obj: Organisation) -> str:
        return mask_phone(obj.contact_phone)


class OrganisationStateSerializer(serializers.Serializer):
    state = serializers.CharField(help_text="代码，见 state_label")
    effective_on = serializers.DateField()
    reason = serializers.CharField()


class OrganisationDetailSerializer(OrganisationSerializer):
    registration_authority = serializers.CharField()
    address = serializers.CharField()
    legal_representative_name = serializers.CharField()
    legal_representative = serializers.IntegerField(source="legal_representative_id", allow_null=True)
    states = serializers.SerializerMethodField()

    @extend_schema_field(OrganisationStateSerializer(many=True))
    def get_states(self, obj: Organisation) -> list[dict[str, Any]]:
        return OrganisationStateSerializer(organisation_states_for(organisation=obj)[:100], many=True).data  # type: ignore[return-value]


class OrganisationQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, max_length=50)
    kind = serializers.ChoiceField(choices=["", *OrganisationKind.values], required=False, default="")
    state = serializers.ChoiceField(choices=["", *OrganisationStatus.values], required=False, default="")
    area = serializers.RegexField(r"^(\d{12})?$", required=False, default="", allow_blank=True, max_length=12)


class _View(GenericAPIView):
    permission_classes = [IsAuthenticated, HasCapability]


@extend_schema_view(
    get=extend_schema(
        operation_id="organisations_list",
        summary="组织列表",
        tags=TAGS,
        parameters=[OrganisationQuerySerializer],
        responses={200: OrganisationSerializer(many=True), **error_responses(400, 401, 403)},
    )
)
class OrganisationListView(ScopedListMixin, _View):
    """辖区内的组织，最近变动的在前；组织自己的工作人员只看到本组织。"""

    serializer_class = OrganisationSerializer
    model = Organisation
    query_serializer = OrganisationQuerySerializer
    capabilities = {"GET": Capability.VIEW_ORGANISATIONS}

    def rows(self, params: dict[str, Any]) -> QuerySet[Organisation]:
        filters = OrganisationFilter(
            q=params["q"], kind=params["kind"], state=params["state"], area_code=params["area"]
        )
        return organisation_list_for(actor=self.request.user, filters=filters)


class OrganisationDetailView(_View):
    """一个组织及其状态记录。"""

    serializer_class = OrganisationDetailSerializer
    capabilities = {"GET": Capability.VIEW_ORGANISATIONS}

    @extend_schema(
        operation_id="organisations_retrieve",
        summary="组织详情",
        tags=TAGS,
        parameters=[ORGANISATION_ID],
        responses={200: OrganisationDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, organisation_id: str) -> Response:
        organisation = organisation_get_for(actor=request.user, organisation_id=organisation_id)
        return Response(OrganisationDetailSerializer(organisation).data)
