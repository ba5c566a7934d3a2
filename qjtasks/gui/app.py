"""Entry point `qjtasks-gui`: Qt application, Chinese translations and font, database, window.

Opens the default database (or `--db PATH`), seeding a brand-new one with the reply-024 case.
Before the window shows, only the file's header is checked (a truncated or non-SQLite file gets
the restore offer at once); SQLite's quick_check and the day's backup run in the background once
the window has painted (`startup_check`), and damage found there gets the same offer. A second
window or PC on the same database is detected through the lock file beside it
(`qjtasks.core.lock`, QLockFile-compatible) and offered read-only.
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
from qjtasks.gui import polish

APP_NAME = "qjtasks 督办事项管理"
CHECK_DELAY_MS = 300    # the background check starts once the window has painted


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The options in Chinese (`--help`, `--version` and usage errors too); Qt's own options,
    such as -platform, are left for QApplication."""
    from qjtasks import __version__
    from qjtasks.cli.argparse_zh import Parser
    parser = Parser(prog="qjtasks-gui", description=f"{APP_NAME}（桌面程序）。命令行版本为 qjtasks。",
                    epilog="数据库依次取：--db、环境变量 QJTASKS_DB、用户数据目录中的 qjtasks.db。")
    parser.add_argument("--version", action="version", version=f"qjtasks-gui {__version__}",
                        help="显示版本号并退出")
    parser.add_argument("--db", metavar="路径", help="数据库文件（默认在用户数据目录）")
    parser.add_argument("--readonly", action="store_true", help="以只读方式打开")
    parser.add_argument("--today", metavar="日期", help="以指定日期作为“今天”（演示与测试用）")
    parser.add_argument("--full-check", action="store_true",
                        help="启动后做完整的数据库检查（默认快速检查）")
    parser.add_argument("file", nargs="?", metavar="文件",
                        help="启动后打开的数据包（.qjpkg，显示导入预览）或登记文件（.qjenrol）")
    args, _qt_args = parser.parse_known_args(argv)
    if args.file and not args.file.lower().endswith(OPENABLE):
        args.file = None      # a Qt option's value (-platform offscreen), not a file to open
    return args


OPENABLE = (".qjpkg", ".qjenrol")


class FileOpener:
    """Opens the file given on the command line (a double-click in the file manager) once the
    window is up: a package in the import preview, an enrolment file in 单位登记与密钥…."""

    def __init__(self, window, path: str):
        self.window, self.path = window, path

    def open(self) -> None:
        commands = self.window.package_commands
        if self.path.lower().endswith(".qjenrol"):
            commands.show_enrolment()
        else:
            commands.make_import_dialog(self.path).exec()


def open_file_later(window, path: str) -> FileOpener:
    opener = FileOpener(window, path)
    window.file_opener = opener
    QTimer.singleShot(CHECK_DELAY_MS + 100, window, opener.open)
    return opener


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
    polish.install(app)
    apply_cjk_font(app)
    return app


def open_session(db: Path, readonly: bool, today: dt.date | None, parent=None, *,
                 create: bool = True):
    """Check, back up and lock the database (offering a restore if it is damaged).

    Returns None when the user chose to quit. If another window or PC holds the write lock,
    the store is read-only and says who holds it (`store.readonly_reason`).
    """
    from qjtasks.core.integrity import open_checked
    from qjtasks.core.seed import ensure_default
    from qjtasks.gui.dialogs.recovery import open_with_recovery
    from qjtasks.gui.session import Session
    if readonly:
        store = open_checked(db, readonly=True, defer_check=True)
    else:
        store = open_with_recovery(db, parent, defer_check=True, create=create)
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


def install_error_hook(window) -> None:
    """An error nobody caught becomes a Chinese message box, never a silent traceback.

    A read that meets a damaged record turns the window read-only and says how to restore.
    """
    from qjtasks.core.integrity import READ_DAMAGE, read_failure_message
    from qjtasks.gui.dialogs.base import as_plain

    def hook(kind, exc, tb):
        sys.__excepthook__(kind, exc, tb)          # still logged on stderr for support
        if isinstance(exc, READ_DAMAGE):
            text = read_failure_message(window.session.store.path, exc)
            if "损坏" in text:
                window.session.store.readonly = True
                window.session.store.readonly_reason = text
                window.set_readonly(text)
        else:
            from qjtasks.gui.background import failure_text
            text = (f"{failure_text(exc)}\n"
                    "已保存的数据不受影响；如果反复出现，请把日志文件交给技术人员。")
        QMessageBox.warning(window, "出现错误", as_plain(text))
    sys.excepthook = hook


def keep_lock_fresh(window, store) -> QTimer:
    """Refresh the lock file every minute so other PCs never take it for a stale one."""
    timer = QTimer(window)
    timer.timeout.connect(lambda: store.lock.refresh() if store.lock is not None else None)
    timer.start(60_000)
    return timer


def main(argv: list[str] | None = None) -> int:
    from qjtasks.core.calendar import parse_date
    args = parse_args(argv if argv is not None else sys.argv[1:])
    paths.private_files()   # databases and backups 0600, folders 0700
    app = make_app(sys.argv[:1])
    if args.db == "":
        QMessageBox.critical(None, "无法打开数据库", "--db 后面的数据库路径是空的；请写出数据库文件的路径，"
                             "或去掉 --db 使用默认位置")
        return 1
    db = paths.resolve_db(args.db)
    try:
        today = parse_date(args.today, what="--today 日期") if args.today else None
        session = open_session(db, args.readonly, today,
                               create=paths.may_create_default(args.db, db))
    except QjtasksError as err:
        QMessageBox.critical(None, "无法打开数据库", str(err))
        return 1
    if session is None:
        return 0
    if session.store.readonly and not args.readonly and not confirm_readonly(session.store):
        session.store.close()
        return 0
    window = launch(session, full_check=args.full_check)
    if window is None:
        return 0
    install_error_hook(window)
    if args.file:
        open_file_later(window, args.file)
    code = app.exec()
    session = window.session
    session.store.close()
    return code


def fit_to_screen(window, available=None) -> None:
    """Never larger than the screen's free area (a 1024×768 office PC, or a size remembered
    from a bigger monitor): the window shrinks to it and sits inside it, and the first start
    splits tree, table and detail pane for the width it really has."""
    if available is None:
        screen = window.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.size()     # title bar and borders
    width = min(window.width(), available.width() - frame.width())
    height = min(window.height(), available.height() - frame.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
        window.move(available.topLeft())


def launch(session, *, full_check: bool = False, restore: bool = True):
    """Show the main window, then start the background check and the hourly reminders.

    If the file is too damaged for the window even to read it, the check runs now instead and
    the restore offer comes before any window (None: the user chose to quit).
    """
    from qjtasks.core.integrity import READ_DAMAGE
    from qjtasks.gui.dialogs.recovery import open_with_recovery
    from qjtasks.gui.main_window import MainWindow
    try:
        window = MainWindow(session, restore=restore)
    except READ_DAMAGE:
        path, today = session.store.path, session.clock
        session.store.close()
        store = open_with_recovery(path, full=full_check)
        if store is None:
            return None
        session = type(session).for_store(store)
        session.clock = today
        window = MainWindow(session, restore=restore)
    keep_lock_fresh(window, session.store)
    fit_to_screen(window)
    window.show()
    QTimer.singleShot(CHECK_DELAY_MS, window, lambda: window.start_check(full_check))
    window.daily.start()
    return window


if __name__ == "__main__":
    sys.exit(main())
