"""Save an import: the dossier, new units and draft (待交办) items in one service call.

Used by the CLI and the import dialog. It talks only to `Services` (one transaction, journal
included) and reads the unit register and existing replies from the store; nothing is written
when anything fails.
"""
from __future__ import annotations

from qjtasks.core.errors import ValidationError
from qjtasks.core.models import ItemDraft

from .model import ImportResult
from .output import dossier_fields, new_units_for, resolve_names, to_draft


def register_of(store) -> list[tuple[str, str]]:
    return [(u.name, u.short_name) for u in store.units()]


def check_not_imported(store, doc_number: str | None) -> None:
    if not doc_number:
        return
    for reply in store.replies():
        if reply.doc_number == doc_number:
            raise ValidationError(f"复函“{doc_number}”已经导入过（复函编号 {reply.id}），未重复导入")


def default_drafts(result: ImportResult, with_commitments: bool = False) -> list[ItemDraft]:
    chosen = result.plan_items + (result.other_commitments if with_commitments else [])
    return [to_draft(c) for c in chosen]


def save_import(services, result: ImportResult, drafts: list[ItemDraft] | None = None, *,
                proposal: dict | None = None, reply: dict | None = None,
                allow_duplicate: bool = False):
    """Create everything in one transaction; returns the `Changes` of `import_dossier`."""
    store = services.store
    p, r = dossier_fields(result)
    p.update(proposal or {})
    r.update(reply or {})
    if not allow_duplicate:
        check_not_imported(store, r.get("doc_number"))
    drafts = default_drafts(result) if drafts is None else drafts
    register = register_of(store)
    new_units = new_units_for(drafts, result, register)
    resolve_names(drafts, register + new_units)
    return services.import_dossier(p, r, drafts, new_units)
