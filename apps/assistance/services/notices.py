"""Written notices to the applicant (受理通知书, 一次性告知书, 审核确认通知书, 不予确认通知书) as DOCX.

A notice is issued inside the step that calls for it, and stores the facts it states (names, dates, the
missing documents, the reasons) so that it reads the same whenever it is printed again; the DOCX is drawn
from those facts on demand.
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING, Any

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from apps.assistance.choices import NoticeKind
from apps.assistance.models import Application, Notice
from apps.assistance.services.steps import time_limits_for
from policy.areas import AreaLevel, area_code_level
from policy.parameters import CATALOGUE
from policy.workflow import AppState

if TYPE_CHECKING:
    from apps.accounts.models import User

_PREFIX = {
    NoticeKind.ACCEPTANCE: "受",
    NoticeKind.DOCUMENTS: "补",
    NoticeKind.APPROVAL: "确",
    NoticeKind.REFUSAL: "否",
}
# 社会救助暂行办法第六十五条 gives both routes: 行政复议 within 60 days, 行政诉讼 within 6 months.
REMEDY = (
    "如对本决定不服，可以自收到本通知书之日起60日内向{county}人民政府申请行政复议，"
    "或者自收到本通知书之日起6个月内依法向人民法院提起行政诉讼。"
)


def _cn_date(day: date | str | None) -> str:
    if not day:
        return ""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{d.year}年{d.month}月{d.day}日"


def _cn_month(day: str | None) -> str:
    if not day:
        return ""
    d = date.fromisoformat(day)
    return f"{d.year}年{d.month}月"


def _issuer(application: Application, *, county: bool) -> str:
    """The office that signs: the township (乡镇人民政府/街道办事处) or the county's 民政局."""
    town = application.area.parent
    if county:
        county_area = town.parent if town is not None else None
        return f"{county_area.name if county_area else ''}民政局"
    if town is None:
        return ""
    return town.name if town.name.endswith(("街道", "街道办事处")) else f"{town.name}人民政府"


def _time_limits(application: Application, on: date) -> dict[str, int]:
    """The time limits a 受理通知书 promises, as the area's standards set them on the day it is issued."""
    limits = time_limits_for(area_code=application.area_id, urban=application.is_urban, on=on)
    return {
        "start_days": limits.states[AppState.ACCEPTED].days,
        "overall_days": limits.overall.days,
        "overall_days_extended": limits.overall_extended.days,
    }


def _stated(payload: dict[str, Any], key: str, catalogue_key: str) -> Any:
    # Notices issued before the limits were stored state the catalogue's defaults, which were in force then.
    return payload.get(key, CATALOGUE[catalogue_key].default)


def notice_issue(
    *, application: Application, kind: NoticeKind, actor: User, on: date, facts: dict[str, Any] | None = None
) -> Notice:
    """Record one notice for ``application`` inside the caller's transaction (the step audits it)."""
    town = application.area.parent
    county = town.parent if town is not None else None
    n = application.notices.count() + 1
    payload = {
        "applicant": application.applicant.name,
        "program": application.get_program_display(),
        "submitted_on": application.submitted_on.isoformat(),
        "village": application.area.name,
        "township": town.name if town else "",
        "county": county.name if county else "",
        # A decision is signed by whoever took it: the county, or the township where it was delegated.
        "issuer": _issuer(
            application,
            county=kind in (NoticeKind.APPROVAL, NoticeKind.REFUSAL)
            and area_code_level(actor.area_id) <= AreaLevel.COUNTY,
        ),
        **(_time_limits(application, on) if kind == NoticeKind.ACCEPTANCE else {}),
        "application_number": application.number,
        **(facts or {}),
    }
    return Notice.objects.create(
        application=application,
        kind=kind,
        number=f"民救{_PREFIX[kind]}〔{on.year}〕{application.number}-{n}号",
        issued_on=on,
        payload=payload,
        issued_by=actor,
    )


def _body(notice: Notice) -> list[str]:
    p = notice.payload
    head = f"你（你家庭）于{_cn_date(p['submitted_on'])}提出的{p['program']}申请"
    if notice.kind == NoticeKind.ACCEPTANCE:
        start = _stated(p, "start_days", "workflow.days.accepted")
        overall = _stated(p, "overall_days", "workflow.overall_days")
        extended = _stated(p, "overall_days_extended", "workflow.overall_days_extended")
        return [
            f"{head}，材料齐全，本机关已于{_cn_date(p['accepted_on'])}予以受理。",
            f"我们将自受理之日起{start}个工作日内启动家庭经济状况调查核对，请如实提供情况并配合入户调查。"
            f"审核确认自受理之日起{overall}个工作日内完成，特殊情况可以延长至{extended}个工作日。",
        ]
    if notice.kind == NoticeKind.DOCUMENTS:
        lines = [
            f"{head}，所提交的材料不齐全。根据《最低生活保障审核确认办法》第十条，现一次性告知你需要补正的全部材料：",
        ]
        lines += [f"{i}. {label}" for i, label in enumerate(p["missing"], 1)]
        lines.append("请补齐上述材料后，到村(居)民委员会或本机关重新提交。补齐后即予受理。")
        return lines
    if notice.kind == NoticeKind.APPROVAL:
        return [
            f"{head}，经审核，符合条件，决定予以确认。",
            f"保障人数：{p['covered_count']}人；月保障金额：{p['amount']}元；"
            f"自{_cn_month(p.get('start_month'))}起按月发放。",
            "享受期间家庭人口、收入、财产状况发生变化的，应当及时告知乡镇人民政府(街道办事处)。",
        ]
    return [
        f"{head}，经审核，不符合条件，决定不予确认。理由如下：",
        *[line for line in p["reasons"].splitlines() if line.strip()],
        REMEDY.format(county=p["county"]),
    ]


def notice_docx(notice: Notice) -> bytes:
    """The notice as a Word document: title, number, addressee, body, issuer and date."""
    doc = new_docx()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(14)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(NoticeKind(notice.kind).label.split("（")[0])
    run.bold = True
    run.font.size = Pt(22)
    number = doc.add_paragraph(notice.number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if notice.payload.get("application_number"):
        received = doc.add_paragraph(f"受理编号：{notice.payload['application_number']}")
        received.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"{notice.payload['applicant']}：")
    for line in _body(notice):
        doc.add_paragraph(line).paragraph_format.first_line_indent = Pt(28)
    for text in (notice.payload["issuer"], _cn_date(notice.issued_on)):
        right = doc.add_paragraph(text)
        right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def notice_filename(notice: Notice) -> str:
    kind = NoticeKind(notice.kind).label.split("（")[0]
    return f"{kind}-{notice.payload['applicant']}-{notice.issued_on:%Y%m%d}.docx"
