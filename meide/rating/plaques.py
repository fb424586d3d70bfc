"""Issued plaques (星级牌): codes that resolve, rating history, downgrades, 摘牌 and re-review dates."""

import dataclasses
import datetime as dt

import store

from .. import clock
from ..errors import MeideError
from ..printing.masking import scrub
from ..privacy import mask_name
from .codes import CodeInvalid, new_code, normalise

TABLE = "plaques"
REVIEW_NOTICE_DAYS = 30
STATUS = {"valid": "有效", "downgraded": "已降级", "superseded": "已被取代", "removed": "已摘牌",
          "expired": "已过期"}
STAR_WORDS = "零一二三四五"


class PlaqueNotFound(CodeInvalid):
    """A well-formed code that no plaque carries."""


class PlaqueRefused(MeideError, ValueError):
    """A change a plaque cannot take (already removed, no star left…); the message says why."""


@dataclasses.dataclass(frozen=True)
class Resolution:
    """What a code resolves to today: the plaque, its status (valid, downgraded, superseded,
    removed or expired), and the plaque that replaced it, if any."""

    plaque: dict
    status: str
    replacement: dict | None = None

    @property
    def valid(self) -> bool:
        return self.status == "valid"

    @property
    def label(self) -> str:
        return STATUS[self.status]

    def public(self) -> dict:
        """Only what a resident scanning the plaque may see: no phone, no address; a
        resident's own name masked (张*华) as on public documents, and any phone or ID number
        staff typed into the reason masked like free text on public documents."""
        plaque = self.plaque
        name = plaque["subject_name"]
        facts = {"code": plaque["code"], "title": plaque["title"],
                 "name": mask_name(name) if plaque["subject_kind"] == "resident" else name,
                 "stars": plaque["stars"], "valid_from": plaque["valid_from"],
                 "valid_until": plaque["valid_until"], "status": self.status,
                 "status_label": self.label, "reason": scrub(plaque.get("reason") or ""),
                 "replaced_by": self.replacement["code"] if self.replacement else ""}
        return facts


def level_text(stars: int, title: str) -> str:
    """四星级诚信商户."""
    return f"{STAR_WORDS[stars]}星级{title}"


class Plaques:
    """The plaques issued, looked up by code (indexed) or by what they were issued to."""

    def __init__(self, opened_store):
        self._store = opened_store
        self._table = opened_store.table(TABLE)
        for field in ("code", "subject", "key"):
            opened_store.add_index(TABLE, field)

    # -- reading -------------------------------------------------------------------------------

    def get(self, code: str) -> dict | None:
        found = self._table.get(store.where("code") == code)
        return dict(found) if found is not None else None

    def resolve(self, typed: str, today: dt.date = None) -> Resolution:
        """The plaque a typed code names, as it stands today; CodeInvalid for a malformed or
        mistyped code, PlaqueNotFound for a well-formed one no plaque carries."""
        code = normalise(typed)
        plaque = self.get(code)
        if plaque is None:
            raise PlaqueNotFound(f"没有找到验证码为 {code} 的星级牌，请对照星级牌核对；"
                                 "如确认无误，可能是假冒的星级牌，请向社区反映")
        replacement = self.get(plaque["replaced_by"]) if plaque.get("replaced_by") else None
        return Resolution(plaque, self.status(plaque, today), replacement)

    def status(self, plaque: dict, today: dt.date = None) -> str:
        today = today or clock.now().date()
        if plaque["status"] == "valid" and dt.date.fromisoformat(plaque["valid_until"]) < today:
            return "expired"
        return plaque["status"]

    def history(self, subject_kind: str, subject_id) -> list:
        """Every plaque issued to a merchant, unit or resident, oldest first: its rating history."""
        found = self._table.search(store.where("subject") == _subject(subject_kind, subject_id))
        return [dict(doc) for doc in sorted(found, key=lambda doc: doc.doc_id)]

    def current(self, subject_kind: str, subject_id, card: str = None) -> dict | None:
        """The plaque in force (valid status, not past its validity), or None."""
        for plaque in reversed(self.history(subject_kind, subject_id)):
            if (card is None or plaque["card"] == card) and self.status(plaque) == "valid":
                return plaque
        return None

    def due_for_review(self, within_days: int = REVIEW_NOTICE_DAYS, today: dt.date = None,
                       covers=None) -> list:
        """Plaques in force that expire within `within_days` (re-review them first), soonest
        first; covers(scope) -> bool limits them to a staff member's part of the subdistrict."""
        today = today or clock.now().date()
        last = (today + dt.timedelta(days=within_days)).isoformat()
        found = self._table.search((store.where("status") == "valid")
                                   & (store.where("valid_until") >= today.isoformat())
                                   & (store.where("valid_until") <= last))
        due = [dict(doc) for doc in found if covers is None or covers(doc.get("scope") or {})]
        return sorted(due, key=lambda doc: (doc["valid_until"], doc["code"]))

    # -- changing ------------------------------------------------------------------------------

    def issue(self, *, subject_kind: str, subject_id, subject_name: str, card: str, title: str,
              stars: int, total: float, valid_from: dt.date, valid_until: dt.date, actor: str,
              source: str = "", address: str = "", scope: dict = None, key: str = None,
              replaces: str = "") -> dict:
        """A new plaque; the plaque in force for the same subject and card is superseded by it
        (its code then resolves to 已被取代, naming this one). Idempotent under key."""
        if not 1 <= int(stars) <= 5:
            raise PlaqueRefused(f"星级须为 1 到 5 星，不能为 {stars} 星授牌")
        if valid_until < valid_from:
            raise PlaqueRefused("有效期的结束日期不能早于开始日期")
        with self._store.transaction():
            if key is not None:
                seen = self._table.get(store.where("key") == key)
                if seen is not None:
                    return dict(seen)
            code = self._unused_code()
            now = clock.now().isoformat(timespec="seconds")
            for old in self._table.search(store.where("subject") ==
                                          _subject(subject_kind, subject_id)):
                if old["card"] == card and old["status"] == "valid":
                    self._table.update({"status": "superseded", "replaced_by": code,
                                        "reason": "复评后换发新牌", "changed_at": now,
                                        "changed_by": actor}, doc_ids=[old.doc_id])
            plaque = {"code": code, "subject": _subject(subject_kind, subject_id),
                      "subject_kind": subject_kind, "subject_id": subject_id,
                      "subject_name": subject_name, "card": card, "title": title,
                      "stars": int(stars), "total": total,
                      "valid_from": valid_from.isoformat(), "valid_until": valid_until.isoformat(),
                      "status": "valid", "reason": "", "replaced_by": "", "replaces": replaces,
                      "address": address, "scope": scope or {}, "source": source,
                      "issued_at": now, "issued_by": actor, "key": key}
            self._table.insert(plaque)
            return plaque

    def downgrade(self, code: str, *, reason: str, actor: str, stars: int = None,
                  source: str = "", key: str = None) -> dict:
        """Replace a plaque in force by one with fewer stars (one fewer unless stars is given),
        same validity; the old code then resolves to 已降级 with the reason."""
        with self._store.transaction():
            if key is not None and (seen := self._table.get(store.where("key") == key)):
                return dict(seen)
            old = self._in_force(code, reason, "降级")
            stars = old["stars"] - 1 if stars is None else int(stars)
            if not 1 <= stars < old["stars"]:
                raise PlaqueRefused(f"现为{old['stars']}星，降级后须在 1 到 {old['stars'] - 1} 星之间；"
                                    "一星商户再有查实的投诉，请摘牌")
            new = self.issue(subject_kind=old["subject_kind"], subject_id=old["subject_id"],
                             subject_name=old["subject_name"], card=old["card"], title=old["title"],
                             stars=stars, total=old["total"],
                             valid_from=clock.now().date(),
                             valid_until=dt.date.fromisoformat(old["valid_until"]), actor=actor,
                             source=source or old["source"], address=old["address"],
                             scope=old["scope"], key=key, replaces=old["code"])
            # issue() marked the old plaque superseded; say why it really went.
            self._change(old, "downgraded", reason, actor, replaced_by=new["code"])
            return new

    def remove(self, code: str, *, reason: str, actor: str) -> dict:
        """摘牌: the plaque stops being valid at once; its code resolves to 已摘牌 with the reason."""
        with self._store.transaction():
            old = self._in_force(code, reason, "摘牌")
            return self._change(old, "removed", reason, actor)

    # -- internals -----------------------------------------------------------------------------

    def _in_force(self, code, reason, action) -> dict:
        if not (reason or "").strip():
            raise PlaqueRefused(f"{action}须写明理由（查实的投诉、检查结果等）")
        found = self._table.get(store.where("code") == code)
        if found is None:
            raise PlaqueNotFound(f"没有验证码为 {code} 的星级牌")
        if found["status"] != "valid":
            raise PlaqueRefused(f"星级牌 {code} 已{STATUS[found['status']].removeprefix('已')}，"
                                f"不能再{action}")
        return dict(found, doc_id=found.doc_id)

    def _change(self, old, status, reason, actor, **more) -> dict:
        changes = {"status": status, "reason": reason.strip(), "changed_by": actor,
                   "changed_at": clock.now().isoformat(timespec="seconds"), **more}
        self._table.update(changes, doc_ids=[old["doc_id"]])
        return {**{k: v for k, v in old.items() if k != "doc_id"}, **changes}

    def _unused_code(self) -> str:
        while True:
            code = new_code()
            if self._table.get(store.where("code") == code) is None:
                return code


def _subject(kind, record_id) -> str:
    return f"{kind}:{record_id}"
