"""PyInstaller entry of the `qjtasks-gui` desktop program (no console window on Windows)."""
import sys

from qjtasks.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
