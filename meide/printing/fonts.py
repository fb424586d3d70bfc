"""Chinese fonts for printing: the installed Noto CJK fonts, a clear check, and glyph coverage.

Documents name their fonts by fontconfig family ("Noto Serif CJK SC", "Noto Sans CJK SC", each
regular and bold, from Debian's fonts-noto-cjk); WeasyPrint embeds the subset a PDF uses. A
character that none of these fonts has (a rare character in a name) would print as an empty
box: it is replaced by 〓 (the geta mark, typesetting's sign for "type missing") and reported, so
staff can see which name needs a hand-written character.
"""

import functools
import shutil
import subprocess
from dataclasses import dataclass

from ..errors import MeideError

FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
STYLES = ("Regular", "Bold")
DEBIAN_PACKAGE = "fonts-noto-cjk"
MISSING_MARK = "〓"


class FontsMissing(MeideError, RuntimeError):
    """The fonts printing needs are not installed."""


@dataclass(frozen=True)
class FontFile:
    family: str
    style: str
    path: str
    index: int          # the font's number inside a .ttc collection


def _match(family: str, style: str) -> FontFile | None:
    if shutil.which("fc-match") is None:
        raise FontsMissing("找不到 fc-match（fontconfig）；请安装 Debian 包 fontconfig 和 "
                           f"{DEBIAN_PACKAGE}（scripts/setup.sh 会安装）")
    result = subprocess.run(
        ["fc-match", "-f", "%{file}|%{index}|%{family[0]}|%{style[0]}", f"{family}:style={style}"],
        capture_output=True, text=True, check=False)
    path, _, rest = result.stdout.partition("|")
    index, _, rest = rest.partition("|")
    found_family, _, found_style = rest.partition("|")
    # fc-match always answers with something; only the very family and style will do.
    if found_family != family or found_style != style:
        return None
    return FontFile(family, style, path, int(index or 0))


@functools.lru_cache(maxsize=1)
def font_files() -> tuple:
    """Every font documents use, as files; FontsMissing names what is absent and how to add it."""
    found, absent = [], []
    for family in FAMILIES:
        for style in STYLES:
            match = _match(family, style)
            (found if match else absent).append(match or f"{family} {style}")
    if absent:
        raise FontsMissing(f"缺少打印用的中文字体：{'、'.join(absent)}。请安装 Debian 包 "
                           f"{DEBIAN_PACKAGE}（以 root 运行 scripts/setup.sh 或 "
                           f"apt-get install {DEBIAN_PACKAGE}），然后重试")
    return tuple(found)


def check_fonts() -> tuple:
    """Raise FontsMissing unless every font is installed; the font files otherwise."""
    return font_files()


@functools.lru_cache(maxsize=None)
def character_map(font: FontFile) -> frozenset:
    """The code points font has a glyph for."""
    from fontTools.ttLib import TTFont
    with TTFont(font.path, fontNumber=font.index, lazy=True) as ttf:
        return frozenset(ttf.getBestCmap())


@functools.lru_cache(maxsize=1)
def covered() -> frozenset:
    """Code points every style of at least one family has (regular and bold alike)."""
    families = {}
    for font in font_files():
        maps = families.setdefault(font.family, [])
        maps.append(character_map(font))
    sets = [frozenset.intersection(*maps) for maps in families.values()]
    return frozenset.union(*sets)


def missing_characters(text: str) -> list:
    """The distinct characters of text no document font can print, in order of appearance."""
    have = covered()
    seen = []
    for char in str(text):
        if char.isspace() or ord(char) < 0x20 or ord(char) in have or char in seen:
            continue
        seen.append(char)
    return seen


def mark_missing(text: str) -> tuple[str, list]:
    """text with each unprintable character replaced by 〓, and the list of those characters."""
    missing = missing_characters(text)
    for char in missing:
        text = text.replace(char, MISSING_MARK)
    return text, missing


def describe(chars) -> str:
    """'𠀀（U+20000）、…' for messages."""
    return "、".join(f"{char}（U+{ord(char):04X}）" for char in chars)
