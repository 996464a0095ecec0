"""Importing standards from XLSX or CSV: all or nothing, every problem with its row, column and reason."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.core.models import AuditAction, AuditLog
from apps.registry.services.import_read import ImportRejected
from apps.standards.models import StandardVersion
from apps.standards.services import standard_set, standards_import
from policy.errors import PermissionDenied
from tests.factories import OTHER_COUNTY, TOWN

pytestmark = pytest.mark.django_db

HEADER = "区划代码,参数,城乡,数值,起始日期,说明\n"


def csv_bytes(*rows: str, encoding: str = "utf-8") -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode(encoding)


def test_a_valid_file_writes_every_version_with_an_audit_row_for_the_import(admin_user):
    content = csv_bytes(
        "421303,dibao.standard,城市,680,2023-01-01,曾都区2023年民政工作总结",
        "421303,低保标准,农村,617,2023-01-01,",
        "421303001,dibao.standard,城市,700,2023/7/1,西城街道调整",
        '421303,高龄津贴年龄段,,"80:50, 90:100",2023年1月1日,',
    )

    result = standards_import(actor=admin_user, file_name="标准.csv", content=content)

    assert (result.versions, result.areas) == (4, 2)
    assert StandardVersion.objects.get(area_id=TOWN).effective_from == date(2023, 7, 1)
    assert StandardVersion.objects.get(key="longevity.brackets").value == "[[80, 50], [90, 100]]"
    assert AuditLog.objects.filter(action=AuditAction.IMPORT, entity_type="standards.import").count() == 1
    assert (
        AuditLog.objects.filter(action=AuditAction.CREATE, entity_type="standards.standardversion").count()
        == 4
    )


def test_rows_are_applied_oldest_first_so_each_closes_the_one_before(admin_user):
    content = csv_bytes(
        "421303,dibao.standard,城市,680,2023-01-01,", "421303,dibao.standard,城市,650,2022-01-01,"
    )

    standards_import(actor=admin_user, file_name="a.csv", content=content)

    old = StandardVersion.objects.get(value="650")
    assert old.effective_to == date(2022, 12, 31)


def test_any_bad_row_rejects_the_whole_file_and_names_each_row_column_and_reason(admin_user):
    content = csv_bytes(
        "421303,dibao.standard,城市,680,2023-01-01,",  # fine, but must not be written
        "421303,dibao.bonus,,1,2023-01-01,",
        "421303,dibao.near_multiple,城市,1.5,2023-01-01,",
        "421303,dibao.standard,郊区,abc,2023-13-01,",
        "420921,dibao.standard,农村,390,2018-04-01,",
        "421303001001,orphan.dispersed,,1530,2023-01-01,",
        "421303,dibao.standard,城市,690,2023-01-01,",
    )

    with pytest.raises(ImportRejected) as caught:
        standards_import(actor=admin_user, file_name="bad.csv", content=content)

    issues = [(i.row, i.column, i.reason) for i in caught.value.issues]
    assert (3, "参数", "未知的参数，请填写“参数说明”表中的代码或名称") in issues
    assert any(r == 4 and c == "城乡" and "城乡通用" in why for r, c, why in issues)
    assert (5, "城乡", "城乡应填“城市”“农村”，或留空表示城乡通用") in issues
    assert (5, "起始日期", "起始日期应为日期，如2024-01-01") in issues
    assert (6, "区划代码", "区划代码不存在或不在您的辖区内") in issues  # 孝昌县: not this admin's
    assert any(r == 7 and c == "区划代码" and "不能设在村" in why for r, c, why in issues)
    assert (8, "参数", "与第2行重复：同一区划、参数、城乡和起始日期只能有一行") in issues
    assert caught.value.message == f"发现{len(issues)}处错误，未导入任何数据，请改正后重新导入"
    assert not StandardVersion.objects.exists()


def test_a_gbk_csv_from_chinese_excel_is_read(admin_user):
    content = csv_bytes("421303,低保标准,城市,680,2023-01-01,曾都区", encoding="gbk")

    assert standards_import(actor=admin_user, file_name="a.csv", content=content).versions == 1


def test_an_xlsx_file_with_a_missing_required_column_is_refused(admin_user):
    book = openpyxl.Workbook()
    book.active.append(["区划代码", "参数", "城乡", "数值"])
    book.active.append(["421303", "dibao.standard", "城市", "680"])
    out = io.BytesIO()
    book.save(out)

    with pytest.raises(ImportRejected) as caught:
        standards_import(actor=admin_user, file_name="a.xlsx", content=out.getvalue())

    assert [i.reason for i in caught.value.issues] == ["缺少必填列“起始日期”"]


def test_only_an_admin_may_import(worker):
    with pytest.raises(PermissionDenied):
        standards_import(
            actor=worker, file_name="a.csv", content=csv_bytes("421303,低保标准,城市,680,2023-01-01,")
        )


def test_the_template_holds_the_counties_values_in_force_and_the_parameter_sheet(client, admin_user):
    standard_set(
        actor=admin_user,
        area_code="421303000000",
        key="dibao.standard",
        urban=True,
        value="680",
        effective_from=date(2023, 1, 1),
    )
    client.force_login(admin_user)

    response = client.get(reverse("standards:import_template"))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["地方标准"].iter_rows(values_only=True))
    assert rows[0][:6] == ("区划代码*", "参数*", "城乡", "数值*", "起始日期*", "说明")
    assert rows[1][:4] == ("421303000000", "dibao.standard", "城市", "680")
    assert ("dibao.standard", "低保标准") in [r[:2] for r in book["参数说明"].iter_rows(values_only=True)]


def test_the_template_downloaded_imports_back_unchanged(client, admin_user):
    standard_set(
        actor=admin_user,
        area_code="421303000000",
        key="dibao.standard",
        urban=True,
        value="680",
        effective_from=date(2023, 1, 1),
    )
    client.force_login(admin_user)
    content = client.get(reverse("standards:import_template")).content

    standards_import(actor=admin_user, file_name="模板.xlsx", content=content)

    assert StandardVersion.objects.filter(replaced_at__isnull=False).count() == 1  # same day: a correction


def test_the_import_page_lists_the_errors_in_chinese(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("bad.csv", csv_bytes("421303,dibao.bonus,,1,2023-01-01,"))

    response = client.post(reverse("standards:import"), {"file": upload})

    text = response.content.decode()
    assert "第2行" in text and "未知的参数" in text and "未导入任何数据" in text


def test_the_import_page_reports_success_and_returns_to_the_standards(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("ok.csv", csv_bytes("421303,dibao.standard,城市,680,2023-01-01,"))

    response = client.post(reverse("standards:import"), {"file": upload}, follow=True)

    assert "导入成功：1条标准" in response.content.decode()


def test_the_command_prints_each_rows_problem_and_fails(tmp_path, admin_user, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(f"{OTHER_COUNTY[:6]},低保标准,农村,390,2018-04-01,"))

    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("standards_import", str(path), user=admin_user.username)

    assert "第2行“区划代码”列（420921）：区划代码不存在或不在您的辖区内" in capsys.readouterr().err


def test_the_command_imports_a_valid_file(tmp_path, admin_user, capsys):
    path = tmp_path / "ok.csv"
    path.write_bytes(csv_bytes("421303,低保标准,城市,680,2023-01-01,"))

    call_command("standards_import", str(path), user=admin_user.username)

    assert "导入成功：1条标准" in capsys.readouterr().out
