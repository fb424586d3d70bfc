"""Names of downloaded files: what the file is, in the session's language, safe on Windows."""

import datetime as dt
import re

from ..i18n import _

# Characters Windows refuses in a file name, and control characters.
UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
SPACES = re.compile(r"\s+")
# Names Windows reserves for devices, whatever the extension.
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
            *(f"LPT{n}" for n in range(1, 10))}
MAX_STEM = 100           # characters; well inside every file system's limit, with a path


def _word(part) -> str:
    if isinstance(part, (dt.date, dt.datetime)):
        part = part.strftime("%Y-%m-%d")
    return SPACES.sub(" ", UNSAFE.sub("_", str(part))).strip(" ._")


def file_name(*parts, ext: str) -> str:
    """The non-empty parts joined by '-' with the extension, e.g. Role model-No1-Publicity.pdf:
    characters Windows refuses become '_', no trailing dot or space, no device name."""
    return f"{file_stem(*parts)}.{ext.lstrip('.')}"


def file_stem(*parts) -> str:
    """file_name without its extension (for a document downloaded as PDF or PNG)."""
    words = [_word(part) for part in parts if part is not None and part != ""]
    stem = "-".join(word for word in words if word)[:MAX_STEM].rstrip(" .") or _("file")
    if stem.split(".")[0].upper() in RESERVED:
        stem = "_" + stem
    return stem


def number(record_id) -> str:
    """A record's number in a file name (No1; 'No 1' in the Chinese catalogue's form)."""
    return _("No{number}").format(number=record_id)


def record_file_stem(cls, record_id, document: str, on=None) -> str:
    """The file of a document of a record, without extension: workflow title, its number, the
    document (and the day, when the record has several of the same document)."""
    return file_stem(_(cls.title), number(record_id), document, on)
