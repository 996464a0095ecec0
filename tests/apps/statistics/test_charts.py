"""The inline SVG charts: they scale (a viewBox), escape their labels, and link each point and bar."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from apps.statistics.documents.charts import Series, bar_chart, line_chart, nice_top


def test_a_line_chart_is_valid_svg_with_a_linked_dot_per_value():
    svg = line_chart(
        title="月末在保户数",
        labels=["25.10", "25.11"],
        series=[Series("最低生活保障", [3, 5], ["/a?x=1&y=2", "/b"])],
        unit="户",
    )

    root = ElementTree.fromstring(svg)
    assert root.get("viewBox", "").startswith("0 0 520")
    links = [a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert links == ["/a?x=1&y=2", "/b"]


def test_a_bar_chart_escapes_area_names_and_links_each_bar():
    svg = bar_chart(title="分区域", rows=[("<西城>街道", 12, "/c"), ("东城", 0, "")])

    ElementTree.fromstring(svg)
    assert "&lt;西城&gt;" in svg and "<西城>" not in svg
    assert svg.count("<a ") == 1


def test_an_empty_chart_says_there_is_no_data():
    assert "暂无数据" in bar_chart(title="分区域", rows=[])
    ElementTree.fromstring(line_chart(title="趋势", labels=[], series=[]))


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (7, 10), (12, 20), (240, 250), (2600, 5000), (1_000_001, 2_000_000)]
)
def test_the_axis_top_is_a_round_number_at_or_above_the_peak(value, top):
    assert nice_top(value) == top
