"""Validation rules with Chinese messages that say what to fix; problems carry row and column."""

from dataclasses import dataclass, replace
from datetime import date

from . import normalize
from .errors import RegistryError

# The label staff see for each field, in messages and as the spreadsheet column header.
LABELS = {
    "name": "姓名", "gender": "性别", "birth_date": "出生日期", "phone": "手机号",
    "id_number": "身份证号", "community": "社区", "grid": "网格", "building": "楼栋",
    "unit": "单元", "room": "门牌号", "household": "户号", "tags": "标签", "minor": "未成年",
    "guardian": "监护人", "owner": "经营者", "licence": "营业执照号", "category": "经营类别",
    "address": "地址", "kind": "类型", "leader": "队长", "members": "队员", "team": "服务队",
    "role": "职务", "head": "户主", "username": "用户名", "display_name": "姓名",
    "password": "密码", "roles": "角色", "scope": "管辖范围", "estate": "小区",
    "subdistrict": "街道", "units": "单元",
}

# The most characters a text field takes. A name is printed on one line of a board, a plaque and
# a record page's heading; anything else staff type is one line of a form; a tag is a short word.
MAX_CHARS = {"name": 50, "display_name": 50, "owner": 50, "tags": 20, "units": 20, "roles": 20}
DEFAULT_MAX_CHARS = 200

# Province-level codes that open a mainland resident ID number (GB 11643 / GB/T 2260).
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45,
              46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECKS = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where (row, column) and what (message, in Chinese)."""

    message: str
    field: str | None = None
    row: int | None = None
    column: str | None = None
    level: str = "error"            # "error" stops an import; "warning" is reported only
    rows: tuple = ()                # every row one problem stands for (a building named by many)

    @property
    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"第{self.row}行")
        label = self.column or LABELS.get(self.field or "", self.field)
        if label:
            parts.append(f"「{label}」")
        return "".join(parts)

    @property
    def all_rows(self) -> tuple:
        """The rows this problem is about: its row, or every row it stands for."""
        return self.rows or ((self.row,) if self.row is not None else ())

    def at(self, row=None, column=None) -> "Problem":
        return replace(self, row=row if row is not None else self.row,
                       column=column if column is not None else self.column)

    def __str__(self):
        prefix = "提示：" if self.level == "warning" else ""
        return f"{self.where}：{prefix}{self.message}" if self.where else prefix + self.message


class ValidationError(RegistryError):
    """Raised with every problem found, so staff can fix them all in one go."""

    def __init__(self, problems):
        self.problems = [p if isinstance(p, Problem) else Problem(str(p)) for p in problems]
        errors = [p for p in self.problems if p.level == "error"] or self.problems
        more = f"（另有{len(errors) - 1}处问题）" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}" if errors else "数据有误")


def errors_in(problems) -> list:
    return [p for p in problems if p.level == "error"]


def check_required(value, field: str) -> Problem | None:
    if value in (None, "", []):
        return Problem(f"{LABELS.get(field, field)}不能为空，请填写", field)
    return None


def check_text(value: str, field: str) -> Problem | None:
    """Text without control characters and no longer than the field's limit (MAX_CHARS)."""
    label = LABELS.get(field, field)
    if found := normalize.controls(value):
        return Problem(f"{label}含有看不见的控制字符（{found}），多半是复制时带进来的，"
                       "请删除后重新填写", field)
    limit = MAX_CHARS.get(field, DEFAULT_MAX_CHARS)
    if len(value) > limit:
        return Problem(f"{label}最多{limit}个字，现在有{len(value)}个字，请删减", field)
    return None


DERIVED = frozenset({"pinyin", "initials"})


def check_texts(doc: dict) -> list:
    """check_text on every field of a prepared record that staff fill in (those with a label),
    each item of a list field (tags) on its own; any other text field only for control
    characters."""
    problems = []
    for field, value in doc.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if not isinstance(item, str):
                continue
            # A control character has no place in any field (an export could not hold it);
            # lengths are limited on the fields staff fill in.
            if field in DERIVED:
                continue            # made from a checked field (pinyin of the name)
            if field not in LABELS:
                found = normalize.controls(item)
                problem = found and Problem(
                    f"{field}含有看不见的控制字符（{found}），请删除后重新填写", field)
            else:
                problem = check_text(item, field)
            if problem:
                problems.append(problem)
                break
    return problems


def check_mobile(number: str, field: str = "phone") -> Problem | None:
    """An 11-digit mainland mobile number starting 13–19 (after normalize.phone)."""
    if not number:
        return None
    if "*" in number:
        return Problem("手机号是打码的（导出时已隐藏），请填写完整的手机号", field)
    if not number.isdigit():
        return Problem(f"手机号“{number}”含有非数字字符，请只填写11位数字", field)
    if len(number) != 11:
        return Problem(f"手机号“{number}”是{len(number)}位，大陆手机号应为11位", field)
    if number[0] != "1" or number[1] not in "3456789":
        return Problem(f"手机号“{number}”不像大陆手机号（应以13–19开头），请核对", field)
    return None


def id_check_digit(first17: str) -> str:
    """The check character of an 18-character ID number from its first 17 digits."""
    return _ID_CHECKS[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def id_birth_date(number: str) -> str:
    return f"{number[6:10]}-{number[10:12]}-{number[12:14]}"


def id_gender(number: str) -> str:
    return "男" if int(number[16]) % 2 else "女"


def check_id_number(number: str, field: str = "id_number", today: date | None = None):
    """An 18-character ID number: digits, a known province, a real birth date, the check digit."""
    if not number:
        return None
    if "*" in number:
        return Problem("身份证号是打码的（导出时已隐藏），请填写完整的身份证号", field)
    if len(number) != 18:
        return Problem(f"身份证号“{number}”是{len(number)}位，应为18位（15位旧证请换成18位）",
                       field)
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return Problem(f"身份证号“{number}”前17位应为数字，最后一位为数字或X", field)
    if int(number[:2]) not in _PROVINCES:
        return Problem(f"身份证号“{number}”的前两位地区码{number[:2]}不存在，请核对", field)
    try:
        born = date.fromisoformat(id_birth_date(number))
    except ValueError:
        return Problem(f"身份证号“{number}”中的出生日期{number[6:14]}不是有效日期，请核对", field)
    if born > (today or date.today()) or born.year < 1900:
        return Problem(f"身份证号“{number}”中的出生日期{born.isoformat()}不合理，请核对", field)
    expected = id_check_digit(number[:17])
    if number[17] != expected:
        return Problem(f"身份证号“{number}”校验位不对（按前17位应为{expected}），"
                       "多半是抄错了某一位，请核对原件", field)
    return None


def check_licence(number: str, field: str = "licence") -> Problem | None:
    """A unified social credit code (18 characters with its check) or an old 15-digit number."""
    if not number:
        return None
    if len(number) == 15 and number.isdigit():
        return None
    if len(number) != 18 or any(ch not in _USCC_CHARS for ch in number):
        return Problem(f"营业执照号“{number}”应为18位统一社会信用代码（或15位旧注册号）", field)
    expected = uscc_check_char(number[:17])
    if number[17] != expected:
        return Problem(f"统一社会信用代码“{number}”校验位不对（应为{expected}），请核对营业执照",
                       field)
    return None


def uscc_check_char(first17: str) -> str:
    """The check character of a unified social credit code (for generating demo merchants)."""
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(first17, _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31]


def check_birth_date(iso: str, field: str = "birth_date", today: date | None = None):
    if iso and (iso > (today or date.today()).isoformat() or iso < "1900-01-01"):
        return Problem(f"出生日期{iso}不合理，请核对", field)
    return None


def check_choice(value: str, choices, field: str) -> Problem | None:
    if value and value not in choices:
        return Problem(f"{LABELS.get(field, field)}“{value}”无法识别，可填：{'、'.join(choices)}",
                       field)
    return None
