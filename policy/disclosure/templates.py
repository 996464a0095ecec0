"""The two official formats of the 政府信息公开工作年度报告, as data, and which one a report year uses.

* **2021** — 国办公开办函〔2021〕30号 (2021-09-26), for the reports on 2021 and later years.
* **2019** — 国办公开办函〔2019〕60号 (试行), for the reports on 2019 and 2020. Its 表二 has other columns
  (本年新制作/新公开/对外公开总数量; 上一年项目数量, 本年增/减, 处理决定数量), the rows 其他对外管理服务事项
  and the 第二十条第（九）项 block (政府集中采购); its 表三 has no sub-items under （六）其他处理.

The rows, headings and 勾稽关系 are those of DOMAIN.md §7 (from the notices, the published templates and
the 2020 report of seed 000). Reports on years before 2019 followed the 2008 条例 and are not supported.
"""

from __future__ import annotations

from policy.disclosure.layout import (
    Cell,
    CellKind,
    CellSpec,
    Entry,
    Label,
    LabelStyle,
    Rule,
    Section,
    Table,
    Template,
)
from policy.errors import ValidationFailed

__all__ = ["FIRST_YEAR", "TEMPLATES", "TEMPLATE_2019", "TEMPLATE_2021", "template_for_year"]

FIRST_YEAR = 2019
ROW = LabelStyle.ROW

# ------------------------------------------------------------------ 表二 主动公开政府信息情况

# (block title, [(column label, key suffix, kind)], [(row label, key prefix)])
Block = tuple[str, list[tuple[str, str, CellKind]], list[tuple[str, str]]]
C, D, M = CellKind.COUNT, CellKind.CHANGE, CellKind.MONEY


def _table_two(blocks: list[Block]) -> Table:
    width = 4
    rows: list[tuple[Cell, ...]] = []
    specs: list[CellSpec] = []
    for title, columns, items in blocks:
        rows.append((Label(title, colspan=width),))
        spans = [1] * len(columns)
        spans[-1] = width - len(columns)  # a block with fewer columns stretches its last one
        rows.append(
            (Label("信息内容"), *(Label(c[0], colspan=s) for c, s in zip(columns, spans, strict=True)))
        )
        for label, prefix in items:
            cells: list[Cell] = [Label(label, style=ROW)]
            for (column, suffix, kind), span in zip(columns, spans, strict=True):
                key = f"t2.{prefix}.{suffix}"
                cells.append(Entry(key, colspan=span))
                specs.append(CellSpec(key, "表二", f"{title} {label} / {column}", kind))
            rows.append(tuple(cells))
    return Table("t2", "表二", width, 0, tuple(rows), tuple(specs))


TABLE_TWO_2021 = _table_two(
    [
        (
            "第二十条第（一）项",
            [("本年制发件数", "issued", C), ("本年废止件数", "repealed", C), ("现行有效件数", "in_force", C)],
            [("规章", "rules"), ("行政规范性文件", "norms")],
        ),
        ("第二十条第（五）项", [("本年处理决定数量", "decisions", C)], [("行政许可", "licence")]),
        (
            "第二十条第（六）项",
            [("本年处理决定数量", "decisions", C)],
            [("行政处罚", "penalty"), ("行政强制", "coercion")],
        ),
        ("第二十条第（八）项", [("本年收费金额（单位：万元）", "amount", M)], [("行政事业性收费", "fees")]),
    ]
)

_ITEMS_2019 = [
    ("上一年项目数量", "previous", C),
    ("本年增/减", "change", D),
    ("处理决定数量", "decisions", C),
]
TABLE_TWO_2019 = _table_two(
    [
        (
            "第二十条第（一）项",
            [
                ("本年新制作数量", "made", C),
                ("本年新公开数量", "published", C),
                ("对外公开总数量", "total", C),
            ],
            [("规章", "rules"), ("规范性文件", "norms")],
        ),
        ("第二十条第（五）项", _ITEMS_2019, [("行政许可", "licence"), ("其他对外管理服务事项", "services")]),
        ("第二十条第（六）项", _ITEMS_2019, [("行政处罚", "penalty"), ("行政强制", "coercion")]),
        ("第二十条第（八）项", _ITEMS_2019[:2], [("行政事业性收费", "fees")]),
        (
            "第二十条第（九）项",
            [("采购项目数量", "count", C), ("采购总金额", "amount", M)],
            [("政府集中采购", "procurement")],
        ),
    ]
)

# ------------------------------------------------------------------ 表三 收到和处理政府信息公开申请情况

NOTE_T3 = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# (key, column header, name in messages)
APPLICANTS = [
    ("natural", "自然人", "自然人列"),
    ("business", "商业企业", "法人或其他组织·商业企业列"),
    ("research", "科研机构", "法人或其他组织·科研机构列"),
    ("charity", "社会公益组织", "法人或其他组织·社会公益组织列"),
    ("legal", "法律服务机构", "法人或其他组织·法律服务机构列"),
    ("other", "其他", "法人或其他组织·其他列"),
    ("total", "总计", "总计列"),
]
PARTS = [a[0] for a in APPLICANTS[:-1]]

DENY = [
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
]
UNABLE = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
REJECT = [
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
]
OTHER_2021 = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
]
# (row key, label in its column, name in messages); a group has items under one spanning label.
Group = tuple[str, str, str, list[str]]


def _table_three(other_items: list[str]) -> tuple[Table, tuple[Rule, ...]]:
    width = 10
    specs: list[CellSpec] = []

    def entries(row: str, name: str) -> list[Cell]:
        for col, _header, col_name in APPLICANTS:
            specs.append(CellSpec(f"t3.{row}.{col}", "表三", f"{name} / {col_name}"))
        return [Entry(f"t3.{row}.{col}") for col, _h, _n in APPLICANTS]

    groups: list[Group] = [
        ("deny", "（三）不予公开", "第（三）项不予公开", DENY),
        ("unable", "（四）无法提供", "第（四）项无法提供", UNABLE),
        ("reject", "（五）不予处理", "第（五）项不予处理", REJECT),
        ("other", "（六）其他处理", "第（六）项其他处理", other_items),
    ]
    result: list[list[Cell]] = [
        [Label("（一）予以公开", colspan=2, style=ROW), *entries("open", "第（一）项予以公开")],
        [
            Label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2, style=ROW),
            *entries("partial", "第（二）项部分公开"),
        ],
    ]
    sub_rows = ["open", "partial"]
    for key, label, name, items in groups:
        if not items:
            result.append([Label(label, colspan=2, style=ROW), *entries(key, name)])
            sub_rows.append(key)
            continue
        for i, item in enumerate(items, start=1):
            lead: list[Cell] = [Label(label, rowspan=len(items), style=ROW)] if i == 1 else []
            result.append([*lead, Label(item, style=ROW), *entries(f"{key}_{i}", f"{name} {item}")])
            sub_rows.append(f"{key}_{i}")
    result.append([Label("（七）总计", colspan=2, style=ROW), *entries("total", "第（七）项总计")])
    result[0].insert(0, Label("三、本年度办理结果", rowspan=len(result), style=ROW))
    rows: list[tuple[Cell, ...]] = [
        (Label(NOTE_T3, colspan=3, rowspan=3, style=LabelStyle.NOTE), Label("申请人情况", colspan=7)),
        (Label("自然人", rowspan=2), Label("法人或其他组织", colspan=5), Label("总计", rowspan=2)),
        tuple(Label(header) for _k, header, _n in APPLICANTS[1:-1]),
        (
            Label("一、本年新收政府信息公开申请数量", colspan=3, style=ROW),
            *entries("new", "第一项本年新收申请"),
        ),
        (
            Label("二、上年结转政府信息公开申请数量", colspan=3, style=ROW),
            *entries("carried", "第二项上年结转申请"),
        ),
        *(tuple(r) for r in result),
        (
            Label("四、结转下年度继续办理", colspan=3, style=ROW),
            *entries("forward", "第四项结转下年度继续办理"),
        ),
    ]
    table = Table("t3", "表三", width, 3, tuple(rows), tuple(specs))
    names = {spec.key: spec.name.split(" / ")[0] for spec in specs}
    rules: list[Rule] = []
    for col, _header, col_name in APPLICANTS:
        rules.append(
            Rule(
                code=f"t3.balance.{col}",
                where=f"表三 {col_name}",
                text="第一项加第二项之和应等于第三项（七）总计加第四项之和",
                left=(f"t3.new.{col}", f"t3.carried.{col}"),
                right=(f"t3.total.{col}", f"t3.forward.{col}"),
                left_label="本年新收加上年结转",
                right_label="（七）总计加结转下年度",
                cell=f"t3.total.{col}",
            )
        )
        rules.append(
            Rule(
                code=f"t3.items.{col}",
                where=f"表三 第（七）项总计 / {col_name}",
                text="第三项（一）至（六）各项之和应等于（七）总计",
                left=tuple(f"t3.{row}.{col}" for row in sub_rows),
                right=(f"t3.total.{col}",),
                left_label="（一）至（六）各项之和",
                right_label="（七）总计",
                cell=f"t3.total.{col}",
            )
        )
    for row in ["new", "carried", *sub_rows, "total", "forward"]:
        rules.append(
            Rule(
                code=f"t3.applicants.{row}",
                where=f"表三 {names[f't3.{row}.total']} / 总计列",
                text="自然人与法人或其他组织各列之和应等于总计",
                left=tuple(f"t3.{row}.{col}" for col in PARTS),
                right=(f"t3.{row}.total",),
                left_label="自然人与法人或其他组织各列之和",
                right_label="总计",
                cell=f"t3.{row}.total",
            )
        )
    return table, tuple(rules)


# ------------------------------------------------------------------ 表四 行政复议、行政诉讼

RESULTS = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
]
CASES = [
    ("review", "行政复议"),
    ("direct", "行政诉讼·未经复议直接起诉"),
    ("after_review", "行政诉讼·复议后起诉"),
]


def _table_four() -> tuple[Table, tuple[Rule, ...]]:
    specs = [
        CellSpec(f"t4.{case}.{result}", "表四", f"{case_name} / {result_name}")
        for case, case_name in CASES
        for result, result_name in RESULTS
    ]
    rows: tuple[tuple[Cell, ...], ...] = (
        (Label("行政复议", colspan=5), Label("行政诉讼", colspan=10)),
        (
            *(Label(name, rowspan=2) for _k, name in RESULTS),
            Label("未经复议直接起诉", colspan=5),
            Label("复议后起诉", colspan=5),
        ),
        tuple(Label(name) for _ in range(2) for _k, name in RESULTS),
        tuple(Entry(spec.key) for spec in specs),
    )
    rules = tuple(
        Rule(
            code=f"t4.{case}",
            where=f"表四 {case_name} / 总计",
            text="结果维持、结果纠正、其他结果、尚未审结之和应等于总计",
            left=tuple(f"t4.{case}.{result}" for result, _n in RESULTS[:-1]),
            right=(f"t4.{case}.total",),
            left_label="结果维持、纠正、其他、尚未审结之和",
            right_label="总计",
            cell=f"t4.{case}.total",
        )
        for case, case_name in CASES
    )
    return Table("t4", "表四", 15, 3, rows, tuple(specs)), rules


# ------------------------------------------------------------------ the six sections

HINT_ONE = "主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面的总体情况"
HINT_SIX = "如依据《政府信息公开信息处理费管理办法》收取信息处理费情况；没有需要报告的事项请填写“无”"


def _template(
    code: str, name: str, basis: str, first: int, last: int | None, two: Table, other: list[str]
) -> Template:
    three, three_rules = _table_three(other)
    four, four_rules = _table_four()
    return Template(
        code=code,
        name=name,
        basis=basis,
        first_year=first,
        last_year=last,
        sections=(
            Section("一", "总体情况", text_key="overview", hint=HINT_ONE),
            Section("二", "主动公开政府信息情况", table=two),
            Section("三", "收到和处理政府信息公开申请情况", table=three),
            Section("四", "政府信息公开行政复议、行政诉讼情况", table=four),
            Section("五", "存在的主要问题及改进情况", text_key="problems", hint="存在的主要问题及改进措施"),
            Section("六", "其他需要报告的事项", text_key="other", hint=HINT_SIX),
        ),
        rules=three_rules + four_rules,
    )


TEMPLATE_2021 = _template(
    "2021", "2021年版（全国统一格式）", "国办公开办函〔2021〕30号", 2021, None, TABLE_TWO_2021, OTHER_2021
)
TEMPLATE_2019 = _template(
    "2019", "2019年版（试行）", "国办公开办函〔2019〕60号", FIRST_YEAR, 2020, TABLE_TWO_2019, []
)
TEMPLATES = {t.code: t for t in (TEMPLATE_2021, TEMPLATE_2019)}


def template_for_year(year: int) -> Template:
    """The format a report on ``year`` must use: the 2019 trial one for 2019–2020, the 2021 one after."""
    if year < FIRST_YEAR:
        raise ValidationFailed.on(
            "year", f"{year}年度报告适用2008年版条例的旧格式，本系统只支持{FIRST_YEAR}年度及以后的报告"
        )
    for template in TEMPLATES.values():
        if template.first_year <= year and (template.last_year is None or year <= template.last_year):
            return template
    raise ValidationFailed.on("year", f"{year}年度没有适用的报告格式")  # pragma: no cover - contiguous
