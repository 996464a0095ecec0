"""Navigation by office (科室): one table says which offices there are, what each one's menu holds, and
which capability each menu item needs. The top bar (base.html), the home page's panels and the 待办 page
read it; nothing else decides what a user is shown.

An office appears when its app is installed and the user's role works in it: when the role holds the
capability of at least one of its items (policy/roles.py says which role holds what). The next offices
are listed already, with no items: each brings its menu, its capabilities (in policy/roles.py) and, if it
has figures to show, its home-page panel, in the issue that builds its app.

The table names URLs (``namespace:name``) and apps by their dotted path, never imports them: core is the
ground floor and knows no app above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from apps.core.scoping import Actor
from policy.roles import Capability


@dataclass(frozen=True, slots=True)
class MenuItem:
    url_name: str  # namespace:name, reversed without arguments
    label: str
    capability: Capability | None = None  # None: every signed-in member of staff


@dataclass(frozen=True, slots=True)
class Office:
    key: str
    label: str
    app: str  # the app (its dotted path) without which the office does not appear
    items: tuple[MenuItem, ...] = ()
    # The office's panel on the home page: the URL name of an htmx fragment that draws its figures, loaded
    # after the page so that the page never waits for it; "" for an office that shows its menu only.
    panel: str = ""
    # A search box on the office's panel: a page that takes ``?q=``, and the box's label.
    search: MenuItem | None = None

    @property
    def namespaces(self) -> frozenset[str]:
        return frozenset(item.url_name.split(":")[0] for item in self.items)


V = Capability.VIEW_REGISTRY

# Outside any office: the home page and the 待办 that joins every office's items.
TOP: tuple[MenuItem, ...] = (
    MenuItem("workbench:home", "首页"),
    MenuItem("workbench:inbox", "待办", V),
)

OFFICES: tuple[Office, ...] = (
    Office(
        "assistance",
        "社会救助",
        "apps.assistance",
        items=(
            MenuItem("registry:search", "查询", V),
            MenuItem("registry:household_list", "家庭", V),
            MenuItem("assistance:application_list", "申请", V),
            MenuItem("online:list", "网上申请", V),
            # Confirming a resident's account is the work of those who forward online applications.
            MenuItem("online:accounts", "网上办事账号核实", Capability.APPLY),
            MenuItem("assistance:case_list", "在保", V),
            MenuItem("registry:household_create", "新建家庭", Capability.EDIT_REGISTRY),
            MenuItem("registry:import", "批量导入", Capability.IMPORT_REGISTRY),
            MenuItem("standards:assess", "试算", Capability.ASSESS),
            MenuItem("standards:index", "地方标准", Capability.MANAGE_STANDARDS),
            MenuItem("payroll:list", "资金发放", Capability.VIEW_PAYROLL),
            MenuItem("crosscheck:leads", "数据比对", Capability.VIEW_LEADS),
            MenuItem("monitoring:dashboard", "监测预警", Capability.VIEW_MONITORING),
            MenuItem("assistance:restandard", "调标", Capability.RESTANDARD),
        ),
        panel="workbench:home_stats",
        search=MenuItem("registry:search", "按姓名、公民身份号码或户编号查询", V),
    ),
    Office(
        "statistics",
        "统计报表",
        "apps.statistics",
        items=(
            MenuItem("statistics:monthly", "民政统计月报", Capability.VIEW_STATISTICS),
            MenuItem("annual:index", "年度数据附录", Capability.VIEW_STATISTICS),
            MenuItem("targets:index", "目标管理", Capability.VIEW_TARGETS),
            MenuItem("disclosure:index", "政务公开年报", Capability.VIEW_DISCLOSURE),
        ),
    ),
    # The shared registers every office uses (docs/architecture.md, "Shared parts"): its own entry, so that
    # 养老服务, 儿童福利, 殡葬 … each find the same facilities and organisations.
    Office(
        "facilities",
        "机构和组织",
        "apps.facilities",
        items=(
            MenuItem("facilities:list", "服务机构", Capability.VIEW_FACILITIES),
            MenuItem("organisations:list", "组织", Capability.VIEW_ORGANISATIONS),
            MenuItem("facilities:create", "登记服务机构", Capability.MANAGE_FACILITIES),
            MenuItem("organisations:create", "登记组织", Capability.MANAGE_ORGANISATIONS),
        ),
    ),
    Office(
        "system",
        "系统管理",
        "apps.areas",
        items=(MenuItem("areas:list", "区划", Capability.MANAGE_AREAS),),
    ),
    # The next offices (DEVELOPERS.md): each appears once its app is installed and fills its items.
    Office("eldercare", "养老服务", "apps.eldercare"),
    Office("organisations", "社会组织", "apps.organisations"),
    Office("community", "基层治理", "apps.community"),
    Office("placenames", "区划地名", "apps.placenames"),
    Office("children", "儿童福利", "apps.children"),
    Office("funerals", "殡葬", "apps.funerals"),
    Office("charity", "慈善", "apps.charity"),
    Office("disaster", "救灾", "apps.disaster"),
    Office("marriage", "婚姻登记", "apps.marriage"),
)


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str
    url_name: str


@dataclass(frozen=True, slots=True)
class OfficeMenu:
    """One office as a user sees it: the items their role may open, in the table's order."""

    key: str
    label: str
    links: tuple[Link, ...]
    panel: str
    search: Link | None
    current: bool  # the page being shown belongs to this office

    @property
    def landing(self) -> Link:
        return self.links[0]


def _links(items: tuple[MenuItem, ...], user: Actor) -> tuple[Link, ...]:
    links = []
    for item in items:
        if item.capability is not None and not user.can(item.capability):
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:  # the item's app is left out of this deployment
            continue
        links.append(Link(item.label, href, item.url_name))
    return tuple(links)


def top_links(user: Actor) -> tuple[Link, ...]:
    return _links(TOP, user)


def offices_for(user: Actor, *, namespace: str = "") -> list[OfficeMenu]:
    """The offices ``user``'s role works in, each with the items it may open; ``namespace`` (the URL
    namespace of the page being shown) marks the office that page belongs to."""
    if not user.is_authenticated:
        return []
    menus = []
    for office in OFFICES:
        if not apps.is_installed(office.app):
            continue
        links = _links(office.items, user)
        if links:
            search = next(iter(_links((office.search,), user)), None) if office.search else None
            current = namespace in office.namespaces
            menus.append(OfficeMenu(office.key, office.label, links, office.panel, search, current))
    return menus
