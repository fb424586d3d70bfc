"""The workflow kernel: declarations, the catalogue of workflows, permissions and the runner."""

from .declaration import Quorum, State, Timed, Transition
from .effects import AwardPoints, Effect, EffectContext, IssueDocument, Publish, SetValue
from .errors import (DeclarationError, FieldError, PermissionDenied, RecordNotFound,
                     TransitionError, UnknownWorkflow, WorkflowError)
from .fields import Reference
from .permissions import SYSTEM, Actor, actor_from_staff
from .runner import Runner
from .services import Services
from .workflow import Workflow

__all__ = [
    "Workflow", "State", "Transition", "Timed", "Quorum", "Reference",
    "Effect", "EffectContext", "AwardPoints", "Publish", "IssueDocument", "SetValue",
    "Actor", "SYSTEM", "actor_from_staff", "Runner", "Services",
    "WorkflowError", "DeclarationError", "UnknownWorkflow", "TransitionError",
    "PermissionDenied", "FieldError", "RecordNotFound",
]
