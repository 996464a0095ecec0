"""Each figure of the annual appendix as a sentence a clerk can paste, in the wording of a bureau's 年度工作
总结 (seed 004): "2023年末，全区共有城市低保对象1958户、3065人…", "全年支出救助资金8578.24万元，其中…".
"""

from __future__ import annotations

from policy.annual.appendix import (
    FUNDS,
    HOUSEHOLD_PROGRAMS,
    SUBJECTS,
    Appendix,
    CaseLine,
    Sentence,
    area_word,
    remedied_rate,
    yuan_text,
)
from policy.money import wan_yuan, yuan_per
from policy.statistics import change_rate

__all__ = ["appendix_sentences"]


# ---------------------------------------------------------------- the sentences


def _count(program: str, households: int, persons: int, sep: str = "、") -> str:
    if program in HOUSEHOLD_PROGRAMS:
        return f"{households}户{sep}{persons}人"
    return f"{persons}人"


def _subject(program: str, label: str) -> str:
    return SUBJECTS.get(program, label + "对象")


def _split(lines: tuple[CaseLine, ...], program: str, label: str, *, field: str = "now") -> str:
    """ "城市低保对象1958户、3065人，农村低保对象3043户、5272人" (or one clause per 城乡 present)."""
    parts = []
    for line in lines:
        h, p = (line.households, line.persons) if field == "now" else (line.new_households, line.new_persons)
        parts.append(f"{line.area_label}{_subject(program, label)}{_count(program, h, p)}")
    return "，".join(parts)


def _sum(lines: tuple[CaseLine, ...], attr: str) -> int:
    return sum(int(getattr(line, attr)) for line in lines)


def _delta(difference: int, unit: str) -> str:
    if difference == 0:
        return ("户数" if unit == "户" else "人数") + "持平"
    return f"{'增加' if difference > 0 else '减少'}{abs(difference)}{unit}"


def _in_care(a: Appendix) -> Sentence | None:
    clauses = []
    for program in a.programs():
        lines = a.lines(program)
        label = lines[0].label
        if program in HOUSEHOLD_PROGRAMS:
            clauses.append(_split(lines, program, label))
        else:
            total = _sum(lines, "persons")
            by_kind = "、".join(f"{line.area_label}{line.persons}人" for line in lines)
            detail = f"（其中{by_kind}）" if len(lines) > 1 else ""
            clauses.append(f"{_subject(program, label)}{total}人{detail}")
    if not clauses:
        return None
    text = f"{a.end}，{area_word(a.area_name)}共有" + "，".join(clauses) + "。"
    dibao = a.lines("dibao")
    if dibao:
        h, p = _sum(dibao, "households"), _sum(dibao, "persons")
        ph, pp = _sum(dibao, "previous_households"), _sum(dibao, "previous_persons")
        change = "与上年末持平"
        if (h, p) != (ph, pp):
            change = f"较上年末{_delta(h - ph, '户')}、{_delta(p - pp, '人')}"
        text += f"城乡低保对象合计{h}户{p}人，{change}。"
    return Sentence("在保对象", text)


def _flows(a: Appendix) -> Sentence | None:
    new, gone = [], []
    for program in a.programs():
        lines = a.lines(program)
        subject = _subject(program, lines[0].label)
        if program in HOUSEHOLD_PROGRAMS:
            subject = "城乡" + subject if len(lines) > 1 else lines[0].area_label + subject
        nh, np_ = _sum(lines, "new_households"), _sum(lines, "new_persons")
        xh, xp = _sum(lines, "exit_households"), _sum(lines, "exit_persons")
        if nh or np_:
            new.append(f"{subject}{_count(program, nh, np_, '')}")
        if xh or xp:
            gone.append(f"{subject}{_count(program, xh, xp, '')}")
    if not new and not gone:
        return None
    parts = []
    if new:
        parts.append("新增纳入符合条件" + "、".join(new))
    if gone:
        parts.append("退出" + "、".join(gone))
    return Sentence("新增和退出", f"{a.period}共" + "；".join(parts) + "。")


def _rise(now: int, before: int, what: str = "") -> str:
    rate = change_rate(now, before)
    if rate is None:
        return ""
    if rate == 0:
        return f"，{what}与上年持平"
    return f"，{what}较上年{'增长' if rate > 0 else '下降'}{abs(rate)}%"


def _money(a: Appendix) -> Sentence | None:
    if not a.total_cents:
        return None
    parts = []
    for program in a.programs():
        lines = a.lines(program)
        cents = _sum(lines, "paid_cents")
        if not cents:
            continue
        name = FUNDS.get(program, lines[0].label + "资金")
        by_kind = [line for line in lines if line.paid_cents]
        detail = (
            "（" + "、".join(f"{line.area_label}{wan_yuan(line.paid_cents)}万元" for line in by_kind) + "）"
            if len(by_kind) > 1
            else ""
        )
        parts.append(f"{name}{wan_yuan(cents)}万元{detail}")
    if a.grant_cents:
        parts.append(f"临时救助资金{wan_yuan(a.grant_cents)}万元")
    text = f"{a.period}支出救助资金{wan_yuan(a.total_cents)}万元"
    if parts:
        text += "，其中" + "、".join(parts)
    if a.full_year:
        text += _rise(a.total_cents, a.previous_total_cents, "总额")
    return Sentence("资金支出", text + "。")


def _grants(a: Appendix) -> Sentence | None:
    if not a.grants:
        return None
    average = yuan_per(a.grant_cents, a.grants, places=0)
    text = (
        f"{a.period}实施临时救助{a.grants}人次，支出临时救助资金{wan_yuan(a.grant_cents)}万元，"
        f"人均救助水平{average}元"
    )
    if a.full_year and a.previous_grants:
        before = yuan_per(a.previous_grant_cents, a.previous_grants, places=0)
        rate = change_rate(average, before)
        if rate:
            text += f"，较上年{'提升' if rate > 0 else '下降'}{abs(rate)}%"
    return Sentence("临时救助", text + "。")


def _standards(a: Appendix) -> Sentence | None:
    parts = []
    for s in a.standards:
        if s.value is None:
            continue
        value = f"{yuan_text(s.value)}{s.unit}"
        rise, rate = s.rise, s.rise_rate
        if rise is None:
            parts.append(f"{s.label}为{value}")
        elif rise == 0:
            parts.append(f"{s.label}保持{value}")
        else:
            verb = "提高" if rise > 0 else "降低"
            pct = f"、{'增长' if rise > 0 else '下降'}{abs(rate)}%" if rate is not None else ""
            parts.append(f"{s.label}调整到{value}，较上年{verb}{yuan_text(abs(rise))}元{pct}")
    if not parts:
        return None
    return Sentence("保障标准", "；".join(parts) + "。")


def _leads(a: Appendix) -> Sentence | None:
    if not a.leads_found:
        return None
    by_source = "、".join(f"{lead.label}{lead.found}条" for lead in a.leads if lead.found)
    text = f"{a.period}通过数据比对发现疑似问题线索{a.leads_found}条（{by_source}）"
    unfounded = sum(lead.unfounded for lead in a.leads)
    text += f"，经核实属实{a.leads_confirmed}条、不属实{unfounded}条"
    text += f"，已处理属实线索{a.leads_remedied}条"
    rate = remedied_rate(a.leads_remedied, a.leads_confirmed)
    if rate is not None:
        text += f"，处理率{rate}%"
    return Sentence("数据比对", text + "。")


def appendix_sentences(appendix: Appendix) -> tuple[Sentence, ...]:
    """Every figure of the appendix as a sentence a clerk can paste, in the order a summary gives them;
    a topic with nothing to say (no 临时救助, no leads) is left out rather than written as zero."""
    made = (
        _in_care(appendix),
        _flows(appendix),
        _money(appendix),
        _grants(appendix),
        _standards(appendix),
        _leads(appendix),
    )
    return tuple(s for s in made if s is not None)
