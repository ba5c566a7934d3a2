"""Entry point `qjtasks-gui`: Qt application, Chinese translations and font, database, window.

Opens the default database (or `--db PATH`), seeding a brand-new one with the reply-024 case.
A second window on the same database is detected through a lock file and offered read-only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
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


def open_session(db: Path, readonly: bool, today: dt.date | None):
    from qjtasks.core.seed import ensure_default
    from qjtasks.core.store import Store
    from qjtasks.gui.session import Session
    store = Store.open(db, readonly=readonly)
    session = Session.for_store(store, today)
    ensure_default(session.services)
    return session


def main(argv: list[str] | None = None) -> int:
    from qjtasks.core.calendar import parse_date
    from qjtasks.gui import lock
    from qjtasks.gui.main_window import MainWindow
    args = parse_args(argv if argv is not None else sys.argv[1:])
    app = make_app(sys.argv[:1])
    db = paths.resolve_db(args.db)
    held = None if args.readonly else lock.acquire(db)
    readonly = args.readonly or held is None
    if held is None and not args.readonly and not lock.ask_readonly(db):
        return 0
    try:
        today = parse_date(args.today, what="--today 日期") if args.today else None
        session = open_session(db, readonly, today)
    except QjtasksError as err:
        QMessageBox.critical(None, "无法打开数据库", str(err))
        return 1
    window = MainWindow(session)
    window.show()
    code = app.exec()
    session.store.close()
    if held is not None:
        held.unlock()
    return code


if __name__ == "__main__":
    sys.exit(main())
