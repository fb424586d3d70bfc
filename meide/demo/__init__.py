"""The demo data set: 古槐街道 and its communities (people.py) and a year of programme activity (year.py)."""

from .people import build_demo, write_roster
from .year import build_year

__all__ = ["build_demo", "build_year", "write_roster"]
