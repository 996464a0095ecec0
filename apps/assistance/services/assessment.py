"""家庭经济状况核对 against the registry: every programme assessed for the household now, with its trace.

The result is stored as JSON on the application, so the decision keeps the exact figures and rules it was
taken on even after the registry or the standards change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from apps.assistance.models import Application
from apps.registry.selectors import household_members
from apps.standards.mappers import household_facts_from_registry
from apps.standards.selectors import standards_for
from policy.facts import Assessment, ProgramResult, TraceStep
from policy.programs import assess_all


def _steps(trace: tuple[TraceStep, ...]) -> list[dict[str, str]]:
    return [{"rule": s.rule, "detail": s.detail, "basis": s.basis, "outcome": s.outcome} for s in trace]


def _result(r: ProgramResult) -> dict[str, Any]:
    return {
        "program": r.program,
        "label": r.label,
        "eligible": r.eligible,
        "monthly_amount": str(r.monthly_amount),
        "covered": list(r.covered),
        "category": r.category,
        "trace": _steps(r.trace),
    }


def assessment_json(assessment: Assessment, *, program: str) -> dict[str, Any]:
    """The stored form: the shared income figures, the programme applied for in full, the others in brief."""
    own = next((r for r in assessment.results if r.program == program), None)
    return {
        "on": assessment.on.isoformat(),
        "area_code": assessment.area_code,
        "urban": assessment.urban,
        "per_capita_income": str(assessment.per_capita_income),
        "income_trace": _steps(assessment.income_trace),
        "result": _result(own) if own else None,
        "others": [
            {
                "program": r.program,
                "label": r.label,
                "eligible": r.eligible,
                "monthly_amount": str(r.monthly_amount),
            }
            for r in assessment.results
            if r.program != program
        ],
    }


def assessment_run(*, application: Application, on: date) -> tuple[dict[str, Any], bool, Decimal, list[int]]:
    """Assess the household of ``application`` on ``on``: (stored JSON, eligible, monthly amount, covered
    person ids). Raises ValidationFailed naming the parameter when the area's standards are incomplete."""
    standards = standards_for(area_code=application.area_id, urban=application.is_urban, on=on)
    facts = household_facts_from_registry(household=application.household, on=on, standards=standards)
    assessment = assess_all(household=facts, standards=standards, on=on)
    stored = assessment_json(assessment, program=application.program)
    own = stored["result"]
    if own is None:
        return stored, False, Decimal("0"), []
    ids = {m.person.id_number: m.person_id for m in household_members(household=application.household)}
    covered = [ids[number] for number in own["covered"] if number in ids]
    return stored, bool(own["eligible"]), Decimal(own["monthly_amount"]), covered
