"""Shared pytest set-up: the browser-test harness (tests/browser.py) as a plugin."""

pytest_plugins = ("tests.browser",)
