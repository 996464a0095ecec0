"""The amount a lead puts at risk: what the household's cases were paid after the event date, worked out
by :func:`policy.payroll.recovery_for` from the cases' approved payroll lines — the same sum a 追回 takes.

For a rule about a person (a covered member who died or is in detention) only their share of a case
counts while others stay covered (:func:`policy.crosscheck.risk_share`); for a rule about the household
(a vehicle, a company, property, public pay) all of it does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from apps.assistance.models import Case
from apps.crosscheck.services.paid import paid_months_for
from apps.payroll.mappers import pay_facts_for
from apps.standards.selectors import standards_for_many
from policy.crosscheck import LeadDraft, Risk, risk_share
from policy.money import yuan
from policy.payroll import PayFacts, PayRules, pay_rules, recovery_for

PERSON_RULES = frozenset({"death_covered", "detention_covered"})
CHUNK = 5_000


@dataclass(frozen=True)
class AtRisk:
    amount: Decimal
    basis: str


NO_RISK = AtRisk(Decimal("0.00"), "不直接涉及多发资金：需核实后调整家庭人口、收入，或给予救助")


class RiskBook:
    """Cases, their payroll facts, paid months and rules, loaded once for all the leads of a run."""

    def __init__(self, *, case_ids: Iterable[int], covered: Mapping[int, frozenset[int]], on: date) -> None:
        ids = sorted(set(case_ids))
        self.covered = covered
        self.cases: dict[int, Case] = {}
        self.facts: dict[int, PayFacts] = {}
        for start in range(0, len(ids), CHUNK):
            part = list(Case.objects.filter(pk__in=ids[start : start + CHUNK]))
            self.cases.update({c.pk: c for c in part})
            self.facts.update(pay_facts_for(part))
        self.paid = paid_months_for(ids, facts=self.facts)
        found = standards_for_many(area_codes={c.area_id for c in self.cases.values()}, on=on)
        self.rules: dict[tuple[str, bool], PayRules] = {key: pay_rules(s) for key, s in found.items()}

    def rules_for(self, case: Case) -> PayRules:
        return self.rules[(case.area_id, case.is_urban)]

    def overpaid(self, case_id: int, event_on: date) -> tuple[Decimal, int]:
        """(what case ``case_id`` was paid beyond its due from ``event_on`` on, in how many months)."""
        case = self.cases[case_id]
        paid = self.paid.get(case_id, ())
        if not paid:
            return Decimal("0.00"), 0
        result = recovery_for(
            facts=self.facts[case_id], event_on=event_on, paid_months=paid, rules=self.rules_for(case)
        )
        return result.total, len(result.months)

    def at_risk(self, draft: LeadDraft, case_ids: list[int]) -> AtRisk:
        if draft.rule.risk is Risk.NONE:
            return NO_RISK
        if draft.event_on is None:
            monthly = sum((self.cases[c].monthly_amount for c in case_ids), Decimal("0"))
            return AtRisk(yuan(monthly), f"事件日期不详，按每月保障金额{yuan(monthly)}元估算")
        total, months, partial = Decimal("0.00"), 0, False
        people = {i.person_id for i in draft.items}
        for case_id in case_ids:
            over, count = self.overpaid(case_id, draft.event_on)
            if draft.rule.code in PERSON_RULES:
                covered = self.covered.get(case_id, frozenset())
                affected = len(people & covered)
                partial = partial or affected < len(covered)
                over = risk_share(overpaid=over, affected=affected, covered=len(covered))
            total += over
            months = max(months, count)
        when = f"{draft.event_on:%Y年%m月%d日}"
        if not total:
            return AtRisk(Decimal("0.00"), f"{when}之后尚无多发（按已审批的发放记录）")
        share = "（其他保障成员仍在保，按人数比例估算）" if partial else ""
        return AtRisk(yuan(total), f"{when}之后已发放{months}个月，多发{yuan(total)}元{share}")
