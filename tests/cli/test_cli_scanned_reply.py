"""import-reply on a scanned letter from the command line: the recognised text goes through the
same importer, each item says its page and line; without the OCR extra a clear Chinese refusal.
(The recogniser itself runs in tests/importers/test_ocr.py; here it is replaced by the lines it
would give, so the wiring is checked fast.)"""
import json
from pathlib import Path

import pytest
from cli_helpers import run
from PIL import Image

from qjtasks.paper import ocr

SEED = Path(__file__).parents[2] / "resources" / "seed" / "reply-024.txt"


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "复函扫描件.pdf"
    pages = [Image.new("L", (400, 560), 255) for _ in range(2)]
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=50)
    return path


def fake_recognise(images, progress=None, cancelled=None):
    """The seed letter's lines, half on each page, as the recogniser would return them."""
    lines = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    half = len(lines) // 2
    out = ocr.OcrText(pages=len(images), seconds=1.5)
    for k, chunk in ((1, lines[:half]), (2, lines[half:])):
        out.lines += [ocr.OcrLine(k, n, t.strip()) for n, t in enumerate(chunk, 1)]
        if progress:
            progress(k, len(images))
    return out


def test_scanned_letter_imports_its_plan_with_page_and_line(capsys, tmp_path, scan, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "recognise", fake_recognise)
    db = tmp_path / "scan.db"
    code, out, err = run(capsys, db, "import-reply", str(scan), "--dry-run", "--json")
    assert code == 0, err
    assert "文字识别：第 1/2 页" in err and "文字识别：第 2/2 页" in err
    data = json.loads(out)
    assert data["document"]["doc_number"] == "綦发改函〔2022〕140号"
    assert data["ocr"]["pages"] == 2 and data["ocr"]["lines"] > 20
    assert len(data["plan_items"]) == 3
    assert all(c["page"] == 2 and c["line"] >= 1 for c in data["plan_items"])
    code, out, err = run(capsys, db, "import-reply", str(scan), "--allow-duplicate")
    assert code == 0, err
    assert "扫描件经文字识别：2 页" in out and "［第2页第" in out and "生成待交办事项 3 项" in out


def test_without_the_extra_nothing_is_stored(capsys, tmp_path, scan, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    db = tmp_path / "none.db"
    before = run(capsys, db, "dossier", "list")[1]
    code, out, err = run(capsys, db, "import-reply", str(scan), "--allow-duplicate")
    assert code == 1 and 'pip install "qjtasks[ocr]"' in err and "扫描件或图片" in err
    assert "Traceback" not in err and "Error" not in err
    assert run(capsys, db, "dossier", "list")[1] == before
