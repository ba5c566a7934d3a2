"""A watched folder: import every package in it that is addressed to this installation.

Works with any transport that ends in a folder — a shared drive, a USB stick, or a sync tool
such as Syncthing with one folder per unit. Packages for other installations are left alone,
already imported ones are skipped quietly, refused ones are reported with their reason and
left in place. Packages are taken in sequence order per sender.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qjtasks.core.errors import QjtasksError

from . import importer


@dataclass(frozen=True)
class ScanResult:
    path: Path
    status: str        # 已导入 / 已跳过 / 拒收
    message: str


def _addressed(store, paths: list[Path]) -> tuple[list[tuple[dict, Path]], list[ScanResult]]:
    me = store.exchange.me()
    mine, other = [], []
    for path in paths:
        try:
            header = importer.read_header(path)
        except QjtasksError as exc:
            other.append(ScanResult(path, "拒收", str(exc)))
            continue
        if me is None or (header.get("recipient") or {}).get("install_id") != me["install_id"]:
            continue                      # someone else's package in a shared folder
        if store.exchange.package(str(header.get("package_id"))):
            other.append(ScanResult(path, "已跳过", "此前已导入"))
            continue
        mine.append((header, path))
    return mine, other


def scan(services, folder: Path | str) -> list[ScanResult]:
    folder = Path(folder)
    if not folder.is_dir():
        raise QjtasksError(f"文件夹“{folder}”不存在")
    mine, results = _addressed(services.store, sorted(folder.glob("*.qjpkg")))
    mine.sort(key=lambda hp: (str(hp[0]["sender"].get("name")), int(hp[0]["sequence"])))
    if mine:      # one safety copy before the batch: every package is still in the folder
        importer.backup_first(services)
    for _, path in mine:
        try:
            report = importer.import_package(services, path, backup=False)
        except QjtasksError as exc:
            results.append(ScanResult(path, "拒收", str(exc)))
            continue
        results.append(ScanResult(path, "已导入", report.summary()))
    return results
