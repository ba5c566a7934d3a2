"""`qjtasks package …` end to end: enrol, exchange, verify, refuse, list what came from where."""
import json
import re

from cli_helpers import run


def ok(capsys, db, *args):
    code, out, err = run(capsys, db, *args)
    assert code == 0, (args, err)
    return out


def fingerprint(text, who):
    return re.search(who + r"[^：\n]*指纹：([0-9A-F-]{29})", text).group(1)


def test_enrol_export_import_and_refusals(capsys, tmp_path):
    office, unit = tmp_path / "office.db", tmp_path / "unit.db"
    invite, answer = tmp_path / "科技局.qjenrol", tmp_path / "回执.qjenrol"
    ok(capsys, office, "edit", "2", "--deadline", "2027-02-26")
    ok(capsys, office, "issue", "2", "--date", "2026-11-25")
    out = ok(capsys, office, "package", "enrol", "create", "--unit", "区科技局", "-o", invite)
    office_fp = fingerprint(out, "本机")
    out = ok(capsys, unit, "package", "enrol", "accept", invite, "-o", answer)
    assert fingerprint(out, "督办方") == office_fp
    unit_fp = fingerprint(out, "本机")
    out = ok(capsys, office, "package", "enrol", "answer", answer)
    assert unit_fp in out
    code, _, err = run(capsys, office, "package", "enrol", "confirm", "区科技局", "0000-0000")
    assert code == 1 and "指纹不一致" in err
    ok(capsys, office, "package", "enrol", "confirm", "区科技局", unit_fp.lower())
    ok(capsys, unit, "package", "enrol", "confirm", "区发改委", office_fp.replace("-", " "))

    out_pkg = tmp_path / "to-unit.qjpkg"
    ok(capsys, office, "package", "export", "--unit", "区科技局", "-o", out_pkg)
    out = ok(capsys, unit, "package", "verify", out_pkg)
    assert "校验通过" in out and "发送方：区发改委" in out and "进一步强化科研项目支撑" in out
    ok(capsys, unit, "package", "import", out_pkg)
    code, out, err = run(capsys, unit, "package", "import", out_pkg)
    assert code == 0 and out.startswith("已导入过，无变化") and "已于" in out and not err

    out = ok(capsys, unit, "list", "--json")
    assert [i["id"] for i in json.loads(out)] == [2]          # the unit holds only its items
    ok(capsys, unit, "sign", "2", "--unit", "区科技局", "--signer", "陈七")
    ok(capsys, unit, "note", "2", "--unit", "区科技局", "--text", "已发布征集通知",
       "--percent", "30")
    back = tmp_path / "to-office.qjpkg"
    ok(capsys, unit, "package", "export", "-o", back)
    out = ok(capsys, office, "package", "verify", "--header-only", back)
    assert "发送方：区科技局" in out and "序号：第 1 号" in out
    out = ok(capsys, office, "package", "import", back)
    assert "签收：陈七" in out and "已发布征集通知" in out

    out = json.loads(ok(capsys, office, "package", "list-applied", "--json"))
    assert len(out) == 1 and {c["action"] for c in out[0]["changes"]} >= {"item.sign",
                                                                            "item.note"}
    out = ok(capsys, office, "package", "list")
    assert "区科技局" in out

    ok(capsys, office, "package", "enrol", "revoke", "区科技局", "--reason", "电脑更换")
    ok(capsys, unit, "note", "2", "--unit", "区科技局", "--text", "第二次反馈")
    later = tmp_path / "later.qjpkg"
    ok(capsys, unit, "package", "export", "-o", later)
    code, _, err = run(capsys, office, "package", "import", later)
    assert code == 1 and "吊销" in err
    code, _, err = run(capsys, office, "package", "export", "--unit", "区科技局")
    assert code == 1 and "尚未完成注册" in err


def test_bad_file_is_a_chinese_error_not_a_traceback(capsys, tmp_path):
    bad = tmp_path / "x.qjpkg"
    bad.write_bytes(b"garbage")
    code, out, err = run(capsys, tmp_path / "o.db", "package", "verify", bad)
    assert code == 1 and err.startswith("错误：") and "Traceback" not in err
