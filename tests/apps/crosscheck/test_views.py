"""数据比对 pages: upload, confirm the mapping, the import and the run streamed, the error report, the lead
page with both records side by side and its actions, statistics, and who may see what."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from apps.crosscheck.models import Batch, Lead, Source
from apps.payroll.models import Recovery
from tests.apps.crosscheck.flow import DEATH_HEADERS, csv_bytes, death_row, head_of, import_list, run
from tests.factories import COUNTY


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _streamed(response) -> str:
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode()


def _upload(client: Client, content: bytes, name: str = "死亡名单.csv", source: str = "death"):
    return client.post(
        reverse("crosscheck:import"),
        {
            "county": COUNTY,
            "source": source,
            "received_on": "2026-01-05",
            "list_date": "2026-01-05",
            "file": SimpleUploadedFile(name, content),
        },
    )


def _confirm(client: Client, page, **mapping: str):
    form = page.context["form"]
    data = {
        name: form.initial.get(name, "")
        for name in ("token", "county", "source", "received_on", "list_date", "note")
    }
    data.update({f"map_{k}": v for k, v in mapping.items()})
    data["save_mapping"] = "on"
    return client.post(reverse("crosscheck:import_confirm"), data)


def test_the_import_previews_the_headers_then_streams_and_saves_the_mapping(case, approver):
    client = _client(approver)
    headers = ["名字", "证件", "去世日期", "备注"]
    content = csv_bytes([death_row(head_of(case))], headers=headers, encoding="gbk")

    preview = _upload(client, content)
    assert preview.status_code == 200 and "确认列对应关系" in preview.content.decode()
    assert "去世日期" in preview.content.decode()  # the file's headers are offered

    page = _streamed(_confirm(client, preview, name="名字", id_number="证件", event_date="去世日期"))

    batch = Batch.objects.get()
    assert (
        "✓ 已读取 1 行" in page
        and "导入成功" in page
        and reverse("crosscheck:batch_run", args=[batch.pk]) in page
    )
    assert Source.objects.get(code="death").mapping == {
        "name": "名字",
        "id_number": "证件",
        "event_date": "去世日期",
    }


def test_a_rejected_import_lists_the_rows_and_offers_the_report(approver):
    client = _client(approver)
    preview = _upload(client, csv_bytes([["张三", "123", "2025-10-15", ""]]))

    page = _streamed(_confirm(client, preview, name="姓名", id_number="身份证号", event_date="死亡日期"))

    assert "未导入：发现 1 处错误" in page and "公民身份号码应为18位" in page
    report = client.get(reverse("crosscheck:import_report"))
    assert report.status_code == 200
    sheet = load_workbook(filename=_bytes(report), read_only=True)["错误报告"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == (2, "身份证号") and not Batch.objects.exists()


def _bytes(response):
    import io

    return io.BytesIO(b"".join(response.streaming_content))


def test_an_unreadable_upload_is_explained_on_the_upload_page(approver):
    page = _upload(_client(approver), b"\xd0\xcf\x11\xe0old excel", name="名单.xls")
    assert page.status_code == 200 and "不支持Excel 97-2003" in page.content.decode()


def test_running_a_batch_streams_its_stages_and_links_to_the_result(case, approver, tmp_path):
    batch = import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path)

    page = _streamed(_client(approver).post(reverse("crosscheck:batch_run", args=[batch.pk])))

    assert "✓ 读取登记人员" in page and "比对完成" in page and "新增线索1条" in page
    assert page.index("读取登记人员") < page.index("按身份证号精确比对") < page.index("比对完成")


def test_the_lead_page_shows_both_records_and_the_township_verifies_then_the_county_remedies(
    case, approver, reviewer, tmp_path
):
    person = head_of(case)
    made = run(approver, import_list(actor=approver, content=csv_bytes([death_row(person)]), tmp=tmp_path))
    lead = Lead.objects.get()
    url = reverse("crosscheck:lead", args=[lead.pk])

    # the county sends the whole run to the township
    _client(approver).post(reverse("crosscheck:run_assign", args=[made.pk]))
    page = _client(reviewer).get(url).content.decode()
    assert "死亡未注销仍在保" in page and "系统登记" in page and "比对名单（公安）" in page
    assert person.id_number not in page and person.id_number[:6] in page  # masked
    assert "提交核实结论" in page and "确认处理" not in page

    # the township confirms with a photo
    photo = SimpleUploadedFile("证明.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, content_type="image/png")
    response = _client(reviewer).post(
        reverse("crosscheck:lead_verify", args=[lead.pk]),
        {"result": "confirmed", "notes": "入户核实属实", "version": lead.version + 1, "files": [photo]},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.state == "confirmed" and lead.attachments.count() == 1
    attachment = _client(reviewer).get(reverse("crosscheck:attachment", args=[lead.attachments.get().pk]))
    assert attachment.status_code == 200

    # the county exits the case and recovers
    page = _client(approver).get(url).content.decode()
    assert "确认处理" in page
    response = _client(approver).post(
        reverse("crosscheck:lead_remedy", args=[lead.pk]),
        {"action": "exit:death", "reason": "死亡", "recover": "on", "version": lead.version},
    )
    assert response.status_code == 302
    assert Recovery.objects.get().amount == case.monthly_amount * 2
    assert "追回" in _client(approver).get(url).content.decode()


def test_a_remedy_form_with_errors_is_shown_again(case, approver, reviewer, tmp_path):
    run(approver, import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path))
    lead = Lead.objects.get()
    Lead.objects.filter(pk=lead.pk).update(state="confirmed")

    response = _client(approver).post(
        reverse("crosscheck:lead_remedy", args=[lead.pk]), {"version": lead.version}
    )

    assert response.status_code == 200 and "请至少选择一项处理" in response.content.decode()


def test_the_statistics_count_by_source_and_township(case, approver, reviewer, tmp_path):
    run(approver, import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path))

    page = _client(reviewer).get(reverse("crosscheck:stats")).content.decode()

    assert "死亡人员（户籍注销）" in page and "西城街道" in page


def test_a_village_worker_sees_no_leads_and_another_county_none_of_ours(
    case, approver, worker, outsider, tmp_path
):
    run(approver, import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path))
    lead = Lead.objects.get()

    assert _client(worker).get(reverse("crosscheck:leads")).status_code == 403
    assert _client(worker).get(reverse("crosscheck:lead", args=[lead.pk])).status_code == 403
    assert _client(outsider).get(reverse("crosscheck:lead", args=[lead.pk])).status_code == 404
    assert head_of(case).name not in _client(outsider).get(reverse("crosscheck:leads")).content.decode()
    assert _client(outsider).get(reverse("crosscheck:batch", args=[lead.batch_id])).status_code == 404


def test_the_sources_page_lists_all_ten_and_a_source_saves_its_settings(approver, supervisor):
    page = _client(supervisor).get(reverse("crosscheck:sources")).content.decode()
    assert all(label in page for label in ("死亡人员（户籍注销）", "火化人员", "机动车登记", "服刑在押人员"))

    url = reverse("crosscheck:source", args=[COUNTY, "vehicle"])
    assert _client(supervisor).post(url, {"threshold": "0.9"}).status_code == 403
    response = _client(approver).post(
        url,
        {"threshold": "0.9", "map_name": "车主姓名", "param_exempt_words": "摩托车、代步车", "version": 1},
    )
    assert response.status_code == 302
    source = Source.objects.get(code="vehicle")
    assert (str(source.threshold), source.mapping, source.params) == (
        "0.900",
        {"name": "车主姓名"},
        {"exempt_words": "摩托车、代步车"},
    )


def test_the_death_list_template_headers_are_recognised(approver):
    preview = _upload(_client(approver), csv_bytes([["张三", "", "2025-10-15", ""]], headers=DEATH_HEADERS))
    form = preview.context["form"]
    assert form.initial["map_event_date"] == "死亡日期" and form.initial["map_name"] == "姓名"
