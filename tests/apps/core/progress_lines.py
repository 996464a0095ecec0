"""Reading a streamed progress log as a person sees it (apps/core/templates/core/_progress_step.html)."""

from __future__ import annotations

import re
from pathlib import Path

_LINE = re.compile(r'<div class="import-step (running|done)"><p class="muted">(.*?)</p>')
_CSS = Path(__file__).resolve().parents[3] / "apps/core/static/core/site.css"
HIDE_RULE = ".import-steps .import-step.running:has(~ .import-step) { display:none; }"


def progress_lines(html: str) -> list[tuple[str, str]]:
    """Every line of the log, in order: ("running" or "done", its text)."""
    return _LINE.findall(html)


def visible_lines(html: str) -> list[str]:
    """What the page shows once streamed: site.css hides a running line as soon as any line follows it."""
    assert HIDE_RULE in _CSS.read_text(encoding="utf-8")
    lines = progress_lines(html)
    return [text for i, (kind, text) in enumerate(lines) if kind == "done" or i == len(lines) - 1]
