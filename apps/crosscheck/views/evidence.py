"""Both records side by side: for each matched pair, the registry's and the list's value of each field,
with the list's own names for its fields and ID numbers masked."""

from __future__ import annotations

from dataclasses import dataclass

from apps.crosscheck.models import Lead, LeadItem
from policy.privacy import mask_id_number


@dataclass(frozen=True)
class Line:
    label: str
    registry: str
    listed: str

    @property
    def differs(self) -> bool:
        return bool(self.registry and self.listed and self.registry != self.listed)


@dataclass(frozen=True)
class Pair:
    item: LeadItem
    lines: list[Line]
    reasons: list[str]
    method_label: str


METHODS = {"exact": "身份证号一致", "id_repaired": "身份证号纠错后一致", "fuzzy": "姓名、出生日期、地址相近"}


def evidence_rows(lead: Lead) -> list[Pair]:
    definition = lead.source.definition
    out = []
    for item in lead.items.order_by("id"):
        p, r = item.person_data, item.record_data
        lines = [
            Line("姓名", p.get("name", ""), r.get("name", "")),
            Line("公民身份号码", mask_id_number(p.get("id_number")), mask_id_number(r.get("id_number"))),
            Line("出生日期", p.get("birth_date", ""), r.get("birth_date", "")),
            Line("区划代码", p.get("area_code", ""), r.get("area_code", "")),
            Line("与户主关系", p.get("relation", ""), ""),
            Line("保障成员", "是" if p.get("covered") else "否", ""),
        ]
        for key in ("event_date", "amount", "ref", "detail"):
            if key in r:
                lines.append(Line(definition.field_label(key), "", str(r[key])))
        if r.get("id_number") and r.get("id_checked") is False:
            lines.append(Line("说明", "", "名单中的身份证号校验位不符（可能抄错）"))
        lines.append(Line("名单行号", "", str(r.get("row", item.record_id))))
        reasons = [x for x in item.reasons.split("；") if x]
        out.append(Pair(item, lines, reasons, METHODS.get(item.method, item.method)))
    return out
