"""Running an assessment: resolve the standards for the household's area, kind and day, apply any
hypothetical values, and evaluate every programme with :func:`policy.programs.assess_all`.

Reads only; nothing here writes. The three interfaces (CLI, API, 试算 page) call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from apps.areas.models import Area
from apps.core.scoping import code_in_scope, require
from apps.registry.models import Household
from apps.registry.selectors import household_get_for
from apps.standards.mappers import household_facts_from_registry
from apps.standards.mappers.assess_json import AssessInput, assess_input_parse
from apps.standards.mappers.overrides import Override, overrides_for
from apps.standards.selectors import standards_for
from policy.errors import NotFound
from policy.facts import Assessment, ExpenseFacts, HouseholdFacts
from policy.parameters import Standards
from policy.programs import assess_all
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User


@dataclass(frozen=True, slots=True)
class AssessmentRun:
    """An assessment with what it was computed from."""

    assessment: Assessment
    household: HouseholdFacts
    standards: Standards
    assumed: dict[str, str]  # the hypothetical values applied, key → value


def area_urban(code: str) -> bool | None:
    """The kind (城市/农村) an area gives its households by default, or None when no such area exists."""
    row = Area.objects.filter(pk=code).values_list("is_urban", flat=True).first()
    return row


def assessment_run(
    *, household: HouseholdFacts, on: date, overrides: tuple[Override, ...] = ()
) -> AssessmentRun:
    """Every programme for one household on one day, with the stored standards or hypothetical ones."""
    standards = standards_for(area_code=household.area_code, urban=household.urban, on=on)
    assumed = overrides_for(overrides, urban=household.urban)
    if assumed:
        standards = standards.with_overrides(assumed)
    assessment = assess_all(household=household, standards=standards, on=on)
    return AssessmentRun(assessment=assessment, household=household, standards=standards, assumed=assumed)


def assessment_from_json(
    *, data: Any, on: date | None = None, overrides: tuple[Override, ...] = (), today: date
) -> AssessmentRun:
    """The CLI's path: the JSON's own ``on`` and ``standards`` unless the caller gives them."""
    parsed: AssessInput = assess_input_parse(data, area_urban=area_urban)
    day = on or parsed.on or today
    return assessment_run(household=parsed.household_on(day), on=day, overrides=overrides or parsed.overrides)


def assessment_for(*, actor: User, data: Any, today: date) -> AssessmentRun:
    """The API's path: as :func:`assessment_from_json`, for an area inside the actor's own.

    An area outside it answers NotFound before anything else is read, like any object out of reach.
    """
    require(actor, Capability.ASSESS)
    area = str(data.get("area", "")).strip() if isinstance(data, dict) else ""
    if len(area) == 12 and area.isascii() and area.isdigit() and not code_in_scope(actor, area):
        raise NotFound()
    return assessment_from_json(data=data, today=today)


def household_assess_for(
    *,
    actor: User,
    household_id: int | str,
    on: date,
    overrides: tuple[Override, ...] = (),
    expenses: ExpenseFacts | None = None,
) -> tuple[Household, AssessmentRun]:
    """The 试算 page's path: a registry household inside the actor's area, mapped and assessed."""
    require(actor, Capability.ASSESS)
    household = household_get_for(actor=actor, household_id=household_id)
    standards = standards_for(area_code=household.area_id, urban=household.is_urban, on=on)
    facts = household_facts_from_registry(household=household, on=on, standards=standards, expenses=expenses)
    return household, assessment_run(household=facts, on=on, overrides=overrides)


__all__ = [
    "AssessmentRun",
    "area_urban",
    "assessment_for",
    "assessment_from_json",
    "assessment_run",
    "household_assess_for",
]
