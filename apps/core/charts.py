"""The one setup of matplotlib for every chart the bureau prints (the annual appendix, 目标管理, and the
offices to come): the Agg backend (no display on a server) and a Chinese font that ships with the
project.

The font file comes from the ``mplfonts`` wheel (a pinned dependency) and is registered with matplotlib
by its path, so Chinese labels print on a machine without fonts-noto-cjk, and whatever matplotlib's font
cache held before. Asking for "Noto Sans CJK SC" by name alone printed empty boxes there. mplfonts' own
set-up is never called: it copies fonts into matplotlib's install and rewrites matplotlibrc.

Import ``plt`` from here rather than ``matplotlib.pyplot``, and turn a figure into PNG bytes with
:func:`png`.
"""

from __future__ import annotations

import io
from importlib.resources import files
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib import pyplot as plt  # after the backend is chosen
from matplotlib.figure import Figure

__all__ = ["FONT", "FONT_FILE", "font_register", "plt", "png"]

FONT_FILE = Path(str(files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"))


def font_register() -> str:
    """Register the packaged font file with matplotlib, ahead of every other font, and return its family
    name ("Noto Sans CJK SC"). Idempotent.

    Ahead, because a machine with fonts-noto-cjk (CI has it) holds a face of the same name, and
    matplotlib takes the first of equal matches: first, every machine draws the same picture, so a
    stored file's SHA-256 does not depend on the fonts the server happens to have.
    """
    manager = font_manager.fontManager
    path = str(FONT_FILE)
    others = [entry for entry in manager.ttflist if entry.fname != path]
    manager.ttflist[:] = others
    manager.addfont(path)  # appends the file's faces and clears matplotlib's lookup cache
    manager.ttflist[:] = [*manager.ttflist[len(others) :], *others]
    return font_manager.FontProperties(fname=path).get_name()


FONT = font_register()
plt.rcParams["font.family"] = [FONT, "sans-serif"]
plt.rcParams["axes.unicode_minus"] = False  # a plain hyphen-minus: U+2212 is missing from some CJK faces


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes at 150 dpi, trimmed to what is drawn; the figure is closed."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()
