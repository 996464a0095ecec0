"""Changing a case over the API: 调整, 暂停, 停发, 恢复, 退出 and 渐退, the same service as the case page
(:func:`apps.payroll.services.case_changes.case_change`: the change with its reasons, checks and audit,
then the 补差 or 追回 of months already paid). A case outside the caller's area answers 404 like a missing
one; a stale ``version`` answers 409. The route is ``/api/v1/cases/<id>/change/`` (minzheng/api_urls.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.assistance.api import CASE_ID, TAGS, CaseDetailSerializer
from apps.assistance.selectors import case_get_for
from apps.core.api import HasCapability, error_responses, validated
from apps.payroll.services.case_changes import case_change
from policy.cases import CASE_REASONS, CASE_TRANSITIONS
from policy.roles import Capability

# 定期核查 records findings on its own page; every other change is a decision of the approving level.
CHANGES = [name for name in CASE_TRANSITIONS if name != "review"]
MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


class CaseChangeSerializer(serializers.Serializer):
    change = serializers.ChoiceField(
        choices=[(name, CASE_TRANSITIONS[name].label) for name in CHANGES],
        help_text="adjust 调整 · suspend 暂停 · stop 停发 · resume 恢复 · exit 退出 · phase_out 渐退",
    )
    reason_code = serializers.CharField(
        help_text="原因代码，按变更类型："
        + "；".join(f"{c}: {', '.join(CASE_REASONS.get(c, {}))}" for c in CHANGES)
    )
    reason = serializers.CharField(max_length=2000, help_text="情况说明")
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None, help_text="调整后金额"
    )
    covered = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        default=None,
        help_text="调整后的保障成员（人员编号）；不传则不变",
    )
    effective_month = serializers.DateField(
        input_formats=MONTH_FORMATS,
        required=False,
        allow_null=True,
        default=None,
        help_text="生效月份 YYYY-MM",
    )
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="读取时的版本"
    )


class CaseChangeView(GenericAPIView):
    """在保对象变更。"""

    serializer_class = CaseChangeSerializer
    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"POST": Capability.APPROVE}

    @extend_schema(
        operation_id="cases_change",
        summary="在保对象变更（调整、暂停、停发、恢复、退出、渐退）",
        tags=TAGS,
        parameters=[CASE_ID],
        description=(
            "与在保对象页面同一办理规则：按状态转换表检查、写明原因、记入变更记录和操作日志；"
            "涉及已发放月份的，差额在下月发放中补发或追回。传入读取时的version可防止覆盖他人的变更。"
        ),
        request=CaseChangeSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, case_id: str) -> Response:
        case = case_get_for(actor=request.user, case_id=case_id)
        d = validated(CaseChangeSerializer(data=request.data))
        changed = case_change(
            actor=request.user,
            case=case,
            change=d["change"],
            reason_code=d["reason_code"],
            reason=d["reason"],
            amount=d["amount"],
            covered=d["covered"] if d["change"] == "adjust" else None,
            effective_month=d["effective_month"],
            expected_version=d["version"],
        )
        return Response(CaseDetailSerializer(case_get_for(actor=request.user, case_id=changed.pk)).data)


__all__ = ["CaseChangeView"]
