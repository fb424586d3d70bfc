"""The catalogue of workflows: discovery under workflows/, lookup by slug with "did you mean"."""

import difflib
import importlib
import pkgutil
import threading
from contextlib import contextmanager

from .errors import DeclarationError, UnknownWorkflow

_lock = threading.RLock()
_workflows: dict = {}
_discovered = False


def register(cls):
    """Add a workflow class under its slug (called for every subclass that sets a slug).

    Re-running the same class definition (a notebook cell, a module reload) replaces it; another
    class claiming a slug already taken is a mistake and fails loudly.
    """
    with _lock:
        existing = _workflows.get(cls.slug)
        if existing is not None and _origin(existing) != _origin(cls):
            raise DeclarationError(
                f"slug {cls.slug!r} 已被 {_origin(existing)} 使用，"
                f"请为 {_origin(cls)} 另选一个 slug")
        _workflows[cls.slug] = cls
    return cls


def unregister(slug: str):
    """Remove a workflow (a notebook trial that is finished)."""
    with _lock:
        _workflows.pop(slug, None)


@contextmanager
def restored():
    """Within the block workflows may be declared and registered (a notebook trial, a test);
    on leaving it the catalogue is as it was, so a trial never shows up elsewhere."""
    discover()          # discovered inside the block, the package's workflows would be dropped
    with _lock:
        saved = dict(_workflows)
    try:
        yield
    finally:
        with _lock:
            _workflows.clear()
            _workflows.update(saved)


def discover(package: str = "workflows"):
    """Import every module of the workflows package once, registering their classes."""
    global _discovered
    with _lock:
        if _discovered:
            return
        root = importlib.import_module(package)
        for info in pkgutil.iter_modules(root.__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"{package}.{info.name}")
        _discovered = True


def get(slug: str):
    """The workflow class with this slug, or UnknownWorkflow suggesting the closest slugs."""
    discover()
    with _lock:
        try:
            return _workflows[slug]
        except KeyError:
            close = difflib.get_close_matches(slug, list(_workflows), n=3, cutoff=0.5)
            hint = f"，您是不是要找 {'、'.join(close)}（did you mean {', '.join(close)}?）" if close else ""
            raise UnknownWorkflow(f"没有名为 {slug!r} 的流程{hint}；已有："
                                  f"{'、'.join(sorted(_workflows)) or '无'}") from None


def all_workflows() -> list:
    """Every registered workflow class, sorted by slug."""
    discover()
    with _lock:
        return [_workflows[slug] for slug in sorted(_workflows)]


def _origin(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"
