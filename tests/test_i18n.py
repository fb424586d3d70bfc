"""Every UI string has a translation: English msgids in zh_CN, declared Chinese strings in en."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from meide import i18n
from meide.i18n import _, ngettext
from meide.kernel.strings import declaration_strings
from meide.kernel import SYSTEM, catalog
from meide.registry import ROLES

ROOT = Path(__file__).resolve().parent.parent
UI_FOLDERS = [ROOT / "meide" / "views", ROOT / "apps"]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def ui_messages() -> dict:
    """msgid (a string, or a (singular, plural) tuple) → 'file:line' of its first use."""
    found = {}
    for folder in UI_FOLDERS:
        for filename, line, message, _comments, _context in extract_from_dir(
                folder, method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS):
            found.setdefault(message, f"{folder.name}/{filename}:{line}")
    return found


def declared_strings() -> list:
    """The Chinese strings the UI shows from declarations: every workflow of the workflows
    package, the roles staff hold, and the system's name in histories."""
    strings = [SYSTEM.name, *ROLES]
    for cls in catalog.all_workflows():
        if cls.__module__.startswith("workflows."):
            strings += declaration_strings(cls)
    return list(dict.fromkeys(strings))


def translated(message) -> bool:
    return bool(message and message.string and not message.fuzzy and all(
        message.string if isinstance(message.string, tuple) else (message.string,)))


def test_every_ui_string_has_a_chinese_translation():
    chinese = i18n.read_catalogue("zh_CN")
    missing = [f"{where}: {msgid!r}" for msgid, where in ui_messages().items()
               if not translated(chinese.get(msgid))]
    assert not missing, "add to meide/locale/zh_CN/LC_MESSAGES/meide.po:\n" + "\n".join(missing)


def test_ui_msgids_are_english():
    chinese_ids = [f"{where}: {msgid!r}" for msgid, where in ui_messages().items()
                   if CJK.search(str(msgid))]
    assert not chinese_ids, "write msgids in English and translate them in zh_CN:\n" + "\n".join(
        chinese_ids)


def test_every_declared_string_has_an_english_translation():
    english = i18n.read_catalogue("en")
    missing = [text for text in declared_strings() if not translated(english.get(text))]
    assert not missing, "add to meide/locale/en/LC_MESSAGES/meide.po:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", sorted(p for folder in UI_FOLDERS for p in folder.rglob("*.py")),
                         ids=lambda p: p.name)
def test_views_hold_no_chinese_outside_the_catalogues(path):
    # A Chinese literal in a view would be shown untranslated to English users.
    tree = ast.parse(path.read_text("utf-8"))
    literals = [node.value for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
                and CJK.search(node.value)]
    assert not literals, f"{path.name}: put these through _() with an English msgid: {literals}"


@pytest.mark.parametrize("locale", sorted(i18n.LANGUAGES))
def test_translations_keep_their_placeholders(locale):
    for message in i18n.read_catalogue(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, (locale, message.id, string)


def test_the_chinese_catalogue_holds_no_stale_entries():
    used = set(ui_messages())
    stale = [m.id for m in i18n.read_catalogue("zh_CN") if m.id and m.id not in used]
    assert not stale, f"remove from zh_CN (no longer used): {stale}"


def test_chinese_is_the_default_and_english_is_available():
    assert i18n.current_locale() == "zh_CN"
    assert _("Submit") == "提交" and _("好人好事") == "好人好事"
    with i18n.using_locale("en"):
        assert _("Submit") == "Submit" and _("好人好事") == "Good deed"
        assert ngettext("{n} record waits for you.", "{n} records wait for you.", 1) == (
            "{n} record waits for you.")
    assert ngettext("{n} record waits for you.", "{n} records wait for you.", 3) == (
        "共有 {n} 件事项等您办理。")


def test_set_locale_accepts_common_spellings():
    with i18n.using_locale("zh_CN"):
        assert i18n.set_locale("en-US") == "en" and i18n.current_locale() == "en"
        assert i18n.set_locale("zh") == "zh_CN"
        assert i18n.set_locale("fr") == "zh_CN"


def test_the_locale_is_kept_per_session():
    class Session:
        pass
    first, second = Session(), Session()
    current = {"session": first}
    previous = i18n.use_sessions(lambda: current["session"])
    try:
        i18n.set_locale("en")
        assert i18n.current_locale() == "en"
        current["session"] = second
        assert i18n.current_locale() == "zh_CN" and _("Submit") == "提交"
        current["session"] = first
        assert _("Submit") == "Submit"
        current["session"] = None
        assert i18n.current_locale() == "zh_CN"
    finally:
        i18n.use_sessions(previous)


def test_catalogues_compile_from_po_files_without_a_build_step():
    assert not list(i18n.LOCALE_DIR.rglob("*.mo"))
    i18n.reload()
    assert i18n.translations("en").gettext("办结") == "Close"


def test_importing_the_engine_does_not_import_panel():
    code = ("import sys, meide, meide.i18n, meide.runtime, meide.ticker\n"
            "print('panel' in sys.modules, 'bokeh' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"
