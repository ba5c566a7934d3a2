"""Paper in, end to end: print notices, "scan" them (150 dpi, rotated 2–5°, noise, JPEG, one
PDF), then `qjtasks scan-receipts` records every unit's 签收 once, with the page as evidence."""
import io
import json
import random
import sqlite3
import subprocess

import pytest
from cli_helpers import run
from PIL import Image

from qjtasks.paper import codes, scan


@pytest.fixture
def db(tmp_path):
    return tmp_path / "office.db"


def issue(capsys, db, item):
    assert run(capsys, db, "edit", item, "--assigned", "2026-11-02", "--deadline", "2027-02-25")[0] == 0
    assert run(capsys, db, "issue", item, "--date", "2026-11-02")[0] == 0


def rendered(pdf, tmp_path, dpi=150) -> list[Image.Image]:
    stem = tmp_path / f"page-{pdf.stem}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(stem)], check=True)
    return [Image.open(p) for p in sorted(tmp_path.glob(f"{stem.name}-*.png"))]


def scanned(image: Image.Image, angle: float, seed: int) -> Image.Image:
    """What an office scanner returns: slightly rotated, speckled, JPEG-compressed."""
    rng = random.Random(seed)
    im = image.convert("L").rotate(angle, expand=True, fillcolor=255)
    px = im.load()
    for _ in range(im.width * im.height // 150):
        px[rng.randrange(im.width), rng.randrange(im.height)] = rng.choice((0, 90, 255))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=55)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def as_pdf(images, path):
    images[0].save(path, save_all=True, append_images=images[1:], resolution=150)
    return path


def signed(db) -> dict:
    with sqlite3.connect(db) as conn:
        return {(i, u): (by, origin) for i, u, by, origin in conn.execute(
            "SELECT item_id, unit_id, signed_by, sign_origin FROM assignments "
            "WHERE signed_at IS NOT NULL")}


def journal_rows(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM journal").fetchone()[0]


def test_scanned_notices_record_every_unit_once(capsys, db, tmp_path):
    issue(capsys, db, 1)
    issue(capsys, db, 2)
    pdf = tmp_path / "notices.pdf"
    assert run(capsys, db, "print", "notice", "1", "-o", pdf)[0] == 0
    pdf2 = tmp_path / "notices2.pdf"
    assert run(capsys, db, "print", "notice", "2", "-o", pdf2)[0] == 0
    pages = rendered(pdf, tmp_path) + rendered(pdf2, tmp_path)
    assert len(pages) == 6       # each receipt on its notice's page
    rng = random.Random(7)
    scans = [scanned(p, rng.choice((-1, 1)) * rng.uniform(2, 5), k) for k, p in enumerate(pages)]
    scan_pdf = as_pdf(scans, tmp_path / "scan.pdf")

    code, out, err = run(capsys, db, "scan-receipts", scan_pdf, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["pages"] == 6 and len(result["recorded"]) == 6, result
    assert not result["unreadable"] and not result["forged"]
    got = signed(db)
    assert len(got) == 6 and all(v == ("纸质回执", "纸质") for v in got.values())
    with sqlite3.connect(db) as conn:
        files = [r[0] for r in conn.execute("SELECT stored_path FROM sign_evidence")]
    assert len(files) == 6
    evidence = Image.open(files[0])
    assert evidence.format == "JPEG" and max(evidence.size) >= 1500

    before = journal_rows(db)
    code, out, err = run(capsys, db, "scan-receipts", scan_pdf)
    assert code == 0 and "已登记签收 0" in out and "此前已签收 6" in out
    assert journal_rows(db) == before and signed(db) == got


def test_forged_other_office_and_blank_pages_are_refused(capsys, db, tmp_path):
    issue(capsys, db, 1)
    other = tmp_path / "other.db"      # another office: same seed, its own key
    issue(capsys, other, 1)
    theirs = tmp_path / "theirs.pdf"
    assert run(capsys, other, "print", "notice", "1", "--unit", "区发改委", "-o", theirs)[0] == 0
    from qjtasks.core.store import Store
    store = Store.open(db)
    mine = codes.signer_for(store)
    store.close()
    genuine = codes.parse(mine.code(1, 1, "綦发改督〔2026〕1号", "R"))
    forged = codes.SheetCode(genuine.office, 1, 2, genuine.serial, "R", genuine.check)
    forged_pdf = tmp_path / "forged.pdf"
    from reportlab.pdfgen.canvas import Canvas

    from qjtasks.pdf.layout import draw_qr
    canv = Canvas(str(forged_pdf))
    draw_qr(canv, forged.text(), 300, 300, 70)
    canv.showPage()
    canv.showPage()                    # a blank page
    canv.save()
    pages = rendered(theirs, tmp_path) + rendered(forged_pdf, tmp_path)
    scan_pdf = as_pdf([scanned(p, 3, k) for k, p in enumerate(pages)], tmp_path / "mixed.pdf")
    code, out, err = run(capsys, db, "scan-receipts", scan_pdf)
    assert code == 0, err
    assert "其他督办单位的回执：mixed.pdf 第1页" in out
    assert "校验不符（伪造或误改）：mixed.pdf 第2页" in out
    assert "无法识别：mixed.pdf 第3页" in out
    assert signed(db) == {}


def test_photos_and_bad_files(capsys, db, tmp_path):
    issue(capsys, db, 1)
    pdf = tmp_path / "n.pdf"
    assert run(capsys, db, "print", "notice", "1", "--unit", "区生态环境局", "-o", pdf)[0] == 0
    photo = tmp_path / "photo.jpg"
    scanned(rendered(pdf, tmp_path, 200)[0], -4, 1).save(photo, quality=70)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    code, out, err = run(capsys, db, "scan-receipts", photo, broken)
    assert code == 0, err
    assert "已登记签收：photo.jpg 第1页" in out and "无法识别：broken.pdf 第1页" in out
    assert "文件无法打开或已损坏" in out
    code, out, err = run(capsys, db, "scan-receipts", tmp_path / "missing.pdf")
    assert code == 1 and "不存在" in err and "Traceback" not in err
    (tmp_path / "notes.txt").write_text("x")
    code, out, err = run(capsys, db, "scan-receipts", tmp_path / "notes.txt")
    assert code == 1 and "不是 PDF 或图片文件" in err


def test_read_pages_reports_progress_and_stops_when_cancelled(tmp_path):
    blank = Image.new("L", (400, 560), 255)
    pdf = as_pdf([blank.convert("RGB")] * 4, tmp_path / "blank.pdf")
    seen = []
    pages = list(scan.read_pages([pdf], lambda d, t: seen.append((d, t)),
                                 cancelled=lambda: len(seen) >= 2))
    assert len(pages) == 2 and seen == [(1, 4), (2, 4)]
    assert all(p.texts == () and p.image[:2] == b"\xff\xd8" for p in pages)
