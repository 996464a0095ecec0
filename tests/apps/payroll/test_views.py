"""资金发放 pages: preparing with the progress streamed, the preview, approval by another person."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from apps.payroll.models import Payroll


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _prepare(user) -> str:
    response = _client(user).post(
        reverse("workbench:payroll_prepare"), {"county": "421303000000", "month": "2025-12"}
    )
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode()


def test_preparing_streams_each_stage_then_links_to_the_preview(case, finance):
    page = _prepare(finance)
    stages = ["生成常规发放明细", "计算补发、停发与变动", "标记暂缓发放并汇总"]
    assert all(f"✓ {stage}" in page for stage in stages)
    assert page.index(stages[0]) < page.index(stages[-1]) < page.index("已生成")
    assert reverse("payroll:detail", args=[Payroll.objects.get().pk]) in page


def test_a_refused_preparation_says_why_on_the_page(case, finance):
    _prepare(finance)
    Payroll.objects.update(state="approved")
    assert "不能重新生成" in _prepare(finance)


def test_the_preparer_sees_no_approve_button_and_the_approver_approves(case, finance, approver):
    _prepare(finance)
    payroll = Payroll.objects.get()
    url = reverse("payroll:detail", args=[payroll.pk])
    assert "审批通过并锁定" not in _client(finance).get(url).content.decode()
    assert "审批通过并锁定" in _client(approver).get(url).content.decode()
    _client(approver).post(reverse("payroll:approve", args=[payroll.pk]), {"version": payroll.version})
    payroll.refresh_from_db()
    assert payroll.state == "approved" and payroll.approved_by == approver


def test_a_line_explains_its_amount_with_masked_ids(case, finance):
    _prepare(finance)
    line = Payroll.objects.get().lines.get()
    page = _client(finance).get(reverse("payroll:line", args=[line.pk])).content.decode()
    assert "计算说明" in page and line.payee_id_number not in page and str(line.amount) in page
