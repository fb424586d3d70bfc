"""What effects and guards may use beyond the store: points, people, documents (wired by the app)."""

import datetime as dt

from .. import clock
from .errors import WorkflowError


class Services:
    """The engine services a runner hands to guards and effects.

    This base knows no registry or ledger, so workflows can be tried alone (in a notebook, in
    kernel tests); meide.runtime wires the real ones.
    """

    ledger = None

    def describe(self, kind: str, record_id) -> str:
        """A human name for a referenced registry record (shown in lists and notices)."""
        return f"{kind}#{record_id}"

    def search(self, kind: str, text: str, actor, limit: int = 20) -> list:
        """[(id, label)] of registry records of kind matching text within the actor's scope
        (what a form's reference field offers as the user types)."""
        return []

    def scope_of(self, kind: str, record_id) -> dict:
        """The community/grid a referenced registry record belongs to."""
        return {}

    def store(self):
        """The opened store, for the programme's own books a guard reads (the scorecard in
        force, the rotating plaque's history); effects get it in their context."""
        raise WorkflowError("这个流程运行环境没有接入数据存储，无法办理（请在应用中办理）")

    def staff(self):
        """The active staff accounts as Actors (who could sign what), or None when unknown
        (a workflow tried alone), in which case no shortfall is reported."""
        return None

    def account(self, kind: str, record_id):
        """The points account of a registry record (used by AwardPoints)."""
        raise WorkflowError("这个流程运行环境没有接入积分台账，无法发放积分（请在应用中办理）")

    def standing(self, kind: str, record_id, days: int) -> tuple:
        """(points earned, deductions still standing) of a registry record's account over the
        last `days` days: what eligibility rules (评选资格) check. A deduction that was reversed
        (冲正) no longer counts against anyone."""
        if self.ledger is None:
            self.account(kind, record_id)           # says the ledger is not wired in
        key, since = f"{kind}:{record_id}", clock.now() - dt.timedelta(days=days)
        standing = [entry for entry in self.ledger.history(key, since) if entry.op == "deduct"
                    and self.ledger.reversal_of(entry.id) is None]
        return self.ledger.points_in(key, since, None), standing
