"""Household import: reading XLSX and CSV, every check with its row/column/reason, all-or-nothing writes,
the template, the error report, the page and the command."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.models import AuditLog
from apps.registry.models import DuplicateFlag, Household, Income, Membership, Person
from apps.registry.selectors import household_members
from apps.registry.services.import_format import COLUMNS, DATA_SHEET, EXAMPLE_SHEET, RULES_SHEET
from apps.registry.services.imports import ImportRejected, registry_import
from policy.errors import PermissionDenied
from tests.factories import TOWN_B, VILLAGE, VILLAGE_B, new_id_number

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in COLUMNS]


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # error reports are files; keep them out of the real var/


def member(key: str = "1", relation: str = "户主", **cells: str) -> dict[str, str]:
    row = {"户序号": key, "与户主关系": relation, "姓名": "王建华", "公民身份号码": new_id_number()}
    if relation in ("户主", "本人(户主)", "本人"):
        row.update({"村(社区)区划代码": VILLAGE, "家庭住址": "乌龙巷12号"})
    row.update(cells)
    return row


def household_rows(key: str = "1", **head: str) -> list[dict[str, str]]:
    """A head, his wife and their son: rows 2, 3 and 4 of a file that holds only them."""
    head = {"公民身份号码": new_id_number(male=True), **head}
    return [
        member(key, **head),
        member(key, "配偶", 姓名="李红梅", 公民身份号码=new_id_number(male=False)),
        member(key, "儿子", 姓名="王小明", 公民身份号码=new_id_number(male=True)),
    ]


def xlsx(rows: list[dict[str, str]], headers: list[str] = HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h.strip().rstrip("＊*"), "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[dict[str, str]], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row.get(h, "") for h in HEADERS])
    return out.getvalue().encode(encoding)


def rejected(actor, rows: list[dict[str, str]]) -> list[tuple[int, str, str]]:
    """Import ``rows`` expecting failure; return (row, column, reason) of every issue."""
    with pytest.raises(ImportRejected) as info:
        registry_import(actor=actor, file_name="t.xlsx", content=xlsx(rows))
    return [(i.row, i.column, i.reason) for i in info.value.issues]


def test_valid_xlsx_import_creates_households_members_incomes_and_audit_rows(worker):
    # given two households, incomes on the first head
    rows = [
        *household_rows(
            "1", 年工资性收入="24,000", 年转移净收入="1200.5", 重病="是", 残疾类别="肢体残疾", 残疾等级="三级"
        ),
        member("2", "本人", 家庭住址="乌龙巷3号", 城乡="农村", 账号="6230 0000 0000 0001"),
    ]
    audits_before = AuditLog.objects.count()
    # when
    result = registry_import(actor=worker, file_name="村里.xlsx", content=xlsx(rows))
    # then
    assert (result.households, result.persons, result.incomes) == (2, 4, 2)
    first, second = Household.objects.order_by("id")
    assert [m.relation for m in household_members(household=first)] == ["head", "spouse", "child"]
    assert first.is_urban is True and second.is_urban is False  # village default vs. the 城乡 column
    assert second.account_number == "6230000000000001"
    head = Person.objects.get(id_number=rows[0]["公民身份号码"])
    assert head.serious_illness and head.disability_category == "physical" and head.disability_grade == 3
    assert head.hukou_area_id == VILLAGE  # 户籍 defaults to the household's village
    year = timezone.localdate().year - 1
    incomes = {i.income_type: i for i in Income.objects.filter(person=head)}
    assert incomes["wage"].amount == Decimal("24000.00") and incomes["transfer"].amount == Decimal("1200.50")
    assert incomes["wage"].period_start == date(year, 1, 1) and incomes["wage"].period_end == date(
        year, 12, 31
    )
    new_audits = AuditLog.objects.all()[: AuditLog.objects.count() - audits_before]
    assert sorted(a.action for a in new_audits) == ["create", "create", "import"]
    summary = AuditLog.objects.get(action="import")
    assert summary.after["file"] == "村里.xlsx" and summary.after["persons"] == 4
    assert "批量导入" in AuditLog.objects.get(action="create", household_id=first.pk).summary


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_imports_in_utf8_and_gbk(worker, encoding):
    rows = household_rows("1", 家庭住址="乌龙巷五号院")
    result = registry_import(actor=worker, file_name="家庭.csv", content=csv_bytes(rows, encoding))
    assert result.persons == 3
    assert Household.objects.get().address == "乌龙巷五号院"
    assert set(Person.objects.values_list("name", flat=True)) == {"王建华", "李红梅", "王小明"}


def test_headers_tolerate_spaces_required_marks_and_a_note_row_above(worker):
    headers = [f" {h}＊ " if c.required else h for h, c in zip(HEADERS, COLUMNS, strict=True)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["内含个人信息，请妥善保管"])
    sheet.append(headers)
    for row in household_rows():
        sheet.append([row.get(h, "") for h in HEADERS])
    out = io.BytesIO()
    book.save(out)
    assert registry_import(actor=worker, file_name="x.xlsx", content=out.getvalue()).persons == 3


def test_a_file_from_the_old_template_with_its_户编号_column_still_imports(worker):
    # The template's own key was called 户编号 before business numbers took the word (issue 20).
    old = ["户编号" if h == "户序号" else h for h in HEADERS]
    rows = [{("户编号" if k == "户序号" else k): v for k, v in r.items()} for r in household_rows()]
    result = registry_import(actor=worker, file_name="旧模板.xlsx", content=xlsx(rows, headers=old))
    assert result.households == 1 and result.persons == 3


def test_relation_synonyms_map_to_the_relations(worker):
    rows = [
        member("1", "本人(户主)"),
        member("1", "妻子", 姓名="甲"),
        member("1", "女儿", 姓名="乙"),
        member("1", "母亲", 姓名="丙"),
        member("1", "孙子", 姓名="丁"),
        member("1", "儿媳", 姓名="戊"),
        member("1", "哥哥", 姓名="己"),
        member("1", "其它", 姓名="庚"),
    ]
    registry_import(actor=worker, file_name="x.xlsx", content=xlsx(rows))
    relations = sorted(Membership.objects.values_list("relation", flat=True))
    assert relations == sorted(
        ["head", "spouse", "child", "parent", "grandchild", "child_in_law", "sibling", "other"]
    )


def _bad_check_digit() -> str:
    good = new_id_number()
    return good[:17] + ("0" if good[17] != "0" else "1")


# (cells changed on the second row — the spouse, row 3 — , expected column, words in the reason)
ROW_ERRORS = [
    ({"公民身份号码": "BAD"}, "公民身份号码", "校验位"),
    ({"性别": "男"}, "性别", "性别与公民身份号码不一致"),
    ({"出生日期": "1901-01-01"}, "出生日期", "出生日期与公民身份号码不一致"),
    ({"出生日期": "1990-02-30"}, "出生日期", "不是有效日期"),
    ({"年工资性收入": "一万"}, "年工资性收入", "不是有效数字"),
    ({"年经营净收入": "12.345"}, "年经营净收入", "两位小数"),
    ({"与户主关系": "邻居"}, "与户主关系", "应为"),
    ({"姓名": ""}, "姓名", "姓名不能为空"),
    ({"残疾等级": "二级"}, "残疾类别", "请同时填写残疾类别"),
    ({"残疾等级": "五级"}, "残疾等级", "应为：一级、二级、三级、四级"),
    ({"重病": "也许"}, "重病", "应为：是、否"),
    ({"联系电话": "12345"}, "联系电话", "11位手机号"),
    ({"户籍地区划代码": "42130"}, "户籍地区划代码", "6、9或12位"),
    ({"户籍地区划代码": "999999000000"}, "户籍地区划代码", "不存在"),
    ({"家庭住址": "别的地址"}, "家庭住址", "各行的家庭住址不一致，第2行为“乌龙巷12号”"),
    ({"民族": "火星族"}, "民族", "56个民族"),
]


@pytest.mark.parametrize(("cells", "column", "reason"), ROW_ERRORS, ids=[e[1] + e[2] for e in ROW_ERRORS])
def test_each_row_error_names_the_row_column_and_reason_and_nothing_is_written(worker, cells, column, reason):
    # given a household whose spouse (spreadsheet row 3) has one mistake
    rows = household_rows()
    if cells.get("公民身份号码") == "BAD":
        cells = {"公民身份号码": _bad_check_digit()}
    rows[1].update(cells)
    # when
    issues = rejected(worker, rows)
    # then
    assert any(r == 3 and c == column and reason in why for r, c, why in issues), issues
    assert not Person.objects.exists() and not Household.objects.exists() and not AuditLog.objects.exists()


def test_a_file_with_many_mistakes_reports_every_one(worker):
    rows = [*household_rows("1"), *household_rows("2")]
    rows[1]["性别"] = "男"
    rows[3]["公民身份号码"] = "12345"
    rows[5]["年财产净收入"] = "-5"
    issues = rejected(worker, rows)
    assert [(r, c) for r, c, _ in issues] == [(3, "性别"), (5, "公民身份号码"), (7, "年财产净收入")]


def test_household_without_a_head_or_with_two_is_refused(worker):
    no_head = [
        member("1", "配偶", **{"村(社区)区划代码": VILLAGE, "家庭住址": "乌龙巷1号"}),
        member("1", "子女", 姓名="王小明"),
    ]
    two_heads = [member("2"), member("2", "户主", 姓名="王二")]
    issues = rejected(worker, no_head + two_heads)
    assert (2, "与户主关系", "户序号1：家庭必须有且只有一名户主，当前没有户主") in issues
    assert any(r == 4 and "当前有2名：第4行王建华、第5行王二" in why for r, _, why in issues), issues


def test_same_id_twice_in_the_file_is_reported_once_on_its_first_row_naming_the_other(worker):
    rows = [*household_rows("1"), member("2")]
    rows[3]["公民身份号码"] = rows[1]["公民身份号码"]
    issues = rejected(worker, rows)
    assert issues == [(3, "公民身份号码", "与本文件第5行的公民身份号码重复")]


def test_id_already_registered_is_refused_with_where_the_person_is(worker, family):
    held = household_members(household=family).first().person
    rows = [member("1", 公民身份号码=held.id_number)]
    issues = rejected(worker, rows)
    assert len(issues) == 1
    row, column, reason = issues[0]
    assert (row, column) == (2, "公民身份号码")
    assert "已登记" in reason and held.name in reason and f"家庭{family.number}" in reason


def test_village_code_outside_the_importers_area_is_rejected(worker):
    # given 万店村 is in 曾都区 but not in the worker's 乌龙巷社区
    rows = household_rows(**{"村(社区)区划代码": VILLAGE_B})
    issues = rejected(worker, rows)
    assert issues == [(2, "村(社区)区划代码", "区划代码不存在或不在您的辖区内")]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (TOWN_B, "家庭必须登记到村(社区)一级，该代码是乡镇/街道"),
        ("4213031002", "村(社区)区划代码应为12位数字"),
        ("", "本户（户序号1）未填写村(社区)区划代码"),
    ],
)
def test_household_area_must_be_a_village_code_in_area(admin_user, code, reason):
    issues = rejected(admin_user, household_rows(**{"村(社区)区划代码": code}))
    assert issues == [(2, "村(社区)区划代码", reason)]


def test_missing_required_column_is_reported_on_the_header_row(worker):
    headers = [h for h in HEADERS if h != "姓名"] + ["姓名"]
    headers.remove("户序号")
    with pytest.raises(ImportRejected) as info:
        registry_import(actor=worker, file_name="t.xlsx", content=xlsx(household_rows(), headers))
    assert [(i.row, i.reason) for i in info.value.issues] == [(1, "缺少必填列“户序号”")]


def test_old_xls_and_undecodable_files_get_a_clear_reason(worker):
    with pytest.raises(ImportRejected, match="xls"):
        registry_import(actor=worker, file_name="a.xls", content=b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(ImportRejected) as info:
        registry_import(actor=worker, file_name="a.csv", content=b"no,header\n1,2\n")
    assert "没有找到表头" in info.value.issues[0].reason


def test_supervisor_may_not_import(supervisor):
    with pytest.raises(PermissionDenied):
        registry_import(actor=supervisor, file_name="t.xlsx", content=xlsx(household_rows()))


def test_checks_and_writes_are_set_based_not_per_row(worker):
    def queries(households: int) -> int:
        rows = [
            r for k in range(households) for r in household_rows(str(k), 家庭住址=f"乌龙巷{households}-{k}号")
        ]
        with CaptureQueriesContext(connection) as ctx:
            registry_import(actor=worker, file_name="t.xlsx", content=xlsx(rows))
        return len(ctx.captured_queries)

    # ten times the rows, the same number of queries
    assert queries(1) == queries(10)


def test_same_name_and_birth_date_under_another_id_is_flagged(worker, family):
    held = household_members(household=family).first().person
    twin = new_id_number(birth=held.birth_date)
    registry_import(
        actor=worker, file_name="t.xlsx", content=xlsx([member("1", 姓名=held.name, 公民身份号码=twin)])
    )
    flag = DuplicateFlag.objects.get()
    assert (flag.person.id_number, flag.other_id) == (twin, held.pk)
    assert AuditLog.objects.filter(action="flag", entity_id=str(flag.pk)).exists()


def test_template_is_a_styled_xlsx_with_rules_dropdowns_text_ids_and_an_example(client, worker):
    client.force_login(worker)
    response = client.get(reverse("registry:import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data = book[DATA_SHEET]
    headers = [c.value for c in data[1]]
    assert headers[:4] == ["户序号＊", "与户主关系＊", "姓名＊", "公民身份号码＊"] and "性别" in headers
    assert data["A1"].font.bold
    id_letter = openpyxl.utils.get_column_letter(headers.index("公民身份号码＊") + 1)
    assert data.column_dimensions[id_letter].number_format == "@"
    assert any("选项" in v.formula1 for v in data.data_validations.dataValidation)
    rules = [c.value for row in book[RULES_SHEET].iter_rows() for c in row if c.value]
    assert "重病" in rules and any("本人(户主)" in str(v) for v in rules)
    example = list(book[EXAMPLE_SHEET].iter_rows(min_row=2, max_row=4, values_only=True))
    assert [r[1] for r in example] == ["本人(户主)", "配偶", "子女"]
    assert example[0][9] == VILLAGE  # the example uses the worker's own village


def test_the_template_example_imports_cleanly(client, worker):
    # given the example household, copied from its sheet into the data sheet
    client.force_login(worker)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("registry:import_template")).content))
    for row in book[EXAMPLE_SHEET].iter_rows(min_row=2, max_row=4, values_only=True):
        book[DATA_SHEET].append(row)
    out = io.BytesIO()
    book.save(out)
    # when / then
    result = registry_import(actor=worker, file_name="模板.xlsx", content=out.getvalue())
    assert (result.households, result.persons, result.incomes) == (1, 3, 3)


def test_import_page_shows_errors_and_the_report_downloads_for_that_user_only(client, worker, reviewer):
    # given
    rows = household_rows()
    rows[1]["性别"] = "男"
    client.force_login(worker)
    # when
    page = client.post(reverse("registry:import"), {"file": _upload(xlsx(rows), "家庭.xlsx")})
    # then the streamed page names the row, the column and the reason
    html = b"".join(page.streaming_content).decode()
    assert page.status_code == 200 and "未导入" in html and "性别与公民身份号码不一致" in html
    report = client.get(reverse("registry:import_report"))
    assert report.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    assert list(sheet.iter_rows(values_only=True))[:2] == [
        ("行", "列", "内容", "原因"),
        (3, "性别", "男", "性别与公民身份号码不一致（号码中为女）"),
    ]
    # and another user has no report to download
    client.force_login(reviewer)
    assert client.get(reverse("registry:import_report")).status_code == 404
    assert not Person.objects.exists()


def test_import_page_success_shows_the_counts(client, worker):
    client.force_login(worker)
    page = client.post(reverse("registry:import"), {"file": _upload(xlsx(household_rows()), "好.xlsx")})
    html = b"".join(page.streaming_content).decode()
    # then each stage was reported before the outcome
    assert (
        html.index("已读取 3 行")
        < html.index("校验通过，共 1 户")
        < html.index("导入完成")
        < html.index("导入成功")
    )
    assert "1 户、3 人" in html
    assert Household.objects.count() == 1


def test_supervisor_gets_403_on_the_import_pages(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("registry:import")).status_code == 403
    assert (
        client.post(
            reverse("registry:import"), {"file": _upload(xlsx(household_rows()), "x.xlsx")}
        ).status_code
        == 403
    )
    assert client.get(reverse("registry:import_template")).status_code == 403
    assert not Person.objects.exists()


def test_anonymous_user_is_sent_to_login(client):
    assert client.get(reverse("registry:import")).status_code == 302


def test_command_imports_a_file_and_reports_errors_in_chinese(worker, tmp_path):
    good, bad = tmp_path / "好.xlsx", tmp_path / "坏.csv"
    good.write_bytes(xlsx(household_rows()))
    rows = household_rows("9")
    rows[2]["公民身份号码"] = "4213"
    bad.write_bytes(csv_bytes(rows, "gbk"))
    out = io.StringIO()
    call_command("registry_import", str(good), user=worker.username, stdout=out)
    assert "导入成功：1户，3人" in out.getvalue()
    report = tmp_path / "report.xlsx"
    out = io.StringIO()
    with pytest.raises(CommandError, match="发现1处错误"):
        call_command("registry_import", str(bad), user=worker.username, report=str(report), stdout=out)
    assert "公民身份号码应为18位" in out.getvalue()
    assert openpyxl.load_workbook(report).active["A2"].value == 4


def _upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_text_that_excel_would_run_as_a_formula_is_refused_by_row_and_column(worker):
    # The same rule as the form and the API (docs/security.md §7), so no path stores such text.
    rows = household_rows(家庭住址='=HYPERLINK("http://x","y")', 开户银行="@SUM(A1)")
    with pytest.raises(ImportRejected) as info:  # CSV: in an XLSX the "=" cell would be a real formula
        registry_import(actor=worker, file_name="t.csv", content=csv_bytes(rows, "utf-8"))
    found = [(i.row, i.column, i.reason) for i in info.value.issues]
    columns = {(row, column) for row, column, _ in found}
    assert (2, "家庭住址") in columns and (2, "开户银行") in columns
    assert any("不能以“=”开头" in reason for _, _, reason in found), found
    assert not Household.objects.exists()
