"""Bulk loading goods (商品清单) from a spreadsheet: every row checked, all or nothing, each problem
named by its row and column."""

from ..registry.spreadsheet import column_letter, read_rows, write_rows
from .errors import SupermarketError

# (header, required, hint, example): the columns of the goods sheet, in order.
COLUMNS = (
    ("商品名称", True, "最多30个字，同一社区不能重名", "爱心大米"),
    ("类别", False, "如 粮油、日用品、文具", "粮油"),
    ("兑换积分", True, "正整数", "30"),
    ("初始库存", False, "不小于0的整数，空为0", "20"),
    ("每天限兑", False, "每人每天最多兑换件数，空为不限", ""),
    ("每月限兑", False, "每人每月最多兑换件数，空为不限", "2"),
    ("赞助方", False, "登记过的爱心商户或单位的名称", "便民超市"),
    ("货架位置", False, "如 A-2", "A-2"),
    ("低库存提醒线", False, "库存不高于此数时提醒补货，空为5", "5"),
    ("社区", False, "空为全街道共用（社区工作人员导入时为本社区）", "北门社区"),
)
HEADERS = [header for header, *_rest in COLUMNS]
REQUIRED = [header for header, required, *_rest in COLUMNS if required]
NUMBERS = {"兑换积分": "points", "初始库存": "stock", "每天限兑": "day", "每月限兑": "month",
           "低库存提醒线": "low_stock"}
# The words a GoodsBook refusal names its field by, and the column that field comes from.
FIELD_WORDS = (("商品名称", "商品名称"), ("兑换积分", "兑换积分"), ("初始库存", "初始库存"),
               ("每天限兑", "每天限兑"), ("每月限兑", "每月限兑"), ("商品类别", "类别"),
               ("货架位置", "货架位置"), ("低库存提醒线", "低库存提醒线"), ("赞助方", "赞助方"))


class GoodsImportError(SupermarketError):
    """The sheet was refused: nothing was imported; .problems lists each by row and column."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(f"商品清单有 {len(problems)} 处问题，未导入任何商品：\n"
                         + "\n".join(problems))


def write_goods_template(path) -> list:
    """Write an empty goods sheet (.xlsx with a 填写说明 sheet, or .csv); the headers."""
    write_rows(path, HEADERS, [], sheet_name="商品清单",
               notes=[(h, "必填" if r else "选填", hint, example)
                      for h, r, hint, example in COLUMNS])
    return list(HEADERS)


def _where(row: int, header: str, columns: dict) -> str:
    return f"第{row}行「{header}」列（{column_letter(columns[header])}列）"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(text: str):
    """int of a whole number written in a cell ('', None: None); ValueError otherwise."""
    if text == "":
        return None
    number = float(text)
    if not number.is_integer():
        raise ValueError(text)
    return int(number)


def _sponsors(registry) -> dict:
    """{name: [(kind, id), ...]} of the merchants and units the staff member can see."""
    found: dict = {}
    for kind, book in (("merchant", registry.merchants), ("unit", registry.units)):
        for doc in book.list(None):
            found.setdefault(doc["name"], []).append((kind, doc.doc_id))
    return found


def _column_of(message: str) -> str | None:
    for word, header in FIELD_WORDS:
        if word in message:
            return header
    return None


def read_goods(path) -> tuple:
    """(columns {header: index}, [(row number, {header: text})]) of the sheet; GoodsImportError
    if the header row is missing or lacks a required column."""
    rows = read_rows(path)
    for at, (number, cells) in enumerate(rows):
        texts = [_text(cell) for cell in cells]
        if "商品名称" in texts:
            columns = {text: index for index, text in enumerate(texts) if text in HEADERS}
            missing = [header for header in REQUIRED if header not in columns]
            if missing:
                raise GoodsImportError([f"第{number}行（表头）缺少「{'」「'.join(missing)}」列"])
            body = []
            for row_number, row in rows[at + 1:]:
                values = {header: _text(row[index]) if index < len(row) else ""
                          for header, index in columns.items()}
                if any(values.values()):
                    body.append((row_number, values))
            return columns, body
    raise GoodsImportError(["找不到表头：第一行应有「商品名称」「兑换积分」等列，"
                            "请用 meide goods template 生成的模板填写"])


def import_goods(goods_book, path, *, actor) -> list:
    """Add every goods row of the sheet in one transaction; the new goods ids. On any problem
    nothing is added and GoodsImportError lists them all."""
    columns, body = read_goods(path)
    if not body:
        raise GoodsImportError(["商品清单里没有商品行"])
    registry = goods_book.registry
    sponsors = _sponsors(registry)
    communities = {doc["name"]: doc.doc_id for doc in registry.communities.list(None)}
    problems, added, seen = [], [], {}
    existing = {(doc.get("community"), doc["name"]) for doc in goods_book.list()}
    outcome = _Refused()
    try:
        with goods_book.store.transaction():
            for row, values in body:
                problem_count = len(problems)
                fields = _fields(row, values, columns, sponsors, communities, problems)
                if len(problems) > problem_count:
                    continue
                key = (fields.get("community") or goods_book.own_community(), fields["name"])
                if key in seen or key in existing:
                    where = _where(row, "商品名称", columns)
                    problems.append(f"{where}：「{fields['name']}」" + (
                        f"与第{seen[key]}行重复" if key in seen else "已在商品列表中"))
                    continue
                seen[key] = row
                try:
                    added.append(goods_book.add(actor=actor, **fields))
                except SupermarketError as exc:
                    header = _column_of(str(exc))
                    where = _where(row, header, columns) if header in columns else f"第{row}行"
                    problems.append(f"{where}：{exc}")
            if problems:
                raise outcome
    except _Refused:
        raise GoodsImportError(problems) from None
    return added


class _Refused(Exception):
    """Raised inside the transaction to undo every row added when some row was refused."""


def _fields(row, values, columns, sponsors, communities, problems) -> dict:
    fields = {"name": values.get("商品名称", ""), "category": values.get("类别", ""),
              "shelf": values.get("货架位置", ""), "limits": {}}
    for header, key in NUMBERS.items():
        if header not in values:
            continue
        try:
            number = _number(values[header])
        except ValueError:
            problems.append(f"{_where(row, header, columns)}：应填整数，收到「{values[header]}」")
            continue
        if key in ("day", "month"):
            fields["limits"][key] = number
        elif number is not None:
            fields[key] = number
        elif key == "points":
            problems.append(f"{_where(row, header, columns)}：必填")
    sponsor = values.get("赞助方", "")
    if sponsor:
        matches = sponsors.get(sponsor, [])
        if len(matches) != 1:
            problems.append(f"{_where(row, '赞助方', columns)}：" + (
                f"没有名为「{sponsor}」的爱心商户或单位" if not matches else
                f"「{sponsor}」既是商户又是单位（或有重名），请在登记册中改名区分"))
        else:
            fields["sponsor"] = matches[0]
    community = values.get("社区", "")
    if community:
        if community not in communities:
            problems.append(f"{_where(row, '社区', columns)}：没有「{community}」，"
                            f"可选：{'、'.join(communities)}")
        else:
            fields["community"] = communities[community]
    return fields
