"""The registry's error hierarchy: every failure it reports is a RegistryError, worded for staff."""

from ..errors import MeideError
from ..errors import NotFound as _NotFound
from ..errors import OutOfScope

__all__ = ["RegistryError", "NotFound", "OutOfScope", "AuthenticationFailed"]


class RegistryError(MeideError):
    """Base class of the registry's errors; str() is a message staff can act on (Chinese)."""


class NotFound(RegistryError, _NotFound):
    """A record named by id, name or key does not exist (or is outside the caller's scope)."""


class AuthenticationFailed(RegistryError):
    """Sign-in refused: unknown user, wrong password or a disabled account (one message for all)."""
