"""People, households, the membership that links them over time, incomes, assets and duplicate flags.

A household's area is the key of all scoping. A person is in scope when their current household is, or,
when they are in no household, when their 户籍 area is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.registry.choices import (
    ETHNICITY_CHOICES,
    AccountType,
    AssetType,
    DisabilityCategory,
    DisabilityGrade,
    DuplicateStatus,
    Employment,
    HouseholdStatus,
    IncomeType,
    MembershipEnd,
    RelationChoices,
    SexChoices,
)
from policy.household import Relation
from policy.selfcare import SelfCareLevel, SelfCareRating, self_care_level


class Person(models.Model):
    name = models.CharField("姓名", max_length=50, db_index=True)
    id_number = models.CharField("公民身份号码", max_length=18, unique=True)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=1, choices=SexChoices.choices)
    ethnicity = models.CharField("民族", max_length=10, choices=ETHNICITY_CHOICES, default="汉族")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    hukou_area = models.ForeignKey(
        "areas.Area", verbose_name="户籍地", on_delete=models.PROTECT, related_name="+"
    )
    residence_area = models.ForeignKey(
        "areas.Area", verbose_name="居住地", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    residence_address = models.CharField("居住地址", max_length=200, blank=True)
    disability_category = models.CharField(
        "残疾类别", max_length=16, choices=DisabilityCategory.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        "残疾等级", choices=DisabilityGrade.choices, null=True, blank=True
    )
    disability_cert_no = models.CharField("残疾人证号", max_length=30, blank=True)
    # 生活自理能力评估: each is True where the person manages unaided; all null means not yet assessed.
    care_eat = models.BooleanField("自主吃饭", null=True, blank=True)
    care_dress = models.BooleanField("自主穿衣", null=True, blank=True)
    care_transfer = models.BooleanField("自主上下床", null=True, blank=True)
    care_toilet = models.BooleanField("自主如厕", null=True, blank=True)
    care_walk = models.BooleanField("室内自主行走", null=True, blank=True)
    care_bathe = models.BooleanField("自主洗澡", null=True, blank=True)
    care_assessed_on = models.DateField("自理能力评估日期", null=True, blank=True)
    serious_illness = models.BooleanField("患重特大疾病", default=False)
    illness_note = models.CharField("疾病说明", max_length=200, blank=True)
    employment = models.CharField("就业状况", max_length=16, choices=Employment.choices, blank=True)
    death_date = models.DateField("死亡日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        indexes = [models.Index(fields=["name", "birth_date"])]

    def __str__(self) -> str:
        return self.name

    @property
    def self_care(self) -> SelfCareLevel | None:
        items = [
            self.care_eat,
            self.care_dress,
            self.care_transfer,
            self.care_toilet,
            self.care_walk,
            self.care_bathe,
        ]
        if any(v is None for v in items):
            return None
        return self_care_level(SelfCareRating(*[bool(v) for v in items]))


class Household(models.Model):
    number = models.CharField("户编号", max_length=32, unique=True)
    area = models.ForeignKey(
        "areas.Area", verbose_name="所在村(社区)", on_delete=models.PROTECT, related_name="+"
    )
    is_urban = models.BooleanField("城市家庭", default=False)
    address = models.CharField("家庭住址", max_length=200)
    account_type = models.CharField(
        "发放账户类型", max_length=8, choices=AccountType.choices, default=AccountType.BANK
    )
    bank_name = models.CharField("开户银行", max_length=60, blank=True)
    account_number = models.CharField("账号", max_length=32, blank=True)
    account_holder = models.CharField("账户户名", max_length=50, blank=True)
    status = models.CharField("状态", max_length=12, choices=HouseholdStatus.choices, default="active")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "家庭"
        verbose_name_plural = "家庭"
        indexes = [
            models.Index(fields=["area", "id"]),
            # The household list's default order: most recently changed first.
            models.Index(fields=["-updated_at", "-id"], name="household_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class Membership(models.Model):
    """A person's time in a household. The open row (no end date) is the current one; there is at most one."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="memberships"
    )
    household = models.ForeignKey(
        Household, verbose_name="家庭", on_delete=models.PROTECT, related_name="memberships"
    )
    relation = models.CharField("与户主关系", max_length=16, choices=RelationChoices.choices)
    start_date = models.DateField("加入日期")
    end_date = models.DateField("离开日期", null=True, blank=True)
    end_reason = models.CharField("离开原因", max_length=10, choices=MembershipEnd.choices, blank=True)

    class Meta:
        verbose_name = "家庭成员关系"
        verbose_name_plural = "家庭成员关系"
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="one_current_household_per_person"
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(end_date__isnull=True, relation=Relation.HEAD.value),
                name="one_current_head_per_household",
            ),
        ]
        indexes = [models.Index(fields=["household", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.household}"


class Income(models.Model):
    person = models.ForeignKey(Person, verbose_name="成员", on_delete=models.PROTECT, related_name="incomes")
    household = models.ForeignKey(
        Household, verbose_name="家庭", on_delete=models.PROTECT, related_name="incomes"
    )
    income_type = models.CharField("收入类型", max_length=10, choices=IncomeType.choices)
    amount = models.DecimalField("金额(元)", max_digits=12, decimal_places=2)
    period_start = models.DateField("起始日期")
    period_end = models.DateField("截止日期")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "收入"
        verbose_name_plural = "收入"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="income_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_income_type_display()} {self.amount}元"


class Asset(models.Model):
    household = models.ForeignKey(
        Household, verbose_name="家庭", on_delete=models.PROTECT, related_name="assets"
    )
    owner = models.ForeignKey(
        Person, verbose_name="所有人", on_delete=models.PROTECT, related_name="assets", null=True, blank=True
    )
    asset_type = models.CharField("财产类型", max_length=12, choices=AssetType.choices)
    description = models.CharField("说明", max_length=200)
    value = models.DecimalField("价值(元)", max_digits=14, decimal_places=2, null=True, blank=True)
    registration_no = models.CharField("登记号/车牌/产权证号", max_length=60, blank=True)
    area_sqm = models.DecimalField("面积(平方米)", max_digits=9, decimal_places=2, null=True, blank=True)
    acquired_on = models.DateField("取得日期", null=True, blank=True)

    class Meta:
        verbose_name = "财产"
        verbose_name_plural = "财产"

    def __str__(self) -> str:
        return f"{self.get_asset_type_display()} {self.description}"


class DuplicateFlag(models.Model):
    """Two records with the same name and birth date but different ID numbers: maybe one person."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="duplicate_flags")
    other = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=DuplicateStatus.choices, default="open")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "疑似重复人员"
        verbose_name_plural = "疑似重复人员"
        constraints = [models.UniqueConstraint(fields=["person", "other"], name="one_flag_per_pair")]

    def __str__(self) -> str:
        return f"{self.person_id} ~ {self.other_id} ({self.get_status_display()})"
