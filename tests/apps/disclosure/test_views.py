"""The pages: the entry grid saves drafts and names failures, generation refuses while a check fails,
the upload is all or nothing, and downloads are the stored files."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as open_docx

from apps.disclosure.documents import document_build
from apps.disclosure.documents.xlsx import xlsx_bytes
from apps.disclosure.models import DisclosureFile, DisclosureReport
from tests.factories import COUNTY
from tests.policy.disclosure.sample import TEXTS, consistent_cells


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(cells: dict[str, str], **extra: str) -> dict[str, str]:
    return {
        "organ": "曾都区民政局",
        **{f"text-{k}": v for k, v in TEXTS.items()},
        **cells,
        **extra,
    }


def test_the_index_lists_each_year_with_its_template(admin_user, saved):
    page = _client(admin_user).get(reverse("disclosure:index")).content.decode()

    assert "2025年度" in page and "2021年版（全国统一格式）" in page
    assert "2020年度" in page and "2019年版（试行）" in page and "校验通过" in page


def test_the_grid_has_one_named_input_per_figure(admin_user):
    page = _client(admin_user).get(reverse("disclosure:edit", args=[COUNTY, 2025])).content.decode()

    assert page.count('inputmode="decimal"') == 200
    assert 'name="t3.total.natural"' in page and 'aria-label="表三 第（七）项总计 / 自然人列"' in page


def test_saving_an_inconsistent_draft_keeps_it_and_names_the_failure(admin_user, areas):
    client = _client(admin_user)
    cells = consistent_cells() | {"t3.total.natural": "4"}

    response = client.post(reverse("disclosure:edit", args=[COUNTY, 2025]), _form(cells), follow=True)

    page = response.content.decode()
    assert DisclosureReport.objects.get(year=2025).cells["t3.total.natural"] == "4"
    assert "已保存草稿（第1版）" in page
    assert "表三 第（七）项总计 / 自然人列：第三项（一）至（六）各项之和应等于（七）总计" in page
    assert 'href="#cell-t3.total.natural"' in page


def test_an_unreadable_figure_is_not_saved_and_the_typing_is_kept(admin_user, areas):
    response = _client(admin_user).post(
        reverse("disclosure:edit", args=[COUNTY, 2025]), _form({"t3.new.natural": "七"})
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "表三 第一项本年新收申请 / 自然人列：应为非负整数，填写的是“七”" in page
    assert 'value="七"' in page and TEXTS["overview"] in page
    assert not DisclosureReport.objects.exists()


def test_generation_is_refused_on_the_page_while_a_check_fails(admin_user, areas):
    client = _client(admin_user)
    client.post(reverse("disclosure:edit", args=[COUNTY, 2025]), _form({"t4.review.total": "1"}))

    response = client.post(
        reverse("disclosure:generate", args=[COUNTY, 2025]), {"format": "docx"}, follow=True
    )

    assert "未生成：表四 行政复议 / 总计" in response.content.decode()
    assert not DisclosureFile.objects.exists()


def test_a_generated_docx_downloads_as_stored(admin_user, saved):
    client = _client(admin_user)
    client.post(reverse("disclosure:generate", args=[COUNTY, 2025]), {"format": "docx"})
    made = DisclosureFile.objects.get()

    response = client.get(reverse("disclosure:file", args=[made.pk]))

    doc = open_docx(io.BytesIO(b"".join(response.streaming_content)))
    assert doc.paragraphs[0].text == "曾都区民政局2025年政府信息公开工作年度报告"
    assert (
        "曾都区民政局2025" in response["Content-Disposition"]
        or "filename*" in response["Content-Disposition"]
    )


def test_the_preview_of_a_draft_says_it_is_one(supervisor, admin_user, county, areas):
    from apps.disclosure.services import disclosure_save

    disclosure_save(actor=admin_user, county=county, year=2025, organ="曾都区民政局", texts={}, cells={})

    page = _client(supervisor).get(reverse("disclosure:preview", args=[COUNTY, 2025])).content.decode()

    assert "草稿预览：有3处校验未通过" in page


def test_upload_fills_the_grid_or_lists_every_bad_cell(admin_user, saved):
    client = _client(admin_user)
    good = xlsx_bytes(document_build(saved))
    url = reverse("disclosure:upload", args=[COUNTY, 2025])

    ok = client.post(url, {"file": _upload(good)}, follow=True)
    assert "已从表格导入全部数据（第2版）；表格校验全部通过" in ok.content.decode()

    bad = client.post(url, {"file": _upload(b"PK\x03\x04 broken")})
    assert bad.status_code == 400 and "无法读取上传的文件" in bad.content.decode()


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("年报.xlsx", content)


def test_the_template_download_is_blank_on_request(admin_user, saved):
    from openpyxl import load_workbook

    from apps.disclosure.documents.xlsx import TABLE_TOP

    client = _client(admin_user)
    filled = client.get(reverse("disclosure:template", args=[COUNTY, 2025]))
    blank = client.get(reverse("disclosure:template", args=[COUNTY, 2025]), {"blank": "1"})

    assert load_workbook(io.BytesIO(filled.content))["表四"].cell(TABLE_TOP + 3, 1).value == 2
    assert load_workbook(io.BytesIO(blank.content))["表四"].cell(TABLE_TOP + 3, 1).value == 0


@pytest.mark.parametrize("name", ["disclosure:edit", "disclosure:template"])
def test_readers_may_not_edit(supervisor, name, areas):
    assert _client(supervisor).get(reverse(name, args=[COUNTY, 2025])).status_code == 403
