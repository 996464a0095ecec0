"""A county's sources (数据来源): created from the defaults on first use, then each county edits its own
column mapping, match threshold and rule values; every change audited."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction

from apps.areas.models import Area
from apps.areas.selectors import county_in_scope
from apps.core.db import version_check
from apps.core.models import AuditAction
from apps.core.scoping import require
from apps.core.services import audit_record, snapshot
from apps.crosscheck.models import Source
from policy.crosscheck import FIELDS, SOURCES, params_check
from policy.errors import NotFound, ValidationFailed
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

THRESHOLD_MIN = Decimal("0.5")
AUDIT_FIELDS = ["mapping", "threshold", "params", "version"]


def county_check(*, actor: User, county: str) -> Area:
    """The county ``county`` if it is one and lies in the actor's area; NotFound otherwise."""
    return county_in_scope(actor=actor, code=county)


def source_default(*, county: Area, code: str) -> Source:
    """The unsaved source a county starts from (the policy defaults)."""
    definition = SOURCES.get(code)
    if definition is None:
        raise NotFound()
    return Source(
        county=county,
        code=code,
        kind=definition.kind.value,
        mapping={},
        threshold=definition.threshold,
        params=definition.param_defaults(),
    )


def source_ensure(*, actor: User, county: Area, code: str) -> Source:
    """The county's source ``code``, created from the defaults (and audited) the first time it is used.
    Runs inside the caller's transaction."""
    existing = Source.objects.select_for_update().filter(county=county, code=code).first()
    if existing is not None:
        return existing
    source = source_default(county=county, code=code)
    source.updated_by = actor
    source.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=source,
        area_code=county.pk,
        summary=f"{county.name}数据来源“{source.label}”：按默认设置启用",
        after=snapshot(source, AUDIT_FIELDS),
    )
    return source


def _mapping_clean(code: str, mapping: dict[str, str]) -> dict[str, str]:
    definition = SOURCES[code]
    out: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    seen: dict[str, str] = {}
    for key, header in mapping.items():
        if key not in definition.fields:
            continue
        text = (header or "").strip()
        if not text:
            continue
        if len(text) > 60:
            errors[f"map_{key}"] = ["列名不超过60个字"]
        elif text in seen:
            errors[f"map_{key}"] = [f"“{text}”已对应“{seen[text]}”，一列只能对应一项"]
        seen.setdefault(text, definition.field_label(key))
        out[key] = text
    if errors:
        raise ValidationFailed(errors)
    return {k: out[k] for k in FIELDS if k in out}


def threshold_clean(value: object) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.001"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed.on("threshold", "匹配阈值应为0.5到1之间的小数，如0.85") from None
    if not THRESHOLD_MIN <= number <= 1:
        raise ValidationFailed.on("threshold", "匹配阈值应在0.5到1之间：越高越严格，1为只认身份证号一致")
    return number


@transaction.atomic
def source_update(
    *,
    actor: User,
    county: str,
    code: str,
    mapping: dict[str, str] | None = None,
    threshold: object = None,
    params: dict[str, str] | None = None,
    expected_version: int | None = None,
) -> Source:
    """Change a county's source: its column mapping (field → header), threshold and rule values; only what
    is given changes. Refused if someone changed it since ``expected_version``."""
    require(actor, Capability.CROSSCHECK_IMPORT)
    area = county_check(actor=actor, county=county)
    if code not in SOURCES:
        raise NotFound()
    source = source_ensure(actor=actor, county=area, code=code)
    version_check(source, version=expected_version, conflict="该数据来源的设置已被他人修改，请刷新页面后再改")
    before = snapshot(source, AUDIT_FIELDS)
    errors: dict[str, list[str]] = {}
    if mapping is not None:
        try:
            source.mapping = _mapping_clean(code, mapping)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if threshold is not None:
        try:
            source.threshold = threshold_clean(threshold)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if params is not None:
        clean, wrong = params_check(SOURCES[code], params)
        errors.update({f"param_{k}": v for k, v in wrong.items()})
        source.params = clean
    if errors:
        raise ValidationFailed(errors)
    after = snapshot(source, AUDIT_FIELDS)
    if after == before:
        return source
    source.version += 1
    source.updated_by = actor
    source.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=source,
        area_code=area.pk,
        summary=f"{area.name}数据来源“{source.label}”：修改列对应关系、匹配阈值或规则参数",
        before=before,
        after=snapshot(source, AUDIT_FIELDS),
    )
    return source
