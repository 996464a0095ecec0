"""The scoped list base of the API: one query serializer, one scoped selector, paging, and the schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.test import APIRequestFactory, force_authenticate

from apps.areas.models import Area
from apps.areas.selectors import area_get_for, area_list_for
from apps.core.api import ScopedListMixin, error_responses
from tests.factories import COUNTY, OTHER_COUNTY, TOWN, VILLAGE, VILLAGE_2, VILLAGE_B

pytestmark = pytest.mark.django_db


class RowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class LevelQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=[1, 2, 3, 4, 5], required=False)


@extend_schema_view(
    get=extend_schema(
        operation_id="rows_list",
        summary="区划",
        parameters=[LevelQuerySerializer],
        responses={200: RowSerializer(many=True), **error_responses(400, 401)},
    )
)
class AreaRowsView(ScopedListMixin, GenericAPIView):
    """辖区内的区划。"""

    serializer_class = RowSerializer
    model = Area
    query_serializer = LevelQuerySerializer

    def rows(self, params: dict[str, Any]) -> QuerySet[Area]:
        return area_list_for(actor=self.request.user, level=params.get("level"))


@extend_schema_view(
    get=extend_schema(
        operation_id="rows_children",
        summary="下级区划",
        parameters=[LevelQuerySerializer],
        responses={200: RowSerializer(many=True), **error_responses(400, 401, 404)},
    )
)
class ChildRowsView(ScopedListMixin, GenericAPIView):
    """一个区划的直接下级。"""

    serializer_class = RowSerializer
    model = Area
    query_serializer = LevelQuerySerializer

    def parent_get(self) -> Area:
        return area_get_for(actor=self.request.user, code=self.kwargs["code"])

    def rows(self, params: dict[str, Any]) -> QuerySet[Area]:
        return area_list_for(actor=self.request.user, parent_code=self.parent.code, level=params.get("level"))


def get(view: type[GenericAPIView], user: Any, url: str = "/rows/", query: dict | None = None, **kwargs: str):
    request = APIRequestFactory().get(url, query or {})
    force_authenticate(request, user=user)
    return view.as_view()(request, **kwargs)


@pytest.fixture
def two_a_page(settings) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2}


def test_the_rows_of_the_scoped_selector_are_paged_with_links_both_ways(approver, two_a_page):
    # given: 曾都区 holds six areas (itself, two towns, three villages), two a page

    # when
    first = get(AreaRowsView, approver).data
    second = get(AreaRowsView, approver, query={"page": 2}).data
    beyond = get(AreaRowsView, approver, query={"page": 4})

    # then
    assert (first["count"], first["count_exact"], first["previous"]) == (6, True, None)
    assert [row["code"] for row in first["results"]] == [COUNTY, TOWN]
    assert first["next"] == "http://testserver/rows/?page=2"
    assert second["previous"] == "http://testserver/rows/"
    assert second["next"] == "http://testserver/rows/?page=3"
    assert beyond.status_code == 404 and beyond.data["error"]["code"] == "not_found"


def test_the_query_is_validated_and_passed_on_to_the_rows(approver):
    villages = get(AreaRowsView, approver, query={"level": 5}).data

    assert villages["count"] == 3
    assert {row["code"] for row in villages["results"]} == {VILLAGE, VILLAGE_2, VILLAGE_B}


def test_an_invalid_query_answers_400_in_the_one_error_shape(approver):
    response = get(AreaRowsView, approver, query={"level": 9})

    assert response.status_code == 400
    error = response.data["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"level"}
    assert all(isinstance(reason, str) for reason in error["fields"]["level"])


def test_a_foreign_parent_answers_404_like_a_missing_one_whatever_the_query(approver):
    # An invalid query does not reach validation: the parent is looked up first, so the answer is the
    # 404 of a missing object, and a foreign parent reads exactly like one.
    foreign = get(ChildRowsView, approver, url="/x/", query={"level": 9}, code=OTHER_COUNTY)
    missing = get(ChildRowsView, approver, url="/x/", query={"level": 9}, code="421303999999")
    own = get(ChildRowsView, approver, url="/x/", code=TOWN)

    assert foreign.status_code == missing.status_code == 404
    assert foreign.data == missing.data
    assert [row["code"] for row in own.data["results"]] == [VILLAGE, VILLAGE_2]


def test_the_schema_generator_gets_an_empty_queryset_of_the_model_and_no_selector_runs():
    # given: a view as drf-spectacular builds it, with no request user and no URL arguments
    view = ChildRowsView()
    view.swagger_fake_view = True
    view.request, view.kwargs = None, {}

    # when
    rows = view.get_queryset()

    # then: parent_get would have raised on the missing kwargs
    assert rows.model is Area
    assert list(rows) == []


def test_a_list_is_documented_paged_with_its_query_and_its_view_docstring():
    patterns = [
        path("rows/", AreaRowsView.as_view()),
        path("areas/<str:code>/rows/", ChildRowsView.as_view()),
    ]

    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)

    listing = schema["paths"]["/rows/"]["get"]
    children = schema["paths"]["/areas/{code}/rows/"]["get"]
    assert (listing["operationId"], listing["description"]) == ("rows_list", "辖区内的区划。")
    assert children["description"] == "一个区划的直接下级。"
    assert {p["name"] for p in listing["parameters"]} == {"page", "level"}
    # the path argument's type is read from the model that the fake view answers with
    code = next(p for p in children["parameters"] if p["name"] == "code")
    assert code["schema"]["type"] == "string"
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][page]["required"]) == {"count", "count_exact", "results"}
