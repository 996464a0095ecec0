"""Reading the figures of a report and every check that runs before it may be generated.

Figures arrive as text (a form, an XLSX cell, JSON) and are read by :func:`value_parse` by their kind:
件数 are non-negative integers, 本年增/减 integers that may be negative, 金额 万元 with at most two decimals
(``Decimal``, never float). Full-width digits and thousands separators are accepted; an empty cell is 0.

:func:`report_check` lists every failure, each naming the cell and the rule in Chinese:

* every figure is of its kind (表三 第一项本年新收申请 / 自然人列：应为非负整数);
* the 勾稽关系 of the template (:attr:`Template.rules`): 一+二 = 三(七)+四 per column of 表三, the items
  (一)…(六) add up to (七), the applicant columns add up to 总计 on every row, and each 复议/诉讼 group of
  表四 adds up to its 总计;
* the organ's name and the three free-text sections are filled in.

A draft may be saved with consistency failures; only unreadable figures are refused at saving
(:func:`cells_normalize`), so nothing a clerk typed is silently changed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from policy.disclosure.layout import CellKind, CellSpec, Rule, Template
from policy.errors import ValidationFailed

__all__ = [
    "Failure",
    "ReportData",
    "cells_normalize",
    "report_check",
    "value_format",
    "value_parse",
]

MAX_COUNT = 10**9
MAX_MONEY = Decimal("99999999.99")  # 万元
CENT = Decimal("0.01")
Number = int | Decimal


@dataclass(frozen=True, slots=True)
class ReportData:
    """What is filled in for one organ and year: texts by section key, figures by cell key (as text)."""

    year: int
    organ: str
    texts: Mapping[str, str]
    cells: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed check: ``where`` names the place, ``rule`` the rule, ``message`` says both with the
    figures; ``cells`` are every figure involved (to mark them), ``cell`` the one pointed at."""

    code: str
    where: str
    rule: str
    message: str
    cell: str = ""
    cells: tuple[str, ...] = ()


def _clean(raw: object) -> str:
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw)).strip()
    return text.replace(",", "").replace(" ", "").replace("−", "-")


def value_parse(spec: CellSpec, raw: object) -> Number:
    """The figure in ``raw`` for the cell ``spec``, or ValidationFailed naming the cell and the reason."""
    if isinstance(raw, bool):
        raise ValidationFailed.on(spec.key, f"{spec.full_name}：应为{spec.hint}")
    text = _clean(raw)
    if text in ("", "-", "—"):
        return Decimal("0.00") if spec.kind == CellKind.MONEY else 0
    shown = str(raw).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed.on(spec.key, f"{spec.full_name}：应为{spec.hint}，填写的是“{shown}”") from None
    if not number.is_finite():
        raise ValidationFailed.on(spec.key, f"{spec.full_name}：应为{spec.hint}，填写的是“{shown}”")
    if spec.kind == CellKind.MONEY:
        if number < 0:
            raise ValidationFailed.on(spec.key, f"{spec.full_name}：金额不能为负数，填写的是“{shown}”")
        if number != number.quantize(CENT):
            raise ValidationFailed.on(
                spec.key, f"{spec.full_name}：金额以万元为单位，至多保留两位小数，填写的是“{shown}”"
            )
        if number > MAX_MONEY:
            raise ValidationFailed.on(spec.key, f"{spec.full_name}：金额超出允许范围")
        return number.quantize(CENT)
    if number != number.to_integral_value():
        raise ValidationFailed.on(spec.key, f"{spec.full_name}：应为整数，填写的是“{shown}”")
    if spec.kind == CellKind.COUNT and number < 0:
        raise ValidationFailed.on(spec.key, f"{spec.full_name}：应为非负整数，填写的是“{shown}”")
    if abs(number) > MAX_COUNT:
        raise ValidationFailed.on(spec.key, f"{spec.full_name}：数值超出允许范围")
    return int(number)


def value_format(spec: CellSpec, value: Number) -> str:
    """A figure as printed in the report: integers plainly, 金额 with two decimals."""
    if spec.kind == CellKind.MONEY:
        return f"{Decimal(value).quantize(CENT)}"
    return str(int(value))


def cells_normalize(template: Template, cells: Mapping[str, object]) -> dict[str, str]:
    """Every figure of ``template`` read and written back in its printed form (blank is 0), or one
    ValidationFailed listing every unreadable cell by key. Keys the template does not know are refused."""
    unknown = sorted(set(cells) - set(template.specs))
    errors: dict[str, list[str]] = {}
    if unknown:
        errors[""] = [f"{template.name}没有这些单元格：{'、'.join(unknown[:10])}"]
    out: dict[str, str] = {}
    for key, spec in template.specs.items():
        try:
            out[key] = value_format(spec, value_parse(spec, cells.get(key, "")))
        except ValidationFailed as exc:
            for field, reasons in exc.errors.items():
                errors.setdefault(field, []).extend(reasons)
    if errors:
        count = sum(len(r) for r in errors.values())
        raise ValidationFailed(errors, f"有{count}处填写无法识别，未保存：{next(iter(errors.values()))[0]}")
    return out


def _rule_failure(rule: Rule, values: Mapping[str, Number]) -> Failure | None:
    left = sum((values[k] for k in rule.left), start=0)
    right = sum((values[k] for k in rule.right), start=0)
    if left == right:
        return None
    return Failure(
        code=rule.code,
        where=rule.where,
        rule=rule.text,
        message=f"{rule.where}：{rule.text}（{rule.left_label}为{left}，{rule.right_label}为{right}）",
        cell=rule.cell,
        cells=rule.left + rule.right,
    )


def report_check(template: Template, data: ReportData) -> list[Failure]:
    """Every failure of ``data`` against ``template``, in the order of the report; empty when it may be
    generated."""
    failures: list[Failure] = []
    if not data.organ.strip():
        failures.append(Failure("organ", "机关名称", "必填", "机关名称：请填写发布报告的机关名称"))
    values: dict[str, Number] = {}
    for key, spec in template.specs.items():
        try:
            values[key] = value_parse(spec, data.cells.get(key, ""))
        except ValidationFailed as exc:
            failures.append(Failure("format", spec.full_name, spec.hint, exc.message, cell=key, cells=(key,)))
    for rule in template.rules:
        if all(k in values for k in rule.left + rule.right):
            failure = _rule_failure(rule, values)
            if failure is not None:
                failures.append(failure)
    for section in template.text_sections:
        if not data.texts.get(section.text_key, "").strip():
            failures.append(
                Failure(
                    "text",
                    section.heading,
                    "必填",
                    f"{section.heading}：正文未填写（没有需要报告的内容时请填写“无”）",
                    cell=section.text_key,
                )
            )
    return failures
