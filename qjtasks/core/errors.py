"""Errors a user may see. Each carries a Chinese message a clerk understands.

The GUI shows `str(err)` in a dialog; the CLI prints it to stderr and exits 1. Anything that is
not a `QjtasksError` is a bug and is reported as one, never as a traceback to the user. The
message never holds Python or SQLite words; those go to `detail`, which the front ends write
to the log file (`qjtasks.errlog`) and name in the message.
"""


class QjtasksError(Exception):
    """Base class: an expected error with a user-facing Chinese message."""

    detail: str = ""    # technical text (English, exception names) for the log file only

    def __init__(self, message: str, *, field: str | None = None, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field  # the input field the message belongs to, for dialogs
        self.detail = detail

    def __str__(self) -> str:
        return self.message


def technical(exc: BaseException) -> str:
    """What a log file gets about `exc`: its kind and its own (English) words."""
    return f"{type(exc).__name__}: {exc}"


class ValidationError(QjtasksError):
    """Input that cannot be accepted (bad date, percent out of range, empty title …)."""


class NotFoundError(QjtasksError):
    """A referenced record (item, unit, dossier …) does not exist."""


class TransitionError(QjtasksError):
    """A status change the lifecycle does not allow."""


class DatabaseError(QjtasksError):
    """The database file cannot be used (not SQLite, newer schema, damaged, locked)."""


class ReadOnlyError(QjtasksError):
    """A write was attempted on a database opened read-only."""


class ConflictError(QjtasksError):
    """An edit based on an out-of-date copy of a record (someone else changed it meanwhile)."""


class UnitScopeError(ValidationError):
    """On a unit (承办单位) installation: an office-only act, or an act for another unit."""


class Cancelled(QjtasksError):
    """The user pressed 取消 while a long job ran; nothing was written or stored."""

    def __init__(self, message: str = "已取消"):
        super().__init__(message)
