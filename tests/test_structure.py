"""The store owns the connection (issue 18): the front ends and exchange/ never touch it or
write SQL."""
import re
from pathlib import Path

ROOT = Path(__file__).parents[1] / "qjtasks"
RAW = re.compile(r"\.conn\b|\.execute(many)?\(|sqlite3\.connect")


def test_front_ends_never_touch_the_connection():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for folder in ("gui", "cli", "exchange") for path in sorted((ROOT / folder).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if RAW.search(line)]
    assert found == []


def test_only_the_store_touches_the_connection():
    """The front ends, the features, the core's domain modules and the write side
    (core/services) never touch the connection; only SQL_ALLOWED below may."""
    found = {path.relative_to(ROOT).as_posix() for path in sorted(ROOT.rglob("*.py"))
             if not path.relative_to(ROOT).as_posix().startswith(SQL_ALLOWED)
             and RAW.search(path.read_text(encoding="utf-8"))}
    assert found == set()


# SQL belongs in core/store, core/migrations and the low-level file tools, nowhere else.
SQL_CALL = re.compile(r"\.execute(many|script)?\(")
SQL_WORDS = re.compile(r"[\"'](\s*)(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b")
SQL_ALLOWED = ("core/store/", "core/migrations.py", "core/integrity.py", "core/backup.py",
               "core/restore.py", "core/tx.py", "core/dbfile.py", "core/files.py")


def _sql_modules() -> set[str]:
    found = set()
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(SQL_ALLOWED):
            continue
        text = path.read_text(encoding="utf-8")
        if SQL_CALL.search(text) or SQL_WORDS.search(text):
            found.add(rel)
    return found


def test_sql_only_in_the_store():
    assert _sql_modules() == set()


def test_the_sql_check_can_fail(tmp_path, monkeypatch):
    (tmp_path / "gui").mkdir()
    (tmp_path / "gui" / "x.py").write_text('q = "SELECT id FROM items"\n', encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _sql_modules() == {"gui/x.py"}


# No class over 30 methods; the classes below are over now, each may only get smaller.
MAX_METHODS = 30
TOO_BIG_NOW: dict[str, int] = {}


def _method_counts() -> dict[str, int]:
    import ast
    counts = {}
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                n = sum(isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef)) for b in node.body)
                counts[f"{path.relative_to(ROOT).as_posix()}:{node.name}"] = n
    return counts


def test_no_class_over_30_methods():
    big = {k: n for k, n in _method_counts().items() if n > MAX_METHODS}
    grown = {k: n for k, n in big.items() if n > TOO_BIG_NOW.get(k, MAX_METHODS)}
    assert grown == {}


def test_the_method_count_can_fail(tmp_path, monkeypatch):
    body = "".join(f"    def m{i}(self):\n        pass\n" for i in range(31))
    (tmp_path / "big.py").write_text("class Big:\n" + body, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _method_counts() == {"big.py:Big": 31}


def test_one_error_style():
    copies = [path.relative_to(ROOT).as_posix() for path in sorted((ROOT / "gui").rglob("*.py"))
              if "c5221f" in path.read_text(encoding="utf-8").lower()]
    assert copies == ["gui/style.py"]


# Table models and item delegates live in gui/models (issue 18): a view or dialog builds them,
# it does not define them. Subclasses of a class defined in a scanned module count as well.
QT_MODEL_BASES = {"QAbstractItemModel", "QAbstractTableModel", "QAbstractListModel",
                  "QStandardItemModel", "QStringListModel", "QFileSystemModel",
                  "QAbstractProxyModel", "QSortFilterProxyModel", "QIdentityProxyModel",
                  "QAbstractItemDelegate", "QItemDelegate", "QStyledItemDelegate"}


def _base_names(node) -> set[str]:
    import ast
    return {b.id if isinstance(b, ast.Name) else b.attr for b in node.bases
            if isinstance(b, (ast.Name, ast.Attribute))}


def _models_outside_gui_models() -> list[str]:
    import ast
    classes = []
    for path in sorted((ROOT / "gui").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                classes.append((rel, node.name, _base_names(node)))
    models, grew = set(QT_MODEL_BASES), True
    while grew:
        found = {name for _rel, name, bases in classes if bases & models}
        grew = not found <= models
        models |= found
    return [f"{rel}:{name}" for rel, name, bases in classes
            if bases & models and not rel.startswith("gui/models/")]


def test_table_models_and_delegates_live_in_gui_models():
    assert _models_outside_gui_models() == []


def test_the_models_check_can_fail(tmp_path, monkeypatch):
    (tmp_path / "gui" / "views").mkdir(parents=True)
    (tmp_path / "gui" / "models").mkdir()
    (tmp_path / "gui" / "models" / "ok.py").write_text(
        "from PySide6 import QtCore\nclass Fine(QtCore.QAbstractTableModel):\n    pass\n",
        encoding="utf-8")
    (tmp_path / "gui" / "views" / "v.py").write_text(
        "from PySide6.QtWidgets import QStyledItemDelegate\n"
        "class Bold(QStyledItemDelegate):\n    pass\n"
        "class Bolder(Bold):\n    pass\n"
        "class Finer(Fine):\n    pass\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _models_outside_gui_models() == ["gui/views/v.py:Bold", "gui/views/v.py:Bolder",
                                            "gui/views/v.py:Finer"]


# Every dialog is built from the session (issue 18): its first parameter after self is
# `session`, whatever it then reads (store, services, today). The dialogs below need no session.
QT_DIALOG_BASES = {"QDialog", "QProgressDialog", "QFileDialog", "QInputDialog", "QMessageBox"}
PURE_WIDGET_DIALOGS = {
    "gui/print_preview.py:PrintPreviewDialog": "shows the PDF bytes it is given",
    "gui/dialogs/manual.py:ManualDialog": "shows the bundled manual",
    "gui/dialogs/recovery.py:RestoreProgress": "the progress of a restore, told by its caller",
    "gui/dialogs/recovery.py:RestoreDialog": "works on the database file, also when no store "
                                             "can be opened (start-up recovery)",
}


def _dialogs_not_taking_the_session() -> list[str]:
    import ast
    classes = []
    for path in sorted((ROOT / "gui").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                classes.append((f"{rel}:{node.name}", node))
    dialogs, grew = set(QT_DIALOG_BASES), True
    while grew:
        found = {key.split(":")[1] for key, node in classes if _base_names(node) & dialogs}
        grew = not found <= dialogs
        dialogs |= found
    wrong = []
    for key, node in classes:
        if not _base_names(node) & dialogs:
            continue
        init = next((b for b in node.body if isinstance(b, ast.FunctionDef)
                     and b.name == "__init__"), None)
        if init is None:
            continue
        params = [a.arg for a in init.args.posonlyargs + init.args.args][1:]
        params += [a.arg for a in init.args.kwonlyargs]
        if params and params[0] != "session" and key not in PURE_WIDGET_DIALOGS:
            wrong.append(f"{key}({', '.join(params)})")
    return wrong


def test_dialogs_take_the_session():
    assert _dialogs_not_taking_the_session() == []


def test_the_dialog_check_can_fail(tmp_path, monkeypatch):
    (tmp_path / "gui" / "dialogs").mkdir(parents=True)
    (tmp_path / "gui" / "dialogs" / "d.py").write_text(
        "from PySide6.QtWidgets import QDialog\n"
        "class Good(QDialog):\n    def __init__(self, session, parent=None):\n        pass\n"
        "class Bare(QDialog):\n    def __init__(self):\n        pass\n"
        "class Old(QDialog):\n    def __init__(self, services, store, parent=None):\n"
        "        pass\n"
        "class Form(Good):\n    def __init__(self, store, *, parent=None):\n        pass\n",
        encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _dialogs_not_taking_the_session() == ["gui/dialogs/d.py:Old(services, store, parent)",
                                                 "gui/dialogs/d.py:Form(store, parent)"]


# No dispatch by name in the front ends (issue 18): what an action, menu entry or command runs
# is a bound method or function in the code, so the wiring greps; no `getattr(x, name)` with a
# computed name and no `__getattr__`. An exception is listed as "module: the call" with why.
GETATTR_ALLOWED: dict[str, str] = {}


def _dispatch_by_name() -> list[str]:
    import ast
    found = []
    for folder in ("gui", "cli"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                by_name = (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                           and node.func.id == "getattr" and len(node.args) >= 2
                           and not (isinstance(node.args[1], ast.Constant)
                                    and isinstance(node.args[1].value, str)))
                hook = isinstance(node, ast.FunctionDef) and node.name == "__getattr__"
                if (by_name or hook) and f"{rel}: {ast.unparse(node).splitlines()[0]}" \
                        not in GETATTR_ALLOWED:
                    found.append(f"{rel}:{node.lineno}")
    return found


def test_no_dispatch_by_name():
    assert _dispatch_by_name() == []


def test_the_dispatch_check_can_fail(tmp_path, monkeypatch):
    (tmp_path / "gui").mkdir()
    (tmp_path / "cli").mkdir()
    (tmp_path / "gui" / "a.py").write_text(
        "ok = getattr(window, 'session', None)\n"
        "for name in ('undo', 'redo'):\n    run = getattr(commands, name)\n", encoding="utf-8")
    (tmp_path / "cli" / "b.py").write_text(
        "class Facade:\n    def __getattr__(self, name):\n        return 1\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _dispatch_by_name() == ["gui/a.py:3", "cli/b.py:2"]


def test_store_sql_takes_its_words_from_the_enums():
    """Statuses, roles and decisions in the store's SQL come from core/models.py's enums
    (`f"... = '{Status.CLOSED}'"`, `sql_in(FINISHED_STATUSES)`), not from quoted literals."""
    from qjtasks.core.models import Decision, Review, Role, Status
    words = {str(v) for enum in (Status, Role, Decision, Review) for v in enum}
    found = [f"{path.name}:{n}: {line.strip()}"
             for path in sorted((ROOT / "core" / "store").glob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if any(f"'{w}'" in line for w in words) and not line.strip().startswith(('"""', "#"))
             and "`" not in line]
    assert found == []
