"""The store's error hierarchy: every failure the store reports is a StoreError."""


class StoreError(Exception):
    """Base class of every error raised by the store."""


class StoreLocked(StoreError):
    """Another process holds the data folder open for writing."""


class StoreReadOnly(StoreError):
    """A write was attempted on a store opened read-only."""


class StoreCorrupt(StoreError):
    """A store file is damaged beyond a torn last record; the store refuses to open.

    path and offset name the damaged record, reason says what is wrong with it (in English);
    aside is the file its bytes were copied to (None if they were not). The message is Chinese,
    for the operator who starts the server, with the English reason after it for a log search.
    """

    def __init__(self, path, offset, reason):
        self.path, self.offset, self.reason = str(path), offset, reason
        self.aside = None
        super().__init__(self.path, offset, reason)

    def __str__(self):
        kept = f"损坏的字节已另存为 {self.aside}。" if self.aside else ""
        return (f"数据文件 {self.path} 在字节偏移 {self.offset} 处损坏（{_chinese(self.reason)}），"
                f"为免丢失数据，拒绝打开，未作任何改动。{kept}"
                "请用 meide restore 从最近的备份恢复，或先求助，切勿手工修改数据目录。"
                f"(store file {self.path} is damaged at byte offset {self.offset}: "
                f"{self.reason})")


# What each reason the store gives for a damaged file says in Chinese.
_REASONS = {
    "checksum mismatch": "校验和不符",
    "record cut off before its end": "记录不完整",
    "the record's newline is damaged": "记录末尾的换行符已损坏",
    "checksum matches but the record is not JSON": "校验和相符，但内容不是 JSON",
    "a record after the snapshot's end": "快照结尾之后还有记录",
    "snapshot is incomplete": "快照不完整",
    "not a Meide store snapshot": "不是 Meide 的快照文件",
    "a snapshot chunk does not match its keys": "快照中的一段文档与其键不符",
}


def _chinese(reason: str) -> str:
    if reason.startswith("unknown snapshot version"):
        return "未知的快照版本" + reason[len("unknown snapshot version"):]
    return _REASONS.get(reason, reason)


class StoreFailed(StoreError):
    """A write could not be made durable; the store refuses writes until it is reopened."""


class StoreClosed(StoreError):
    """The store was used after close()."""
