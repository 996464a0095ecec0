"""Reading applications and cases (here) and 调标 (:mod:`.restandard`). Every function takes the actor and
sees only rows of the actor's area; anything else answers NotFound, like a row that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from apps.assistance.models import FINAL_STATES, Application, Attachment, Case, CaseEvent, Notice
from apps.core.clock import today
from apps.core.inbox import InboxGroup, days_late, inbox_group
from apps.core.numbers import number_q
from apps.core.scoping import area_q, code_in_scope, get_scoped, require
from apps.registry.selectors import household_members
from policy.areas import area_code_range
from policy.cases import CaseStatus
from policy.errors import NotFound
from policy.roles import Capability, Role
from policy.statistics import IN_CARE, STATUS_CHANGES
from policy.workflow import AppState, Authority

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.registry.models import Household

VIEW = Capability.VIEW_REGISTRY


def _within(code: str, field_name: str) -> Q:
    try:
        low, high = area_code_range(code)
    except ValueError:
        raise NotFound() from None
    return Q(**{f"{field_name}__gte": low, f"{field_name}__lte": high})


def _applications(actor: User) -> QuerySet[Application]:
    require(actor, VIEW)
    return Application.objects.filter(area_q(actor, "area")).select_related(
        "area", "area__parent", "applicant", "household"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ApplicationFilter:
    state: str = ""
    program: str = ""
    area_code: str = ""
    overdue: bool = False
    q: str = ""  # applicant's name, from its start


def application_list_for(*, actor: User, filters: ApplicationFilter | None = None) -> QuerySet[Application]:
    f = filters or ApplicationFilter()
    qs = _applications(actor)
    if f.state == "open":
        qs = qs.exclude(state__in=FINAL_STATES)
    elif f.state:
        qs = qs.filter(state=f.state)
    if f.program:
        qs = qs.filter(program=f.program)
    if f.area_code:
        qs = qs.filter(_within(f.area_code, "area"))
    if f.overdue:
        qs = qs.filter(due_on__lt=today()).exclude(state__in=FINAL_STATES)
    by_number = number_q("number", f.q)
    if by_number is not None:  # a 受理编号, whole or in part
        qs = qs.filter(by_number)
    elif f.q.strip():
        qs = qs.filter(applicant__name__startswith=f.q.strip())
    return qs.order_by("-submitted_on", "-id")


def application_get_for(*, actor: User, application_id: int | str) -> Application:
    require(actor, VIEW)
    return get_scoped(
        Application.objects.select_related("area", "area__parent", "household", "applicant", "decided_by"),
        actor=actor,
        field="area",
        pk=application_id,
    )


def notice_get_for(*, actor: User, notice_id: int | str) -> Notice:
    require(actor, VIEW)
    return get_scoped(
        Notice.objects.select_related("application"), actor=actor, field="application__area", pk=notice_id
    )


def attachment_get_for(*, actor: User, attachment_id: int | str) -> Attachment:
    require(actor, VIEW)
    return get_scoped(Attachment.objects.all(), actor=actor, field="application__area", pk=attachment_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFilter:
    status: str = ""
    program: str = ""
    area_code: str = ""
    review_due: bool = False
    # The records behind a statistic (apps/statistics): 城乡 ("1" urban, "0" rural), and with ``month``
    # (a first day) ``flow`` "in_care" (在保 at that month's end, by the case's history), "new" (纳入
    # effective that month) or "exit" (退出 effective that month), as policy.statistics defines them.
    urban: str = ""
    month: date | None = None
    flow: str = ""
    q: str = ""  # a 保障编号 (whole or in part), or the applicant's name from its start


def case_list_for(*, actor: User, filters: CaseFilter | None = None) -> QuerySet[Case]:
    require(actor, VIEW)
    f = filters or CaseFilter()
    qs = Case.objects.filter(area_q(actor, "area")).select_related(
        "area", "area__parent", "application__applicant", "household"
    )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.program:
        qs = qs.filter(program=f.program)
    if f.area_code:
        qs = qs.filter(_within(f.area_code, "area"))
    if f.review_due:
        qs = qs.filter(next_review_on__lte=today(), status__in=[CaseStatus.ACTIVE, CaseStatus.SUSPENDED])
    if f.urban in ("0", "1"):
        qs = qs.filter(is_urban=f.urban == "1")
    if f.month is not None and f.flow:
        qs = _case_flow(qs, f.month.replace(day=1), f.flow)
    by_number = number_q("number", f.q)
    if by_number is not None:
        qs = qs.filter(by_number)
    elif f.q.strip():
        qs = qs.filter(application__applicant__name__startswith=f.q.strip())
    return qs.order_by("area_id", "id")


def _case_flow(qs: QuerySet[Case], month: date, flow: str) -> QuerySet[Case]:
    """The cases 在保 at ``month``'s end, or whose 纳入 or 退出 took effect in it (policy.statistics)."""
    events = CaseEvent.objects.filter(case=OuterRef("pk"))
    if flow == "in_care":
        latest = (
            events.filter(change__in=STATUS_CHANGES, effective_month__lte=month)
            .order_by("-effective_month", "-id")
            .values("to_status")[:1]
        )
        return qs.annotate(status_then=Subquery(latest)).filter(status_then=IN_CARE)
    change = {"new": "enrol", "exit": "exit"}.get(flow)
    if change is None:
        return qs
    return qs.filter(Exists(events.filter(change=change, effective_month=month)))


def case_get_for(*, actor: User, case_id: int | str) -> Case:
    require(actor, VIEW)
    return get_scoped(
        Case.objects.select_related("area", "area__parent", "household", "application__applicant"),
        actor=actor,
        field="area",
        pk=case_id,
    )


def household_assistance_for(*, actor: User, household: Household) -> dict[str, Any]:
    """The household's applications (newest first), its cases, and the latest stored assessment."""
    require(actor, VIEW)
    if not code_in_scope(actor, household.area_id):
        raise NotFound()
    applications = list(
        Application.objects.filter(household=household)
        .select_related("applicant")
        .order_by("-submitted_on", "-id")
    )
    cases = list(
        Case.objects.filter(household=household).prefetch_related("covered").order_by("-start_month", "-id")
    )
    assessed = next((a for a in applications if a.assessment), None)
    return {"applications": applications, "cases": cases, "assessed": assessed}


def publicity_list_for(*, actor: User, village_code: str, on: date | None = None) -> QuerySet[Application]:
    """The 公示 list of one village: applications whose 公示期 has not yet run out. Those not publicised
    (特困 of minors) are in another state and never appear here."""
    require(actor, VIEW)
    if not code_in_scope(actor, village_code):
        raise NotFound()
    on = on or today()
    return (
        Application.objects.filter(area_id=village_code, state=AppState.PUBLICISING, publicity_end__gte=on)
        .select_related("applicant", "area")
        .order_by("publicity_start", "id")
    )


# ---------------------------------------------------------------- 待办


def _group(
    key: str, label: str, hint: str, qs: QuerySet[Any], on: date, *, kind: str = "application"
) -> InboxGroup:
    due_field = {"application": "due_on", "case": "next_review_on"}[kind]
    return inbox_group(key=key, label=label, hint=hint, rows=qs, on=on, kind=kind, due_field=due_field)


def inbox_for(*, actor: User, on: date | None = None) -> list[InboxGroup]:
    """社会救助's 待办 for the actor in their area, by role: the village collects and posts, the township
    accepts, checks, surveys and publicises, the deciding office approves. Overdue rows are flagged.
    Only applications and cases: the 待办 page (apps/workbench) adds the other apps' groups."""
    on = on or today()
    if not actor.can(VIEW):
        return []
    role = actor.role
    apps = _applications(actor).order_by("due_on", "id")
    groups: list[InboxGroup] = []
    everyone = role == Role.ADMIN

    def state(s: AppState) -> QuerySet[Application]:
        return apps.filter(state=s)

    if everyone or role == Role.VILLAGE_WORKER:
        groups.append(
            _group(
                "pending_docs",
                "待补正材料",
                "按一次性告知书收齐材料后重新提交",
                state(AppState.PENDING_DOCS),
                on,
            )
        )
        groups.append(
            _group(
                "publicising",
                "公示中",
                "张贴公示名单，收到异议的及时记录",
                state(AppState.PUBLICISING).filter(publicity_end__gte=on),
                on,
            )
        )
    if everyone or role == Role.TOWNSHIP_REVIEWER:
        for s, hint in [
            (AppState.SUBMITTED, "核对材料：齐全的受理，不齐的一次性告知"),
            (AppState.PREPAID, "先行救助后补齐手续"),
            (AppState.ACCEPTED, "开展家庭经济状况核对"),
            (AppState.VERIFIED, "入户调查（不少于2人）"),
            (AppState.SURVEYED, "提出初审意见并在村(社区)公示"),
            (AppState.OBJECTED, "公示有异议：复查后重新核对、调查"),
        ]:
            groups.append(_group(s.value, s.label, hint, state(s), on))
    # 公示期满, or never publicised (特困 of minors): either way the decision is next.
    deciding = apps.filter(Q(state=AppState.PUBLICISING, publicity_end__lt=on) | Q(state=AppState.DECIDING))
    if everyone or role == Role.COUNTY_APPROVER:
        groups.append(
            _group(
                "decide",
                "待审核确认",
                "公示期满（或依规不公示），作出确认或不予确认",
                deciding.exclude(authority=Authority.TOWNSHIP),
                on,
            )
        )
    if role == Role.TOWNSHIP_REVIEWER:
        delegated = _group(
            "decide",
            "待审核确认（乡镇权限）",
            "审核确认权限在乡镇的申请，公示期满（或依规不公示）后作出决定",
            deciding.filter(authority=Authority.TOWNSHIP),
            on,
        )
        if delegated.rows:  # most counties never delegate: no empty heading for them
            groups.append(delegated)
    cases = Case.objects.filter(area_q(actor, "area")).select_related("area", "application__applicant")
    if everyone or role == Role.TOWNSHIP_REVIEWER:
        groups.append(
            _group(
                "review_due",
                "定期核查到期",
                "核查家庭经济状况并记录结果",
                cases.filter(
                    status__in=[CaseStatus.ACTIVE, CaseStatus.SUSPENDED], next_review_on__lte=on
                ).order_by("next_review_on", "id"),
                on,
                kind="case",
            )
        )
    if everyone or role == Role.COUNTY_APPROVER:
        ended = [
            c.pk
            for c in cases.filter(status=CaseStatus.ACTIVE).exclude(phase_out=[])
            if _phase_out_over(c, on)
        ]
        groups.append(
            _group(
                "phase_out_over",
                "渐退期满",
                "渐退期已满，办理退出",
                cases.filter(pk__in=ended).order_by("id"),
                on,
                kind="case",
            )
        )
    return groups


def _phase_out_over(case: Case, on: date) -> bool:
    last = date.fromisoformat(case.phase_out[-1][0])
    return (on.year, on.month) > (last.year, last.month)


def overdue_for(*, actor: User, area_code: str = "", on: date | None = None) -> list[Application]:
    """逾期: open applications past the deadline of their current step, most overdue first."""
    on = on or today()
    qs = _applications(actor).exclude(state__in=FINAL_STATES).filter(due_on__lt=on)
    if area_code:
        qs = qs.filter(_within(area_code, "area"))
    rows = list(qs.order_by("due_on", "id")[:500])
    for row in rows:
        row.days_late = days_late(row.due_on, on)
    return rows


# ---------------------------------------------------------------- 保障成员 of a case


@dataclass(frozen=True, slots=True)
class CoveredRow:
    person: Any
    relation: str  # 与户主关系 now, or "" when the person has left the household
    covered: bool


def case_member_rows(*, case: Case) -> list[CoveredRow]:
    """The case's household members now, and anyone covered who has since left, each marked covered or
    not: the case page lists the covered ones, and 调整 offers them all (a person who left is listed so
    that taking them off is a visible act). ``case`` comes from :func:`case_get_for`, already scoped."""
    covered = {p.pk: p for p in case.covered.all()}
    rows = [
        CoveredRow(person=m.person, relation=m.get_relation_display(), covered=m.person_id in covered)
        for m in household_members(household=case.household)
    ]
    present = {r.person.pk for r in rows}
    rows += [
        CoveredRow(person=p, relation="", covered=True) for pid, p in covered.items() if pid not in present
    ]
    return rows
