"""Shared pytest set-up: the browser-test harness (tests/browser.py) as a plugin, and the engine
every test that needs wired parts opens (the one wiring the app and the command line use)."""

import pytest

from meide.engine import Engine
from meide.kernel import catalog
from meide.points import default_catalogue

from .registry_support import registry  # noqa: F401  (fixture, used by engine)

pytest_plugins = ("tests.browser",)


@pytest.fixture
def engine(registry):  # noqa: F811
    """The engine over the small registry's folder (古槐街道, 北门社区 and 翰林街社区), with the
    default scoring rules installed."""
    wired = Engine(registry.store)
    default_catalogue.install(wired.catalogue)
    return wired


@pytest.fixture(autouse=True)
def catalogue_restored():
    """Workflows a test declares or registers leave the catalogue when the test ends, so no
    other test module finds them among the registered workflows."""
    with catalog.restored():
        yield
