"""How the statistics are shown: the link from a figure to the records behind it, and the charts of the
trend and of the breakdown by area (inline SVG from :mod:`apps.statistics.documents.charts`). Shared by the
statistics page and the home page's dashboard."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from apps.areas.models import Area
from apps.statistics.documents.charts import Series, bar_chart, line_chart
from apps.statistics.selectors import PROGRAM_LABELS, AreaRow, Trend
from policy.roles import Capability
from policy.statistics import Measure
from policy.statistics.indicators import Indicator

# ---------------------------------------------------------------- links to the records behind a figure


def case_link(*, actor_area: str, area: str, month: date, program: str = "", urban: bool | None = None,
              flow: str = "in_care") -> str:  # fmt: skip
    """The case list filtered to the cases a figure counts."""
    query = {"program": program, "month": f"{month:%Y-%m}", "flow": flow}
    if area != actor_area:
        query["area"] = area
    if urban is not None:
        query["urban"] = "1" if urban else "0"
    return reverse("assistance:case_list") + "?" + urlencode({k: v for k, v in query.items() if v})


def indicator_link(user: object, ind: Indicator, area: Area, month: date) -> str:
    actor_area = getattr(user, "area_id", "")
    program = ind.programs[0] if len(ind.programs) == 1 else ""
    if ind.measure in (Measure.GRANTS, Measure.GRANT_CENTS):
        query = {"program": "temporary", "state": "approved"}
        if area.code != actor_area:
            query["area"] = area.code
        return reverse("assistance:application_list") + "?" + urlencode(query)
    if ind.measure is Measure.PAID_CENTS:
        if not user.can(Capability.VIEW_PAYROLL) or area.level > 3:
            return ""
        county = area.code[:6] + "000000" if area.level == 3 else ""
        return (
            reverse("payroll:funds")
            + "?"
            + urlencode({"year": month.year, **({"county": county} if county else {})})
        )
    flow = {Measure.NEW_HOUSEHOLDS: "new", Measure.NEW_PERSONS: "new"}.get(ind.measure, "")
    flow = flow or {Measure.EXIT_HOUSEHOLDS: "exit", Measure.EXIT_PERSONS: "exit"}.get(ind.measure, "in_care")
    return case_link(
        actor_area=actor_area, area=area.code, month=month, program=program, urban=ind.urban, flow=flow
    )


# ---------------------------------------------------------------- charts


def trend_chart(data: Trend, *, actor_area: str, persons: bool = False) -> str:
    """月末在保户数 (or 人数) per programme over the months, each dot linking to that month's cases."""
    labels = [f"{p.month:%y.%m}" for p in data.points]
    series = [
        Series(
            PROGRAM_LABELS.get(program, program),
            [(p.persons if persons else p.households).get(program, 0) for p in data.points],
            [
                case_link(actor_area=actor_area, area=data.area.code, month=p.month, program=program)
                for p in data.points
            ],
        )
        for program in data.programs
        if program != "temporary"
    ]
    title = "近12个月月末在保" + ("人数" if persons else "户数")
    return line_chart(title=title, labels=labels, series=series, unit="人" if persons else "户")


def money_chart(data: Trend) -> str:
    labels = [f"{p.month:%y.%m}" for p in data.points]
    series = [
        Series(
            PROGRAM_LABELS.get(program, program),
            [p.paid_cents.get(program, 0) / 1_000_000 for p in data.points],
        )
        for program in data.programs
    ]
    return line_chart(title="近12个月支出", labels=labels, series=series, unit="万元")


def areas_chart(rows: tuple[AreaRow, ...], *, actor_area: str, month: date, program: str = "dibao") -> str:
    """月末在保户数 of one programme by area one level down, each bar linking to those cases."""
    bars = [
        (
            r.name,
            r.households.get(program, 0),
            case_link(actor_area=actor_area, area=r.code, month=month, program=program),
        )
        for r in rows
    ]
    return bar_chart(title=f"{PROGRAM_LABELS.get(program, program)}月末户数（分区域）", rows=bars, unit="户")
