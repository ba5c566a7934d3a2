"""Save an import: the dossier, new units and draft (待交办) items in one service call.

Used by the CLI and the import dialog. It talks only to `Services` (one transaction, journal
included) and reads the unit register and existing replies from the store; nothing is written
when anything fails.
"""
from __future__ import annotations

from dataclasses import replace

from qjtasks.core.errors import ValidationError
from qjtasks.core.models import ItemDraft, ProposalDraft, ReplyDraft

from .model import ImportResult
from .output import dossier_fields, new_units_for, resolve_names, to_draft


class NotALetterError(ValidationError):
    """The text has nothing of a reply letter; saving it would register an empty reply."""


# Words every reply letter uses somewhere (simplified and traditional script).
_LETTER_WORDS = ("收悉", "答复", "答覆", "提案", "建议", "建議", "委员", "委員", "代表",
                 "复函", "復函")


def not_a_letter_reason(proposal: ProposalDraft, reply: ReplyDraft, drafts: list,
                        text: str) -> str | None:
    """Why this does not look like a reply letter, or None when it does.

    A letter has a recognised (or typed) 文号, 发文单位, 提案编号 or 标题, or items to create,
    or at least the words of a reply (收悉, 答复, 提案, 委员 …); a meeting notice or a note has
    none of them.
    """
    marks = (reply.doc_number, reply.issuer, proposal.number, proposal.title)
    if any(marks) or drafts or any(w in text for w in _LETTER_WORDS):
        return None
    return ("这段文字不像是一份复函：没有文号、发文单位、提案编号或标题，也没有下一步工作计划，"
            "未导入")


def register_of(store) -> list[tuple[str, str]]:
    return [(u.name, u.short_name) for u in store.units()]


def check_not_imported(store, doc_number: str | None) -> None:
    if not doc_number:
        return
    for reply in store.dossiers.replies():
        if reply.doc_number == doc_number:
            raise ValidationError(f"复函“{doc_number}”已经导入过（复函编号 {reply.id}），未重复导入")


def default_drafts(result: ImportResult, with_commitments: bool = False) -> list[ItemDraft]:
    chosen = result.plan_items + (result.other_commitments if with_commitments else [])
    return [to_draft(c) for c in chosen]


def save_import(services, result: ImportResult, drafts: list[ItemDraft] | None = None, *,
                proposal: dict | None = None, reply: dict | None = None,
                allow_duplicate: bool = False, force: bool = False):
    """Create everything in one transaction; returns the `Changes` of
    `services.dossiers.import_reply`.

    Text that is not a reply letter is refused with `NotALetterError` unless `force`.
    """
    store = services.store
    p, r = dossier_fields(result)
    p, r = replace(p, **(proposal or {})), replace(r, **(reply or {}))     # the typed fields
    if not allow_duplicate:
        check_not_imported(store, r.doc_number)
    drafts = default_drafts(result) if drafts is None else drafts
    reason = None if force else not_a_letter_reason(p, r, drafts, result.text)
    if reason:
        raise NotALetterError(reason)
    register = register_of(store)
    new_units = new_units_for(drafts, result, register)
    resolve_names(drafts, register + new_units)
    return services.dossiers.import_reply(p, r, drafts, new_units)
