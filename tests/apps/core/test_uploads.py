"""Upload size limits (issue 19, point 1): every upload is held to its kind's limit before it is read, with
one Chinese message naming the file, its size and the limit; a request body over the absolute limit is
answered 413 from its Content-Length before anything reads it; an XLSX that unpacks into gigabytes is
refused from its ZIP directory.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from apps.assistance.services.attachments import attachments_check
from apps.core.uploads import (
    ATTACHMENT,
    IMPORT,
    UploadTooLarge,
    request_limit_bytes,
    unpacked_check,
    upload_check,
    upload_read,
)
from apps.registry.models import Person
from policy.errors import ValidationFailed
from tests.factories import COUNTY

MB = 1024 * 1024


class Unreadable(SimpleUploadedFile):
    """An upload whose bytes must not be touched: reading it fails the test."""

    def read(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the file was read")

    def chunks(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the file was read")


def test_an_upload_over_its_limit_is_refused_by_its_size_without_reading_it(settings):
    settings.MINZHENG_IMPORT_MAX_MB = 1
    upload = Unreadable("家庭.csv", b"x" * (MB + MB // 2))
    with pytest.raises(UploadTooLarge) as caught:
        upload_read(upload, limit=IMPORT)
    assert caught.value.message == "文件过大：“家庭.csv”有1.5MB，导入文件不能超过1MB"
    assert caught.value.errors == {"file": [caught.value.message]}


def test_an_upload_within_its_limit_is_read_whole(settings):
    settings.MINZHENG_IMPORT_MAX_MB = 1
    assert upload_read(SimpleUploadedFile("a.csv", b"a,b\n1,2\n"), limit=IMPORT) == b"a,b\n1,2\n"


def test_the_field_and_the_words_can_be_the_callers(settings):
    settings.MINZHENG_ATTACHMENT_MAX_MB = 0.5
    with pytest.raises(UploadTooLarge) as caught:
        upload_check(
            Unreadable("名册.pdf", b"%PDF" * MB), limit=ATTACHMENT, field="evidence", what="佐证材料"
        )
    assert caught.value.errors == {"evidence": ["文件过大：“名册.pdf”有4.0MB，佐证材料不能超过0.5MB"]}


def _zip_bomb(unpacked: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", b"0" * unpacked)
    return out.getvalue()


def test_an_xlsx_that_unpacks_to_gigabytes_is_refused_from_its_directory(settings, tmp_path):
    # given an "XLSX" of a few hundred KB that unpacks to 25 times the 1 MB limit
    settings.MINZHENG_IMPORT_MAX_MB = 1
    content = _zip_bomb(25 * MB)
    assert len(content) < MB
    # when / then: as bytes and as a file on disk alike
    with pytest.raises(ValidationFailed, match=re.escape("解压后有25.0MB，导入文件解压后不能超过20MB")):
        upload_read(SimpleUploadedFile("炸弹.xlsx", content), limit=IMPORT)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(content)
    with pytest.raises(ValidationFailed, match="解压后"):
        unpacked_check(path, name="炸弹.xlsx", limit=IMPORT)
    unpacked_check(_zip_bomb(MB), name="正常.xlsx", limit=IMPORT)  # 1 MB unpacked is fine


def test_every_attachment_path_refuses_a_big_file_before_reading_it(settings):
    # the one checker behind the 入户调查 photos (page and API), a lead's 核实 files and the portal's uploads
    settings.MINZHENG_ATTACHMENT_MAX_MB = 1
    with pytest.raises(ValidationFailed) as caught:
        attachments_check([Unreadable("照片.jpg", b"\xff\xd8\xff" + b"0" * 2 * MB)])
    assert caught.value.errors == {"files": ["文件过大：“照片.jpg”有2.0MB，附件不能超过1MB"]}


# ---- the request body as a whole, before any code reads it ---------------------------------------------


def _multipart(size: int) -> dict[str, object]:
    return {"file": SimpleUploadedFile("全县.csv", b"x" * size)}


@pytest.mark.django_db
def test_a_body_over_the_absolute_limit_gets_a_413_page_before_the_view_runs(worker, settings, monkeypatch):
    settings.MINZHENG_UPLOAD_MAX_MB = 1

    def never(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the view ran")

    monkeypatch.setattr("apps.registry.views.imports.upload_read", never)
    client = Client()
    client.force_login(worker)
    response = client.post(reverse("registry:import"), _multipart(2 * MB))
    assert response.status_code == 413
    page = response.content.decode()
    assert "文件过大：上传的文件有2.0MB，不能超过1MB" in page and "民政综合业务系统" in page
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_the_api_answers_a_body_over_the_limit_in_its_error_shape(approver, settings):
    settings.MINZHENG_UPLOAD_MAX_MB = 1
    token, _ = Token.objects.get_or_create(user=approver)
    body = {"county": COUNTY, "source": "death", "received_on": date.today(), **_multipart(2 * MB)}
    response = Client(HTTP_AUTHORIZATION=f"Token {token.key}").post("/api/v1/crosscheck/batches/", body)
    assert response.status_code == 413
    assert response.json() == {
        "error": {"code": "too_large", "message": "文件过大：上传的文件有2.0MB，不能超过1MB", "fields": {}}
    }


@pytest.mark.django_db
def test_a_form_or_json_body_over_the_field_limit_gets_a_413_not_a_500(worker, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = MB
    client = Client()
    client.force_login(worker)
    url = reverse("registry:household_create")
    form = client.post(url, "address=" + "x" * (2 * MB), content_type="application/x-www-form-urlencoded")
    api = client.post("/api/v1/households/", "{" + " " * (2 * MB) + "}", content_type="application/json")
    assert form.status_code == 413 and "文件过大：提交的内容有2.0MB，不能超过1MB" in form.content.decode()
    assert api.status_code == 413 and api.json()["error"]["code"] == "too_large"


@pytest.mark.django_db
def test_a_multipart_text_field_over_the_field_limit_gets_the_chinese_400_page(worker, settings):
    # within the absolute limit, but a text field (not a file) bigger than DATA_UPLOAD_MAX_MEMORY_SIZE:
    # Django refuses it while parsing (RequestDataTooBig) with a 400, which reads in Chinese
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = MB
    client = Client(raise_request_exception=False)
    client.force_login(worker)
    response = client.post(reverse("registry:household_create"), {"address": "x" * (2 * MB)})
    assert response.status_code == 400 and "请求无法处理" in response.content.decode()


@pytest.mark.django_db
def test_many_form_fields_get_the_chinese_400_page(worker, settings):
    # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields (400): the page says so in Chinese
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(worker)
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("registry:household_create"), fields)
    assert response.status_code == 400 and "请求无法处理" in response.content.decode()


def test_the_absolute_limit_is_the_largest_kind_and_room_for_the_form(settings):
    settings.MINZHENG_LIST_IMPORT_MAX_MB = 100
    del settings.MINZHENG_UPLOAD_MAX_MB
    assert request_limit_bytes() == (max(100, 200) + 16) * MB  # the bank return's 200 MB is the largest


@pytest.mark.django_db
def test_the_disclosure_workbook_and_target_evidence_are_held_to_their_limits(admin_user, settings):
    from apps.areas.models import Area
    from apps.targets.services import target_create
    from policy.targets import target_clean

    settings.MINZHENG_WORKBOOK_MAX_MB = 0.1
    settings.MINZHENG_ATTACHMENT_MAX_MB = 0.1
    settings.MINZHENG_TODAY = "2026-01-15"
    client = Client()
    client.force_login(admin_user)
    big = b"PK\x03\x04" + b"0" * 200_000

    workbook = client.post(
        reverse("disclosure:upload", args=[COUNTY, 2025]), {"file": SimpleUploadedFile("年报.xlsx", big)}
    )
    assert workbook.status_code == 400
    assert "文件过大：“年报.xlsx”有0.2MB，上传的表格不能超过0.1MB" in workbook.content.decode()

    spec = target_clean(
        {
            "level": "county",
            "name": "集中供养率",
            "measure": "",
            "direction": "≥",
            "target_value": "60",
            "unit": "%",
        }
    )
    target = target_create(actor=admin_user, county=Area.objects.get(pk=COUNTY), year=2025, spec=spec)
    evidence = client.post(
        reverse("targets:actual", args=[target.pk]),
        {
            "value": "64",
            "on": "2025-12-31",
            "evidence": SimpleUploadedFile("名册.pdf", b"%PDF" + b"0" * 200_000),
        },
    )
    assert evidence.status_code == 400
    assert "文件过大：“名册.pdf”有0.2MB，佐证材料不能超过0.1MB" in evidence.content.decode()
    target.refresh_from_db()
    assert target.actual_value is None and not target.evidence_path
