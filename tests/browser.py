"""Browser-test harness: the real `meide serve` on a free port, Debian chromium, widget helpers.

Fixtures (this module is a pytest plugin, loaded by tests/conftest.py):

    served_app   one real server per test module on demo data (200 residents): a ServedApp
    serve_app    session-scoped factory: `with serve_app(folder) as app:` for data of your own
    demo_data    session-scoped folder of demo data, built once; copy it, never serve it directly
    browser      session-scoped Playwright Browser (Debian /usr/bin/chromium, headless)
    new_page     factory of pages, each in a fresh context (own cookies): two people at once
    page         a page in a fresh context, for one test

Finding things on Panel pages: every Bokeh model renders inside its own open shadow root.
Playwright's CSS, text and role locators pierce open shadow roots (XPath does not), so
`page.get_by_role("button", name=...)`, `get_by_role("heading", name=...)` (Markdown headings;
get_by_text misses them because of the ¶ anchor), `get_by_text(...)` (paragraphs) and
`get_by_label(...)` (TextInput, TextAreaInput, Select) all work. The helpers below cover the
rest: widget/field/fill/choose (by label, DatePicker included), pick_reference (search box and
matches), open_calendar/pick_date (flatpickr calendar), button, row (inbox and list lines), card,
alert (Panel alerts have no ARIA role), table/table_rows (display.table), sign_in/sign_out, expect.

A failing test gets a screenshot of each page, their console errors and the server log's tail in
its report. The browser tests fail (never skip) when chromium or Playwright cannot start: CI
installs both (scripts/debian-packages.txt, pyproject's test extra).
"""

import contextlib
import dataclasses
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
RESIDENTS = 200
SEED = 20240501
START_TIMEOUT = 60.0       # seconds for `meide serve` to answer
STOP_TIMEOUT = 10.0        # seconds between terminate and kill
TIMEOUT_MS = 20_000        # Playwright actions and expectations
LOG_TAIL = 60              # server log lines shown with a failure
ACCOUNTS_FILE = "DEMO-ACCOUNTS.txt"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives the real server with chromium (deselect with -m 'not browser')")
    config.addinivalue_line(
        "markers", "server_errors_allowed: a browser test provoking a server traceback on purpose")


# -- the server ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Account:
    """A demo staff account from DEMO-ACCOUNTS.txt, with the display name from the registry."""

    username: str
    role: str
    password: str
    name: str = ""

    @property
    def header(self) -> str:
        """What the console's header shows for this person: 张晓东 · 网格员."""
        return f"{self.name} · {self.role}"


@dataclasses.dataclass
class ServedApp:
    """A running `meide serve`: where it answers, its data folder, its demo accounts, its log."""

    base_url: str
    data: Path
    accounts: dict = dataclasses.field(repr=False)
    log: Path
    process: subprocess.Popen = dataclasses.field(repr=False, default=None)

    def url(self, path: str = "/console") -> str:
        return self.base_url + path

    def account(self, username: str) -> Account:
        return self.accounts[username]

    @contextlib.contextmanager
    def read_store(self):
        """The data folder opened read-only beside the server: what it has written so far."""
        opened = store.open_store(self.data, readonly=True)
        try:
            yield opened
        finally:
            opened.close()

    def log_tail(self, lines: int = LOG_TAIL) -> str:
        try:
            text = self.log.read_text("utf-8", "replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def meide_command() -> list:
    """The installed `meide` script beside this Python (.venv/bin/meide), else `python -m`."""
    script = Path(sys.executable).with_name("meide")
    return [str(script)] if script.exists() else [sys.executable, "-m", "meide.cli"]


def read_accounts(folder: Path) -> dict:
    """username → Account, from the demo's DEMO-ACCOUNTS.txt and the registry's display names."""
    from meide.registry import NotFound, Registry

    lines = (Path(folder) / ACCOUNTS_FILE).read_text("utf-8").splitlines()[1:]
    accounts = {}
    with contextlib.closing(store.open_store(folder, readonly=True)) as opened:
        staff = Registry(opened).staff
        for line in filter(None, lines):
            username, role, password = line.split("\t")
            try:
                name = staff.by_username(username).get("display_name") or username
            except NotFound:
                name = username
            accounts[username] = Account(username, role, password, name)
    return accounts


def build_demo(folder: Path, residents: int = RESIDENTS, seed: int = SEED) -> Path:
    """`meide demo` into folder (which must not hold data yet)."""
    result = subprocess.run([*meide_command(), "demo", "--data", str(folder), "--residents",
                             str(residents), "--seed", str(seed), "--entries", "0"],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        pytest.fail(f"meide demo failed ({result.returncode}):\n{result.stdout}\n{result.stderr}",
                    pytrace=False)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False
    except OSError:
        return False


def _stop(process: subprocess.Popen):
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT)


@contextlib.contextmanager
def serving(folder: Path, log_folder: Path = None, attempts: int = 3, env: dict = None):
    """Run `meide serve --data folder` on 127.0.0.1 and a free port until the block ends;
    env adds to the server's environment (e.g. MEIDE_CLOCK_FILE, MEIDE_TICK_SECONDS).

    Waits until /login answers; retries on another port if the chosen one was taken meanwhile;
    on failure to start, fails with the server log. Stops it with terminate, then kill.
    """
    folder = Path(folder)
    log_folder = Path(log_folder or folder.parent)
    accounts = read_accounts(folder) if (folder / ACCOUNTS_FILE).exists() else {}
    for attempt in range(attempts):
        port = free_port()
        log = log_folder / f"server-{port}.log"
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        environment.pop("MEIDE_DATA", None)
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*meide_command(), "serve", "--data", str(folder), "--port", str(port),
                 "--address", "127.0.0.1"],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=environment)
        app = ServedApp(f"http://127.0.0.1:{port}", folder, accounts, log, process)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while process.poll() is None and not _answers(app.url("/login")):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            if process.poll() is None and _answers(app.url("/login")):
                break
            _stop(process)
            if "already in use" in app.log_tail() and attempt + 1 < attempts:
                continue
            pytest.fail(f"meide serve did not answer on port {port} within {START_TIMEOUT:.0f} s "
                        f"(exit code {process.returncode}); its log:\n{app.log_tail()}",
                        pytrace=False)
        except BaseException:
            _stop(process)
            raise
    try:
        yield app
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Path:
    """Demo data built once per test session (never served itself: copy it per server)."""
    return build_demo(tmp_path_factory.mktemp("demo-template") / "data")


@pytest.fixture(scope="session")
def serve_app(tmp_path_factory, demo_data):
    """Factory: `with serve_app() as app:` serves a fresh copy of the demo data;
    `serve_app(folder)` serves a folder you prepared (data written before the server starts)."""

    @contextlib.contextmanager
    def start(folder: Path = None, env: dict = None):
        if folder is None:
            folder = tmp_path_factory.mktemp("served") / "data"
            shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
        with serving(folder, env=env) as app:
            yield app

    return start


@pytest.fixture(scope="module")
def served_app(serve_app):
    """One real server per test module, on its own copy of the demo data."""
    with serve_app() as app:
        yield app


# -- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Debian chromium through Playwright's sync API, with HOME in a temp folder.

    Fails (does not skip) when Playwright or chromium is missing: CI installs both.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(f"Playwright is not installed ({exc}); pip install -e '.[test]'", pytrace=False)
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium "
                    "(scripts/debian-packages.txt)", pytrace=False)
    home = tmp_path_factory.mktemp("browser-home")
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache")}
    with _environment(env):         # Playwright's driver inherits it; the tests' process not
        playwright = sync_playwright().start()
    try:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                  args=CHROMIUM_ARGS, env={**os.environ, **env})
        except Exception as exc:
            pytest.fail(f"chromium did not start: {exc}", pytrace=False)
        yield launched
        launched.close()
    finally:
        playwright.stop()


@contextlib.contextmanager
def _environment(values: dict):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def new_page(browser, request):
    """Factory: a page in a fresh browser context (its own cookies), closed after the test.

    Pages are 1280×900, zh-CN, Beijing time; their console errors and uncaught exceptions are
    collected in page.meide_errors (and shown with a failure).
    """
    contexts, pages = [], []

    def make():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        made = context.new_page()
        made.meide_errors = []
        made.on("pageerror", lambda exc: made.meide_errors.append(f"uncaught: {exc}"))
        made.on("console", lambda message: message.type == "error"
                and made.meide_errors.append(f"console: {message.text}"))
        pages.append(made)
        return made

    request.node.meide_pages = pages
    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


TRACEBACK = "Traceback (most recent call last)"
# Bokeh 3.9 logs this when a browser closes a page's websocket before its session was attached
# (someone navigates away while the page is still opening), or when messages the page sent just
# before it left are handled after Bokeh detached the session (seen with 20 pages on a loaded
# machine): both fail in the connection's `session` property. The browser has left, nothing of
# Meide ran, and nothing can be done about it on the server side.
BOKEH_EARLY_CLOSE = ("bokeh/server/connection.py", "in session", "assert self._session is not None")
# Tornado logs this ("Task exception was never retrieved", in two chained tracebacks) when a
# page is closed while the server is still sending it the redraw that followed a click: the
# browser has left (a test ending right after its last click), nothing of Meide ran.
TORNADO_CLOSED_WRITE = [("tornado/websocket.py", "in wrapper", closed)
                        for closed in ("StreamClosedError", "WebSocketClosedError")]
HARMLESS = [BOKEH_EARLY_CLOSE, *TORNADO_CLOSED_WRITE]


def server_tracebacks(log_text: str) -> list:
    """The tracebacks in a server log, leaving out the known ones of a browser that left."""
    blocks = log_text.split(TRACEBACK)[1:]
    return [TRACEBACK + block[:3000] for block in blocks
            if not any(all(marker in block.split("\n20")[0] for marker in markers)
                       for markers in HARMLESS)]


@pytest.fixture(autouse=True)
def _server_stays_healthy(request):
    """A test using served_app fails if the server logged a traceback while it ran (the UI
    shows staff a polite message; the log has the bug) or if the server process died."""
    if "served_app" not in request.fixturenames or \
            request.node.get_closest_marker("server_errors_allowed"):
        yield
        return
    app = request.getfixturevalue("served_app")
    start = app.log.stat().st_size
    yield
    with app.log.open("rb") as log:
        log.seek(start)
        written = log.read().decode("utf-8", "replace")
    if server_tracebacks(written):
        pytest.fail(f"the server logged an error during this test:\n{written[-6000:]}",
                    pytrace=False)
    if app.process is not None and app.process.poll() is not None:
        pytest.fail(f"the server stopped (exit code {app.process.returncode}):\n"
                    f"{app.log_tail()}", pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With a failure: a screenshot of each page, their console errors and the server log."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for number, shown in enumerate(getattr(item, "meide_pages", [])):
        with contextlib.suppress(Exception):
            folder = Path(tempfile.gettempdir()) / "meide-browser-failures"
            folder.mkdir(exist_ok=True)
            target = folder / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', item.name)}-{number}.png"
            shown.screenshot(path=str(target), full_page=True)
            report.sections.append((f"page {number}", f"url {shown.url}\nscreenshot {target}\n"
                                    + "\n".join(shown.meide_errors)))
    app = item.funcargs.get("served_app") if hasattr(item, "funcargs") else None
    if isinstance(app, ServedApp):
        report.sections.append(("meide serve log (tail)", app.log_tail()))


def expect(target, message: str = None):
    """Playwright's expect with the harness timeout (its default is 5 s); each assertion still
    takes timeout= to wait longer or shorter."""
    from playwright.sync_api import expect as playwright_expect
    playwright_expect.set_options(timeout=TIMEOUT_MS)
    return playwright_expect(target, message)


# -- helpers ---------------------------------------------------------------------------------


def sign_in(page, app: ServedApp, username: str, password: str = None, *, path: str = "/console"):
    """Open path (the console), sign in on the Chinese login form and wait for the console
    header naming the person and their role."""
    account = app.account(username)
    page.goto(app.url(path))
    page.wait_for_url(re.compile(r"/login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password or account.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(re.escape(app.base_url) + r"/console"))
    expect(page.get_by_text(account.header, exact=True)).to_be_visible()
    return page


def sign_out(page, app: ServedApp):
    """Click 退出登录 in the console header and wait for the login page."""
    page.get_by_role("link", name="退出登录").click()
    page.wait_for_url(re.compile(r"/login"))
    expect(page.get_by_label("用户名")).to_be_visible()


def _label_pattern(label: str):
    # The exact label, allowing the " *" that marks a required field.
    return re.compile(rf"^\s*{re.escape(label)}(\s*\*)?\s*$")


def widget(page, label: str):
    """The Bokeh widget whose visible label is `label` (a trailing required ' *' optional).

    Panel renders each Bokeh widget in its own open shadow root as
    `div.bk-input-group > label + control`. Playwright's CSS and text locators pierce open
    shadow roots (XPath does not), so `.bk-input-group` filtered by its own `label` finds the
    widget in any layout. `page.get_by_label(text)` also works for TextInput, TextAreaInput and
    Select (their label is tied to the control), but not for DatePicker (flatpickr replaces its
    input) — hence this helper.
    """
    return page.locator(".bk-input-group").filter(
        has=page.locator("label", has_text=_label_pattern(label))).first


def field(page, label: str):
    """The control a person types into or chooses in, in the widget labelled `label` (for a
    DatePicker: flatpickr's visible input, not the hidden one holding the value)."""
    return widget(page, label).locator(
        "input:not([type=hidden]):visible, textarea, select").first


def fill(page, label: str, text: str):
    """Type text into the text field or text area labelled `label`, then leave the field (a
    Panel TextInput's `value` updates on change, i.e. on Enter or blur)."""
    control = field(page, label)
    control.fill(text)
    control.blur()


def choose(page, label: str, option: str):
    """Choose the option shown as `option` in the Select labelled `label`."""
    field(page, label).select_option(label=option)


def pick_reference(page, label: str, typed: str, option: str):
    """A reference field (居民…): type `typed` into its search box like a person would (key by
    key, which searches on the server), then choose `option` among the matches that appear."""
    group = widget(page, label)
    box = group.locator("input").first
    box.click()
    box.press_sequentially(typed, delay=30)
    # The match list is the Select right after the search box, in the same Panel Column.
    choice = page.locator(".bk-input-group").filter(
        has=page.locator("select option", has_text=option)).locator("select").first
    expect(choice.locator("option", has_text=option)).to_have_count(1)
    choice.select_option(label=option)


def open_calendar(page, label: str):
    """Open the flatpickr calendar of the DatePicker or DatetimePicker labelled `label`; the
    open calendar (in the widget's own shadow root)."""
    field(page, label).click()
    calendar = widget(page, label).locator(".flatpickr-calendar.open")
    expect(calendar).to_be_visible()
    return calendar


def pick_date(page, label: str, day: dt.date):
    """Choose `day` in the DatePicker labelled `label` through its flatpickr calendar: open
    it, step month by month with its arrows, click the day by its number (its aria-label names
    the month in the page's language)."""
    calendar = open_calendar(page, label)
    for _ in range(240):
        month = int(calendar.locator(".flatpickr-monthDropdown-months").input_value()) + 1
        year = int(calendar.locator("input.cur-year").input_value())
        if (year, month) == (day.year, day.month):
            break
        arrow = ".flatpickr-prev-month" if (year, month) > (day.year, day.month) else \
            ".flatpickr-next-month"
        calendar.locator(arrow).click()
    calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)").filter(
        has_text=re.compile(rf"^{day.day}$")).click()
    expect(field(page, label)).not_to_have_value("")


def button(page, name: str):
    """The button whose visible text is exactly `name` (Bokeh buttons are real <button>s)."""
    return page.get_by_role("button", name=name, exact=True)


def row(page, text: str):
    """The innermost Panel Row (`div.bk-Row`) holding `text` — one line of an inbox or a list,
    with its buttons: `row(page, "第 3 号").get_by_role("button", name="打开")`. Rows nest (the
    console itself is a Row); in document order an ancestor comes first, so the last match is
    the innermost."""
    return page.locator(".bk-Row").filter(has=page.get_by_text(text)).last


def card(page, title: str):
    """The Panel Card titled `title` (the catalogue's workflow cards)."""
    return page.locator(".card").filter(has=page.get_by_text(title, exact=True)).last


def alert(page, kind: str = None):
    """Panel's Alert panes (display.alert: confirmations, refusals) — `div.alert`, optionally
    of one kind (success, warning, danger). They carry no ARIA role, so get_by_role("alert")
    finds only the login page's error."""
    return page.locator(f"div.alert.alert-{kind}" if kind else "div.alert")


def table(page, first_header: str):
    """The meide table (display.table) whose first column is `first_header`: 时间 for a
    history, 项目 for a record's values. Its body rows: `.locator("tbody tr")`."""
    return page.locator("table.meide-table").filter(
        has=page.locator("th", has_text=_label_pattern(first_header))).last


def table_rows(page, first_header: str, count: int = None) -> list:
    """The body rows (lists of cell texts) of table(page, first_header), once it is shown —
    and, with `count`, once it has that many rows (a redraw may still be on its way)."""
    shown = table(page, first_header)
    expect(shown).to_be_visible()
    if count is not None:
        expect(shown.locator("tbody tr")).to_have_count(count)
    return [[cell.strip() for cell in line.locator("td").all_inner_texts()]
            for line in shown.locator("tbody tr").all()]


def received(page) -> list:
    """Everything the server sends `page` from now on, as text (call it before page.goto): each
    websocket frame, and the body of each HTTP response except the static bundles. JSON's
    \\uXXXX escapes are decoded, so a name is found however Bokeh serialised it."""
    texts = []

    def keep(payload):
        text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
        texts.append(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text))

    def response(answer):
        if "/static/" not in answer.url:
            with contextlib.suppress(Exception):     # a redirect has no body to read
                keep(answer.body())

    page.on("websocket", lambda socket: socket.on("framereceived", keep))
    page.on("response", response)
    return texts


def navigation(page) -> list:
    """The labels of the console's navigation entries (its left column), in order."""
    entries = page.locator(".meide-navigation button")
    expect(entries.first).to_be_visible()
    return [text.strip() for text in entries.all_inner_texts()]


SETTLE_MS = 500            # after a page is drawn, for the rest of its updates to arrive


def open_entry(page, label: str):
    """Click the navigation entry `label`, wait until the console marks it as the page shown
    and its updates have arrived (leaving earlier can close the websocket mid-message)."""
    entry = page.locator(".meide-navigation button").filter(
        has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    entry.click()
    expect(entry).to_have_class(re.compile(r"\bbk-btn-primary\b"))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)
    return entry
