"""Review-and-rate machinery: weighted scorecards per kind, scores, star levels by thresholds."""

from .scorecard import (Criterion, Scorecard, ScorecardInvalid, Scorecards, Scored,
                        DEFAULT_SCORECARDS)

__all__ = ["Criterion", "Scorecard", "ScorecardInvalid", "Scorecards", "Scored",
           "DEFAULT_SCORECARDS"]
