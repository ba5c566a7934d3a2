"""The decrypted payload: a zip with `records.json` and attachments under `files/<uid>/<name>`.

Reading is defensive because the zip comes from another machine: entry names are checked
(no `../`, absolute paths, drive letters, backslashes or control characters), the number of
entries, each declared size, the total and the compression ratio are limited, and actual
decompressed bytes are counted while reading so a lying header cannot slip a bomb through.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PackageError

RECORDS = "records.json"
FILES = "files"


@dataclass(frozen=True)
class Limits:
    max_entries: int = 50_000
    max_file: int = 100 * 1024 * 1024
    max_total: int = 400 * 1024 * 1024
    max_ratio: int = 200          # uncompressed / compressed, for entries above ratio_floor
    ratio_floor: int = 1024 * 1024


DEFAULT_LIMITS = Limits()
_DRIVE = re.compile(r"^[A-Za-z]:")
_UID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def check_name(name: str, what: str = "附件名") -> str:
    """Refuse a path that could escape the folder it is extracted into."""
    bad = (not name or name.startswith(("/", "\\")) or "\\" in name or _DRIVE.match(name)
           or any(ord(c) < 32 for c in name) or len(name) > 400)
    parts = name.split("/")
    if bad or any(p in ("", ".", "..") for p in parts):
        raise PackageError(f"数据包中的{what}“{name[:80]}”不安全（含 ../、绝对路径或盘符），"
                           "已拒绝整个数据包；未作任何改动")
    return name


def check_filename(name: str) -> str:
    """A single attachment file name (no folders at all)."""
    check_name(name)
    if "/" in name or len(name) > 200:
        raise PackageError(f"附件名“{name[:80]}”不安全，已拒绝整个数据包；未作任何改动")
    return name


def attachment_arcname(note_uid: str, filename: str) -> str:
    return f"{FILES}/{note_uid}/{check_filename(filename)}"


def build(doc: dict | str, attachments: list[tuple[str, Path]] = ()) -> bytes:
    """Zip the records document (a dict, or its JSON text) and the given (arcname, source
    file) pairs. Compression level 1: a large package's records come out about a tenth
    larger than at level 6, in a third of the time."""
    buf = io.BytesIO()
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False,
                                                       separators=(",", ":"))
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(RECORDS, text)
        for arcname, src in attachments:
            try:
                zf.write(src, check_name(arcname))
            except OSError:
                raise PackageError(f"附件“{src}”无法读取（已被移动或删除），请恢复后再导出") from None
    return buf.getvalue()


@dataclass
class Payload:
    doc: dict
    files: dict[str, bytes] = field(default_factory=dict)   # arcname -> content


def read(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Payload:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise PackageError("数据包内容无法解压（已损坏），未作任何改动") from None
    _check_declared(infos, limits)
    doc_bytes, files = None, {}
    for info in infos:
        content = _read_entry(zf, info, limits)
        if info.filename == RECORDS:
            doc_bytes = content
        else:
            files[info.filename] = content
    if doc_bytes is None:
        raise PackageError("数据包缺少记录清单（records.json），未作任何改动")
    return Payload(_doc(doc_bytes), files)


def _check_declared(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise PackageError(f"数据包含 {len(infos)} 个文件，超过上限 {limits.max_entries}，"
                           "已拒绝；未作任何改动")
    total = 0
    for info in infos:
        name = check_name(info.filename, "文件名")
        if name != RECORDS:
            parts = name.split("/")
            if len(parts) != 3 or parts[0] != FILES or not _UID.match(parts[1]):
                raise PackageError(f"数据包中有不认识的文件“{name[:80]}”，已拒绝；未作任何改动")
            check_filename(parts[2])
        _check_size(info.file_size, info.compress_size, limits)
        total += info.file_size
    if total > limits.max_total:
        raise PackageError(f"数据包解压后共 {total // 1048576} MB，超过上限 "
                           f"{limits.max_total // 1048576} MB，已拒绝；未作任何改动")


def _check_size(size: int, packed: int, limits: Limits) -> None:
    if size > limits.max_file:
        raise PackageError(f"数据包中单个文件解压后 {size // 1048576} MB，超过上限 "
                           f"{limits.max_file // 1048576} MB，已拒绝；未作任何改动")
    if size > limits.ratio_floor and size > limits.max_ratio * max(packed, 1):
        raise PackageError("数据包压缩比异常（疑似“压缩炸弹”），已拒绝；未作任何改动")


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    """Read at most the declared size (+1 byte to detect a lie), counting real output."""
    chunks, got = [], 0
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(min(1 << 20, info.file_size + 1 - got))
                if not chunk:
                    break
                got += len(chunk)
                chunks.append(chunk)
                if got > info.file_size:
                    break
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise PackageError("数据包内容无法解压（已损坏），未作任何改动") from None
    if got != info.file_size:
        raise PackageError("数据包中文件的实际大小与声明不符（疑似“压缩炸弹”或已损坏），"
                           "已拒绝；未作任何改动")
    return b"".join(chunks)


def _doc(raw: bytes) -> dict:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackageError("数据包记录清单无法解析，未作任何改动") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("records"), list):
        raise PackageError("数据包记录清单格式不符，未作任何改动")
    return doc
