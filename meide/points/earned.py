"""Earned points in compact in-memory columns (time, points, profile) for totals and rankings."""

from array import array

import numpy

from .periods import bounds_us

# A profile is where a row's points count: the account and its place in the tree at the time of
# the entry, plus the rule's category and catalogue. Many rows share one profile, so each row
# stores only a small profile number.
PROFILE_FIELDS = ("account", "kind", "community", "grid", "household", "building", "category",
                  "catalogue")


def profile_of(doc) -> tuple:
    get = doc.get       # spelled out: this runs once per entry when a ledger opens
    return (doc["account"], doc["kind"], get("community"), get("grid"), get("household"),
            get("building"), get("category"), get("catalogue"))


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
        self.profiles: list = []        # profile number -> profile tuple
        self._numbers: dict = {}

    def __len__(self):
        return len(self.at)

    def append(self, at_us: int, points: int, profile: tuple):
        number = self._numbers.get(profile)
        if number is None:
            number = self._numbers[profile] = len(self.profiles)
            self.profiles.append(profile)
        self.at.append(at_us)
        self.points.append(points)
        self.profile.append(number)

    def pop(self):
        """Remove the last row (undoing an entry that a rolled-back transaction took away)."""
        self.at.pop()
        self.points.pop()
        self.profile.pop()

    def copy(self) -> "EarnedColumns":
        """A snapshot to sum outside the store's lock while writes go on."""
        other = EarnedColumns()
        other.at, other.points, other.profile = self.at[:], self.points[:], self.profile[:]
        other.profiles = self.profiles[:]
        return other

    def sums(self, start=None, end=None) -> dict:
        """{profile tuple: points} of rows counting in [start, end); profiles netting 0 left out."""
        low, high = bounds_us(start, end)
        # Copies, not views: an array with a live buffer view could no longer be appended to.
        at = numpy.array(self.at, dtype=numpy.int64)
        inside = (at >= low) & (at < high)
        numbers = numpy.array(self.profile, dtype=numpy.int64)[inside]
        points = numpy.array(self.points, dtype=numpy.int64)[inside]
        # bincount sums in float64, exact for integers below 2**53: far beyond any ledger.
        totals = numpy.bincount(numbers, weights=points, minlength=len(self.profiles))
        profiles = self.profiles
        return {profiles[number]: int(totals[number])
                for number in numpy.flatnonzero(totals).tolist()}
