"""The registry: the organisation tree, people, merchants, teams and staff, with import and search."""

from .errors import AuthenticationFailed, NotFound, OutOfScope, RegistryError
from .registry import Registry
from ..scope import Scope
from .staff import FULL_EXPORT_ROLES, ROLES, can_export_full, generate_password
from .validation import Problem, ValidationError

__all__ = ["Registry", "Scope", "Problem", "ValidationError", "RegistryError", "NotFound",
           "OutOfScope", "AuthenticationFailed", "ROLES", "FULL_EXPORT_ROLES", "can_export_full",
           "generate_password"]
