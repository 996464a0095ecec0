"""The report as one self-contained, print-friendly HTML page in the official layout (no script, no
external asset: the stored file opens the same anywhere, and prints on A4)."""

from __future__ import annotations

from django.template.loader import render_to_string

from apps.disclosure.documents import Document, grid
from policy.disclosure import Failure


def html_text(document: Document, *, failures: list[Failure] | None = None) -> str:
    """The page. With ``failures`` (a preview of a draft) it says so at the top and marks the figures."""
    sections = [
        {
            "heading": part.heading,
            "paragraphs": document.paragraphs(part.text_key) if part.text_key else [],
            "rows": grid(part.table, document.values, failures) if part.table is not None else None,
            "number": part.table.number if part.table is not None else "",
        }
        for part in document.template.sections
    ]
    return render_to_string(
        "disclosure/print.html",
        {"doc": document, "sections": sections, "failures": failures or []},
    )
