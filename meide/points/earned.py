"""Earned points in compact in-memory columns (time, points, profile) for totals and rankings."""

import threading
from array import array
from collections import OrderedDict

import numpy

from .periods import bounds_us
from .profile_codes import CodedProfiles, ProfileCodes

# A profile is where a row's points count: the account and its place in the tree at the time of
# the entry, plus the rule's category and catalogue. Many rows share one profile, so each row
# stores only a small profile number.
PROFILE_FIELDS = ("account", "kind", "community", "grid", "household", "building", "category",
                  "catalogue")

# Period totals kept per state of the columns: a dashboard asks for a quarter and twelve months.
CACHED_PERIODS = 16


def profile_of(doc) -> tuple:
    get = doc.get       # spelled out: this runs once per entry when a ledger opens
    return (doc["account"], doc["kind"], get("community"), get("grid"), get("household"),
            get("building"), get("category"), get("catalogue"))


class _Derived:
    """What is computed from the columns and shared by their snapshots: the profiles' codes and
    the period totals of recent states (keyed by the number of changes made so far)."""

    def __init__(self):
        self.codes = ProfileCodes()
        self.lock = threading.Lock()
        self.periods: OrderedDict = OrderedDict()


class EarnedColumns:
    """One row per earning entry, 24 bytes a row: a million-entry ledger sums by period and
    profile in tens of milliseconds (numpy) without reading the stored documents.

    A reversal row carries the time of the entry it reverses, so a corrected award drops out of
    the period it was counted in.
    """

    def __init__(self):
        self.at = array("q")            # epoch microseconds the points count at
        self.points = array("q")
        self.profile = array("q")
        self._numbers: dict = {}
        self._changes = 0               # appends and pops so far: names the state of the rows
        self._derived = _Derived()
        self._borrowed = False          # a copy shares its original's _Derived until it changes
        self._profiles: list = []       # profile number -> profile tuple

    @property
    def profiles(self) -> list:
        return self._profiles

    @profiles.setter
    def profiles(self, profiles: list):
        # Replaced wholesale (saved totals loaded): nothing derived from the old ones holds.
        self._profiles = profiles
        self._derived, self._borrowed = _Derived(), False
        self._changes += 1

    def __len__(self):
        return len(self.at)

    def _changing(self):
        if self._borrowed:
            self._derived, self._borrowed = _Derived(), False
        self._changes += 1

    def append(self, at_us: int, points: int, profile: tuple):
        self._changing()
        number = self._numbers.get(profile)
        if number is None:
            number = self._numbers[profile] = len(self._profiles)
            self._profiles.append(profile)
        self.at.append(at_us)
        self.points.append(points)
        self.profile.append(number)

    def pop(self):
        """Remove the last row (undoing an entry that a rolled-back transaction took away)."""
        self._changing()
        self.at.pop()
        self.points.pop()
        self.profile.pop()

    def copy(self) -> "EarnedColumns":
        """A snapshot to sum outside the store's lock while writes go on."""
        other = EarnedColumns()
        other.at, other.points, other.profile = self.at[:], self.points[:], self.profile[:]
        other._profiles = self._profiles[:]
        other._changes, other._derived, other._borrowed = self._changes, self._derived, True
        return other

    def codes(self) -> CodedProfiles:
        """The profiles as integer columns (see profile_codes), coded once and then reused."""
        return self._derived.codes.coded(self._profiles)

    def totals(self, start=None, end=None) -> numpy.ndarray:
        """Points per profile number of rows counting in [start, end) (int64, do not modify).

        Kept for the last few periods asked until the rows change: a ranking or dashboard
        asked again before a new entry arrives costs no pass over the rows. Call it on a copy
        while other threads may append (as Ledger does).
        """
        low, high = bounds_us(start, end)
        derived, key = self._derived, (self._changes, low, high)
        with derived.lock:
            found = derived.periods.get(key)
            if found is not None:
                derived.periods.move_to_end(key)
                return found
        # Copies, not views: an array with a live buffer view could no longer be appended to.
        at = numpy.array(self.at, dtype=numpy.int64)
        inside = (at >= low) & (at < high)
        numbers = numpy.array(self.profile, dtype=numpy.int64)[inside]
        points = numpy.array(self.points, dtype=numpy.int64)[inside]
        # bincount sums in float64, exact for integers below 2**53: far beyond any ledger.
        totals = numpy.bincount(numbers, weights=points, minlength=len(self._profiles))
        totals = totals.astype(numpy.int64)
        totals.flags.writeable = False
        with derived.lock:
            derived.periods[key] = totals
            while len(derived.periods) > CACHED_PERIODS:
                derived.periods.popitem(last=False)
        return totals

    def sums(self, start=None, end=None) -> dict:
        """{profile tuple: points} of rows counting in [start, end); profiles netting 0 left out."""
        totals, profiles = self.totals(start, end), self._profiles
        return {profiles[number]: int(totals[number])
                for number in numpy.flatnonzero(totals).tolist()}
