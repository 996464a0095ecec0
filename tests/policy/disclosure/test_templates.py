"""The two official formats as data: which year uses which, and their layouts."""

from __future__ import annotations

import pytest

from policy.disclosure import TEMPLATE_2019, TEMPLATE_2021, Entry, Label, template_for_year
from policy.errors import ValidationFailed


@pytest.mark.parametrize(("year", "code"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")])
def test_the_template_is_chosen_by_the_report_year(year, code):
    assert template_for_year(year).code == code


def test_years_before_2019_are_refused_with_the_reason():
    with pytest.raises(ValidationFailed, match="2008年版条例"):
        template_for_year(2018)


@pytest.mark.parametrize("template", [TEMPLATE_2021, TEMPLATE_2019])
def test_every_table_fills_its_grid_exactly_once(template):
    for table in template.tables:
        taken: set[tuple[int, int]] = set()
        for placed in table.placed():
            for dr in range(placed.cell.rowspan):
                for dc in range(placed.cell.colspan):
                    spot = (placed.row + dr, placed.col + dc)
                    assert spot not in taken, (table.number, spot)
                    taken.add(spot)
        assert taken == {(r, c) for r in range(len(table.rows)) for c in range(table.width)}, table.number


@pytest.mark.parametrize("template", [TEMPLATE_2021, TEMPLATE_2019])
def test_every_figure_has_one_spec_and_one_place(template):
    keys = [k for table in template.tables for k in table.entry_keys()]
    assert len(keys) == len(set(keys)) == len(template.specs)


def _labels(table):
    return [cell.text for row in table.rows for cell in row if isinstance(cell, Label)]


def test_the_2019_table_two_has_the_procurement_block_and_the_year_on_year_columns():
    labels = _labels(TEMPLATE_2019.tables[0])
    assert "第二十条第（九）项" in labels and "政府集中采购" in labels and "其他对外管理服务事项" in labels
    assert {"上一年项目数量", "本年增/减", "处理决定数量", "本年新制作数量", "对外公开总数量"} <= set(labels)
    assert TEMPLATE_2019.specs["t2.services.change"].kind == "change"  # 本年增/减 may be negative
    assert TEMPLATE_2019.specs["t2.procurement.amount"].kind == "money"


def test_the_2021_table_two_has_four_blocks_and_the_fee_amount_in_wan_yuan():
    labels = _labels(TEMPLATE_2021.tables[0])
    assert [t for t in labels if t.startswith("第二十条")] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert {"本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额（单位：万元）"} <= set(labels)
    assert "上一年项目数量" not in labels
    assert TEMPLATE_2021.specs["t2.fees.amount"].kind == "money"


def test_other_handling_has_three_items_in_2021_and_none_in_2019():
    assert {"t3.other_1.natural", "t3.other_2.natural", "t3.other_3.natural"} <= set(TEMPLATE_2021.specs)
    assert "t3.other.natural" not in TEMPLATE_2021.specs
    assert "t3.other.natural" in TEMPLATE_2019.specs
    assert "t3.other_1.natural" not in TEMPLATE_2019.specs


def test_table_three_has_seven_applicant_columns_and_table_four_fifteen():
    three, four = TEMPLATE_2021.tables[1], TEMPLATE_2021.tables[2]
    first_row = next(row for row in three.rows if any(isinstance(c, Entry) for c in row))
    assert sum(isinstance(c, Entry) for c in first_row) == 7
    assert len(four.entry_keys()) == 15
    assert TEMPLATE_2021.specs["t3.total.natural"].full_name == "表三 第（七）项总计 / 自然人列"
