"""UI language: gettext through Babel, .po catalogues compiled at runtime, a locale per session."""

import contextlib
import contextvars
import io
import threading
import weakref
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "meide"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LOCALE = "zh_CN"
# Each language named in itself, as a language switch shows it.
LANGUAGES = {"zh_CN": "中文", "en": "English"}

_lock = threading.Lock()
_catalogues: dict = {}
# Outside a served session (tests, notebooks, the CLI) the locale is a context variable.
_context_locale = contextvars.ContextVar("meide_locale", default=None)
# In a served app the views install a function naming the current session (Panel's curdoc):
# Panel may run a session's callbacks on any thread of its pool, so a thread- or context-local
# setting would leak from one session to the next; a mapping keyed by session does not.
_session_key = None
_session_locales = weakref.WeakKeyDictionary()      # a closed session's entry goes with it
_sessions_lock = threading.Lock()


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; translate it with _() where shown."""
    return message


def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of locale (read from its .po file once, compiled in memory)."""
    locale = normalize(locale)
    with _lock:
        if locale not in _catalogues:
            _catalogues[locale] = _compile(catalogue_path(locale), locale)
        return _catalogues[locale]


def catalogue_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(locale: str):
    """The babel Catalog parsed from locale's .po file (what the translation test inspects)."""
    with catalogue_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def _compile(path: Path, locale: str) -> NullTranslations:
    if not path.exists():
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(locale))     # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def reload():
    """Forget compiled catalogues so edited .po files are read again."""
    with _lock:
        _catalogues.clear()


def normalize(locale) -> str:
    """A supported locale for locale ('zh', 'zh-CN', 'en_US'…), else the default."""
    text = str(locale or "").replace("-", "_")
    if text in LANGUAGES:
        return text
    language = text.split("_")[0].lower()
    return next((known for known in LANGUAGES if known.split("_")[0] == language), DEFAULT_LOCALE)


def use_sessions(key_function):
    """Keep the locale per session: key_function() names the current session, or None outside
    one (called by meide.views, which knows how Panel names sessions). Returns the previous one."""
    global _session_key
    previous, _session_key = _session_key, key_function
    return previous


def _session():
    return _session_key() if _session_key is not None else None


def current_locale() -> str:
    """The locale of the current session (or context); zh_CN unless someone chose otherwise."""
    session = _session()
    if session is not None:
        with _sessions_lock:
            return _session_locales.get(session, DEFAULT_LOCALE)
    return _context_locale.get() or DEFAULT_LOCALE


def set_locale(locale: str) -> str:
    """Choose the UI language for the current session (or context); returns the locale set."""
    locale = normalize(locale)
    session = _session()
    if session is not None:
        with _sessions_lock:
            _session_locales[session] = locale
    else:
        _context_locale.set(locale)
    return locale


@contextlib.contextmanager
def using_locale(locale: str):
    """Within the block, outside any session, strings are translated into locale."""
    token = _context_locale.set(normalize(locale))
    try:
        yield
    finally:
        _context_locale.reset(token)


def _(message: str) -> str:
    """message translated into the current locale (itself when the catalogue lacks it)."""
    if not message:
        return message
    return translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale()).ngettext(singular, plural, n)


gettext = _
