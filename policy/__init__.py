"""The pure policy core of minzheng: rules, identifiers and amounts, with no Django import.

Everything here is plain functions over frozen dataclasses and ``Decimal``; the Django apps convert their
models into these types at the edge and call in.
"""

from policy.areas import (
    AreaLevel,
    area_code_level,
    area_code_normalize,
    area_code_parent,
    area_code_range,
    area_default_is_urban,
)
from policy.errors import (
    Conflict,
    DuplicatePerson,
    InvalidIdNumber,
    InvalidTransition,
    MinzhengError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from policy.household import RELATION_LABELS, MemberSpec, Relation, household_composition_check
from policy.identity import IdNumber, Sex, id_number_check_char, id_number_make, id_number_parse
from policy.money import parse_yuan, yuan
from policy.person import PersonFacts, person_check
from policy.privacy import mask_account, mask_id_number, mask_phone
from policy.roles import ROLE_LABELS, Capability, Role, role_can
from policy.selfcare import SelfCareLevel, SelfCareRating, self_care_level

__all__ = [
    "RELATION_LABELS",
    "ROLE_LABELS",
    "AreaLevel",
    "Capability",
    "Conflict",
    "DuplicatePerson",
    "IdNumber",
    "InvalidIdNumber",
    "InvalidTransition",
    "MemberSpec",
    "MinzhengError",
    "NotFound",
    "PermissionDenied",
    "PersonFacts",
    "Relation",
    "Role",
    "SelfCareLevel",
    "SelfCareRating",
    "Sex",
    "ValidationFailed",
    "area_code_level",
    "area_code_normalize",
    "area_code_parent",
    "area_code_range",
    "area_default_is_urban",
    "household_composition_check",
    "id_number_check_char",
    "id_number_make",
    "id_number_parse",
    "mask_account",
    "mask_id_number",
    "mask_phone",
    "parse_yuan",
    "person_check",
    "role_can",
    "self_care_level",
    "yuan",
]
