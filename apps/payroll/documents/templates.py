"""Bank templates: one paying bank's payment-file layout and, in ``returns``, how to read its 回盘.

Templates are stored as JSON by the payroll app, so they round-trip through plain dicts
(:func:`template_to_dict`, :func:`template_from_dict`); a bad template names the bad key in Chinese.
Constructing a template validates it, so an invalid one cannot exist.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from policy.errors import ValidationFailed

FIELDS: dict[str, str] = {
    "seq": "序号",
    "name": "姓名",
    "id_number": "身份证号",
    "account": "账号",
    "social_card": "社保卡号",
    "amount": "金额",
    "remark": "备注",
    "township": "乡镇",
    "village": "村社区",
    "program": "项目",
    "line_ref": "明细编号",
}
# Identifiers longer than 15 digits are mangled by Excel if stored as numbers, so they are always text.
TEXT_FIELDS = frozenset({"id_number", "account", "social_card", "line_ref"})
REMARK_KEYS = ("county", "month", "program", "township", "village", "name")
DEFAULT_REMARK = "{county}{month}{program}"
DEFAULT_FOOTERS = ("合计", "总计")
ENCODINGS = ("utf-8", "gbk")
FILE_FORMATS = ("xlsx", "csv")

_RETURN_HEADERS = (
    "ref_header",
    "id_header",
    "account_header",
    "amount_header",
    "result_header",
    "reason_header",
)
_RETURN_LISTS = ("paid_values", "failed_values", "footer_markers")
_BANK_KEYS = {"code", "name", "columns", "file_format", "encoding", "remark", "returns"}
_RETURN_KEYS = {*_RETURN_HEADERS, *_RETURN_LISTS, "sheet"}


@dataclass(frozen=True, slots=True)
class BankColumn:
    """One column of the bank's payment file: its header as the bank wants it, and what it holds."""

    header: str
    field: str


@dataclass(frozen=True, slots=True)
class ReturnTemplate:
    """How to read the bank's return file (回盘).

    Lines are matched by ``ref_header`` (our 明细编号, echoed back) or, when the bank does not echo it
    (``ref_header == ""``), by 身份证号 + 账号 + 金额, so then those three headers are required.
    A result cell must be one of ``paid_values`` or ``failed_values``; anything else is an error.
    Rows whose first non-empty cell starts with a ``footer_markers`` entry (合计…) are skipped.
    """

    result_header: str
    paid_values: tuple[str, ...]
    failed_values: tuple[str, ...]
    ref_header: str = ""
    id_header: str = ""
    account_header: str = ""
    amount_header: str = ""
    reason_header: str = ""
    sheet: str = ""  # XLSX sheet name; "" = the first sheet
    footer_markers: tuple[str, ...] = DEFAULT_FOOTERS

    def __post_init__(self) -> None:
        _raise_if(_return_errors(self, "returns."))


@dataclass(frozen=True, slots=True)
class BankTemplate:
    """One paying bank's payment file layout, and in ``returns`` how to read its 回盘 (None: not set yet).

    ``remark`` may use {county} {month} {program} {township} {village} {name}; {month} reads 2024年5月 and
    {program} is the line's programme, or the payroll's label when the line has none. Constructing a
    template validates it and raises ValidationFailed keyed like :func:`template_from_dict`.
    """

    code: str
    name: str
    columns: tuple[BankColumn, ...]
    file_format: Literal["xlsx", "csv"]
    encoding: Literal["utf-8", "gbk"]
    remark: str = DEFAULT_REMARK
    returns: ReturnTemplate | None = None

    def __post_init__(self) -> None:
        _raise_if(_bank_errors(self))


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _bank_errors(t: BankTemplate) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def bad(key: str, reason: str) -> None:
        errors.setdefault(key, []).append(f"模板项“{key}”{reason}")

    if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", t.code):
        bad("code", "应为1至32位字母、数字、下划线或连字符")
    if not t.name.strip():
        bad("name", "不能为空")
    if t.file_format not in FILE_FORMATS:
        bad("file_format", f"的值“{t.file_format}”无效，应为 xlsx 或 csv")
    if t.encoding not in ENCODINGS:
        bad("encoding", f"的值“{t.encoding}”无效，应为 utf-8 或 gbk")
    seen: set[str] = set()
    for i, column in enumerate(t.columns):
        if not column.header.strip():
            bad(f"columns[{i}].header", "列名不能为空")
        elif column.header in seen:
            bad(f"columns[{i}].header", f"列名“{column.header}”重复")
        elif t.encoding == "gbk" and not _gbk_ok(column.header):
            bad(f"columns[{i}].header", f"列名“{column.header}”含有GBK无法表示的字")
        seen.add(column.header)
        if column.field not in FIELDS:
            choices = "、".join(f"{k}（{v}）" for k, v in FIELDS.items())
            bad(f"columns[{i}].field", f"的值“{column.field}”无效，应为：{choices}")
    used = {c.field for c in t.columns}
    for need, label in (("name", "姓名"), ("amount", "金额")):
        if need not in used:
            bad("columns", f"缺少“{label}”（{need}）列")
    if not used & {"account", "social_card"}:
        bad("columns", "缺少“账号”（account）或“社保卡号”（social_card）列")
    try:
        names = {n for _, n, _, _ in string.Formatter().parse(t.remark) if n is not None}
    except ValueError:
        names = {"{"}
    if names - set(REMARK_KEYS):
        bad("remark", "只能使用 " + "".join("{" + k + "}" for k in REMARK_KEYS) + " 占位")
    if t.returns is not None and t.returns.ref_header and "line_ref" not in used:
        bad("returns.ref_header", "要求银行带回明细编号，但代发文件没有“明细编号”（line_ref）列")
    return errors


def _return_errors(r: ReturnTemplate, prefix: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def bad(key: str, reason: str) -> None:
        errors.setdefault(prefix + key, []).append(f"模板项“{prefix}{key}”{reason}")

    if not r.result_header.strip():
        bad("result_header", "（处理结果列）不能为空")
    if not r.ref_header:
        for key in ("id_header", "account_header", "amount_header"):
            if not getattr(r, key).strip():
                bad(key, "不能为空：银行不带回明细编号时，按身份证号、账号和金额核对")
    for key in ("paid_values", "failed_values"):
        values = getattr(r, key)
        if not values or not all(v.strip() for v in values):
            bad(key, "至少要有一个值，且不能为空白")
    for value in sorted(set(r.paid_values) & set(r.failed_values)):
        bad("failed_values", f"中的“{value}”同时出现在 paid_values 中")
    owner: dict[str, str] = {}
    for key in _RETURN_HEADERS:
        header = getattr(r, key).strip()
        if header in owner:
            bad(key, f"的列名“{header}”已用于 {owner[header]}")
        elif header:
            owner[header] = key
    return errors


def template_to_dict(*, template: BankTemplate) -> dict[str, Any]:
    """The template as plain JSON-ready data; :func:`template_from_dict` reads it back unchanged."""
    returns = template.returns
    return {
        "code": template.code,
        "name": template.name,
        "file_format": template.file_format,
        "encoding": template.encoding,
        "remark": template.remark,
        "columns": [{"header": c.header, "field": c.field} for c in template.columns],
        "returns": None
        if returns is None
        else {
            **{k: getattr(returns, k) for k in (*_RETURN_HEADERS, "sheet")},
            **{k: list(getattr(returns, k)) for k in _RETURN_LISTS},
        },
    }


class _Reader:
    """Picks typed values out of stored data, collecting a Chinese reason per bad key."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def bad(self, key: str, reason: str) -> None:
        self.errors.setdefault(key, []).append(f"模板项“{key}”{reason}")

    def unknown(self, data: Mapping[str, Any], allowed: set[str], prefix: str = "") -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.bad(f"{prefix}{key}", "无法识别，请删除")

    def text(self, data: Mapping[str, Any], key: str, shown: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if isinstance(value, str):
            return value
        self.bad(shown, "缺失" if value is None else "应为文字")
        return ""

    def texts(
        self, data: Mapping[str, Any], key: str, shown: str, default: tuple[str, ...]
    ) -> tuple[str, ...]:
        value = data.get(key, list(default))
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.bad(shown, "应为文字列表")
        return ()


def template_from_dict(*, data: Mapping[str, Any]) -> BankTemplate:
    """Build a template from stored data, or raise ValidationFailed whose keys name every bad entry
    (``code``, ``columns[2].field``, ``returns.paid_values`` …), each reason in Chinese."""
    if not isinstance(data, Mapping):
        raise ValidationFailed.on("", "银行模板应为键值对象（JSON对象）")
    read = _Reader()
    read.unknown(data, _BANK_KEYS)
    columns: list[BankColumn] = []
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        read.bad("columns", "应为至少有一列的列表")
        raw_columns = []
    for i, item in enumerate(raw_columns):
        if not isinstance(item, Mapping):
            read.bad(f"columns[{i}]", "应为含 header 和 field 的对象")
            continue
        read.unknown(item, {"header", "field"}, f"columns[{i}].")
        header = read.text(item, "header", f"columns[{i}].header")
        columns.append(BankColumn(header=header, field=read.text(item, "field", f"columns[{i}].field")))
    returns = _returns_from_dict(read, data.get("returns"))
    scalars = {k: read.text(data, k, k) for k in ("code", "name", "file_format", "encoding")}
    remark = read.text(data, "remark", "remark", DEFAULT_REMARK)
    _raise_if(read.errors)
    return BankTemplate(**scalars, columns=tuple(columns), remark=remark, returns=returns)  # type: ignore[arg-type]


def _returns_from_dict(read: _Reader, raw: object) -> ReturnTemplate | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        read.bad("returns", "应为回盘模板对象或 null")
        return None
    read.unknown(raw, _RETURN_KEYS, "returns.")
    values: dict[str, Any] = {k: read.text(raw, k, f"returns.{k}", "") for k in (*_RETURN_HEADERS, "sheet")}
    values["result_header"] = read.text(raw, "result_header", "returns.result_header")
    for key in _RETURN_LISTS:
        values[key] = read.texts(
            raw, key, f"returns.{key}", DEFAULT_FOOTERS if key == "footer_markers" else ()
        )
    if read.errors:
        return None
    try:
        return ReturnTemplate(**values)
    except ValidationFailed as exc:
        read.errors.update(exc.errors)
        return None


def default_templates() -> tuple[BankTemplate, ...]:
    """Example presets (示例): each bank's real layout must be checked against its own specification."""
    nongshang = BankTemplate(
        code="nongshang",
        name="农村商业银行（示例）",
        columns=_columns(
            "序号:seq 姓名:name 身份证号码:id_number 社会保障卡号:social_card 金额:amount "
            "乡镇（街道）:township 村（社区）:village 备注:remark 明细编号:line_ref"
        ),
        file_format="xlsx",
        encoding="utf-8",
        returns=ReturnTemplate(
            ref_header="明细编号",
            amount_header="金额",
            result_header="处理结果",
            paid_values=("成功", "已入账"),
            failed_values=("失败", "户名不符", "账号不存在", "卡状态异常", "账户已销户", "证件号不符"),
            reason_header="失败原因",
        ),
    )
    youchu = BankTemplate(
        code="psbc",
        name="中国邮政储蓄银行（示例）",
        columns=_columns("序号:seq 户名:name 证件号码:id_number 账号:account 金额:amount 摘要:remark"),
        file_format="csv",
        encoding="gbk",
        remark="{month}{program}",
        returns=ReturnTemplate(
            id_header="证件号码",
            account_header="账号",
            amount_header="金额",
            result_header="交易状态",
            paid_values=("0000", "成功"),
            failed_values=("失败", "户名不符", "账号不存在", "账户冻结", "账户已销户"),
            reason_header="响应信息",
        ),
    )
    yikatong = BankTemplate(
        code="yikatong",
        name="惠民惠农一卡通（示例）",
        columns=_columns(
            "明细编号:line_ref 姓名:name 身份证号:id_number 社保卡号:social_card "
            "发放金额:amount 补贴项目:program 备注:remark"
        ),
        file_format="csv",
        encoding="utf-8",
        returns=ReturnTemplate(
            ref_header="明细编号",
            result_header="发放结果",
            paid_values=("已入账",),
            failed_values=("未入账", "卡号不存在", "户名不符"),
            reason_header="原因",
        ),
    )
    return (nongshang, youchu, yikatong)


def _columns(spec: str) -> tuple[BankColumn, ...]:
    return tuple(BankColumn(header=h, field=f) for h, f in (p.split(":") for p in spec.split()))


def _gbk_ok(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True
