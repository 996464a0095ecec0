"""Kept files: written once, checked against their SHA-256 when opened, removed when not recorded."""

from __future__ import annotations

import pytest

from apps.core.files import file_check, file_write, removed_on_error, root
from policy.errors import Conflict, NotFound


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_a_written_file_opens_while_its_bytes_match():
    written = file_write(
        folder="reports", under="421303000000/2025", prefix="7-", suffix="docx", content=b"abc"
    )

    assert written.stored_path.startswith("421303000000/2025/7-") and written.stored_path.endswith(".docx")
    assert written.size == 3 and written.path == root("reports") / written.stored_path
    assert (
        file_check(folder="reports", stored_path=written.stored_path, sha256=written.sha256) == written.path
    )


def test_a_changed_file_is_refused_and_a_missing_one_not_found():
    written = file_write(folder="reports", under="x", suffix="xlsx", content=b"abc")
    written.path.write_bytes(b"abd")

    with pytest.raises(Conflict, match="SHA-256不一致"):
        file_check(folder="reports", stored_path=written.stored_path, sha256=written.sha256)
    written.path.unlink()
    with pytest.raises(NotFound, match="已不在服务器上"):
        file_check(folder="reports", stored_path=written.stored_path, sha256=written.sha256)


def test_the_files_of_a_failed_block_are_removed_and_those_of_a_good_one_kept():
    before = file_write(folder="reports", under="x", suffix="docx", content=b"1")
    with pytest.raises(RuntimeError), removed_on_error(before.path) as kept:
        inside = file_write(folder="reports", under="x", suffix="docx", content=b"2", kept=kept)
        raise RuntimeError("the transaction failed")
    assert not before.path.exists() and not inside.path.exists()

    with removed_on_error() as kept:
        good = file_write(folder="reports", under="x", suffix="docx", content=b"3", kept=kept)
    assert good.path.read_bytes() == b"3"
