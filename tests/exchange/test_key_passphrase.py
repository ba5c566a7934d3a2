"""Issue 16, case 11: the key file's passphrase (cryptography's own key encryption)."""
import json
import os
import stat

import pytest
from xnet import enrol_unit, issue_all

from qjtasks.cli import main
from qjtasks.exchange import enrol, export, keys


@pytest.fixture(autouse=True)
def _no_source():
    """Each test starts with no way to ask and nothing remembered."""
    keys.set_passphrase_source(None)
    keys._passphrases.clear()
    yield
    keys.set_passphrase_source(None)
    keys._passphrases.clear()


def _asker(answers):
    asked = []

    def source(path, retry):
        asked.append(retry)
        return answers.pop(0) if answers else None
    keys.set_passphrase_source(source)
    return asked


def test_a_protected_key_file_is_encrypted_and_asked_once(tmp_path):
    path = tmp_path / "x.qjkeys"
    pair = keys.KeyPair.generate()
    keys.save(pair, path)
    keys.change_passphrase(path, "正确的口令123")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["encrypted"] and "ENCRYPTED PRIVATE KEY" in data["sign_pem"]
    assert "sign" not in data and "box" not in data
    keys._passphrases.clear()                          # a new session
    with pytest.raises(keys.PassphraseError, match="未输入口令"):
        keys.load(path)
    asked = _asker(["正确的口令123"])
    assert keys.load(path).public == pair.public
    assert keys.load(path).public == pair.public       # remembered: not asked again
    assert asked == [False]


def test_wrong_passphrase_then_right_one_and_three_wrong_ones(tmp_path):
    path = tmp_path / "x.qjkeys"
    keys.save(keys.KeyPair.generate(), path, "正确的口令123")
    keys._passphrases.clear()
    asked = _asker(["错的", "正确的口令123"])
    keys.load(path)
    assert asked == [False, True]
    keys._passphrases.clear()
    _asker(["错1", "错2", "错3", "正确的口令123"])
    with pytest.raises(keys.PassphraseError, match="口令不正确"):
        keys.load(path)


def test_a_changed_key_file_is_refused_in_chinese(tmp_path):
    path = tmp_path / "x.qjkeys"
    keys.save(keys.KeyPair.generate(), path, "正确的口令123")
    data = json.loads(path.read_text(encoding="utf-8"))
    lines = data["sign_pem"].split("\n")
    middle = lines[2]
    lines[2] = middle[:10] + ("A" if middle[10] != "A" else "B") + middle[11:]
    data["sign_pem"] = "\n".join(lines)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(keys.TrustError) as err:
        keys.load(path)
    assert "已被改动" in str(err.value) or "已损坏" in str(err.value)
    path.write_text('{"format": "qjtasks-keys", "encrypted": true}', encoding="utf-8")
    with pytest.raises(keys.TrustError, match="已损坏"):
        keys.load(path)


def test_packages_sign_and_open_with_a_protected_office_key(net):
    issue_all(net.office, [1, 2])
    enrol_unit(net, "区科技局")
    path = enrol.key_file(net.office.store)
    keys.change_passphrase(path, "督办口令2026")
    keys._passphrases.clear()
    with pytest.raises(keys.PassphraseError):
        export.export_package(net.office, net.root / "p.qjpkg", "区科技局")
    _asker(["督办口令2026"])
    assert export.export_package(net.office, net.root / "p.qjpkg", "区科技局").records > 0


def _cli(capsys, db, *args):
    code = main(["--db", str(db), "--today", "2026-11-25", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_sets_changes_uses_and_removes_the_passphrase(capsys, tmp_path, monkeypatch):
    db = tmp_path / "c.db"
    assert _cli(capsys, db, "init")[0] == 0
    (tmp_path / "pw").write_text("第一个口令abc\n", encoding="utf-8")
    (tmp_path / "pw2").write_text("第二个口令xyz\n", encoding="utf-8")
    (tmp_path / "short").write_text("abc\n", encoding="utf-8")
    code, out, err = _cli(capsys, db, "keys", "passphrase", "--new-passphrase-file",
                          tmp_path / "short")
    assert code == 1 and "太短" in err
    code, out, err = _cli(capsys, db, "keys", "passphrase", "--new-passphrase-file",
                          tmp_path / "pw")
    assert code == 0 and "已生成本机密钥并设置口令" in out, err
    key_file = keys.key_path(db)
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600 and keys.is_protected(key_file)
    keys._passphrases.clear()
    code, out, err = _cli(capsys, db, "keys", "status")          # no terminal, no variable
    assert code == 1 and "QJTASKS_PASSPHRASE_FILE" in err and "Traceback" not in err
    monkeypatch.setenv("QJTASKS_PASSPHRASE_FILE", str(tmp_path / "pw2"))
    code, out, err = _cli(capsys, db, "keys", "status")
    assert code == 1 and "口令不正确" in err
    monkeypatch.setenv("QJTASKS_PASSPHRASE_FILE", str(tmp_path / "pw"))
    code, out, err = _cli(capsys, db, "keys", "status")
    assert code == 0 and "口令：已设置" in out
    keys._passphrases.clear()
    code, out, err = _cli(capsys, db, "keys", "passphrase", "--new-passphrase-file",
                          tmp_path / "pw2")
    assert code == 0, err
    keys._passphrases.clear()
    monkeypatch.setenv("QJTASKS_PASSPHRASE_FILE", str(tmp_path / "pw2"))
    code, out, err = _cli(capsys, db, "keys", "passphrase", "--remove")
    assert code == 0 and "已取消" in out
    monkeypatch.delenv("QJTASKS_PASSPHRASE_FILE")
    keys._passphrases.clear()
    code, out, err = _cli(capsys, db, "keys", "status")
    assert code == 0 and "未设置" in out


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_the_program_creates_databases_and_backups_private(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    folder = tmp_path / "新建文件夹"
    db = folder / "s.db"
    env = {**os.environ, "PYTHONPATH": str(root), "QJTASKS_DATA_DIR": str(tmp_path / "data")}
    for args in (["init"], ["backup"], ["backup", "-o", str(folder / "手动备份.db")]):
        proc = subprocess.run([sys.executable, "-m", "qjtasks", "--db", str(db),
                               "--today", "2026-11-25", *args],
                              capture_output=True, text=True, env=env, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    mode = lambda p: stat.S_IMODE(os.stat(p).st_mode)  # noqa: E731
    assert mode(folder) == 0o700 and mode(db) == 0o600
    backups = [p for p in folder.rglob("*.db") if p != db]
    assert len(backups) >= 2 and all(mode(p) == 0o600 for p in backups)
    assert all(mode(p) == 0o700 for p in folder.rglob("*") if p.is_dir())
