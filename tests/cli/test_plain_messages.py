"""No Python or SQLite words in what users read (issue 16, case 7): each failure is said in
Chinese and its technical detail goes to the log file, which the message names."""
import re

import pytest
from cli_helpers import run

from qjtasks.importers.readers import LetterError, read_letter

ENGLISH = re.compile(r"Error|Exception|Traceback|BadZip|PdfStream|No such file|unable to open|"
                     r"created_at|OSError|sqlite", re.IGNORECASE)


def _log(tmp_path):
    return tmp_path / "logs" / "qjtasks.log"


def test_an_unexpected_failure_names_the_log_file_not_the_exception(tmp_path, capsys,
                                                                    monkeypatch):
    db = tmp_path / "c.db"
    run(capsys, db, "list")
    from qjtasks.core.store.search import ItemLists

    def broken(self, *args, **kwargs):
        raise RuntimeError("something internal broke")
    monkeypatch.setattr(ItemLists, "items", broken)
    code, _, err = run(capsys, db, "list")
    assert code == 1 and "程序内部错误" in err and str(_log(tmp_path)) in err
    assert not ENGLISH.search(err.replace(str(tmp_path), "")), err
    log = _log(tmp_path).read_text(encoding="utf-8")
    assert "RuntimeError: something internal broke" in log and "Traceback" in log


def test_exporting_onto_a_folder_says_so_in_chinese(tmp_path, capsys):
    db = tmp_path / "c.db"
    (tmp_path / "out.csv").mkdir()
    code, _, err = run(capsys, db, "export", "--format", "csv", "-o", tmp_path / "out.csv")
    assert code == 1 and "文件夹" in err
    assert not ENGLISH.search(err.replace(str(tmp_path), "")), err
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("name, says", [("复函.docx", "不是 Word 文件"), ("复函.pdf", "不是 PDF 文件")])
def test_gbk_text_named_as_word_or_pdf_is_not_called_damaged(tmp_path, name, says):
    path = tmp_path / name
    path.write_bytes("关于深化綦江区绿色发展的一些建议的复函".encode("gbk"))
    with pytest.raises(LetterError) as caught:
        read_letter(path)
    assert says in str(caught.value) and "损坏" not in str(caught.value)
    assert not ENGLISH.search(str(caught.value))


def test_a_damaged_word_file_keeps_the_exception_for_the_log_only(tmp_path, capsys):
    path = tmp_path / "坏.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    code, _, err = run(capsys, tmp_path / "c.db", "import-reply", path)
    assert code == 1 and "已损坏" in err and str(_log(tmp_path)) in err
    assert not ENGLISH.search(err.replace(str(tmp_path), "")), err
    assert "BadZipFile" in _log(tmp_path).read_text(encoding="utf-8")


def test_a_seven_byte_package_is_truncated_not_from_a_newer_version(tmp_path, capsys):
    from qjtasks.exchange.envelope import MAGIC
    bad = tmp_path / "x.qjpkg"
    bad.write_bytes(MAGIC[:7])
    code, _, err = run(capsys, tmp_path / "o.db", "package", "verify", bad)
    assert code == 1 and "截断" in err and "升级" not in err


def test_a_package_header_without_a_field_names_it_in_chinese():
    from qjtasks.exchange import envelope
    from qjtasks.exchange.errors import PackageError
    with pytest.raises(PackageError) as caught:
        envelope._header(b'{"format": "%s"}' % envelope.FORMAT.encode())
    assert "数据包编号" in str(caught.value) and not ENGLISH.search(str(caught.value))


def test_a_missing_package_file_is_said_in_chinese(tmp_path, capsys):
    code, _, err = run(capsys, tmp_path / "o.db", "package", "verify", tmp_path / "无.qjpkg")
    assert code == 1 and not ENGLISH.search(err.replace(str(tmp_path), "")), err
