"""Roster export to .xlsx/.csv in the import's own columns; masked unless the role allows, audited."""

from pathlib import Path

from ..privacy import mask_id_number, mask_phone
from . import columns as columns_module
from .spreadsheet import write_rows
from .staff import can_export_full


class _Names:
    """id -> name for the org tables, read once per export."""

    def __init__(self, registry):
        self.registry = registry
        self._cache = {}

    def __call__(self, book: str, doc_id, field: str = "name") -> str:
        if doc_id is None:
            return ""
        key = (book, doc_id)
        if key not in self._cache:
            doc = getattr(self.registry, book).table.get(doc_id=int(doc_id))
            self._cache[key] = doc.get(field, "") if doc else ""
        return self._cache[key]


def _residents(registry, scope, names, show):
    headers = ["姓名", "性别", "出生日期", "手机号", "身份证号", "社区", "网格", "楼栋", "单元", "门牌号",
               "户号", "标签", "监护人"]
    rows = [[r["name"], r["gender"], r["birth_date"], show("phone", r["phone"]),
             show("id_number", r["id_number"]), names("communities", r["community"]),
             names("grids", r["grid"]), names("buildings", r["building"]), r["unit"], r["room"],
             names("households", r.get("household"), "number"), "、".join(r.get("tags", [])),
             names("residents", r.get("guardian"))] for r in registry.residents.list(scope)]
    return headers, rows


def _households(registry, scope, names, show):
    headers = ["户号", "社区", "网格", "楼栋", "单元", "门牌号", "户主"]
    rows = [[h["number"], names("communities", h["community"]), names("grids", h["grid"]),
             names("buildings", h["building"]), h["unit"], h["room"],
             names("residents", h.get("head"))] for h in registry.households.list(scope)]
    return headers, rows


def _merchants(registry, scope, names, show):
    headers = ["商户名称", "经营者", "手机号", "营业执照号", "经营类别", "地址", "社区", "网格"]
    rows = [[m["name"], m["owner"], show("phone", m["phone"]), m["licence"], m["category"],
             m["address"], names("communities", m["community"]), names("grids", m["grid"])]
            for m in registry.merchants.list(scope)]
    return headers, rows


def _teams(registry, scope, names, show):
    headers = ["服务队", "社区", "姓名", "手机号", "身份证号", "职务", "服务品牌"]
    rows = []
    table = registry.residents.table
    for team in registry.teams.list(scope):
        for member_id in team["members"]:
            member = table.get(doc_id=member_id)
            if member is None or (scope is not None and not scope.covers(member, "residents")):
                continue        # members outside the exporter's scope stay out of the file
            rows.append([team["name"], names("communities", team["community"]), member["name"],
                         show("phone", member["phone"]), show("id_number", member["id_number"]),
                         "队长" if member_id == team.get("leader") else "队员", team.get("brand", "")])
    return headers, rows


_EXPORTS = {"residents": _residents, "households": _households, "merchants": _merchants,
            "teams": _teams}


def export_roster(registry, kind: str, path, account=None, scope=None) -> dict:
    """Write kind's records inside the scope to path; returns {'rows', 'masked', 'path'}.

    Phone and ID numbers are masked unless account's roles allow full export. The export is
    recorded in the audit log with who, what, how many rows and whether masked.
    """
    if kind not in _EXPORTS:
        raise ValueError(f"不能导出“{kind}”，可导出：{'、'.join(_EXPORTS)}")
    scope = registry.effective_scope(scope)
    full = can_export_full(account)
    masks = {"phone": mask_phone, "id_number": mask_id_number}

    def show(field, value):
        return value if full or not value else masks[field](value)

    headers, rows = _EXPORTS[kind](registry, scope, _Names(registry), show)
    path = Path(path)
    label = columns_module.kind_label(kind)
    write_rows(path, headers, rows, sheet_name=f"{label}名册")
    registry.audit.record(account or registry.actor, "export", kind, None, note=path.name,
                          rows=len(rows), masked=not full, scope=registry.scope_label(scope))
    return {"rows": len(rows), "masked": not full, "path": str(path)}
