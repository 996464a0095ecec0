"""待办 across offices: each app's selector knows only its own rows, the workbench joins them office by office
(网上申请 first), and the page and the API show the same groups."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.assistance.selectors import inbox_for as assistance_inbox_for
from apps.portal.selectors import online_inbox_for
from apps.workbench.selectors.inbox import inbox_for
from tests.apps.assistance.flow import apply, dibao_standards
from tests.apps.portal.flow import citizen_account, submit
from tests.factories import COUNTY


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path, areas):
    settings.VAR_DIR = tmp_path  # the online application's uploads
    dibao_standards(COUNTY)


def _keys(groups) -> list[str]:
    return [g.key for g in groups]


def test_each_app_lists_only_its_own_rows_and_the_workbench_joins_them(worker, family):
    # given an online application waiting and an application of the village
    online = submit(citizen=citizen_account())
    application = apply(actor=worker, household=family)

    # when the village worker's 待办 is read
    offices = inbox_for(actor=worker)

    # then 社会救助 holds both apps' groups, the online ones (and the accounts waiting) first
    assert [o.label for o in offices] == ["社会救助"]
    assert _keys(offices[0].groups) == ["online", "accounts", "pending_docs", "publicising"]
    assert _keys(online_inbox_for(actor=worker)) == ["online"]
    assert "online" not in _keys(assistance_inbox_for(actor=worker))
    assert [r.pk for r in offices[0].groups[0].rows] == [online.pk]
    # the village's application waits for the township: nothing of it is the village's to do yet
    assert application.state == "submitted" and offices[0].total == 1


def test_a_role_that_forwards_no_online_application_has_no_such_group(approver):
    assert online_inbox_for(actor=approver) == []
    assert "online" not in _keys(inbox_for(actor=approver)[0].groups)


def test_the_page_and_the_api_show_the_same_groups(reviewer, worker, family):
    apply(actor=worker, household=family)
    client = Client()
    client.force_login(reviewer)

    page = client.get("/assistance/")
    api = client.get("/api/v1/inbox/").json()

    assert page.status_code == 200 and reverse("workbench:inbox") == "/assistance/"
    groups = inbox_for(actor=reviewer)[0].groups
    assert [g["key"] for g in api["groups"]] == _keys(groups)
    for group in groups:
        assert f'id="inbox-{group.key}"' in page.content.decode()
    assert "全部在办申请" in page.content.decode()
    # the page's own list of offices does not shadow the top bar's
    assert "<summary>社会救助</summary>" in page.content.decode()
    assert f'<li><a href="{reverse("assistance:case_list")}">在保</a></li>' in page.content.decode()


def test_the_api_names_each_row_by_its_business_number(reviewer, worker, family):
    application = apply(actor=worker, household=family)
    client = Client()
    client.force_login(reviewer)
    groups = {g["key"]: g for g in client.get("/api/v1/inbox/").json()["groups"]}
    rows = [row for group in groups.values() for row in group["items"]]
    assert {"id": application.pk, "number": application.number} in [
        {"id": row["id"], "number": row["number"]} for row in rows
    ]
