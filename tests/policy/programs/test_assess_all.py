"""assess_all: every programme, in the stable order of PROGRAMS, with the shared means-test figures."""

from __future__ import annotations

from decimal import Decimal

from policy.programs import PROGRAMS, assess_all
from policy.selfcare import SelfCareLevel
from tests.policy.programs.builders import ON, earning, family, person, zengdu


def test_programs_are_listed_in_a_stable_order_with_chinese_names():
    assert list(PROGRAMS) == [
        "dibao",
        "near_dibao",
        "tekun",
        "rigid_expense",
        "temporary",
        "orphan",
        "de_facto_child",
        "child_in_difficulty",
        "disability",
        "longevity",
        "eldercare",
    ]
    assert PROGRAMS["dibao"] == "最低生活保障"


def test_every_programme_is_assessed_and_amounts_are_decimal():
    household = family(
        person("甲", 82, incomes=earning("300"), self_care=SelfCareLevel.PARTIAL),
        person("乙", 45, wage="696"),
        person("丙", 12),
    )

    assessment = assess_all(household=household, standards=zengdu(), on=ON)

    assert [r.program for r in assessment.results] == list(PROGRAMS)
    assert assessment.per_capita_income == Decimal("332.00")
    assert all(isinstance(r.monthly_amount, Decimal) for r in assessment.results)
    by_code = {r.program: r for r in assessment.results}
    assert by_code["dibao"].monthly_amount == Decimal("1180.00")  # 2040 − 996 + 68 (elderly) + 68 (minor)
    assert by_code["longevity"].monthly_amount == Decimal("50.00")
    assert by_code["eldercare"].monthly_amount == Decimal("100.00")
    assert not by_code["near_dibao"].eligible
    assert all(r.trace for r in assessment.results)
    assert any("332.00" in s.detail for s in assessment.income_trace)


def test_a_programme_without_its_parameters_is_reported_not_assessable():
    # given a county that never configured 高龄津贴 brackets
    standards = zengdu()
    raw = {k: v for k, v in standards.raw.items() if k != "longevity.brackets"}
    standards = type(standards)(area_code=standards.area_code, urban=True, on=ON, raw=raw)
    household = family(person("甲", 85))

    assessment = assess_all(household=household, standards=standards, on=ON)

    longevity = next(r for r in assessment.results if r.program == "longevity")
    assert not longevity.eligible
    assert longevity.trace[0].outcome == "无法评估"
    assert "高龄津贴年龄段" in longevity.trace[0].detail
    assert next(r for r in assessment.results if r.program == "dibao").eligible
