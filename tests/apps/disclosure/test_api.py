"""The API: read, write, check and generate one county's report on one year, and download the files."""

from __future__ import annotations

from rest_framework.test import APIClient

from tests.factories import COUNTY, OTHER_COUNTY
from tests.policy.disclosure.sample import TEXTS, consistent_cells

URL = f"/api/v1/disclosure/{COUNTY}/2025/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_unentered_year_reads_as_the_blank_grid_of_its_template(supervisor):
    data = _api(supervisor).get("/api/v1/disclosure/421303/2020/").json()

    assert data["version"] == 0 and data["template"] == "2019" and data["organ"] == "曾都区民政局"
    assert data["cell_names"]["t2.procurement.amount"] == "表二 第二十条第（九）项 政府集中采购 / 采购总金额"
    assert data["failures"] == []


def test_a_put_saves_and_answers_the_failures_of_the_draft(admin_user, areas):
    cells = consistent_cells() | {"t3.new.natural": 6}

    data = (
        _api(admin_user)
        .put(URL, {"organ": "曾都区民政局", "texts": TEXTS, "cells": cells}, format="json")
        .json()
    )

    assert data["version"] == 1 and data["cells"]["t3.new.natural"] == "6"
    assert [f["code"] for f in data["failures"]] == ["t3.balance.natural", "t3.applicants.new"]
    assert data["failures"][0]["where"] == "表三 自然人列"


def test_a_put_with_an_unreadable_figure_answers_400_by_cell(admin_user, areas):
    response = _api(admin_user).put(URL, {"organ": "x", "cells": {"t2.fees.amount": "1.234"}}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["t2.fees.amount"] == [
        "表二 第二十条第（八）项 行政事业性收费 / 本年收费金额（单位：万元）："
        "金额以万元为单位，至多保留两位小数，填写的是“1.234”"
    ]


def test_check_runs_every_rule_without_saving(admin_user, supervisor, areas):
    # 监督 reads the report's failures on its page; it sends no POST at all, even one that saves nothing.
    body = {"organ": "局", "texts": TEXTS, "cells": {}}
    assert _api(supervisor).post(f"{URL}check/", body, format="json").status_code == 403
    response = _api(admin_user).post(
        f"{URL}check/", {"organ": "局", "texts": TEXTS, "cells": {"t4.direct.upheld": 1}}, format="json"
    )

    assert response.json()["ok"] is False
    assert response.json()["failures"][0]["message"].startswith("表四 行政诉讼·未经复议直接起诉 / 总计")


def test_generate_refuses_with_fields_then_makes_a_file_to_download(admin_user, supervisor, saved):
    client = _api(admin_user)
    client.put(URL, {"organ": "曾都区民政局", "texts": TEXTS, "cells": {"t4.review.total": 1}}, format="json")
    refused = client.post(f"{URL}generate/", {"format": "docx"}, format="json")
    assert refused.status_code == 400 and "t4.review.total" in refused.json()["error"]["fields"]

    client.put(URL, {"organ": "曾都区民政局", "texts": TEXTS, "cells": consistent_cells()}, format="json")
    made = client.post(f"{URL}generate/", {"format": "xlsx"}, format="json")
    assert made.status_code == 201 and made.json()["report_version"] == 3

    download = _api(supervisor).get(f"/api/v1/disclosure/files/{made.json()['id']}/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"


def test_another_county_answers_404_and_a_reader_may_not_write(outsider, supervisor, saved):
    assert _api(outsider).get(URL).status_code == 404
    assert _api(outsider).get(f"/api/v1/disclosure/{OTHER_COUNTY[:6]}/2025/").status_code == 200
    assert _api(supervisor).put(URL, {"organ": "x"}, format="json").status_code == 403
