"""Child process for the crash tests: performs operations in a loop until it is killed.

Usage: python crash_child.py DB MODE RUN [PACKAGE_DIR] where MODE is `import`
(services.dossiers.import_reply with many items and a new unit), `notes` (a batch of notes in one
transaction, then single notes) or `package` (imports the packages of PACKAGE_DIR in name order
with the exchange importer, skipping those already applied, then prints `finished`). Prints
`go` once the store is open and `done` after each operation.
"""
import sys

from qjtasks.core.models import ItemDraft, ProposalDraft, ReplyDraft
from qjtasks.core.services import Services
from qjtasks.core.store import Store

ITEMS_PER_IMPORT = 500
NOTES_PER_BATCH = 200


def do_import(services: Services, run: str, n: int) -> None:
    tag = f"崩溃测试-{run}-{n}"
    unit = (f"重庆市綦江区测试单位{run}-{n}", f"测试单位{run}-{n}")
    drafts = [ItemDraft(title=f"{tag} 第{i}项", requirements="按复函落实" * 20,
                        lead_unit_name=unit[1], assigned_on="2026-11-01",
                        deadline="2026-12-31") for i in range(ITEMS_PER_IMPORT)]
    services.dossiers.import_reply(ProposalDraft(title=tag, number=str(n)),
                                   ReplyDraft(doc_number=tag), drafts,
                                   new_units=[unit])


def do_notes(services: Services, run: str, n: int) -> None:
    tag = f"批次-{run}-{n}"
    with services.tx():
        for i in range(NOTES_PER_BATCH):
            services.notes.add(1, None, "测试员", f"{tag} 第{i}条进展", percent=i % 100)
    services.notes.add(2, None, "测试员", f"单条-{run}-{n}")


def import_packages(services: Services, folder: str) -> None:
    from pathlib import Path

    from qjtasks.core.errors import QjtasksError
    from qjtasks.exchange import importer
    for package in sorted(Path(folder).glob("*.qjpkg")):
        try:
            importer.import_package(services, package)
        except QjtasksError:
            continue            # already applied before an earlier kill
        print("done", flush=True)
    print("finished", flush=True)


def main() -> None:
    path, mode, run = sys.argv[1:4]
    store = Store.open(path)
    services = Services(store, actor="崩溃测试")
    if mode == "package":
        print("go", flush=True)
        import_packages(services, sys.argv[4])
        return
    step = {"import": do_import, "notes": do_notes}[mode]
    print("go", flush=True)
    n = 0
    while True:
        step(services, run, n)
        print("done", flush=True)   # lets the parent time one operation on this machine
        n += 1


if __name__ == "__main__":
    main()
