"""A browser stand-in that speaks Streamlit's own websocket protocol (the protobufs that ship with Streamlit).

It does what the frontend does, without drawing anything: it opens ``/_stcore/stream``, asks for a script run
with a ``rerun_script`` BackMsg (query string, page script hash, widget states), and reads ForwardMsgs until
``script_finished``. Widgets are found by what the last run drew (``new_element`` deltas carry each widget's
id, label and form), so a click is a trigger value on that id and typing is a value on it, as in a browser.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import websockets
from google.protobuf.message import Message
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

# A run that stops early because the script asked for another (st.rerun) is followed by that run.
_FINAL = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
# Elements whose strings are what a person reads (tables and charts travel as Arrow/Vega bytes and are skipped).
_TEXT_TYPES = {
    "markdown",
    "heading",
    "text",
    "alert",
    "code",
    "metric",
    "selectbox",
    "radio",
    "toast",
    "caption",
    "exception",
    "page_link",
}
_WIDGET_TYPES = {
    "button",
    "checkbox",
    "date_input",
    "download_button",
    "multiselect",
    "number_input",
    "radio",
    "selectbox",
    "text_area",
    "text_input",
    "time_input",
}


class ProtocolError(Exception):
    """The server closed the connection, or sent nothing useful in time."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


@dataclass(frozen=True)
class Widget:
    kind: str  # the Element field: "button", "text_input", ...
    id: str
    label: str
    form_id: str


@dataclass
class Run:
    """What one script run (and any reruns it asked for) showed: widgets, readable text, errors, toasts."""

    widgets: list[Widget] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    error_alerts: list[str] = field(default_factory=list)
    toasts: list[str] = field(default_factory=list)
    status: int | None = None

    def widget(
        self, kind: str, *, key: str | None = None, label: str | None = None, form: str | None = None
    ) -> Widget:
        """The widget drawn with this key (a regular expression matched against the end of its id: keyed
        widgets' ids end with ``-<key>``), or with this label (in this form)."""
        for widget in self.widgets:
            if widget.kind != kind:
                continue
            if key is not None and not re.search(f"-{key}$", widget.id):
                continue
            if label is not None and widget.label != label:
                continue
            if form is not None and widget.form_id != form:
                continue
            return widget
        wanted = key or label
        raise LookupError(f"no {kind} {wanted!r} on the page")

    def text(self) -> str:
        return "\n".join(self.texts)


def _strings(message: Message) -> Iterable[str]:
    """Every string field in a message, recursively (bytes are skipped)."""
    for descriptor, value in message.ListFields():
        if descriptor.type == descriptor.TYPE_STRING:
            if isinstance(value, str):
                yield value
            else:
                yield from value
        elif descriptor.type == descriptor.TYPE_MESSAGE:
            items = value if descriptor.is_repeated else [value]
            for item in items:
                if isinstance(item, Message):
                    yield from _strings(item)


class Session:
    """One browser tab: a websocket to the app, the page it is on, and the widget values it holds."""

    def __init__(self, base_url: str, *, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.ws_url = base_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.timeout = timeout
        self.query_string = ""
        self.pages: dict[str, str] = {}  # url pathname ("balance") -> page script hash
        self.page_hash = ""
        self.last = Run()
        self._ws = None

    async def connect(self, query_string: str = "") -> Run:
        """Open the tab at ``/?<query_string>``: connect, then ask for the first run, as the frontend does."""
        self.query_string = query_string
        try:
            self._ws = await asyncio.wait_for(
                # No keepalive pings: a browser sends none, and a busy server must not be cut off for a late pong.
                websockets.connect(
                    self.ws_url,
                    subprotocols=["streamlit"],
                    max_size=None,
                    open_timeout=self.timeout,
                    ping_interval=None,
                ),
                self.timeout,
            )
        except (OSError, TimeoutError, websockets.WebSocketException) as error:
            raise ProtocolError("connect", type(error).__name__) from error
        return await self.rerun()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    @property
    def workspace_token(self) -> str | None:
        values = parse_qs(self.query_string).get("w")
        return values[0] if values else None

    async def goto(self, pathname: str) -> Run:
        """Click a page in the navigation menu (the query string goes, as on a page change in a browser)."""
        self.page_hash = self.pages[pathname]
        self.query_string = ""
        return await self.rerun()

    async def click(self, widget: Widget, values: Iterable[WidgetState] = ()) -> Run:
        """Click a button (or submit a form, sending its fields' values with it)."""
        trigger = WidgetState(id=widget.id, trigger_value=True)
        return await self.rerun([*values, trigger])

    async def rerun(self, widget_states: Iterable[WidgetState] = ()) -> Run:
        """Send one ``rerun_script`` and read until its last run has finished."""
        if self._ws is None:
            raise ProtocolError("disconnect", "not connected")
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        state.widget_states.widgets.extend(widget_states)
        url = f"{self.base_url}/?{self.query_string}" if self.query_string else f"{self.base_url}/"
        state.context_info.CopyFrom(ContextInfo(timezone="UTC", timezone_offset=0, locale="en-US", url=url))
        try:
            await self._ws.send(back.SerializeToString())
            run = await asyncio.wait_for(self._read_run(), self.timeout)
        except TimeoutError as error:
            raise ProtocolError("timeout", f"no script_finished in {self.timeout:.0f} s") from error
        except websockets.ConnectionClosed as error:
            raise ProtocolError("disconnect", str(error.rcvd or "")) from error
        self.last = run
        return run

    async def _read_run(self) -> Run:
        run = Run()
        while True:
            data = await self._ws.recv()
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                self._take_delta(msg, run)
            elif kind == "new_session":
                self._take_pages(msg.new_session.app_pages)
            elif kind == "navigation":
                self._take_pages(msg.navigation.app_pages)
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "script_finished":
                if msg.script_finished in _FINAL:
                    run.status = msg.script_finished
                    return run
                # The script asked for a rerun (st.rerun): the page is what that rerun draws; toasts and
                # errors of the stopped run were still shown.
                run = Run(exceptions=run.exceptions, error_alerts=run.error_alerts, toasts=run.toasts)

    def _take_pages(self, pages) -> None:
        for page in pages:
            self.pages[page.url_pathname] = page.page_script_hash

    @staticmethod
    def _take_delta(msg: ForwardMsg, run: Run) -> None:
        delta = msg.delta
        which = delta.WhichOneof("type")
        if which == "new_element":
            elements = [delta.new_element]
        elif which == "new_transient":
            elements = list(delta.new_transient.elements)
        else:
            return
        for element in elements:
            _take_element(element, run)


def _take_element(element: Element, run: Run) -> None:
    kind = element.WhichOneof("type")
    if kind is None:
        return
    body = getattr(element, kind)
    if kind in _WIDGET_TYPES and getattr(body, "id", ""):
        run.widgets.append(Widget(kind, body.id, getattr(body, "label", ""), getattr(body, "form_id", "")))
    if kind == "exception":
        run.exceptions.append(f"{body.type}: {body.message}")
    elif kind == "alert" and body.format == Alert.ERROR:
        run.error_alerts.append(body.body)
    elif kind == "toast":
        run.toasts.append(body.body)
    if kind in _TEXT_TYPES or kind in _WIDGET_TYPES:
        run.texts.extend(_strings(body))


def text_value(widget: Widget, text: str) -> WidgetState:
    return WidgetState(id=widget.id, string_value=text)


def titles_in(text: str, pattern: re.Pattern[str]) -> set[str]:
    """The benchmark's case titles that appear in ``text``."""
    return set(pattern.findall(text))


def elapsed_ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000
