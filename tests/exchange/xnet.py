"""Test helpers: office and unit installations in separate database files, enrolled and trusted."""
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from qjtasks.core.clock import Clock
from qjtasks.core.models import ItemEdit
from qjtasks.core.seed import BUREAUS
from qjtasks.core.services import Services
from qjtasks.core.store import Store
from qjtasks.exchange import enrol, export, importer

D = dt.date


@dataclass
class Net:
    root: Path
    office: Services
    units: dict = field(default_factory=dict)   # short name -> Services
    n: int = 0

    def unit_id(self, name: str) -> int:
        return self.office.store.unit_by_name(name).id

    def path(self, stem: str) -> Path:
        self.n += 1
        return self.root / f"{self.n:03d}-{stem}.qjpkg"

    def send(self, name: str) -> Path:
        """Office exports to unit `name`; returns the package path."""
        return export.export_package(self.office, self.path(f"to-{name}"), unit=name).path

    def reply(self, name: str) -> Path:
        return export.export_package(self.units[name], self.path(f"from-{name}")).path

    def to_unit(self, name: str):
        return importer.import_package(self.units[name], self.send(name))

    def to_office(self, name: str):
        return importer.import_package(self.office, self.reply(name))


def open_services(path: Path, actor: str) -> Services:
    # records on a pinned day after every date the tests enter (never the wall clock)
    return Services(Store.open(path), actor=actor, clock=Clock(dt.date(2027, 12, 31)))


def enrol_unit(net: Net, name: str, db_name: str = "") -> Services:
    unit = open_services(net.root / f"{db_name or 'unit-' + name}.db", f"{name}联络员")
    answer = enrol.accept(unit, enrol.invitation(net.office, name))
    peer = enrol.receive_answer(net.office, answer)
    enrol.confirm(net.office, peer["id"], peer["fingerprint"])
    office_peer = unit.store.exchange.peers()[0]
    enrol.confirm(unit, office_peer["id"], office_peer["fingerprint"])
    net.units[name] = unit
    return unit


def issue_all(office: Services, ids, deadline="2027-02-25") -> None:
    for item_id in ids:
        office.items.edit(item_id, ItemEdit(deadline=deadline))
        office.lifecycle.issue(item_id, D(2026, 11, 25))


ALL_UNITS = [short for _, short in BUREAUS]


def forge(net: Net, name: str, zip_bytes: bytes, **header) -> Path:
    """A package correctly signed by unit `name` to the office, carrying any payload."""
    from qjtasks.exchange import envelope
    from qjtasks.exchange.keys import unb64
    unit = net.units[name]
    me = unit.store.exchange.me()
    office = unit.store.exchange.peers()[0]
    fields = {"sender": {"install_id": me["install_id"], "name": me["name"],
                         "unit_id": me["unit_id"], "role": "unit"},
              "recipient": {"install_id": office["install_id"], "name": office["name"],
                            "unit_id": office["unit_id"], "role": "office"},
              "office_id": me["office_id"], "sequence": 99, **header}
    blob = envelope.seal(envelope.new_header(unit.now(), **fields), zip_bytes, enrol.my_keys(unit.store),
                         unb64(office["box_pub"]))
    path = net.path(f"forged-{name}")
    path.write_bytes(blob)
    return path


def records_zip(records: list[dict], files: dict | None = None) -> bytes:
    import io
    import json
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("records.json", json.dumps({"records": records, "ack": {"seq": 0}},
                                               ensure_ascii=False))
        for name, content in (files or {}).items():
            zf.writestr(name, content)
    return buf.getvalue()


def state(svc: Services) -> dict:
    """Row counts and the journal length: 'nothing applied' means this does not change."""
    tables = ("items", "assignments", "notes", "attachments", "extensions", "completions",
              "chases", "journal", "exchange_packages", "exchange_inbox", "exchange_conflicts",
              "exchange_peers")
    counts = {t: svc.store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    counts["items_sum"] = svc.store.conn.execute(
        "SELECT group_concat(status || current_deadline || version) FROM items").fetchone()[0]
    counts["signed"] = svc.store.conn.execute(
        "SELECT count(*) FROM assignments WHERE signed_at IS NOT NULL").fetchone()[0]
    return counts
