"""The other departments' lists (数据来源): what each holds, its columns, the defaults a county starts from.

Nine kinds of list (issue 5 point 1; 社会救助暂行办法第五十八条 and DOMAIN §6 name the departments): deaths
and cremations, vehicles, market-entity registrations, people paid from public funds, real estate, pensions
and social insurance, large medical expenses, new disability certificates, and people in detention. Deaths
come from two departments (公安 户籍注销, 殡葬 火化), so there are ten sources of nine kinds.

Every list is read into the same eight fields (:data:`FIELDS`); a source says which it needs, what its
event date and amount mean, and the header words that usually name each column, so a first import can
guess the column mapping before a person confirms it. The match threshold and the rule parameters here
are only the defaults a county's source row starts from: each county edits its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "FIELDS",
    "SOURCES",
    "FieldDef",
    "FieldKind",
    "ParamDef",
    "SourceDef",
    "SourceKind",
]


class SourceKind(StrEnum):
    DEATH = "death"
    VEHICLE = "vehicle"
    BUSINESS = "business"
    PUBLIC_PAYROLL = "public_payroll"
    REAL_ESTATE = "real_estate"
    PENSION = "pension"
    MEDICAL = "medical"
    DISABILITY = "disability"
    DETENTION = "detention"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[SourceKind, str] = {
    SourceKind.DEATH: "死亡和火化",
    SourceKind.VEHICLE: "机动车",
    SourceKind.BUSINESS: "市场主体登记",
    SourceKind.PUBLIC_PAYROLL: "财政供养人员",
    SourceKind.REAL_ESTATE: "不动产",
    SourceKind.PENSION: "养老金和社会保险",
    SourceKind.MEDICAL: "大额医疗费用",
    SourceKind.DISABILITY: "新办残疾人证",
    SourceKind.DETENTION: "服刑在押人员",
}


class FieldKind(StrEnum):
    TEXT = "text"
    ID_NUMBER = "id_number"
    DATE = "date"
    AREA = "area"
    MONEY = "money"


@dataclass(frozen=True)
class FieldDef:
    """One of the eight fields a list is read into."""

    key: str
    label: str
    kind: FieldKind
    headers: tuple[str, ...]  # header words that usually name this column, most likely first


FIELDS: dict[str, FieldDef] = {
    f.key: f
    for f in [
        FieldDef(
            "name", "姓名", FieldKind.TEXT, ("姓名", "死者姓名", "逝者姓名", "当事人姓名", "名字", "户主姓名")
        ),
        FieldDef(
            "id_number",
            "公民身份号码",
            FieldKind.ID_NUMBER,
            ("公民身份号码", "身份证号码", "身份证号", "证件号码", "证件号", "身份证"),
        ),
        FieldDef("birth_date", "出生日期", FieldKind.DATE, ("出生日期", "出生年月日", "出生年月", "生日")),
        FieldDef(
            "area_code",
            "区划代码",
            FieldKind.AREA,
            ("区划代码", "行政区划代码", "户籍地区划代码", "村(社区)区划代码"),
        ),
        FieldDef("event_date", "事件日期", FieldKind.DATE, ()),
        FieldDef("amount", "金额", FieldKind.MONEY, ()),
        FieldDef("ref", "证照编号", FieldKind.TEXT, ()),
        FieldDef("detail", "说明", FieldKind.TEXT, ()),
    ]
}


@dataclass(frozen=True)
class ParamDef:
    """A number a source's rules read; each county's source row holds its own value."""

    key: str
    label: str
    unit: str
    default: str
    basis: str = ""
    words: bool = False  # a list of words (、-separated) rather than a number


@dataclass(frozen=True)
class SourceDef:
    """One department's list: its fields (with their local meaning), defaults and the rule that reads it."""

    code: str
    kind: SourceKind
    label: str
    department: str
    labels: Mapping[str, str]  # field key → this list's name for it (event_date, amount, ref, detail)
    headers: Mapping[str, tuple[str, ...]]  # field key → header words for the fields named above
    required: frozenset[str]  # fields whose column must be mapped and whose value every row must have
    threshold: Decimal = Decimal("0.85")  # the default match score a pair must reach
    params: tuple[ParamDef, ...] = ()
    note: str = ""

    def field_label(self, key: str) -> str:
        return self.labels.get(key, FIELDS[key].label)

    def field_headers(self, key: str) -> tuple[str, ...]:
        return (*self.headers.get(key, ()), *FIELDS[key].headers)

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields this list uses: the four identifying ones and whichever of the rest it names."""
        return tuple(
            k for k in FIELDS if k in ("name", "id_number", "birth_date", "area_code") or k in self.labels
        )

    def param_defaults(self) -> dict[str, str]:
        return {p.key: p.default for p in self.params}


_ID = frozenset({"name"})  # every list names the person; the ID may be missing on some rows (fuzzy match)
_SEVERE_WORDS = ParamDef(
    "severe_words", "重度残疾（一级、二级）的写法", "", "一级、二级、1级、2级、重度", words=True
)


def _source(
    code: str,
    kind: SourceKind,
    label: str,
    department: str,
    *,
    fields: Mapping[str, tuple[str, tuple[str, ...]]],
    required: Iterable[str] = (),
    params: tuple[ParamDef, ...] = (),
    note: str = "",
) -> SourceDef:
    return SourceDef(
        code=code,
        kind=kind,
        label=label,
        department=department,
        labels={k: v[0] for k, v in fields.items()},
        headers={k: v[1] for k, v in fields.items()},
        required=_ID | frozenset(required),
        params=params,
        note=note,
    )


SOURCES: dict[str, SourceDef] = {
    s.code: s
    for s in [
        _source(
            "death",
            SourceKind.DEATH,
            "死亡人员（户籍注销）",
            "公安",
            fields={
                "event_date": ("死亡日期", ("死亡日期", "死亡时间", "注销日期")),
                "ref": ("死亡证明编号", ("死亡证明编号", "医学死亡证明编号", "证明编号")),
                "detail": ("注销原因", ("注销原因", "死亡原因", "备注")),
            },
            required=("event_date",),
            note="家庭成员死亡和户口注销（DOMAIN §6 人口信息）",
        ),
        _source(
            "cremation",
            SourceKind.DEATH,
            "火化人员",
            "民政（殡葬）",
            fields={
                "event_date": ("火化日期", ("火化日期", "火化时间", "死亡日期")),
                "ref": ("火化证明编号", ("火化证明编号", "火化证编号", "火化证号")),
                "detail": ("殡仪馆", ("殡仪馆", "火化单位", "备注")),
            },
            required=("event_date",),
            note="殡葬火化数据用于发现死亡未注销人员（地方做法）",
        ),
        _source(
            "vehicle",
            SourceKind.VEHICLE,
            "机动车登记",
            "公安（车管）",
            fields={
                "event_date": ("初次登记日期", ("初次登记日期", "登记日期", "注册日期")),
                "amount": ("车辆价值(元)", ("车辆价值", "评估价值", "购置价格", "价格")),
                "ref": ("号牌号码", ("号牌号码", "车牌号码", "车牌号", "号牌")),
                "detail": ("车辆类型", ("车辆类型", "车辆种类", "车型", "使用性质")),
            },
            params=(
                ParamDef(
                    "exempt_words",
                    "不计入的车辆（类型中含有）",
                    "",
                    "残疾人专用、残疾人代步、代步车、摩托车、电动自行车、农用",
                    "残疾人功能性补偿代步车、摩托车等可不计入（地方规定，DOMAIN §1.7）",
                    words=True,
                ),
            ),
        ),
        _source(
            "business",
            SourceKind.BUSINESS,
            "市场主体登记",
            "市场监管",
            fields={
                "event_date": ("成立日期", ("成立日期", "登记日期", "注册日期")),
                "amount": ("注册资本(元)", ("注册资本", "出资额", "资金数额")),
                "ref": ("统一社会信用代码", ("统一社会信用代码", "注册号", "信用代码")),
                "detail": ("市场主体名称", ("市场主体名称", "企业名称", "名称", "字号名称")),
            },
        ),
        _source(
            "public_payroll",
            SourceKind.PUBLIC_PAYROLL,
            "财政供养人员",
            "财政",
            fields={
                "event_date": ("起薪日期", ("起薪日期", "入职日期", "参加工作时间", "工资起始日期")),
                "amount": ("月工资(元)", ("月工资", "应发工资", "工资总额", "月应发")),
                "detail": ("工作单位", ("工作单位", "单位名称", "预算单位")),
            },
        ),
        _source(
            "real_estate",
            SourceKind.REAL_ESTATE,
            "不动产登记",
            "自然资源（不动产登记）",
            fields={
                "event_date": ("登记日期", ("登记日期", "登簿日期", "发证日期")),
                "amount": ("评估价值(元)", ("评估价值", "交易价格", "价值")),
                "ref": ("不动产权证号", ("不动产权证号", "不动产证号", "产权证号", "权证号")),
                "detail": ("用途", ("用途", "规划用途", "房屋用途")),
            },
            params=(
                ParamDef(
                    "non_residential_words",
                    "非居住用途（用途中含有）",
                    "",
                    "商业、商铺、商服、办公、车库、车位、厂房、仓储、工业",
                    "非住宅类房屋（商铺、车库、办公）不符合（地方规定，DOMAIN §1.7）",
                    words=True,
                ),
            ),
        ),
        _source(
            "pension",
            SourceKind.PENSION,
            "养老金和社会保险待遇",
            "人力资源社会保障",
            fields={
                "event_date": ("待遇起始日期", ("待遇起始日期", "领取起始日期", "开始领取日期", "起始年月")),
                "amount": ("月领取金额(元)", ("月领取金额", "月养老金", "月待遇", "发放金额", "金额")),
                "detail": ("待遇类型", ("待遇类型", "险种", "养老金类型")),
            },
            required=("amount",),
            params=(
                ParamDef(
                    "min_monthly",
                    "每月领取金额达到（元）才提示",
                    "元/月",
                    "0",
                    "养老金、失业保险金等计入家庭收入（民发〔2021〕57号，DOMAIN §1.6）",
                ),
            ),
        ),
        _source(
            "medical",
            SourceKind.MEDICAL,
            "大额医疗费用",
            "医疗保障",
            fields={
                "event_date": ("结算日期", ("结算日期", "出院日期", "费用发生日期", "就诊日期")),
                "amount": (
                    "个人自付金额(元)",
                    ("个人自付金额", "个人负担", "自付金额", "自付费用", "医疗总费用"),
                ),
                "ref": ("结算单号", ("结算单号", "就诊流水号", "单据号")),
                "detail": ("医疗机构及病种", ("医疗机构", "病种", "疾病名称", "诊断")),
            },
            required=("event_date", "amount"),
            params=(
                ParamDef(
                    "min_amount",
                    "个人自付达到（元）才提示",
                    "元",
                    "20000",
                    "大额医疗支出预警（地方做法，如单次住院超5万元、医疗自付超家庭年收入40%，DOMAIN §5.3）",
                ),
            ),
            note="也是低收入人口动态监测的预警数据：导入的每一行都保留可查",
        ),
        _source(
            "disability",
            SourceKind.DISABILITY,
            "新办残疾人证",
            "残联",
            fields={
                "event_date": ("发证日期", ("发证日期", "办证日期", "首次发证日期")),
                "ref": ("残疾人证号", ("残疾人证号", "残疾证号", "证号")),
                "detail": ("残疾类别和等级", ("残疾类别和等级", "残疾类别等级", "残疾等级", "残疾类别")),
            },
            params=(_SEVERE_WORDS,),
        ),
        _source(
            "detention",
            SourceKind.DETENTION,
            "服刑在押人员",
            "司法行政、公安",
            fields={
                "event_date": ("羁押日期", ("羁押日期", "收押日期", "入监日期", "执行日期")),
                "ref": ("文书编号", ("文书编号", "判决书编号", "编号")),
                "detail": ("羁押场所", ("羁押场所", "监狱", "看守所", "服刑场所")),
            },
            required=("event_date",),
        ),
    ]
}
