"""The role table: who may do what, read by services and the UI alike."""

from __future__ import annotations

import pytest

from policy.roles import ROLE_LABELS, Capability, Role, role_can

C = Capability
EXPECTED = {
    Role.VILLAGE_WORKER: {
        C.VIEW_REGISTRY,
        C.EDIT_REGISTRY,
        C.IMPORT_REGISTRY,
        C.EXPORT_PERSONAL_DATA,
        C.REVEAL_IDENTIFIERS,
    },
    Role.TOWNSHIP_REVIEWER: {
        C.VIEW_REGISTRY,
        C.EDIT_REGISTRY,
        C.IMPORT_REGISTRY,
        C.EXPORT_PERSONAL_DATA,
        C.REVEAL_IDENTIFIERS,
    },
    Role.COUNTY_APPROVER: {C.VIEW_REGISTRY, C.EXPORT_PERSONAL_DATA, C.REVEAL_IDENTIFIERS},
    Role.FINANCE: {C.VIEW_REGISTRY, C.EXPORT_PERSONAL_DATA, C.REVEAL_IDENTIFIERS},
    Role.ADMIN: set(Capability),
    Role.SUPERVISOR: {C.VIEW_REGISTRY, C.VIEW_AUDIT, C.EXPORT_PERSONAL_DATA},
}
# 试算 goes with viewing the registry: every role that views may assess.
for _caps in EXPECTED.values():
    _caps.add(C.ASSESS)
# 社会救助: the village applies; the township accepts, reviews, decides if delegated; the county decides.
EXPECTED[Role.VILLAGE_WORKER] |= {C.APPLY}
EXPECTED[Role.TOWNSHIP_REVIEWER] |= {C.APPLY, C.ACCEPT, C.REVIEW, C.APPROVE}
EXPECTED[Role.COUNTY_APPROVER] |= {C.APPROVE}
# 调标 is a county decision over all of a county's cases: not the township's, even where it holds APPROVE.
EXPECTED[Role.COUNTY_APPROVER] |= {C.RESTANDARD}
# 资金发放: finance prepares, the county approves (maker-checker), the supervisor reads.
EXPECTED[Role.FINANCE] |= {C.VIEW_PAYROLL, C.PREPARE_PAYROLL}
EXPECTED[Role.COUNTY_APPROVER] |= {C.VIEW_PAYROLL, C.APPROVE_PAYROLL}
EXPECTED[Role.SUPERVISOR] |= {C.VIEW_PAYROLL}
# 数据比对: the county imports and runs the checks and decides the remedy; the township verifies the leads
# in its area; the supervisor reads. The village does not see the leads.
EXPECTED[Role.COUNTY_APPROVER] |= {C.VIEW_CROSSCHECK, C.CROSSCHECK_IMPORT, C.VIEW_LEADS, C.REMEDY_LEAD}
EXPECTED[Role.TOWNSHIP_REVIEWER] |= {C.VIEW_LEADS, C.VERIFY_LEAD}
EXPECTED[Role.SUPERVISOR] |= {C.VIEW_CROSSCHECK, C.VIEW_LEADS}
# 低收入人口动态监测: everyone sees the register in its area; the township handles alerts; the county raises.
EXPECTED[Role.VILLAGE_WORKER] |= {C.VIEW_MONITORING}
EXPECTED[Role.TOWNSHIP_REVIEWER] |= {C.VIEW_MONITORING, C.HANDLE_ALERT}
EXPECTED[Role.COUNTY_APPROVER] |= {C.VIEW_MONITORING, C.RAISE_ALERTS}
EXPECTED[Role.SUPERVISOR] |= {C.VIEW_MONITORING}
# 政府信息公开年报: leaders and the supervisor read it; only the admin enters figures and generates it.
EXPECTED[Role.COUNTY_APPROVER] |= {C.VIEW_DISCLOSURE}
EXPECTED[Role.SUPERVISOR] |= {C.VIEW_DISCLOSURE}
# 统计: township and county staff, finance and the supervisor read them; a village worker does not.
for _role in (Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.FINANCE, Role.SUPERVISOR):
    EXPECTED[_role] |= {C.VIEW_STATISTICS}
# 目标管理: leaders and the supervisor read the targets; only the admin sets them (MANAGE_TARGETS).
EXPECTED[Role.COUNTY_APPROVER] |= {C.VIEW_TARGETS}
# 重新统计 and generating reports write: every reader of statistics but the read-only 监督.
for _role in (Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.FINANCE):
    EXPECTED[_role] |= {C.PRODUCE_REPORTS}
EXPECTED[Role.SUPERVISOR] |= {C.VIEW_TARGETS}
# 组织 and 服务机构: every role reads the shared registers in its area; the county registers and changes them.
for _caps in EXPECTED.values():
    _caps |= {C.VIEW_ORGANISATIONS, C.VIEW_FACILITIES}
EXPECTED[Role.COUNTY_APPROVER] |= {C.MANAGE_ORGANISATIONS, C.MANAGE_FACILITIES}
# 银行代发模板 (MANAGE_BANKS) and 地方标准 (MANAGE_STANDARDS) are configuration: the admin's alone.


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("capability", list(Capability))
def test_role_table(role, capability):
    assert role_can(role, capability) is (capability in EXPECTED[role])


def test_role_can_accepts_the_stored_string():
    assert role_can("village_worker", Capability.EDIT_REGISTRY)


def test_the_supervisor_changes_nothing_and_sees_no_full_identifier():
    writes = {C.EDIT_REGISTRY, C.IMPORT_REGISTRY, C.MANAGE_AREAS, C.MANAGE_USERS, C.REVEAL_IDENTIFIERS}

    assert not any(role_can(Role.SUPERVISOR, c) for c in writes)


@pytest.mark.parametrize("role", ["", "superuser", "ADMIN", None])
def test_an_unknown_role_holds_nothing(role):
    assert not any(role_can(role, c) for c in Capability)  # type: ignore[arg-type]


def test_every_role_has_its_chinese_name():
    assert ROLE_LABELS == {
        Role.VILLAGE_WORKER: "村(社区)经办员",
        Role.TOWNSHIP_REVIEWER: "乡镇(街道)审核员",
        Role.COUNTY_APPROVER: "县级审批员",
        Role.FINANCE: "财务",
        Role.ADMIN: "管理员",
        Role.SUPERVISOR: "监督",
    }


def test_only_the_admin_sets_the_banks_file_layouts():
    assert [r for r in Role if role_can(r, C.MANAGE_BANKS)] == [Role.ADMIN]


def test_every_reader_of_targets_reads_statistics():
    # The bound indicators are computed from the statistics, read as the reader of the targets.
    for role in Role:
        if role_can(role, C.VIEW_TARGETS):
            assert role_can(role, C.VIEW_STATISTICS), role
