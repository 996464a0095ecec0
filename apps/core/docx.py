"""Word documents in the bureau's house style (python-docx): runs and paragraphs whose Chinese text takes
the named font. Every report that writes DOCX (年度数据附录, 目标管理, 政府信息公开年报) shares these."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run


def run_font(run: Run, name: str, size: float, bold: bool = False) -> Run:
    """Set ``run``'s font; ``font.name`` alone sets only the Latin font, Chinese text takes the East Asian."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    return run


def paragraph_add(
    doc: Any,
    text: str,
    font: str,
    size: float,
    *,
    bold: bool = False,
    center: bool = False,
    indent: bool = False,
    line_spacing: float | None = None,
) -> Paragraph:
    """A paragraph of ``text`` at the end of ``doc``; ``indent`` is the two-character first-line indent
    of official documents, ``line_spacing`` a multiple of the font size."""
    p: Paragraph = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    if line_spacing is not None:
        p.paragraph_format.line_spacing = Pt(size * line_spacing)
    run_font(p.add_run(text), font, size, bold)
    return p


__all__ = ["paragraph_add", "run_font"]
