"""Blank roster templates staff fill in: the import's columns, text-formatted, with instructions."""

from . import columns as columns_module
from .spreadsheet import write_rows


def write_template(kind: str, path) -> list[str]:
    """Write an empty roster for kind to path (.xlsx with a 填写说明 sheet, or .csv); the headers."""
    if kind not in columns_module.KINDS:
        raise ValueError(f"没有“{kind}”模板，可选：{'、'.join(columns_module.KINDS)}")
    columns = columns_module.columns(kind)
    headers = [column.header for column in columns]
    notes = [(column.header, "必填" if column.required else "选填", column.hint, column.example)
             for column in columns]
    label = columns_module.kind_label(kind)
    write_rows(path, headers, [], sheet_name=f"{label}名册", notes=notes)
    return headers
