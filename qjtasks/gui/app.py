"""Entry point `qjtasks-gui`: Qt application, Chinese translations and font, database, window.

Opens the default database (or `--db PATH`), seeding a brand-new one with the reply-024 case.
The file is checked (quick_check) and backed up on start; a damaged file gets an offer to
restore the newest good backup. A second window or PC on the same database is detected through
the lock file beside it (`qjtasks.core.lock`, QLockFile-compatible) and offered read-only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from qjtasks import paths
from qjtasks.core.errors import QjtasksError

APP_NAME = "qjtasks 督办事项管理"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="qjtasks-gui", description=APP_NAME)
    parser.add_argument("--db", help="数据库文件（默认在用户数据目录）")
    parser.add_argument("--readonly", action="store_true", help="以只读方式打开")
    parser.add_argument("--today", help="以指定日期作为“今天”（演示与测试用）")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def install_translations(app: QApplication) -> list[QTranslator]:
    """Qt's own dialogs (buttons, file and print dialogs) in Simplified Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder) or translator.load(
                name, str(paths.resource("translations"))):
            app.installTranslator(translator)
            loaded.append(translator)
    return loaded


def make_app(argv: list[str] | None = None) -> QApplication:
    from qjtasks.gui.fonts import apply_cjk_font
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("qjtasks")
    app.setApplicationDisplayName(APP_NAME)
    install_translations(app)
    apply_cjk_font(app)
    return app


def open_session(db: Path, readonly: bool, today: dt.date | None, parent=None):
    """Check, back up and lock the database (offering a restore if it is damaged).

    Returns None when the user chose to quit. If another window or PC holds the write lock,
    the store is read-only and says who holds it (`store.readonly_reason`).
    """
    from qjtasks.core.integrity import open_checked
    from qjtasks.core.seed import ensure_default
    from qjtasks.gui.dialogs.recovery import open_with_recovery
    from qjtasks.gui.session import Session
    if readonly:
        store = open_checked(db, readonly=True, every_open=True)
    else:
        store = open_with_recovery(db, parent)
    if store is None:
        return None
    session = Session.for_store(store, today)
    if not store.readonly:
        ensure_default(session.services)
    return session


def confirm_readonly(store, parent=None) -> bool:
    """Another qjtasks holds the write lock: view read-only, or quit."""
    from qjtasks.gui.dialogs.recovery import ask
    text = f"{store.readonly_reason}\n\n可以以只读方式查看，或退出。"
    return ask(parent, "数据库正在使用", text,
               [("readonly", "以只读方式打开"), ("quit", "退出")]) == "readonly"


def keep_lock_fresh(window, store) -> QTimer:
    """Refresh the lock file every minute so other PCs never take it for a stale one."""
    timer = QTimer(window)
    timer.timeout.connect(lambda: store.lock.refresh() if store.lock is not None else None)
    timer.start(60_000)
    return timer


def main(argv: list[str] | None = None) -> int:
    from qjtasks.core.calendar import parse_date
    from qjtasks.gui.main_window import MainWindow
    args = parse_args(argv if argv is not None else sys.argv[1:])
    app = make_app(sys.argv[:1])
    db = paths.resolve_db(args.db)
    try:
        today = parse_date(args.today, what="--today 日期") if args.today else None
        session = open_session(db, args.readonly, today)
    except QjtasksError as err:
        QMessageBox.critical(None, "无法打开数据库", str(err))
        return 1
    if session is None:
        return 0
    if session.store.readonly and not args.readonly and not confirm_readonly(session.store):
        session.store.close()
        return 0
    window = MainWindow(session)
    keep_lock_fresh(window, session.store)
    window.show()
    window.daily.start()
    code = app.exec()
    session.store.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
