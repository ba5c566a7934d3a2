"""Reply-letter importer: read a 复函 (text, .docx, PDF or pasted text), normalise it and extract
the document header, co-handling units, next-step items and other commitments as drafts.

Pure library: text in, dataclasses out. `parse_letter` never touches the database; `save`
hands the confirmed result to `services.dossiers.import_reply` in one transaction.
"""
from .model import Candidate, DocumentInfo, ImportResult, UnitMention
from .output import to_json_dict
from .parse import parse_letter
from .readers import LetterError, read_bytes, read_letter


def import_file(path, units=None) -> ImportResult:
    """Read and parse the letter at `path` against the unit register `units`."""
    return parse_letter(read_letter(path), units)


__all__ = ["Candidate", "DocumentInfo", "ImportResult", "LetterError", "UnitMention",
           "import_file", "parse_letter", "read_bytes", "read_letter", "to_json_dict"]
