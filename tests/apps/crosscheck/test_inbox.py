"""数据比对's 待办: each lead at the step of the role that takes it (下发 and 处理 for the county, 核实 for
the township of the lead's village), and nothing for another township or a role that takes no step."""

from __future__ import annotations

from apps.crosscheck.models import Lead
from apps.crosscheck.selectors import lead_inbox_for
from apps.crosscheck.services.leads import lead_assign
from tests.apps.crosscheck.flow import csv_bytes, death_row, head_of, import_list, run
from tests.factories import TOWN_B, UserFactory


def _counts(actor) -> dict[str, int]:
    return {g.key: g.total for g in lead_inbox_for(actor=actor)}


def test_a_lead_waits_for_the_county_then_for_the_township_of_its_village(
    case, approver, reviewer, worker, supervisor, tmp_path
):
    # given a death list naming the case's head, run by the county
    run(approver, import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path))
    lead = Lead.objects.get()

    # then the county sees it to send down, the township nothing yet
    assert _counts(approver) == {"leads_assign": 1, "leads_remedy": 0}
    assert _counts(reviewer) == {"leads_verify": 0}
    assert [row.pk for row in lead_inbox_for(actor=approver)[0].rows] == [lead.pk]

    # when it is sent down, it waits for the township's 核实
    lead_assign(actor=approver, lead=lead)
    assert _counts(reviewer) == {"leads_verify": 1}
    assert _counts(approver) == {"leads_assign": 0, "leads_remedy": 0}

    # and another township, the village and 监督 (who read or take no step) have nothing of it to do
    assert _counts(UserFactory(role="township_reviewer", area_id=TOWN_B)) == {"leads_verify": 0}
    assert lead_inbox_for(actor=worker) == [] and lead_inbox_for(actor=supervisor) == []
