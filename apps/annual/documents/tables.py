"""The appendix laid out as tables — one layout that the page, the DOCX and the XLSX all print, so the three
never disagree. Cells are numbers (int for counts, Decimal for money and rates) or text; nothing here
computes a figure beyond the sums of its own rows and the rates of policy.annual.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from apps.annual.selectors import AppendixView
from policy.annual import Appendix, CaseLine, remedied_rate
from policy.money import wan_yuan, yuan_per
from policy.statistics import change_rate

Cell = int | Decimal | str | None
DASH = "—"


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: bool = False  # the last row is a 合计
    note: str = ""


def _end_label(a: Appendix) -> str:
    return "年末" if a.full_year else f"{a.through.month}月末"


def _case_row(line: CaseLine) -> tuple[Cell, ...]:
    return (
        line.label,
        line.area_label,
        line.households,
        line.persons,
        line.previous_households,
        line.previous_persons,
        line.new_households,
        line.new_persons,
        line.exit_households,
        line.exit_persons,
    )


def _sum_rows(rows: list[tuple[Cell, ...]], first: int) -> tuple[Cell, ...]:
    """A 合计 row: the numeric columns from ``first`` on summed, the label columns blank."""
    width = len(rows[0]) if rows else first
    out: list[Cell] = ["合计", *([""] * (first - 1))]
    for col in range(first, width):
        values = [r[col] for r in rows if isinstance(r[col], int | Decimal)]
        out.append(
            sum(values, start=Decimal(0)) if any(isinstance(v, Decimal) for v in values) else sum(values)
        )
    return tuple(out)


def cases_table(a: Appendix) -> Table:
    end = _end_label(a)
    rows = [_case_row(line) for line in a.cases]
    headers = ("救助项目", "城乡", f"{end}户数", f"{end}人数", "上年末户数", "上年末人数")
    headers += (f"{a.period}新增户数", f"{a.period}新增人数", f"{a.period}退出户数", f"{a.period}退出人数")
    return Table(
        "cases",
        f"一、在保对象（{a.end}）",
        headers,
        (*rows, _sum_rows(rows, 2)) if rows else (),
        total=bool(rows),
        note="户数按在保对象（一户一个项目计一户）统计，人数为保障成员；暂停、停发的不计入在保。",
    )


def money_table(a: Appendix) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for line in a.cases:
        rate = change_rate(line.paid_cents, line.previous_paid_cents) if a.full_year else None
        rows.append(
            (
                line.label,
                line.area_label,
                wan_yuan(line.paid_cents),
                wan_yuan(line.previous_paid_cents),
                rate if rate is not None else DASH,
            )
        )
    if a.grants or a.previous_grants:
        rate = change_rate(a.grant_cents, a.previous_grant_cents) if a.full_year else None
        rows.append(
            (
                "临时救助",
                DASH,
                wan_yuan(a.grant_cents),
                wan_yuan(a.previous_grant_cents),
                rate if rate is not None else DASH,
            )
        )
    total_rate = change_rate(a.total_cents, a.previous_total_cents) if a.full_year else None
    # The 合计 is rounded from the fen once, not added up from rounded 万元, so it equals the ledger.
    total = (
        "合计",
        "",
        wan_yuan(a.total_cents),
        wan_yuan(a.previous_total_cents),
        total_rate if total_rate is not None else DASH,
    )
    previous = "上年全年支出（万元）" if not a.full_year else "上年支出（万元）"
    return Table(
        "money",
        f"二、救助资金支出（{a.period}）",
        ("救助项目", "城乡", f"{a.period}支出（万元）", previous, "增减（%）"),
        (*rows, total),
        total=True,
        note="支出为已审批发放表中银行确认到账的金额（与资金台账一致），补发、追回计入发放当月；"
        "临时救助按审批确认的救助金额计。",
    )


def months_table(view: AppendixView) -> Table:
    rows = [
        (f"{m.month:%Y-%m}", wan_yuan(m.paid_cents), wan_yuan(m.grant_cents), wan_yuan(m.total_cents))
        for m in view.months
    ]
    return Table(
        "months",
        "三、各月救助资金支出（万元）",
        ("月份", "按月发放项目", "临时救助", "合计"),
        tuple(rows),
        note="未统计的月份不列出。",
    )


def grants_table(a: Appendix) -> Table:
    def average(cents: int, times: int) -> Cell:
        if not times:
            return DASH
        return yuan_per(cents, times, places=0)

    return Table(
        "grants",
        f"四、临时救助（{a.period}）",
        ("指标", "本年", "上年"),
        (
            ("救助人次", a.grants, a.previous_grants),
            ("救助金额（万元）", wan_yuan(a.grant_cents), wan_yuan(a.previous_grant_cents)),
            (
                "人均救助水平（元）",
                average(a.grant_cents, a.grants),
                average(a.previous_grant_cents, a.previous_grants),
            ),
        ),
    )


def standards_table(view: AppendixView) -> Table:
    rows = []
    for s in view.appendix.standards:
        rows.append(
            (
                s.label,
                s.unit,
                s.value if s.value is not None else "未配置",
                s.previous if s.previous is not None else "未配置",
                s.rise if s.rise is not None else DASH,
                s.rise_rate if s.rise_rate is not None else DASH,
            )
        )
    on = view.standards_on
    return Table(
        "standards",
        f"五、保障标准（{on:%Y年%m月%d日}执行，与上年同日比较）",
        ("标准", "单位", "本年", "上年同期", "增加（元）", "增幅（%）"),
        tuple(rows),
        note="取自“地方标准”中当日执行的版本；乡镇另有标准的，以乡镇为准。",
    )


def leads_table(a: Appendix) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for lead in a.leads:
        rate = remedied_rate(lead.remedied, lead.confirmed)
        rows.append(
            (
                lead.label,
                lead.found,
                lead.confirmed,
                lead.unfounded,
                lead.remedied,
                rate if rate is not None else DASH,
                lead.amount_confirmed,
            )
        )
    if rows:
        total = list(_sum_rows(rows, 1))
        rate = remedied_rate(a.leads_remedied, a.leads_confirmed)
        total[5] = rate if rate is not None else DASH
        rows.append(tuple(total))
    return Table(
        "leads",
        f"六、数据比对疑似问题线索（{a.period}发现）",
        ("数据来源", "发现", "核实属实", "核实不属实", "已处理", "处理率（%）", "属实线索涉及金额（元）"),
        tuple(rows),
        total=bool(rows),
        note="处理率 = 已处理 ÷ 核实属实 × 100%。",
    )


def appendix_tables(view: AppendixView) -> tuple[Table, ...]:
    a = view.appendix
    return (
        cases_table(a),
        money_table(a),
        months_table(view),
        grants_table(a),
        standards_table(view),
        leads_table(a),
    )


def cell_text(value: Cell) -> str:
    """How a cell prints in a document: numbers as they are (money keeps its two decimals)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)
