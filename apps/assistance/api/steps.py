"""The ordinary steps of an application over the API: 受理, 家庭经济状况核对, 入户调查, 公示 and 审核确认.

Each endpoint calls the same service as its web page (:mod:`apps.assistance.services`), so the transition
table, the role and area checks, the time limits, the notices and the audit are the ones the pages use.
An application outside the caller's area answers 404 like a missing one; a step the state does not allow
answers 409, as does a stale ``version``. The answer is the application as it now stands.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.assistance.api import APPLICATION_ID, TAGS, ApplicationDetailSerializer
from apps.assistance.models import Application
from apps.assistance.selectors import application_get_for
from apps.assistance.services.applications import application_intake, application_survey, application_verify
from apps.assistance.services.decisions import application_approve, application_refuse
from apps.assistance.services.publicity import application_publicise
from apps.core.api import HasCapability, error_responses, validated
from policy.errors import ValidationFailed
from policy.roles import Capability

ERRORS = error_responses(400, 401, 403, 404, 409)


class _Versioned(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="读取时的版本；不传则不检查"
    )


class IntakeSerializer(_Versioned):
    documents = serializers.ListField(
        child=serializers.CharField(), help_text="已收到的材料代码；缺的将列入一次性告知书"
    )


class SurveySerializer(_Versioned):
    findings = serializers.CharField(max_length=5000, help_text="入户调查情况")
    investigators = serializers.ListField(
        child=serializers.CharField(max_length=50), help_text="调查人员姓名，不少于2人"
    )


class PubliciseSerializer(_Versioned):
    start = serializers.DateField(required=False, allow_null=True, default=None, help_text="公示开始日期")


class DecideSerializer(_Versioned):
    decision = serializers.ChoiceField(choices=[("approve", "确认同意"), ("refuse", "不予确认")])
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None, help_text="确认金额"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    reasons = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000, help_text="不予确认的理由"
    )


class _Step(GenericAPIView):
    permission_classes = [IsAuthenticated, HasCapability]
    serializer_class: Any = _Versioned

    def _answer(self, request: Request, application: Application) -> Response:
        fresh = application_get_for(actor=request.user, application_id=application.pk)
        return Response(ApplicationDetailSerializer(fresh).data)


def _schema(operation: str, summary: str, request: Any, description: str) -> Any:
    return extend_schema(
        operation_id=f"applications_{operation}",
        summary=summary,
        tags=TAGS,
        parameters=[APPLICATION_ID],
        description=description,
        request=request,
        responses={200: ApplicationDetailSerializer, **ERRORS},
    )


class IntakeView(_Step):
    """受理。"""

    serializer_class = IntakeSerializer
    capabilities = {"POST": Capability.ACCEPT}

    @_schema("intake", "受理", IntakeSerializer, "材料齐全的受理并出具受理通知书；缺材料的出具一次性告知书。")
    def post(self, request: Request, application_id: str) -> Response:
        app = application_get_for(actor=request.user, application_id=application_id)
        d = validated(IntakeSerializer(data=request.data))
        done = application_intake(
            actor=request.user,
            application=app,
            received=frozenset(d["documents"]),
            expected_version=d["version"],
        )
        return self._answer(request, done)


class VerifyView(_Step):
    """家庭经济状况核对。"""

    capabilities = {"POST": Capability.REVIEW}

    @_schema(
        "verify",
        "家庭经济状况核对",
        _Versioned,
        "按登记的家庭成员、收入和财产，以当地现行标准核算，保存计算过程。",
    )
    def post(self, request: Request, application_id: str) -> Response:
        app = application_get_for(actor=request.user, application_id=application_id)
        d = validated(_Versioned(data=request.data))
        done = application_verify(actor=request.user, application=app, expected_version=d["version"])
        return self._answer(request, done)


class SurveyView(_Step):
    """入户调查。"""

    serializer_class = SurveySerializer
    capabilities = {"POST": Capability.REVIEW}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @_schema(
        "survey",
        "入户调查",
        SurveySerializer,
        "调查情况和调查人员（不少于2人）；可用multipart上传照片或扫描件（files）。",
    )
    def post(self, request: Request, application_id: str) -> Response:
        app = application_get_for(actor=request.user, application_id=application_id)
        d = validated(SurveySerializer(data=request.data))  # multipart: investigators repeated
        done = application_survey(
            actor=request.user,
            application=app,
            findings=d["findings"],
            investigators=d["investigators"],
            files=request.FILES.getlist("files") if request.FILES else [],
            expected_version=d["version"],
        )
        return self._answer(request, done)


class PubliciseView(_Step):
    """公示。"""

    serializer_class = PubliciseSerializer
    capabilities = {"POST": Capability.REVIEW}

    @_schema(
        "publicise",
        "公示",
        PubliciseSerializer,
        "在村(社区)公示（未成年人特困申请不公示，直接提交审核确认）。",
    )
    def post(self, request: Request, application_id: str) -> Response:
        app = application_get_for(actor=request.user, application_id=application_id)
        d = validated(PubliciseSerializer(data=request.data))
        done = application_publicise(
            actor=request.user, application=app, start=d["start"], expected_version=d["version"]
        )
        return self._answer(request, done)


class DecideView(_Step):
    """审核确认。"""

    serializer_class = DecideSerializer
    capabilities = {"POST": Capability.APPROVE}

    @_schema(
        "decide",
        "审核确认",
        DecideSerializer,
        "确认同意（金额，自决定之日下月起发放，纳入在保对象）或不予确认（写明理由，出具通知书）。",
    )
    def post(self, request: Request, application_id: str) -> Response:
        app = application_get_for(actor=request.user, application_id=application_id)
        d = validated(DecideSerializer(data=request.data))
        if d["decision"] == "refuse":
            done = application_refuse(
                actor=request.user, application=app, reasons=d["reasons"], expected_version=d["version"]
            )
        else:
            if d["amount"] is None:
                raise ValidationFailed.on("amount", "确认同意须填写确认金额")
            done = application_approve(
                actor=request.user,
                application=app,
                amount=d["amount"],
                note=d["note"],
                expected_version=d["version"],
            )
        return self._answer(request, done)


__all__ = ["DecideView", "IntakeView", "PubliciseView", "SurveyView", "VerifyView"]
