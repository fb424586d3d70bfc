"""Staff accounts: hashed passwords, roles with fitting scopes, disabling, sign-in."""

import pytest

from meide.registry import AuthenticationFailed, ValidationError, can_export_full
from tests.registry_support import registry  # noqa: F401


def add_admin(registry, username="beimen", role="社区管理员", scope="北门社区"):
    return registry.staff.add(username, "李秀梅", "correct horse", [role], scope)


def test_passwords_are_stored_hashed_with_argon2(registry):
    account = registry.staff.get(add_admin(registry))
    assert account["password_hash"].startswith("$argon2")
    assert "correct horse" not in str(registry.store.table("staff").all())


def test_sign_in_returns_the_account_for_the_right_password(registry):
    add_admin(registry)
    assert registry.staff.authenticate("BeiMen", "correct horse")["username"] == "beimen"


@pytest.mark.parametrize("username, password", [("beimen", "wrong password"),
                                                ("nobody", "correct horse"), ("beimen", "")])
def test_sign_in_refuses_with_one_message(registry, username, password):
    add_admin(registry)
    with pytest.raises(AuthenticationFailed, match="用户名或密码不正确"):
        registry.staff.authenticate(username, password)


def test_a_disabled_account_cannot_sign_in_until_enabled(registry):
    add_admin(registry)
    registry.staff.disable("beimen")
    with pytest.raises(AuthenticationFailed, match="停用"):
        registry.staff.authenticate("beimen", "correct horse")
    registry.staff.disable("beimen", False)
    assert registry.staff.authenticate("beimen", "correct horse")


def test_a_reset_password_replaces_the_old_one(registry):
    add_admin(registry)
    registry.staff.reset_password("beimen", "a new password")
    with pytest.raises(AuthenticationFailed):
        registry.staff.authenticate("beimen", "correct horse")
    assert registry.staff.authenticate("beimen", "a new password")
    assert registry.audit.entries(table="staff", action="reset_password")


def test_passwords_need_eight_characters(registry):
    with pytest.raises(ValidationError, match="至少8位"):
        registry.staff.add("beimen", "李秀梅", "short", ["社区管理员"], "北门社区")


def test_roles_need_a_fitting_scope(registry):
    with pytest.raises(ValidationError, match="管辖范围应为网格"):
        add_admin(registry, "wangge", "网格员", "北门社区")
    add_admin(registry, "wangge", "网格员", "北门社区/第一网格")
    with pytest.raises(ValidationError, match="角色“队长”不存在"):
        add_admin(registry, "xyz1", "队长", "北门社区")


def test_usernames_are_unique_and_plain(registry):
    add_admin(registry)
    with pytest.raises(ValidationError, match="已被使用"):
        add_admin(registry)
    with pytest.raises(ValidationError, match="用户名"):
        add_admin(registry, "李秀梅")


def test_only_administrators_export_full_numbers(registry):
    add_admin(registry)
    add_admin(registry, "wangge", "网格员", "北门社区/第一网格")
    assert can_export_full(registry.staff.by_username("beimen"))
    assert not can_export_full(registry.staff.by_username("wangge"))
    assert not can_export_full(None)
