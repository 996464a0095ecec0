"""Reading 政府信息公开工作年度报告: the counties an actor reports for, one year's report and its files.

A county outside the actor's area answers NotFound exactly like a county that does not exist. A year with
nothing entered yet is still a report: an unsaved one with the organ's default name, so every page and
the API show the empty grid of the year's template instead of a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from apps.areas.models import Area
from apps.areas.selectors import county_in_scope
from apps.core.clock import today
from apps.core.scoping import code_in_scope, require
from apps.disclosure.models import DisclosureFile, DisclosureReport
from policy.disclosure import FIRST_YEAR, Failure, ReportData, Template, report_check, template_for_year
from policy.errors import NotFound
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User


def county_get_for(*, actor: User, code: str) -> Area:
    """The county ``code`` (6 or 12 digits) if it is the actor's; NotFound otherwise, missing or not."""
    require(actor, Capability.VIEW_DISCLOSURE)
    return county_in_scope(actor=actor, code=code)


def years_open() -> list[int]:
    """The report years offered: from the first supported year to this year, newest first."""
    return list(range(today().year, FIRST_YEAR - 1, -1))


def year_check(year: int) -> int:
    """``year`` if a report on it can be kept (2019 to this year); NotFound otherwise."""
    if not FIRST_YEAR <= year <= today().year:
        raise NotFound(f"只能填报{FIRST_YEAR}年度至{today().year}年度的报告")
    return year


def default_organ(county: Area) -> str:
    return f"{county.name}民政局"


def report_for(*, actor: User, county: Area, year: int) -> DisclosureReport:
    """The county's report on ``year``, or a new unsaved one (blank, the year's template)."""
    require(actor, Capability.VIEW_DISCLOSURE)
    if not code_in_scope(actor, county.code):
        raise NotFound()
    year_check(year)
    found = DisclosureReport.objects.filter(county=county, year=year).select_related("county").first()
    if found is not None:
        return found
    return DisclosureReport(
        county=county,
        year=year,
        template=template_for_year(year).code,
        organ=default_organ(county),
        version=0,
        updated_at=timezone.now(),
    )


def report_get_for(*, actor: User, county_code: str, year: int) -> DisclosureReport:
    return report_for(actor=actor, county=county_get_for(actor=actor, code=county_code), year=year)


def template_of(report: DisclosureReport) -> Template:
    return template_for_year(report.year)


def report_data(report: DisclosureReport) -> ReportData:
    return ReportData(year=report.year, organ=report.organ, texts=report.texts, cells=report.cells)


def report_failures(report: DisclosureReport) -> list[Failure]:
    """Every check the report fails now; empty when it may be generated."""
    return report_check(template_of(report), report_data(report))


@dataclass(frozen=True, slots=True)
class YearRow:
    year: int
    template: Template
    report: DisclosureReport | None
    failures: int | None
    files: int


def years_for(*, actor: User, county: Area) -> list[YearRow]:
    """Each open year with its template, whether anything is entered, how many checks fail, and files."""
    require(actor, Capability.VIEW_DISCLOSURE)
    if not code_in_scope(actor, county.code):
        raise NotFound()
    reports = {r.year: r for r in DisclosureReport.objects.filter(county=county)}
    counts: dict[int, int] = {}
    for year in DisclosureFile.objects.filter(report__county=county).values_list("report__year", flat=True):
        counts[year] = counts.get(year, 0) + 1
    rows = []
    for year in years_open():
        report = reports.get(year)
        rows.append(
            YearRow(
                year=year,
                template=template_for_year(year),
                report=report,
                failures=None if report is None else len(report_failures(report)),
                files=counts.get(year, 0),
            )
        )
    return rows


def files_for(*, actor: User, report: DisclosureReport) -> QuerySet[DisclosureFile]:
    require(actor, Capability.VIEW_DISCLOSURE)
    if not code_in_scope(actor, report.county_id):
        raise NotFound()
    if report.pk is None:
        return DisclosureFile.objects.none()
    return DisclosureFile.objects.filter(report=report).select_related("created_by")
