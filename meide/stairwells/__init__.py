"""信用星级楼道: building scores per period, star levels, and the 最美楼栋流动牌 rotating plaque.

    from meide.periods import Period
    from meide.stairwells import StairwellSettings, score_buildings
    rows = score_buildings(registry, ledger, Inspections(store), Period.parse("2026Q3"),
                           community=1, settings=StairwellSettings())
"""

from .inspections import Inspections, award_fits
from .plaque import PeriodAlreadyClosed, RotatingPlaque
from .scores import score_buildings
from .settings import StairwellSettings, StairwellSettingsInvalid

__all__ = ["StairwellSettings", "StairwellSettingsInvalid", "Inspections",
           "award_fits", "score_buildings", "RotatingPlaque", "PeriodAlreadyClosed"]
