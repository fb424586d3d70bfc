"""The engine: one data folder opened and wired (store, audit, registry, catalogue, ledger, services, runner).

The app, the `meide` command, the demo builder, the notebooks and the tests all open a folder
through this class, so the parts are wired one way everywhere.
"""

import contextlib
from functools import cached_property

import store

from .audit import AuditLog, audit_log
from .kernel import Runner
from .kernel.registry_services import RegistryServices
from .points import Catalogue, Ledger
from .printing.editable import EditableTemplates
from .registry import Registry
from .registry.signin import SignIn


class Engine:
    """The wired parts over one open store. Engine.open(folder) opens and owns the store (closed
    by close() or a with-block); Engine(store) wires a store someone else opened and closes."""

    def __init__(self, opened_store: store.Store, *, actor=None):
        self.store = opened_store
        self._owns_store = False
        # The store's one audit log: the registry, the ledger, the runner, sign-in and every
        # other part write through it, so the audit page shows every change.
        self.audit: AuditLog = audit_log(opened_store)
        self.registry = Registry(opened_store, actor=actor)
        self.catalogue = Catalogue(opened_store)
        self.ledger = Ledger(opened_store, self.catalogue)
        self.services = RegistryServices(self.registry, self.ledger)
        self.runner = Runner(opened_store, self.services)

    @classmethod
    def open(cls, folder, *, readonly: bool = False, actor=None) -> "Engine":
        """Open the data folder (creating it if needed, unless readonly) and wire it."""
        opened = store.open_store(folder, readonly=readonly)
        try:
            engine = cls(opened, actor=actor)
        except BaseException:
            opened.close()
            raise
        engine._owns_store = True
        return engine

    @cached_property
    def signin(self):
        """Staff sign-in sessions and lockout."""
        return SignIn(self.store, self.registry)

    @cached_property
    def templates(self):
        """The document templates staff have edited."""
        return EditableTemplates(self.store, self.audit)

    def save_totals(self):
        """Keep the ledger's running totals beside the store, so the next open need not replay
        every entry (nothing to do once the store is closed; a read-only open saves nothing)."""
        with contextlib.suppress(store.StoreClosed):
            self.ledger.save_totals()

    def close(self):
        """Close the store if this engine opened it."""
        if self._owns_store:
            self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
