"""Helpers for the printing tests: poppler's view of a PDF (text, pages, fonts)."""

import re
import subprocess


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode("utf-8")


def pdf_info(pdf: bytes) -> dict:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    info = dict(line.split(":", 1) for line in out.decode().splitlines() if ":" in line)
    width, height = map(float, re.findall(r"[\d.]+", info["Page size"])[:2])
    return {"pages": int(info["Pages"]), "width_mm": width / 72 * 25.4,
            "height_mm": height / 72 * 25.4}


def pdf_fonts(pdf: bytes) -> list:
    """[(name, embedded, subset)] from pdffonts."""
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout
    rows = []
    for line in out.decode().splitlines()[2:]:
        parts = line.split()
        rows.append((parts[0], parts[-5] == "yes", parts[-4] == "yes"))
    return rows


def in_order(text: str, names) -> bool:
    """Every name appears in text, each after the one before."""
    position = -1
    for name in names:
        found = text.find(name, position + 1)
        if found < 0:
            return False
        position = found
    return True
