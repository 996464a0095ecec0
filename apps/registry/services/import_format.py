"""The household import template: its columns, the words each column accepts, and how a cell is read.

One row per person; rows sharing a 户序号 form one household. docs/import-template.md is the same
table in prose, and :mod:`apps.registry.services.import_sheets` draws it as the downloadable XLSX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from apps.core.sheets import cell_text
from apps.registry.choices import ETHNIC_GROUPS, AccountType, DisabilityCategory, Employment
from policy.household import RELATION_LABELS, Relation

DATA_SHEET = "家庭成员"
RULES_SHEET = "填写说明"
EXAMPLE_SHEET = "填写示例"
MAX_ROWS = 100_000


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the template. ``household`` columns describe the household and may be filled on the
    head's row only; where several rows of a household fill them, they must agree."""

    header: str
    key: str
    rule: str
    required: bool = False
    household: bool = False
    allowed: tuple[str, ...] = ()
    text: bool = False  # formatted as text in the template so Excel keeps every digit
    width: int = 12


def _labels(choices: type) -> tuple[str, ...]:
    return tuple(str(label) for label in choices.labels)  # type: ignore[attr-defined]


RELATION_CHOICES = tuple(RELATION_LABELS[r] for r in Relation)
URBAN_CHOICES = ("城市", "农村")
SEX_CHOICES = ("男", "女")
YES_NO = ("是", "否")
GRADE_CHOICES = ("一级", "二级", "三级", "四级")
INCOME_COLUMNS = {
    "年工资性收入": "wage",
    "年经营净收入": "business",
    "年财产净收入": "property",
    "年转移净收入": "transfer",
}

COLUMNS: tuple[Column, ...] = (
    Column(
        "户序号",
        "household_key",
        "本文件内的家庭序号，同一户的成员填同一个序号（如1、1、1、2、2），只在本文件内有效；不是系统的户编号",
        required=True,
        width=8,
    ),
    Column(
        "与户主关系",
        "relation",
        "户主本人填“本人(户主)”或“户主”；也可填配偶、儿子、女儿、父亲、母亲、孙子、儿媳等",
        required=True,
        allowed=RELATION_CHOICES,
    ),
    Column("姓名", "name", "与身份证一致，汉字、字母或间隔号“·”", required=True, width=10),
    Column(
        "公民身份号码",
        "id_number",
        "18位，末位可为X；请保持“文本”格式，否则表格软件会改成科学计数法",
        required=True,
        text=True,
        width=22,
    ),
    Column("性别", "sex", "可不填，由身份号码得出；填写时须与身份号码一致", allowed=SEX_CHOICES, width=6),
    Column(
        "出生日期", "birth_date", "可不填，由身份号码得出；填写时须与身份号码一致，如1980-01-31", width=12
    ),
    Column(
        "民族",
        "ethnicity",
        "56个民族的全称，如汉族、土家族；不填为汉族",
        allowed=tuple(ETHNIC_GROUPS),
        width=8,
    ),
    Column("联系电话", "phone", "11位手机号或带区号的固定电话", text=True, width=14),
    Column(
        "户籍地区划代码",
        "hukou_code",
        "户籍所在地的统计用区划代码（6、9或12位），须已在系统中；不填为本户所在村(社区)",
        text=True,
        width=16,
    ),
    Column(
        "村(社区)区划代码",
        "village_code",
        "本户所在村(社区)的12位统计用区划代码，须在您的辖区内",
        required=True,
        household=True,
        text=True,
        width=16,
    ),
    Column("家庭住址", "address", "本户住址，如“乌龙巷12号”", required=True, household=True, width=24),
    Column(
        "城乡",
        "urban",
        "城市或农村；不填按村(社区)的默认属性（居委会为城市，村委会为农村）",
        household=True,
        allowed=URBAN_CHOICES,
        width=6,
    ),
    Column(
        "账户类型",
        "account_type",
        "银行账户或社会保障卡；不填为银行账户",
        household=True,
        allowed=_labels(AccountType),
    ),
    Column("开户银行", "bank_name", "发放补助使用的开户银行", household=True, width=16),
    Column("账号", "account_number", "8至30位数字，请保持“文本”格式", household=True, text=True, width=22),
    Column("账户户名", "account_holder", "账户持有人姓名", household=True, width=10),
    Column(
        "残疾类别",
        "disability_category",
        "持残疾人证者填写，如肢体残疾；须与残疾等级同时填写",
        allowed=_labels(DisabilityCategory),
    ),
    Column("残疾等级", "disability_grade", "一级至四级（也可写1至4）", allowed=GRADE_CHOICES, width=8),
    Column("残疾人证号", "disability_cert_no", "第二代残疾人证号码", text=True, width=22),
    Column("就业状况", "employment", "从下拉选项中选择", allowed=_labels(Employment)),
    Column("重病", "serious_illness", "是否患重特大疾病：是或否；不填为否", allowed=YES_NO, width=6),
    *(
        Column(
            header,
            f"income_{kind}",
            "上一个完整年度（1月1日至12月31日）的全年金额，单位元，最多两位小数；不填表示未登记",
        )
        for header, kind in INCOME_COLUMNS.items()
    ),
)
BY_HEADER = {c.header: c for c in COLUMNS}
BY_KEY = {c.key: c for c in COLUMNS}


def fold(text: str) -> str:
    """Fold the spellings people type: full-width brackets, spaces, a trailing 必填 mark."""
    text = text.translate(str.maketrans("（）：　", "(): "))
    return re.sub(r"\s+", "", text)


def header_key(raw: object) -> str | None:
    """The column key for a header cell, tolerating spaces, full-width brackets and a trailing ＊ or *."""
    text = fold(cell_text(raw)).rstrip("*＊").removesuffix("(必填)")
    column = _HEADERS_FOLDED.get(text)
    return column.key if column else None


_HEADERS_FOLDED = {fold(c.header): c for c in COLUMNS}
# Files made from the template before business numbers (issue 20) call the file's own key 户编号; the
# word now names the system's number (421303-2026-JT-00123), so the template says 户序号 and both are read.
_HEADERS_FOLDED[fold("户编号")] = _HEADERS_FOLDED[fold("户序号")]


def _synonyms(table: dict[str, str]) -> dict[str, str]:
    """Each value with the words (separated by spaces) that people write for it."""
    return {fold(word): value for value, words in table.items() for word in words.split()}


RELATION_WORDS = _synonyms(
    {
        Relation.HEAD: f"{RELATION_LABELS[Relation.HEAD]} 本人 户主 户主本人 本人户主",
        Relation.SPOUSE: "配偶 妻子 丈夫 妻 夫 老伴",
        Relation.CHILD: "子女 儿子 女儿 子 女 长子 次子 三子 长女 次女 三女 "
        "养子 养女 继子 继女 独生子 独生女",
        Relation.CHILD_IN_LAW: f"{RELATION_LABELS[Relation.CHILD_IN_LAW]} 儿媳 儿媳妇 女婿 媳妇",
        Relation.PARENT: "父母 父亲 母亲 父 母",
        Relation.PARENT_IN_LAW: f"{RELATION_LABELS[Relation.PARENT_IN_LAW]} 岳父母 岳父 岳母 公婆 公公 婆婆",
        Relation.GRANDPARENT: f"{RELATION_LABELS[Relation.GRANDPARENT]} 祖父母 外祖父母 "
        "祖父 祖母 外祖父 外祖母 爷爷 奶奶 外公 外婆",
        Relation.GRANDCHILD: f"{RELATION_LABELS[Relation.GRANDCHILD]} 孙子女 外孙子女 "
        "孙子 孙女 外孙 外孙子 外孙女",
        Relation.SIBLING: "兄弟姐妹 兄 弟 姐 妹 哥哥 弟弟 姐姐 妹妹 兄弟 姐妹",
        Relation.OTHER: "其他 其它",
    }
)
SEX_WORDS = _synonyms({"M": "男 男性", "F": "女 女性"})
URBAN_WORDS = {"城市": True, "城镇": True, "农村": False}
YES_WORDS = dict.fromkeys(["是", "有", "Y", "y", "1"], True) | dict.fromkeys(
    ["否", "无", "N", "n", "0"], False
)
ACCOUNT_WORDS = {str(label): value for value, label in AccountType.choices} | {
    "银行": "bank",
    "社保卡": "sscard",
}
DISABILITY_WORDS = {str(label): value for value, label in DisabilityCategory.choices} | {
    str(label).removesuffix("残疾"): value for value, label in DisabilityCategory.choices
}
GRADE_WORDS = {
    word: n for n, name in enumerate("一二三四", 1) for word in (f"{name}级", name, str(n), f"{n}级")
}
EMPLOYMENT_WORDS = {str(label): value for value, label in Employment.choices} | _synonyms(
    {"employed": "在职 就业 务工", "retired": "退休", "student": "学生 在校生", "unable": "无劳动能力"}
)


def ethnicity_word(text: str) -> str:
    """``汉`` and ``汉族`` both mean 汉族; anything else is left for the person check to refuse."""
    return text + "族" if text and text not in ETHNIC_GROUPS and f"{text}族" in ETHNIC_GROUPS else text


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?$")
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str) -> date:
    """Read ``1980-01-31``, ``1980/1/31``, ``1980.01.31``, ``1980年1月31日``, ``19800131`` or an Excel day."""
    text = text.strip()
    found = _DATE.match(text)
    if found:
        year, month, day = (int(g) for g in found.groups())
    elif len(text) == 8 and text.isdigit():
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    elif text.isdigit() and 1 <= int(text) <= 80_000:
        # A date cell that lost its format shows Excel's day count since 1899-12-30.
        return EXCEL_EPOCH + timedelta(days=int(text))
    else:
        raise ValueError(text)
    return date(year, month, day)


def parse_area_code(text: str) -> str:
    """A 6-, 9- or 12-digit code padded to 12 digits; ValueError otherwise."""
    if not text.isdigit() or len(text) not in (6, 9, 12):
        raise ValueError(text)
    return text.ljust(12, "0")


def account_number_problem(number: str) -> str:
    """The reason an account number is refused, or "" — the same rule the household form applies."""
    if number and not number.isdigit():
        return "账号只能由数字组成"
    if number and not 8 <= len(number) <= 30:
        return "账号长度应在8到30位之间"
    return ""
