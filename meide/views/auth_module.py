"""The module `meide serve` hands to `panel serve --auth-module`: Meide's own sign-in hooks."""

from meide import runtime
from meide.views import damaged, signin
from meide.views.signin import LOGIN_URL, LOGOUT_URL

login_url = LOGIN_URL
logout_url = LOGOUT_URL


# Every page and websocket asks who is signed in first, which opens the data folder: a folder
# found damaged then answers every address with the page saying so, not a general error.
def get_user(handler):
    with damaged.refusing(handler):
        runtime.get_engine()        # opened (or its damage met) even before anyone signs in
        return signin.get_user(handler)


class LoginHandler(signin.LoginHandler):
    """The sign-in form; a sign-in that finds the data folder damaged gets the damage page."""

    def post(self):
        with damaged.refusing(self):
            super().post()


class LogoutHandler(signin.LogoutHandler):
    """Signing out; one that finds the data folder damaged gets the damage page."""

    def get(self):
        with damaged.refusing(self):
            super().get()


__all__ = ["get_user", "login_url", "logout_url", "LoginHandler", "LogoutHandler"]
