"""The browser tests' server-log check: the noise of a browser that left (Bokeh's early close,
Tornado's write to a closed websocket) is left out, nothing else."""

from .browser import server_tracebacks

ON_CLOSE = """2026-11-27 02:40:02,810 Uncaught exception GET /console/ws
Traceback (most recent call last):
  File "/venv/bokeh/server/views/ws.py", line 310, in on_close
    self.connection.session.notify_connection_lost()
  File "/venv/bokeh/server/connection.py", line 65, in session
    assert self._session is not None
AssertionError
"""
LATE_MESSAGE = """2026-11-27 02:40:03,001 error handling message
Traceback (most recent call last):
  File "/venv/bokeh/server/protocol_handler.py", line 94, in handle
    work = await handler(message, connection)
  File "/venv/bokeh/server/connection.py", line 65, in session
    assert self._session is not None
AssertionError
 message: Message 'PATCH-DOC' content: {'events': []}
 error: AssertionError()
"""
CLOSED_WRITE = """2026-12-02 18:40:53,406 Task exception was never retrieved
future: <Task finished name='Task-182' coro=<WebSocketProtocol13.write_message.<locals>.wrapper() done, defined at /venv/tornado/websocket.py:1138> exception=WebSocketClosedError()>
Traceback (most recent call last):
  File "/venv/tornado/websocket.py", line 1140, in wrapper
    await fut
tornado.iostream.StreamClosedError: Stream is closed

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/venv/tornado/websocket.py", line 1142, in wrapper
    raise WebSocketClosedError()
tornado.websocket.WebSocketClosedError
"""
OURS = """2026-11-27 02:40:04,000 unexpected error in a console action
Traceback (most recent call last):
  File "/work/main/meide/views/record.py", line 300, in _apply
    record = self.runner.apply(self.slug, self.record_id, transition, self.actor)
KeyError: 'verify'
"""


def test_bokehs_early_close_errors_are_left_out_and_ours_are_kept():
    assert server_tracebacks(ON_CLOSE + LATE_MESSAGE) == []
    [kept] = server_tracebacks(ON_CLOSE + OURS + LATE_MESSAGE)
    assert "KeyError: 'verify'" in kept


def test_a_write_to_a_page_that_was_closed_is_left_out():
    assert server_tracebacks(CLOSED_WRITE) == []
    [kept] = server_tracebacks(CLOSED_WRITE + OURS)
    assert "KeyError: 'verify'" in kept
