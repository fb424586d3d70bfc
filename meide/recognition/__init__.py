"""Recognition: role-model (榜样) categories per community, the quarterly commendation (季度表彰) and the lottery (抽奖)."""

from .categories import (DEFAULT_CATEGORIES, MAX_CATEGORIES, MAX_NAME, CategoryError,
                         CategoryRefused, RoleModelCategories, parse_categories)

__all__ = ["RoleModelCategories", "CategoryError", "CategoryRefused", "DEFAULT_CATEGORIES",
           "MAX_NAME", "MAX_CATEGORIES", "parse_categories"]
