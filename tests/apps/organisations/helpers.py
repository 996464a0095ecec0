"""Organisations built through the real service, for the tests of both shared registers."""

from __future__ import annotations

import itertools
from typing import Any

from apps.organisations.models import Organisation
from apps.organisations.services.organisations import OrganisationInput, organisation_create
from policy.identity import credit_code_make
from tests.factories import VILLAGE

_serial = itertools.count(1000)


def credit_code(area6: str = "421303") -> str:
    """A valid 统一社会信用代码 of a 民政-registered 民办非企业单位, never used before in this run."""
    return credit_code_make(authority_code="5", kind_code="2", area_code=area6, serial=next(_serial))


def org_input(**overrides: Any) -> OrganisationInput:
    values: dict[str, Any] = {
        "name": "曾都区颐养居家养老服务中心",
        "kind": "social_service",
        "area_code": VILLAGE,
        "credit_code": credit_code(),
        "registration_authority": "随州市曾都区民政局",
        "address": "西城街道乌龙巷12号",
        "legal_representative_name": "王建国",
        "contact_phone": "13912345678",
    }
    values.update(overrides)
    return OrganisationInput(**values)


def organisation(
    *, actor: Any, state: str = "normal", state_since: Any = None, **overrides: Any
) -> Organisation:
    return organisation_create(actor=actor, data=org_input(**overrides), state=state, state_since=state_since)
