"""PyInstaller entry of the `qjtasks` command (console program)."""
from qjtasks.cli import entry

if __name__ == "__main__":
    entry()
