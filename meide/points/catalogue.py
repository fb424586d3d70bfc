"""The rule catalogue: the subdistrict's versioned rules, communities' adaptations, and drafts."""

import contextlib
import datetime as dt
import difflib
import threading

from meide import clock

from .errors import CatalogueNotFound, RuleInvalid, RuleNotFound, RuleNotInEffect
from .periods import moment, now_stamp
from .rules import BASE_CATALOGUE, Rule

TABLE = "rules"
BASE_TITLE = "街道积分规则"


def community_catalogue_id(community) -> str:
    """The catalogue id of a community's adaptation: 'community:<registry id>'."""
    text = str(community)
    return text if text.startswith("community:") else f"community:{text}"


def _as_date(at) -> dt.date:
    if at is None:
        return clock.today()
    if isinstance(at, dt.date) and not isinstance(at, dt.datetime):
        return at
    return moment(at).date()


class Catalogue:
    """All versions of all rules, kept in the store table 'rules' (or only in memory for a draft).

    A community adapts the subdistrict's catalogue (因地制宜) by giving some codes its own
    versions or adding codes of its own; a code it does not adapt falls back to the
    subdistrict's rule. Entries record the catalogue, code and version they were made under.
    """

    def __init__(self, store=None, *, title=BASE_TITLE):
        self._store = store
        self._table = store.table(TABLE) if store is not None else None
        self._default_title = title
        self._lock = threading.RLock()
        self._versions: dict = {}       # (catalogue, code) -> [Rule], ordered by version
        self._titles: dict = {BASE_CATALOGUE: title}
        self._count = -1
        self._refresh()

    # -- loading and writing -------------------------------------------------------------------

    def _refresh(self):
        # Rule documents are never removed, so a changed count means another writer (or a
        # rolled-back transaction) changed the table: reload it, it is small.
        if self._table is None or len(self._table) == self._count:
            return
        versions, titles = {}, {BASE_CATALOGUE: self._default_title}
        docs = sorted(self._table.all(), key=lambda doc: doc.doc_id)
        for doc in docs:
            if doc.get("record") == "catalogue":
                titles[doc["catalogue"]] = doc["title"]
            else:
                rule = Rule.from_doc(doc)
                versions.setdefault((rule.catalogue, rule.code), []).append(rule)
        for history in versions.values():
            history.sort(key=lambda rule: rule.version)
        self._versions, self._titles, self._count = versions, titles, len(docs)

    def _writing(self):
        # A store transaction serialises version numbering against other threads and sessions.
        return self._store.transaction() if self._store is not None else self._lock

    def batch(self):
        """A context in which several changes are saved together or not at all."""
        return self._writing()

    def _reading(self):
        if self._store is None or self._store.readonly:
            return self._lock
        return self._store.transaction()

    def _save(self, doc):
        if self._table is not None:
            self._table.insert(doc)
            self._count += 1

    # -- changing the catalogue ----------------------------------------------------------------

    def adapt(self, community, *, title: str) -> str:
        """Give a community its own catalogue (initially all subdistrict rules); returns its id."""
        catalogue = community_catalogue_id(community)
        with self._writing():
            self._refresh()
            if catalogue not in self._titles:
                self._save({"record": "catalogue", "catalogue": catalogue, "title": title,
                            "recorded_at": now_stamp()})
                self._titles[catalogue] = title
        return catalogue

    def define(self, rule: Rule, *, actor: str | None = None) -> Rule:
        """Add a new rule code (version 1) to rule.catalogue."""
        with self._writing():
            self._refresh()
            self._require_catalogue(rule.catalogue)
            if (rule.catalogue, rule.code) in self._versions or (
                    (BASE_CATALOGUE, rule.code) in self._versions):
                raise RuleInvalid(f"规则代码「{rule.code}」已存在；修改规则请用 change()，"
                                  "会生成新版本。")
            return self._add(rule.with_changes(version=1), actor)

    def change(self, code: str, *, catalogue: str = BASE_CATALOGUE, actor: str | None = None,
               **changes) -> Rule:
        """Make a new version of a rule with some settings changed, in effect from today.

        Pass effective_from to schedule it. In a community catalogue the first change copies
        the subdistrict's current rule into the community's own version 1.
        """
        with self._writing():
            self._refresh()
            self._require_catalogue(catalogue)
            own = self._versions.get((catalogue, code))
            if own:
                current, version = own[-1], own[-1].version + 1
            else:
                current, version = self._latest_base(code).with_changes(catalogue=catalogue), 1
            changes.setdefault("effective_from", clock.today())
            ends = current.effective_to
            starts = _as_date(changes["effective_from"])
            if "effective_to" not in changes and ends and ends < starts:
                changes["effective_to"] = None      # an inherited end date would end it at once
            return self._add(current.with_changes(version=version, **changes), actor)

    def retire(self, code: str, *, catalogue: str = BASE_CATALOGUE, effective_from=None,
               actor: str | None = None) -> Rule:
        """Stop a rule from a date (today by default) with a disabled version; history stays."""
        return self.change(code, catalogue=catalogue, actor=actor, enabled=False,
                           effective_from=effective_from or clock.today())

    def _add(self, rule: Rule, actor):
        doc = {"record": "rule", **rule.to_doc(), "recorded_at": now_stamp(), "actor": actor}
        self._save(doc)
        self._versions.setdefault((rule.catalogue, rule.code), []).append(rule)
        return rule

    def _latest_base(self, code):
        history = self._versions.get((BASE_CATALOGUE, code))
        if not history:
            raise RuleNotFound(code, self._suggest(code, BASE_CATALOGUE))
        return history[-1]

    def _require_catalogue(self, catalogue):
        if catalogue not in self._titles:
            raise CatalogueNotFound(catalogue, sorted(self._titles))

    # -- reading -------------------------------------------------------------------------------

    def rule(self, code: str, *, catalogue: str = BASE_CATALOGUE, at=None) -> Rule:
        """The version of code in effect on the date of at (default today) in that catalogue."""
        with self._reading():
            self._refresh()
            self._require_catalogue(catalogue)
            return self._in_effect(code, catalogue, _as_date(at))

    def _in_effect(self, code, catalogue, on):
        for name in dict.fromkeys((catalogue, BASE_CATALOGUE)):
            history = self._versions.get((name, code))
            if not history:
                continue
            current = next((r for r in reversed(history) if r.in_effect(on)), None)
            if current is None and name != BASE_CATALOGUE:
                continue        # the community's own version is not yet (or no longer) in effect
            if current is None:
                raise RuleNotInEffect(code, history[-1].name, on)
            if not current.enabled:
                where = "本社区" if name != BASE_CATALOGUE else ""
                raise RuleNotInEffect(code, current.name, on, f"({where}已停用)")
            return current
        raise RuleNotFound(code, self._suggest(code, catalogue))

    def resolve(self, code: str, community=None, *, at=None, community_catalogue=None) -> Rule:
        """The rule for an entry: the named catalogue, else the community's, else the base."""
        if community_catalogue is None:
            catalogue = self.catalogue_for(community)
        elif community_catalogue == BASE_CATALOGUE:
            catalogue = BASE_CATALOGUE
        else:
            catalogue = community_catalogue_id(community_catalogue)
        return self.rule(code, catalogue=catalogue, at=at)

    def version(self, code: str, version: int, *, catalogue: str = BASE_CATALOGUE) -> Rule:
        """Exactly that stored version (what a past entry was made under)."""
        with self._reading():
            self._refresh()
            for rule in self._versions.get((catalogue, code), ()):
                if rule.version == version:
                    return rule
        raise RuleNotFound(f"{code} v{version}", self._suggest(code, catalogue))

    def versions(self, code: str, *, catalogue: str = BASE_CATALOGUE) -> list:
        with self._reading():
            self._refresh()
            return list(self._versions.get((catalogue, code), ()))

    def rules(self, *, catalogue: str = BASE_CATALOGUE, at=None) -> list:
        """Every rule in effect on a date for that catalogue (its own versions over the base)."""
        with self._reading():
            self._refresh()
            self._require_catalogue(catalogue)
            on = _as_date(at)
            codes = {code for (name, code) in self._versions
                     if name in (catalogue, BASE_CATALOGUE)}
            found = []
            for code in sorted(codes):
                with contextlib.suppress(RuleNotInEffect):
                    found.append(self._in_effect(code, catalogue, on))
            return found

    def award_categories(self) -> frozenset:
        """The categories in which some rule, of any catalogue or version, awards points: what an
        honour board may list (a category of deduction rules only, 楼道公约, never is one)."""
        with self._reading():
            self._refresh()
            return frozenset(rule.category for history in self._versions.values()
                             for rule in history if rule.points > 0)

    def catalogue_for(self, community) -> str:
        """The catalogue that applies in a community: its adaptation if it has one."""
        if community is None:
            return BASE_CATALOGUE
        with self._reading():
            self._refresh()
            adapted = community_catalogue_id(community)
            return adapted if adapted in self._titles else BASE_CATALOGUE

    def title(self, catalogue: str) -> str:
        with self._reading():
            self._refresh()
            return self._titles.get(catalogue, catalogue)

    def catalogues(self) -> dict:
        """{catalogue id: title}, the subdistrict's first."""
        with self._reading():
            self._refresh()
            return dict(self._titles)

    def _suggest(self, code, catalogue):
        # "Did you mean": close codes, plus codes whose name the staff typed instead of the code.
        rules = {r.code: r.name for (name, _), history in self._versions.items()
                 if name in (catalogue, BASE_CATALOGUE) for r in history[-1:]}
        text = str(code)
        close = difflib.get_close_matches(text.upper(), list(rules), n=3, cutoff=0.6)
        by_name = [c for c, n in rules.items() if text and (text in n or n in text)]
        named = difflib.get_close_matches(text, {n: c for c, n in rules.items()}, n=2, cutoff=0.5)
        by_name += [c for c, n in rules.items() if n in named]
        return [f"{c}({rules[c]})" for c in dict.fromkeys(close + by_name)][:5]

    # -- drafts --------------------------------------------------------------------------------

    def draft(self) -> "Catalogue":
        """An in-memory copy to try changes on (what-if replay); it never writes to the store."""
        with self._reading():
            self._refresh()
            copy = Catalogue(None, title=self._default_title)
            copy._versions = {key: list(history) for key, history in self._versions.items()}
            copy._titles = dict(self._titles)
            return copy
