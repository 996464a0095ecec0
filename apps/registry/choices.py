"""Fixed lists of the registry, with the Chinese labels that forms, imports and exports use."""

from __future__ import annotations

from django.db import models

from policy.household import RELATION_LABELS, Relation

ETHNIC_GROUPS = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
ETHNICITY_CHOICES = [(e, e) for e in ETHNIC_GROUPS]

RelationChoices = models.TextChoices(  # type: ignore[misc]
    "RelationChoices", [(r.name, (r.value, RELATION_LABELS[r])) for r in Relation]
)


class SexChoices(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class DisabilityCategory(models.TextChoices):
    VISUAL = "visual", "视力残疾"
    HEARING = "hearing", "听力残疾"
    SPEECH = "speech", "言语残疾"
    PHYSICAL = "physical", "肢体残疾"
    INTELLECTUAL = "intellectual", "智力残疾"
    MENTAL = "mental", "精神残疾"
    MULTIPLE = "multiple", "多重残疾"


class DisabilityGrade(models.IntegerChoices):
    ONE = 1, "一级"
    TWO = 2, "二级"
    THREE = 3, "三级"
    FOUR = 4, "四级"


class Employment(models.TextChoices):
    EMPLOYED = "employed", "在业"
    FARMING = "farming", "务农"
    UNEMPLOYED = "unemployed", "失业"
    RETIRED = "retired", "离退休"
    STUDENT = "student", "在校学生"
    PRESCHOOL = "preschool", "学龄前儿童"
    UNABLE = "unable", "丧失劳动能力"
    NONE = "none", "无业"


class IncomeType(models.TextChoices):
    WAGE = "wage", "工资性收入"
    BUSINESS = "business", "经营净收入"
    PROPERTY = "property", "财产净收入"
    TRANSFER = "transfer", "转移净收入"
    OTHER = "other", "其他收入"


class AssetType(models.TextChoices):
    VEHICLE = "vehicle", "机动车辆"
    HOUSING = "housing", "房产"
    DEPOSIT = "deposit", "银行存款"
    SECURITIES = "securities", "有价证券/基金/保险"
    BUSINESS = "business", "工商登记(经营主体)"
    OTHER = "other", "其他财产"


class AccountType(models.TextChoices):
    BANK = "bank", "银行账户"
    SSCARD = "sscard", "社会保障卡"


class MembershipEnd(models.TextChoices):
    MOVED = "moved", "迁出到其他家庭"
    SPLIT = "split", "分户"
    MERGED = "merged", "合户"
    DIED = "died", "死亡"
    REMOVED = "removed", "移出家庭"


class HouseholdStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    DISSOLVED = "dissolved", "已注销(合户)"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", "待核实"
    DISTINCT = "distinct", "核实为不同人"
    SAME = "same", "核实为同一人"
