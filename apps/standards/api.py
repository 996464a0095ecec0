"""REST API: ``POST assessments/`` (试算, the same JSON as ``minzheng assess``) and ``GET standards/``.

The request of an assessment is read by :mod:`apps.standards.mappers.assess_json`, so the API and the CLI
refuse the same inputs with the same Chinese reasons; the serializers below only document the shapes.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import HasCapability, error_responses
from apps.core.scoping import actor_bounds, code_in_scope, require
from apps.standards.mappers.assess_json import assessment_json, parse_day
from apps.standards.selectors import area_chain, standards_for
from apps.standards.selectors.assessment import assessment_for
from policy.errors import NotFound, ValidationFailed
from policy.parameters import CATALOGUE
from policy.roles import Capability

TAGS = ["试算与地方标准"]
MONEY = "金额（元），数字或字符串，最多两位小数"


class IncomeInSerializer(serializers.Serializer):
    type = serializers.CharField(
        help_text="收入类型：wage 工资性、business 经营净、property 财产净、transfer 转移净、"
        "other 其他，或不计入的 pension_basic、special_care、scholarship、assistance、"
        "family_planning、bravery_award；也可写中文名称"
    )
    monthly = serializers.CharField(help_text="月收入，" + MONEY)


class DisabilityInSerializer(serializers.Serializer):
    category = serializers.CharField(
        help_text="visual、hearing、speech、physical、intellectual、mental、multiple"
    )
    grade = serializers.IntegerField(min_value=1, max_value=4, help_text="残疾等级 1–4")


class MemberInSerializer(serializers.Serializer):
    id_number = serializers.CharField(help_text="公民身份号码（18位）；出生日期由此得出")
    name = serializers.CharField(help_text="姓名")
    relation = serializers.CharField(
        help_text="与户主关系：head、spouse、child、parent……或中文；须有且只有一名 head"
    )
    incomes = IncomeInSerializer(many=True, required=False)
    disability = DisabilityInSerializer(required=False, allow_null=True)
    self_care = serializers.JSONField(
        required=False,
        help_text="full 全自理、partial 半失能、none 全失能，或六项对象 {eat, dress, transfer, "
        "toilet, walk, bathe}（true 能 / false 不能）；不填为未评估",
    )
    serious_illness = serializers.BooleanField(required=False, help_text="患重特大疾病")
    in_school = serializers.BooleanField(required=False, help_text="在校就读")
    employable = serializers.BooleanField(required=False, help_text="有劳动能力")
    employed = serializers.BooleanField(required=False, help_text="已就业（工资性收入扣减就业成本）")
    child_status = serializers.CharField(
        required=False, help_text="orphan 孤儿、de_facto 事实无人抚养儿童、in_difficulty 困境儿童"
    )
    institutional = serializers.BooleanField(required=False, help_text="集中供养或机构养育")
    supporter_able = serializers.BooleanField(
        required=False, help_text="有具备履行能力的法定赡养、抚养、扶养义务人"
    )
    local_hukou = serializers.BooleanField(required=False, help_text="本地户籍，默认 true")


class AssetsInSerializer(serializers.Serializer):
    deposits = serializers.CharField(required=False, help_text="存款、证券等金融资产合计，" + MONEY)
    vehicles = serializers.IntegerField(required=False, help_text="机动车辆数（不含残疾人代步车）")
    homes = serializers.IntegerField(required=False, help_text="住房套数")
    business = serializers.IntegerField(required=False, help_text="工商登记的经营主体数")


class ExpensesInSerializer(serializers.Serializer):
    medical = serializers.CharField(required=False, help_text="近12个月自付医疗支出，" + MONEY)
    education = serializers.CharField(required=False, help_text="近12个月教育支出，" + MONEY)


class AssessRequestSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="所在村(社区)的12位区划代码，须在您的辖区内")
    urban = serializers.BooleanField(required=False, help_text="城市家庭；不填按村(社区)的城乡属性")
    on = serializers.DateField(required=False, help_text="试算日期，默认今天；按该日执行的标准")
    members = MemberInSerializer(many=True)
    assets = AssetsInSerializer(required=False)
    expenses = ExpensesInSerializer(required=False)
    standards = serializers.DictField(
        required=False,
        help_text='假设标准：参数 → 数值，如 {"dibao.standard": "700"}，或分城乡 '
        '{"dibao.standard": {"urban": "700", "rural": "650"}}；只用于本次试算',
    )


class StepSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="规则名称")
    detail = serializers.CharField(help_text="计算过程与数值")
    basis = serializers.CharField(help_text="政策依据及地方标准的来源")
    outcome = serializers.CharField(help_text="结论：符合、不符合或金额")


class ProgramOutSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="项目名称")
    eligible = serializers.BooleanField(help_text="是否符合")
    monthly_amount = serializers.CharField(help_text="月金额（元，两位小数的字符串）；不符合时为 0.00")
    category = serializers.CharField(help_text="类别，如 低保边缘家庭、分散供养")
    covered = serializers.ListField(child=serializers.CharField(), help_text="保障对象的公民身份号码")
    trace = StepSerializer(many=True, help_text="每一步的规则、数值和依据")


class AssessmentOutSerializer(serializers.Serializer):
    area = serializers.CharField()
    urban = serializers.BooleanField()
    on = serializers.DateField()
    assumed_standards = serializers.DictField(child=serializers.CharField(), help_text="本次采用的假设标准")
    per_capita_income = serializers.CharField(help_text="家庭月人均收入（元）")
    income_trace = StepSerializer(many=True, help_text="家庭收入与财产的认定步骤")
    programs = serializers.DictField(child=ProgramOutSerializer(), help_text="项目代码 → 结果")


def error_fields(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """JSON paths as the API's field names: ``members[1].id_number`` → ``members-1-id_number``."""
    return {re.sub(r"\[(\d+)\]", r"-\1", path).replace(".", "-"): reasons for path, reasons in errors.items()}


EXAMPLE = {
    "area": "421303001001",
    "members": [
        {
            "id_number": "421303198003150110",
            "name": "张伟",
            "relation": "head",
            "incomes": [{"type": "wage", "monthly": "900"}],
            "employable": True,
        },
        {"id_number": "421303198207200220", "name": "李芳", "relation": "spouse"},
        {"id_number": "421303201209010310", "name": "张小明", "relation": "child", "in_school": True},
    ],
    "assets": {"deposits": "5000", "homes": 1},
}


class AssessmentCreateView(APIView):
    """试算：按辖区地方标准评估一户的全部救助项目。"""

    permission_classes = [IsAuthenticated, HasCapability]
    parser_classes = [JSONParser]
    capabilities = {"POST": Capability.ASSESS}

    @extend_schema(
        operation_id="assessments_create",
        summary="试算",
        tags=TAGS,
        description="与 `minzheng assess` 相同的输入和输出（见 docs/assess.md）。"
        "按所在区划在试算日期执行的地方标准评估每个项目，给出月人均收入、各项目是否符合、月金额和每一步的计算依据。不保存任何数据。"
        "区划不在辖区内时答复404。输入错误时 fields 的键为 JSON 路径（members[1].id_number 写作 "
        "members-1-id_number），message 以 JSON 路径开头。",
        request=AssessRequestSerializer,
        responses={200: AssessmentOutSerializer, **error_responses(400, 401, 403, 404)},
        examples=[OpenApiExample("三口之家", value=EXAMPLE, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        try:
            data = request.data
        except ParseError as exc:
            raise ValidationFailed.on("", f"请求内容不是有效的JSON：{exc.detail}") from None
        try:
            run = assessment_for(actor=request.user, data=data, today=timezone.localdate())
        except ValidationFailed as exc:
            raise ValidationFailed(error_fields(exc.errors), message=exc.message) from None
        return Response(assessment_json(run.assessment, assumed=run.assumed))


class ParameterOutSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="参数代码")
    label = serializers.CharField(help_text="名称")
    unit = serializers.CharField(help_text="单位")
    value = serializers.CharField(allow_null=True, help_text="执行数值（文本）；未设置且无默认值时为 null")
    source = serializers.CharField(help_text="来源：区划、起始日期和说明，或“默认值”")


class StandardsOutSerializer(serializers.Serializer):
    area = serializers.CharField()
    urban = serializers.BooleanField()
    on = serializers.DateField()
    parameters = ParameterOutSerializer(many=True)


def _viewable(actor: Any, code: str) -> bool:
    """An area inside the actor's own, or one of the areas above it (whose standards apply to them)."""
    low, _ = actor_bounds(actor)
    return code_in_scope(actor, code) or code in area_chain(low)


class StandardsView(APIView):
    """执行中的地方标准。"""

    permission_classes = [IsAuthenticated, HasCapability]
    capabilities = {"GET": Capability.VIEW_REGISTRY}

    @extend_schema(
        operation_id="standards_resolved",
        summary="执行中的地方标准",
        tags=TAGS,
        description="某区划、某城乡类别在某日执行的全部参数及其来源（乡镇调整优先于县区标准）。",
        parameters=[
            OpenApiParameter("area", str, description="12位区划代码，默认为您的所属区划"),
            OpenApiParameter("urban", bool, description="true 城市（默认）、false 农村"),
            OpenApiParameter("on", str, description="日期 YYYY-MM-DD，默认今天"),
        ],
        responses={200: StandardsOutSerializer, **error_responses(400, 401, 404)},
    )
    def get(self, request: Request) -> Response:
        require(request.user, Capability.VIEW_REGISTRY)
        code = request.query_params.get("area") or request.user.area_id
        if len(code) != 12 or not code.isdigit() or not _viewable(request.user, code):
            raise NotFound()
        urban = request.query_params.get("urban", "true").lower() not in ("false", "0", "农村")
        on = parse_day(request.query_params["on"], "on") if request.query_params.get("on") else None
        standards = standards_for(area_code=code, urban=urban, on=on or timezone.localdate())
        rows = [
            {
                "key": key,
                "label": spec.label,
                "unit": spec.unit,
                "value": standards.raw.get(key, spec.default),
                "source": standards.source(key),
            }
            for key, spec in CATALOGUE.items()
        ]
        return Response({"area": code, "urban": urban, "on": standards.on.isoformat(), "parameters": rows})
