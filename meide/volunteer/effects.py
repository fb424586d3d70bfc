"""The activity's effects: freeze the attendance when it goes for verification, then award hours.

A volunteer over a cap of the rule (16 points a day, 120 a month…) gets the hours that still
fit, or none, and the record says so: one volunteer's cap never blocks the others' points.
"""

from dataclasses import dataclass

import store

from ..kernel import Effect, TransitionError
from ..points import CapExceeded
from .attendance import TABLE


@dataclass
class FreezeAttendance(Effect):
    """Copy the activity's attendance rows into the record's output `list_field`: what is
    verified."""

    list_field: str = "attendance"

    def apply(self, ctx):
        attended = _rows(ctx.store, ctx.record.id)
        if not attended:
            raise TransitionError("还没有录入任何签到记录：请先录入纸质签到表，或办理现场签到签退")
        open_ = [row["name"] for row in attended if not row.get("hours")]
        if open_:
            raise TransitionError(f"还有 {len(open_)} 人签到后未签退（{'、'.join(open_[:5])}），"
                                  "请先签退，或在签到表中补录时长")
        ctx.record.outputs[self.list_field] = [
            {"account": f"resident:{row['resident']}", "resident": row["resident"],
             "name": row["name"], "hours": row["hours"], "check_in": row.get("check_in"),
             "check_out": row.get("check_out"), "source": row.get("source", "")}
            for row in attended]
        return {"effect": "freeze_attendance", "rows": len(attended)}


def _rows(opened_store, activity) -> list:
    docs = opened_store.table(TABLE).search(store.where("activity") == int(activity))
    return sorted(docs, key=lambda doc: doc.doc_id)


@dataclass
class AwardHours(Effect):
    """Award each frozen attendance row its hours under the per-hour rule in `rule_field`,
    once (each row has its own idempotency key); each volunteer's outcome goes to the output
    `report_field`."""

    rule_field: str = "rule"
    list_field: str = "attendance"
    report_field: str = "awards"
    reason: str = "志愿服务：{activity_title}"

    def apply(self, ctx):
        ledger, services = ctx.services.ledger, ctx.services
        rule_code = getattr(ctx.workflow, self.rule_field)
        reason = self.reason.format_map(ctx.workflow.param.values())
        report, entries = [], []
        for row in ctx.record.outputs.get(self.list_field) or []:
            account = services.account("resident", row["resident"])
            common = dict(reason=f"{reason}（{_hours(row['hours'])}小时）",
                          source=f"{ctx.record.slug}:{ctx.record.id}", actor=ctx.actor.username,
                          key=f"{ctx.key}:{row['account']}",
                          evidence=[f"签到表：{row.get('source') or '现场签到'}"])
            outcome = {"resident": row["resident"], "name": row["name"], "hours": row["hours"],
                       "awarded_hours": 0, "points": 0, "note": ""}
            entry, quantity = None, row["hours"]
            # A smaller award may still break the next cap (day, then month, then year).
            for _cap in range(3):
                try:
                    entry = ledger.award(account, rule_code, quantity=quantity, **common)
                    break
                except CapExceeded as exc:
                    outcome["note"] = str(exc)
                    quantity = _hours_within(ledger, rule_code, account, quantity, exc.remaining)
                    if not quantity:
                        break
            if entry is not None:
                outcome.update(awarded_hours=quantity, points=entry.points)
            if outcome["note"]:
                outcome["note"] = (f"已达积分上限，本次按 {_hours(quantity)} 小时计分。"
                                   if entry is not None else "未计分。") + outcome["note"]
            if entry is not None:
                outcome["entry"] = entry.id
                entries.append({"account": row["account"], "entry": entry.id,
                                "points": entry.points})
            report.append(outcome)
        ctx.record.outputs[self.report_field] = report
        capped = [o["name"] for o in report if o["note"]]
        # "award_each" with its entries: ReversePoints knows how to take these back.
        return {"effect": "award_each", "rule": rule_code, "entries": entries, "capped": capped}


def _hours(hours) -> str:
    return str(int(hours)) if float(hours).is_integer() else str(hours)


def _hours_within(ledger, rule_code, account, hours, remaining) -> float:
    """The most half hours below `hours` whose points fit in what the cap leaves (0: none)."""
    rule = ledger.catalogue.resolve(rule_code, account.community)
    steps = int(hours * 2) - 1
    while steps > 0 and rule.points_for(steps / 2) > remaining:
        steps -= 1
    return steps / 2 if steps > 0 else 0
