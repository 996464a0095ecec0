"""Every check that runs before a report is generated, with consistent and inconsistent figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.disclosure import TEMPLATE_2019, TEMPLATE_2021, cells_normalize, report_check, value_parse
from policy.errors import ValidationFailed
from tests.policy.disclosure.sample import consistent_cells, data


def _codes(failures):
    return [f.code for f in failures]


@pytest.mark.parametrize(("template", "code"), [(TEMPLATE_2021, "2021"), (TEMPLATE_2019, "2019")])
def test_consistent_figures_pass_every_check(template, code):
    assert report_check(template, data(template=code)) == []


def test_an_empty_report_with_texts_passes_since_blank_figures_are_zero():
    assert report_check(TEMPLATE_2021, data({})) == []


def test_new_plus_carried_must_equal_total_plus_forward_per_column():
    # given: one more 自然人 application carried over, nowhere handled
    report = data(t3__carried__natural="2", t3__carried__total="2")

    failures = report_check(TEMPLATE_2021, report)

    assert "t3.balance.natural" in _codes(failures) and "t3.balance.total" in _codes(failures)
    balance = next(f for f in failures if f.code == "t3.balance.natural")
    assert balance.where == "表三 自然人列"
    assert balance.message == (
        "表三 自然人列：第一项加第二项之和应等于第三项（七）总计加第四项之和"
        "（本年新收加上年结转为7，（七）总计加结转下年度为6）"
    )
    assert set(balance.cells) == {
        "t3.new.natural",
        "t3.carried.natural",
        "t3.total.natural",
        "t3.forward.natural",
    }


def test_the_items_must_add_up_to_the_total_naming_the_total_cell():
    report = data(
        t3__open__natural="4", t3__open__total="4", t3__forward__natural="0", t3__forward__total="0"
    )

    failures = report_check(TEMPLATE_2021, report)

    items = next(f for f in failures if f.code == "t3.items.natural")
    assert items.where == "表三 第（七）项总计 / 自然人列"
    assert items.cell == "t3.total.natural"
    assert "（一）至（六）各项之和为6，（七）总计为5" in items.message


def test_the_applicant_columns_must_add_up_to_the_row_total():
    failures = report_check(TEMPLATE_2021, data(t3__new__total="8"))

    row = next(f for f in failures if f.code == "t3.applicants.new")
    assert row.message.startswith(
        "表三 第一项本年新收申请 / 总计列：自然人与法人或其他组织各列之和应等于总计"
    )
    assert "各列之和为7，总计为8" in row.message


def test_each_review_and_lawsuit_group_must_add_up_to_its_total():
    failures = report_check(TEMPLATE_2021, data(t4__after_review__corrected="1"))

    assert _codes(failures) == ["t4.after_review"]
    assert failures[0].message.startswith(
        "表四 行政诉讼·复议后起诉 / 总计：结果维持、结果纠正、其他结果、尚未审结之和应等于总计"
    )


def test_the_2019_template_checks_its_single_other_row():
    failures = report_check(
        TEMPLATE_2019, data(template="2019", t3__other__natural="2", t3__other__total="2")
    )

    assert "t3.items.natural" in _codes(failures)


@pytest.mark.parametrize(
    ("key", "raw", "reason"),
    [
        ("t3.new.natural", "-1", "应为非负整数"),
        ("t3.new.natural", "1.5", "应为整数"),
        ("t3.new.natural", "五", "应为非负整数"),
        ("t2.fees.amount", "1.234", "至多保留两位小数"),
        ("t2.fees.amount", "-3", "金额不能为负数"),
    ],
)
def test_a_figure_of_the_wrong_kind_is_named_with_the_reason(key, raw, reason):
    failures = report_check(TEMPLATE_2021, data(**{key.replace(".", "__"): raw}))

    bad = [f for f in failures if f.code == "format"]
    assert len(bad) == 1 and bad[0].cell == key
    assert bad[0].message.startswith(TEMPLATE_2021.specs[key].full_name) and reason in bad[0].message


def test_the_year_on_year_change_may_be_negative_but_not_fractional():
    spec = TEMPLATE_2019.specs["t2.licence.change"]
    assert value_parse(spec, "-2") == -2
    with pytest.raises(ValidationFailed, match="应为整数"):
        value_parse(spec, "-2.5")


def test_money_is_decimal_wan_yuan_and_full_width_digits_are_read():
    spec = TEMPLATE_2021.specs["t2.fees.amount"]
    assert value_parse(spec, "１２.５") == Decimal("12.50")
    assert isinstance(value_parse(spec, "3"), Decimal)
    assert value_parse(TEMPLATE_2021.specs["t3.new.natural"], "1,024") == 1024


def test_missing_texts_and_organ_are_failures():
    report = data()
    report = type(report)(
        year=2025, organ=" ", texts={"overview": "有", "problems": "", "other": ""}, cells=report.cells
    )

    messages = [f.message for f in report_check(TEMPLATE_2021, report)]

    assert messages[0] == "机关名称：请填写发布报告的机关名称"
    assert "五、存在的主要问题及改进情况：正文未填写（没有需要报告的内容时请填写“无”）" in messages
    assert any(m.startswith("六、其他需要报告的事项") for m in messages)


def test_normalize_prints_figures_and_lists_every_unreadable_cell():
    normal = cells_normalize(TEMPLATE_2021, consistent_cells())
    assert normal["t2.fees.amount"] == "1.50" and normal["t3.deny_8.legal"] == "0"

    with pytest.raises(ValidationFailed) as caught:
        cells_normalize(TEMPLATE_2021, {"t3.new.natural": "x", "t4.review.total": "-1", "t9.bogus": "1"})

    errors = caught.value.errors
    assert set(errors) == {"t3.new.natural", "t4.review.total", ""}
    assert errors["t4.review.total"] == ["表四 行政复议 / 总计：应为非负整数，填写的是“-1”"]
    assert "t9.bogus" in errors[""][0]
