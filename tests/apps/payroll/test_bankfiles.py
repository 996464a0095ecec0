"""Bank files: templates and their dict round-trip, the payment file (XLSX and CSV, UTF-8 and GBK, totals,
SHA-256), the return file (XLSX and CSV, paid and failed, every bad row named) and reconciliation."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import random
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from apps.payroll.documents import (
    BankColumn,
    BankFileRejected,
    BankRow,
    BankTemplate,
    ReturnTemplate,
    bank_file_write,
    bank_summary_write,
    default_templates,
    return_file_read,
    return_rows_match,
    summary_rows,
    template_from_dict,
    template_to_dict,
)
from policy.errors import ValidationFailed

MAY = date(2024, 5, 1)
PRESETS = {t.code: t for t in default_templates()}
NONGSHANG, PSBC, YIKATONG = PRESETS["nongshang"], PRESETS["psbc"], PRESETS["yikatong"]


def line(n: int = 1, **changes: object) -> BankRow:
    values: dict[str, object] = {
        "line_ref": f"PL-202405-{n:06d}",
        "name": "王建华",
        "id_number": f"4213031980{n:07d}X",
        "account": f"6228480012345678{n:03d}",
        "social_card": f"B{n:08d}",
        "amount": Decimal("680.00"),
        "township": "北郊街道",
        "village": "乌龙巷社区",
        "program": "城乡低保",
    }
    return BankRow(**{**values, **changes})  # type: ignore[arg-type]


def write(rows: list[BankRow], template: BankTemplate = NONGSHANG, label: str = "全部项目") -> tuple:
    out = io.BytesIO()
    info = bank_file_write(
        rows=rows, template=template, county="曾都区", month=MAY, program_label=label, out=out
    )
    return info, out.getvalue()


def csv_rows(content: bytes, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode(encoding), newline="")))


# ---------------------------------------------------------------- templates


def test_every_preset_round_trips_through_json():
    for template in default_templates():
        data = json.loads(json.dumps(template_to_dict(template=template), ensure_ascii=False))

        assert template_from_dict(data=data) == template
        assert "示例" in template.name


def test_template_from_dict_names_every_bad_key_in_chinese():
    data = template_to_dict(template=NONGSHANG)
    data["columns"][5]["field"] = "nickname"
    data["encoding"] = "big5"
    data["colour"] = "red"
    data["returns"]["paid_values"] = "成功"

    with pytest.raises(ValidationFailed) as caught:
        template_from_dict(data=data)

    assert set(caught.value.errors) == {"colour", "returns.paid_values"}  # shape errors come first
    assert "无法识别" in caught.value.errors["colour"][0]
    data.pop("colour")
    data["returns"]["paid_values"] = ["成功"]
    with pytest.raises(ValidationFailed) as caught:
        template_from_dict(data=data)
    assert set(caught.value.errors) == {"columns[5].field", "encoding"}
    assert "“nickname”无效" in caught.value.errors["columns[5].field"][0]
    assert "utf-8 或 gbk" in caught.value.errors["encoding"][0]


def test_template_from_dict_reports_missing_keys():
    with pytest.raises(ValidationFailed) as caught:
        template_from_dict(data={"code": "x", "columns": []})

    assert {"columns", "name", "file_format", "encoding"} <= set(caught.value.errors)
    assert caught.value.errors["name"] == ["模板项“name”缺失"]


def test_template_without_amount_or_payee_account_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        BankTemplate(
            code="bad", name="某行", columns=(BankColumn("姓名", "name"),), file_format="csv", encoding="gbk"
        )

    reasons = " ".join(caught.value.errors["columns"])
    assert "金额" in reasons
    assert "账号" in reasons


def test_remark_with_an_unknown_placeholder_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        dataclasses.replace(NONGSHANG, remark="{county}{bank}")

    assert "{county}" in caught.value.errors["remark"][0]


def test_return_template_without_reference_needs_id_account_and_amount():
    with pytest.raises(ValidationFailed) as caught:
        ReturnTemplate(
            result_header="结果", paid_values=("成功",), failed_values=("失败",), id_header="证件号"
        )

    assert set(caught.value.errors) == {"returns.account_header", "returns.amount_header"}


def test_return_template_value_both_paid_and_failed_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        ReturnTemplate(
            result_header="结果", ref_header="编号", paid_values=("成功",), failed_values=("成功",)
        )

    assert "同时出现" in caught.value.errors["returns.failed_values"][0]


def test_reference_expected_back_needs_a_reference_column_in_the_payment_file():
    with pytest.raises(ValidationFailed) as caught:
        dataclasses.replace(PSBC, returns=NONGSHANG.returns)

    assert "returns.ref_header" in caught.value.errors


# ---------------------------------------------------------------- payment file


def test_xlsx_detail_sheet_has_the_template_columns_ids_as_text_and_amounts_to_the_fen():
    # given
    rows = [line(1, amount=Decimal("1234.5")), line(2, id_number="421303198001011234", township="")]

    # when
    info, content = write(rows)

    # then
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["明细", "汇总"]
    sheet = book["明细"]
    assert [c.value for c in sheet[1]] == [c.header for c in NONGSHANG.columns]
    first = {c.header: cell for c, cell in zip(NONGSHANG.columns, sheet[2], strict=True)}
    assert first["序号"].value == 1
    assert first["身份证号码"].value == "42130319800000001X"
    for header in ("身份证号码", "社会保障卡号", "明细编号"):
        assert first[header].data_type == "s"
        assert first[header].number_format == "@"
    assert sheet.cell(row=3, column=3).value == "421303198001011234"  # 18 digits survive as text
    assert first["金额"].data_type == "n"
    assert first["金额"].number_format == "0.00"
    assert first["金额"].value == 1234.5
    assert first["备注"].value == "曾都区2024年5月城乡低保"
    assert sheet.max_row == 3
    assert info.count == 2
    assert info.total == Decimal("1914.50")
    assert info.filename == "曾都区2024年05月全部项目代发-农村商业银行（示例）.xlsx"


def test_xlsx_summary_sheet_totals_by_township_and_programme():
    rows = [
        line(1, township="北郊街道", program="城乡低保", amount=Decimal("680.00")),
        line(2, township="府河镇", program="特困供养", amount=Decimal("1020.35")),
        line(3, township="北郊街道", program="特困供养", amount=Decimal("0.65")),
    ]

    info, content = write(rows)

    values = list(openpyxl.load_workbook(io.BytesIO(content))["汇总"].iter_rows(values_only=True))
    assert values[0][0] == "曾都区2024年5月全部项目代发汇总（代发银行：农村商业银行（示例））"
    assert ("北郊街道", 2, 680.65) in values
    assert ("府河镇", 1, 1020.35) in values
    assert ("城乡低保", 1, 680) in values
    assert ("特困供养", 2, 1021) in values
    assert values[-1] == ("合计", 3, 1701)
    assert [(s.label, s.count, s.amount) for s in info.summary.by_township] == [
        ("北郊街道", 2, Decimal("680.65")),
        ("府河镇", 1, Decimal("1020.35")),
    ]


@pytest.mark.parametrize("template", [NONGSHANG, PSBC, YIKATONG], ids=lambda t: t.code)
def test_sha256_is_of_the_exact_bytes_written(template):
    out = io.BytesIO(b"")

    info = bank_file_write(
        rows=[line(1), line(2)], template=template, county="曾都区", month=MAY, program_label="低保", out=out
    )

    assert info.sha256 == hashlib.sha256(out.getvalue()).hexdigest()


def test_totals_equal_the_sum_of_the_rows_to_the_fen_on_random_amounts():
    # given
    rnd = random.Random(20240501)
    towns = ["北郊街道", "府河镇", "淅河镇", "何店镇"]
    rows = [
        line(
            n,
            amount=Decimal(rnd.randint(1, 500_000)) / 100,
            township=rnd.choice(towns),
            program=rnd.choice("AB"),
        )
        for n in range(1, 3001)
    ]
    expected = sum((r.amount for r in rows), Decimal(0))

    # when
    info, content = write(rows)
    _, csv_content = write(rows, PSBC)

    # then
    assert info.total == expected
    assert sum(s.amount for s in info.summary.by_township) == expected
    assert sum(s.amount for s in info.summary.by_program) == expected
    assert sum(s.count for s in info.summary.by_program) == info.count == 3000
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True)["明细"]
    read_back = sum(Decimal(repr(r[4])) for r in sheet.iter_rows(min_row=2, values_only=True))
    assert read_back == expected
    assert sum(Decimal(r[4]) for r in csv_rows(csv_content, "gbk")[1:]) == expected


def test_csv_in_utf8_has_the_detail_rows_only_without_a_bom():
    info, content = write([line(1, name="欧阳娜娜"), line(2)], YIKATONG, label="城乡低保")

    assert not content.startswith(b"\xef\xbb\xbf")
    assert csv_rows(content, "utf-8") == [
        ["明细编号", "姓名", "身份证号", "社保卡号", "发放金额", "补贴项目", "备注"],
        [
            "PL-202405-000001",
            "欧阳娜娜",
            "42130319800000001X",
            "B00000001",
            "680.00",
            "城乡低保",
            "曾都区2024年5月城乡低保",
        ],
        [
            "PL-202405-000002",
            "王建华",
            "42130319800000002X",
            "B00000002",
            "680.00",
            "城乡低保",
            "曾都区2024年5月城乡低保",
        ],
    ]
    assert info.summary.count == 2


def test_csv_in_gbk_reads_back_with_rare_but_encodable_names():
    rows = [line(1, name="李赟"), line(2, name="王堃", program=""), line(3, name="张喆", amount=Decimal("5"))]

    info, content = write(rows, PSBC, label="特困供养")

    decoded = csv_rows(content, "gbk")
    assert decoded[0] == ["序号", "户名", "证件号码", "账号", "金额", "摘要"]
    assert [r[1] for r in decoded[1:]] == ["李赟", "王堃", "张喆"]
    assert decoded[2][5] == "2024年5月特困供养"  # a line without a programme takes the payroll's label
    assert decoded[3][4] == "5.00"
    assert decoded[1][3] == "6228480012345678001"
    assert info.filename.endswith(".csv")


def test_name_outside_gbk_is_refused_naming_the_row_and_nothing_is_written():
    out = io.BytesIO()

    with pytest.raises(BankFileRejected) as caught:
        bank_file_write(
            rows=[line(1), line(2, name="王𠮷")],
            template=PSBC,
            county="曾都区",
            month=MAY,
            program_label="低保",
            out=out,
        )

    problem = caught.value.problems[0]
    assert (problem.row, problem.column) == (3, "户名")
    assert "第3行" in problem.message
    assert "王𠮷" in problem.message
    assert "PL-202405-000002" in problem.message
    assert "GBK" in problem.message
    assert out.getvalue() == b""
    assert "第3行" in caught.value.message


def test_the_same_name_is_fine_in_a_utf8_template():
    _, content = write([line(1, name="王𠮷")], YIKATONG)

    assert "王𠮷" in content.decode("utf-8")


def test_every_bad_row_is_reported_before_anything_is_written():
    rows = [
        line(1),
        line(2, social_card=" "),
        line(3, amount=Decimal("0")),
        line(4, amount=Decimal("12.345")),
        line(1),
        line(6, name="张\x07三"),
        line(7, line_ref=""),
    ]

    with pytest.raises(BankFileRejected) as caught:
        write(rows)

    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [
        (3, "社会保障卡号"),
        (4, "金额"),
        (5, "金额"),
        (6, "明细编号"),
        (7, "姓名"),
        (8, "明细编号"),
    ]
    assert caught.value.total == 6
    assert "超过两位小数" in caught.value.problems[2].message
    assert "重复" in caught.value.problems[3].message
    assert "控制字符" in caught.value.problems[4].message


def test_no_rows_is_refused():
    with pytest.raises(ValidationFailed, match="没有需要代发的明细"):
        write([])


def test_text_that_looks_like_a_formula_stays_text():
    _, content = write([line(1, village="=HYPERLINK(1)")])

    cell = openpyxl.load_workbook(io.BytesIO(content))["明细"]["G2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


def test_summary_workbook_can_be_written_beside_a_csv_file():
    info, _ = write([line(1), line(2, township="府河镇")], PSBC)
    out = io.BytesIO()

    sha = bank_summary_write(summary=info.summary, out=out)

    assert sha == hashlib.sha256(out.getvalue()).hexdigest()
    values = list(openpyxl.load_workbook(out)["汇总"].iter_rows(values_only=True))
    assert values[-1] == ("合计", 2, 1360)


# ---------------------------------------------------------------- return file


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_return_file_marks_paid_and_failed_lines_with_their_reasons():
    # given: a bank title above the header, a blank line and a 合计 footer
    content = xlsx_bytes(
        [
            ["曾都区农商行代发回盘 2024-05"],
            ["明细编号", "姓名", "金额", "处理结果", "失败原因"],
            ["PL-1", "王建华", 680, "成功", None],
            [],
            ["PL-2", "李四", 1020.35, "户名不符", None],
            ["PL-3", "张三", "12.50", "失败", "账户已冻结"],
            ["合计", None, 1712.85, None, None],
        ]
    )

    # when
    result = return_file_read(content=content, filename="回盘.xlsx", template=NONGSHANG.returns)

    # then
    assert result.errors == []
    assert [(r.line_ref, r.paid, r.reason, r.row_number) for r in result.rows] == [
        ("PL-1", True, "", 3),
        ("PL-2", False, "户名不符", 5),
        ("PL-3", False, "账户已冻结", 6),
    ]
    assert [r.amount for r in result.rows] == [Decimal("680.00"), Decimal("1020.35"), Decimal("12.50")]


def test_gbk_csv_return_without_reference_is_matched_by_id_account_and_amount():
    # given: the 邮储 file echoes no 明细编号
    sent = [line(1), line(2, amount=Decimal("1020.35")), line(3)]
    text = "\r\n".join(
        [
            "序号,户名,证件号码,账号,金额,交易状态,响应信息",
            f"1,王建华,{sent[0].id_number},{sent[0].account},680.00,0000,",
            f'2,王建华,{sent[1].id_number.lower()},{sent[1].account},"1,020.35",户名不符,户名与账号不一致',
            f"3,王建华,{sent[2].id_number},{sent[2].account},680,成功,",
        ]
    )

    # when
    read = return_file_read(content=text.encode("gbk"), filename="hp.csv", template=PSBC.returns)
    matched = return_rows_match(result=read, lines=sent, template=PSBC.returns)

    # then
    assert read.errors == []
    assert [r.line_ref for r in read.rows] == ["", "", ""]
    assert matched.errors == []
    assert [(r.line_ref, r.paid, r.reason) for r in matched.rows] == [
        (sent[0].line_ref, True, ""),
        (sent[1].line_ref, False, "户名与账号不一致"),
        (sent[2].line_ref, True, ""),
    ]


def test_utf8_csv_with_a_bom_is_read():
    text = (
        "明细编号,姓名,身份证号,社保卡号,发放金额,补贴项目,发放结果,原因\nPL-1,王建华,x,y,680,低保,已入账,\n"
    )

    result = return_file_read(
        content=b"\xef\xbb\xbf" + text.encode(), filename="r.csv", template=YIKATONG.returns
    )

    assert result.errors == []
    assert result.rows[0].paid is True


def test_bad_rows_are_reported_with_row_column_and_reason_and_no_row_is_returned():
    content = xlsx_bytes(
        [
            ["明细编号", "金额", "处理结果", "失败原因"],
            ["PL-1", 680, "成功", None],
            ["PL-2", "六百", "成功", None],
            [None, 680, "成功", None],
            ["PL-1", 680, "成功", None],
            ["PL-4", 680, "处理中", None],
            ["PL-5", 680.123, "成功", None],
        ]
    )

    result = return_file_read(content=content, filename="回盘.xlsx", template=NONGSHANG.returns)

    assert result.rows == []
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "金额"),
        (4, "明细编号"),
        (5, "明细编号"),
        (6, "处理结果"),
        (7, "金额"),
        (0, "处理结果"),
    ]
    messages = [e.message for e in result.errors]
    assert "不是有效数字" in messages[0]
    assert "为空" in messages[1]
    assert "与第2行重复" in messages[2]
    assert "“处理中”无法识别" in messages[3]
    assert "两位小数" in messages[4]
    assert "成功为成功、已入账" in messages[5]


def test_return_file_missing_a_column_names_it():
    content = xlsx_bytes([["明细编号", "金额", "结果"], ["PL-1", 680, "成功"]])

    result = return_file_read(content=content, filename="回盘.xlsx", template=NONGSHANG.returns)

    assert [(e.row, e.column) for e in result.errors] == [(1, "处理结果"), (1, "失败原因")]
    assert result.errors[0].message == "第1行表头缺少“处理结果”列"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls"),
        (b"PK\x03\x04broken", "无法作为Excel工作簿打开"),
        ("\u4e00".encode("utf-16"), "编码无法识别"),
        ("无关,内容\n1,2\n".encode(), "没有找到表头"),
    ],
)
def test_an_unreadable_return_file_is_refused_as_a_whole(content, reason):
    result = return_file_read(content=content, filename="回盘", template=NONGSHANG.returns)

    assert result.rows == []
    assert [e.row for e in result.errors] == [0]
    assert reason in result.errors[0].message


def test_account_the_bank_saved_as_a_number_is_refused_as_mangled():
    content = xlsx_bytes(
        [
            ["序号", "户名", "证件号码", "账号", "金额", "交易状态", "响应信息"],
            [1, "王", "42", 6.228480012345678e18, 1, "0000", ""],
        ]
    )

    result = return_file_read(content=content, filename="hp.xlsx", template=PSBC.returns)

    assert [(e.row, e.column) for e in result.errors] == [(2, "账号")]
    assert "15位" in result.errors[0].message


def test_match_refuses_a_reference_not_sent_and_an_amount_that_differs():
    content = xlsx_bytes(
        [
            ["明细编号", "金额", "处理结果", "失败原因"],
            ["PL-202405-000001", 700, "成功", ""],
            ["PL-X", 680, "成功", ""],
        ]
    )
    read = return_file_read(content=content, filename="回盘.xlsx", template=NONGSHANG.returns)

    matched = return_rows_match(result=read, lines=[line(1)], template=NONGSHANG.returns)

    assert matched.rows == []
    assert [(e.row, e.column) for e in matched.errors] == [(2, "金额"), (3, "明细编号")]
    assert "700.00元与代发明细的680.00元不符" in matched.errors[0].message


def test_match_refuses_lines_it_cannot_tell_apart():
    # given: two lines with the same person, account and amount, and the bank answers them differently
    sent = [line(1), line(2, id_number=line(1).id_number, account=line(1).account)]
    row = f"王建华,{sent[0].id_number},{sent[0].account},680.00"
    text = f"户名,证件号码,账号,金额,交易状态,响应信息\n{row},成功,\n{row},失败,账户冻结\n"
    read = return_file_read(content=text.encode("gbk"), filename="hp.csv", template=PSBC.returns)

    # when
    matched = return_rows_match(result=read, lines=sent, template=PSBC.returns)

    # then
    assert matched.rows == []
    assert "无法区分" in matched.errors[0].message


def test_summary_rows_give_due_paid_and_failed_by_township_and_programme():
    lines = [
        ("北郊街道", "城乡低保", Decimal("680.00"), True),
        ("北郊街道", "城乡低保", Decimal("1020.35"), False),
        ("府河镇", "特困供养", Decimal("0.65"), None),
    ]

    rows = summary_rows(lines=lines)

    first, second, total = rows
    assert (first.due_count, first.due_amount, first.paid_amount, first.failed_amount) == (
        2,
        Decimal("1700.35"),
        Decimal("680.00"),
        Decimal("1020.35"),
    )
    assert (second.township, second.paid_count, second.failed_count) == ("府河镇", 0, 0)
    assert (total.township, total.due_amount, total.paid_count, total.failed_count) == (
        "合计",
        Decimal("1701.00"),
        1,
        1,
    )
