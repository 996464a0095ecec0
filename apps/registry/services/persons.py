"""People: validation shared by forms and imports, creation, edits, revealing identifiers, duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from apps.areas.models import Area
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, snapshot
from apps.registry.choices import ETHNIC_GROUPS, DuplicateStatus
from apps.registry.models import DuplicateFlag, Membership, Person
from policy.errors import DuplicatePerson, NotFound, ValidationFailed
from policy.identity import id_number_normalize
from policy.person import PersonFacts, person_check
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

CARE_FIELDS = ("care_eat", "care_dress", "care_transfer", "care_toilet", "care_walk", "care_bathe")
AUDITED_FIELDS = [
    "name",
    "id_number",
    "birth_date",
    "sex",
    "ethnicity",
    "phone",
    "hukou_area_id",
    "residence_area_id",
    "residence_address",
    "disability_category",
    "disability_grade",
    "disability_cert_no",
    *CARE_FIELDS,
    "care_assessed_on",
    "serious_illness",
    "illness_note",
    "employment",
    "death_date",
]


@dataclass(kw_only=True)
class PersonInput:
    """A person as typed into a form or an import row. Birth date and sex are optional cross-checks."""

    name: str
    id_number: str
    hukou_area_code: str
    ethnicity: str = "汉族"
    phone: str = ""
    birth_date: date | None = None
    sex: str = ""
    residence_area_code: str = ""
    residence_address: str = ""
    disability_category: str = ""
    disability_grade: int | None = None
    disability_cert_no: str = ""
    care: dict[str, bool | None] = field(default_factory=dict)
    care_assessed_on: date | None = None
    serious_illness: bool = False
    illness_note: str = ""
    employment: str = ""
    death_date: date | None = None


def person_clean(*, data: PersonInput, areas: dict[str, Area] | None = None) -> dict[str, Any]:
    """Check one person against every rule and return the model's field values, or raise with all errors.

    ``areas`` lets a bulk import pass the areas it already loaded in one query instead of one per row.
    """
    errors: dict[str, list[str]] = {}
    parsed = None
    try:
        parsed = person_check(
            PersonFacts(
                name=data.name,
                id_number=data.id_number,
                birth_date=data.birth_date,
                sex=data.sex,
                phone=data.phone,
                disability_category=data.disability_category,
                disability_grade=data.disability_grade,
                death_date=data.death_date,
            ),
            today=timezone.localdate(),
        )
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if data.ethnicity and data.ethnicity not in ETHNIC_GROUPS:
        errors.setdefault("ethnicity", []).append(f"民族“{data.ethnicity}”不在56个民族名称中")
    care = {k: data.care.get(k) for k in CARE_FIELDS}
    if any(v is not None for v in care.values()) and any(v is None for v in care.values()):
        errors.setdefault("care", []).append("生活自理能力评估须六项全部填写")

    def area(code: str, name: str, label: str) -> Area | None:
        if not code:
            return None
        found = (areas or {}).get(code) if areas is not None else Area.objects.filter(pk=code).first()
        if found is None:
            errors.setdefault(name, []).append(f"{label}区划代码“{code}”不存在")
        return found

    hukou = area(data.hukou_area_code, "hukou_area", "户籍地")
    if not data.hukou_area_code:
        errors.setdefault("hukou_area", []).append("户籍地不能为空")
    residence = area(data.residence_area_code, "residence_area", "居住地")
    if errors or parsed is None:
        raise ValidationFailed(errors)
    return {
        "name": data.name.strip(),
        "id_number": parsed.value,
        "birth_date": parsed.birth_date,
        "sex": parsed.sex,
        "ethnicity": data.ethnicity or "汉族",
        "phone": data.phone.strip(),
        "hukou_area": hukou,
        "residence_area": residence,
        "residence_address": data.residence_address.strip(),
        "disability_category": data.disability_category,
        "disability_grade": data.disability_grade,
        "disability_cert_no": data.disability_cert_no.strip(),
        **care,
        "care_assessed_on": data.care_assessed_on,
        "serious_illness": data.serious_illness,
        "illness_note": data.illness_note.strip(),
        "employment": data.employment,
        "death_date": data.death_date,
    }


# Outside the actor's area a number answers as a missing person would (the move-in form's words): no
# area, no name, no household, and the same text wherever the person is registered.
OUT_OF_SCOPE_DUPLICATE = (
    "该公民身份号码不能在此登记：您的辖区内没有该人员，请联系乡镇(街道)或县级民政部门核实"
)
_LOOKUP_CHUNK = 5000  # people per IN (...) query: well under SQLite's 32,766 bound variables


def duplicate_messages(*, actor: User, people: Sequence[Person]) -> dict[str, str]:
    """:func:`duplicate_message` for many holders of ID numbers at once, keyed by ID number: one query
    per 5,000 people, so an import's check costs the same whatever the file's size."""
    memberships: dict[int, Membership] = {}
    ids = [p.pk for p in people]
    for start in range(0, len(ids), _LOOKUP_CHUNK):
        found = Membership.objects.filter(
            person_id__in=ids[start : start + _LOOKUP_CHUNK], end_date__isnull=True
        ).select_related("household__area")
        memberships.update({m.person_id: m for m in found})
    messages: dict[str, str] = {}
    for person in people:
        membership = memberships.get(person.pk)
        code = membership.household.area_id if membership else person.hukou_area_id
        if not code_in_scope(actor, code):
            messages[person.id_number] = OUT_OF_SCOPE_DUPLICATE
        elif membership:
            messages[person.id_number] = (
                f"该公民身份号码已登记：{person.name}，现为{membership.household.area.name}"
                f"家庭{membership.household.number}的成员，请勿重复登记；"
                "如需将其迁入本家庭，请在本家庭“增加成员”页面用“迁入已登记人员”办理"
            )
        else:
            messages[person.id_number] = (
                f"该公民身份号码已登记：{person.name}（暂未加入任何家庭），请勿重复登记；"
                "如需加入家庭，请在该家庭“增加成员”页面用“迁入已登记人员”办理"
            )
    return messages


def duplicate_message(*, actor: User, existing: Person) -> str:
    """Why an ID number cannot be registered again: inside the actor's area, who holds it and where (so
    the worker can use 增加成员 › 迁入已登记人员);
    outside it, :data:`OUT_OF_SCOPE_DUPLICATE`, which names no one and nowhere."""
    return duplicate_messages(actor=actor, people=[existing])[existing.id_number]


def _flag_suspected_duplicates(*, actor: User, person: Person) -> int:
    """Same name and birth date under another ID number: flag each pair for a person to look at."""
    others = list(
        Person.objects.filter(name=person.name, birth_date=person.birth_date)
        .exclude(pk=person.pk)
        .values_list("pk", flat=True)
    )
    for other_id in others:
        flag, created = DuplicateFlag.objects.get_or_create(person=person, other_id=other_id)
        if created:
            audit_record(
                actor=actor,
                action=AuditAction.FLAG,
                entity=flag,
                area_code=person.hukou_area_id,
                summary=f"{person.name} 与人员{other_id}姓名、出生日期相同，疑似重复",
            )
    return len(others)


@transaction.atomic
def person_create(*, actor: User, data: PersonInput, household_id: int | None = None) -> Person:
    """Register one person. An exact ID number already held is refused; a near twin is flagged."""
    require(actor, Capability.EDIT_REGISTRY)
    values = person_clean(data=data)
    existing = Person.objects.filter(id_number=values["id_number"]).first()
    if existing is not None:
        raise DuplicatePerson(duplicate_message(actor=actor, existing=existing))
    person = Person.objects.create(**values)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=person,
        area_code=person.hukou_area_id,
        household_id=household_id,
        summary=f"登记人员 {person.name}",
        after=snapshot(person, AUDITED_FIELDS),
    )
    _flag_suspected_duplicates(actor=actor, person=person)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, data: PersonInput) -> Person:
    """Edit a person the actor can see (fetch it with ``person_get_for``)."""
    require(actor, Capability.EDIT_REGISTRY)
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person, AUDITED_FIELDS)
    values = person_clean(data=data)
    clash = Person.objects.filter(id_number=values["id_number"]).exclude(pk=person.pk).first()
    if clash is not None:
        raise DuplicatePerson(duplicate_message(actor=actor, existing=clash))
    for key, value in values.items():
        setattr(person, key, value)
    person.save()
    membership = Membership.objects.filter(person=person, end_date__isnull=True).first()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=person,
        area_code=person.hukou_area_id,
        household_id=membership.household_id if membership else None,
        summary=f"修改人员 {person.name}",
        before=before,
        after=snapshot(person, AUDITED_FIELDS),
    )
    if before and (before["name"] != person.name or before["birth_date"] != person.birth_date.isoformat()):
        _flag_suspected_duplicates(actor=actor, person=person)
    return person


@transaction.atomic
def person_reveal(*, actor: User, person: Person, field_name: str) -> str:
    """The full ID number or phone of a person the actor can see; the look is audited."""
    require(actor, Capability.REVEAL_IDENTIFIERS)
    if field_name not in ("id_number", "phone"):
        raise NotFound()
    membership = Membership.objects.filter(person=person, end_date__isnull=True).first()
    label = "公民身份号码" if field_name == "id_number" else "联系电话"
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL,
        entity=person,
        area_code=person.hukou_area_id,
        household_id=membership.household_id if membership else None,
        summary=f"查看 {person.name} 的完整{label}",
    )
    return str(getattr(person, field_name))


@transaction.atomic
def duplicate_resolve(*, actor: User, flag: DuplicateFlag, status: str) -> DuplicateFlag:
    """Record a reviewer's finding on a suspected duplicate."""
    require(actor, Capability.EDIT_REGISTRY)
    if status not in (DuplicateStatus.DISTINCT, DuplicateStatus.SAME):
        raise ValidationFailed.on("status", "请选择核实结果")
    before = snapshot(flag, ["status"])
    flag.status = status
    flag.resolved_by = actor
    flag.resolved_at = timezone.now()
    flag.save()
    audit_record(
        actor=actor,
        action=AuditAction.RESOLVE,
        entity=flag,
        area_code=flag.person.hukou_area_id,
        summary=f"疑似重复核实：{flag.get_status_display()}",
        before=before,
        after=snapshot(flag, ["status"]),
    )
    return flag


def person_input_from(person: Person) -> PersonInput:
    """The input that would recreate ``person``: the starting point of an edit form."""
    return PersonInput(
        name=person.name,
        id_number=person.id_number,
        hukou_area_code=person.hukou_area_id,
        ethnicity=person.ethnicity,
        phone=person.phone,
        residence_area_code=person.residence_area_id or "",
        residence_address=person.residence_address,
        disability_category=person.disability_category,
        disability_grade=person.disability_grade,
        disability_cert_no=person.disability_cert_no,
        care={k: getattr(person, k) for k in CARE_FIELDS},
        care_assessed_on=person.care_assessed_on,
        serious_illness=person.serious_illness,
        illness_note=person.illness_note,
        employment=person.employment,
        death_date=person.death_date,
    )


def normalize_id(value: object) -> str:
    return id_number_normalize(value).upper()


__all__ = [
    "OUT_OF_SCOPE_DUPLICATE",
    "PersonInput",
    "duplicate_message",
    "duplicate_messages",
    "duplicate_resolve",
    "normalize_id",
    "person_clean",
    "person_create",
    "person_input_from",
    "person_reveal",
    "person_update",
]
