"""The module `meide serve` hands to `panel serve --auth-module`: Meide's own sign-in hooks."""

from meide.views.signin import LOGIN_URL, LOGOUT_URL, LoginHandler, LogoutHandler, get_user

login_url = LOGIN_URL
logout_url = LOGOUT_URL

__all__ = ["get_user", "login_url", "logout_url", "LoginHandler", "LogoutHandler"]
