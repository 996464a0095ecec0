"""年度工作总结数据附录 pages under /annual/: the preview with its year and area pickers, generating a DOCX
or XLSX file (stored with its SHA-256, audited), and downloading a stored file. Thin: the selectors read,
the services write and audit."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from apps.annual.documents import source_line, title_of
from apps.annual.documents.tables import Table, appendix_tables, cell_text
from apps.annual.models import FileFormat
from apps.annual.selectors import AppendixView, appendix_for, files_for, year_parse, years_open
from apps.annual.services import annual_file_open, annual_generate
from apps.areas.forms import areas_of
from apps.core.web import requires
from apps.statistics.documents.charts import bar_chart
from apps.statistics.selectors import statistics_area_get
from policy.errors import ValidationFailed
from policy.money import wan_yuan
from policy.roles import Capability


def _year(request: HttpRequest, text: str) -> int:
    try:
        return year_parse(text)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return year_parse("")


def _area_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """The actor's own area, then the townships inside it: an appendix is for a county or a township."""
    own = request.user.area  # type: ignore[union-attr]
    return [(own.code, f"{own.name}（本辖区）")] + [(c, n) for c, n, _ in areas_of(request.user, 4)]


def _svgs(view: AppendixView) -> list[str]:
    a = view.appendix
    persons = [(f"{x.label[:6]}·{x.area_label}", float(x.persons), "") for x in a.cases if x.persons]
    money = [(f"{m.month:%Y-%m}", float(wan_yuan(m.total_cents)), "") for m in view.months]
    end = "年末" if a.full_year else f"{a.through.month}月末"
    out = [bar_chart(title=f"{end}在保人数", rows=persons, unit="人")] if persons else []
    if any(v for _, v, _ in money):
        out.append(bar_chart(title="各月救助资金支出", rows=money, unit="万元"))
    return [mark_safe(svg) for svg in out]


def _cells(table: Table) -> list[list[tuple[str, str, bool]]]:
    """Each row's cells as (column title for the phone layout, text, right-aligned number?)."""
    return [
        [(table.headers[i], cell_text(v), isinstance(v, int | Decimal)) for i, v in enumerate(row)]
        for row in table.rows
    ]


@login_required
@requires(Capability.VIEW_STATISTICS)
def annual_index(request: HttpRequest) -> HttpResponse:
    """The appendix of an area and a year: the sentences to paste, the tables, the charts and the files."""
    area = statistics_area_get(actor=request.user, area_code=request.GET.get("area", ""))
    year = _year(request, request.GET.get("year", ""))
    view = appendix_for(actor=request.user, area_code=area.code, year=year)
    tables = [
        (
            t,
            [
                [(t.headers[i], cell_text(v), isinstance(v, int | Decimal)) for i, v in enumerate(row)]
                for row in t.rows
            ],
        )
        for t in appendix_tables(view)
    ]
    return render(
        request,
        "annual/index.html",
        {
            "view": view,
            "title": title_of(view),
            "source": source_line(view),
            "tables": tables,
            "svgs": _svgs(view),
            "year": year,
            "years": years_open(),
            "area_choices": _area_choices(request),
            "files": files_for(actor=request.user, area=view.area, year=year),
            "formats": FileFormat.choices,
        },
    )


@login_required
@requires(Capability.PRODUCE_REPORTS)
@require_POST
def annual_generate_view(request: HttpRequest) -> HttpResponse:
    """Generate the appendix as DOCX or XLSX, keep it, and download it at once."""
    area = statistics_area_get(actor=request.user, area_code=request.POST.get("area", ""))
    back = (
        reverse("annual:index") + "?" + urlencode({"area": area.code, "year": request.POST.get("year", "")})
    )
    try:
        year = year_parse(request.POST.get("year", ""))
        made = annual_generate(
            actor=request.user, area_code=area.code, year=year, fmt=request.POST.get("format", "docx")
        )
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, f"已生成“{made.filename}”，SHA-256 {made.sha256}")
    return redirect("annual:file", pk=made.pk)


@login_required
@requires(Capability.VIEW_STATISTICS)
def annual_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A generated file as stored: checked against its SHA-256, audited."""
    stored = annual_file_open(actor=request.user, file_id=pk)
    return FileResponse(
        stored.path.open("rb"), content_type=stored.content_type, filename=stored.filename, as_attachment=True
    )
