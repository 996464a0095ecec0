"""The catalogue of local parameters (地方标准): each parameter's key, kind, unit, default and legal basis.

A new programme or office adds its parameters here; their values are database rows with effective dates
(apps/standards), never constants in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    MONEY = "money"  # Decimal yuan
    RATE = "rate"  # Decimal, 0.3 = 30%
    INT = "int"
    BOOL = "bool"
    CHOICE = "choice"
    BRACKETS = "brackets"  # JSON list of [from_age, monthly yuan], ascending
    CODES = "codes"  # JSON list of codes


@dataclass(frozen=True, slots=True)
class ParamDef:
    key: str
    label: str
    kind: Kind
    unit: str = ""
    default: str | None = None  # None: must be configured before the programme can be assessed
    per_kind: bool = False  # True: urban and rural values differ
    choices: tuple[str, ...] = ()
    basis: str = ""


def _p(
    key: str, label: str, kind: Kind, unit: str = "", default: str | None = None, **kw: object
) -> ParamDef:
    return ParamDef(key, label, kind, unit, default, **kw)  # type: ignore[arg-type]


_MONTH = "元/人·月"


def _w(state: str, what: str, default: str, basis: str) -> ParamDef:
    """The time limit of one application state (policy.workflow.AppState), in working days."""
    return ParamDef(f"workflow.days.{state}", f"办理时限：{what}", Kind.INT, "个工作日", default, basis=basis)


CATALOGUE: dict[str, ParamDef] = {
    p.key: p
    for p in [
        # 最低生活保障
        _p("dibao.standard", "低保标准", Kind.MONEY, _MONTH, per_kind=True, basis="社会救助暂行办法第十条"),
        _p("dibao.near_multiple", "低保边缘家庭收入倍数", Kind.RATE, "倍", "1.5", basis="民发〔2021〕57号"),
        _p(
            "dibao.income_excluded",
            "不计入家庭收入的收入类型",
            Kind.CODES,
            "",
            '["pension_basic","special_care","scholarship","assistance","family_planning","bravery_award"]',
            basis="民发〔2021〕57号第十三条",
        ),
        _p("dibao.job_cost_rate", "就业成本扣减（占低保标准）", Kind.RATE, "", "0", basis="地方规定"),
        _p(
            "dibao.asset_financial_months",
            "人均金融资产上限（低保标准的月数）",
            Kind.INT,
            "个月",
            "24",
            basis="地方家庭财产认定规定",
        ),
        _p("dibao.asset_max_homes", "住房套数上限", Kind.INT, "套", "1"),
        _p("dibao.asset_max_vehicles", "机动车辆上限（残疾人代步车除外）", Kind.INT, "辆", "0"),
        _p("dibao.asset_max_business", "工商登记（经营主体）上限", Kind.INT, "个", "0"),
        _p("dibao.supplement_elderly_age", "分类施保：老年人年龄", Kind.INT, "周岁", "70"),
        _p(
            "dibao.supplement_elderly_rate",
            "分类施保：老年人（占标准）",
            Kind.RATE,
            "",
            "0.1",
            basis="社会救助暂行办法第十二条",
        ),
        _p("dibao.supplement_disabled_rate", "分类施保：重度残疾人（占标准）", Kind.RATE, "", "0.2"),
        _p("dibao.supplement_minor_rate", "分类施保：未成年人（占标准）", Kind.RATE, "", "0.1"),
        _p("dibao.supplement_ill_rate", "分类施保：重病患者（占标准）", Kind.RATE, "", "0.2"),
        _p(
            "dibao.supplement_cumulative",
            "分类施保：可叠加（否则每人只取最高一项）",
            Kind.BOOL,
            "",
            "false",
            basis="地方规定",
        ),
        _p("dibao.minimum_rate", "最低补助（每名保障对象占标准）", Kind.RATE, "", "0.2", basis="地方规定"),
        _p("dibao.phase_out_months", "渐退期", Kind.INT, "个月", "6", basis="民发〔2021〕57号"),
        _p("dibao.rounding", "金额取整规则", Kind.CHOICE, "", "yuan", choices=("cent", "jiao", "yuan")),
        # 特困人员救助供养
        _p("tekun.basic_dispersed", "特困基本生活标准（分散）", Kind.MONEY, _MONTH, per_kind=True),
        _p("tekun.basic_institutional", "特困基本生活标准（集中）", Kind.MONEY, _MONTH, per_kind=True),
        _p("tekun.care_dispersed_full", "照料护理标准（分散·全自理）", Kind.MONEY, _MONTH, "0"),
        _p("tekun.care_dispersed_partial", "照料护理标准（分散·半失能）", Kind.MONEY, _MONTH),
        _p("tekun.care_dispersed_none", "照料护理标准（分散·全失能）", Kind.MONEY, _MONTH),
        _p("tekun.care_institutional_full", "照料护理标准（集中·全自理）", Kind.MONEY, _MONTH, "0"),
        _p("tekun.care_institutional_partial", "照料护理标准（集中·半失能）", Kind.MONEY, _MONTH),
        _p("tekun.care_institutional_none", "照料护理标准（集中·全失能）", Kind.MONEY, _MONTH),
        _p(
            "tekun.elderly_age",
            "特困：无劳动能力的老年人年龄",
            Kind.INT,
            "周岁",
            "60",
            basis="民发〔2021〕43号",
        ),
        _p(
            "tekun.minor_age",
            "特困：未成年人年龄上限（不含）",
            Kind.INT,
            "周岁",
            "16",
            basis="民发〔2021〕43号",
        ),
        # 儿童
        _p("orphan.institutional", "孤儿基本生活费（机构集中养育）", Kind.MONEY, _MONTH),
        _p("orphan.dispersed", "孤儿基本生活费（社会散居）", Kind.MONEY, _MONTH),
        _p("child.de_facto", "事实无人抚养儿童基本生活补贴", Kind.MONEY, _MONTH, basis="民发〔2019〕62号"),
        _p("child.in_difficulty", "困境儿童基本生活补贴", Kind.MONEY, _MONTH),
        # 残疾人两项补贴
        _p("disability.living", "困难残疾人生活补贴", Kind.MONEY, _MONTH, basis="国发〔2015〕52号"),
        _p("disability.nursing_grade1", "重度残疾人护理补贴（一级）", Kind.MONEY, _MONTH),
        _p("disability.nursing_grade2", "重度残疾人护理补贴（二级）", Kind.MONEY, _MONTH),
        _p("disability.living_near_dibao", "生活补贴扩大到低保边缘家庭", Kind.BOOL, "", "false"),
        # 高龄津贴、基本养老服务补贴
        _p("longevity.brackets", "高龄津贴年龄段", Kind.BRACKETS, "周岁→元/人·月"),
        _p("eldercare.min_age", "基本养老服务补贴：年龄", Kind.INT, "周岁", "60"),
        _p("eldercare.partial", "基本养老服务补贴（半失能）", Kind.MONEY, _MONTH),
        _p("eldercare.none", "基本养老服务补贴（全失能）", Kind.MONEY, _MONTH),
        _p(
            "eldercare.include_tekun",
            "基本养老服务补贴：含特困人员（否则仅低保对象）",
            Kind.BOOL,
            "",
            "true",
            basis="地方规定",
        ),
        # 刚性支出困难家庭、临时救助
        _p("income.disposable_annual", "上年度居民人均可支配收入", Kind.MONEY, "元/人·年", per_kind=True),
        _p(
            "rigid.expense_ratio",
            "刚性支出占家庭收入比例",
            Kind.RATE,
            "",
            "0.6",
            basis="《刚性支出困难家庭认定办法》(2024)",
        ),
        _p("temporary.cap_months", "临时救助上限（城市低保月标准的倍数）", Kind.INT, "倍", "6"),
        _p("temporary.township_months", "乡镇审批权限（城市低保月标准的倍数）", Kind.INT, "倍", "3"),
        # 月度发放 (policy.payroll): how partial months, 补发, 暂停 and 追回 are paid
        _p(
            "payroll.start_rule",
            "纳入、恢复当月（不足整月）发放方式",
            Kind.CHOICE,
            "",
            "full",
            choices=("full", "none", "by_day"),
            basis="民发〔2021〕57号：从作出确认同意决定之日下月起发放；不足整月的处理为地方规定（示例值：整月发放）",
        ),
        _p(
            "payroll.stop_rule",
            "暂停、停发、退出当月（不足整月）发放方式",
            Kind.CHOICE,
            "",
            "full",
            choices=("full", "none", "by_day"),
            basis="地方规定（示例值：当月照发，次月起停发）",
        ),
        _p("payroll.arrears_max_months", "补发最长追溯", Kind.INT, "个月", "12", basis="地方规定（示例值）"),
        _p(
            "payroll.recovery_cap_rate",
            "追回每月扣减上限（占当月应发）",
            Kind.RATE,
            "",
            "0.5",
            basis="地方规定（示例值）",
        ),
        _p(
            "payroll.recovery_cap_amount",
            "追回每月扣减上限（金额，0为不限）",
            Kind.MONEY,
            "元/月",
            "0",
            basis="地方规定（示例值）",
        ),
        _p(
            "payroll.resume_backpay",
            "暂停后恢复的，补发暂停期间的保障金",
            Kind.BOOL,
            "",
            "true",
            basis="地方规定（示例值）；停发期间不补发",
        ),
        # 低收入人口动态监测预警 (policy.monitoring)
        _p(
            "monitoring.medical_income_ratio",
            "预警：近12个月医疗自付占家庭年收入比例",
            Kind.RATE,
            "",
            "0.5",
            basis="国办发〔2023〕39号；地方做法如医疗自付超家庭年收入40%（示例值）",
        ),
        _p(
            "monitoring.income_drop_rate",
            "预警：家庭年收入较上年下降比例",
            Kind.RATE,
            "",
            "0.3",
            basis="地方做法（示例值）",
        ),
        _p(
            "monitoring.visit_days",
            "预警：主动发现入户核实时限",
            Kind.INT,
            "个工作日",
            "10",
            basis="地方做法（示例值）",
        ),
        _p(
            "monitoring.lookback_days",
            "预警：新增事件的回溯天数（新办残疾证、死亡、医疗结算）",
            Kind.INT,
            "天",
            "365",
            basis="地方做法（示例值）",
        ),
        _p(
            "monitoring.severe_disability_grades",
            "预警：重度残疾等级",
            Kind.CODES,
            "",
            '["1", "2"]',
            basis="重度残疾人 = 一级、二级（国发〔2015〕52号）",
        ),
        # 管理
        _p(
            "review.months_stable", "定期核查：收入稳定家庭", Kind.INT, "个月", "12", basis="民发〔2021〕57号"
        ),
        _p("review.months_irregular", "定期核查：收入不固定、有劳动能力家庭", Kind.INT, "个月", "6"),
        _p("approval.level", "审核确认机关", Kind.CHOICE, "", "county", choices=("county", "township")),
        # 办理时限 (policy.workflow reads them per area and day; 公示 in calendar days, the rest working days)
        _p(
            "workflow.publicity_days",
            "公示期",
            Kind.INT,
            "天",
            "7",
            basis="民发〔2021〕57号：在村(社区)公示7天",
        ),
        _w(
            "submitted",
            "受理或一次性告知",
            "5",
            "材料不齐全的当场或5日内一次性告知（参照行政许可法第三十二条）",
        ),
        _w("prepaid", "先行救助后补齐手续", "20", "先行救助后补齐手续（地方规定，如宁国20个工作日）"),
        _w("accepted", "受理后启动调查核对", "3", "民发〔2021〕57号：自受理之日起3个工作日内启动调查核对"),
        _w("verified", "入户调查", "10", "入户调查（地方规定，示例值）"),
        _w("surveyed", "提出初审意见并公示", "5", "提出初审意见并公示（地方规定，示例值）"),
        _w("publicising", "公示期满后审核确认", "10", "公示期满后作出确认（地方规定，如福州10个工作日）"),
        _w("objected", "公示异议复查", "15", "公示有异议的重新调查核实（地方规定，如福州15个工作日）"),
        _p(
            "workflow.overall_days",
            "办理时限：受理至审核确认",
            Kind.INT,
            "个工作日",
            "30",
            basis="民发〔2021〕57号：自受理之日起30个工作日内完成审核确认",
        ),
        _p(
            "workflow.overall_days_extended",
            "办理时限：特殊情况延长至",
            Kind.INT,
            "个工作日",
            "45",
            basis="民发〔2021〕57号：特殊情况可延长至45个工作日",
        ),
    ]
}
