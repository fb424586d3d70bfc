"""Refused attempts (not allowed, outside the scope) are written to the audit log, then re-raised."""

import functools
import inspect
import logging

from ..audit import REFUSED, audit_log
from ..errors import OutOfScope
from .errors import PermissionDenied
from .records import table_name

log = logging.getLogger(__name__)


def audit_refusals(method):
    """Decorate a Runner method taking slug, actor (and record_id, transition when it has them):
    a PermissionDenied or OutOfScope it raises is audited as 'refused' before it propagates.

    The entry is written after the method's own transaction has been rolled back, so it is kept
    (a refusal inside a caller's larger transaction is rolled back with it, and audited by that
    caller's decorated method if it has one).
    """
    signature = inspect.signature(method)

    @functools.wraps(method)
    def audited(runner, *args, **kwargs):
        try:
            return method(runner, *args, **kwargs)
        except (PermissionDenied, OutOfScope) as refused:
            called = signature.bind(runner, *args, **kwargs).arguments
            actor = called.get("actor")
            try:
                audit_log(runner.store).record(
                    getattr(actor, "username", None), REFUSED, table=table_name(called["slug"]),
                    record=called.get("record_id"), note=str(refused), attempted=method.__name__,
                    transition=called.get("transition"))
            except Exception:
                # The refusal must reach the person even if the audit cannot be written.
                log.exception("could not audit a refused %s", method.__name__)
            raise

    return audited
