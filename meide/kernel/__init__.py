"""The workflow kernel: declarations, the catalogue of workflows, permissions and the runner."""

from .declaration import Quorum, State, Timed, Transition
from .effects import (AwardEach, AwardPoints, Compute, DeductPoints, Effect, EffectContext,
                      IssueDocument, Publish, ReversePoints, SetValue)
from .errors import (DeclarationError, FieldError, PermissionDenied, RecordNotFound,
                     TransitionError, UnknownWorkflow, WorkflowError)
from .fields import Choice, Fields, Output, Reference
from .permissions import SYSTEM, Actor, actor_from_staff
from .runner import Runner
from .services import Services
from .workflow import Workflow

__all__ = [
    "Workflow", "State", "Transition", "Timed", "Quorum", "Reference", "Choice", "Fields", "Output",
    "Effect", "EffectContext", "AwardPoints", "AwardEach", "DeductPoints", "ReversePoints",
    "Compute", "Publish", "IssueDocument", "SetValue",
    "Actor", "SYSTEM", "actor_from_staff", "Runner", "Services",
    "WorkflowError", "DeclarationError", "UnknownWorkflow", "TransitionError",
    "PermissionDenied", "FieldError", "RecordNotFound",
]
