"""Writing an output file (ledger, export, PDF) all at once or not at all.

The content goes to `<name>.part` beside the target and is renamed over it when complete, so a
reader never sees half a file and a failure leaves the old file as it was. Any OS error — a
full disk, a folder that is really a file, no permission — becomes one Chinese message; an
interruption (Ctrl-C) removes the `.part` and names the target on the KeyboardInterrupt.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from .dbfile import os_reason
from .errors import QjtasksError


def write_atomically(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp)` then rename `tmp` to `path`; returns `path`."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        write(tmp)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):   # the folder itself may be what failed
            tmp.unlink(missing_ok=True)
        raise QjtasksError(f"无法写入“{path}”：{os_reason(exc)}") from None
    except BaseException as exc:            # Ctrl-C, a bug: never a `.part` left behind
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, KeyboardInterrupt):
            exc.not_written = path           # the CLI says which file was not written
        raise
    return path
