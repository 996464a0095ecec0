"""The demo's 目标管理: 曾都区's targets for this year, each created through the services (so audited, as
系统), only when the county has none for the year yet. A realistic mix in the seeds' wording (seed 003):
standards and money bound to the data, 特困集中供养率 and 养老床位 entered by hand (the data does not record
them), one with its evidence workbook, one still without a value.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook

from apps.accounts.models import User
from apps.areas.models import Area
from apps.core.clock import today
from apps.core.exports import xlsx_append
from apps.targets.models import Target
from apps.targets.services import target_actual_record, target_create
from policy.roles import Role
from policy.targets import target_clean

ZENGDU = "421303000000"

# level, name, bound measure (or ""), direction, target, unit, note
DEMO_TARGETS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("province", "适度提高城乡困难群众基本生活保障水平：城市低保标准", "dibao_standard_urban", "≥", "680", "",
     "省级民生目标：城市低保标准不低于上年"),
    ("province", "适度提高城乡困难群众基本生活保障水平：农村低保标准", "dibao_standard_rural", "≥", "630", "",
     "省级民生目标：农村低保标准逐步提高，缩小城乡差距"),
    ("province", "为困难残疾人发放两项补贴", "disability_persons", "≥", "60", "", "按月足额发放"),
    ("city", "有意愿且符合条件的特困人员集中供养率", "", "≥", "60", "%", "市级民生目标"),
    ("city", "为经济困难老年人家庭提供照护床位", "", "≥", "150", "张", "市级民生目标；系统尚无养老服务数据"),
    ("city", "城乡低保资金按时足额发放", "paid_dibao", "≥", "20", "", "全年发放低保金（万元）"),
    ("county", "按时足额发放孤儿、事实无人抚养儿童等特殊儿童生活费", "paid_children", "≥", "1", "",
     "区级民生实事"),
    ("county", "疑似问题线索处理率", "leads_remedied_rate", "≥", "95", "", "数据比对发现的属实线索及时处理"),
    ("county", "低收入人口预警信息按时核实率", "alerts_on_time_rate", "≥", "90", "", "预警按期入户核实"),
    ("county", "每千名老年人拥有养老床位数", "", "≥", "37", "张", "区级民生实事；按养老机构统计填报"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoTargets:
    created: int
    year: int


def _evidence() -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "集中供养情况"
    xlsx_append(ws, ["乡镇（街道）", "有意愿且符合条件人数", "已集中供养人数"])
    for row in (["北郊街道", 12, 8], ["南郊街道", 9, 6], ["东城街道", 7, 4]):
        xlsx_append(ws, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def targets_demo_seed() -> DemoTargets:
    """Create 曾都区's targets for this year unless it has some already; returns how many were made."""
    year = today().year
    county = Area.objects.filter(pk=ZENGDU).first()
    if county is None or Target.objects.filter(county=county, year=year).exists():
        return DemoTargets(0, year)
    actor = User(username="演示数据", role=Role.ADMIN.value, area_id=ZENGDU, is_active=True)
    made: dict[str, Target] = {}
    seq: dict[str, int] = {}
    for level, name, measure, direction, value, unit, note in DEMO_TARGETS:
        seq[level] = seq.get(level, 0) + 1
        spec = target_clean(
            {"level": level, "seq": str(seq[level]), "name": name, "measure": measure, "direction": direction,
             "target_value": value, "unit": unit, "note": note}
        )  # fmt: skip
        made[name] = target_create(actor=actor, county=county, year=year, spec=spec)
    on = max(date(year, 1, 1), today().replace(day=1))
    target_actual_record(
        actor=actor,
        target=made["有意愿且符合条件的特困人员集中供养率"],
        value="64.3",
        on=on,
        note="有意愿且符合条件集中供养28人，已集中供养18人",
        evidence=("集中供养情况汇总.xlsx", _evidence()),
    )
    target_actual_record(
        actor=actor,
        target=made["每千名老年人拥有养老床位数"],
        value="35.8",
        on=on,
        note="全区各类养老机构床位3876张，新增床位在建",
    )
    return DemoTargets(len(made), year)
