"""The social-assistance programmes, one module each, and :func:`assess_all` over all of them.

Every programme module exposes ``CODE``, ``LABEL`` and

    assess(*, household: HouseholdFacts, standards: Standards, on: date, means: MeansTest) -> ProgramResult

where ``means`` is the shared means test (:func:`policy.means_test.means_test`) computed once per
household. ``PROGRAMS`` maps each code to its Chinese name, in the order results are reported.
"""

from __future__ import annotations

from datetime import date
from types import ModuleType

from policy.errors import ValidationFailed
from policy.facts import Assessment, HouseholdFacts, ProgramResult
from policy.means_test import means_test
from policy.parameters import Standards
from policy.programs import (
    child_in_difficulty,
    de_facto_child,
    dibao,
    disability,
    eldercare,
    longevity,
    near_dibao,
    orphan,
    rigid_expense,
    tekun,
    temporary,
)
from policy.programs._people import not_assessable

__all__ = ["PROGRAMS", "assess_all", "assess_program"]

_MODULES: tuple[ModuleType, ...] = (
    dibao,
    near_dibao,
    tekun,
    rigid_expense,
    temporary,
    orphan,
    de_facto_child,
    child_in_difficulty,
    disability,
    longevity,
    eldercare,
)
PROGRAMS: dict[str, str] = {module.CODE: module.LABEL for module in _MODULES}
_BY_CODE: dict[str, ModuleType] = {module.CODE: module for module in _MODULES}


def assess_program(*, code: str, household: HouseholdFacts, standards: Standards, on: date) -> ProgramResult:
    """One programme for one household (the means test is computed for it)."""
    module = _BY_CODE[code]
    means = means_test(household=household, standards=standards)
    found: ProgramResult = module.assess(household=household, standards=standards, on=on, means=means)
    return found


def assess_all(*, household: HouseholdFacts, standards: Standards, on: date) -> Assessment:
    """Every programme for one household on ``on`` under ``standards``.

    The means test needs the 低保标准; if it is not configured this raises ``ValidationFailed``. A
    programme whose own parameters are missing is reported as not assessable, with the reason in its
    trace, so one unconfigured allowance does not hide the others.
    """
    means = means_test(household=household, standards=standards)
    results: list[ProgramResult] = []
    for module in _MODULES:
        try:
            results.append(module.assess(household=household, standards=standards, on=on, means=means))
        except ValidationFailed as exc:
            results.append(not_assessable(program=module.CODE, label=module.LABEL, reason=exc.message))
    return Assessment(
        on=on,
        area_code=household.area_code,
        urban=household.urban,
        per_capita_income=means.income.per_capita,
        income_trace=means.trace,
        results=tuple(results),
    )
