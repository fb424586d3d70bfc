"""Recognition settings: which role-model (榜样) categories the subdistrict and communities offer."""

from .categories import (DEFAULT_CATEGORIES, MAX_CATEGORIES, MAX_NAME, CategoryError,
                         CategoryRefused, RoleModelCategories, parse_categories)

__all__ = ["RoleModelCategories", "CategoryError", "CategoryRefused", "DEFAULT_CATEGORIES",
           "MAX_NAME", "MAX_CATEGORIES", "parse_categories"]
