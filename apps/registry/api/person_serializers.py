"""What the person endpoints read and write, field by field, with Chinese descriptions for the schema.

Output never carries a full ID number or phone: they leave masked (``policy.privacy``), and the full value
is only given by the audited reveal endpoint. The birth date is not sent either, since with the masked
number's first six and last four digits it would give the whole number back; ``age`` stands in for it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from apps.areas.api import area_code_clean, area_code_field
from apps.registry.choices import DisabilityCategory, Employment, RelationChoices, SexChoices
from apps.registry.models import Person
from policy.identity import IdNumber
from policy.privacy import mask_id_number, mask_phone

MASKED_ID = "公民身份号码（已脱敏，如 421303********1234；完整号码请调用 reveal 接口，调用会被审计）"
MASKED_PHONE = "联系电话（已脱敏，如 139****5678；完整号码请调用 reveal 接口）"


def choice(choices: Any, help_text: str, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        help_text=help_text,
        error_messages={"invalid_choice": "“{input}”不是有效的选项"},
        **kwargs,
    )


def age(person: Person) -> int:
    """Whole years of age today (or at death), by the one rule in ``policy.identity``.

    Built from the stored birth date rather than by parsing the number again, so that a legacy record
    whose number no longer passes the checks still reads.
    """
    facts = IdNumber(
        value=person.id_number, area_code=person.id_number[:6], birth_date=person.birth_date, sex=person.sex
    )
    return facts.age_on(person.death_date or timezone.localdate())


class CareSerializer(serializers.Serializer):
    """生活自理能力评估: six items, each true where the person manages unaided; null means not assessed."""

    eat = serializers.BooleanField(source="care_eat", allow_null=True, help_text="自主吃饭")
    dress = serializers.BooleanField(source="care_dress", allow_null=True, help_text="自主穿衣")
    transfer = serializers.BooleanField(source="care_transfer", allow_null=True, help_text="自主上下床")
    toilet = serializers.BooleanField(source="care_toilet", allow_null=True, help_text="自主如厕")
    walk = serializers.BooleanField(source="care_walk", allow_null=True, help_text="室内自主行走")
    bathe = serializers.BooleanField(source="care_bathe", allow_null=True, help_text="自主洗澡")


class PersonSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="人员编号")
    name = serializers.CharField(read_only=True, help_text="姓名")
    id_number = serializers.SerializerMethodField(help_text=MASKED_ID)
    sex = serializers.CharField(read_only=True, help_text="性别：M 男，F 女（由身份号码得出）")
    sex_label = serializers.CharField(source="get_sex_display", read_only=True, help_text="性别名称")
    age = serializers.SerializerMethodField(help_text="年龄（周岁；已故者为去世时年龄）")
    phone = serializers.SerializerMethodField(help_text=MASKED_PHONE)
    hukou_area = serializers.CharField(source="hukou_area_id", read_only=True, help_text="户籍地区划代码")
    hukou_area_name = serializers.CharField(source="hukou_area.name", read_only=True, help_text="户籍地名称")
    household_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="现所在家庭编号；无则为空"
    )
    relation = serializers.CharField(
        read_only=True, allow_null=True, help_text="与户主关系代码；无家庭则为空"
    )
    death_date = serializers.DateField(read_only=True, allow_null=True, help_text="死亡日期")

    def get_id_number(self, person: Person) -> str:
        return mask_id_number(person.id_number)

    def get_phone(self, person: Person) -> str:
        return mask_phone(person.phone)

    def get_age(self, person: Person) -> int:
        return age(person)


class PersonDetailSerializer(PersonSummarySerializer):
    ethnicity = serializers.CharField(read_only=True, help_text="民族")
    residence_area = serializers.CharField(
        source="residence_area_id", read_only=True, allow_null=True, help_text="居住地区划代码"
    )
    residence_area_name = serializers.SerializerMethodField(help_text="居住地名称")
    residence_address = serializers.CharField(read_only=True, help_text="居住地址")
    disability_category = serializers.CharField(read_only=True, help_text="残疾类别代码；无残疾为空")
    disability_category_label = serializers.CharField(
        source="get_disability_category_display", read_only=True, help_text="残疾类别名称"
    )
    disability_grade = serializers.IntegerField(read_only=True, allow_null=True, help_text="残疾等级 1–4")
    disability_cert_no = serializers.CharField(read_only=True, help_text="残疾人证号")
    care = CareSerializer(source="*", read_only=True, help_text="生活自理能力六项评估")
    self_care = serializers.SerializerMethodField(
        help_text="自理能力：full 全自理、partial 半失能、none 全失能；未评估为空"
    )
    self_care_label = serializers.SerializerMethodField(help_text="自理能力名称")
    care_assessed_on = serializers.DateField(read_only=True, allow_null=True, help_text="自理能力评估日期")
    serious_illness = serializers.BooleanField(read_only=True, help_text="是否患重特大疾病")
    illness_note = serializers.CharField(read_only=True, help_text="疾病说明")
    employment = serializers.CharField(read_only=True, help_text="就业状况代码")
    employment_label = serializers.CharField(
        source="get_employment_display", read_only=True, help_text="就业状况"
    )
    created_at = serializers.DateTimeField(read_only=True, help_text="登记时间")
    updated_at = serializers.DateTimeField(read_only=True, help_text="更新时间")

    def get_residence_area_name(self, person: Person) -> str | None:
        return person.residence_area.name if person.residence_area_id else None

    def get_self_care(self, person: Person) -> str | None:
        level = person.self_care
        return level.value if level else None

    def get_self_care_label(self, person: Person) -> str | None:
        level = person.self_care
        return level.label if level else None


class PersonWriteSerializer(serializers.Serializer):
    """A person's fields as a client sends them; the services check every rule and name each wrong field."""

    name = serializers.CharField(max_length=50, help_text="姓名")
    id_number = serializers.CharField(
        max_length=40, help_text="公民身份号码，18位，末位可为X；出生日期和性别由它得出"
    )
    hukou_area = area_code_field(
        required=False, help_text="户籍地区划代码；新建家庭时省略则为家庭所在村(社区)"
    )
    ethnicity = serializers.CharField(required=False, max_length=10, help_text="民族，如“汉族”（默认汉族）")
    phone = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="联系电话：11位手机号或带区号的固定电话"
    )
    birth_date = serializers.DateField(
        required=False, allow_null=True, help_text="出生日期（可选；填写时须与身份号码一致）"
    )
    sex = choice(SexChoices.choices, "性别（可选；填写时须与身份号码一致）", required=False, allow_blank=True)
    residence_area = area_code_field(required=False, allow_blank=True, help_text="居住地区划代码")
    residence_address = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="居住地址"
    )
    disability_category = choice(DisabilityCategory.choices, "残疾类别", required=False, allow_blank=True)
    disability_grade = serializers.IntegerField(required=False, allow_null=True, help_text="残疾等级 1–4")
    disability_cert_no = serializers.CharField(
        required=False, allow_blank=True, max_length=30, help_text="残疾人证号"
    )
    care = CareSerializer(required=False, help_text="生活自理能力评估：六项须全部填写或全部为空")
    care_assessed_on = serializers.DateField(required=False, allow_null=True, help_text="自理能力评估日期")
    serious_illness = serializers.BooleanField(required=False, help_text="是否患重特大疾病")
    illness_note = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="疾病说明"
    )
    employment = choice(Employment.choices, "就业状况", required=False, allow_blank=True)
    death_date = serializers.DateField(required=False, allow_null=True, help_text="死亡日期")

    def validate_hukou_area(self, value: str) -> str:
        return area_code_clean(value)

    def validate_residence_area(self, value: str) -> str:
        return area_code_clean(value) if value else ""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.partial and not attrs:
            raise serializers.ValidationError("请至少提供一个要修改的字段")
        return attrs


class MemberWriteSerializer(PersonWriteSerializer):
    """A member of a new household: a new person's fields, or ``person_id`` of one already registered."""

    relation = choice(RelationChoices.choices, "与户主关系；恰好一名成员为 head（户主）")
    person_id = serializers.IntegerField(required=False, help_text="已登记人员的编号；填写时不要再填人员信息")

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # Name and number are needed only for a new person, which validate() checks.
        fields["name"].required = False
        fields["id_number"].required = False
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        person_fields = set(attrs) - {"relation", "person_id"}
        if "person_id" in attrs:
            if person_fields:
                raise serializers.ValidationError({"person_id": "选择已登记人员时不要再填写人员信息"})
            return attrs
        missing = {f: "该字段是必填项。" for f in ("name", "id_number") if not attrs.get(f)}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class PersonQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=50, help_text="姓名（从开头匹配）或身份号码（全部或前几位）"
    )
    area = area_code_field(required=False, help_text="只看现居家庭在此区划以内的人员")

    def validate_area(self, value: str) -> str:
        return area_code_clean(value)


class RevealSerializer(serializers.Serializer):
    field = choice([("id_number", "公民身份号码"), ("phone", "联系电话")], "要查看的字段：id_number 或 phone")


class RevealResultSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="字段名")
    value = serializers.CharField(help_text="完整值")
