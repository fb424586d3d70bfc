"""The download button: a declining callback sends nothing and raises nothing; a file is sent
under its Chinese name, and audited as an export."""

import asyncio
import base64
import io
import threading
import time

import store
from meide.audit import audit_log
from meide.kernel import Actor
from meide.views.download import Download, off_the_loop


def on_a_server_loop(session):
    """Run a coroutine on a fresh event loop in a thread of its own, as the server's loop runs
    (this test thread may already hold a running loop: the browser tests' Playwright).
    Returns its result and the loop's thread."""
    outcome = {}

    def serve():
        outcome["thread"] = threading.current_thread()
        outcome["result"] = asyncio.run(session)

    thread = threading.Thread(target=serve)
    thread.start()
    thread.join()
    return outcome["result"], outcome["thread"]


def clicked(widget):
    """What a click in the browser does on the server."""
    widget._clicks += 1


def test_a_declining_callback_sends_nothing():
    widget = Download(filename="积分明细单.pdf", embed=False, label="下载", callback=lambda: None)
    clicked(widget)
    assert widget.data is None and widget.filename == "积分明细单.pdf"


def test_a_file_is_sent_under_its_chinese_name():
    widget = Download(filename="光荣榜-北门社区.pdf", embed=False, label="下载",
                      callback=lambda: io.BytesIO(b"%PDF-1.7"))
    clicked(widget)
    header, _comma, data = widget.data.partition(",")
    assert header == "data:application/pdf;base64" and base64.b64decode(data) == b"%PDF-1.7"
    assert widget.filename == "光荣榜-北门社区.pdf"
    # The browser saves the file under the model's filename, as it is (UTF-8 in the JSON).
    assert widget.get_root().filename == "光荣榜-北门社区.pdf"


def test_each_file_sent_is_audited_as_an_export_and_a_declined_one_is_not(tmp_path):
    opened = store.open_store(tmp_path / "data")
    officer = Actor("beimen", "李秀梅", {"社区管理员"}, community=1)
    sent = Download(filename="光荣榜-北门社区.pdf", embed=False, label="下载",
                    audit=(opened, officer), callback=lambda: io.BytesIO(b"%PDF-1.7"))
    declined = Download(filename="积分明细单.pdf", embed=False, label="下载",
                        audit=(opened, officer), callback=lambda: None)
    clicked(sent)
    clicked(declined)
    clicked(sent)
    exports = audit_log(opened).entries(action="export")
    assert [(e["actor"], e["note"]) for e in exports] == [("beimen", "光荣榜-北门社区.pdf")] * 2
    opened.close()


RENDER_S = 1.5          # the slow render: a confined template near its time limit


def test_a_slow_render_leaves_the_event_loop_answering_other_sessions():
    """While one session's document renders (a blocking call, as the confined pool's is), the
    server's event loop still answers: another session's heartbeat is never held up for the
    render's duration, and the file arrives when the render ends."""
    def render():
        time.sleep(RENDER_S)
        return b"%PDF-1.7"

    widget = Download(filename="积分明细单.pdf", embed=False, label="下载",
                      callback=off_the_loop(render, lambda data, exc: io.BytesIO(data)))

    async def session():
        clicked(widget)                 # scheduled as a task on this (the server's) loop
        gaps, last, started = [], time.monotonic(), time.monotonic()
        while widget.data is None and time.monotonic() - started < RENDER_S * 4:
            await asyncio.sleep(0.05)   # the other session's page, asking every 50 ms
            now = time.monotonic()
            gaps.append(now - last)
            last = now
        return gaps, time.monotonic() - started

    (gaps, waited), _ = on_a_server_loop(session())
    assert widget.data is not None and waited >= RENDER_S
    assert len(gaps) > 5 and max(gaps) < RENDER_S / 2, max(gaps)


def test_a_failed_slow_render_is_finished_on_the_loop_and_sends_nothing():
    seen = []

    def render():
        seen.append(threading.current_thread())
        raise RuntimeError("模板超时")

    def finish(data, exc):
        seen.append((threading.current_thread(), exc))

    widget = Download(filename="x.pdf", embed=False, label="下载",
                      callback=off_the_loop(render, finish))

    async def session():
        clicked(widget)
        for _ in range(100):
            if len(seen) == 2:
                return
            await asyncio.sleep(0.02)

    _, loop_thread = on_a_server_loop(session())
    assert seen[0] is not loop_thread
    assert seen[1][0] is loop_thread and str(seen[1][1]) == "模板超时"
    assert widget.data is None
