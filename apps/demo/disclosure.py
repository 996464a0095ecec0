"""The demo's 政府信息公开工作年度报告, each saved through the service (so audited) and only when that
county and year have none yet:

* 曾都区 2025 (2021 format) and 2020 (2019 trial format): synthetic but consistent figures of the size a
  county 民政局 reports — no seed gives 曾都区's own;
* 岳阳楼区 2020 (2019 trial format): the figures of the real report in seed 000 (every one 0).

Nothing here is derived from the registry: no figure of these tables is recorded anywhere in minzheng.
"""

from __future__ import annotations

from dataclasses import dataclass

from apps.areas.models import Area
from apps.disclosure.models import DisclosureReport
from apps.disclosure.services import disclosure_save
from policy.disclosure import template_for_year
from policy.disclosure.templates import PARTS

ZENGDU, YUEYANGLOU = "421303000000", "430602000000"


@dataclass(frozen=True, slots=True)
class DemoReports:
    created: list[str]


def _table_three(rows: dict[str, dict[str, int]], result_rows: list[str]) -> dict[str, str]:
    """表三 from the applicant figures of each row: the 总计 column, the (七) row and 结转 are worked out."""
    cells: dict[str, str] = {}
    totals = dict.fromkeys(PARTS, 0)
    for row in result_rows:
        for part in PARTS:
            totals[part] += rows.get(row, {}).get(part, 0)
    rows = {**rows, "total": totals}
    forward = {
        part: rows.get("new", {}).get(part, 0) + rows.get("carried", {}).get(part, 0) - totals[part]
        for part in PARTS
    }
    rows["forward"] = forward
    for row, figures in rows.items():
        for part in PARTS:
            cells[f"t3.{row}.{part}"] = str(figures.get(part, 0))
        cells[f"t3.{row}.total"] = str(sum(figures.get(part, 0) for part in PARTS))
    return cells


def _result_rows(year: int) -> list[str]:
    template = template_for_year(year)
    keys = {k.split(".")[1] for k in template.specs if k.startswith("t3.")}
    return sorted(keys - {"new", "carried", "total", "forward"})


ZENGDU_2025_TEXTS = {
    "overview": (
        "2025年，曾都区民政局坚持以公开为常态、不公开为例外，围绕社会救助、养老服务、社会组织管理等重点"
        "领域做好政府信息公开工作。\n"
        "（一）主动公开。通过区政府门户网站民政局专栏主动公开政策文件、低保和特困供养标准、救助资金使用情况等"
        "信息，按月公开城乡低保、特困人员救助供养情况。\n"
        "（二）依申请公开。全年新收政府信息公开申请16件，上年结转1件，均在法定期限内答复。\n"
        "（三）政府信息管理。严格落实公开前保密审查，及时清理调整公开目录。\n"
        "（四）平台建设。依托区政府门户网站和政务新媒体发布信息，畅通咨询渠道。\n"
        "（五）监督保障。将政务公开纳入年度目标考核，开展业务培训。"
    ),
    "problems": (
        "主要问题：政策解读形式较为单一，基层公开内容更新不够及时。\n"
        "改进措施：丰富图解、问答等解读形式；督促乡镇（街道）按月更新社会救助公开内容。"
    ),
    "other": "本年度未收取信息处理费。",
}
ZENGDU_2025 = {
    "t2.norms.issued": "2",
    "t2.norms.repealed": "1",
    "t2.norms.in_force": "9",
    "t2.licence.decisions": "46",
    "t2.penalty.decisions": "3",
    "t2.fees.amount": "0.00",
    "t4.review.upheld": "1",
    "t4.review.total": "1",
    "t4.direct.pending": "1",
    "t4.direct.total": "1",
}
ZENGDU_2025_T3 = {
    "new": {"natural": 14, "business": 1, "legal": 1},
    "carried": {"natural": 1},
    "open": {"natural": 6, "business": 1},
    "partial": {"natural": 2},
    "deny_4": {"natural": 1},
    "unable_1": {"natural": 3, "legal": 1},
    "reject_2": {"natural": 1},
    "other_3": {"natural": 1},
}
ZENGDU_2020_TEXTS = {
    "overview": (
        "2020年，曾都区民政局认真贯彻《中华人民共和国政府信息公开条例》，主动公开社会救助政策、救助标准和"
        "资金发放情况，依法办理政府信息公开申请。全年新收政府信息公开申请10件，均按期答复。"
    ),
    "problems": "公开内容的及时性有待提高。下一步将完善信息发布审核流程，按时更新公开内容。",
    "other": "无。",
}
ZENGDU_2020 = {
    "t2.norms.made": "1",
    "t2.norms.published": "1",
    "t2.norms.total": "6",
    "t2.licence.previous": "5",
    "t2.licence.decisions": "38",
    "t2.services.previous": "12",
    "t2.services.change": "-1",
    "t2.penalty.previous": "4",
    "t2.penalty.decisions": "2",
    "t2.coercion.previous": "2",
    "t2.procurement.count": "3",
    "t2.procurement.amount": "85.60",
    "t4.review.upheld": "1",
    "t4.review.total": "1",
}
ZENGDU_2020_T3 = {
    "new": {"natural": 9, "business": 1},
    "open": {"natural": 5},
    "partial": {"natural": 1},
    "unable_1": {"natural": 2, "business": 1},
    "reject_2": {"natural": 1},
}
# Seed 000: 岳阳楼区民政局2020年政府信息公开年报 (2019 format). Every figure in it is 0; its texts were
# not part of the seed, so the sections say only what the tables show.
YUEYANGLOU_2020_TEXTS = {
    "overview": (
        "2020年，岳阳楼区民政局未制作、公开规章和规范性文件，未收到政府信息公开申请，未发生政府信息公开"
        "行政复议、行政诉讼。（演示数据：表格数字取自该局2020年政府信息公开年报，正文为概括。）"
    ),
    "problems": "（原报告本部分未收录。）",
    "other": "无。",
}

DEMO = [
    (ZENGDU, 2025, ZENGDU_2025_TEXTS, ZENGDU_2025, ZENGDU_2025_T3),
    (ZENGDU, 2020, ZENGDU_2020_TEXTS, ZENGDU_2020, ZENGDU_2020_T3),
    (YUEYANGLOU, 2020, YUEYANGLOU_2020_TEXTS, {}, {}),
]


def disclosure_demo_seed() -> DemoReports:
    """Save the demo reports that are missing; existing ones (edited or not) are left alone."""
    created = []
    for code, year, texts, cells, t3 in DEMO:
        county = Area.objects.filter(pk=code).first()
        if county is None or DisclosureReport.objects.filter(county=county, year=year).exists():
            continue
        disclosure_save(
            actor=None,
            county=county,
            year=year,
            organ=f"{county.name}民政局",
            texts=texts,
            cells={**cells, **_table_three(t3, _result_rows(year))},
        )
        created.append(f"{county.name}{year}年度")
    return DemoReports(created)
