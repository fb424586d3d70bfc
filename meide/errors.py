"""The one error root whose messages staff read: every MeideError's str() is a Chinese message
saying what happened and what to do, so a screen may show it as it is.

Each package keeps its errors where their concept lives (the kernel's TransitionError, the
ledger's CapExceeded, the supermarket's OutOfStock…) and derives them from MeideError; an error
that callers have always caught as ValueError (or LookupError, RuntimeError) keeps that as a
second base, so nothing that caught it before stops catching it.

The store, below the engine, keeps its own root (store.StoreError): its messages name files and
byte offsets in English for whoever runs the server. They are not worded for staff; a screen logs
them and shows its general "nothing was changed" message, while the command line, an operator's
tool, prints them as they are.
"""


class MeideError(Exception):
    """Base class of the engine's errors; str() is the message for staff, in Chinese."""


class NotFound(MeideError, LookupError):
    """What was named (a record, a resident, an account) does not exist, or lies outside the
    asker's scope: the two read alike, so an answer never reveals what exists elsewhere."""


class OutOfScope(NotFound):
    """It exists but lies outside the staff member's subdistrict, community or grid; refused
    attempts are audited as such."""


def worded_for_staff(exc: BaseException) -> bool:
    """Whether exc's own message may be shown to staff as it is (else log it and say less)."""
    return isinstance(exc, MeideError)
