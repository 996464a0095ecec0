"""`minzheng demo`: repeatable setup, the six logins, the population, the caseload and its history."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.utils import timezone

from apps.accounts.models import User
from apps.assistance.models import Case, CaseEvent
from apps.core.models import AuditLog
from apps.demo.services import DEMO_PASSWORD, DEMO_USERS, HISTORY_MONTHS, registry_reset
from apps.payroll.models import Payroll, PayrollLine
from apps.payroll.services.approve import payroll_approve
from apps.portal.models import OnlineApplication
from apps.registry.models import Household, Income, Person
from apps.workbench.services.payroll import payroll_prepare
from policy.payroll import month_add
from tests.factories import household

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the demo resident's uploaded 户口簿


def _demo(*extra: str) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", "--households", "50", *extra, stdout=out)
    return out.getvalue()


def test_demo_creates_the_six_role_users_in_the_right_areas():
    output = _demo()
    users = {u.username: (u.role, u.area_id) for u in User.objects.exclude(role="citizen")}
    assert users == {
        "village_worker": ("village_worker", "421303001001"),
        "township_reviewer": ("township_reviewer", "421303001000"),
        "county_approver": ("county_approver", "421303000000"),
        "finance": ("finance", "421303000000"),
        "admin": ("admin", "421303000000"),
        "supervisor": ("supervisor", "421303000000"),
    }
    assert all(User.objects.get(username=name).check_password(DEMO_PASSWORD) for name, *_ in DEMO_USERS)
    assert "http://127.0.0.1:8000/" in output and DEMO_PASSWORD in output


def test_demo_gives_a_resident_a_portal_login_with_an_online_application_waiting():
    output = _demo()
    resident = User.objects.get(role="citizen")
    assert resident.check_password(DEMO_PASSWORD) and resident.username in output
    online = OnlineApplication.objects.get()
    assert online.state == "submitted" and online.area_id == "421303001001"
    head = Person.objects.get(id_number=resident.username)
    assert online.members[0]["name"] == head.name


def test_demo_password_meets_the_password_policy():
    for username, role, area, _ in DEMO_USERS:
        validate_password(DEMO_PASSWORD, user=User(username=username, role=role, area_id=area))


def test_demo_runs_twice_without_duplicating_users_or_people():
    # given
    _demo()
    people = Person.objects.count()
    # when
    output = _demo()
    # then
    assert User.objects.count() == 7  # six bureau roles and the demo resident
    assert Household.objects.count() == 50 and Person.objects.count() == people
    assert "跳过生成" in output


def test_demo_gives_the_village_worker_households_to_see():
    _demo()
    assert Household.objects.filter(area_id="421303001001").count() >= 10


def test_demo_reset_replaces_the_population_and_is_audited():
    _demo()
    first_ids = set(Household.objects.values_list("id", flat=True))
    _demo("--reset")
    assert Household.objects.count() == 50
    assert not first_ids & set(Household.objects.values_list("id", flat=True))
    assert AuditLog.objects.filter(action="delete", entity_type="registry.household").count() == 1
    assert AuditLog.objects.filter(action="load", entity_type="registry.household").count() == 2


def test_demo_leaves_a_caseload_whose_payroll_finance_prepares_and_the_county_approver_approves():
    # given
    output = _demo("--households", "400")
    generated = Case.objects.filter(area__code__startswith="421303", application__isnull=True)
    month = timezone.localdate().replace(day=1)
    # when
    payroll = payroll_prepare(actor=User.objects.get(username="finance"), county="421303000000", month=month)
    approved = payroll_approve(actor=User.objects.get(username="county_approver"), payroll=payroll)
    # then
    assert generated.count() >= 10 and "曾都区在保对象" in output
    lines = set(PayrollLine.objects.filter(payroll=payroll).values_list("case_id", flat=True))
    assert set(generated.filter(status="active").values_list("pk", flat=True)) <= lines
    assert approved.state == "approved" and approved.total > 0
    assert "已有在保对象" in _demo()  # not twice


def test_the_demos_earlier_months_went_through_the_payroll_and_the_bank():
    output = _demo("--households", "400")
    this_month = timezone.localdate().replace(day=1)
    history = list(Payroll.objects.order_by("month"))
    assert [p.month for p in history] == [month_add(this_month, n) for n in range(-HISTORY_MONTHS, 0)]
    assert all(p.state == "reconciled" for p in history)
    lines = PayrollLine.objects.filter(payroll__in=history, amount__gt=0).exclude(status="held")
    failed = lines.filter(status="failed")
    assert set(failed.values_list("month", flat=True)) == {month_add(this_month, -1)} and failed.count() == 2
    assert lines.exclude(status__in=["paid", "failed"]).count() == 0
    assert CaseEvent.objects.filter(change="exit", reason_code="income_over").exists() or "退出0户" in output
    assert "此前10个月的发放" in output


def test_demo_reset_clears_the_payrolls_with_the_cases():
    _demo("--households", "400")  # enough for 低保 households in 曾都区, whatever ids the database hands out
    this_month = timezone.localdate().replace(day=1)
    payroll_prepare(actor=User.objects.get(username="finance"), county="421303000000", month=this_month)
    assert PayrollLine.objects.filter(month=this_month).exists()
    _demo("--reset")
    # the new population may get a caseload and a history of its own, which stops at last month
    assert not Payroll.objects.filter(month=this_month).exists()
    assert not PayrollLine.objects.filter(month=this_month).exists()


def test_reset_keeps_areas_and_users_and_empties_the_registry(worker):
    household(actor=worker)
    registry_reset()
    assert (Household.objects.count(), Person.objects.count(), Income.objects.count()) == (0, 0, 0)
    assert User.objects.filter(pk=worker.pk).exists()


def test_demo_skips_generation_when_households_were_entered_by_hand(worker):
    household(actor=worker)
    output = _demo()
    assert Household.objects.count() == 1
    assert "跳过生成" in output
