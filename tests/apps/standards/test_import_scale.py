"""The standards import at scale (issue 19, point 1). Each version is written against the timeline it
extends, so a file of 10,000 versions of one parameter made the write quadratic (minutes, holding the
write lock); such a file is now refused at once with one issue, and a file within the cap imports. A file
over the import size limit is refused before it is read.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.registry.services.import_read import ImportRejected
from apps.standards.models import StandardVersion
from apps.standards.services import standards_import
from apps.standards.services.importing import MAX_PER_TIMELINE, MAX_ROWS
from tests.apps.standards.test_imports import HEADER, csv_bytes

pytestmark = pytest.mark.django_db
SECONDS = 30


def _versions(count: int) -> list[str]:
    first = date(1990, 1, 1)
    return [
        f"421303,dibao.standard,城市,{600 + i % 300},{(first + timedelta(days=i)).isoformat()},"
        for i in range(count)
    ]


def test_10000_versions_of_one_parameter_are_refused_at_once_with_one_issue(admin_user):
    # given the largest file allowed, every row a new value of one parameter
    content = csv_bytes(*_versions(MAX_ROWS))
    # when
    started = time.perf_counter()
    with pytest.raises(ImportRejected) as info:
        standards_import(actor=admin_user, file_name="标准.csv", content=content)
    seconds = time.perf_counter() - started
    # then
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert [(i.row, i.column) for i in info.value.issues] == [(2, "参数")]
    assert info.value.issues[0].reason == (
        f"同一区划、参数和城乡在一个文件中最多{MAX_PER_TIMELINE}个版本，本文件有10,000个"
        "（第2、3、4、5、6、7、8、9、10、11、12行等），请分批导入"
    )
    assert not StandardVersion.objects.exists()


def test_a_file_at_the_cap_imports_every_version(admin_user):
    result = standards_import(actor=admin_user, file_name="a.csv", content=csv_bytes(*_versions(100)))
    assert result.versions == 100
    assert StandardVersion.objects.filter(effective_to__isnull=True).count() == 1


def test_an_upload_over_the_limit_is_refused_before_it_is_read(client, admin_user, settings, monkeypatch):
    settings.MINZHENG_IMPORT_MAX_MB = 0.1
    content = (HEADER + "421303,dibao.standard,城市,680,2023-01-01," + "说" * 100_000 + "\n").encode()

    def never(**kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the import was started")

    monkeypatch.setattr("apps.standards.views.standards_import", never)
    client.force_login(admin_user)
    response = client.post(reverse("standards:import"), {"file": SimpleUploadedFile("标准.csv", content)})
    assert "文件过大：“标准.csv”有0.3MB，导入文件不能超过0.1MB" in response.content.decode()
