"""Household endpoints: list and create, detail and edit, history.

Reads go through :mod:`apps.registry.selectors` (so a household outside the caller's area answers 404
exactly like a missing one) and writes through :mod:`apps.registry.services.households`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import HasCapability, ScopedListMixin, error_responses, validated
from apps.core.models import AuditLog
from apps.registry.api.household_serializers import (
    HistorySerializer,
    HouseholdCreateSerializer,
    HouseholdDetailSerializer,
    HouseholdQuerySerializer,
    HouseholdSummarySerializer,
    HouseholdWriteSerializer,
)
from apps.registry.models import Household
from apps.registry.selectors import (
    HouseholdFilter,
    household_get_for,
    household_history_for,
    household_list_for,
    household_members,
    person_get_for,
)
from apps.registry.services.households import HouseholdInput, NewMember, household_create, household_update
from apps.registry.services.persons import PersonInput
from policy.errors import NotFound, ValidationFailed
from policy.roles import Capability

TAGS = ["家庭"]
HOUSEHOLD_ID = OpenApiParameter("household_id", int, OpenApiParameter.PATH, description="家庭编号")


def household_detail(*, actor: Any, household_id: int | str) -> Household:
    """The household with the rows its detail shows, fetched through the scoped selector."""
    household = household_get_for(actor=actor, household_id=household_id)
    household.current_members = list(household_members(household=household))  # type: ignore[attr-defined]
    household.income_rows = list(  # type: ignore[attr-defined]
        household.incomes.select_related("person").order_by("-period_start", "-id")
    )
    household.asset_rows = list(household.assets.select_related("owner").order_by("asset_type", "id"))  # type: ignore[attr-defined]
    return household


def _person_input(values: dict[str, Any], *, default_area: str) -> PersonInput:
    """A :class:`PersonInput` from a member's validated fields; 户籍 defaults to the household's village."""
    care = values.get("care")
    return PersonInput(
        name=values["name"],
        id_number=values["id_number"],
        hukou_area_code=values.get("hukou_area") or default_area,
        ethnicity=values.get("ethnicity", "汉族"),
        phone=values.get("phone", ""),
        birth_date=values.get("birth_date"),
        sex=values.get("sex", ""),
        residence_area_code=values.get("residence_area", ""),
        residence_address=values.get("residence_address", ""),
        disability_category=values.get("disability_category", ""),
        disability_grade=values.get("disability_grade"),
        disability_cert_no=values.get("disability_cert_no", ""),
        care=dict(care) if care else {},
        care_assessed_on=values.get("care_assessed_on"),
        serious_illness=values.get("serious_illness", False),
        illness_note=values.get("illness_note", ""),
        employment=values.get("employment", ""),
        death_date=values.get("death_date"),
    )


def _members(*, actor: Any, rows: list[dict[str, Any]], area_code: str) -> list[NewMember]:
    """New or registered members; a registered one is fetched in the caller's area, like any read."""
    members: list[NewMember] = []
    errors: dict[str, list[str]] = {}
    for index, row in enumerate(rows):
        if "person_id" in row:
            try:
                person = person_get_for(actor=actor, person_id=row["person_id"])
            except NotFound:
                errors[f"members-{index}-person_id"] = ["人员不存在或不在您的辖区内"]
                continue
            members.append(NewMember(relation=row["relation"], person=person))
        else:
            members.append(
                NewMember(relation=row["relation"], data=_person_input(row, default_area=area_code))
            )
    if errors:
        raise ValidationFailed(errors)
    return members


@extend_schema_view(
    get=extend_schema(
        operation_id="households_list",
        summary="家庭列表",
        tags=TAGS,
        description="辖区内的家庭，新登记的在前；户主身份号码和电话已脱敏。",
        parameters=[HouseholdQuerySerializer],
        responses={200: HouseholdSummarySerializer(many=True), **error_responses(400, 401)},
    )
)
class HouseholdListView(ScopedListMixin, GenericAPIView):
    """家庭列表与新建家庭。"""

    serializer_class = HouseholdSummarySerializer
    model = Household
    query_serializer = HouseholdQuerySerializer
    permission_classes = [IsAuthenticated, HasCapability]
    parser_classes = [JSONParser]
    capabilities = {"POST": Capability.EDIT_REGISTRY}

    def rows(self, params: dict[str, Any]) -> QuerySet[Household]:
        state = params.get("status", "active")
        filters = HouseholdFilter(
            q=params.get("q", ""),
            area_code=params.get("area", ""),
            is_urban=params.get("is_urban"),
            status="" if state == "all" else state,
            has_disabled=params.get("has_disabled", False),
            has_elderly_since=params["has_elderly_since"].isoformat()
            if params.get("has_elderly_since")
            else "",
        )
        return household_list_for(actor=self.request.user, filters=filters)

    @extend_schema(
        operation_id="households_create",
        summary="新建家庭（含成员）",
        tags=TAGS,
        description="一次建立家庭及其全部成员：要么全部成功，要么什么都不保存。每个成员可以是新登记的人员，"
        "也可以是已登记且目前不在任何家庭中的人员（person_id）。身份号码已登记时，错误说明该人员现在何处。",
        request=HouseholdCreateSerializer,
        responses={201: HouseholdDetailSerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = validated(HouseholdCreateSerializer(data=request.data))
        household = household_create(
            actor=request.user,
            data=HouseholdInput(
                area_code=data["area"],
                address=data["address"],
                is_urban=data.get("is_urban"),
                account_type=data.get("account_type", "bank"),
                bank_name=data.get("bank_name", ""),
                account_number=data.get("account_number", ""),
                account_holder=data.get("account_holder", ""),
            ),
            members=_members(actor=request.user, rows=data["members"], area_code=data["area"]),
        )
        detail = household_detail(actor=request.user, household_id=household.pk)
        return Response(HouseholdDetailSerializer(detail).data, status=status.HTTP_201_CREATED)


class HouseholdDetailView(GenericAPIView):
    """家庭详情与修改。"""

    serializer_class = HouseholdDetailSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    parser_classes = [JSONParser]
    capabilities = {"PATCH": Capability.EDIT_REGISTRY}

    @extend_schema(
        operation_id="households_retrieve",
        summary="家庭详情",
        tags=TAGS,
        parameters=[HOUSEHOLD_ID],
        description="家庭信息、现有成员（户主在前）、收入和财产。",
        responses={200: HouseholdDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, household_id: str) -> Response:
        return Response(
            self.get_serializer(household_detail(actor=request.user, household_id=household_id)).data
        )

    @extend_schema(
        operation_id="households_partial_update",
        summary="修改家庭信息",
        tags=TAGS,
        parameters=[HOUSEHOLD_ID],
        description="只修改请求中给出的字段。更换所在村(社区)而未给出 is_urban 时，"
        "城乡属性取新村(社区)的默认值。成员的变动不在此接口。",
        request=HouseholdWriteSerializer,
        responses={200: HouseholdDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, household_id: str) -> Response:
        household = household_get_for(actor=request.user, household_id=household_id)
        data = validated(HouseholdWriteSerializer(data=request.data, partial=True))
        moved = "area" in data and data["area"] != household.area_id
        household_update(
            actor=request.user,
            household=household,
            data=HouseholdInput(
                area_code=data.get("area", household.area_id),
                address=data.get("address", household.address),
                is_urban=data.get("is_urban", None if moved else household.is_urban),
                account_type=data.get("account_type", household.account_type),
                bank_name=data.get("bank_name", household.bank_name),
                account_number=data.get("account_number", household.account_number),
                account_holder=data.get("account_holder", household.account_holder),
            ),
        )
        return Response(
            self.get_serializer(household_detail(actor=request.user, household_id=household.pk)).data
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="households_history",
        summary="家庭历史",
        tags=TAGS,
        parameters=[HOUSEHOLD_ID],
        description="与该家庭及其成员有关的全部操作记录，最新的在前。记录只读，不能修改或删除。",
        responses={200: HistorySerializer(many=True), **error_responses(401, 404)},
    )
)
class HouseholdHistoryView(ScopedListMixin, GenericAPIView):
    """家庭的审计历史。"""

    serializer_class = HistorySerializer
    model = AuditLog

    def parent_get(self) -> Household:
        return household_get_for(actor=self.request.user, household_id=self.kwargs["household_id"])

    def rows(self, params: dict[str, Any]) -> QuerySet[AuditLog]:
        return household_history_for(actor=self.request.user, household=self.parent)
