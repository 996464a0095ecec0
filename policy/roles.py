"""The bureau's roles and what each may do. One table, read by services and the UI alike."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CITIZEN_LABEL",
    "CITIZEN_ROLE",
    "READS",
    "READ_ONLY_ROLES",
    "ROLE_LABELS",
    "Capability",
    "Role",
    "role_can",
    "role_writes",
]


class Role(StrEnum):
    VILLAGE_WORKER = "village_worker"
    TOWNSHIP_REVIEWER = "township_reviewer"
    COUNTY_APPROVER = "county_approver"
    FINANCE = "finance"
    ADMIN = "admin"
    SUPERVISOR = "supervisor"


ROLE_LABELS: dict[Role, str] = {
    Role.VILLAGE_WORKER: "村(社区)经办员",
    Role.TOWNSHIP_REVIEWER: "乡镇(街道)审核员",
    Role.COUNTY_APPROVER: "县级审批员",
    Role.FINANCE: "财务",
    Role.ADMIN: "管理员",
    Role.SUPERVISOR: "监督",
}


# 群众: a resident's own account on the 网上办事 portal. It is not a bureau role and holds no capability: it
# applies online and follows only what it has itself submitted (apps/portal).
CITIZEN_ROLE = "citizen"
CITIZEN_LABEL = "群众（网上办事）"


class Capability(StrEnum):
    VIEW_REGISTRY = "view_registry"
    EDIT_REGISTRY = "edit_registry"
    IMPORT_REGISTRY = "import_registry"
    EXPORT_PERSONAL_DATA = "export_personal_data"
    REVEAL_IDENTIFIERS = "reveal_identifiers"
    VIEW_AUDIT = "view_audit"
    MANAGE_AREAS = "manage_areas"
    MANAGE_USERS = "manage_users"
    MANAGE_STANDARDS = "manage_standards"  # 地方标准: set and import versions (admin)
    ASSESS = "assess"  # 试算: evaluate the programmes for a household (everyone who views the registry)
    # 社会救助 workflow (policy/workflow.py says which step needs which)
    APPLY = "apply"  # 申请 on a household's behalf, 补正, record 公示 objections, withdraw
    ACCEPT = "accept"  # 受理 and 一次性告知 (乡镇)
    REVIEW = "review"  # 核对, 入户调查, 公示, 异议复查, 定期核查 (乡镇)
    APPROVE = "approve"  # 审核确认 and case changes; a township only where the decision is delegated to it
    RESTANDARD = "restandard"  # 调标: re-assess a county's cases under a new standard and apply it (county)
    # 资金发放 (apps/payroll): maker-checker — finance prepares, the county approves; the same person never
    # does both for one payroll, whatever their role (checked in the service).
    VIEW_PAYROLL = "view_payroll"
    PREPARE_PAYROLL = "prepare_payroll"
    APPROVE_PAYROLL = "approve_payroll"
    MANAGE_BANKS = "manage_banks"  # 银行代发模板: each paying bank's file layouts for the county (admin)
    # 数据比对 (apps/crosscheck): the county imports other departments' lists and runs the checks; the
    # township verifies (核实) the leads in its area; the county decides the remedy (停发, 追回, 暂缓发放).
    VIEW_CROSSCHECK = "view_crosscheck"  # the county's sources, batches and runs (county level)
    CROSSCHECK_IMPORT = "crosscheck_import"  # column mappings, import batches, run checks, 下发 leads
    VIEW_LEADS = "view_leads"  # 疑似问题线索 and their statistics, in the actor's area
    VERIFY_LEAD = "verify_lead"  # 核实: 属实 or 不属实, with notes and attachments (乡镇)
    REMEDY_LEAD = "remedy_lead"  # act on a confirmed lead: case change, 追回, 暂缓发放 (county)
    # 低收入人口动态监测 (apps/monitoring): the register, alerts and dashboard in the actor's area; the county
    # runs the early-warning rules; the township makes the 主动发现 visit and records the outcome.
    VIEW_MONITORING = "view_monitoring"
    RAISE_ALERTS = "raise_alerts"  # run the early-warning rules for a county (county)
    HANDLE_ALERT = "handle_alert"  # 主动发现 visit, outcome, 防返贫 flags and manual alerts (乡镇)
    # 政府信息公开工作年度报告 (apps/disclosure): the county bureau's statutory report. Leaders and auditors
    # read it and its files; the bureau's administrator enters the year's figures and generates it.
    VIEW_DISCLOSURE = "view_disclosure"
    MANAGE_DISCLOSURE = "manage_disclosure"
    # 统计 (apps/statistics): the live statistics, the 民政统计 monthly table and the dashboard's charts of
    # the actor's area, and refreshing them (derived figures only; the refresh is audited). Township and
    # county staff, finance, leaders and 监督 read them; a village worker works case by case.
    VIEW_STATISTICS = "view_statistics"
    # 目标管理 (apps/targets): the county's year targets and their progress. Leaders (the county approver)
    # and 监督 read them; the bureau's administrator sets them and enters the manual values with evidence.
    # Every reader of targets also reads statistics, which the bound indicators are computed from.
    VIEW_TARGETS = "view_targets"
    MANAGE_TARGETS = "manage_targets"
    # 重新统计 and generating a stored report (the annual appendix, the targets' progress report): each
    # writes derived rows or a kept file and an audit row, so it is a write, not a read. Every reader of
    # statistics may do it but 监督, which changes nothing.
    PRODUCE_REPORTS = "produce_reports"
    # 法人和其他组织 (apps/organisations) and 民政服务机构 (apps/facilities): the shared registers that every
    # office reads (all staff, in their area; an organisation's own staff, only their own rows); the county
    # bureau registers and changes them.
    VIEW_ORGANISATIONS = "view_organisations"
    MANAGE_ORGANISATIONS = "manage_organisations"
    VIEW_FACILITIES = "view_facilities"
    MANAGE_FACILITIES = "manage_facilities"


_ALL_READ = {
    Capability.VIEW_REGISTRY,
    Capability.ASSESS,
    Capability.VIEW_ORGANISATIONS,
    Capability.VIEW_FACILITIES,
}
_TABLE: dict[Role, frozenset[Capability]] = {
    Role.VILLAGE_WORKER: frozenset(
        _ALL_READ
        | {
            Capability.EDIT_REGISTRY,
            Capability.IMPORT_REGISTRY,
            Capability.EXPORT_PERSONAL_DATA,
            Capability.REVEAL_IDENTIFIERS,
            Capability.APPLY,
            Capability.VIEW_MONITORING,
        }
    ),
    # The township may hold APPROVE: whether it may use it on a given application is decided by
    # policy.workflow.may_decide (approval.level, or a 临时救助 amount within the township's limit).
    Role.TOWNSHIP_REVIEWER: frozenset(
        _ALL_READ
        | {
            Capability.EDIT_REGISTRY,
            Capability.IMPORT_REGISTRY,
            Capability.EXPORT_PERSONAL_DATA,
            Capability.REVEAL_IDENTIFIERS,
            Capability.APPLY,
            Capability.ACCEPT,
            Capability.REVIEW,
            Capability.APPROVE,
            Capability.VIEW_LEADS,
            Capability.VERIFY_LEAD,
            Capability.VIEW_MONITORING,
            Capability.HANDLE_ALERT,
            Capability.VIEW_STATISTICS,
            Capability.PRODUCE_REPORTS,
        }
    ),
    Role.COUNTY_APPROVER: frozenset(
        _ALL_READ
        | {
            Capability.EXPORT_PERSONAL_DATA,
            Capability.REVEAL_IDENTIFIERS,
            Capability.APPROVE,
            Capability.RESTANDARD,
            Capability.VIEW_PAYROLL,
            Capability.APPROVE_PAYROLL,
            Capability.VIEW_CROSSCHECK,
            Capability.CROSSCHECK_IMPORT,
            Capability.VIEW_LEADS,
            Capability.REMEDY_LEAD,
            Capability.VIEW_MONITORING,
            Capability.RAISE_ALERTS,
            Capability.VIEW_STATISTICS,
            Capability.PRODUCE_REPORTS,
            Capability.VIEW_DISCLOSURE,
            Capability.VIEW_TARGETS,
            Capability.MANAGE_ORGANISATIONS,
            Capability.MANAGE_FACILITIES,
        }
    ),
    # Finance pays into accounts, so it sees full identifiers, but it does not edit the registry.
    Role.FINANCE: frozenset(
        _ALL_READ
        | {
            Capability.EXPORT_PERSONAL_DATA,
            Capability.REVEAL_IDENTIFIERS,
            Capability.VIEW_PAYROLL,
            Capability.PREPARE_PAYROLL,
            Capability.VIEW_STATISTICS,
            Capability.PRODUCE_REPORTS,
        }
    ),
    Role.ADMIN: frozenset(Capability),
    # 监督 reads everything in its area, including the audit trail, and changes nothing.
    Role.SUPERVISOR: frozenset(
        _ALL_READ
        | {
            Capability.VIEW_AUDIT,
            Capability.EXPORT_PERSONAL_DATA,
            Capability.VIEW_PAYROLL,
            Capability.VIEW_CROSSCHECK,
            Capability.VIEW_LEADS,
            Capability.VIEW_MONITORING,
            Capability.VIEW_STATISTICS,
            Capability.VIEW_DISCLOSURE,
            Capability.VIEW_TARGETS,
        }
    ),
}


# What only reads (or, for the reveal, reads with an audit row): every other capability changes something.
# A POST, PUT, PATCH or DELETE must need a capability outside READS (tests/test_access_matrix.py checks
# every endpoint), so no write can hide behind a read capability.
READS: frozenset[Capability] = frozenset(
    {
        Capability.VIEW_REGISTRY,
        Capability.EXPORT_PERSONAL_DATA,
        Capability.REVEAL_IDENTIFIERS,
        Capability.VIEW_AUDIT,
        Capability.ASSESS,
        Capability.VIEW_PAYROLL,
        Capability.VIEW_CROSSCHECK,
        Capability.VIEW_LEADS,
        Capability.VIEW_MONITORING,
        Capability.VIEW_DISCLOSURE,
        Capability.VIEW_STATISTICS,
        Capability.VIEW_TARGETS,
        Capability.VIEW_ORGANISATIONS,
        Capability.VIEW_FACILITIES,
    }
)
# Roles that change nothing: refused every POST, PUT, PATCH and DELETE but logging out, whatever the
# endpoint (apps/accounts/middleware.py), and holding no capability outside READS (tests/policy).
READ_ONLY_ROLES: frozenset[Role] = frozenset({Role.SUPERVISOR})


def role_writes(role: str) -> bool:
    """False for a read-only role (监督); a citizen's or an unknown role's writes are decided elsewhere."""
    return role not in READ_ONLY_ROLES


def role_can(role: str, capability: Capability) -> bool:
    """True when ``role`` holds ``capability``; an unknown role holds nothing."""
    try:
        return capability in _TABLE[Role(role)]
    except ValueError:
        return False
