"""银行代发模板: each county keeps its paying banks' file layouts (:class:`BankTemplateConfig`).

A stored ``spec`` is always a template that :func:`template_from_dict` accepts: it is validated on the way
in, so reading it back cannot fail. A county that has none yet gets the example presets
(:func:`default_templates`) the first time a bank file is made or the templates are listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from apps.areas.models import Area
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, snapshot
from apps.payroll.documents import BankTemplate, default_templates, template_from_dict, template_to_dict
from apps.payroll.models import BankTemplateConfig
from policy.areas import AreaLevel
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

_AUDITED = ["code", "name", "spec", "is_default"]


def _county(actor: User, county: str) -> Area:
    area = Area.objects.filter(pk=county).first()
    if area is None or not code_in_scope(actor, county):
        raise NotFound()
    if area.level != AreaLevel.COUNTY:
        raise ValidationFailed.on("county", "银行代发模板按县(市、区)设置，请选择县级区划")
    return area


def _only_default(config: BankTemplateConfig) -> None:
    if config.is_default:
        BankTemplateConfig.objects.filter(county_id=config.county_id).exclude(pk=config.pk).update(
            is_default=False
        )


@transaction.atomic
def bank_template_create(
    *, actor: User, county: str, spec: Mapping[str, Any], is_default: bool = False
) -> BankTemplateConfig:
    """Store a new template for ``county`` (its ``code`` must be new there)."""
    require(actor, Capability.MANAGE_BANKS)
    area = _county(actor, county)
    bank_templates_seed(county=area)  # the presets first, so a county's first own template joins them
    template = template_from_dict(data=spec)  # ValidationFailed names every bad key in Chinese
    if BankTemplateConfig.objects.filter(county=area, code=template.code).exists():
        raise ValidationFailed.on("code", f"模板代码“{template.code}”已在本县使用，请换一个或修改原模板")
    try:
        with transaction.atomic():
            config = BankTemplateConfig.objects.create(
                county=area,
                code=template.code,
                name=template.name,
                spec=template_to_dict(template=template),
                is_default=is_default,
            )
    except IntegrityError:
        raise Conflict(f"模板代码“{template.code}”刚被他人使用，请刷新后再试") from None
    _only_default(config)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=config,
        area_code=area.pk,
        summary=f"新增{area.name}银行代发模板“{config.name}”（{config.code}）",
        after=snapshot(config, _AUDITED),
    )
    return config


@transaction.atomic
def bank_template_update(
    *,
    actor: User,
    config: BankTemplateConfig,
    spec: Mapping[str, Any],
    is_default: bool | None = None,
) -> BankTemplateConfig:
    """Replace a stored template's layout (its code stays: files already made name it)."""
    require(actor, Capability.MANAGE_BANKS)
    if not code_in_scope(actor, config.county_id):
        raise NotFound()
    config = BankTemplateConfig.objects.select_for_update().get(pk=config.pk)
    template = template_from_dict(data=spec)
    if template.code != config.code:
        raise ValidationFailed.on("code", f"模板代码不能修改（原为“{config.code}”），如需新代码请新增模板")
    before = snapshot(config, _AUDITED)
    config.name = template.name
    config.spec = template_to_dict(template=template)
    if is_default is not None:
        config.is_default = is_default
    config.save()
    _only_default(config)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=config,
        area_code=config.county_id,
        summary=f"修改银行代发模板“{config.name}”（{config.code}）",
        before=before,
        after=snapshot(config, _AUDITED),
    )
    return config


def bank_templates_seed(*, county: Area) -> int:
    """Give ``county`` the example presets when it has no template at all; returns how many were added.

    Not audited and needs no actor: it stores the shipped examples, the same for everyone, once."""
    if BankTemplateConfig.objects.filter(county=county).exists():
        return 0
    presets = default_templates()
    BankTemplateConfig.objects.bulk_create(
        [
            BankTemplateConfig(
                county=county,
                code=t.code,
                name=t.name,
                spec=template_to_dict(template=t),
                is_default=i == 0,
            )
            for i, t in enumerate(presets)
        ],
        ignore_conflicts=True,  # a concurrent first use seeded them already
    )
    return len(presets)


def bank_template_resolve(*, county: Area, code: str = "") -> tuple[BankTemplateConfig, BankTemplate]:
    """The county's template named ``code`` ("" = its default), seeding the presets on first use."""
    bank_templates_seed(county=county)
    configs = BankTemplateConfig.objects.filter(county=county)
    config = configs.filter(code=code).first() if code else configs.order_by("-is_default", "code").first()
    if config is None:
        known = "、".join(f"{c}（{n}）" for c, n in configs.values_list("code", "name"))
        raise ValidationFailed.on("template_code", f"本县没有代码为“{code}”的银行模板，可选：{known}")
    return config, template_from_dict(data=config.spec)
