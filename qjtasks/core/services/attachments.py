"""Files kept in the data folder beside the database (a note's attachments, a 签收's scanned
receipt): content-addressed, so a retry never duplicates one, and never half-written."""
from __future__ import annotations

import contextlib
import hashlib
import shutil
from pathlib import Path

from ..dbfile import os_reason
from ..errors import ValidationError


def _via_part(target: Path, write) -> None:
    """`write(tmp)` then rename `tmp` over `target`, so the content-addressed name is never a
    half-copied file; on any failure, Ctrl-C included, the `.part` is removed."""
    tmp = target.with_name(target.name + ".part")
    try:
        write(tmp)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def store_bytes(name: str, data: bytes, folder: Path, item_id: int) -> tuple[str, str, str, int]:
    """Keep `data` as a file in the data folder, content-addressed like `store_attachment`."""
    digest = hashlib.sha256(data).hexdigest()
    target = folder / str(item_id) / f"{digest[:12]}_{Path(name).name}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            _via_part(target, lambda tmp: tmp.write_bytes(data))
    except OSError as exc:
        raise ValidationError(f"无法在附件文件夹中保存“{name}”：{os_reason(exc)}") from None
    return Path(name).name, str(target), digest, len(data)


def store_attachment(src: Path, folder: Path, item_id: int) -> tuple[str, str, str, int]:
    """Copy a file into the data folder, content-addressed so a retry never duplicates it."""
    if not src.is_file():
        raise ValidationError(f"附件“{src}”不存在或不是文件", field="attachments")
    try:
        digest = hashlib.sha256(src.read_bytes()).hexdigest()
        target_dir = folder / str(item_id)
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{digest[:12]}_{src.name}"
        if not target.exists():
            _via_part(target, lambda tmp: shutil.copy2(src, tmp))
        return src.name, str(target), digest, src.stat().st_size
    except OSError as exc:
        raise ValidationError(f"附件“{src}”无法读取或复制：{os_reason(exc)}",
                              field="attachments") from None
