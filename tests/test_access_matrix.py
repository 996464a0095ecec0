"""The access matrix: every role × every endpoint × inside, outside and missing objects.

``SPEC`` names every URL the project serves. The first test fails when an endpoint exists that the matrix
does not cover, so a new page or API call cannot slip in unchecked.

For each endpoint and method the expectation is derived, not typed in:
- an object outside the user's area answers 404, exactly like a missing one (same status, same body);
  a role that may not use the endpoint at all may get 403 instead, for both alike;
- inside the area, a role that holds the endpoint's capability is let through (not 401/403/404);
  a role that does not hold it gets 403;
- an anonymous visitor is sent to the login page (web) or refused (API);
- list pages never show an outside household or person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from apps.core.models import AuditLog
from apps.registry.models import DuplicateFlag
from apps.registry.selectors import household_members
from apps.registry.services.finances import AssetInput, IncomeInput, asset_add, income_add
from apps.registry.services.persons import person_create
from policy.roles import READ_ONLY_ROLES, READS, Capability, Role, role_can, role_writes
from tests.factories import (
    COUNTY,
    OTHER_COUNTY,
    OTHER_VILLAGE,
    TOWN,
    VILLAGE,
    UserFactory,
    household,
    person_input,
)

V, E, R = Capability.VIEW_REGISTRY, Capability.EDIT_REGISTRY, Capability.REVEAL_IDENTIFIERS
MISSING = 10**9


@dataclass(frozen=True)
class Endpoint:
    """How to call one URL name. ``args`` builds its URL arguments for a side: in, out or missing."""

    # method → capability needed (None: any logged-in user; a tuple: every one of them)
    methods: dict[str, Capability | tuple[Capability, ...] | None]
    args: Callable[[Any, str], list[Any]] | None = None
    public: bool = False
    lists: bool = False  # a list or search page: must not leak outside rows
    ok_extra: tuple[
        int, ...
    ] = ()  # statuses that still count as "let through" (e.g. 404 for "no report yet")
    query: dict[str, str] = field(default_factory=dict)
    consumes: bool = False  # a successful call uses the object up (a delete): rebuild it for each role


def hh(w: Any, side: str) -> list[Any]:
    return [{"in": w.inside.household.pk, "out": w.outside.household.pk, "missing": MISSING}[side]]


def person(w: Any, side: str) -> list[Any]:
    return [{"in": w.inside.person.pk, "out": w.outside.person.pk, "missing": MISSING}[side]]


def hh_and(attr: str) -> Callable[[Any, str], list[Any]]:
    def build(w: Any, side: str) -> list[Any]:
        obj = {"in": w.inside, "out": w.outside}.get(side)
        return [*hh(w, side), getattr(obj, attr).pk if obj else MISSING]

    return build


def flag(w: Any, side: str) -> list[Any]:
    obj = {"in": w.inside, "out": w.outside}.get(side)
    return [*person(w, side), obj.flag.pk if obj else MISSING]


def village(w: Any, side: str) -> list[Any]:
    return [{"in": VILLAGE, "out": OTHER_VILLAGE, "missing": "421303999999"}[side]]


def reveal(w: Any, side: str) -> list[Any]:
    return [*person(w, side), "id_number"]


SPEC: dict[str, Endpoint] = {
    "workbench:home": Endpoint({"GET": None}),
    "workbench:home_stats": Endpoint({"GET": V}),
    "accounts:login": Endpoint({"GET": None}, public=True),
    "favicon": Endpoint({"GET": None}, public=True),
    "accounts:logout": Endpoint({"POST": None}, public=True),
    "areas:list": Endpoint({"GET": Capability.MANAGE_AREAS}, lists=True),
    "areas:urban_set": Endpoint({"POST": Capability.MANAGE_AREAS}, args=village),
    "registry:search": Endpoint({"GET": V}, lists=True, query={"q": "测"}),
    "registry:household_list": Endpoint({"GET": V}, lists=True),
    "registry:household_create": Endpoint({"GET": E, "POST": E}),
    "registry:household_member_row": Endpoint({"GET": E}),
    "registry:household_detail": Endpoint({"GET": V}, args=hh),
    "registry:household_edit": Endpoint({"GET": E, "POST": E}, args=hh),
    "registry:member_add": Endpoint({"GET": E, "POST": E}, args=hh),
    "registry:member_move_in": Endpoint({"GET": E, "POST": E}, args=hh),
    "registry:member_remove": Endpoint({"GET": E, "POST": E}, args=hh_and("child"), consumes=True),
    "registry:head_change": Endpoint({"GET": E, "POST": E}, args=hh),
    "registry:household_split": Endpoint({"GET": E, "POST": E}, args=hh),
    "registry:household_merge": Endpoint({"GET": E, "POST": E}, args=hh),
    "registry:income_add": Endpoint({"GET": E, "POST": E}, args=hh),
    "registry:income_delete": Endpoint({"POST": E}, args=hh_and("income"), consumes=True),
    "registry:asset_add": Endpoint({"GET": E, "POST": E}, args=hh),
    "registry:asset_delete": Endpoint({"POST": E}, args=hh_and("asset"), consumes=True),
    "registry:person_detail": Endpoint({"GET": V}, args=person),
    "registry:person_edit": Endpoint({"GET": E, "POST": E}, args=person),
    "registry:person_reveal": Endpoint({"POST": R}, args=reveal),
    "registry:duplicate_resolve": Endpoint({"POST": E}, args=flag, consumes=True),
    "registry:import": Endpoint({"GET": Capability.IMPORT_REGISTRY, "POST": Capability.IMPORT_REGISTRY}),
    "registry:import_template": Endpoint({"GET": Capability.IMPORT_REGISTRY}),
    "registry:import_report": Endpoint({"GET": Capability.IMPORT_REGISTRY}, ok_extra=(404,)),
    "registry:household_export": Endpoint({"GET": Capability.EXPORT_PERSONAL_DATA}),
    "api:token": Endpoint({"POST": None}, public=True),
    "api:me": Endpoint({"GET": None}),
    "api:schema": Endpoint({"GET": None}, public=True),  # the schema holds no data, only shapes
    "api:area-list": Endpoint({"GET": V}, lists=True),
    "api:area-detail": Endpoint({"GET": V}, args=village),
    "api:household-list": Endpoint({"GET": V, "POST": E}, lists=True),
    "api:household-detail": Endpoint({"GET": V, "PATCH": E}, args=hh),
    "api:household-history": Endpoint({"GET": V}, args=hh),
    "api:person-list": Endpoint({"GET": V}, lists=True),
    "api:person-detail": Endpoint({"GET": V, "PATCH": E}, args=person),
    "api:person-reveal": Endpoint({"POST": R}, args=person),
    # 地方标准 (apps/standards): anyone who views may read them; only an admin sets or imports them.
    "standards:index": Endpoint({"GET": V}),
    "standards:set": Endpoint({"GET": Capability.MANAGE_STANDARDS, "POST": Capability.MANAGE_STANDARDS}),
    "standards:import": Endpoint({"GET": Capability.MANAGE_STANDARDS, "POST": Capability.MANAGE_STANDARDS}),
    "standards:import_template": Endpoint({"GET": Capability.MANAGE_STANDARDS}),
    "standards:assess": Endpoint({"GET": Capability.ASSESS}, lists=True, query={"q": "测"}),
    "standards:assess_household": Endpoint({"GET": Capability.ASSESS}, args=hh),
    "api:assessment-create": Endpoint({"POST": Capability.ASSESS}),
    "api:standard-list": Endpoint({"GET": V}),
}


# 社会救助 (apps/assistance): the applications, cases, notices and attachments each side needs are built
# on first use, through the real services (tests/apps/assistance/flow.py).
def _assistance(w: Any, side: str) -> SimpleNamespace | None:
    obj = {"in": w.inside, "out": w.outside}.get(side)
    if obj is None or hasattr(obj, "application"):
        return obj
    from apps.assistance.models import Case
    from apps.standards.models import StandardVersion
    from tests.apps.assistance.flow import apply, approved_case, dibao_standards

    county = obj.household.area_id[:6] + "000000"
    if not StandardVersion.objects.filter(area_id=county, key="dibao.standard").exists():
        dibao_standards(county)
    actor = w.builder if side == "in" else UserFactory(role="admin", area_id=county)
    obj.application = apply(actor=actor, household=obj.household)
    paid = {"bank_name": "中国邮政储蓄银行", "account_number": "6217990000000001"}
    case = approved_case(
        actor=actor, household=household(actor=actor, area_code=obj.household.area_id, **paid)
    )
    obj.case = case
    obj.notice = case.application.notices.first()
    obj.decided = case.application
    assert Case.objects.filter(pk=case.pk).exists()
    return obj


def _assist(attr: str, *extra: Any) -> Callable[[Any, str], list[Any]]:
    def build(w: Any, side: str) -> list[Any]:
        obj = _assistance(w, side)
        return [getattr(obj, attr).pk if obj else MISSING, *extra]

    return build


def attachment(w: Any, side: str) -> list[Any]:
    obj = _assistance(w, side)
    if obj is None:
        return [MISSING]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.assistance.models import Attachment
    from apps.assistance.services.attachments import attachments_check, attachments_store

    if not hasattr(obj, "attachment"):
        png = SimpleUploadedFile("门口.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, content_type="image/png")
        attachments_store(
            actor=obj.decided.created_by, application=obj.decided, files=attachments_check([png])
        )
        obj.attachment = Attachment.objects.filter(application=obj.decided).latest("id")
    return [obj.attachment.pk]


A, AC, RV, AP = Capability.APPLY, Capability.ACCEPT, Capability.REVIEW, Capability.APPROVE
SPEC.update(
    {
        "workbench:inbox": Endpoint({"GET": None}, lists=True),
        "assistance:overdue": Endpoint({"GET": V}, lists=True),
        "assistance:publicity": Endpoint({"GET": V}, args=village),
        "assistance:application_list": Endpoint({"GET": V}, lists=True),
        "assistance:application_create": Endpoint({"GET": A, "POST": A}, args=hh),
        "assistance:application_detail": Endpoint({"GET": V}, args=_assist("application")),
        "assistance:application_intake": Endpoint({"GET": AC, "POST": AC}, args=_assist("application")),
        "assistance:application_resubmit": Endpoint({"GET": A, "POST": A}, args=_assist("application")),
        "assistance:application_verify": Endpoint({"GET": RV, "POST": RV}, args=_assist("application")),
        "assistance:application_survey": Endpoint({"GET": RV, "POST": RV}, args=_assist("application")),
        "assistance:application_publicise": Endpoint({"GET": RV, "POST": RV}, args=_assist("application")),
        "assistance:application_object": Endpoint({"GET": A, "POST": A}, args=_assist("application")),
        "assistance:application_recheck": Endpoint({"GET": RV, "POST": RV}, args=_assist("application")),
        "assistance:application_decide": Endpoint({"GET": AP, "POST": AP}, args=_assist("application")),
        "assistance:application_prepay": Endpoint({"GET": AP, "POST": AP}, args=_assist("application")),
        "assistance:application_withdraw": Endpoint({"GET": A, "POST": A}, args=_assist("application")),
        "assistance:notice_download": Endpoint({"GET": V}, args=_assist("notice")),
        "assistance:attachment_download": Endpoint({"GET": V}, args=attachment),
        "assistance:case_list": Endpoint({"GET": V}, lists=True),
        "assistance:case_detail": Endpoint({"GET": V}, args=_assist("case")),
        "workbench:case_review": Endpoint({"GET": RV, "POST": RV}, args=_assist("case")),
        "workbench:case_change": Endpoint({"GET": AP, "POST": AP}, args=_assist("case", "suspend")),
        "api:inbox": Endpoint({"GET": None}, lists=True),
        "api:application-list": Endpoint({"GET": V}, lists=True),
        "api:application-detail": Endpoint({"GET": V}, args=_assist("application")),
        "api:case-list": Endpoint({"GET": V}, lists=True),
        "api:case-detail": Endpoint({"GET": V}, args=_assist("case")),
        "api:case-change": Endpoint({"POST": AP}, args=_assist("case")),
        "api:application-intake": Endpoint({"POST": AC}, args=_assist("application")),
        "api:application-verify": Endpoint({"POST": RV}, args=_assist("application")),
        "api:application-survey": Endpoint({"POST": RV}, args=_assist("application")),
        "api:application-publicise": Endpoint({"POST": RV}, args=_assist("application")),
        "api:application-decide": Endpoint({"POST": AP}, args=_assist("application")),
    }
)


# 调标 (apps/assistance/views/restandard.py): a county's page, and a run previewed on each side's county.
def county(w: Any, side: str) -> list[Any]:
    return [{"in": COUNTY, "out": OTHER_COUNTY, "missing": "421399000000"}[side]]


def restandard_run(w: Any, side: str) -> list[Any]:
    obj = {"in": w.inside, "out": w.outside}.get(side)
    if obj is None:
        return [MISSING]
    if not hasattr(obj, "run"):
        from apps.areas.models import Area
        from apps.assistance.services.restandard import restandard_preview

        code = obj.household.area_id[:6] + "000000"
        actor = w.builder if side == "in" else UserFactory(role="admin", area_id=code)
        obj.run = restandard_preview(actor=actor, county=Area.objects.get(pk=code), on=date(2024, 1, 1))
    return [obj.run.pk]


RS = Capability.RESTANDARD
SPEC.update(
    {
        "assistance:restandard": Endpoint({"GET": RS}),
        "assistance:restandard_county": Endpoint({"GET": RS, "POST": RS}, args=county),
        "assistance:restandard_run": Endpoint({"GET": RS}, args=restandard_run),
        "workbench:restandard_apply": Endpoint({"POST": RS}, args=restandard_run),
    }
)


# 网上申请 (apps/portal): the staff's pages act on an online application made in each side's village. The
# residents' own pages are public here; tests/apps/portal checks who sees what on them.
def _online(w: Any, side: str) -> Any:
    obj = {"in": w.inside, "out": w.outside}.get(side)
    if obj is None:
        return None
    if not hasattr(obj, "online"):
        from tests.apps.portal.flow import citizen_account, png, submit

        obj.online = submit(
            citizen=citizen_account(), area_code=obj.household.area_id, uploads={"identity": [png()]}
        )
    return obj.online


def online_app(w: Any, side: str) -> list[Any]:
    online = _online(w, side)
    return [online.pk if online else MISSING]


def online_file(w: Any, side: str) -> list[Any]:
    online = _online(w, side)
    return [online.attachments.get().pk if online else MISSING]


# 网上办事账号核实: each side's head of household (no phone on record) registers and waits for their village.
def online_account(w: Any, side: str) -> list[Any]:
    obj = {"in": w.inside, "out": w.outside}.get(side)
    if obj is None:
        return [MISSING]
    if not hasattr(obj, "account"):
        from tests.apps.portal.flow import register

        obj.account = register(name=obj.person.name, id_number=obj.person.id_number).profile
    return [obj.account.pk]


SPEC.update(
    {
        "online:list": Endpoint({"GET": V}, lists=True),
        "online:detail": Endpoint({"GET": V}, args=online_app),
        "online:forward": Endpoint({"POST": A}, args=online_app),
        "online:register": Endpoint({"POST": E}, args=online_app),
        "online:return": Endpoint({"POST": A}, args=online_app),
        "online:attachment": Endpoint({"GET": V}, args=online_file),
        "online:accounts": Endpoint({"GET": V}, lists=True),
        "online:account": Endpoint({"GET": V}, args=online_account),
        "online:account_confirm": Endpoint({"POST": A}, args=online_account),
        "online:account_refuse": Endpoint({"POST": A}, args=online_account),
        # 模拟短信 (apps/demo): open like the registration it serves; only while the demo is installed.
        "demo:sms": Endpoint({"GET": None}, public=True),
        **{
            f"portal:{name}": Endpoint({"GET": None}, public=True)
            for name in [
                "home",
                "register",
                "register_code",
                "login",
                "logout",
                "apply",
                "areas",
                "mine",
                "detail",
                "withdraw",
                "upload",
                "attachment",
                "attachment_remove",
                "notice",
            ]
        },
    }
)


# 资金发放 (apps/payroll): each side's county gets a December 2025 payroll over its approved case.
def _payroll(w: Any, side: str) -> Any:
    obj = _assistance(w, side)
    if obj is None:
        return None
    if not hasattr(obj, "payroll"):
        from apps.workbench.services.payroll import payroll_prepare

        county = obj.household.area_id[:6] + "000000"
        actor = w.builder if side == "in" else UserFactory(role="admin", area_id=county)
        obj.payroll = payroll_prepare(actor=actor, county=county, month=date(2025, 12, 1))
    return obj.payroll


def payroll(w: Any, side: str) -> list[Any]:
    made = _payroll(w, side)
    return [made.pk if made else MISSING]


def payroll_line(w: Any, side: str) -> list[Any]:
    made = _payroll(w, side)
    return [made.lines.first().pk if made else MISSING]


def payment_file(w: Any, side: str) -> list[Any]:
    made = _payroll(w, side)
    if made is None:
        return [MISSING]
    if not made.payment_files.exists():
        from apps.payroll.services.approve import payroll_approve
        from apps.payroll.services.bank import payroll_export

        county = made.county_id
        payroll_approve(actor=UserFactory(role="county_approver", area_id=county), payroll=made)
        made.refresh_from_db()
        payroll_export(actor=UserFactory(role="finance", area_id=county), payroll=made, template_code="psbc")
    return [made.payment_files.first().pk]


VP, PP, AP2 = Capability.VIEW_PAYROLL, Capability.PREPARE_PAYROLL, Capability.APPROVE_PAYROLL
SPEC.update(
    {
        "payroll:list": Endpoint({"GET": VP}, lists=True),
        "workbench:payroll_prepare": Endpoint({"POST": PP}),
        "payroll:funds": Endpoint({"GET": VP}, lists=True),
        "payroll:detail": Endpoint({"GET": VP}, args=payroll),
        "payroll:approve": Endpoint({"POST": AP2}, args=payroll),
        "payroll:lines": Endpoint({"GET": VP}, args=payroll),
        "payroll:line": Endpoint({"GET": VP}, args=payroll_line),
        "payroll:bank": Endpoint({"GET": VP}, args=payroll),
        "payroll:export": Endpoint({"POST": PP}, args=payroll),
        "payroll:reconcile": Endpoint({"GET": PP, "POST": PP}, args=payroll),
        "payroll:reissue": Endpoint({"POST": PP}, args=payroll),
        "payroll:file": Endpoint({"GET": VP}, args=payment_file),
        "api:payroll-list": Endpoint({"GET": VP, "POST": PP}, lists=True),
        "api:payroll-detail": Endpoint({"GET": VP}, args=payroll),
        "api:payroll-approve": Endpoint({"POST": AP2}, args=payroll),
        "api:payroll-lines": Endpoint({"GET": VP}, args=payroll),
        "api:funds": Endpoint({"GET": VP}),
        "api:payroll-export": Endpoint({"POST": PP}, args=payroll),
        "api:payroll-reconcile": Endpoint({"POST": PP}, args=payroll),
        "api:payroll-reconciliation": Endpoint({"GET": VP}, args=payroll),
    }
)


# 数据比对 (apps/crosscheck): each side's county gets a death list naming its case's head, run into a lead
# that is sent to the township and confirmed there with a photo (tests/apps/crosscheck/flow.py).
def _lead(w: Any, side: str) -> Any:
    obj = _assistance(w, side)
    if obj is None:
        return None
    if not hasattr(obj, "lead"):
        from pathlib import Path

        from django.conf import settings

        from tests.apps.crosscheck.flow import verified_lead

        county = obj.household.area_id[:6] + "000000"
        actor = w.builder if side == "in" else UserFactory(role="admin", area_id=county)
        obj.lead = verified_lead(actor=actor, case=obj.case, tmp=Path(settings.VAR_DIR))
    return obj.lead


def lead(w: Any, side: str) -> list[Any]:
    made = _lead(w, side)
    return [made.pk if made else MISSING]


def lead_file(w: Any, side: str) -> list[Any]:
    made = _lead(w, side)
    return [made.attachments.get().pk if made else MISSING]


def lead_batch(w: Any, side: str) -> list[Any]:
    made = _lead(w, side)
    return [made.batch_id if made else MISSING]


def lead_run(w: Any, side: str) -> list[Any]:
    made = _lead(w, side)
    return [made.run_id if made else MISSING]


def source(w: Any, side: str) -> list[Any]:
    return [*county(w, side), "death"]


VL, VC, CI = Capability.VIEW_LEADS, Capability.VIEW_CROSSCHECK, Capability.CROSSCHECK_IMPORT
VF, RM = Capability.VERIFY_LEAD, Capability.REMEDY_LEAD
SPEC.update(
    {
        "crosscheck:leads": Endpoint({"GET": VL}, lists=True),
        "crosscheck:stats": Endpoint({"GET": VL}, lists=True),
        "crosscheck:lead": Endpoint({"GET": VL}, args=lead),
        "crosscheck:lead_assign": Endpoint({"POST": CI}, args=lead),
        "crosscheck:lead_verify": Endpoint({"POST": VF}, args=lead),
        "crosscheck:lead_hold": Endpoint({"POST": RM}, args=lead),
        "crosscheck:lead_remedy": Endpoint({"POST": RM}, args=lead),
        "crosscheck:attachment": Endpoint({"GET": VL}, args=lead_file),
        "crosscheck:sources": Endpoint({"GET": VC}, lists=True),
        "crosscheck:source": Endpoint({"GET": VC, "POST": CI}, args=source),
        "crosscheck:import": Endpoint({"GET": CI, "POST": CI}),
        "crosscheck:import_confirm": Endpoint({"POST": CI}),
        "crosscheck:import_report": Endpoint({"GET": CI}, ok_extra=(404,)),
        "crosscheck:batches": Endpoint({"GET": VC}, lists=True),
        "crosscheck:batch": Endpoint({"GET": VC}, args=lead_batch),
        "crosscheck:batch_run": Endpoint({"POST": CI}, args=lead_batch),
        "crosscheck:run": Endpoint({"GET": VC}, args=lead_run),
        "crosscheck:run_assign": Endpoint({"POST": CI}, args=lead_run),
        "demo:crosscheck_sample": Endpoint({"GET": CI}),
        "api:crosscheck-lead-list": Endpoint({"GET": VL}, lists=True),
        "api:crosscheck-lead-detail": Endpoint({"GET": VL}, args=lead),
        "api:crosscheck-lead-verify": Endpoint({"POST": VF}, args=lead),
        "api:crosscheck-lead-remedy": Endpoint({"POST": RM}, args=lead),
        "api:crosscheck-batch-list": Endpoint({"GET": VC, "POST": CI}, lists=True),
        "api:crosscheck-batch-detail": Endpoint({"GET": VC}, args=lead_batch),
        "api:crosscheck-batch-run": Endpoint({"POST": CI}, args=lead_batch),
    }
)


# 低收入人口动态监测 (apps/monitoring): each side's household gets a 灾害 alert and a 防返贫 flag, made by an
# admin of its county.
def _monitored(w: Any, side: str) -> Any:
    obj = {"in": w.inside, "out": w.outside}.get(side)
    if obj is not None and not hasattr(obj, "alert"):
        from apps.monitoring.services import alert_create_manual, flag_add

        county = obj.household.area_id[:6] + "000000"
        actor = w.builder if side == "in" else UserFactory(role="admin", area_id=county)
        obj.alert = alert_create_manual(actor=actor, household=obj.household, reason="房屋受洪水损毁")
        obj.mflag = flag_add(actor=actor, household=obj.household, reason="因灾返贫风险")
    return obj


def alert(w: Any, side: str) -> list[Any]:
    made = _monitored(w, side)
    return [made.alert.pk if made else MISSING]


def monitoring_flag(w: Any, side: str) -> list[Any]:
    made = _monitored(w, side)
    return [made.mflag.pk if made else MISSING]


VM, HA, RA = Capability.VIEW_MONITORING, Capability.HANDLE_ALERT, Capability.RAISE_ALERTS
SPEC.update(
    {
        "monitoring:dashboard": Endpoint({"GET": VM}, lists=True),
        "monitoring:register": Endpoint({"GET": VM}, lists=True),
        "monitoring:alerts": Endpoint({"GET": VM}, lists=True, query={"state": ""}),
        "monitoring:alert": Endpoint({"GET": VM}, args=alert),
        "monitoring:alert_visit": Endpoint({"POST": HA}, args=alert),
        "monitoring:alert_close": Endpoint({"POST": HA}, args=alert),
        "monitoring:household": Endpoint({"GET": VM}, args=hh),
        "monitoring:flag_add": Endpoint({"POST": HA}, args=hh),
        "monitoring:alert_manual": Endpoint({"POST": HA}, args=hh),
        "monitoring:flag_clear": Endpoint({"POST": HA}, args=monitoring_flag),
        "monitoring:raise": Endpoint({"GET": RA, "POST": RA}),
        "api:monitoring-alert-list": Endpoint({"GET": VM}, lists=True, query={"state": ""}),
        "api:monitoring-alert-detail": Endpoint({"GET": VM}, args=alert),
        "api:monitoring-alert-outcome": Endpoint({"POST": HA}, args=alert),
        "api:monitoring-register": Endpoint({"GET": VM}, lists=True),
    }
)


# 政府信息公开年报 (apps/disclosure): each side's county, its 2025 report and a file generated from it.
def disclosure_year(w: Any, side: str) -> list[Any]:
    return [*county(w, side), 2025]


def disclosure_file(w: Any, side: str) -> list[Any]:
    obj = {"in": w.inside, "out": w.outside}.get(side)
    if obj is None:
        return [MISSING]
    if not hasattr(obj, "disclosure_file"):
        from apps.areas.models import Area
        from apps.disclosure.services import disclosure_generate, disclosure_save
        from tests.policy.disclosure.sample import TEXTS, consistent_cells

        area = Area.objects.get(pk=county(w, side)[0])
        report = disclosure_save(
            actor=None,
            county=area,
            year=2025,
            organ=f"{area.name}民政局",
            texts=TEXTS,
            cells=consistent_cells(),
        )
        obj.disclosure_file = disclosure_generate(actor=None, report=report, fmt="html")
    return [obj.disclosure_file.pk]


VD, MD = Capability.VIEW_DISCLOSURE, Capability.MANAGE_DISCLOSURE
SPEC.update(
    {
        "disclosure:index": Endpoint({"GET": VD}, lists=True),
        "disclosure:report": Endpoint({"GET": VD}, args=disclosure_year),
        "disclosure:edit": Endpoint({"GET": MD, "POST": MD}, args=disclosure_year),
        "disclosure:upload": Endpoint({"POST": MD}, args=disclosure_year),
        "disclosure:template": Endpoint({"GET": MD}, args=disclosure_year),
        "disclosure:generate": Endpoint({"POST": MD}, args=disclosure_year),
        "disclosure:preview": Endpoint({"GET": VD}, args=disclosure_year),
        "disclosure:file": Endpoint({"GET": VD}, args=disclosure_file),
        "api:disclosure-report": Endpoint({"GET": VD, "PUT": MD}, args=disclosure_year),
        "api:disclosure-check": Endpoint({"POST": VD}, args=disclosure_year),
        "api:disclosure-generate": Endpoint({"POST": MD}, args=disclosure_year),
        "api:disclosure-file": Endpoint({"GET": VD}, args=disclosure_file),
    }
)

# 统计 (apps/statistics): pages and API read the actor's own area by default (an ``area`` outside answers
# 404: tests/apps/statistics); the refresh rebuilds the actor's county.
VS = Capability.VIEW_STATISTICS
SPEC.update(
    {
        "statistics:monthly": Endpoint({"GET": VS}),
        "statistics:export": Endpoint({"GET": VS}),
        "statistics:refresh": Endpoint({"POST": Capability.PRODUCE_REPORTS}),
        "api:statistics-monthly": Endpoint({"GET": VS}),
        "api:statistics-trend": Endpoint({"GET": VS}),
        # 指标目录 (apps/indicators): read like statistics (an ``area`` outside answers 404:
        # tests/apps/indicators).
        "api:indicator-list": Endpoint({"GET": VS}),
    }
)


# 年度工作总结数据附录 (apps/annual): read like statistics, for the actor's own area by default (an ``area``
# outside answers 404: tests/apps/annual); a file generated on each side (the inside township, the
# outside county).
def annual_file(w: Any, side: str) -> list[Any]:
    obj = {"in": w.inside, "out": w.outside}.get(side)
    if obj is None:
        return [MISSING]
    if not hasattr(obj, "annual_file"):
        from apps.annual.services import annual_generate

        code = county(w, side)[0]
        actor = w.builder if side == "in" else UserFactory(role="admin", area_id=code)
        area = TOWN if side == "in" else code  # a township's: inside every role's area that reads it
        obj.annual_file = annual_generate(actor=actor, area_code=area, year=2025, fmt="xlsx")
    return [obj.annual_file.pk]


# 目标管理 (apps/targets): each side's county gets this year's manual target with an evidence file, and a
# progress report generated from it.
def _target(w: Any, side: str) -> Any:
    obj = {"in": w.inside, "out": w.outside}.get(side)
    if obj is not None and not hasattr(obj, "target"):
        from apps.areas.models import Area
        from apps.core.clock import today
        from apps.targets.services import target_actual_record, target_create, targets_generate
        from policy.targets import target_clean

        code = county(w, side)[0]
        actor = w.builder if side == "in" else UserFactory(role="admin", area_id=code)
        spec = target_clean(
            {
                "level": "city",
                "name": f"特困人员集中供养率{obj.household.pk}",
                "direction": "≥",
                "target_value": "60",
                "unit": "%",
            }
        )
        area = Area.objects.get(pk=code)
        obj.target = target_create(actor=actor, county=area, year=today().year, spec=spec)
        obj.target = target_actual_record(
            actor=actor,
            target=obj.target,
            value="61",
            on=today(),
            note="",
            evidence=("名册.pdf", b"%PDF-1.4"),
        )
        obj.targets_file = targets_generate(actor=actor, county=area, year=today().year, fmt="xlsx")
    return obj


def target(w: Any, side: str) -> list[Any]:
    made = _target(w, side)
    return [made.target.pk if made else MISSING]


def targets_file(w: Any, side: str) -> list[Any]:
    made = _target(w, side)
    return [made.targets_file.pk if made else MISSING]


def targets_year(w: Any, side: str) -> list[Any]:
    from apps.core.clock import today

    return [*county(w, side), today().year]


VT, MT = Capability.VIEW_TARGETS, Capability.MANAGE_TARGETS
SPEC.update(
    {
        "annual:index": Endpoint({"GET": VS}),
        "annual:generate": Endpoint({"POST": Capability.PRODUCE_REPORTS}),
        "annual:file": Endpoint({"GET": VS}, args=annual_file),
        "api:annual-appendix": Endpoint({"GET": VS}),
        "targets:index": Endpoint({"GET": VT}),
        "targets:year": Endpoint({"GET": VT}, args=targets_year),
        "targets:create": Endpoint({"GET": MT, "POST": MT}, args=targets_year),
        "targets:generate": Endpoint({"POST": (VT, Capability.PRODUCE_REPORTS)}, args=targets_year),
        "targets:edit": Endpoint({"GET": MT, "POST": MT}, args=target),
        "targets:delete": Endpoint({"POST": MT}, args=target, consumes=True),
        "targets:actual": Endpoint({"GET": MT, "POST": MT}, args=target),
        "targets:evidence": Endpoint({"GET": VT}, args=target),
        "targets:file": Endpoint({"GET": VT}, args=targets_file),
        "api:targets-progress": Endpoint({"GET": VT}, args=targets_year),
    }
)


# 组织 and 服务机构 (apps/organisations, apps/facilities): each side's village gets an organisation, a
# facility it runs and a photo of it, made through the real services.
def _register(w: Any, side: str) -> Any:
    obj = {"in": w.inside, "out": w.outside}.get(side)
    if obj is None or hasattr(obj, "organisation"):
        return obj
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.facilities.services.facilities import FacilityInput, NewFacility, facility_create
    from apps.facilities.services.photos import facility_photo_add
    from apps.organisations.services.organisations import OrganisationInput, organisation_create

    village = obj.household.area_id
    actor = w.builder if side == "in" else UserFactory(role="admin", area_id=village[:6] + "000000")
    obj.organisation = organisation_create(
        actor=actor,
        data=OrganisationInput(
            name=f"颐养服务中心{side}", kind="social_service", area_code=village, contact_phone="13912345678"
        ),
    )
    obj.facility = facility_create(
        actor=actor,
        data=NewFacility(
            facility=FacilityInput(
                name=f"幸福食堂{side}",
                kind="elder_canteen",
                area_code=village,
                operating_mode="public_private",
                operator_id=obj.organisation.pk,
            )
        ),
    )
    png = SimpleUploadedFile("门口.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, content_type="image/png")
    obj.photo = facility_photo_add(actor=actor, facility=obj.facility, upload=png)
    return obj


def _registered(attr: str, *extra: Any) -> Callable[[Any, str], list[Any]]:
    def build(w: Any, side: str) -> list[Any]:
        obj = _register(w, side)
        return [getattr(obj, attr).pk if obj else MISSING, *extra]

    return build


VO, MO = Capability.VIEW_ORGANISATIONS, Capability.MANAGE_ORGANISATIONS
VF, MF = Capability.VIEW_FACILITIES, Capability.MANAGE_FACILITIES
ORG, FAC = _registered("organisation"), _registered("facility")
SPEC.update(
    {
        "organisations:list": Endpoint({"GET": VO}, lists=True),
        "organisations:create": Endpoint({"GET": MO, "POST": MO}),
        "organisations:detail": Endpoint({"GET": VO}, args=ORG),
        "organisations:edit": Endpoint({"GET": MO, "POST": MO}, args=ORG),
        "organisations:state": Endpoint({"GET": MO, "POST": MO}, args=ORG),
        "organisations:reveal": Endpoint({"POST": R}, args=_registered("organisation", "contact_phone")),
        "facilities:list": Endpoint({"GET": VF}, lists=True),
        "facilities:create": Endpoint({"GET": MF, "POST": MF}),
        "facilities:detail": Endpoint({"GET": VF}, args=FAC),
        "facilities:edit": Endpoint({"GET": MF, "POST": MF}, args=FAC),
        "facilities:state": Endpoint({"GET": MF, "POST": MF}, args=FAC),
        "facilities:capacity": Endpoint({"GET": MF, "POST": MF}, args=FAC),
        "facilities:photo_upload": Endpoint({"POST": MF}, args=FAC),
        "facilities:photo": Endpoint({"GET": VF}, args=_registered("photo")),
        "api:organisation-list": Endpoint({"GET": VO}, lists=True),
        "api:organisation-detail": Endpoint({"GET": VO}, args=ORG),
        "api:facility-list": Endpoint({"GET": VF}, lists=True),
        "api:facility-detail": Endpoint({"GET": VF}, args=FAC),
    }
)

ROLE_AREAS = {
    Role.VILLAGE_WORKER: VILLAGE,
    Role.TOWNSHIP_REVIEWER: TOWN,
    Role.COUNTY_APPROVER: COUNTY,
    Role.FINANCE: COUNTY,
    Role.ADMIN: COUNTY,
    Role.SUPERVISOR: COUNTY,
}


def _url_names() -> set[str]:
    def walk(patterns: list[Any], ns: str | None) -> Any:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or ns)
            elif isinstance(p, URLPattern):
                yield f"{ns}:{p.name}" if ns else p.name

    return set(walk(get_resolver().url_patterns, None))


def test_every_endpoint_is_in_the_matrix():
    served = _url_names()
    assert served - set(SPEC) == set(), "new endpoints need a row in SPEC"
    assert set(SPEC) - served == set(), "SPEC names endpoints that no longer exist"


def _side(*, actor: Any, area: str) -> SimpleNamespace:
    fam = household(actor=actor, area_code=area, members=3)
    members = {m.relation: m.person for m in household_members(household=fam)}
    income = income_add(
        actor=actor,
        household=fam,
        data=IncomeInput(
            person_id=members["head"].pk,
            income_type="wage",
            amount="1200.00",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        ),
    )
    asset = asset_add(
        actor=actor, household=fam, data=AssetInput(asset_type="housing", description="自住房一套")
    )
    head = members["head"]
    twin = person_create(
        actor=actor,
        data=person_input(
            name=head.name, hukou_area_code=area, id_number=_twin_id(head.id_number, head.birth_date)
        ),
    )
    return SimpleNamespace(
        household=fam,
        person=head,
        child=members["child"],
        income=income,
        asset=asset,
        flag=DuplicateFlag.objects.get(person=twin),
    )


def _twin_id(number: str, born: date) -> str:
    from tests.factories import new_id_number

    return new_id_number(area6=number[:6], birth=born)


@pytest.fixture
def world(db: None, areas: dict, settings: Any, tmp_path: Any) -> SimpleNamespace:
    settings.VAR_DIR = tmp_path  # the attachments made below
    builder = UserFactory(role="admin", area_id=COUNTY)
    outsider = UserFactory(role="admin", area_id=OTHER_COUNTY)
    users = {role: UserFactory(role=role.value, area_id=code) for role, code in ROLE_AREAS.items()}
    return SimpleNamespace(
        inside=_side(actor=builder, area=VILLAGE),
        outside=_side(actor=outsider, area=OTHER_VILLAGE),
        users=users,
        builder=builder,
    )


def _client(user: Any, api: bool) -> Client:
    if api:
        token, _ = Token.objects.get_or_create(user=user)
        return Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    client = Client()
    client.force_login(user)
    return client


def _call(client: Client, method: str, url: str, query: dict[str, str], api: bool) -> Any:
    if method == "GET":
        return client.get(url, query)
    body: dict[str, Any] = {}
    if api:
        return client.generic(method, url, data="{}", content_type="application/json")
    return client.post(url, body)


_CSRF = re.compile(r"[A-Za-z0-9]{64}")


def _plain(response: Any) -> str:
    """The body without the CSRF token, which Django masks afresh in every response."""
    return _CSRF.sub("<csrf>", response.content.decode())


def holds(role: Role, needed: Capability | tuple[Capability, ...] | None) -> bool:
    if needed is None:
        return True
    return all(role_can(role, c) for c in (needed if isinstance(needed, tuple) else (needed,)))


def _cases() -> list[tuple[str, str]]:
    return [(name, method) for name, ep in SPEC.items() for method in ep.methods]


@pytest.mark.parametrize(("name", "method"), _cases())
def test_role_by_endpoint_by_area(world, name, method):
    ep = SPEC[name]
    if ep.public:
        return
    needed = ep.methods[method]
    api = name.startswith("api:")
    for role, user in world.users.items():
        if ep.consumes:
            world.inside = _side(actor=world.builder, area=VILLAGE)
        sides = ["in", "out", "missing"] if ep.args else ["in"]
        bodies = {}
        for side in sides:
            # A fresh client per call, so a flash message queued by one call does not show up in the next.
            client = _client(user, api)
            url = reverse(name, args=ep.args(world, side) if ep.args else [])
            response = _call(client, method, url, ep.query, api)
            bodies[side] = response
            where = f"{role.value} {method} {name} ({side})"
            assert response.status_code < 500, where
            if side == "in":
                allowed = holds(role, needed) and (method == "GET" or role_writes(role))
                if allowed:
                    assert (
                        response.status_code not in (401, 403, 404) or response.status_code in ep.ok_extra
                    ), where
                else:
                    assert response.status_code == 403, f"{where}: expected 403, got {response.status_code}"
            elif holds(role, needed) and (method == "GET" or role_writes(role)):
                assert response.status_code == 404, f"{where}: expected 404, got {response.status_code}"
            else:
                # A role without the capability may be refused before the lookup; either way it learns
                # nothing, because "outside" and "missing" must still answer the same (checked below).
                assert response.status_code in (403, 404), f"{where}: got {response.status_code}"
        if ep.args:
            out, missing = bodies["out"], bodies["missing"]
            assert (out.status_code, _plain(out)) == (missing.status_code, _plain(missing)), (
                f"{role.value} {method} {name}: outside ({out.status_code}) answers differently from missing "
                f"({missing.status_code})"
            )
        if ep.lists and method == "GET" and bodies["in"].status_code == 200:
            text = bodies["in"].content.decode()
            stranger = world.outside.person
            assert stranger.name not in text and stranger.id_number not in text, f"{role.value} {name} leaks"
            assert OTHER_VILLAGE not in text, f"{role.value} {name} leaks an outside area"


@pytest.mark.parametrize("name", sorted(n for n, ep in SPEC.items() if not ep.public))
def test_anonymous_visitors_are_refused(world, name):
    ep = SPEC[name]
    method = next(iter(ep.methods))
    url = reverse(name, args=ep.args(world, "in") if ep.args else [])
    response = _call(Client(), method, url, ep.query, name.startswith("api:"))
    if name.startswith("api:"):
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# POSTs that change nothing but their audit row: a reveal of an identifier (audited), and computations whose
# input is too big for a query string (试算, 校验). Every other write must need a capability that writes.
AUDITED_READS = {
    "registry:person_reveal",
    "api:person-reveal",
    "organisations:reveal",
    "api:assessment-create",
    "api:disclosure-check",
}
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
SIGNING = {"accounts:logout", "api:token"}  # signing out, and signing in for a token: no data is written


def test_every_write_needs_a_capability_that_writes():
    """A POST guarded by a read capability let 监督 refresh statistics and generate reports (issue 19)."""
    hidden = []
    for name, ep in SPEC.items():
        for method, needed in ep.methods.items():
            if method == "GET" or ep.public or name in AUDITED_READS:
                continue
            caps = needed if isinstance(needed, tuple) else (needed,)
            if needed is None or all(c in READS for c in caps):
                hidden.append(f"{method} {name} needs only {needed}")
    assert hidden == []


def test_read_only_roles_hold_no_capability_that_writes():
    for role in READ_ONLY_ROLES:
        assert {c for c in Capability if role_can(role, c)} <= READS, role


def _url_for(name: str, ep: Endpoint, world: Any) -> str:
    if ep.args:
        return reverse(name, args=ep.args(world, "in"))
    for args in ([], ["W2025000001"], [1], ["W2025000001", 1]):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    raise AssertionError(f"no URL for {name}")


@pytest.mark.parametrize("api", [False, True], ids=["web", "api"])
def test_read_only_roles_are_refused_every_write(world, api):
    """监督 sends every POST, PUT, PATCH and DELETE to every endpoint, web and API, declared or not: each is
    refused with 403 and writes nothing (no audit row), but signing out and in."""
    supervisor = world.users[Role.SUPERVISOR]
    urls = {  # built first: building some objects (a generated file) writes its own audit rows
        name: _url_for(name, ep, world)
        for name, ep in SPEC.items()
        if name not in SIGNING and name.startswith("api:") == api
    }
    before = AuditLog.objects.count()
    let_through = []
    for name, url in urls.items():
        for method in UNSAFE:
            response = _call(_client(supervisor, api), method, url, {}, api)
            # 405: a public endpoint that serves no such method (the schema) writes nothing either.
            if response.status_code != 403 and not (SPEC[name].public and response.status_code == 405):
                let_through.append(f"{method} {name}: {response.status_code}")
    assert let_through == [], "\n".join(let_through)
    assert AuditLog.objects.count() == before


def test_the_supervisor_may_log_out(world):
    client = _client(world.users[Role.SUPERVISOR], False)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("workbench:home")).status_code == 302  # logged out: sent to the login page


_POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>", re.I)


def test_read_only_roles_see_no_write_button(world):
    """Every page 监督 may open shows no form that posts, but the logout button in the top bar: a button
    that can only answer 403 is not shown."""
    client = _client(world.users[Role.SUPERVISOR], False)
    logout = reverse("accounts:logout")
    shown = []
    for name, ep in SPEC.items():
        if name.startswith("api:") or ep.public or "GET" not in ep.methods:
            continue
        response = client.get(_url_for(name, ep, world), ep.query)
        if (
            response.status_code != 200
            or response.streaming
            or "text/html" not in response.get("Content-Type", "")
        ):
            continue
        forms = [f for f in _POST_FORM.findall(response.content.decode()) if logout not in f]
        if forms:
            shown.append(f"{name}: {forms[0]}")
    assert shown == [], "\n".join(shown)
