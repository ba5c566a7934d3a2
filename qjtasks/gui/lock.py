"""Detect a second window on the same database: a QLockFile beside the file, holding the pid.

The first window holds `<db>.lock`; a second one is told so and may open read-only or quit.
A lock left behind by a crashed process is stale (its pid is gone) and is taken over.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox, QWidget


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def acquire(db: Path) -> QLockFile | None:
    """The held lock, or None when another live process holds it."""
    db.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(lock_path(db)))
    lock.setStaleLockTime(0)
    if lock.tryLock(100):
        return lock
    lock.removeStaleLockFile()
    return lock if lock.tryLock(100) else None


def holder(db: Path) -> str:
    info = QLockFile(str(lock_path(db))).getLockInfo()
    ok, pid, host, app = info if isinstance(info, tuple) and len(info) == 4 else (False, 0, "", "")
    return f"（进程号 {pid}，计算机 {host}）" if ok else ""


def ask_readonly(db: Path, parent: QWidget | None = None) -> bool:
    """True to open read-only, False to quit."""
    box = QMessageBox(QMessageBox.Icon.Warning, "数据库正在使用",
                      f"数据库“{db}”已在另一个窗口中打开{holder(db)}。\n\n"
                      "同时修改会互相覆盖。可以以只读方式查看，或退出。", parent=parent)
    readonly = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is readonly
