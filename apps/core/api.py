"""The API's one error shape: ``{"error": {"code": ..., "message": ..., "fields": {...}}}``."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from django.db.models import Model, QuerySet
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions as drf_exceptions
from rest_framework import serializers, status
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from apps.core.permissions import ReadOnlyRolesRefused
from policy import errors
from policy.roles import Capability

_STATUS = [
    (errors.NotFound, status.HTTP_404_NOT_FOUND, "not_found"),
    (errors.PermissionDenied, status.HTTP_403_FORBIDDEN, "permission_denied"),
    (errors.ValidationFailed, status.HTTP_400_BAD_REQUEST, "invalid"),
    (errors.Conflict, status.HTTP_409_CONFLICT, "conflict"),
    (errors.InvalidTransition, status.HTTP_409_CONFLICT, "invalid_transition"),
]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map policy errors to their HTTP status; let DRF shape its own, under the same envelope."""
    for cls, code, name in _STATUS:
        if isinstance(exc, cls):
            fields = getattr(exc, "errors", {}) if isinstance(exc, errors.ValidationFailed) else {}
            return Response({"error": {"code": name, "message": exc.message, "fields": fields}}, status=code)
    response = drf_exception_handler(exc, context)
    if response is not None:
        detail = response.data
        message = detail.get("detail") if isinstance(detail, dict) else None
        response.data = {
            "error": {
                "code": getattr(exc, "default_code", "error"),
                "message": str(message or "请求有误"),
                "fields": detail if isinstance(detail, dict) and "detail" not in detail else {},
            }
        }
    return response


# Shared plumbing of the API views: validation, role checks, pagination and the documented errors.


def errors_flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested serializer errors as flat ``field → reasons``, keyed like the services' own errors
    (``members-0-id_number``), so a client handles one shape whichever layer refused the input."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                name = prefix
            else:
                name = f"{prefix}-{key}" if prefix else str(key)
            for field, reasons in errors_flatten(value, name).items():
                out.setdefault(field, []).extend(reasons)
    elif isinstance(detail, list) and all(isinstance(item, str) for item in detail):
        out[prefix] = [str(item) for item in detail]
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            for field, reasons in errors_flatten(item, f"{prefix}-{index}" if prefix else str(index)).items():
                out.setdefault(field, []).extend(reasons)
    else:
        out[prefix] = [str(detail)]
    return out


def validated(serializer: serializers.Serializer) -> Any:
    """The serializer's validated data, or :class:`policy.errors.ValidationFailed` with flat field errors."""
    if not serializer.is_valid():
        raise errors.ValidationFailed(errors_flatten(serializer.errors))
    return serializer.validated_data


class HasCapability(ReadOnlyRolesRefused):
    """Refuse a method whose capability (``view.capabilities``) the user's role lacks, before any lookup.

    The services check the role again; checking here first means a read-only role gets the same 403 for
    every write, whatever the body or the object, so the answer reveals nothing about either.
    """

    message = errors.PermissionDenied.default_message

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        capability: Capability | None = getattr(view, "capabilities", {}).get(request.method)
        return capability is None or request.user.can(capability)


class ListPagination(BasePagination):
    """Page-number pagination (``?page=2``), 50 rows a page, whose total is counted only up to a cap.

    Counting every household of a million-row county costs more than reading the page; past the cap the
    answer says ``count_exact: false`` and ``next`` still leads on, because it is found by reading one row
    more than the page rather than from the count.
    """

    page_query_param = "page"
    count_cap = 10_000

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: Any = None) -> list[Any]:
        self.request = request
        size = api_settings.PAGE_SIZE or 50
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isdigit() or int(raw) < 1:
            raise drf_exceptions.NotFound("页码无效，应为从1开始的整数")
        # Past the last page is 404 whatever the number; a number whose offset a 64-bit integer cannot hold
        # must not reach the database (SQLite answers "datatype mismatch", PostgreSQL "out of range").
        if len(raw) > 9:
            raise drf_exceptions.NotFound("页码超出范围")
        self.page = int(raw)
        offset = (self.page - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        if self.page > 1 and not rows:
            raise drf_exceptions.NotFound("页码超出范围")
        self.has_next = len(rows) > size
        rows = rows[:size]
        if self.page == 1 and not self.has_next:
            # The whole list fits on the first page: the count is known without a COUNT query.
            self.count, self.count_exact = len(rows), True
        else:
            counted = queryset.order_by().values("pk")[: self.count_cap + 1].count()
            self.count_exact = counted <= self.count_cap
            self.count = max(counted, offset + len(rows))
        return rows

    def get_paginated_response(self, data: Sequence[Any]) -> Response:
        url = self.request.build_absolute_uri()
        previous = None
        if self.page > 1:
            previous = (
                remove_query_param(url, self.page_query_param)
                if self.page == 2
                else replace_query_param(url, self.page_query_param, self.page - 1)
            )
        following = replace_query_param(url, self.page_query_param, self.page + 1) if self.has_next else None
        return Response(
            OrderedDict(
                [
                    ("count", self.count),
                    ("count_exact", self.count_exact),
                    ("next", following),
                    ("previous", previous),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "count_exact", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "example": 123,
                    "description": f"总条数；超过{self.count_cap}条时为下限，见 count_exact",
                },
                "count_exact": {"type": "boolean", "description": "count 是否为精确总数"},
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "下一页"},
                "previous": {"type": "string", "nullable": True, "format": "uri", "description": "上一页"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "页码，从1开始，每页50条",
                "schema": {"type": "integer", "minimum": 1},
            }
        ]


class ScopedListMixin:
    """A paged list endpoint: validate the query, ask one scoped selector for the rows, page, serialise.

    Put it before ``GenericAPIView`` (or a subclass of it) and set ``serializer_class``, ``model`` (the
    rows' model, which the schema generator reads without a request) and, when the list takes filters,
    ``query_serializer``; then write :meth:`rows`. A list under one object (a payroll's lines) also writes
    :meth:`parent_get`. ``get`` lives here, so a view documents it with
    ``@extend_schema_view(get=extend_schema(...))`` on the class.
    """

    pagination_class = ListPagination
    model: type[Model]
    query_serializer: type[serializers.Serializer] | None = None
    parent: Any = None

    def parent_get(self) -> Any:
        """The object the list belongs to, from its scoped ``<entity>_get_for``, or None for a top-level list.

        It is looked up before the query is validated, so a missing or foreign parent answers 404 whatever
        the query says; :meth:`rows` finds it in ``self.parent``.
        """
        return None

    def rows(self, params: dict[str, Any]) -> QuerySet[Any]:
        """The ordered rows for the validated query, from one scoped selector (``<entity>_list_for``)."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            # The schema generator asks without a user, only to learn the model: no selector may run.
            return self.model.objects.none()
        self.parent = self.parent_get()
        query = self.query_serializer
        params = validated(query(data=self.request.query_params)) if query else {}
        return self.rows(params)

    # No docstring on purpose: drf-spectacular would show it as the description of every list that has
    # none of its own, where today each shows its view's docstring.
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ErrorBodySerializer(serializers.Serializer):
    """Documents the error envelope; built in get_fields because ``fields`` is a Serializer attribute."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "code": serializers.CharField(
                help_text="错误代码：invalid（输入有误）、not_found、permission_denied、not_authenticated、"
                "authentication_failed、conflict、locked 等"
            ),
            "message": serializers.CharField(help_text="可直接展示给用户的中文说明"),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                help_text="字段名 → 中文原因列表；家庭成员的字段写作 members-0-id_number，空字段名表示整体",
            ),
        }


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


_ERROR_TEXT = {
    400: "输入有误：fields 列出每个字段的中文原因",
    401: "未登录，或令牌无效",
    403: "您的角色无权进行此操作",
    404: "对象不存在或不在您的辖区内（两种情况的回答完全相同）",
    409: "与已有数据冲突（如公民身份号码已登记）",
    429: "登录失败次数过多，暂时锁定",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented error answers of an endpoint, all in the one envelope."""
    return {code: OpenApiResponse(ErrorSerializer, description=_ERROR_TEXT[code]) for code in codes}
