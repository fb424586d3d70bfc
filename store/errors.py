"""The store's error hierarchy: every failure the store reports is a StoreError."""


class StoreError(Exception):
    """Base class of every error raised by the store."""


class StoreLocked(StoreError):
    """Another process holds the data folder open for writing."""


class StoreReadOnly(StoreError):
    """A write was attempted on a store opened read-only."""


class StoreCorrupt(StoreError):
    """A store file is damaged beyond a torn last record; the store refuses to open."""

    def __init__(self, path, offset, reason):
        self.path, self.offset, self.reason = str(path), offset, reason
        super().__init__(
            f"store file {self.path} is damaged at byte offset {offset}: {reason}. "
            "Nothing was changed; restore the latest backup (meide restore) or ask for help "
            "before editing the folder."
        )


class StoreFailed(StoreError):
    """A write could not be made durable; the store refuses writes until it is reopened."""


class StoreClosed(StoreError):
    """The store was used after close()."""
