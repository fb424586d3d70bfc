"""Earned-points profiles as integer columns, so rankings and reports aggregate in numpy."""

import operator
import threading
from array import array

import numpy

import store

from .accounts import KINDS

# Coded fields of a profile (earned.PROFILE_FIELDS) and their position in the tuple. household
# and building are coded as the account keys they roll up into ("household:<id>"), -1 for none.
FIELDS = {"account": 0, "kind": 1, "community": 2, "grid": 3, "household": 4, "building": 5,
          "category": 6, "catalogue": 7}
ABSENT = -1
_NONE_ABSENT = object()      # codes_of's default: every value gets a code


class Vocabulary:
    """Distinct values in first-seen order, each numbered; values are only ever added."""

    def __init__(self, seed=()):
        self.values: list = []
        self._codes: dict = {}
        for value in seed:
            self.code(value)

    def __len__(self):
        return len(self.values)

    def code(self, value) -> int:
        number = self._codes.get(value)
        if number is None:
            number = self._codes[value] = len(self.values)
            self.values.append(value)
        return number

    def codes_of(self, values, absent=_NONE_ABSENT) -> list:
        """The codes of many values at once (absent: a value that stays ABSENT, uncoded)."""
        # Python touches each distinct value once; the per-value work runs in C (fromkeys,
        # map): coding a million-entry ledger's 345,000 profiles is part of a first ranking.
        for value in dict.fromkeys(values):
            if value is not absent and value not in self._codes:
                self.code(value)
        lookup = self._codes if absent is _NONE_ABSENT else {**self._codes, absent: ABSENT}
        return list(map(lookup.__getitem__, values))

    def find(self, value) -> int:
        """The value's code, or ABSENT (which no coded column holds) if it was never seen."""
        return self._codes.get(value, ABSENT)


class CodedProfiles:
    """Columns of codes for profiles 0..n-1 (numpy arrays, one per FIELDS name) and the
    vocabularies they index: accounts for account, household and building; one per other field.
    """

    def __init__(self, columns: dict, accounts: Vocabulary, fields: dict, account_rank):
        self.columns = columns
        self.accounts = accounts
        self.fields = fields                    # field name -> Vocabulary
        self.account_rank = account_rank        # account code -> place in key (string) order

    def __getitem__(self, name) -> numpy.ndarray:
        return self.columns[name]

    def values(self, field: str) -> list:
        return self.accounts.values if field in ("account", "household", "building") \
            else self.fields[field].values


class ProfileCodes:
    """Codes profiles once, as they first appear, for every snapshot of one EarnedColumns.

    Profile numbers never change meaning (profiles are only appended), so a snapshot with n
    profiles reads the first n codes; codes are added under a lock as sessions ask for them.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._accounts = Vocabulary()
        # Kinds are seeded so roll-up targets (household, building) always have a code.
        self._fields = {name: Vocabulary(KINDS if name == "kind" else ())
                        for name in ("kind", "community", "grid", "category", "catalogue")}
        self._codes = {name: array("q") for name in FIELDS}
        # household and building ids are coded as places first, and each distinct place once
        # as the account it rolls up into: far fewer keys to build than profiles.
        self._places = {target: Vocabulary() for target in ("household", "building")}
        self._place_accounts = {target: array("q") for target in self._places}
        self._arrays = None             # (count, {name: numpy array}) of the last coding
        self._rank = None               # (number of accounts, rank array)

    def coded(self, profiles: list) -> CodedProfiles:
        """Codes of profiles (a list whose first entries are the ones coded before)."""
        count = len(profiles)
        with self._lock:
            coded = len(self._codes["account"])
            if count > coded:
                with store.paused_gc():     # a burst of lasting objects: see paused_gc
                    self._extend(profiles[coded:count])
            if self._arrays is None or self._arrays[0] < count:
                arrays = {name: numpy.array(codes, dtype=numpy.int64)
                          for name, codes in self._codes.items()}
                for target, accounts in self._place_accounts.items():
                    # Place code -> account code; ABSENT (-1) picks the ABSENT put last.
                    lookup = numpy.append(numpy.array(accounts, dtype=numpy.int64), ABSENT)
                    arrays[target] = lookup[arrays[target]]
                self._arrays = (len(self._codes["account"]), arrays)
            columns = {name: values[:count] for name, values in self._arrays[1].items()}
            return CodedProfiles(columns, self._accounts, self._fields, self._account_rank())

    def _extend(self, profiles):
        # Field by field, so the loops run in C: coding 345,000 profiles is a first ranking.
        fields = [list(map(operator.itemgetter(position), profiles))
                  for position in range(len(FIELDS))]
        self._codes["account"].extend(self._accounts.codes_of(fields[FIELDS["account"]]))
        for target, places in self._places.items():
            self._codes[target].extend(places.codes_of(fields[FIELDS[target]], absent=None))
            accounts = self._place_accounts[target]
            # The same keys rollup.targets makes: f"{target}:{place}".
            accounts.extend(self._accounts.codes_of(
                [f"{target}:{place}" for place in places.values[len(accounts):]]))
        for name, vocabulary in self._fields.items():
            self._codes[name].extend(vocabulary.codes_of(fields[FIELDS[name]]))

    def _account_rank(self) -> numpy.ndarray:
        # Sorting every account key again only when new accounts appeared since the last time.
        values = self._accounts.values
        if self._rank is None or self._rank[0] != len(values):
            order = sorted(range(len(values)), key=values.__getitem__)
            rank = numpy.empty(len(values), dtype=numpy.int64)
            rank[numpy.array(order, dtype=numpy.int64)] = numpy.arange(len(values))
            self._rank = (len(values), rank)
        return self._rank[1]
