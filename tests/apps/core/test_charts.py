"""Charts print Chinese on every machine: the font ships in a package and is registered by its path, ahead of
any system face of the same name, and a missing glyph fails the suite (pyproject's filterwarnings)."""

from __future__ import annotations

import os
import shutil
import warnings

import pytest
from matplotlib import font_manager

from apps.core.charts import FONT, FONT_FILE, font_register, plt, png

PACKAGED = os.path.realpath(FONT_FILE)


def test_the_font_is_a_file_shipped_in_the_mplfonts_package():
    assert FONT_FILE.is_file() and FONT_FILE.parent.parent.name == "mplfonts"
    assert FONT == "Noto Sans CJK SC"
    assert font_manager.findfont(FONT, fallback_to_default=False) == PACKAGED


def test_a_chart_with_chinese_labels_is_drawn_in_the_packaged_font_and_misses_no_glyph():
    # given a chart labelled in Chinese, as the annual appendix draws them
    figure, ax = plt.subplots(figsize=(4, 2))
    bars = ax.bar(["城市", "农村"], [12, 30])
    ax.bar_label(bars, labels=["12人", "30人"])
    title = ax.set_title("曾都区2026年在保人数（分项目、城乡）")
    ax.set_ylabel("万元")

    # when it is drawn, with every warning recorded
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        image = png(figure)

    # then the labels were set in the packaged file, and matplotlib found every glyph in it
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    assert font_manager.findfont(title.get_fontproperties()) == PACKAGED
    assert font_manager.findfont(ax.get_xticklabels()[0].get_fontproperties()) == PACKAGED
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []


def test_the_packaged_font_wins_over_a_system_face_of_the_same_name(tmp_path):
    # given a machine whose own fonts hold "Noto Sans CJK SC" ahead of ours (fonts-noto-cjk, as on CI)
    manager = font_manager.fontManager
    system_copy = str(shutil.copyfile(FONT_FILE, tmp_path / "NotoSansCJKsc-Regular.otf"))
    before = len(manager.ttflist)
    manager.addfont(system_copy)
    manager.ttflist[:] = [*manager.ttflist[before:], *manager.ttflist[:before]]
    try:
        assert font_manager.findfont(FONT) == os.path.realpath(system_copy)

        # when the font is registered (as apps.core.charts does on import)
        assert font_register() == FONT

        # then the packaged file is the one drawn, so the picture is the same on every machine
        assert font_manager.findfont(FONT) == PACKAGED
    finally:
        manager.ttflist[:] = [entry for entry in manager.ttflist if entry.fname != system_copy]
        font_register()
    assert font_manager.findfont(FONT) == PACKAGED


def test_a_label_in_a_font_without_chinese_glyphs_fails_the_suite():
    figure, ax = plt.subplots(figsize=(3, 1))
    ax.set_title("城市", family="DejaVu Sans")
    try:
        with pytest.raises(UserWarning, match=r"Glyph .* missing from font"):
            figure.savefig(os.devnull, format="png")
    finally:
        plt.close(figure)
