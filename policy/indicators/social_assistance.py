"""社会救助's indicators: every figure the 民政统计 monthly table, the annual appendix and 目标管理 report.

Sections of the code (``MZ`` + section + line):

====  ==============================================================================================
01–04 the 民政统计 monthly table: 社会救助对象, 社会福利对象, 累计支出, 保障水平 (the table's own codes)
05    totals across programmes (城乡低保, 救助资金, 儿童生活费, 在保对象合计, 临时救助人均)
06    保障标准 in force
07    数据比对 leads of every source together; 31–40 the same per data source, in the order of
      :data:`policy.crosscheck.SOURCES`
08    动态监测 alerts
09    entered by hand in 目标管理, with evidence (the data does not record them)
11–20 each monthly programme by 城乡 (the annual appendix's lines): 城市 01–07, 农村 11–17 —
      户数, 人数, 本年新增户数, 新增人数, 本年退出户数, 退出人数, 累计支出 — except where the monthly table
      already has the figure (城市低保户数 is MZ0101 wherever it is shown)
====  ==============================================================================================

Only what the data supports is computed: 特困 集中/分散 供养 is not split (the cases do not record the
供养形式), and 残疾人两项补贴 is one line (a case is one 两项补贴 case).
"""

from __future__ import annotations

from policy.crosscheck import SOURCES
from policy.indicators.catalogue import Indicator, Office, Period, Rule, Unit
from policy.indicators.rules import (
    AlertFigure,
    AlertRule,
    EnteredRule,
    FactRule,
    LeadFigure,
    LeadRule,
    StandardRule,
)
from policy.statistics.measures import Measure

__all__ = ["INDICATORS", "MONTHLY_PROGRAMS", "PROGRAM_NAMES"]

OFFICE = Office.SOCIAL_ASSISTANCE
H, P, NH, NP, XH, XP = (
    Measure.HOUSEHOLDS,
    Measure.PERSONS,
    Measure.NEW_HOUSEHOLDS,
    Measure.NEW_PERSONS,
    Measure.EXIT_HOUSEHOLDS,
    Measure.EXIT_PERSONS,
)
PAID, GRANTS, GRANT_CENTS = Measure.PAID_CENTS, Measure.GRANTS, Measure.GRANT_CENTS
END, MON, YTD, DAY, YEAR = Period.MONTH_END, Period.MONTH, Period.YEAR_TO_DATE, Period.DAY, Period.YEAR
U, R, B, W = Unit.HOUSEHOLDS, Unit.PERSONS, Unit.TIMES, Unit.TEN_THOUSAND_YUAN

# The monthly programmes, in the order the case list names them, with how an indicator names their
# people and their money (临时救助 is paid once: counted as 人次 and 金额, never as cases).
PROGRAM_NAMES: dict[str, tuple[str, str]] = {
    "dibao": ("低保", "低保"),
    "near_dibao": ("低保边缘家庭", "低保边缘家庭救助"),
    "rigid_expense": ("刚性支出困难家庭", "刚性支出困难家庭救助"),
    "tekun": ("特困人员救助供养", "特困人员救助供养"),
    "orphan": ("孤儿", "孤儿基本生活费"),
    "de_facto_child": ("事实无人抚养儿童", "事实无人抚养儿童基本生活补贴"),
    "child_in_difficulty": ("困境儿童", "困境儿童基本生活补贴"),
    "disability": ("残疾人两项补贴", "残疾人两项补贴"),
    "longevity": ("高龄津贴", "高龄津贴"),
    "eldercare": ("基本养老服务补贴", "基本养老服务补贴"),
}
MONTHLY_PROGRAMS = tuple(PROGRAM_NAMES)
DIBAO, TEKUN, TEMPORARY = ("dibao",), ("tekun",), ("temporary",)
CHILDREN = ("orphan", "de_facto_child", "child_in_difficulty")

_END = "统计月末在保（暂停、停发不计）"
_PAID = "已审批发放表中银行确认到账的金额"
_BASIS: dict[tuple[Measure, Period], str] = {
    (H, END): _END,
    (P, END): _END + "，人数为保障成员",
    (NH, MON): "纳入在统计月生效的",
    (NP, MON): "纳入在统计月生效的保障成员",
    (XH, MON): "退出在统计月生效的",
    (XP, MON): "退出在统计月生效的，人数按上月保障成员计",
    (NH, YTD): "纳入在本年1月至统计月生效的",
    (NP, YTD): "纳入在本年1月至统计月生效的保障成员",
    (XH, YTD): "退出在本年1月至统计月生效的",
    (XP, YTD): "退出在本年1月至统计月生效的，人数按退出前一月保障成员计",
    (PAID, MON): _PAID + "，统计月（与资金台账一致）",
    (PAID, YTD): _PAID + "，本年1月至统计月累计（与资金台账一致）",
    (GRANTS, MON): "按审批确认月份统计",
    (GRANTS, YTD): "按审批确认月份累计",
    (GRANT_CENTS, MON): "审批确认的临时救助金额，统计月",
    (GRANT_CENTS, YTD): "审批确认的临时救助金额，本年1月至统计月累计",
}


def _fact(code: str, name: str, unit: Unit, period: Period, rule: FactRule, basis: str = "") -> Indicator:
    places = 2 if unit is W or rule.per is not None else 0
    text = basis or _BASIS[(rule.measures[0], period)]
    return Indicator(code, name, unit, period, OFFICE, rule, text, places)


def _f(code: str, name: str, unit: Unit, measure: Measure, programs: tuple[str, ...], urban: bool | None,
       period: Period, per: Measure | None = None) -> Indicator:  # fmt: skip
    basis = "统计月实发金额 ÷ 月末在保人数" if per is not None else ""
    return _fact(code, name, unit, period, FactRule((measure,), programs, urban, per), basis)


# The 民政统计 monthly table (社会救助 section): its codes are the form's.
MONTHLY: tuple[Indicator, ...] = (
    _f("MZ0101", "城市低保户数", U, H, DIBAO, True, END),
    _f("MZ0102", "城市低保人数", R, P, DIBAO, True, END),
    _f("MZ0103", "农村低保户数", U, H, DIBAO, False, END),
    _f("MZ0104", "农村低保人数", R, P, DIBAO, False, END),
    _f("MZ0105", "当月新增低保户数", U, NH, DIBAO, None, MON),
    _f("MZ0106", "当月新增低保人数", R, NP, DIBAO, None, MON),
    _f("MZ0107", "当月退出低保户数", U, XH, DIBAO, None, MON),
    _f("MZ0108", "当月退出低保人数", R, XP, DIBAO, None, MON),
    _f("MZ0109", "城市特困人员救助供养人数", R, P, TEKUN, True, END),
    _f("MZ0110", "农村特困人员救助供养人数", R, P, TEKUN, False, END),
    _f("MZ0111", "当月临时救助人次", B, GRANTS, TEMPORARY, None, MON),
    _f("MZ0112", "当月临时救助金额", W, GRANT_CENTS, TEMPORARY, None, MON),
    _f("MZ0201", "享受高龄津贴的老年人数", R, P, ("longevity",), None, END),
    _f("MZ0202", "享受残疾人两项补贴人数", R, P, ("disability",), None, END),
    _f("MZ0203", "孤儿数", R, P, ("orphan",), None, END),
    _f("MZ0204", "事实无人抚养儿童数", R, P, ("de_facto_child",), None, END),
    _f("MZ0205", "困境儿童数", R, P, ("child_in_difficulty",), None, END),
    _f("MZ0301", "最低生活保障累计支出", W, PAID, DIBAO, None, YTD),
    _f("MZ0302", "城市低保累计支出", W, PAID, DIBAO, True, YTD),
    _f("MZ0303", "农村低保累计支出", W, PAID, DIBAO, False, YTD),
    _f("MZ0304", "特困人员救助供养累计支出", W, PAID, TEKUN, None, YTD),
    _f("MZ0305", "城市特困人员救助供养累计支出", W, PAID, TEKUN, True, YTD),
    _f("MZ0306", "农村特困人员救助供养累计支出", W, PAID, TEKUN, False, YTD),
    _f("MZ0307", "临时救助累计支出", W, GRANT_CENTS, TEMPORARY, None, YTD),
    _f("MZ0308", "临时救助累计人次", B, GRANTS, TEMPORARY, None, YTD),
    _f("MZ0309", "高龄津贴累计支出", W, PAID, ("longevity",), None, YTD),
    _f("MZ0310", "残疾人两项补贴累计支出", W, PAID, ("disability",), None, YTD),
    _f("MZ0311", "孤儿基本生活费累计支出", W, PAID, ("orphan",), None, YTD),
    _f("MZ0312", "事实无人抚养儿童基本生活补贴累计支出", W, PAID, ("de_facto_child",), None, YTD),
    _f("MZ0401", "城市低保月人均补助水平", Unit.YUAN_PER_PERSON_MONTH, PAID, DIBAO, True, MON, per=P),
    _f("MZ0402", "农村低保月人均补助水平", Unit.YUAN_PER_PERSON_MONTH, PAID, DIBAO, False, MON, per=P),
)  # fmt: skip

TOTALS: tuple[Indicator, ...] = (
    _f("MZ0501", "城乡低保户数", U, H, DIBAO, None, END),
    _f("MZ0502", "城乡低保人数", R, P, DIBAO, None, END),
    _f("MZ0503", "特困人员救助供养人数", R, P, TEKUN, None, END),
    _f("MZ0504", "儿童福利生活费累计支出", W, PAID, CHILDREN, None, YTD),
    _fact("MZ0505", "救助资金累计支出", W, YTD, FactRule((PAID, GRANT_CENTS)),
          _BASIS[(PAID, YTD)] + "，含临时救助"),
    _f("MZ0506", "按月发放项目累计支出", W, PAID, MONTHLY_PROGRAMS, None, YTD),
    _f("MZ0507", "当月按月发放项目支出", W, PAID, MONTHLY_PROGRAMS, None, MON),
    _fact("MZ0508", "当月救助资金支出", W, MON, FactRule((PAID, GRANT_CENTS)),
          _BASIS[(PAID, MON)] + "，含临时救助"),
    _fact("MZ0509", "临时救助人均救助水平", Unit.YUAN, YTD,
          FactRule((GRANT_CENTS,), TEMPORARY, per=GRANTS, places=0, no_base=None),
          "本年临时救助金额 ÷ 救助人次，元，取整"),
    _f("MZ0510", "在保对象合计户数", U, H, MONTHLY_PROGRAMS, None, END),
    _f("MZ0511", "在保对象合计人数", R, P, MONTHLY_PROGRAMS, None, END),
    _f("MZ0512", "本年新增在保对象合计户数", U, NH, MONTHLY_PROGRAMS, None, YTD),
    _f("MZ0513", "本年新增在保对象合计人数", R, NP, MONTHLY_PROGRAMS, None, YTD),
    _f("MZ0514", "本年退出在保对象合计户数", U, XH, MONTHLY_PROGRAMS, None, YTD),
    _f("MZ0515", "本年退出在保对象合计人数", R, XP, MONTHLY_PROGRAMS, None, YTD),
)  # fmt: skip

_STD = "统计日执行的地方标准（县级或上级配置）"
_YM = Unit.YUAN_PER_PERSON_MONTH


def _s(code: str, name: str, key: str, urban: bool = True) -> Indicator:
    return Indicator(code, name, _YM, DAY, OFFICE, StandardRule(key, urban), _STD)


STANDARDS: tuple[Indicator, ...] = (
    _s("MZ0601", "城市低保保障标准", "dibao.standard"),
    _s("MZ0602", "农村低保保障标准", "dibao.standard", False),
    _s("MZ0603", "城市特困人员基本生活标准", "tekun.basic_dispersed"),
    _s("MZ0604", "农村特困人员基本生活标准", "tekun.basic_dispersed", False),
    _s("MZ0605", "社会散居孤儿基本生活费标准", "orphan.dispersed"),
    _s("MZ0606", "机构集中养育孤儿基本生活费标准", "orphan.institutional"),
    _s("MZ0607", "事实无人抚养儿童基本生活补贴标准", "child.de_facto"),
    _s("MZ0608", "困难残疾人生活补贴标准", "disability.living"),
    _s("MZ0609", "重度残疾人护理补贴标准（一级）", "disability.nursing_grade1"),
)

# (figure, how a line names it, unit, decimals, basis)
_LEAD_LINES: tuple[tuple[LeadFigure, str, Unit, int, str], ...] = (
    (LeadFigure.FOUND, "疑似问题线索发现数", Unit.ITEMS, 0, "本年发现的线索"),
    (LeadFigure.CONFIRMED, "核实属实线索数", Unit.ITEMS, 0, "本年发现、核实属实的线索（含已处理）"),
    (LeadFigure.UNFOUNDED, "核实不属实线索数", Unit.ITEMS, 0, "本年发现、核实不属实的线索"),
    (LeadFigure.REMEDIED, "已处理线索数", Unit.ITEMS, 0, "本年发现、已处理完毕的线索"),
    (LeadFigure.REMEDIED_RATE, "疑似问题线索处理率", Unit.PERCENT, 1,
     "本年发现的线索中，已处理的占核实属实的比例"),
    (LeadFigure.AMOUNT, "属实线索涉及金额", Unit.YUAN, 2, "本年发现、核实属实的线索涉及的金额"),
)  # fmt: skip


def _leads(section: int, source_code: str = "", label: str = "") -> tuple[Indicator, ...]:
    out = []
    for n, (figure, name, unit, places, basis) in enumerate(_LEAD_LINES, start=1):
        rule = LeadRule(figure, source_code)
        text = basis + (f"（{label}）" if label else "")
        out.append(Indicator(f"MZ{section:02d}{n:02d}", label + name, unit, YEAR, OFFICE, rule, text, places))
    return tuple(out)


# A source's section is its place in SOURCES (31 is the first): a new source is added at the end there,
# so that no code moves (tests/policy/test_indicators.py holds the order).
LEADS: tuple[Indicator, ...] = _leads(7) + tuple(
    indicator
    for n, source in enumerate(SOURCES.values(), start=31)
    for indicator in _leads(n, source.code, source.label)
)
ALERTS: tuple[Indicator, ...] = (
    Indicator("MZ0801", "预警信息按时核实率", Unit.PERCENT, YEAR, OFFICE, AlertRule(AlertFigure.ON_TIME_RATE),
              "本年预警中，已到核实期限或已核实的，在期限内入户核实的比例", 1),
)  # fmt: skip


def _e(code: str, name: str, unit: Unit, words: tuple[str, ...], reason: str, places: int = 0) -> Indicator:
    rule = EnteredRule(words, reason)
    return Indicator(code, name, unit, YEAR, OFFICE, rule, "目标管理中人工填报，附截至日期和佐证材料", places)


# What the data cannot compute yet; a county's target whose name holds the words reports it.
ENTERED: tuple[Indicator, ...] = (
    _e("MZ0901", "特困人员集中供养率", Unit.PERCENT, ("集中供养率",),
       "在保对象未记录供养形式（集中/分散），无法计算，请按供养机构名册填报并上传依据", 1),
    _e("MZ0902", "每千名老年人养老床位数", Unit.BEDS, ("千名老年人", "床位"),
       "系统尚无养老机构和床位数据，请按养老机构统计填报并上传依据", 1),
    _e("MZ0903", "家庭照护床位数", Unit.BEDS, ("照护床位",), "系统尚无养老服务数据，请填报并上传依据"),
    _e("MZ0904", "社区养老服务综合体", Unit.COUNT, ("养老服务综合体",),
       "系统尚无养老设施数据，请填报并上传依据"),
    _e("MZ0905", "公益创投项目", Unit.COUNT, ("公益创投",), "系统尚无社会组织项目数据，请填报并上传依据"),
)  # fmt: skip

# Each monthly programme by 城乡, as the annual appendix lists it: (line, measure, period).
_LINES: tuple[tuple[int, Measure, Period], ...] = (
    (1, H, END), (2, P, END), (3, NH, YTD), (4, NP, YTD), (5, XH, YTD), (6, XP, YTD), (7, PAID, YTD),
)  # fmt: skip


def _line_name(measure: Measure, area: str, subject: str, fund: str) -> str:
    return {
        H: f"{area}{subject}户数",
        P: f"{area}{subject}人数",
        NH: f"本年新增{area}{subject}户数",
        NP: f"本年新增{area}{subject}人数",
        XH: f"本年退出{area}{subject}户数",
        XP: f"本年退出{area}{subject}人数",
        PAID: f"{area}{fund}累计支出",
    }[measure]


def _programme_lines(taken: set[tuple[Rule, Period]]) -> tuple[Indicator, ...]:
    out = []
    for section, (program, (subject, fund)) in enumerate(PROGRAM_NAMES.items(), start=11):
        for urban, offset, area in ((True, 0, "城市"), (False, 10, "农村")):
            for line, measure, period in _LINES:
                rule = FactRule((measure,), (program,), urban)
                if (rule, period) in taken:
                    continue  # the monthly table's code already names this figure
                unit = W if measure is PAID else R if measure in (P, NP, XP) else U
                name = _line_name(measure, area, subject, fund)
                out.append(_fact(f"MZ{section:02d}{line + offset:02d}", name, unit, period, rule))
    return tuple(out)


PROGRAMME_LINES = _programme_lines({(i.rule, i.period) for i in MONTHLY})
INDICATORS: tuple[Indicator, ...] = MONTHLY + TOTALS + STANDARDS + LEADS + ALERTS + ENTERED + PROGRAMME_LINES
