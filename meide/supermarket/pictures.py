"""Goods pictures (商品照片): an uploaded image kept in the store, so backups carry it."""

import base64

from .errors import InvalidGoods

TABLE = "supermarket_pictures"
PREFIX = "picture:"
MAX_BYTES = 1024 * 1024
# The image types a browser shows, by the bytes a file of that type starts with.
SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
              (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))


class PictureError(InvalidGoods):
    """An upload that is not an acceptable picture; str() names what to fix."""


def image_type(content: bytes) -> str:
    """The MIME type of a PNG, JPEG or GIF picture; PictureError for anything else."""
    if not content:
        raise PictureError("商品照片是空文件，请重新选择照片。")
    if len(content) > MAX_BYTES:
        raise PictureError(f"商品照片太大({len(content) // 1024} KB)，请压缩到 "
                           f"{MAX_BYTES // 1024} KB 以内再上传。")
    for start, mime in SIGNATURES:
        if content.startswith(start):
            return mime
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    raise PictureError("商品照片只能是 JPG、PNG、GIF 或 WEBP 图片，请换一张照片。")


def save(opened_store, content: bytes) -> str:
    """Keep the picture (inside the caller's transaction) and return its reference."""
    mime = image_type(content)
    picture_id = opened_store.table(TABLE).insert(
        {"type": mime, "data": base64.b64encode(content).decode("ascii")})
    return f"{PREFIX}{picture_id}"


def data_url(opened_store, reference) -> str | None:
    """A data: URL of the picture a goods record names (None if it has none)."""
    if not reference or not str(reference).startswith(PREFIX):
        return None
    number = str(reference)[len(PREFIX):]
    doc = opened_store.table(TABLE).get(doc_id=int(number)) if number.isdigit() else None
    return f"data:{doc['type']};base64,{doc['data']}" if doc else None
