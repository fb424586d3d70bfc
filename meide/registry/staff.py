"""Staff accounts: usernames, argon2-hashed passwords, roles, a scope, and sign-in."""

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from . import normalize
from .book import RecordBook, raise_if_errors
from .errors import AuthenticationFailed, NotFound
from ..scope import Scope
from .validation import Problem, check_required

# Which scope levels each role may hold (a 网格员 works in one grid, a 街道管理员 the subdistrict).
ROLES = {
    "街道管理员": ("subdistrict",),
    "社区管理员": ("community",),
    "网格员": ("grid",),
    "楼长": ("grid", "community"),
    "超市管理员": ("community", "subdistrict"),
    "评审委员": ("community", "subdistrict"),
    # A school's contact enters the children's 家园小卫士 activities for one community (or grid).
    "学校联系人": ("grid", "community"),
}
FULL_EXPORT_ROLES = frozenset({"街道管理员", "社区管理员"})
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[a-z0-9_.\-]{3,32}$")
_hasher = PasswordHasher()
# Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def generate_password(length: int = 12) -> str:
    """A random password without look-alike characters (for demo accounts and resets)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def scope_of(account) -> Scope:
    return Scope(account["subdistrict"], account.get("community"), account.get("grid"))


def generation(account) -> int:
    """The account's session generation: a session begun in an older one has ended."""
    return int(account.get("session_generation") or 0)


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def can_export_full(account) -> bool:
    """Whether exports by this account may show full phone and ID numbers."""
    return account is not None and bool(FULL_EXPORT_ROLES & set(account.get("roles", ())))


class StaffBook(RecordBook):
    table_name, label = "staff", "账号"
    indexed = ("username", "community", "grid")
    scope_levels = ("subdistrict", "community", "grid")

    def _prepare(self, values: dict, current=None) -> tuple[dict, list]:
        problems = []
        username = normalize.text(values.get("username")).lower()
        if not _USERNAME.match(username):
            problems.append(Problem("用户名应为3–32位英文字母、数字或 _ . -", "username"))
        display = normalize.name(values.get("display_name"))
        if problem := check_required(display, "display_name"):
            problems.append(problem)
        roles = list(dict.fromkeys(values.get("roles") or []))
        if not roles:
            problems.append(Problem(f"请至少选择一个角色（{'、'.join(ROLES)}）", "roles"))
        scope = values.get("scope")
        try:
            scope = scope if isinstance(scope, Scope) or scope is None else (
                self.registry.scope_named(scope))
        except NotFound as exc:
            problems.append(Problem(str(exc), "scope"))
            scope = None
        if scope is None and not any(p.field == "scope" for p in problems):
            problems.append(Problem("请指定管辖范围（街道、社区或网格）", "scope"))
        for role in roles:
            if role not in ROLES:
                problems.append(Problem(f"角色“{role}”不存在，可选：{'、'.join(ROLES)}", "roles"))
            elif scope is not None and scope.kind not in ROLES[role]:
                allowed = "或".join({"subdistrict": "街道", "community": "社区",
                                     "grid": "网格"}[k] for k in ROLES[role])
                problems.append(Problem(f"角色“{role}”的管辖范围应为{allowed}", "scope"))
        doc = {"username": username, "display_name": display, "roles": roles,
               "disabled": bool(values.get("disabled")),
               "password_hash": values.get("password_hash", ""),
               # A password someone else set (a new account, a reset) is changed by its
               # owner at the next sign-in.
               "must_change_password": bool(values.get("must_change_password")),
               # Sign-in sessions carry the generation they began in: disabling the account
               # or setting its password starts a new one, which ends every older session.
               "session_generation": int(values.get("session_generation") or 0)}
        doc.update(scope.as_fields() if scope else {"subdistrict": None, "community": None,
                                                    "grid": None})
        return doc, problems

    def by_username(self, username: str):
        found = self.list(None, username=normalize.text(username).lower())
        if not found:
            raise NotFound(f"账号“{username}”不存在")
        return found[0]

    def add(self, username, display_name, password, roles, scope, disabled=False,
            must_change_password=True) -> int:
        """A new account; its owner changes the password at first sign-in unless
        must_change_password is False (the owner chose it, as `meide init` asks, or the demo)."""
        doc, problems = self._prepare({"username": username, "display_name": display_name,
                                       "roles": roles, "scope": scope, "disabled": disabled,
                                       "must_change_password": must_change_password})
        problems += self._password_problems(password)
        if not problems and self.list(None, username=doc["username"]):
            problems.append(Problem(f"用户名“{doc['username']}”已被使用", "username"))
        raise_if_errors(problems)
        doc["password_hash"] = _hasher.hash(password)
        return self._create(doc)

    def update(self, username, **changes) -> bool:
        current = self.by_username(username)
        changes.pop("password_hash", None)
        doc, problems = self._prepare({**current, "scope": scope_of(current), **changes}, current)
        raise_if_errors(problems)
        return self._change(current.doc_id, doc)

    def disable(self, username, disabled: bool = True) -> bool:
        """Disable (or enable) the account; disabling ends its open sessions."""
        current = self.by_username(username)
        changes = {"disabled": disabled}
        if disabled and not current.get("disabled"):
            changes["session_generation"] = generation(current) + 1
        return self._change(current.doc_id, {**current, **changes},
                            "disable" if disabled else "enable")

    def reset_password(self, username, password: str):
        """An administrator sets a new password: open sessions end, and the owner changes it
        at the next sign-in."""
        current = self.by_username(username)
        raise_if_errors(self._password_problems(password))
        self._change(current.doc_id, {**current, "password_hash": _hasher.hash(password),
                                      "must_change_password": True,
                                      "session_generation": generation(current) + 1},
                     "reset_password")

    def change_password(self, username, new: str, again: str) -> int:
        """The owner (signed in just now) sets their own password: typed twice, different from
        the one set for them; the flag to change it is cleared and the account's other
        sessions end. Returns the account's new session generation."""
        account = self.by_username(username)
        problems = self._password_problems(new)
        if not problems and new != again:
            problems.append(Problem("两次输入的新密码不一致", "again"))
        if not problems and _matches(account.get("password_hash", ""), new):
            problems.append(Problem("新密码不能与原来的密码相同", "password"))
        raise_if_errors(problems)
        new_generation = generation(account) + 1
        self._change(account.doc_id, {**account, "password_hash": _hasher.hash(new),
                                      "must_change_password": False,
                                      "session_generation": new_generation},
                     "change_password")
        return new_generation

    def authenticate(self, username: str, password: str):
        """The account for a correct username and password; AuthenticationFailed otherwise."""
        try:
            account = self.by_username(username)
        except NotFound:
            account = None
        try:
            _hasher.verify(account["password_hash"] if account else _DUMMY_HASH, password or "")
        except (VerificationError, InvalidHashError):
            account = None
        if account is None:
            raise AuthenticationFailed("用户名或密码不正确")
        if account.get("disabled"):
            raise AuthenticationFailed("该账号已停用，请联系管理员")
        if _hasher.check_needs_rehash(account["password_hash"]):
            self._change(account.doc_id, {**account, "password_hash": _hasher.hash(password)},
                         "rehash_password")
        return account

    @staticmethod
    def _password_problems(password) -> list:
        if not password or len(password) < MIN_PASSWORD:
            return [Problem(f"密码至少{MIN_PASSWORD}位", "password")]
        return []
