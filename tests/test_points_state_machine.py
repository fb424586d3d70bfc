"""A Hypothesis state machine drives the ledger against a simple model and checks the invariants.

Awards, deductions, redemptions (some rolled back by the caller), reversals, rule changes, time
passing and closing/reopening the store; after every step: balances equal the model and a scan
of the stored entries, none is negative, each key has one entry, each entry is reversed at most
once. The `ci` profile runs by default; HYPOTHESIS_PROFILE=full runs 1,000 examples.
"""

import datetime as dt
import os
import shutil
import tempfile
from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import store
from meide import clock
from meide.points import (AlreadyReversed, CapExceeded, Catalogue, EntryNotFound,
                          IdempotencyConflict, InsufficientBalance, Ledger, NotReversible, Rule)
from meide.points.ledger import TABLE
from tests.points_support import ALICE, BOB, CAROL

settings.register_profile("ci", max_examples=40, stateful_step_count=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("full", max_examples=1000, stateful_step_count=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ACCOUNTS = (ALICE, BOB, CAROL)
RULES = (Rule("HELP", "邻里互助", "邻里互助", 3, day_cap=9, month_cap=30),
         Rule("HOUR", "志愿服务", "志愿服务", 2, per="hour", day_cap=10),
         Rule("FINE", "楼道堆物", "楼道公约", -2, month_cap=8))
KEYS = st.sampled_from([f"k{n}" for n in range(12)])     # few keys, so retries and clashes happen
START = dt.datetime(2026, 3, 30, 9)


class ModelEntry:
    def __init__(self, op, account, points, rule=None, at=None, reverses=None):
        self.op, self.account, self.points, self.rule = op, account, points, rule
        self.at, self.reverses, self.reversed_by = at, reverses, None


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = tempfile.mkdtemp(prefix="meide-points-sm-")
        clock.set_time(START)
        self.store = store.open_store(self.folder)
        catalogue = Catalogue(self.store)
        for definition in RULES:
            catalogue.define(definition.with_changes(effective_from=START.date()))
        self.ledger = Ledger(self.store, catalogue)
        self.rules = {r.code: r for r in RULES}     # the version in effect now, in the model
        self.entries: dict = {}                     # entry id -> ModelEntry
        self.keys: dict = {}                        # key -> (request, entry id)

    def teardown(self):
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        clock.set_time(None)

    # -- the model -----------------------------------------------------------------------------

    def balance(self, account_key):
        return sum(e.points for e in self.entries.values() if e.account == account_key)

    def cap_error(self, account_key, rule, points):
        now = clock.now()
        for period, limit in rule.caps():
            same = {"day": lambda at: at.date() == now.date(),
                    "month": lambda at: (at.year, at.month) == (now.year, now.month),
                    "year": lambda at: at.year == now.year}[period]
            used = sum(abs(e.points) for e in self.entries.values()
                       if e.account == account_key and e.rule == rule.code and e.op != "reverse"
                       and e.op != "redeem" and e.reversed_by is None and same(e.at))
            if used + abs(points) > limit:
                return period
        return None

    def repeat(self, key, request):
        """For a used key: the same request returns the first entry, another one is refused."""
        first_request, entry_id = self.keys[key]
        return entry_id if first_request == request else IdempotencyConflict

    def record(self, key, request, entry, model_entry):
        assert entry.points == model_entry.points
        self.entries[entry.id] = model_entry
        self.keys[key] = (request, entry.id)

    # -- steps ---------------------------------------------------------------------------------

    @rule(account=st.sampled_from(ACCOUNTS), code=st.sampled_from(["HELP", "HOUR"]),
          halves=st.integers(1, 8), key=KEYS)
    def award(self, account, code, halves, key):
        quantity = halves / 2 if code == "HOUR" else halves
        if code == "HELP":
            quantity = max(1, halves // 3)
        request = ("award", account.key, code, quantity)
        call = lambda: self.ledger.award(account, code, quantity=quantity, reason="r",  # noqa
                                         actor="a", key=key)
        self.earn(call, key, request, account, code, quantity)

    @rule(account=st.sampled_from(ACCOUNTS), count=st.integers(1, 2), key=KEYS)
    def deduct(self, account, count, key):
        request = ("deduct", account.key, "FINE", count)
        call = lambda: self.ledger.deduct(account, "FINE", quantity=count, reason="r",  # noqa
                                          actor="a", key=key)
        self.earn(call, key, request, account, "FINE", count)

    def earn(self, call, key, request, account, code, quantity):
        if key in self.keys:
            self.expect_repeat(call, key, request)
            return
        rule_now = self.rules[code]
        points = rule_now.points_for(quantity)
        cap = self.cap_error(account.key, rule_now, points)
        if cap is not None:
            self.expect_error(call, CapExceeded, lambda error: error.cap == cap)
        elif points < 0 and self.balance(account.key) < -points:
            self.expect_error(call, InsufficientBalance)
        else:
            entry = call()
            assert (entry.rule, entry.version) == (code, rule_now.version)
            self.record(key, request, entry, ModelEntry(request[0], account.key, points, code,
                                                        clock.now()))

    @rule(account=st.sampled_from(ACCOUNTS), points=st.integers(1, 12), key=KEYS)
    def redeem(self, account, points, key):
        request = ("redeem", account.key, points)
        call = lambda: self.ledger.redeem(account, points, reason="兑换", source="order",  # noqa
                                          actor="a", key=key)
        if key in self.keys:
            self.expect_repeat(call, key, request)
        elif self.balance(account.key) < points:
            self.expect_error(call, InsufficientBalance)
        else:
            self.record(key, request, call(), ModelEntry("redeem", account.key, -points))

    @rule(account=st.sampled_from(ACCOUNTS), points=st.integers(1, 12), key=KEYS)
    def redeem_then_roll_back(self, account, points, key):
        """The supermarket's transaction fails after the redemption: nothing may remain."""
        try:
            with self.store.transaction():
                self.ledger.redeem(account, points, reason="兑换", source="order", actor="a",
                                   key=key)
                raise RuntimeError("库存不足")
        except (RuntimeError, InsufficientBalance, IdempotencyConflict):
            pass

    @rule(data=st.data(), key=KEYS)
    def reverse(self, data, key):
        ids = sorted(self.entries) + [len(self.entries) + 50]
        entry_id = data.draw(st.sampled_from(ids))
        request = ("reverse", entry_id)
        call = lambda: self.ledger.reverse(entry_id, reason="冲正", actor="a", key=key)  # noqa
        original = self.entries.get(entry_id)
        if key in self.keys:
            self.expect_repeat(call, key, request)
        elif original is None:
            self.expect_error(call, EntryNotFound)
        elif original.op == "reverse":
            self.expect_error(call, NotReversible)
        elif original.reversed_by is not None:
            self.expect_error(call, AlreadyReversed)
        elif original.points > 0 and self.balance(original.account) < original.points:
            self.expect_error(call, InsufficientBalance)
        else:
            entry = call()
            self.record(key, request, entry, ModelEntry(
                "reverse", original.account, -original.points, original.rule, clock.now(),
                reverses=entry_id))
            original.reversed_by = entry.id

    @rule(code=st.sampled_from(["HELP", "HOUR", "FINE"]), points=st.integers(1, 6),
          cap=st.one_of(st.none(), st.integers(6, 20)))
    def change_rule(self, code, points, cap):
        sign = -1 if code == "FINE" else 1
        changed = self.ledger.catalogue.change(code, points=sign * points, day_cap=cap)
        self.rules[code] = changed

    @rule(hours=st.sampled_from([1, 15, 24 * 3, 24 * 20, 24 * 100]))
    def advance_clock(self, hours):
        clock.advance(hours=hours)

    @precondition(lambda self: self.entries)
    @rule()
    def close_and_reopen(self):
        self.store.close()
        self.store = store.open_store(self.folder)
        self.ledger = Ledger(self.store, Catalogue(self.store))

    # -- expectations --------------------------------------------------------------------------

    def expect_repeat(self, call, key, request):
        expected = self.repeat(key, request)
        if expected is IdempotencyConflict:
            self.expect_error(call, IdempotencyConflict)
        else:
            assert call().id == expected

    def expect_error(self, call, error_class, check=lambda error: True):
        try:
            call()
        except error_class as error:
            assert check(error), str(error)
        else:
            raise AssertionError(f"expected {error_class.__name__}")

    # -- invariants ----------------------------------------------------------------------------

    @invariant()
    def balances_match_the_model_and_are_never_negative(self):
        for account in ACCOUNTS:
            balance = self.ledger.balance(account.key)
            assert balance == self.balance(account.key)
            assert balance >= 0

    @invariant()
    def stored_entries_reconcile_with_running_totals(self):
        docs = self.store.table(TABLE).all()
        assert len(docs) == len(self.entries)
        scanned = Counter()
        for doc in docs:
            scanned[doc["account"]] += doc["points"]
        assert {k: v for k, v in scanned.items() if v} == self.ledger.totals.spendable
        assert Counter(doc["key"] for doc in docs).most_common(1)[0][1] <= 1 if docs else True
        reversed_ids = Counter(doc["reverses"] for doc in docs if doc["op"] == "reverse")
        assert all(count == 1 for count in reversed_ids.values())

    @invariant()
    def entries_are_unchanged(self):
        for entry_id, model in self.entries.items():
            stored = self.store.table(TABLE).get(doc_id=entry_id)
            assert (stored["account"], stored["points"]) == (model.account, model.points)


TestLedgerMachine = LedgerMachine.TestCase
TestLedgerMachine.settings = PROFILE
