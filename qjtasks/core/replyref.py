"""Which reply letter a user means: by its number in `dossier list`, its 文号 or its proposal.

`print dossier` (and `dossier show`) accept what people write on paper:
- the 文号, whole (`綦发改函〔2022〕140号`; brackets 〔〕[]［］【】() and full-width digits are all
  read alike, spaces ignored) or from the year on (`〔2022〕140号`);
- the proposal it answers, as the README and the letters write it: `第024号`, `024号`,
  `第024号提案`, `区政协三届一次会议第024号提案` (leading zeros do not matter: 24 = 024);
- the reply's own number (`1`). Plain digits are that number when such a reply exists, else a
  proposal number; digits with a leading zero (`024`) are a proposal number first.
Nothing found, or more than one letter, is a Chinese error naming what was tried or found.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .errors import NotFoundError, ValidationError

_OPEN, _CLOSE = "[(【〖［（", "])】〗］）"
_PROPOSAL = re.compile(r"^(?P<session>.*?)(?:提案|建议)?第?(?P<number>\d+)号?(?:提案|建议)?$")


@dataclass(frozen=True)
class Letter:
    reply_id: int
    doc_number: str
    session: str = ""
    number: str = ""          # the proposal's number as filed ("024")


def normalise(text: str) -> str:
    """Full-width digits and letters to ASCII, every bracket to 〔〕, no spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate({ord(c): "〔" for c in _OPEN} | {ord(c): "〕" for c in _CLOSE})
    return "".join(text.split())


def letters(store) -> list[Letter]:
    out = []
    for r in store.dossiers.replies():
        p = store.dossiers.proposal(r.proposal_id) if r.proposal_id else None
        out.append(Letter(r.id, r.doc_number, p.session if p else "", p.number if p else ""))
    return out


def find(text: str, known: list[Letter]) -> int:
    """The reply id `text` names among `known`; NotFoundError / ValidationError otherwise."""
    wanted = normalise(text)
    if not wanted:
        raise ValidationError("请给出复函编号、复函文号或提案号")
    for match in (_by_doc, _by_id, _by_proposal):
        hits = match(wanted, known)
        if len(hits) == 1:
            return hits[0].reply_id
        if hits:
            raise ValidationError(_ambiguous(text, hits))
    raise NotFoundError(f"没有找到“{text.strip()[:40]}”对应的复函：请写复函编号（见 dossier list）、"
                        "复函文号（如 綦发改函〔2022〕140号）或提案号（如 第024号）")


def _by_doc(wanted: str, known: list[Letter]) -> list[Letter]:
    exact = [k for k in known if k.doc_number and normalise(k.doc_number) == wanted]
    if exact or "〔" not in wanted:
        return exact
    return [k for k in known if k.doc_number and normalise(k.doc_number).endswith(wanted)]


def _by_id(wanted: str, known: list[Letter]) -> list[Letter]:
    if not wanted.isdigit() or wanted.startswith("0"):
        return []
    return [k for k in known if k.reply_id == int(wanted)]


def _by_proposal(wanted: str, known: list[Letter]) -> list[Letter]:
    m = _PROPOSAL.match(wanted)
    if not m:
        return []
    number, session = int(m["number"]), m["session"]
    return [k for k in known if k.number.isdigit() and int(k.number) == number
            and (not session or session in normalise(k.session))]


def _ambiguous(text: str, hits: list[Letter]) -> str:
    shown = "；".join(f"编号 {k.reply_id}：{k.doc_number or '（无文号）'}"
                     + (f"（{k.session}第{k.number}号）" if k.number else "") for k in hits[:6])
    return (f"“{text.strip()[:40]}”对应 {len(hits)} 份复函（{shown}）；请写复函编号或完整的复函文号")
