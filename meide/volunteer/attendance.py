"""Sign-ups and attendance of volunteer activities: one store row per volunteer and activity.

Rows live beside the activity's workflow record (the kernel keeps its state and history); they
are written only while the activity is open for sign-in, each write in one store transaction
with its audit entry, so a sheet is saved whole or not at all.
"""

import datetime as dt
from fractions import Fraction

import store

from .. import clock
from ..audit import audit_log
from ..kernel import WorkflowError

SLUG = "volunteer_activity"
TABLE = "volunteer_attendance"
SIGNUPS = "volunteer_signups"


class AttendanceError(WorkflowError):
    """Attendance cannot be recorded (activity closed, full, a sheet with errors…); `problems`
    lists each problem (for a sheet: one per row, naming the row)."""

    def __init__(self, message: str, problems=()):
        self.problems = list(problems)
        super().__init__(message)


def hours_between(start: dt.datetime, end: dt.datetime) -> float:
    """Hours from check-in to check-out, rounded down to half hours (the rule's unit)."""
    minutes = int((end - start).total_seconds() // 60)
    return float(Fraction(max(minutes, 0) // 30, 2))


class Attendance:
    """Who signed up for and who attended an activity (a volunteer_activity record), through the
    runner, so that the activity is looked up within the acting staff member's scope."""

    def __init__(self, runner):
        self.runner = runner
        self.store = runner.store
        for table in (TABLE, SIGNUPS):
            self.store.add_index(table, "activity")
        self.audit = audit_log(self.store)

    # -- reading -------------------------------------------------------------------------------

    def rows(self, activity: int) -> list:
        """Attendance rows of the activity, in the order they were first entered."""
        docs = self.store.table(TABLE).search(store.where("activity") == int(activity))
        return sorted((dict(doc, id=doc.doc_id) for doc in docs), key=lambda row: row["id"])

    def signups(self, activity: int) -> list:
        docs = self.store.table(SIGNUPS).search(store.where("activity") == int(activity))
        return sorted((dict(doc, id=doc.doc_id) for doc in docs), key=lambda row: row["id"])

    # -- writing -------------------------------------------------------------------------------

    def _open_activity(self, activity, actor):
        """The activity record, if the actor may see it and it still takes attendance."""
        record = self.runner.get(SLUG, activity, actor)
        cls = self.runner.workflow(SLUG)
        if record.state not in cls.attendance_states:
            state = cls.declaration().states[record.state].label
            raise AttendanceError(f"活动当前为“{state}”，不能再报名或录入签到；"
                                  "如需更正，请先由社区管理员“退回修改”")
        return record

    def _find(self, table, activity, resident):
        return self.store.table(table).get((store.where("activity") == int(activity))
                                           & (store.where("resident") == int(resident)))

    def sign_up(self, activity: int, resident: int, actor) -> int:
        """Sign a resident up; refused when the activity is full or they already signed up."""
        with self.store.transaction():
            record = self._open_activity(activity, actor)
            name = self.runner.services.describe("resident", resident)
            if self._find(SIGNUPS, activity, resident) is not None:
                raise AttendanceError(f"{name}已报名，无需重复报名")
            slots = record.values.get("slots") or 0
            taken = len(self.signups(activity))
            if slots and taken >= slots:
                raise AttendanceError(f"名额已满（共 {slots} 个），{name}未能报名")
            signup_id = self.store.table(SIGNUPS).insert({
                "activity": int(activity), "resident": int(resident), "name": name,
                "by": actor.username, "at": clock.now().isoformat()})
            self.audit.record(actor.username, "volunteer.sign_up", SIGNUPS, signup_id,
                              activity=int(activity), resident=int(resident))
            return signup_id

    def check_in(self, activity: int, resident: int, actor, at: dt.datetime = None) -> int:
        """Record a volunteer's arrival (a walk-in without sign-up is welcome too)."""
        at = at or clock.now()
        with self.store.transaction():
            self._open_activity(activity, actor)
            existing = self._find(TABLE, activity, resident)
            if existing is not None and existing.get("check_in"):
                raise AttendanceError(f"{existing['name']}已于{existing['check_in'][11:16]}签到")
            doc = {"activity": int(activity), "resident": int(resident),
                   "name": self.runner.services.describe("resident", resident),
                   "hours": None, "check_in": at.isoformat(), "check_out": None,
                   "source": "现场签到", "by": actor.username, "at": clock.now().isoformat()}
            return self._put(existing, doc, actor, "volunteer.check_in")

    def check_out(self, activity: int, resident: int, actor, at: dt.datetime = None) -> float:
        """Record a volunteer's leaving; the hours are the time between, in half hours."""
        at = at or clock.now()
        with self.store.transaction():
            self._open_activity(activity, actor)
            existing = self._find(TABLE, activity, resident)
            if existing is None or not existing.get("check_in"):
                name = self.runner.services.describe("resident", resident)
                raise AttendanceError(f"{name}还没有签到，不能签退")
            hours = hours_between(dt.datetime.fromisoformat(existing["check_in"]), at)
            if hours <= 0:
                raise AttendanceError(f"{existing['name']}签到不足半小时，暂不能签退计时")
            self._put(existing, {**existing, "check_out": at.isoformat(), "hours": hours},
                      actor, "volunteer.check_out")
            return hours

    def save_sheet(self, activity: int, rows: list, actor, source: str) -> int:
        """Save resolved sheet rows ({resident, hours, times}) in one transaction: a
        volunteer already recorded gets the sheet's hours (a sheet typed twice does not count
        twice). Returns the number of rows saved."""
        with self.store.transaction():
            self._open_activity(activity, actor)
            for row in rows:
                existing = self._find(TABLE, activity, row["resident"])
                times = row.get("times") or ()
                doc = {"activity": int(activity), "resident": int(row["resident"]),
                       "name": self.runner.services.describe("resident", row["resident"]),
                       "hours": row["hours"],
                       "check_in": times[0] if times else None,
                       "check_out": times[1] if times else None,
                       "source": source, "by": actor.username, "at": clock.now().isoformat()}
                self._put(existing, doc, actor, "volunteer.sheet")
            self.audit.record(actor.username, "volunteer.sheet", TABLE, int(activity),
                              note=source, rows=len(rows))
            return len(rows)

    def remove(self, activity: int, resident: int, actor):
        """Take a volunteer off the attendance (entered by mistake)."""
        with self.store.transaction():
            self._open_activity(activity, actor)
            existing = self._find(TABLE, activity, resident)
            if existing is None:
                raise AttendanceError("这位居民不在本活动的签到名单中")
            self.store.table(TABLE).remove(doc_ids=[existing.doc_id])
            self.audit.record(actor.username, "volunteer.remove", TABLE, existing.doc_id,
                              before=dict(existing))

    def _put(self, existing, doc, actor, action) -> int:
        table = self.store.table(TABLE)
        if existing is None:
            row_id = table.insert(doc)
            self.audit.record(actor.username, action, TABLE, row_id, after=doc)
            return row_id
        table.update(doc, doc_ids=[existing.doc_id])
        self.audit.record(actor.username, action, TABLE, existing.doc_id,
                          before=dict(existing), after=doc)
        return existing.doc_id
