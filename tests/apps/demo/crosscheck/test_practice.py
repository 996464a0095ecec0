"""The practice death list (练习用示例死亡名单): covered people of the county with the usual slips, spread
over the townships so that each township's reviewer finds a lead of their own when trying the demo; and
its download, offered on the cross-check's 导入 page."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.test import Client
from django.urls import reverse

from apps.core.clock import today
from apps.crosscheck.models import Lead
from apps.demo.crosscheck.practice import sample_death_list
from apps.registry.selectors import household_members
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.apps.crosscheck.flow import import_list, run
from tests.factories import COUNTY, TOWN, TOWN_B, VILLAGE_B, household


def test_the_practice_list_names_someone_of_every_township_before_a_second_of_any(
    worker, reviewer, approver, admin_user, tmp_path
):
    dibao_standards(COUNTY)
    big = approved_case(actor=reviewer, household=household(actor=worker, members=12), approver=approver)
    small = approved_case(
        actor=admin_user,
        household=household(actor=admin_user, area_code=VILLAGE_B, members=1),
        approver=approver,
    )
    assert (big.area_id[:9], small.area_id[:9]) == (TOWN[:9], TOWN_B[:9])

    content = sample_death_list(actor=approver, county=COUNTY, size=4)  # two of its rows are covered people

    run(approver, import_list(actor=approver, content=content, tmp=tmp_path))
    found = {lead.township_id[:9] for lead in Lead.objects.all()}
    assert found == {TOWN[:9], TOWN_B[:9]}


def test_the_practice_lists_covered_people_died_long_enough_ago_to_show_a_recovery(
    worker, reviewer, approver
):
    dibao_standards(COUNTY)
    case = approved_case(actor=reviewer, household=household(actor=worker, members=12), approver=approver)
    covered = {m.person.id_number for m in household_members(household=case.household)}
    on = today()

    content = sample_death_list(actor=approver, county=COUNTY, size=100)

    rows = list(csv.DictReader(io.StringIO(content.decode("gb18030"))))
    theirs = [r for r in rows if r["身份证号"] in covered]  # the rows whose number was copied right
    assert len(theirs) >= 10
    assert all((on - date.fromisoformat(r["死亡日期"])).days >= 45 for r in theirs)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_practice_death_list_with_slips_finds_the_county_s_covered_people(case, approver, tmp_path):
    from apps.core.models import AuditLog

    response = _client(approver).get(reverse("demo:crosscheck_sample"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.decode("gb18030").splitlines()[0] == "姓名,身份证号,出生日期,区划代码,死亡日期,注销原因"
    assert AuditLog.objects.filter(entity_type="crosscheck.sample", action="export").exists()
    made = run(approver, import_list(actor=approver, content=content, tmp=tmp_path))
    assert made.matched >= 1 and Lead.objects.filter(rule="death_covered").exists()


def test_without_covered_people_there_is_no_practice_list(approver):
    response = _client(approver).get(reverse("demo:crosscheck_sample"), follow=True)
    assert "该县还没有在保对象" in response.content.decode()
