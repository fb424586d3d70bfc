"""The kernel's errors: one hierarchy, each message saying what to do (shown to staff in Chinese)."""

from ..errors import MeideError, NotFound

# A record that does not exist and one outside the person's scope read alike (see
# meide.errors.OutOfScope): the kernel's name for the engine's one not-found error.
RecordNotFound = NotFound


class WorkflowError(MeideError):
    """Base class of every workflow kernel error."""


class DeclarationError(WorkflowError):
    """A workflow declaration is inconsistent; raised when the class is defined or registered."""


class UnknownWorkflow(WorkflowError, LookupError):
    """No workflow has the requested slug."""


class TransitionError(WorkflowError):
    """The transition cannot happen now (wrong state, guard failed, missing comment…)."""


class RecordChanged(TransitionError):
    """Someone else changed the record after the person's page showed it: nothing was done."""


class PermissionDenied(WorkflowError):
    """The signed-in person may not take this action on this record."""


class FieldError(WorkflowError, ValueError):
    """Form values are invalid; problems maps a field name to its message."""

    def __init__(self, problems: dict):
        self.problems = dict(problems)
        super().__init__("；".join(f"{field}：{message}" for field, message in self.problems.items()))
