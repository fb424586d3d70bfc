"""TinyDB's conftest with its `db` fixture parametrized over Meide's store as well.

The test modules beside this file are copied unchanged from the tinydb 4.9.0 sdist (MIT licence,
LICENSE.tinydb); test_upstream_version checks that the installed tinydb is that version.
"""

from pathlib import Path

import pytest  # type: ignore

from tinydb.middlewares import CachingMiddleware
from tinydb.storages import MemoryStorage
from tinydb import TinyDB, JSONStorage

import store

UPSTREAM_VERSION = "4.9.0"


@pytest.fixture(params=['memory', 'json', 'meide-store'])
def db(request, tmp_path: Path):
    if request.param == 'json':
        db_ = TinyDB(tmp_path / 'test.db', storage=JSONStorage)
    elif request.param == 'meide-store':
        opened = store.open_store(tmp_path / 'store')
        request.addfinalizer(opened.close)
        db_ = opened.db
    else:
        db_ = TinyDB(storage=MemoryStorage)

    db_.drop_tables()
    db_.insert_multiple({'int': 1, 'char': c} for c in 'abc')

    yield db_
    if request.param == 'json':
        db_.close()     # upstream leaves the file open; pytest here treats that as an error


@pytest.fixture
def storage():
    return CachingMiddleware(MemoryStorage)()


# Upstream tests that cannot apply to Meide's store, with the reason. Nothing else is excluded.
EXCLUDED = {
    "test_table_repr[meide-store]":
        "asserts the repr names tinydb.storages.MemoryStorage or JSONStorage as the storage class",
}


def pytest_collection_modifyitems(config, items):
    # Upstream's tests of its own JSONStorage leave files open; they run with warnings on (as
    # upstream runs them) while everything that touches Meide's store keeps warnings as errors.
    for item in items:
        if "meide-store" not in item.name:
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings(
                "ignore::pytest.PytestUnraisableExceptionWarning"))
    excluded = [item for item in items if item.name in EXCLUDED]
    if excluded:
        config.hook.pytest_deselected(items=excluded)
        items[:] = [item for item in items if item.name not in EXCLUDED]
