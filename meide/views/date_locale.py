"""Date pickers in the session's language: the script localizing every flatpickr a page loads."""

from pathlib import Path

from .. import runtime

STATIC_FOLDER = Path(__file__).resolve().parent / "static"
SCRIPT = "date-locale.js"
# The URL of the script, as `meide serve` serves STATIC_FOLDER (--static-dirs).
SCRIPT_URL = f"/{runtime.STATIC_ROUTE}/{SCRIPT}"


def js_files() -> dict:
    """For pn.extension(js_files=...): Panel places these after Bokeh's bundles and before its
    own, which is where the script must run (see its header)."""
    return {"meide_date_locale": SCRIPT_URL}


def static_dir() -> str:
    """The --static-dirs value serving the script: route=folder."""
    return f"{runtime.STATIC_ROUTE}={STATIC_FOLDER}"
