"""A console session driven over Bokeh's websocket protocol instead of a browser.

The server does for it what it does for a browser: the page request builds the session, the
document is pulled over the websocket, a click arrives as a button event and its changes come
back as patches. What it leaves out is the rendering, which on a real office PC its own CPU does.
"""

import json
import re
import time
import urllib.parse
import uuid

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

TOKEN = re.compile(r'"token":\s*"([^"]+)"')
XSRF = re.compile(r'name="_xsrf" value="([^"]+)"')
# The default of 10 would queue the crowd in the client, not in the server.
AsyncHTTPClient.configure(None, max_clients=100)


def _cookies(response, jar: dict) -> dict:
    for header in response.headers.get_list("Set-Cookie"):
        name, _sep, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


class ProtocolSession:
    """One signed-in staff member's session: open a page, click a button, wait for a text."""

    def __init__(self, base: str):
        self.base = base
        self.jar = {}
        self.socket = None
        self.document = None

    def _headers(self) -> dict:
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.jar.items()),
                "Origin": self.base}

    async def sign_in(self, username: str, password: str):
        client = AsyncHTTPClient()
        page = await client.fetch(self.base + "/login")
        _cookies(page, self.jar)
        xsrf = XSRF.search(page.body.decode()).group(1)
        body = urllib.parse.urlencode({"_xsrf": xsrf, "username": username,
                                       "password": password, "next": "/console"})
        answer = await client.fetch(self.base + "/login", method="POST", body=body,
                                    headers=self._headers(), follow_redirects=False,
                                    raise_error=False)
        if answer.code != 302:
            raise RuntimeError(f"sign-in as {username} answered {answer.code}")
        _cookies(answer, self.jar)

    async def open(self, path: str) -> float:
        """Request the page and pull its document; seconds until the document arrived."""
        self.close()
        start = time.perf_counter()
        page = await AsyncHTTPClient().fetch(self.base + path, headers=self._headers())
        token = TOKEN.search(page.body.decode()).group(1)
        address = "ws" + self.base[len("http"):] + path.split("?")[0] + "/ws"
        self.socket = await websocket_connect(HTTPRequest(address, headers=self._headers()),
                                              subprotocols=["bokeh", token])
        await self._until(lambda header, raw: header["msgtype"] == "ACK")
        await self._send("PULL-DOC-REQ", {})
        reply = await self._until(lambda header, raw: header["msgtype"] == "PULL-DOC-REPLY")
        self.document = json.loads(reply)["doc"]
        # As BokehJS does once the page is drawn: Panel runs the session's on-load work (and
        # schedules later changes) only after it.
        await self._event("document_ready", {"type": "map"})
        return time.perf_counter() - start

    async def click(self, label: str):
        """Send a click on the button labelled `label` in the pulled document."""
        [model] = [node["id"] for node in _nodes(self.document)
                   if node.get("attributes", {}).get("label") == label
                   and node.get("name", "").endswith("Button")]
        await self._event("button_click",
                          {"type": "map", "entries": [["model", {"id": model}]]})

    async def until_text(self, text: str):
        """Wait for a change from the server that carries `text` (as Bokeh escapes it)."""
        escaped = json.dumps(text)[1:-1]
        await self._until(lambda header, raw: header["msgtype"] == "PATCH-DOC"
                          and (text in raw or escaped in raw))

    def close(self):
        if self.socket is not None:
            self.socket.close()
            self.socket = None

    async def _event(self, name: str, values: dict):
        event = {"type": "event", "name": name, "values": values}
        await self._send("PATCH-DOC", {"events": [{"kind": "MessageSent",
                                                   "msg_type": "bokeh_event",
                                                   "msg_data": event}]})

    async def _send(self, kind: str, content: dict):
        for part in ({"msgid": uuid.uuid4().hex, "msgtype": kind}, {}, content):
            await self.socket.write_message(json.dumps(part))

    async def _until(self, wanted) -> str:
        """Read whole messages (header, metadata, content, buffers) until one is wanted; its
        content as received."""
        while True:
            header = await self.socket.read_message()
            if header is None:
                raise ConnectionError("the server closed the session")
            header = json.loads(header)
            await self.socket.read_message()
            content = await self.socket.read_message()
            for _buffer in range(header.get("num_buffers", 0)):
                await self.socket.read_message()
            if wanted(header, content):
                return content


def _nodes(value):
    """Every object in a serialised Bokeh document, depth first."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item)
