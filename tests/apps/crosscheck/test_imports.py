"""Importing other departments' lists: CSV in UTF-8 or GBK and XLSX, all or nothing, bad rows reported by
row, column and reason, batches numbered and kept, the column mapping guessed, saved and reused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from django.conf import settings

from apps.core.models import AuditLog
from apps.crosscheck.models import Batch, Source
from apps.crosscheck.services.imports import batch_preview
from apps.crosscheck.services.reading import BatchRejected
from apps.crosscheck.services.sources import source_update
from apps.crosscheck.services.storage import crosscheck_root, frame_scan
from policy.errors import Conflict, NotFound, PermissionDenied
from tests.apps.crosscheck.flow import csv_bytes, import_list, xlsx_bytes
from tests.factories import COUNTY, new_id_number

ROWS = [
    ["张三", "421303195001011234", "2025-10-15", "死亡"],
    ["李四", "", "2025/11/2", ""],
    ["王五", "421303196002021234", "2025年12月1日", ""],
]


def _parquets() -> list[Path]:
    return sorted(crosscheck_root().rglob("*.parquet")) if crosscheck_root().exists() else []


def test_a_gbk_csv_with_a_title_line_imports_as_a_numbered_batch(approver, tmp_path):
    # given a list saved by Excel on Chinese Windows, with a title line above the header
    content = csv_bytes(ROWS, encoding="gbk", title="曾都区2025年第四季度死亡人员名单")

    # when it is imported
    batch = import_list(actor=approver, content=content, tmp=tmp_path)

    # then every row is kept, with the spreadsheet's row numbers and typed columns
    assert (batch.version, batch.row_count, batch.id_missing, batch.source.code) == (1, 3, 1, "death")
    rows = frame_scan(batch.stored_path).collect()
    assert rows["record_id"].to_list() == [3, 4, 5]
    assert rows["name"].to_list() == ["张三", "李四", "王五"]
    assert rows["event_date"].to_list() == [date(2025, 10, 15), date(2025, 11, 2), date(2025, 12, 1)]
    assert batch.mapping == {
        "name": "姓名",
        "id_number": "身份证号",
        "event_date": "死亡日期",
        "detail": "注销原因",
    }
    assert AuditLog.objects.filter(entity_type="crosscheck.batch", action="import").count() == 1


def test_an_xlsx_with_real_dates_imports_and_a_wrong_check_digit_is_kept_for_repair(approver, tmp_path):
    good = new_id_number(birth=date(1950, 1, 1))
    typo = good[:17] + ("0" if good[17] != "0" else "1")
    content = xlsx_bytes([["赵六", good, date(2025, 10, 3), ""], ["钱七", typo, date(2025, 10, 4), ""]])

    batch = import_list(actor=approver, content=content, tmp=tmp_path, name="死亡.xlsx")

    rows = frame_scan(batch.stored_path).collect()
    assert rows["id_checked"].to_list() == [True, False]
    assert rows["birth_date"].to_list() == [date(1950, 1, 1)] * 2  # from the ID number, none being listed
    assert batch.id_unchecked == 1


def test_bad_rows_are_all_reported_and_nothing_is_kept(approver, tmp_path):
    content = csv_bytes(
        [
            ["张三", "421303195001011234", "2025-10-15", ""],
            ["", "42130319500101", "2025-13-01", ""],
            ["王五", "4.21303E+17", "", ""],
            ["赵六", "", "2099-01-01", ""],
        ]
    )

    with pytest.raises(BatchRejected) as caught:
        import_list(actor=approver, content=content, tmp=tmp_path)

    found = [(i.row, i.column, i.reason) for i in caught.value.issues]
    assert found == [
        (3, "姓名", "姓名不能为空"),
        (3, "身份证号", "公民身份号码应为18位（前17位为数字，最后一位为数字或X）或15位数字"),
        (3, "死亡日期", "死亡日期无法识别，应为如2025-01-31的日期"),
        (4, "身份证号", "公民身份号码被表格软件显示为科学计数法，无法还原，请将该列设为“文本”后重新导出"),
        (4, "死亡日期", "死亡日期不能为空"),
        (5, "死亡日期", "死亡日期晚于今天（2026-01-10）"),
    ]
    assert caught.value.total == 6 and "发现6处错误，未导入任何数据" in caught.value.message
    assert not Batch.objects.exists() and _parquets() == []


def test_a_list_missing_a_required_column_names_it(approver, tmp_path):
    content = csv_bytes([["张三", "421303195001011234"]], headers=["姓名", "身份证号"])

    with pytest.raises(BatchRejected) as caught:
        import_list(actor=approver, content=content, tmp=tmp_path)

    assert caught.value.issues[0].reason == "缺少必填列“死亡日期”：请在列对应关系中指定文件中的哪一列"
    assert not Batch.objects.exists()


def test_a_file_without_a_header_or_in_an_unknown_encoding_is_refused(approver, tmp_path):
    with pytest.raises(BatchRejected, match="没有找到表头"):
        import_list(actor=approver, content=b"1,2,3\r\n4,5,6\r\n", tmp=tmp_path)
    with pytest.raises(BatchRejected, match="编码无法识别"):
        import_list(
            actor=approver, content="姓名,死亡日期\r\n".encode() + b"\xff\xfe\xfd\x80\x81", tmp=tmp_path
        )


def test_each_import_is_a_new_version_and_the_same_file_is_refused_twice(approver, tmp_path):
    first = import_list(actor=approver, content=csv_bytes(ROWS[:1]), tmp=tmp_path)
    second = import_list(actor=approver, content=csv_bytes(ROWS[1:]), tmp=tmp_path)

    assert (first.version, second.version) == (1, 2)
    assert first.stored_path != second.stored_path and len(_parquets()) == 2
    with pytest.raises(Conflict, match="不必重复导入"):
        import_list(actor=approver, content=csv_bytes(ROWS[:1]), tmp=tmp_path)


def test_the_preview_guesses_the_mapping_and_a_saved_mapping_is_used_next_time(approver, tmp_path):
    headers = ["户主姓名", "证件号码", "火化时间", "火化单位", "说明"]
    content = csv_bytes([["张三", "421303195001011234", "2025-10-15", "曾都殡仪馆", ""]], headers=headers)
    path = tmp_path / "火化.csv"
    path.write_bytes(content)

    preview = batch_preview(
        actor=approver, county=COUNTY, source_code="cremation", path=path, file_name="火化.csv"
    )

    assert preview.headers == headers and preview.header_row == 1
    assert preview.mapping == {
        "name": "户主姓名",
        "id_number": "证件号码",
        "event_date": "火化时间",
        "detail": "火化单位",
    }
    # a person decides the note column is the detail, and saves it
    source_update(
        actor=approver, county=COUNTY, code="cremation", mapping={**preview.mapping, "detail": "说明"}
    )
    again = batch_preview(
        actor=approver, county=COUNTY, source_code="cremation", path=path, file_name="火化.csv"
    )
    assert again.mapping["detail"] == "说明"
    batch = import_list(actor=approver, content=content, tmp=tmp_path, source="cremation")
    assert batch.mapping["detail"] == "说明"


def test_a_mapping_given_for_the_import_is_taken_as_given(approver, tmp_path):
    content = csv_bytes(ROWS[:1], headers=["名字", "号码", "日期", "备注"])
    mapping = {"name": "名字", "id_number": "号码", "event_date": "日期"}

    batch = import_list(actor=approver, content=content, tmp=tmp_path, mapping=mapping)

    assert batch.mapping == mapping
    assert frame_scan(batch.stored_path).collect()["detail"].null_count() == 1


def test_money_and_area_columns_are_checked_and_typed(approver, tmp_path):
    headers = ["姓名", "身份证号", "结算日期", "个人自付金额", "区划代码"]
    good = csv_bytes(
        [["张三", "421303195001011234", "2025-10-15", "52,000.50", "421303001"]], headers=headers
    )

    batch = import_list(actor=approver, content=good, tmp=tmp_path, source="medical")

    row = frame_scan(batch.stored_path).collect().row(0, named=True)
    assert (str(row["amount"]), row["area_code"]) == ("52000.50", "421303001000")
    bad = csv_bytes(
        [["李四", "", "2025-10-15", "-3", "4213"], ["王五", "", "2025-10-15", "1.234", ""]], headers=headers
    )
    with pytest.raises(BatchRejected) as caught:
        import_list(actor=approver, content=bad, tmp=tmp_path, source="medical")
    assert [i.reason for i in caught.value.issues] == [
        "金额不能为负数",
        "区划代码应为6、9或12位数字",
        "应为金额数字（元），最多两位小数",
    ]


def test_importing_needs_the_capability_and_a_county_of_ones_own(
    worker, reviewer, outsider, approver, tmp_path
):
    content = csv_bytes(ROWS[:1])
    for who in (worker, reviewer):
        with pytest.raises(PermissionDenied):
            import_list(actor=who, content=content, tmp=tmp_path)
    with pytest.raises(NotFound):
        import_list(actor=outsider, content=content, tmp=tmp_path)  # 曾都区 is not 孝昌县's
    assert not Source.objects.exists() and not Batch.objects.exists()


def test_ten_thousand_rows_import_in_one_go(approver, tmp_path):
    frame = pl.DataFrame(
        {
            "姓名": [f"人员{i}" for i in range(10_000)],
            "身份证号": [""] * 10_000,
            "死亡日期": ["2025-10-01"] * 10_000,
        }
    )
    path = tmp_path / "big.csv"
    frame.write_csv(path)

    batch = import_list(actor=approver, content=path.read_bytes(), tmp=tmp_path)

    assert batch.row_count == 10_000 and batch.id_missing == 10_000
    assert Path(settings.VAR_DIR) in (crosscheck_root() / batch.stored_path).parents
