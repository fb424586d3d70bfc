"""The vendored TinyDB suite must match the installed TinyDB."""

import tinydb

from .conftest import UPSTREAM_VERSION


def test_vendored_suite_matches_installed_tinydb():
    assert tinydb.__version__ == UPSTREAM_VERSION
