"""The appendix's arithmetic and wording: 万元 from fen, rises against last year, and sentences in the
seeds' style ("城市低保对象1958户、3065人", "全年支出救助资金8578.24万元")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from policy.annual import Appendix, CaseLine, LeadLine, StandardLine, appendix_sentences, area_word
from policy.money import wan_yuan


def _appendix(**kw: object) -> Appendix:
    base: dict[str, object] = {
        "area_code": "421303000000",
        "area_name": "曾都区",
        "year": 2023,
        "through": date(2023, 12, 1),
        "cases": (
            CaseLine(
                "dibao",
                "最低生活保障",
                True,
                1958,
                3065,
                120,
                240,
                300,
                540,
                2_000_000_000,
                2000,
                3100,
                1_900_000_000,
            ),
            CaseLine(
                "dibao", "最低生活保障", False, 3043, 5272, 147, 290, 293, 539, 4_000_000_000, 3100, 5300
            ),
            CaseLine("tekun", "特困人员救助供养", False, 1762, 1762, 80, 80, 18, 18, 2_578_000_000),
        ),
        "grants": 2239,
        "grant_cents": 554_824_200,
        "previous_grants": 2000,
        "previous_grant_cents": 477_000_000,
        "standards": (
            StandardLine("dibao.standard", "城市低保保障标准", "元/人·月", Decimal("680"), Decimal("650")),
            StandardLine("dibao.standard", "农村低保保障标准", "元/人·月", Decimal("617"), Decimal("617")),
            StandardLine("orphan.dispersed", "社会散居孤儿基本生活费标准", "元/人·月", None, None),
        ),
        "leads": (
            LeadLine("death", "死亡人员", 12, 10, 2, 9),
            LeadLine("vehicle", "车辆登记", 5, 1, 4, 1),
        ),
    }
    base.update(kw)
    return Appendix(**base)  # type: ignore[arg-type]


def test_wan_yuan_rounds_fen_half_up_to_two_decimals():
    assert wan_yuan(857_824_000_0) == Decimal("8578.24")
    assert wan_yuan(5_000) == Decimal("0.01")  # 50 元 = 0.005 万元, half up
    assert wan_yuan(4_999) == Decimal("0.00")


def test_the_area_word_follows_the_areas_kind():
    assert area_word("曾都区") == "全区"
    assert area_word("孝昌县") == "全县"
    assert area_word("北郊街道") == "全街道"
    assert area_word("万店镇") == "全镇"


def test_the_in_care_sentence_reads_like_the_seed():
    text = appendix_sentences(_appendix())[0].text

    assert text.startswith("2023年末，全区共有城市低保对象1958户、3065人，农村低保对象3043户、5272人，")
    assert "特困供养对象1762人" in text
    assert "城乡低保对象合计5001户8337人，较上年末减少99户、减少63人。" in text


def test_new_cases_and_exits_are_summed_over_urban_and_rural():
    text = appendix_sentences(_appendix())[1].text

    assert text == (
        "全年共新增纳入符合条件城乡低保对象267户530人、特困供养对象80人；退出城乡低保对象593户1079人、"
        "特困供养对象18人。"
    )


def test_the_money_sentence_totals_every_programme_and_the_grants_in_wan_yuan():
    text = appendix_sentences(_appendix())[2].text

    # 20 000 000 + 40 000 000 + 25 780 000 + 5 548 242 元 = 91 328 242 元
    assert text.startswith(
        "全年支出救助资金9132.82万元，其中城乡低保资金6000.00万元（城市2000.00万元、农村4000.00万元）"
    )
    assert "特困供养资金2578.00万元" in text and "临时救助资金554.82万元" in text


def test_the_grant_sentence_gives_the_average_and_its_rise():
    text = appendix_sentences(_appendix())[3].text

    assert (
        text == "全年实施临时救助2239人次，支出临时救助资金554.82万元，人均救助水平2478元，较上年提升3.9%。"
    )


def test_standards_say_the_rise_in_yuan_and_per_cent_and_skip_what_is_not_configured():
    text = appendix_sentences(_appendix())[4].text

    assert (
        text
        == "城市低保保障标准调整到680元/人·月，较上年提高30元、增长4.6%；农村低保保障标准保持617元/人·月。"
    )


def test_leads_are_counted_by_source_with_the_remedied_share_of_the_confirmed():
    text = appendix_sentences(_appendix())[5].text

    assert text == (
        "全年通过数据比对发现疑似问题线索17条（死亡人员12条、车辆登记5条），经核实属实11条、不属实6条，"
        "已处理属实线索10条，处理率90.9%。"
    )


def test_a_year_still_running_is_worded_to_its_last_month():
    sentences = appendix_sentences(_appendix(through=date(2026, 6, 1), year=2026))

    assert sentences[0].text.startswith("截至2026年6月底，全区共有")
    assert sentences[2].text.startswith("1—6月支出救助资金")
    assert "较上年" not in sentences[2].text  # half a year is not compared with a whole one


def test_a_topic_without_figures_is_left_out():
    sentences = appendix_sentences(_appendix(grants=0, grant_cents=0, leads=()))

    assert [s.topic for s in sentences] == ["在保对象", "新增和退出", "资金支出", "保障标准"]
