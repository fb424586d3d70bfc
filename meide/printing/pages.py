"""Page sizes documents print on: A4 and A3 (portrait or landscape), A5, and 80 mm thermal rolls."""

import math
from dataclasses import dataclass, replace

# How much larger than usual a board's names may print, largest first (see names_scale).
NAME_SCALES = (2.8, 2.0, 1.6, 1.25)
# What a board spends besides its names: the banner, the footer and the borders (mm), and per
# section its heading; one line of names is this many times the type size (name, points, gaps).
BOARD_FRAME_MM, SECTION_HEADING_MM, NAME_LINE_EMS = 55, 10, 2.45
CARD_WIDTH_MM, CARD_HEIGHT_MM = 44, 45       # a photo card on a board
PT_MM = 0.3528


@dataclass(frozen=True)
class Page:
    """A sheet: its CSS @page size, its size in millimetres, margins and type sizes for templates."""

    name: str
    css: str
    width_mm: float
    height_mm: float
    margin: str
    font_pt: float = 12.0
    cell_mm: float = 26.0       # width of one name on an honor board

    @property
    def inner_height_mm(self) -> float:
        """The height inside the margins (margin is '8mm' or 'VERTICALmm HORIZONTALmm')."""
        vertical = float(self.margin.split()[0].removesuffix("mm"))
        return self.height_mm - 2 * vertical - 0.5     # 0.5 mm spare: no page break by rounding

    def names_scale(self, sections) -> float:
        """How many times its usual size a board's names may print and still fit one page
        (1 when they need the usual size or several pages): tens of names then fill the board
        rather than its top half."""
        horizontal = float(self.margin.split()[-1].removesuffix("mm"))
        width = self.width_mm - 2 * horizontal - 17            # the board's frame and padding
        room = (self.inner_height_mm - BOARD_FRAME_MM) * 0.92
        for scale in NAME_SCALES:
            per_line = max(1, int(width // (self.cell_mm * scale)))
            line = self.font_pt * PT_MM * NAME_LINE_EMS * scale + 2 * scale
            needed = 0.0
            for section in sections:
                count = len(section["entries"])
                if section.get("photos"):
                    needed += SECTION_HEADING_MM + math.ceil(
                        count / max(1, int(width // CARD_WIDTH_MM))) * CARD_HEIGHT_MM
                else:
                    needed += SECTION_HEADING_MM + math.ceil(count / per_line) * line
            if needed <= room:
                return scale
        return 1.0

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm

    def with_height(self, height_mm: float) -> "Page":
        """A roll page cut at height_mm (thermal receipts are as long as their content)."""
        return replace(self, height_mm=height_mm, css=f"{self.width_mm:g}mm {height_mm:g}mm")


PAGES = {page.name: page for page in (
    Page("A4", "A4 portrait", 210, 297, "18mm 18mm"),
    Page("A4-landscape", "A4 landscape", 297, 210, "8mm", font_pt=11.5, cell_mm=23.5),
    Page("A3-landscape", "A3 landscape", 420, 297, "10mm", font_pt=16, cell_mm=36),
    Page("A5", "A5 portrait", 148, 210, "10mm 12mm", font_pt=11),
    Page("80mm", "80mm 200mm", 80, 200, "4mm 4mm", font_pt=9),
)}


def page(name: str) -> Page:
    try:
        return PAGES[name]
    except KeyError:
        raise ValueError(f"未知的纸张“{name}”；可选：{'、'.join(PAGES)}") from None
