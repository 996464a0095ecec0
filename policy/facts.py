"""What an assessment knows about a household: the input of the means test and of every programme.

The Django side builds these from the registry (or the ``minzheng assess`` JSON); the programmes read
nothing else. Amounts are monthly ``Decimal`` yuan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from policy.ages import age_on
from policy.selfcare import SelfCareLevel

__all__ = [
    "Assessment",
    "AssetFacts",
    "ChildStatus",
    "ExpenseFacts",
    "HouseholdFacts",
    "IncomeFacts",
    "IncomeKind",
    "MemberFacts",
    "ProgramResult",
    "TraceStep",
]


class IncomeKind(StrEnum):
    """The four statutory categories, other income, and the kinds that rules may exclude."""

    WAGE = "wage"  # 工资性收入
    BUSINESS = "business"  # 经营净收入
    PROPERTY = "property"  # 财产净收入
    TRANSFER = "transfer"  # 转移净收入
    OTHER = "other"  # 其他应当计入的收入
    PENSION_BASIC = "pension_basic"  # 城乡居民基本养老保险基础养老金
    SPECIAL_CARE = "special_care"  # 优待抚恤金
    SCHOLARSHIP = "scholarship"  # 奖学金、助学金
    ASSISTANCE = "assistance"  # 政府发放的各类社会救助款物
    FAMILY_PLANNING = "family_planning"  # 计划生育奖励与扶助金
    BRAVERY_AWARD = "bravery_award"  # 见义勇为等奖励性补助

    @property
    def label(self) -> str:
        return {
            "wage": "工资性收入",
            "business": "经营净收入",
            "property": "财产净收入",
            "transfer": "转移净收入",
            "other": "其他收入",
            "pension_basic": "城乡居民基础养老金",
            "special_care": "优待抚恤金",
            "scholarship": "奖学金、助学金",
            "assistance": "社会救助款物",
            "family_planning": "计划生育奖励扶助金",
            "bravery_award": "见义勇为等奖励性补助",
        }[self.value]


class ChildStatus(StrEnum):
    """A caseworker's finding about a child's care, with evidence kept on the case."""

    NONE = ""
    ORPHAN = "orphan"  # 孤儿: both parents dead, or cannot be found
    DE_FACTO = "de_facto"  # 事实无人抚养儿童 (民发〔2019〕62号)
    IN_DIFFICULTY = "in_difficulty"  # 困境儿童


@dataclass(frozen=True, slots=True)
class IncomeFacts:
    kind: IncomeKind
    monthly: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberFacts:
    id_number: str
    name: str
    relation: str
    birth_date: date
    incomes: tuple[IncomeFacts, ...] = ()
    disability_category: str = ""  # as apps.registry.choices.DisabilityCategory values
    disability_grade: int | None = None
    self_care: SelfCareLevel | None = None
    serious_illness: bool = False
    in_school: bool = False
    employable: bool = False  # 有劳动能力
    employed: bool = False
    child_status: ChildStatus = ChildStatus.NONE
    institutional: bool = False  # 集中供养 / 机构集中养育, where the person lives in an institution
    supporter_able: bool = False  # a legal supporter (法定义务人) able to support them exists
    local_hukou: bool = True

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)


@dataclass(frozen=True, slots=True)
class AssetFacts:
    deposits: Decimal = Decimal("0")  # 银行存款、证券、基金、商业保险等金融资产合计
    vehicles: int = 0  # 机动车辆（不含残疾人功能性补偿代步车）
    homes: int = 0  # 住房套数
    business: int = 0  # 工商登记的经营主体


@dataclass(frozen=True, slots=True)
class ExpenseFacts:
    medical_12m: Decimal = Decimal("0")  # 近12个月自付医疗支出
    education_12m: Decimal = Decimal("0")  # 近12个月教育支出


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseholdFacts:
    area_code: str
    urban: bool
    members: tuple[MemberFacts, ...]
    assets: AssetFacts = field(default_factory=AssetFacts)
    expenses: ExpenseFacts = field(default_factory=ExpenseFacts)


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One rule applied: what it checked or computed, with its numbers and the policy it rests on."""

    rule: str  # short Chinese name of the rule, e.g. "家庭月人均收入"
    detail: str  # the computation in words and numbers, e.g. "(1200.00 + 300.00) ÷ 3 = 500.00"
    basis: str = ""  # the policy source, e.g. "民发〔2021〕57号第十三条；曾都区 2023-01-01起"
    outcome: str = ""  # "符合" / "不符合" / an amount, when the step decides something


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgramResult:
    """One programme's answer for one household."""

    program: str  # code, e.g. "dibao"
    label: str  # 中文名, e.g. "最低生活保障"
    eligible: bool
    monthly_amount: Decimal  # 0 when not eligible
    covered: tuple[str, ...] = ()  # ID numbers of the members the amount is for
    category: str = ""  # e.g. "低保边缘家庭", "集中供养"
    trace: tuple[TraceStep, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    """Every programme evaluated for one household on one day, with the shared means-test figures."""

    on: date
    area_code: str
    urban: bool
    per_capita_income: Decimal  # 家庭月人均收入, after exclusions and deductions
    income_trace: tuple[TraceStep, ...]
    results: tuple[ProgramResult, ...]
