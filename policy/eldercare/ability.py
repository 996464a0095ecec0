"""老年人能力评估 by GB/T 42195-2022 《老年人能力评估规范》: the 26 items, their scores, the level.

The assessment has four parts (一级指标) and 26 items (二级指标), each answered by choosing one option
whose score is fixed by the standard (附录 B):

    自理能力 (B.1)          8 items × 0–4                         = 32
    基础运动能力 (B.2)      3 items × 0–4, 上下楼梯 0–3             = 15
    精神状态 (B.3)          6 items × 0–4, 攻击行为 and 抑郁症状 0–1,
                            意识水平 0–2                           = 28
    感知觉与社会参与 (B.4)  视力 and 听力 0–2, 执行日常事务 0–4,
                            使用交通工具外出 0–3, 社会交往能力 0–4    = 15
                                                                   = 90

The total gives the 初步等级 (附录 C): 90 能力完好; 66–89 轻度失能; 46–65 中度失能; 30–45 重度失能;
0–29 完全失能. Then the 能力等级变更依据 (C.4) give the 最终等级: in 昏迷 the level is 完全失能 outright;
a diagnosed 痴呆 (F00–F03) or other 精神和行为障碍 (F04–F99), or two or more 照护风险事件 (跌倒, 噎食,
自杀, 自伤, 走失 …) in the last 30 days, raise the level by one. Both name "原有能力级别", the 初步等级,
so both together still raise it by one (our reading; docs/eldercare.md §3). 完全失能 cannot rise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from policy.errors import ValidationFailed

__all__ = [
    "ITEMS",
    "ITEMS_BY_KEY",
    "LEVEL_BANDS",
    "MAX_TOTAL",
    "PART_MAXIMUM",
    "RISK_EVENTS_THRESHOLD",
    "AbilityLevel",
    "AbilityResult",
    "Item",
    "Option",
    "Part",
    "assess_ability",
    "level_for_total",
]

STANDARD = "GB/T 42195-2022《老年人能力评估规范》"


class Part(StrEnum):
    """The four 一级指标, in the order of the standard's tables B.1–B.4."""

    SELF_CARE = "self_care"
    MOBILITY = "mobility"
    MENTAL = "mental"
    PERCEPTION = "perception"

    @property
    def label(self) -> str:
        return _PART_LABELS[self]


_PART_LABELS = {
    Part.SELF_CARE: "自理能力",
    Part.MOBILITY: "基础运动能力",
    Part.MENTAL: "精神状态",
    Part.PERCEPTION: "感知觉与社会参与",
}


class AbilityLevel(StrEnum):
    """The five 能力等级, best first; :attr:`rank` 0–4 orders them."""

    INTACT = "intact"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        return _LEVEL_ORDER.index(self)

    def raised(self) -> AbilityLevel:
        """One level worse; 完全失能 stays."""
        return _LEVEL_ORDER[min(self.rank + 1, len(_LEVEL_ORDER) - 1)]


_LEVEL_ORDER = (
    AbilityLevel.INTACT,
    AbilityLevel.MILD,
    AbilityLevel.MODERATE,
    AbilityLevel.SEVERE,
    AbilityLevel.COMPLETE,
)
_LEVEL_LABELS = {
    AbilityLevel.INTACT: "能力完好",
    AbilityLevel.MILD: "轻度失能",
    AbilityLevel.MODERATE: "中度失能",
    AbilityLevel.SEVERE: "重度失能",
    AbilityLevel.COMPLETE: "完全失能",
}

# The lowest total of each level (附录 C, 表 C.1), best first.
LEVEL_BANDS: tuple[tuple[int, AbilityLevel], ...] = (
    (90, AbilityLevel.INTACT),
    (66, AbilityLevel.MILD),
    (46, AbilityLevel.MODERATE),
    (30, AbilityLevel.SEVERE),
    (0, AbilityLevel.COMPLETE),
)
RISK_EVENTS_THRESHOLD = 2  # 近30天内 照护风险事件 at least this many raise the level


@dataclass(frozen=True, slots=True)
class Option:
    score: int
    label: str


@dataclass(frozen=True, slots=True)
class Item:
    """One 二级指标: ``code`` as numbered in the standard (B.1.1 …), ``key`` the answer's field name."""

    code: str
    key: str
    part: Part
    name: str
    options: tuple[Option, ...]

    @property
    def max_score(self) -> int:
        return max(option.score for option in self.options)

    @property
    def scores(self) -> frozenset[int]:
        return frozenset(option.score for option in self.options)


# The scale most items share: how much help the person needs.
_HELP = (
    Option(4, "独立完成，无需协助"),
    Option(3, "在他人指导或提示下完成"),
    Option(2, "需他人协助，以自身完成为主"),
    Option(1, "主要依靠他人协助，自身能配合"),
    Option(0, "完全依赖他人协助，不能配合"),
)
_SEVERITY = ("正常", "轻度下降", "中度下降", "重度下降", "完全丧失")


def _graded(*labels: str) -> tuple[Option, ...]:
    """Options scored from ``len(labels) - 1`` down to 0, best first."""
    top = len(labels) - 1
    return tuple(Option(top - n, label) for n, label in enumerate(labels))


def _item(code: str, key: str, part: Part, name: str, options: tuple[Option, ...] = _HELP) -> Item:
    return Item(code=code, key=key, part=part, name=name, options=options)


ITEMS: tuple[Item, ...] = (
    _item("B.1.1", "eating", Part.SELF_CARE, "进食", _graded(
        "独立进食，无呛咳", "经提示或用辅具完成，无呛咳", "需少量接触式协助，偶有呛咳",
        "需大量接触式协助，经常呛咳", "完全依赖协助，或吞咽困难、留置营养管")),
    _item("B.1.2", "grooming", Part.SELF_CARE, "修饰"),
    _item("B.1.3", "bathing", Part.SELF_CARE, "洗澡"),
    _item("B.1.4", "dressing_upper", Part.SELF_CARE, "穿/脱上衣"),
    _item("B.1.5", "dressing_lower", Part.SELF_CARE, "穿/脱裤子和鞋袜"),
    _item("B.1.6", "bladder", Part.SELF_CARE, "小便控制", _graded(
        "可自行控制", "夜间控制较差或自用尿垫", "偶有失禁或需少量协助", "白天大部分不能控制或需大量协助",
        "完全失禁或留置导尿管")),
    _item("B.1.7", "bowel", Part.SELF_CARE, "大便控制", _graded(
        "可自行控制", "偶有便秘或失禁，或自用辅助用物", "经常便秘或失禁，或需少量协助",
        "大部分时间便秘或失禁，或需大量协助", "严重便秘或完全失禁")),
    _item("B.1.8", "toileting", Part.SELF_CARE, "如厕"),
    _item("B.2.1", "bed_mobility", Part.MOBILITY, "床上体位转移"),
    _item("B.2.2", "transfer", Part.MOBILITY, "床椅转移"),
    _item("B.2.3", "walking", Part.MOBILITY, "平地行走", _graded(
        "独立行走约50米，无跌倒风险", "能行走约50米，需监护或拐杖、助行器", "需他人少量扶持",
        "需他人大量扶持", "完全不能步行")),
    _item("B.2.4", "stairs", Part.MOBILITY, "上下楼梯", _graded(
        "独立上下10~15个台阶", "在他人指导或提示下完成", "需协助，以自身完成为主", "主要或完全依赖他人")),
    _item("B.3.1", "time_orientation", Part.MENTAL, "时间定向", _graded(*_SEVERITY)),
    _item("B.3.2", "place_orientation", Part.MENTAL, "空间定向", _graded(*_SEVERITY)),
    _item("B.3.3", "person_orientation", Part.MENTAL, "人物定向", _graded(*_SEVERITY)),
    _item("B.3.4", "memory", Part.MENTAL, "记忆", _graded(*_SEVERITY)),
    _item("B.3.5", "comprehension", Part.MENTAL, "理解能力", _graded(*_SEVERITY)),
    _item("B.3.6", "expression", Part.MENTAL, "表达能力", _graded(*_SEVERITY)),
    _item("B.3.7", "aggression", Part.MENTAL, "攻击行为", _graded("未出现", "近一个月内出现过")),
    _item("B.3.8", "depression", Part.MENTAL, "抑郁症状", _graded("未出现", "近一个月内出现过")),
    _item("B.3.9", "consciousness", Part.MENTAL, "意识水平", _graded(
        "神志清醒", "嗜睡或意识模糊", "昏睡或昏迷")),
    _item("B.4.1", "vision", Part.PERCEPTION, "视力", _graded(
        "视力正常", "看不清标准字体但能辨认物体", "只能看到光、颜色和形状，或失明")),
    _item("B.4.2", "hearing", Part.PERCEPTION, "听力", _graded(
        "听力正常", "轻声或两米外听不清", "大声慢说才能部分听见，或失聪")),
    _item("B.4.3", "daily_affairs", Part.PERCEPTION, "执行日常事务", _graded(
        "完全独立安排和完成", "需他人监护或指导", "需少量协助", "需大量协助", "完全依赖他人")),
    _item("B.4.4", "transport", Part.PERCEPTION, "使用交通工具外出", _graded(
        "自己骑车或乘公共交通", "自己乘出租车，不会乘其他交通工具", "有人陪同可乘公共交通",
        "只能在协助下乘车，或不能外出")),
    _item("B.4.5", "social", Part.PERCEPTION, "社会交往能力", _graded(
        "参与社会，待人接物恰当", "能适应单纯环境，主动接触他人", "脱离社会，只能被动接触",
        "勉强可与人接触", "不能与人交往")),
)  # fmt: skip

ITEMS_BY_KEY: Mapping[str, Item] = {item.key: item for item in ITEMS}
PART_MAXIMUM: Mapping[Part, int] = {
    part: sum(item.max_score for item in ITEMS if item.part is part) for part in Part
}
MAX_TOTAL = sum(PART_MAXIMUM.values())


@dataclass(frozen=True, slots=True)
class AbilityResult:
    """The scores and the levels, with the reasons a level changed (Chinese, fit for the report)."""

    part_scores: Mapping[Part, int]
    total: int
    initial_level: AbilityLevel
    level: AbilityLevel
    reasons: tuple[str, ...]


def level_for_total(total: int) -> AbilityLevel:
    """The 初步等级 of a total between 0 and 90."""
    if isinstance(total, bool) or not 0 <= total <= MAX_TOTAL:
        raise ValidationFailed.on("total", f"总分应在0至{MAX_TOTAL}分之间")
    return next(level for minimum, level in LEVEL_BANDS if total >= minimum)


def assess_ability(
    *,
    answers: Mapping[str, int],
    coma: bool = False,
    mental_disorder: bool = False,
    risk_events_30_days: int = 0,
) -> AbilityResult:
    """Score ``answers`` (item key → the chosen option's score, every one of the 26 items) and level them.

    ``coma``: the person is in 昏迷 (A.5 健康相关问题); ``mental_disorder``: a diagnosed 痴呆 or other
    精神和行为障碍; ``risk_events_30_days``: 照护风险事件 in the last 30 days. Every problem is reported
    at once, on its item's key."""
    errors: dict[str, list[str]] = {}
    for key in answers:
        if key not in ITEMS_BY_KEY:
            errors.setdefault(key, []).append("评估表中没有这一项")
    for item in ITEMS:
        if item.key not in answers:
            errors.setdefault(item.key, []).append(f"{item.code} {item.name}未评分")
            continue
        score = answers[item.key]
        if isinstance(score, bool) or not isinstance(score, int) or score not in item.scores:
            allowed = "、".join(str(s) for s in sorted(item.scores, reverse=True))
            errors.setdefault(item.key, []).append(f"{item.code} {item.name}的得分只能是{allowed}分")
    if isinstance(risk_events_30_days, bool) or not isinstance(risk_events_30_days, int):
        errors.setdefault("risk_events_30_days", []).append("照护风险事件次数应为整数")
    elif risk_events_30_days < 0:
        errors.setdefault("risk_events_30_days", []).append("照护风险事件次数不能为负数")
    if errors:
        raise ValidationFailed(errors)

    part_scores = {part: sum(answers[i.key] for i in ITEMS if i.part is part) for part in Part}
    total = sum(part_scores.values())
    initial = level_for_total(total)
    level, reasons = initial, []
    if coma:
        level = AbilityLevel.COMPLETE
        reasons.append("处于昏迷状态，直接评定为完全失能")
    else:
        if mental_disorder:
            reasons.append("确诊痴呆或其他精神和行为障碍，在原有能力级别上提高一个级别")
        if risk_events_30_days >= RISK_EVENTS_THRESHOLD:
            reasons.append(f"近30天内发生照护风险事件{risk_events_30_days}次，在原有能力级别上提高一个级别")
        if reasons:
            level = initial.raised()
    return AbilityResult(
        part_scores=part_scores,
        total=total,
        initial_level=initial,
        level=level,
        reasons=tuple(reasons),
    )
