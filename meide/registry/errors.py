"""The registry's error hierarchy: every failure it reports is a RegistryError, worded for staff."""


class RegistryError(Exception):
    """Base class of the registry's errors; str() is a message staff can act on (Chinese)."""


class NotFound(RegistryError):
    """A record named by id, name or key does not exist (or is outside the caller's scope)."""


class OutOfScope(RegistryError):
    """The record exists but lies outside the staff member's subdistrict, community or grid."""


class AuthenticationFailed(RegistryError):
    """Sign-in refused: unknown user, wrong password or a disabled account (one message for all)."""
