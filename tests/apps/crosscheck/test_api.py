"""数据比对 API: import (with the bad rows listed), run, leads with masked evidence, 核实 and 处理."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.authtoken.models import Token

from apps.crosscheck.models import Batch, Lead
from apps.payroll.models import Recovery
from tests.apps.crosscheck.flow import csv_bytes, death_row, head_of, import_list, run
from tests.factories import COUNTY


def _api(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _import(user, content: bytes, **extra: str):
    body = {
        "county": COUNTY,
        "source": "death",
        "received_on": "2026-01-05",
        "list_date": "2026-01-05",
        "file": SimpleUploadedFile("死亡.csv", content),
        **extra,
    }
    return _api(user).post("/api/v1/crosscheck/batches/", body)


def test_a_list_is_imported_and_run_over_the_api(case, approver):
    made = _import(approver, csv_bytes([death_row(head_of(case))]))
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["row_count"], body["version"], body["source"]) == (1, 1, "death")

    ran = _api(approver).post(f"/api/v1/crosscheck/batches/{body['id']}/run/")
    assert ran.status_code == 201 and ran.json()["leads_created"] == 1
    listed = _api(approver).get("/api/v1/crosscheck/batches/").json()
    assert [b["id"] for b in listed["results"]] == [body["id"]]


def test_a_rejected_import_lists_every_bad_row(approver):
    made = _import(approver, csv_bytes([["张三", "123", "2025-10-15", ""], ["", "", "", "无名"]]))

    assert made.status_code == 400
    error = made.json()["error"]
    assert error["total"] == 3 and error["code"] == "invalid"
    assert [(i["row"], i["column"], i["reason"]) for i in error["issues"]] == [
        (2, "身份证号", "公民身份号码应为18位（前17位为数字，最后一位为数字或X）或15位数字"),
        (3, "姓名", "姓名不能为空"),
        (3, "死亡日期", "死亡日期不能为空"),
    ]
    assert not Batch.objects.exists()


def test_a_bad_mapping_is_a_400(approver):
    made = _import(approver, csv_bytes([["张三", "", "2025-10-15", ""]]), mapping="[1]")
    assert made.status_code == 400 and made.json()["error"]["fields"] == {
        "mapping": ["列对应关系应为JSON对象"]
    }


def test_leads_are_listed_verified_and_remedied_over_the_api(case, approver, reviewer, tmp_path):
    person = head_of(case)
    run(approver, import_list(actor=approver, content=csv_bytes([death_row(person)]), tmp=tmp_path))
    lead = Lead.objects.get()
    Lead.objects.filter(pk=lead.pk).update(state="assigned")

    listed = _api(reviewer).get("/api/v1/crosscheck/leads/", {"state": "assigned"}).json()
    assert [row["id"] for row in listed["results"]] == [lead.pk]
    detail = _api(reviewer).get(f"/api/v1/crosscheck/leads/{lead.pk}/").json()
    assert detail["rule"] == "death_covered" and detail["cases"] == [case.pk]
    assert (
        person.id_number not in str(detail) and detail["evidence"][0]["lines"][0]["registry"] == person.name
    )

    verified = _api(reviewer).post(
        f"/api/v1/crosscheck/leads/{lead.pk}/verify/",
        {"result": "confirmed", "notes": "属实", "version": detail["version"]},
        content_type="application/json",
    )
    assert verified.status_code == 200 and verified.json()["state"] == "confirmed"
    refused = _api(reviewer).post(
        f"/api/v1/crosscheck/leads/{lead.pk}/remedy/", {"version": 1}, content_type="application/json"
    )
    assert refused.status_code == 403
    remedied = _api(approver).post(
        f"/api/v1/crosscheck/leads/{lead.pk}/remedy/",
        {
            "change": "exit",
            "reason_code": "death",
            "reason": "死亡",
            "recover": True,
            "version": verified.json()["version"],
        },
        content_type="application/json",
    )
    assert remedied.status_code == 200, remedied.content
    assert remedied.json()["state"] == "remedied" and Recovery.objects.get().amount == case.monthly_amount * 2


def test_another_county_gets_404_and_the_village_403(case, approver, outsider, worker, tmp_path):
    run(approver, import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path))
    lead = Lead.objects.get()
    assert _api(outsider).get(f"/api/v1/crosscheck/leads/{lead.pk}/").status_code == 404
    assert _api(outsider).get(f"/api/v1/crosscheck/leads/{10**9}/").status_code == 404
    assert _api(worker).get(f"/api/v1/crosscheck/leads/{lead.pk}/").status_code == 403
    assert _api(outsider).get(f"/api/v1/crosscheck/batches/{lead.batch_id}/").status_code == 404
