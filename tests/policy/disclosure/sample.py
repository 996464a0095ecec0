"""Hand-made report figures for the tests: consistent under every rule, for either template."""

from __future__ import annotations

from policy.disclosure import ReportData

TEXTS = {"overview": "全年新收申请7件。", "problems": "解读形式单一。", "other": "无。"}


def consistent_cells(template: str = "2021") -> dict[str, str]:
    """表三: 一 7 + 二 1 = (七) 7 + 四 1, split over 自然人, 商业企业 and 法律服务机构; 表四 two groups."""
    other = "other_1" if template == "2021" else "other"
    cells = {
        "t3.new.natural": "5", "t3.new.business": "1", "t3.new.legal": "1", "t3.new.total": "7",
        "t3.carried.natural": "1", "t3.carried.total": "1",
        "t3.open.natural": "3", "t3.open.total": "3",
        "t3.partial.business": "1", "t3.partial.total": "1",
        "t3.deny_1.natural": "1", "t3.deny_1.total": "1",
        "t3.unable_1.legal": "1", "t3.unable_1.total": "1",
        f"t3.{other}.natural": "1", f"t3.{other}.total": "1",
        "t3.total.natural": "5", "t3.total.business": "1", "t3.total.legal": "1", "t3.total.total": "7",
        "t3.forward.natural": "1", "t3.forward.total": "1",
        "t4.review.upheld": "2", "t4.review.corrected": "1", "t4.review.total": "3",
        "t4.direct.pending": "1", "t4.direct.total": "1",
    }  # fmt: skip
    if template == "2021":
        cells |= {"t2.norms.issued": "2", "t2.norms.in_force": "8", "t2.licence.decisions": "12",
                  "t2.fees.amount": "1.50"}  # fmt: skip
    else:
        cells |= {"t2.norms.made": "2", "t2.licence.previous": "4", "t2.licence.change": "-1",
                  "t2.procurement.count": "3", "t2.procurement.amount": "85.60"}  # fmt: skip
    return cells


def data(cells: dict[str, str] | None = None, *, template: str = "2021", **changes: str) -> ReportData:
    """A report on 2025 (or 2020 for the 2019 template) with the consistent cells, ``changes`` applied
    (keys with ``__`` for dots: ``t3__new__natural="6"``)."""
    filled = dict(consistent_cells(template) if cells is None else cells)
    filled |= {key.replace("__", "."): value for key, value in changes.items()}
    return ReportData(
        year=2025 if template == "2021" else 2020, organ="曾都区民政局", texts=TEXTS, cells=filled
    )
