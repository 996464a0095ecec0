"""Person endpoints: search, detail, edit, and revealing a full ID number or phone (audited).

Reads go through :mod:`apps.registry.selectors`; writes and reveals through
:mod:`apps.registry.services.persons`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import HasCapability, ScopedListMixin, error_responses, validated
from apps.registry.api.person_serializers import (
    PersonDetailSerializer,
    PersonQuerySerializer,
    PersonSummarySerializer,
    PersonWriteSerializer,
    RevealResultSerializer,
    RevealSerializer,
)
from apps.registry.models import Person
from apps.registry.selectors import person_current_membership, person_get_for, person_list_for
from apps.registry.services.persons import person_input_from, person_reveal, person_update
from policy.roles import Capability

TAGS = ["人员"]
PERSON_ID = OpenApiParameter("person_id", int, OpenApiParameter.PATH, description="人员编号")
_AREA_FIELDS = {"hukou_area": "hukou_area_code", "residence_area": "residence_area_code"}


def person_detail(*, actor: Any, person_id: int | str) -> Person:
    """The person with their current household and relation, fetched through the scoped selector."""
    person = person_get_for(actor=actor, person_id=person_id)
    membership = person_current_membership(person=person)
    person.household_id = membership.household_id if membership else None  # type: ignore[attr-defined]
    person.relation = membership.relation if membership else None  # type: ignore[attr-defined]
    return person


@extend_schema_view(
    get=extend_schema(
        operation_id="persons_list",
        summary="人员查询",
        tags=TAGS,
        description="按姓名（从开头匹配）或身份号码（全部或前几位）查询辖区内的人员；身份号码和电话已脱敏。",
        parameters=[PersonQuerySerializer],
        responses={200: PersonSummarySerializer(many=True), **error_responses(400, 401)},
    )
)
class PersonListView(ScopedListMixin, GenericAPIView):
    """人员查询。"""

    serializer_class = PersonSummarySerializer
    model = Person
    query_serializer = PersonQuerySerializer

    def rows(self, params: dict[str, Any]) -> QuerySet[Person]:
        return person_list_for(
            actor=self.request.user, q=params.get("q", ""), area_code=params.get("area", "")
        )


class PersonDetailView(GenericAPIView):
    """人员详情与修改。"""

    serializer_class = PersonDetailSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    parser_classes = [JSONParser]
    capabilities = {"PATCH": Capability.EDIT_REGISTRY}

    @extend_schema(
        operation_id="persons_retrieve",
        summary="人员详情",
        tags=TAGS,
        parameters=[PERSON_ID],
        description="身份号码和电话已脱敏，出生日期以年龄代替；完整号码请调用 reveal 接口。",
        responses={200: PersonDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, person_id: str) -> Response:
        return Response(self.get_serializer(person_detail(actor=request.user, person_id=person_id)).data)

    @extend_schema(
        operation_id="persons_partial_update",
        summary="修改人员信息",
        tags=TAGS,
        parameters=[PERSON_ID],
        description="只修改请求中给出的字段；修改后的整条记录须符合全部规则（如身份号码校验位、残疾类别与等级同时填写）。",
        request=PersonWriteSerializer,
        responses={200: PersonDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def patch(self, request: Request, person_id: str) -> Response:
        person = person_get_for(actor=request.user, person_id=person_id)
        data = validated(PersonWriteSerializer(data=request.data, partial=True))
        current = person_input_from(person)
        for key, value in data.items():
            if key == "care":
                current.care = {**current.care, **value}
            elif key in _AREA_FIELDS:
                setattr(current, _AREA_FIELDS[key], value or "")
            else:
                setattr(current, key, value)
        person_update(actor=request.user, person=person, data=current)
        return Response(self.get_serializer(person_detail(actor=request.user, person_id=person.pk)).data)


class PersonRevealView(GenericAPIView):
    """查看完整身份号码或电话。"""

    serializer_class = RevealSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    parser_classes = [JSONParser]
    capabilities = {"POST": Capability.REVEAL_IDENTIFIERS}

    @extend_schema(
        operation_id="persons_reveal",
        summary="查看完整身份号码或电话",
        tags=TAGS,
        parameters=[PERSON_ID],
        description="返回完整的公民身份号码或联系电话。每次调用都记入审计日志；监督等无此权限的角色返回403。",
        request=RevealSerializer,
        responses={200: RevealResultSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, person_id: str) -> Response:
        person = person_get_for(actor=request.user, person_id=person_id)
        field = validated(RevealSerializer(data=request.data))["field"]
        value = person_reveal(actor=request.user, person=person, field_name=field)
        return Response(RevealResultSerializer({"field": field, "value": value}).data)
