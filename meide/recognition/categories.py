"""榜样类别: the subdistrict's default category list and communities' own lists, versioned."""

import re

import store

from ..audit import REFUSED, audit_log
from ..clock import now
from ..errors import MeideError
from ..registry.org import CommunityBook

TABLE = "role_model_categories"
DEFAULT_CATEGORIES = ("好媳妇", "好婆婆", "道德模范", "邻里守望员", "最美志愿者", "最美家庭")
MAX_NAME = 12                 # a category is printed as a section title on the honour board
MAX_CATEGORIES = 30
EDIT_ALL_ROLE = "街道管理员"    # the default list and every community's list
EDIT_OWN_ROLE = "社区管理员"    # their own community's list only
SEPARATORS = re.compile(r"[\n\r、，,;；]+")


class CategoryError(MeideError, ValueError):
    """A category list that cannot be saved; str() says, in Chinese, what to fix."""


class CategoryRefused(MeideError, PermissionError):
    """The person may not change this list (audited as 'refused' before it is raised)."""


def parse_categories(text: str) -> list:
    """The names typed into a box: one per line, or separated by 、，,;； (blank items dropped)."""
    return [item.strip() for item in SEPARATORS.split(text or "") if item.strip()]


def check_categories(names) -> list:
    """The names stripped, or CategoryError naming every problem."""
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        raise CategoryError("评选类别应是一组名称，每行一个")
    cleaned, problems = [], []
    for number, name in enumerate(names, 1):
        name = name.strip() if isinstance(name, str) else ""
        if not name:
            problems.append(f"第 {number} 个类别名称为空，请填写或删去这一行")
        elif len(name) > MAX_NAME:
            problems.append(f"类别“{name[:MAX_NAME]}…”太长，最多 {MAX_NAME} 个字")
        elif not name.isprintable() or SEPARATORS.search(name):
            problems.append(f"类别“{name}”含有换行、顿号或逗号等分隔符，请拆成两个类别或删去")
        elif name in cleaned:
            problems.append(f"类别“{name}”重复了，请只保留一个")
        else:
            cleaned.append(name)
    if not names:
        problems.append("至少要有一个评选类别")
    if len(names) > MAX_CATEGORIES:
        problems.append(f"评选类别最多 {MAX_CATEGORIES} 个，现有 {len(names)} 个")
    if problems:
        raise CategoryError("；".join(problems))
    return cleaned


class RoleModelCategories:
    """The category lists in the store table 'role_model_categories'.

    The subdistrict's default list has community None; a community without a list of its own
    (or whose latest version is None: "use the subdistrict's") offers the default list. Every
    change is a new version document (who, when, the whole list) written with its audit entry in
    one store transaction; nothing is edited or removed, and records keep the category name they
    chose, so dropping a category later leaves them intact.
    """

    def __init__(self, opened_store):
        self.store = opened_store
        self.table = opened_store.table(TABLE)

    # -- reading -------------------------------------------------------------------------------

    def versions(self, community=None) -> list:
        """Every version of one list (None: the default list), oldest first."""
        found = self.table.search(store.where("community") == community)
        return sorted((dict(doc) for doc in found), key=lambda doc: doc["version"])

    def current(self, community=None):
        """The latest version document of one list, or None if it was never changed."""
        history = self.versions(community)
        return history[-1] if history else None

    def default(self) -> list:
        """The subdistrict's default categories in force."""
        latest = self.current(None)
        return list(latest["categories"]) if latest else list(DEFAULT_CATEGORIES)

    def own(self, community):
        """A community's own categories in force, or None when it offers the default list."""
        latest = self.current(community)
        return list(latest["categories"]) if latest and latest["categories"] else None

    def offered(self, community) -> list:
        """What a new nomination in the community may choose (its own list, else the default)."""
        return (self.own(community) if community is not None else None) or self.default()

    # -- changing ------------------------------------------------------------------------------

    def refusal(self, actor, community) -> str:
        """Why actor may not change the list of community (None: the default), or ''."""
        roles = set(getattr(actor, "roles", ()) or ())
        if EDIT_ALL_ROLE in roles and getattr(actor, "community", None) is None:
            return ""
        if community is None:
            return "只有街道管理员可以修改街道默认的榜样类别"
        if EDIT_OWN_ROLE in roles and getattr(actor, "community", None) == community:
            return ""
        if EDIT_OWN_ROLE in roles:
            return "社区管理员只能修改本社区的榜样类别"
        return "只有街道管理员和本社区的社区管理员可以修改榜样类别"

    def save(self, categories, *, actor, community=None) -> dict:
        """Make categories (a list, or None: the community follows the default again) the new
        version of the list; returns the version document. Refused and checked first."""
        username = getattr(actor, "username", None) or str(actor)
        reason = self.refusal(actor, community)
        if reason:
            audit_log(self.store).record(username, REFUSED, TABLE, None, note=reason,
                                        attempted="save", community=community)
            raise CategoryRefused(reason)
        if categories is None and community is None:
            raise CategoryError("街道默认类别不能清空，请至少保留一个评选类别")
        cleaned = None if categories is None else check_categories(categories)
        with self.store.transaction():
            if community is not None and self.store.table(CommunityBook.table_name).get(
                    doc_id=community) is None:
                raise CategoryError(f"找不到编号为 {community} 的社区，请从列表中选择")
            latest = self.current(community)
            before = latest["categories"] if latest else None
            if cleaned == before:
                raise CategoryError("类别没有变化，无需保存")
            doc = {"community": community, "version": latest["version"] + 1 if latest else 1,
                   "categories": cleaned, "actor": username,
                   "at": now().isoformat(timespec="seconds")}
            doc_id = self.table.insert(doc)
            audit_log(self.store).record(username, "update", TABLE, doc_id,
                                        {"categories": before}, {"categories": cleaned},
                                        community=community, version=doc["version"])
        return doc
