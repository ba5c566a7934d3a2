"""PyInstaller entry of the `qjtasks` command (console program)."""
import sys

from qjtasks.cli import main

if __name__ == "__main__":
    sys.exit(main())
