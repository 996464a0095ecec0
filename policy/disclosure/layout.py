"""The shape of a 政府信息公开工作年度报告: sections, tables as printed grids, and the cells to be filled.

A table is kept exactly as the official template prints it: a list of rows, each a list of cells, where a
cell is either printed text (:class:`Label`: a header, a row label or a note) or a figure to fill
(:class:`Entry`). Spans are part of the data, so the entry form, the DOCX, the HTML page and the XLSX are
all drawn from the same rows and never disagree about the layout. Like HTML, a row omits the positions
already covered by a cell spanning down from an earlier row; :meth:`Table.placed` works out where every
cell sits on the full grid for the formats that need positions (DOCX, XLSX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Cell",
    "CellKind",
    "CellSpec",
    "Entry",
    "Label",
    "LabelStyle",
    "Placed",
    "Rule",
    "Section",
    "Table",
    "Template",
]


class CellKind(StrEnum):
    """What a figure may hold."""

    COUNT = "count"  # 件数、项数：非负整数
    CHANGE = "change"  # 本年增/减：整数，可为负
    MONEY = "money"  # 金额：万元，非负，至多两位小数


KIND_HINTS: dict[CellKind, str] = {
    CellKind.COUNT: "非负整数",
    CellKind.CHANGE: "整数，减少填负数",
    CellKind.MONEY: "万元，至多两位小数",
}


class LabelStyle(StrEnum):
    HEAD = "head"  # a column header or a block title (第二十条第（一）项)
    ROW = "row"  # a row label (一、本年新收……)
    NOTE = "note"  # the 勾稽 note in the corner of 表三


@dataclass(frozen=True, slots=True)
class Label:
    text: str
    colspan: int = 1
    rowspan: int = 1
    style: LabelStyle = LabelStyle.HEAD


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    colspan: int = 1
    rowspan: int = 1


Cell = Label | Entry


@dataclass(frozen=True, slots=True)
class CellSpec:
    """One figure of the report: its key, where it is (for messages) and what it may hold."""

    key: str
    table: str  # 表二, 表三, 表四
    name: str  # 第（七）项总计 / 自然人列
    kind: CellKind = CellKind.COUNT

    @property
    def full_name(self) -> str:
        return f"{self.table} {self.name}"

    @property
    def hint(self) -> str:
        return KIND_HINTS[self.kind]


@dataclass(frozen=True, slots=True)
class Placed:
    """A cell at its place on the full grid (0-based row and column)."""

    row: int
    col: int
    cell: Cell


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # t2, t3, t4
    number: str  # 表二
    width: int  # columns of the full grid
    header_rows: int  # how many of the rows are the column header (repeated on a new page)
    rows: tuple[tuple[Cell, ...], ...]
    specs: tuple[CellSpec, ...]

    def placed(self) -> list[Placed]:
        """Every cell with its grid position, filling the places left free by spans from above."""
        taken: set[tuple[int, int]] = set()
        out: list[Placed] = []
        for r, row in enumerate(self.rows):
            col = 0
            for cell in row:
                while (r, col) in taken:
                    col += 1
                out.append(Placed(r, col, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, col + dc))
                col += cell.colspan
        return out

    def entry_keys(self) -> list[str]:
        return [cell.key for row in self.rows for cell in row if isinstance(cell, Entry)]


@dataclass(frozen=True, slots=True)
class Section:
    """一、总体情况 … 六、其他需要报告的事项: free text (``text_key``) or a table."""

    number: str
    title: str
    text_key: str = ""
    table: Table | None = None
    hint: str = ""

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A 勾稽关系: the figures in ``left`` must add up to the figures in ``right``.

    ``where`` names the place (表三 自然人列), ``text`` the rule in words, ``cell`` the figure the message
    points at, and the two labels say in words what was added on each side.
    """

    code: str
    where: str
    text: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    left_label: str
    right_label: str
    cell: str


@dataclass(frozen=True, slots=True)
class Template:
    """One official format: the 2021 national template or the 2019 trial one."""

    code: str  # "2021" or "2019"
    name: str
    basis: str  # the notice that set it
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...]
    specs: dict[str, CellSpec] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.specs:
            for table in self.tables:
                for spec in table.specs:
                    self.specs[spec.key] = spec

    @property
    def tables(self) -> list[Table]:
        return [s.table for s in self.sections if s.table is not None]

    @property
    def text_sections(self) -> list[Section]:
        return [s for s in self.sections if s.text_key]
