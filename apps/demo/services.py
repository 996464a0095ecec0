"""The demo: seed areas, one login per role, and a synthetic population, each step safe to repeat."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.services import user_create
from apps.areas.models import Area
from apps.assistance.models import Case
from apps.core.models import AuditAction
from apps.core.services import audit_record
from apps.demo.caseload.generate import caseload_generate
from apps.demo.generator import GenerationResult, population_generate
from apps.demo.payroll_history import History, payroll_history_seed
from apps.payroll.models import Payroll
from apps.registry.models import Asset, DuplicateFlag, Household, Income, Membership, Person
from apps.standards.services import standards_demo_load
from policy.areas import area_code_range
from policy.errors import Conflict, ValidationFailed
from policy.payroll import month_add
from policy.roles import ROLE_LABELS, Role

DEMO_PASSWORD = "minzheng2026"
COUNTY = "421303000000"  # 曾都区
TOWN = "421303001000"  # 西城街道
VILLAGE = "421303001001"  # 乌龙巷居委会（社区）

# (username, role, area, display name): the village worker in the village, the reviewer in the town,
# everyone else at the county.
DEMO_USERS: tuple[tuple[str, Role, str, str], ...] = (
    ("village_worker", Role.VILLAGE_WORKER, VILLAGE, "刘晓燕"),
    ("township_reviewer", Role.TOWNSHIP_REVIEWER, TOWN, "陈志刚"),
    ("county_approver", Role.COUNTY_APPROVER, COUNTY, "王丽华"),
    ("finance", Role.FINANCE, COUNTY, "赵敏"),
    ("admin", Role.ADMIN, COUNTY, "孙建国"),
    ("supervisor", Role.SUPERVISOR, COUNTY, "周明"),
)
# Children first: a row can only go once nothing points at it.
REGISTRY_MODELS = (Income, Asset, DuplicateFlag, Membership, Household, Person)
# Casework hangs off the registry: a demo reset clears it first (foreign keys are checked at the end).
# Residents' portal accounts stay, like the staff's; their online applications go with the casework, and
# the payrolls with the cases they pay (the bank templates are configuration, and stay).
CASEWORK_MODELS = ("portal.OnlineAttachment", "portal.OnlineApplication")
CASEWORK_APPS = ("payroll", "assistance")
CASEWORK_KEEP = ("payroll.BankTemplateConfig",)
# The demo's caseload: about 7% of the households live on a fraction of the usual income (the 低保 tail
# of apps.demo.population_people); the rules decide who of them is covered and for how much.
CASELOAD_SHARE = 0.07
CASELOAD_VARIETY = 0.3  # of the households joining last: this month's changes
CASELOAD_JOINING = 0.01  # of the county's households without a case, paid through last month
HISTORY_MONTHS = 10  # months paid through the real payroll before this one


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str
    role_label: str
    area_label: str
    created: bool


@dataclass(frozen=True, slots=True)
class DemoCaseload:
    created: int
    paid_through: date
    reason: str = ""
    history: History | None = None


@dataclass(frozen=True, slots=True)
class RegistryCounts:
    households: int
    persons: int
    incomes: int


def demo_users_ensure() -> list[DemoLogin]:
    """Create the six demo accounts that are missing; existing ones are left exactly as they are.

    Also loads the demo's 地方标准 for each seed county that has none yet, since every demo run passes
    here once the areas exist.
    """
    standards_demo_load()
    names = dict(Area.objects.filter(pk__in=[COUNTY, TOWN, VILLAGE]).values_list("code", "name"))
    logins = []
    for username, role, area_code, display_name in DEMO_USERS:
        created = not User.objects.filter(username=username).exists()
        if created:
            user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                role=role.value,
                area_code=area_code,
                display_name=display_name,
            )
        chain = [names.get(COUNTY, COUNTY)]
        if area_code != COUNTY:
            chain.append(names.get(TOWN, TOWN))
        if area_code == VILLAGE:
            chain.append(names.get(VILLAGE, VILLAGE))
        logins.append(
            DemoLogin(
                username=username,
                password=DEMO_PASSWORD,
                role_label=ROLE_LABELS[role],
                area_label=" / ".join(chain),
                created=created,
            )
        )
    return logins


def registry_is_empty() -> bool:
    return not (Household.objects.exists() or Person.objects.exists())


def registry_counts() -> RegistryCounts:
    return RegistryCounts(
        households=Household.objects.count(), persons=Person.objects.count(), incomes=Income.objects.count()
    )


@transaction.atomic
def registry_reset(*, actor: User | None = None) -> RegistryCounts:
    """Delete every household, person, membership, income, asset and duplicate flag, and the casework that
    refers to them (applications, cases); not areas, users, standards or the audit trail.

    Raw deletes: a million rows cannot go through the ORM's per-object collector. The audit trail is kept,
    and one more audit row records the reset.
    """
    before = registry_counts()
    try:
        with transaction.atomic():
            casework = [django_apps.get_model(label) for label in CASEWORK_MODELS] + [
                m
                for label in CASEWORK_APPS
                for m in django_apps.get_app_config(label).get_models(include_auto_created=True)
                if m._meta.label not in CASEWORK_KEEP
            ]
            for model in [*casework, *REGISTRY_MODELS]:
                model.objects.all()._raw_delete(model.objects.db)
            # Deferred foreign keys are checked here, not at commit, so the message can say why.
            transaction.get_connection().check_constraints()
    except IntegrityError as exc:
        raise Conflict("其他业务数据仍引用登记的家庭或人员，不能清空演示数据") from exc
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        entity_type="registry.household",
        area_code="0" * 12,
        summary=f"清空登记数据（演示重置）：{before.households}户，{before.persons}人",
        before={"households": before.households, "persons": before.persons, "incomes": before.incomes},
    )
    return before


def demo_population_load(
    *,
    households: int,
    seed: int,
    reset: bool = False,
    progress: Callable[[int], None] | None = None,
    stage: Callable[[str], None] | None = None,
) -> GenerationResult | None:
    """Generate the population unless the registry already holds data (then None).

    ``reset`` wipes the registry first. ``progress`` and ``stage`` report as in ``population_generate``.
    """
    if reset:
        if stage:
            stage("清空登记数据")
        registry_reset()
    elif not registry_is_empty():
        return None
    return population_generate(households=households, seed=seed, progress=progress, stage=stage)


def caseload_demo_seed(*, today: date | None = None) -> DemoCaseload:
    """曾都区's 在保对象 with the months of this year paid through the real payroll, so that the statistics
    have a history and 财务 can prepare this month's payroll at once.

    The households the 低保 rules cover, poorest first, up to about 7% of the county's households (at
    least 10), with their 特困, 残疾人两项补贴 and 高龄津贴 cases, start paid through the month before the
    history; :func:`~apps.demo.payroll_history.payroll_history_seed` then pays the history month by month
    (a few cases leaving, two payments failing in the last month). Then a share of other households joins,
    paid through last month, with a sprinkle of this month's changes (new, 补发, 调整, 暂停, 停发, 追回, a
    hold). Skipped once the county has cases that came from anywhere but an application (the assistance
    demo's own case came from one).
    """
    this_month = (today or timezone.localdate()).replace(day=1)
    paid_through = month_add(this_month, -1)
    history_from = month_add(this_month, -HISTORY_MONTHS)
    low, high = area_code_range(COUNTY)
    if Case.objects.filter(area_id__gte=low, area_id__lte=high, application__isnull=True).exists():
        return DemoCaseload(0, paid_through, "曾都区已有在保对象，未添加")
    if Payroll.objects.filter(county_id=COUNTY).exists():
        return DemoCaseload(0, paid_through, "曾都区已有发放记录，未添加")
    approver = User.objects.filter(username="county_approver").first()
    finance = User.objects.filter(username="finance").first()
    if approver is None or finance is None:
        return DemoCaseload(0, paid_through, "缺少演示账号（先运行 minzheng demo）")
    households = Household.objects.filter(area_id__gte=low, area_id__lte=high, status="active").count()
    try:
        created = caseload_generate(
            county=COUNTY,
            paid_through=month_add(history_from, -1),
            actor=approver,
            limit=max(10, round(households * CASELOAD_SHARE)),
        )
        if not created:
            return DemoCaseload(0, paid_through, "曾都区没有符合低保条件的家庭")
        history = payroll_history_seed(
            county=COUNTY, first=history_from, last=paid_through, finance=finance, approver=approver
        )
        created += caseload_generate(
            county=COUNTY,
            paid_through=paid_through,
            actor=approver,
            share=CASELOAD_JOINING,
            variety=CASELOAD_VARIETY,
        )
    except ValidationFailed as exc:  # e.g. the county's 低保标准 were removed: the demo goes on without
        return DemoCaseload(0, paid_through, f"未生成在保对象：{exc.message}")
    return DemoCaseload(created, paid_through, "" if created else "曾都区没有符合低保条件的家庭", history)
