"""Drawing a 政府信息公开工作年度报告: one :class:`Document` built from the stored report, and the grid of
each table as rows of cells for the HTML page and the entry form. The DOCX and XLSX writers live beside
this module; all of them draw from the template's rows (:mod:`policy.disclosure.layout`), so every format
shows the official layout the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.disclosure.models import DisclosureReport
from policy.disclosure import (
    Entry,
    Failure,
    Label,
    Table,
    Template,
    template_for_year,
    value_format,
    value_parse,
)
from policy.errors import ValidationFailed


@dataclass(frozen=True, slots=True)
class Document:
    """What every output prints: the title, the organ, the texts by section and every figure as text."""

    organ: str
    year: int
    template: Template
    texts: dict[str, str]
    values: dict[str, str]
    county_code: str = ""

    @property
    def title(self) -> str:
        return f"{self.organ}{self.year}年政府信息公开工作年度报告"

    def paragraphs(self, text_key: str) -> list[str]:
        return [line.strip() for line in self.texts.get(text_key, "").splitlines() if line.strip()]


def printed_values(template: Template, cells: dict[str, str]) -> dict[str, str]:
    """Each figure as the report prints it; a cell that cannot be read (only in a draft) stays as typed."""
    out: dict[str, str] = {}
    for key, spec in template.specs.items():
        raw = cells.get(key, "")
        try:
            out[key] = value_format(spec, value_parse(spec, raw))
        except ValidationFailed:
            out[key] = str(raw)
    return out


def document_build(report: DisclosureReport) -> Document:
    template = template_for_year(report.year)
    return Document(
        organ=report.organ,
        year=report.year,
        template=template,
        texts={s.text_key: str(report.texts.get(s.text_key, "")) for s in template.text_sections},
        values=printed_values(template, report.cells),
        county_code=report.county_id,
    )


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a table as drawn in HTML: printed text, or a figure with its key and full name."""

    text: str
    colspan: int
    rowspan: int
    style: str  # head, row, note, entry
    key: str = ""
    name: str = ""
    hint: str = ""
    bad: bool = False
    messages: tuple[str, ...] = field(default=())

    @property
    def is_entry(self) -> bool:
        return self.style == "entry"

    @property
    def dom_id(self) -> str:
        return f"cell-{self.key}"


def grid(table: Table, values: dict[str, str], failures: list[Failure] | None = None) -> list[list[GridCell]]:
    """The rows of ``table`` with each figure's value, marking the figures that failures point at."""
    # Only the figure each failure points at is marked: marking every addend of a column would paint the
    # whole column red and hide which box to correct.
    involved: dict[str, list[str]] = {}
    for failure in failures or []:
        if failure.cell:
            involved.setdefault(failure.cell, []).append(failure.message)
    specs = {spec.key: spec for spec in table.specs}
    rows: list[list[GridCell]] = []
    for row in table.rows:
        out: list[GridCell] = []
        for cell in row:
            if isinstance(cell, Label):
                out.append(GridCell(cell.text, cell.colspan, cell.rowspan, cell.style.value))
            elif isinstance(cell, Entry):
                spec = specs[cell.key]
                messages = tuple(involved.get(cell.key, ()))
                out.append(
                    GridCell(
                        values.get(cell.key, ""),
                        cell.colspan,
                        cell.rowspan,
                        "entry",
                        key=cell.key,
                        name=spec.full_name,
                        hint=spec.hint,
                        bad=bool(messages),
                        messages=messages,
                    )
                )
        rows.append(out)
    return rows
