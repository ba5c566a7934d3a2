"""PyInstaller entry of the `qjtasks-gui` desktop program (no console window on Windows).

The program also serves as the child process of the hourly reminder check
(`qjtasks.core.reminder_child`): started as `qjtasks-gui --reminder-check DB TODAY OUT`, it runs
only that, without importing Qt.
"""
import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--reminder-check"]:
        from qjtasks.core.reminder_child import main as reminder_check
        sys.exit(reminder_check(sys.argv[2:]))
    from qjtasks.gui.app import main
    sys.exit(main())
