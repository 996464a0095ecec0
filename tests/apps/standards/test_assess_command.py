"""``minzheng assess`` on the documented examples: the amounts the rules give, with traces that cite them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def assess(capsys, name: str, *args: str) -> dict:
    call_command("assess", str(EXAMPLES / name), *args)
    return json.loads(capsys.readouterr().out)


def step(program: dict, rule: str) -> dict:
    return next(s for s in program["trace"] if s["rule"] == rule)


def test_every_example_in_the_docs_is_assessed(capsys, demo_standards, example_areas):
    for path in sorted(EXAMPLES.glob("*.json")):
        if path.name.startswith("standards_"):
            continue
        out = assess(capsys, path.name)
        assert set(out) >= {"per_capita_income", "programs", "income_trace"}, path.name
        assert all({"eligible", "monthly_amount", "trace"} <= set(p) for p in out["programs"].values())


def test_a_three_person_urban_household_in_zengdu_gets_the_gap_to_680_plus_the_minor_supplement(
    capsys, demo_standards
):
    # given 张伟 earns 900 a month; his wife and their 11-year-old son have no income (曾都区 2023: 680)
    # when
    out = assess(capsys, "zengdu_urban_family.json")
    # then
    dibao = out["programs"]["dibao"]
    assert out["per_capita_income"] == "300.00"
    assert dibao["eligible"] is True
    assert "(低保标准 680.00 − 人均收入 300.00) × 3人" in step(dibao, "差额补助")["detail"]
    assert step(dibao, "差额补助")["outcome"] == "1140.00"
    assert (
        "680" in step(dibao, "收入条件")["basis"]
        and "曾都区 2023-01-01起" in step(dibao, "收入条件")["basis"]
    )
    assert step(dibao, "分类施保：张小明")["outcome"] == "68.00"  # 未成年人 10% of 680
    assert dibao["monthly_amount"] == "1208.00"
    assert len(dibao["covered"]) == 3
    assert out["programs"]["tekun"]["eligible"] is False  # the son has able parents


def test_what_if_the_standard_were_700(capsys, demo_standards):
    out = assess(capsys, "zengdu_urban_family.json", "--standards", str(EXAMPLES / "standards_what_if.json"))

    dibao = out["programs"]["dibao"]
    assert out["assumed_standards"] == {"dibao.standard": "700"}
    assert step(dibao, "差额补助")["outcome"] == "1200.00"  # (700 − 300) × 3
    assert dibao["monthly_amount"] == "1270.00"  # + 70 for the minor
    assert "试算假设" in step(dibao, "收入条件")["basis"]


def test_the_what_if_file_may_be_a_csv(capsys, demo_standards):
    out = assess(capsys, "zengdu_urban_family.json", "--standards", str(EXAMPLES / "standards_what_if.csv"))

    assert out["programs"]["dibao"]["monthly_amount"] == "1270.00"


def test_the_standard_in_force_on_the_chosen_day_is_used(capsys, demo_standards):
    out = assess(capsys, "zengdu_urban_family.json", "--on", "2022-06-01")

    assert step(out["programs"]["dibao"], "差额补助")["outcome"] == "1050.00"  # (650 − 300) × 3


def test_a_rural_elderly_woman_alone_is_assessed_for_tekun_with_her_care_part(
    capsys, demo_standards, example_areas
):
    out = assess(capsys, "zengdu_rural_elderly.json")

    tekun = out["programs"]["tekun"]
    assert out["urban"] is False and out["per_capita_income"] == "0.00"  # the basic pension is not counted
    assert tekun["eligible"] is True and tekun["category"] == "分散供养"
    assert Decimal(tekun["monthly_amount"]) == Decimal("1233") + Decimal(
        "300"
    )  # 农村特困 + 半失能 care (demo)


def test_an_orphan_in_xiaochang_gets_the_orphan_allowance(capsys, demo_standards, example_areas):
    out = assess(capsys, "xiaochang_orphan.json")

    orphan = out["programs"]["orphan"]
    assert orphan["eligible"] is True and orphan["monthly_amount"] == "1300.00"
    assert out["per_capita_income"] == "175.00"  # (200 + 150) ÷ 2
    assert out["programs"]["dibao"]["eligible"] is True  # below 孝昌县's rural 390


def test_invalid_input_names_each_json_path_in_chinese_and_exits_with_2(tmp_path, capsys, demo_standards):
    data = json.loads((EXAMPLES / "zengdu_urban_family.json").read_text())
    data["members"][1]["id_number"] = "421303198207200221"
    data["members"][2]["incomes"] = [{"type": "salary", "monthly": "-5"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False))

    with pytest.raises(CommandError) as caught:
        call_command("assess", str(path))

    assert caught.value.returncode == 2
    text = str(caught.value)
    assert "members[1].id_number：公民身份号码校验位错误" in text
    assert "members[2].incomes[0].type" in text and "members[2].incomes[0].monthly：金额不能为负数" in text


def test_a_file_that_is_not_json_exits_with_2(tmp_path, demo_standards):
    path = tmp_path / "broken.json"
    path.write_text("{")

    with pytest.raises(CommandError, match="不是有效的JSON") as caught:
        call_command("assess", str(path))

    assert caught.value.returncode == 2


def test_an_area_without_standards_cannot_be_assessed_and_says_why(capsys, areas):
    with pytest.raises(CommandError, match="低保标准（城市）在2024-06-01没有配置") as caught:
        call_command("assess", str(EXAMPLES / "zengdu_urban_family.json"))

    assert caught.value.returncode == 1
