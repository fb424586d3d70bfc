"""A long print in one session shows its progress and leaves the other sessions responsive."""

import re
import shutil
import time
from pathlib import Path

import pytest

import store
from meide.demo.year import build_year
from meide.engine import Engine
from meide.periods import Period
from meide.printing import certificates
from meide.reports.printouts import quarterly_board

from .browser import button, expect, fill, open_entry, sign_in, table
from .printing_support import pdf_info

pytestmark = pytest.mark.browser

ENTRIES = 3000              # a year of points, so a quarter has stars to print certificates for
TOP = 100                   # every ranked resident of each category (the most the page offers)
MINIMUM = 20                # certificates: enough for the print to run several seconds
ANSWER_S = 5.0              # how long the other session may wait for its page


@pytest.fixture(scope="module")
def served_app(serve_app, demo_data, tmp_path_factory):
    """The demo with a year of ledger entries (the harness's demo has none)."""
    folder = tmp_path_factory.mktemp("progress") / "data"
    shutil.copytree(demo_data, folder, ignore=shutil.ignore_patterns("LOCK"))
    with store.open_store(folder) as opened:
        services = Engine(opened).services
        build_year(opened, services, ENTRIES)
        services.ledger.save_totals()
    with serve_app(folder) as app:
        yield app


def expected_certificates(app) -> int:
    """How many certificates 北门社区's stars of this quarter come to, read beside the server."""
    quarter = Period.current()
    with app.read_store() as opened:
        services = Engine(opened).services
        community = services.registry.communities.list(name="北门社区")[0]
        board = quarterly_board(services.registry, services.ledger, community, quarter, top=TOP)
    return len(certificates.of_quarter(board, quarter))


def progress_of(page):
    """(done, total) from the job's line 已完成 340/1000, or None while it shows none."""
    line = page.get_by_text(re.compile(r"^已完成 \d+/\d+"))
    if not line.count():
        return None
    done, total = re.search(r"(\d+)/(\d+)", line.first.inner_text()).groups()
    return int(done), int(total)


def test_a_long_print_shows_progress_while_another_session_gets_its_answers(new_page,
                                                                             served_app):
    count = expected_certificates(served_app)
    assert count >= MINIMUM, f"the quarter has only {count} stars: raise ENTRIES"

    # Both signed in at the same time: the community officer prints, the grid worker works.
    officer = sign_in(new_page(), served_app, "beimen")
    worker = sign_in(new_page(), served_app, "wangge")

    open_entry(officer, "打印")
    button(officer, "批量荣誉证书").click()
    expect(button(officer, "打印证书")).to_be_visible()
    fill(officer, "每类取前几名", str(TOP))
    button(officer, "打印证书").click()
    line = officer.get_by_text(re.compile(r"^已完成 \d+/\d+"))
    expect(line).to_be_visible(timeout=60_000)
    expect(button(officer, "打印证书")).to_be_disabled()
    first = progress_of(officer)
    assert first is not None and first[1] == count and first[0] < count

    # The other session opens the registry and gets its table while the print goes on.
    started = time.monotonic()
    open_entry(worker, "居民档案")
    expect(table(worker, "姓名")).to_be_visible(timeout=ANSWER_S * 1000)
    answered = time.monotonic() - started
    meanwhile = progress_of(officer)
    assert meanwhile is not None and meanwhile[0] < count, \
        f"the print finished before the other session's answer ({answered:.1f} s)"
    assert answered < ANSWER_S
    print(f"other session answered in {answered:.2f} s at {meanwhile[0]}/{count} certificates")

    # The print ends with its download: one page per certificate.
    expect(officer.get_by_text(f"{count} 张荣誉证书已生成", exact=False)).to_be_visible(
        timeout=300_000)
    expect(button(officer, "打印证书")).to_be_enabled()
    with officer.expect_download() as info:
        button(officer, "下载证书（PDF）").click()
    # Named for what it holds: 季度美德信用之星-北门社区-2026年第四季度.pdf
    assert info.value.suggested_filename == \
        f"季度美德信用之星-北门社区-{Period.current().label}.pdf"
    pdf = Path(info.value.path()).read_bytes()
    assert pdf_info(pdf)["pages"] == count
    assert not officer.meide_errors and not worker.meide_errors
