"""导出Excel of households: stored text that begins like a formula comes out as that text, never as a
formula (issue 19, point 4: the export gave ``<f>HYPERLINK(…)</f>``)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from apps.core.exports import xlsx_formulas
from apps.registry.models import Household, Person

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_household_export_writes_formula_like_text_as_text(client, worker, family, payload):
    # given text stored before any check refused it (or by a path that does not check), in every text
    # column the two sheets carry
    Household.objects.filter(pk=family.pk).update(
        address=payload, bank_name=payload, account_holder=payload + "户名"
    )
    head = family.memberships.get(relation="head").person
    short = payload[:20]  # the phone and certificate columns hold 20 characters
    Person.objects.filter(pk=head.pk).update(name=payload, phone=short, disability_cert_no=short)

    # when
    client.force_login(worker)
    response = client.get(reverse("registry:household_export"))
    content = b"".join(response.streaming_content)

    # then
    assert xlsx_formulas(content) == []
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = dict(zip([c.value for c in book["家庭"][2]], book["家庭"][3], strict=True))
    for header in ("家庭住址", "开户银行"):
        assert (cells[header].value, cells[header].data_type, cells[header].quotePrefix) == (
            payload,
            "s",
            True,
        )
    assert cells["账户户名"].value == payload + "户名"
    headers = [c.value for c in book["家庭成员"][2]]
    member = dict(zip(headers, book["家庭成员"][3], strict=True))
    for header, stored in (
        ("姓名", payload),
        ("联系电话", short),
        ("残疾人证号", short),
        ("家庭住址", payload),
    ):
        assert (member[header].value, member[header].quotePrefix) == (stored, True)
