"""Output files are written whole or not at all, with a Chinese message on failure."""
import pytest

from qjtasks.core.errors import QjtasksError
from qjtasks.core.files import write_atomically


def test_writes_whole_file_and_leaves_no_part(tmp_path):
    target = tmp_path / "台账.xlsx"
    assert write_atomically(target, lambda tmp: tmp.write_bytes(b"abc")) == target
    assert target.read_bytes() == b"abc" and not list(tmp_path.glob("*.part"))


def test_failure_keeps_the_old_file_and_removes_the_part(tmp_path):
    target = tmp_path / "v.pdf"
    target.write_bytes(b"old")

    def half(tmp):
        tmp.write_bytes(b"half")
        raise OSError(28, "No space left on device")
    with pytest.raises(QjtasksError, match="无法写入"):
        write_atomically(target, half)
    assert target.read_bytes() == b"old" and not list(tmp_path.glob("*.part"))


def test_folder_that_is_a_file_gets_a_chinese_message(tmp_path):
    (tmp_path / "不是目录").write_text("x")
    with pytest.raises(QjtasksError, match="无法写入") as err:
        write_atomically(tmp_path / "不是目录" / "v.pdf", lambda tmp: tmp.write_bytes(b"x"))
    assert "Traceback" not in str(err.value)
