"""Charts as inline SVG, drawn on the server: no script, no CDN, and they scale to a 360 px phone.

Each chart is a ``<svg>`` with a ``viewBox`` and ``width: 100%``, text in the page's font, a ``<title>``
per point or bar (a tooltip, and what a screen reader reads), and a link per point or bar to the records
behind it. Labels are escaped here; the result is safe to mark safe in a template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#1f6feb", "#d4380d", "#389e0d", "#ad6800", "#722ed1", "#08979c", "#c41d7f", "#595959")
FONT = 'font-family="Noto Sans CJK SC, sans-serif"'


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float]
    links: Sequence[str] = ()  # one per value, or none


def nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above ``value`` (at least 1), for the axis."""
    if value <= 1:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return float(step * magnitude)
    return float(10 * magnitude)


def _number(value: float) -> str:
    if value >= 10_000:
        return f"{value / 10_000:g}万"
    return f"{value:g}"


def _a(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def line_chart(*, title: str, labels: Sequence[str], series: Sequence[Series], unit: str = "") -> str:
    """A line per series over ``labels`` (months), with a dot per value that links to its records."""
    width, height, left, right, top, bottom = 520, 240, 52, 12, 30, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = nice_top(max((v for s in series for v in s.values), default=0))
    n = max(len(labels), 1)
    x = [left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2) for i in range(n)]

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / peak

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height + 22 * ((len(series) + 2) // 3)}" role="img" '
        f'aria-label="{escape(title)}" {FONT} font-size="12" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{left}" y="16" font-size="14" font-weight="bold">{escape(title)}'
        f"{escape(f'（{unit}）' if unit else '')}</text>",
    ]
    for k in range(5):
        value = peak * k / 4
        yy = y(value)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#e5e5e5"/>')
        parts.append(
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#666">{_number(value)}</text>'
        )
    step = max(1, n // 6)
    for i, label in enumerate(labels):
        if i % step == 0 or i == n - 1:
            parts.append(
                f'<text x="{x[i]:.1f}" y="{height - bottom + 18}" text-anchor="middle" fill="#666">'
                f"{escape(label)}</text>"
            )
    for index, s in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        points = " ".join(f"{x[i]:.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>')
        for i, v in enumerate(s.values):
            dot = (
                f'<circle cx="{x[i]:.1f}" cy="{y(v):.1f}" r="4" fill="{color}">'
                f"<title>{escape(f'{s.name} {labels[i]}：{v:g}{unit}')}</title></circle>"
            )
            parts.append(_a(s.links[i] if i < len(s.links) else "", dot))
        lx, ly = left + (index % 3) * 150, height + 8 + 22 * (index // 3)
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text x="{lx + 18}" y="{ly + 2}">{escape(s.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(*, title: str, rows: Sequence[tuple[str, float, str]], unit: str = "") -> str:
    """Horizontal bars, one per (label, value, link) row, longest scale first as given."""
    width, bar, gap, left, right, top = 520, 18, 8, 118, 60, 28
    height = top + len(rows) * (bar + gap) + 4
    peak = nice_top(max((v for _, v, _ in rows), default=0))
    plot_w = width - left - right
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {max(height, 60)}" role="img" aria-label="{escape(title)}" '
        f'{FONT} font-size="12" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}'
        f"{escape(f'（{unit}）' if unit else '')}</text>",
    ]
    for i, (label, value, href) in enumerate(rows):
        yy = top + i * (bar + gap)
        w = plot_w * value / peak
        short = label if len(label) <= 8 else label[:7] + "…"
        body = (
            f'<text x="{left - 6}" y="{yy + 13}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{left}" y="{yy}" width="{w:.1f}" height="{bar}" fill="{PALETTE[0]}" rx="2">'
            f"<title>{escape(f'{label}：{value:g}{unit}')}</title></rect>"
            f'<text x="{left + w + 6:.1f}" y="{yy + 13}" fill="#333">{value:g}</text>'
        )
        parts.append(_a(href, body))
    if not rows:
        parts.append(f'<text x="0" y="{top + 16}" fill="#666">暂无数据</text>')
    parts.append("</svg>")
    return "".join(parts)
