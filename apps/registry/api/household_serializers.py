"""What the household endpoints read and write, field by field, with Chinese descriptions for the schema.

Identifiers leave masked, as in :mod:`.person_serializers`: ID numbers, phones, account numbers, and the
same fields inside the audit history's before/after values.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.areas.api import area_code_clean, area_code_field
from apps.core.models import AuditLog
from apps.registry.api.person_serializers import MASKED_ID, MASKED_PHONE, MemberWriteSerializer, age, choice
from apps.registry.choices import AccountType, HouseholdStatus
from apps.registry.models import Asset, Household, Income, Membership
from policy.privacy import mask_account, mask_id_number, mask_phone


class HouseholdSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="家庭ID（接口地址用）")
    number = serializers.CharField(read_only=True, help_text="户编号，如 421303-2026-JT-00123")
    area = serializers.CharField(source="area_id", read_only=True, help_text="所在村(社区)区划代码")
    area_name = serializers.CharField(source="area.name", read_only=True, help_text="所在村(社区)名称")
    township_name = serializers.SerializerMethodField(help_text="所在乡镇(街道)名称")
    is_urban = serializers.BooleanField(read_only=True, help_text="是否城市家庭")
    address = serializers.CharField(read_only=True, help_text="家庭住址")
    status = serializers.CharField(read_only=True, help_text="状态：active 正常，dissolved 已注销(合户)")
    status_label = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    head_name = serializers.CharField(read_only=True, allow_null=True, help_text="户主姓名")
    head_id_number = serializers.SerializerMethodField(help_text="户主" + MASKED_ID)
    head_phone = serializers.SerializerMethodField(help_text="户主" + MASKED_PHONE)
    member_count = serializers.IntegerField(read_only=True, allow_null=True, help_text="现有成员人数")

    def get_township_name(self, household: Household) -> str | None:
        parent = household.area.parent
        return parent.name if parent else None

    def get_head_id_number(self, household: Household) -> str:
        return mask_id_number(getattr(household, "head_id_number", ""))

    def get_head_phone(self, household: Household) -> str:
        return mask_phone(getattr(household, "head_phone", ""))


class MemberSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(read_only=True, help_text="人员编号")
    name = serializers.CharField(source="person.name", read_only=True, help_text="姓名")
    id_number = serializers.SerializerMethodField(help_text=MASKED_ID)
    sex = serializers.CharField(source="person.sex", read_only=True, help_text="性别：M 男，F 女")
    age = serializers.SerializerMethodField(help_text="年龄（周岁）")
    relation = serializers.CharField(read_only=True, help_text="与户主关系代码")
    relation_label = serializers.CharField(
        source="get_relation_display", read_only=True, help_text="与户主关系"
    )
    start_date = serializers.DateField(read_only=True, help_text="加入日期")

    def get_id_number(self, membership: Membership) -> str:
        return mask_id_number(membership.person.id_number)

    def get_age(self, membership: Membership) -> int:
        return age(membership.person)


class IncomeSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True, help_text="成员姓名")
    income_type_label = serializers.CharField(
        source="get_income_type_display", read_only=True, help_text="收入类型名称"
    )

    class Meta:
        model = Income
        fields = [
            "id",
            "person",
            "person_name",
            "income_type",
            "income_type_label",
            "amount",
            "period_start",
            "period_end",
            "note",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "收入编号"},
            "person": {"help_text": "成员的人员编号"},
            "income_type": {"help_text": "收入类型代码"},
            "amount": {"help_text": "金额（元，字符串表示的两位小数，不使用浮点数）"},
            "period_start": {"help_text": "起始日期"},
            "period_end": {"help_text": "截止日期"},
            "note": {"help_text": "说明"},
        }


class AssetSerializer(serializers.ModelSerializer):
    asset_type_label = serializers.CharField(
        source="get_asset_type_display", read_only=True, help_text="财产类型名称"
    )
    owner_name = serializers.SerializerMethodField(help_text="所有人姓名")

    class Meta:
        model = Asset
        fields = [
            "id",
            "asset_type",
            "asset_type_label",
            "description",
            "owner",
            "owner_name",
            "value",
            "registration_no",
            "area_sqm",
            "acquired_on",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "财产编号"},
            "asset_type": {"help_text": "财产类型代码"},
            "description": {"help_text": "说明"},
            "owner": {"help_text": "所有人的人员编号"},
            "value": {"help_text": "价值（元，字符串表示的两位小数）"},
            "registration_no": {"help_text": "登记号/车牌/产权证号"},
            "area_sqm": {"help_text": "面积（平方米）"},
            "acquired_on": {"help_text": "取得日期"},
        }

    def get_owner_name(self, asset: Asset) -> str | None:
        return asset.owner.name if asset.owner_id else None


class HouseholdDetailSerializer(HouseholdSummarySerializer):
    """One household with its current members, incomes and assets (set on it by the view)."""

    account_type = serializers.CharField(
        read_only=True, help_text="发放账户类型：bank 银行账户，sscard 社会保障卡"
    )
    account_type_label = serializers.CharField(
        source="get_account_type_display", read_only=True, help_text="发放账户类型名称"
    )
    bank_name = serializers.CharField(read_only=True, help_text="开户银行")
    account_number = serializers.SerializerMethodField(help_text="账号（已脱敏，只显示末四位）")
    account_holder = serializers.CharField(read_only=True, help_text="账户户名")
    created_at = serializers.DateTimeField(read_only=True, help_text="登记时间")
    updated_at = serializers.DateTimeField(read_only=True, help_text="更新时间")
    members = MemberSerializer(
        source="current_members", many=True, read_only=True, help_text="现有成员，户主在前"
    )
    incomes = IncomeSerializer(source="income_rows", many=True, read_only=True, help_text="收入")
    assets = AssetSerializer(source="asset_rows", many=True, read_only=True, help_text="财产")

    def get_account_number(self, household: Household) -> str:
        return mask_account(household.account_number)


class HouseholdWriteSerializer(serializers.Serializer):
    area = area_code_field(help_text="所在村(社区)的12位区划代码，须在您的辖区内")
    address = serializers.CharField(max_length=200, help_text="家庭住址")
    is_urban = serializers.BooleanField(
        required=False, allow_null=True, help_text="是否城市家庭；为空或省略时取所在村(社区)的默认值"
    )
    account_type = choice(
        AccountType.choices, "发放账户类型：bank 银行账户，sscard 社会保障卡", required=False
    )
    bank_name = serializers.CharField(required=False, allow_blank=True, max_length=60, help_text="开户银行")
    account_number = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text="账号（8–30位数字）"
    )
    account_holder = serializers.CharField(
        required=False, allow_blank=True, max_length=50, help_text="账户户名"
    )

    def validate_area(self, value: str) -> str:
        return area_code_clean(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.partial and not attrs:
            raise serializers.ValidationError("请至少提供一个要修改的字段")
        return attrs


class HouseholdCreateSerializer(HouseholdWriteSerializer):
    members = MemberWriteSerializer(many=True, help_text="成员：恰好一名户主（relation 为 head）")


class HouseholdQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=50, help_text="成员姓名（从开头匹配）或身份号码（全部或前几位）"
    )
    area = area_code_field(required=False, help_text="只看此区划以内的家庭（须在您的辖区内）")
    is_urban = serializers.BooleanField(
        required=False, allow_null=True, help_text="true 城市家庭，false 农村家庭"
    )
    status = choice(
        [*HouseholdStatus.choices, ("all", "全部")],
        "状态：active（默认）、dissolved 或 all",
        required=False,
        default=HouseholdStatus.ACTIVE,
    )
    has_disabled = serializers.BooleanField(required=False, help_text="只看有残疾成员的家庭")
    has_elderly_since = serializers.DateField(required=False, help_text="只看有成员在此日期或之前出生的家庭")

    def validate_area(self, value: str) -> str:
        return area_code_clean(value)


_MASKS = {"id_number": mask_id_number, "phone": mask_phone, "account_number": mask_account}


def _redact(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """Audit snapshots hold full identifiers; the history shown to every viewer must not."""
    if values is None:
        return None
    out = {k: (_MASKS[k](v) if k in _MASKS and isinstance(v, str) else v) for k, v in values.items()}
    if isinstance(out.get("birth_date"), str):
        out["birth_date"] = out["birth_date"][:4] + "-**-**"  # with the masked number it would rebuild it
    return out


class HistorySerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True, help_text="操作名称")
    before = serializers.SerializerMethodField(
        help_text="修改前的值（只含改动的字段；证件号、电话、账号已脱敏）"
    )
    after = serializers.SerializerMethodField(help_text="修改后的值（同上）")

    class Meta:
        model = AuditLog
        fields = [
            "id",
            "at",
            "actor_name",
            "action",
            "action_label",
            "entity_type",
            "entity_id",
            "summary",
            "before",
            "after",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "审计记录编号"},
            "at": {"help_text": "时间"},
            "actor_name": {"help_text": "操作人"},
            "action": {"help_text": "操作代码"},
            "entity_type": {"help_text": "对象类型"},
            "entity_id": {"help_text": "对象编号"},
            "summary": {"help_text": "摘要"},
        }

    def get_before(self, row: AuditLog) -> dict[str, Any] | None:
        return _redact(row.before)

    def get_after(self, row: AuditLog) -> dict[str, Any] | None:
        return _redact(row.after)
