"""The fonts printing embeds: installed, covering every demo name, and a defined result for a
character no font has."""

import pytest

from meide import names
from meide.printing import fonts, printer
from meide.printing.documents import KINDS
from meide.printing.samples import names as sample_names

from .printing_support import pdf_fonts, pdf_text

RARE = "𠀀"     # U+20000, CJK Extension B: not in Noto CJK SC


def _demo_characters() -> set:
    chars = set(names.SURNAMES) | set("".join(names.COMMON_COMPOUND_SURNAMES))
    chars |= set("".join(names.CHARS.values()))
    for given in names.GIVEN.values():
        chars |= set("".join(given))
    return chars


def test_regular_and_bold_of_both_families_are_installed():
    found = {(font.family, font.style) for font in fonts.check_fonts()}
    assert found == {(family, style) for family in fonts.FAMILIES for style in fonts.STYLES}


@pytest.mark.parametrize("font", fonts.check_fonts(), ids=lambda f: f"{f.family} {f.style}")
def test_every_character_of_every_demo_name_is_in_each_font(font):
    missing = _demo_characters() - {chr(code) for code in fonts.character_map(font)}
    assert not missing, "".join(sorted(missing))


def test_the_embedded_fonts_are_the_checked_ones():
    pdf = printer.render("board", KINDS["board"].sample(count=60)).content
    embedded = {name.split("+", 1)[1] for name, _, _ in pdf_fonts(pdf)}
    assert embedded <= {f"{font.family.replace(' ', '-')}{'-Bold' if font.style == 'Bold' else ''}"
                        for font in fonts.check_fonts()}
    assert any(name.endswith("-Bold") for name in embedded)


def test_generated_names_print_without_missing_characters():
    assert fonts.missing_characters("".join(sample_names(2000))) == []


def test_a_character_no_font_has_prints_as_the_geta_mark_and_is_reported():
    assert ord(fonts.MISSING_MARK) in fonts.covered()
    data = KINDS["certificate"].sample()
    data["recipient"] = f"王{RARE}明"
    printed = printer.render("certificate", data)
    assert printed.missing == [RARE]
    text = pdf_text(printed.content)
    assert "王〓明" in text and RARE not in text
    assert "U+20000" in fonts.describe(printed.missing)


def test_the_html_preview_keeps_the_rare_character():
    data = {**KINDS["certificate"].sample(), "recipient": f"王{RARE}明"}
    assert f"王{RARE}明" in printer.html("certificate", data)


def test_a_missing_font_fails_with_the_package_to_install(monkeypatch):
    monkeypatch.setattr(fonts, "FAMILIES", ("Noto Serif CJK SC", "No Such Font SC"))
    fonts.font_files.cache_clear()
    try:
        with pytest.raises(fonts.FontsMissing, match="fonts-noto-cjk"):
            fonts.check_fonts()
    finally:
        monkeypatch.undo()
        fonts.font_files.cache_clear()
