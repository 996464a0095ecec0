"""The appendix's charts as PNG images for the Word file, drawn with the matplotlib set up in
:mod:`apps.core.charts` (Agg, and a Chinese font that ships with the project).

Each function returns PNG bytes, or None when there is nothing to draw (an empty chart is left out of the
document rather than printed blank). Numbers reach matplotlib as floats only here, for drawing: every
figure in the tables stays Decimal.
"""

from __future__ import annotations

from collections.abc import Sequence

from apps.annual.selectors import AppendixView
from apps.core.charts import plt, png
from policy.money import wan_yuan

URBAN, RURAL, EARLIER = "#1f6feb", "#389e0d", "#bfbfbf"


def _label_bars(ax: object, bars: object, texts: Sequence[str]) -> None:
    ax.bar_label(bars, labels=texts, fontsize=7, padding=2)  # type: ignore[attr-defined]


def persons_chart(view: AppendixView) -> bytes | None:
    """在保人数 by programme, urban and rural side by side."""
    a = view.appendix
    programs = a.programs()
    if not programs or not any(line.persons for line in a.cases):
        return None
    labels = [a.lines(p)[0].label.replace("基本生活费", "").replace("基本生活补贴", "") for p in programs]
    urban = [sum(x.persons for x in a.lines(p) if x.is_urban) for p in programs]
    rural = [sum(x.persons for x in a.lines(p) if not x.is_urban) for p in programs]
    figure, ax = plt.subplots(figsize=(7.2, 3.4))
    width = 0.38
    xs = list(range(len(programs)))
    b1 = ax.bar([x - width / 2 for x in xs], urban, width, label="城市", color=URBAN)
    b2 = ax.bar([x + width / 2 for x in xs], rural, width, label="农村", color=RURAL)
    _label_bars(ax, b1, [str(v) if v else "" for v in urban])
    _label_bars(ax, b2, [str(v) if v else "" for v in rural])
    ax.set_xticks(xs, labels, fontsize=8)
    ax.set_ylabel("人")
    end = "年末" if a.full_year else f"{a.through.month}月末"
    ax.set_title(f"{a.area_name}{a.year}年{end}在保人数（分项目、城乡）", fontsize=11)
    ax.legend(fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return png(figure)


def months_chart(view: AppendixView) -> bytes | None:
    """救助资金 per month, stacked: the monthly programmes and 临时救助, in 万元."""
    if not view.months or not any(m.total_cents for m in view.months):
        return None
    labels = [f"{m.month.month}月" for m in view.months]
    paid = [float(wan_yuan(m.paid_cents)) for m in view.months]
    grants = [float(wan_yuan(m.grant_cents)) for m in view.months]
    figure, ax = plt.subplots(figsize=(7.2, 3.2))
    ax.bar(labels, paid, color=URBAN, label="按月发放项目")
    bars = ax.bar(labels, grants, bottom=paid, color="#d4380d", label="临时救助")
    _label_bars(ax, bars, [f"{wan_yuan(m.total_cents)}" for m in view.months])
    ax.set_ylabel("万元")
    ax.set_title(f"{view.appendix.area_name}{view.appendix.year}年各月救助资金支出", fontsize=11)
    ax.legend(fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return png(figure)


def standards_chart(view: AppendixView) -> bytes | None:
    """Each configured standard this year against the same day last year."""
    lines = [s for s in view.appendix.standards if s.value is not None]
    if not lines:
        return None
    labels = [s.label.replace("标准", "").replace("基本生活", "") for s in lines]
    now = [float(s.value or 0) for s in lines]
    before = [float(s.previous or 0) for s in lines]
    figure, ax = plt.subplots(figsize=(7.2, 0.45 * len(lines) + 1.2))
    ys = list(range(len(lines)))
    height = 0.38
    b1 = ax.barh([y + height / 2 for y in ys], before, height, color=EARLIER, label="上年同期")
    b2 = ax.barh([y - height / 2 for y in ys], now, height, color=URBAN, label="本年")
    _label_bars(ax, b1, [f"{v:g}" if v else "" for v in before])
    _label_bars(ax, b2, [f"{v:g}" for v in now])
    ax.set_yticks(ys, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("元/人·月")
    ax.set_title(f"{view.appendix.area_name}保障标准与上年比较", fontsize=11)
    ax.legend(fontsize=8, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    return png(figure)
