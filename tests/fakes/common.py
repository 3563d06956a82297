"""Shared machinery of the local fake servers: routing, a request log and fault injection.

A fake subclasses :class:`FakeServer`, registers handlers with :meth:`FakeServer.route` and may
override the hooks :meth:`FakeServer.finalize` (headers every answer carries, e.g. rate limits),
:meth:`FakeServer.error_body` (the body of an injected failure) and :meth:`FakeServer.not_found`.

Faults are queued and consumed in the order they were added; each counts down ``times`` and then
disappears. Only the first fault that matches a request applies to it.

Kill points (:meth:`FakeServer.kill`) SIGKILL a client process at its Nth matching request, at a
chosen moment: ``before`` the request is handled, ``during`` it (handled, no answer sent) or
``after`` the answer is sent. They let kill tests stop ``wijkpost publish`` at exact points of
its conversation with a service instead of at guessed times.

Nothing here talks to the internet: the server listens on 127.0.0.1, on a free port.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import os
import re
import signal
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

REASONS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 400: "Bad Request",
    401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 410: "Gone",
    413: "Payload Too Large", 422: "Unprocessable Content", 429: "Too Many Requests",
    500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class UploadedFile:
    """One file part of a multipart/form-data body."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class Request:
    """A request as the fake received it (also what :attr:`FakeServer.requests` records)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: Message  # case-insensitive: ``req.headers["idempotency-key"]``, ``None`` if absent
    body: bytes
    match: re.Match[str] | None = None
    _form: dict[str, list[str]] | None = field(default=None, repr=False)
    _files: dict[str, list[UploadedFile]] | None = field(default=None, repr=False)
    # run by the connection handler once the answer has been written (a kill point "after")
    _after_sent: list[Callable[[], None]] = field(default_factory=list, repr=False)
    _opened: float = field(default=0.0, repr=False)  # when its connection was made (monotonic)

    def header(self, name: str, default: str | None = None) -> str | None:
        value = self.headers.get(name)
        return default if value is None else str(value)

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def _parse_body(self) -> None:
        if self._form is not None:
            return
        form: dict[str, list[str]] = {}
        files: dict[str, list[UploadedFile]] = {}
        ctype = self.content_type
        if ctype == "multipart/form-data":
            for part in parse_multipart(self.header("Content-Type") or "", self.body):
                if part.filename is None:
                    form.setdefault(part.name, []).append(part.data.decode("utf-8"))
                else:
                    files.setdefault(part.name, []).append(part)
        elif ctype == "application/json":
            form = flatten_json(self.json())
        elif self.body:
            form = parse_urlencoded(self.body)
        self._form, self._files = form, files

    def form(self) -> dict[str, list[str]]:
        """Body parameters (url-encoded, multipart fields or flattened JSON), name → values."""
        self._parse_body()
        assert self._form is not None
        return self._form

    def files(self) -> dict[str, list[UploadedFile]]:
        self._parse_body()
        assert self._files is not None
        return self._files

    def params(self) -> dict[str, list[str]]:
        """Query string and body parameters together (body wins on a clash)."""
        merged = {k: list(v) for k, v in self.query.items()}
        merged.update(self.form())
        return merged

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.params().get(name)
        return values[-1] if values else default

    def param_list(self, name: str) -> list[str]:
        """A list parameter: ``name[]`` (Rails style, Mastodon.py) or repeated ``name``."""
        params = self.params()
        return params.get(name + "[]", []) + params.get(name, [])


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(status, body,
                    {"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def parse_urlencoded(body: bytes | str) -> dict[str, list[str]]:
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return urllib.parse.parse_qs(text, keep_blank_values=True)


def flatten_json(data: Any) -> dict[str, list[str]]:
    """A JSON object as form parameters: lists stay lists, scalars become strings."""
    if not isinstance(data, dict):
        return {}
    out: dict[str, list[str]] = {}
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        out[key] = [v if isinstance(v, str) else json.dumps(v) for v in values if v is not None]
    return out


def parse_multipart(content_type: str, body: bytes) -> list[UploadedFile]:
    """Split a multipart/form-data body into its parts, byte-exact (binary files survive)."""
    header = Message()
    header["Content-Type"] = content_type
    boundary = header.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise ValueError("multipart body without boundary")
    delimiter = b"--" + boundary.encode("latin-1")
    parts: list[UploadedFile] = []
    chunks = body.split(delimiter)
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):  # the close delimiter
            break
        chunk = chunk.removeprefix(b"\r\n")
        head, sep, data = chunk.partition(b"\r\n\r\n")
        if not sep:
            continue
        data = data.removesuffix(b"\r\n")
        msg = Message()
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, colon, value = line.partition(":")
            if colon:
                msg[key.strip()] = value.strip()
        name = msg.get_param("name", header="content-disposition")
        filename = msg.get_filename()
        parts.append(UploadedFile(
            name=str(name) if name is not None else "",
            filename=filename,
            content_type=msg.get_content_type() if msg["Content-Type"] else "text/plain",
            data=data,
        ))
    return parts


Handler = Callable[[Request], Response]


class HTTPError(Exception):
    """Raise from a handler to answer with ``response`` (e.g. a 401 deep inside a helper)."""

    def __init__(self, response: Response) -> None:
        super().__init__(f"HTTP {response.status}")
        self.response = response


@dataclass
class Fault:
    kind: str  # "fail" | "stall" | "drop" | "kill"
    pattern: re.Pattern[str]
    method: str | None
    times: int
    status: int = 500
    headers: dict[str, str] | None = None
    body: Any = None
    seconds: float = 0.0
    kill: KillPoint | None = None

    def matches(self, method: str, path: str) -> bool:
        return (self.times > 0 and (self.method is None or self.method == method)
                and self.pattern.search(path) is not None)


KILL_MOMENTS = ("before", "during", "after")


class KillPoint:
    """Where a fake SIGKILLs a client process: see :meth:`FakeServer.kill`.

    ``pid`` may be given later with :meth:`arm` (start the process, then arm): a request that
    reaches the point before that waits for it. ``fired`` is set once the process was killed
    (and is dead); ``request`` is the request it was killed at.
    """

    def __init__(self, moment: str, skip: int, pid: int | None) -> None:
        if moment not in KILL_MOMENTS:
            raise ValueError(f"moment must be one of {KILL_MOMENTS}, not {moment!r}")
        self.moment = moment
        self.skip = skip  # matching requests still to let through before the one to kill at
        self.pid = pid
        self.request: Request | None = None
        self.started = 0.0  # (monotonic) when it took its request
        self.fired = threading.Event()
        self._armed = threading.Event()
        if pid is not None:
            self._armed.set()

    def arm(self, pid: int) -> Self:
        self.pid = pid
        self._armed.set()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the process has been killed here; False on timeout."""
        return self.fired.wait(timeout)

    def __repr__(self) -> str:
        at = f"{self.request.method} {self.request.path}" if self.request else None
        return (f"KillPoint(moment={self.moment!r}, pid={self.pid}, "
                f"fired={self.fired.is_set()}, request={at})")

    def wait_fired(self, stopping: threading.Event) -> None:
        """Wait until the process is dead, or the server stops."""
        while not self.fired.wait(0.05):
            if stopping.is_set():
                return

    def fire(self, req: Request, stopping: threading.Event) -> None:
        """SIGKILL the process and return once it is dead (a zombie or reaped)."""
        while not self._armed.wait(0.05):
            if stopping.is_set():
                return
        assert self.pid is not None
        self.request = req
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.kill(self.pid, signal.SIGKILL)
        _wait_dead(self.pid)
        self.fired.set()


def _wait_dead(pid: int, timeout: float = 10.0) -> None:
    """Until ``pid`` is dead: SIGKILL is delivered asynchronously, and a thread of the process
    on another CPU may run on for a moment. Linux shows a dead child not yet reaped as a zombie
    (state Z) in /proc; elsewhere a short sleep has to do."""
    stat = f"/proc/{pid}/stat"
    if not os.path.exists("/proc/self/stat"):
        time.sleep(0.1)
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(stat, encoding="utf-8", errors="replace") as fh:
                state = fh.read().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return  # reaped
        if state in ("Z", "X", "x"):
            return
        time.sleep(0.002)
    raise TimeoutError(f"process {pid} still alive {timeout} s after SIGKILL")


class _Dropped(Exception):
    """Raised inside the handler thread to close the socket without an answer."""


class FakeServer:
    """A threaded HTTP server on 127.0.0.1 (port 0) that tests start, inspect and break."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.requests: list[Request] = []
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._faults: list[Fault] = []
        self._delay = 0.0
        self._time_offset = 0.0
        self._stopping = threading.Event()
        self._last_kill: KillPoint | None = None
        self._in_flight = 0
        self._idle = threading.Condition(self.lock)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- life cycle
    def start(self) -> Self:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        httpd.daemon_threads = True
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        name=f"{type(self).__name__}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes stalled handlers
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ---------------------------------------------------------------- clock
    def now(self) -> float:
        """The server's clock (epoch seconds); :meth:`advance_time` moves it forward."""
        return time.time() + self._time_offset

    def advance_time(self, seconds: float) -> None:
        with self.lock:
            self._time_offset += seconds

    # ---------------------------------------------------------------- routing
    def route(self, method: str, pattern: str, handler: Handler) -> None:
        """Register ``handler`` for ``method`` and a path regex (full match, no query string)."""
        self._routes.append((method.upper(), re.compile(pattern), handler))

    def requests_to(self, path_regex: str, method: str | None = None) -> list[Request]:
        pattern = re.compile(path_regex)
        with self.lock:
            return [r for r in self.requests if pattern.search(r.path)
                    and (method is None or r.method == method.upper())]

    # ---------------------------------------------------------------- faults
    def fail(self, path_regex: str, status: int, *, times: int = 1,
             headers: dict[str, str] | None = None, body: Any = None,
             method: str | None = None) -> None:
        """Answer the next ``times`` matching requests with ``status`` instead of handling them.

        ``body`` may be bytes, str or a JSON-able object; by default :meth:`error_body`.
        """
        self._add(Fault("fail", re.compile(path_regex), _up(method), times, status=status,
                        headers=headers, body=body))

    def stall(self, path_regex: str, seconds: float, *, times: int = 1,
              method: str | None = None) -> None:
        """Sleep ``seconds`` before handling the next ``times`` matching requests.

        After the sleep the request is handled normally (a slow server still does the work);
        stopping the server cuts the sleep short and then nothing is done.
        """
        self._add(Fault("stall", re.compile(path_regex), _up(method), times, seconds=seconds))

    def accept_then_drop(self, path_regex: str, *, times: int = 1,
                         method: str | None = None) -> None:
        """Handle the next ``times`` matching requests (the action happens), then close the
        connection without sending any response."""
        self._add(Fault("drop", re.compile(path_regex), _up(method), times))

    def kill(self, path_regex: str, pid: int | None = None, *, moment: str = "before",
             nth: int = 1, method: str | None = None) -> KillPoint:
        """SIGKILL process ``pid`` at the ``nth`` request matching ``path_regex`` (and
        ``method``), counting from now, at ``moment``:

        - ``"before"``: the request has arrived and nothing is done; the process is killed and
          the connection dropped;
        - ``"during"``: the request is handled (the post or upload is made), then the process is
          killed before any answer is sent;
        - ``"after"``: the answer is sent in full, then the process is killed.

        The returned :class:`KillPoint` can be armed with the pid later (``pid=None``). Each
        request that matches is counted, even one another fault applies to; the ``nth`` itself
        gets the kill and no other fault. The kill is complete once the process is dead.

        A dying process may still get a request out (e.g. its next one, right after an answer
        "after"). From the moment the point takes its request, the fake handles nothing more
        that comes over a connection made before that moment: such a request waits for the
        kill, then its connection is dropped, as if the process had died first. New
        connections (a re-run) are served as usual.
        """
        if nth < 1:
            raise ValueError("nth counts from 1")
        point = KillPoint(moment, nth - 1, pid)
        self._add(Fault("kill", re.compile(path_regex), _up(method), 1, kill=point))
        return point

    def delay_all(self, seconds: float) -> None:
        """Delay every answer by ``seconds`` (0 switches it off); for benchmarks."""
        with self.lock:
            self._delay = seconds

    def clear_faults(self) -> None:
        """Drop the queued faults (``delay_all`` stays as it is; ``delay_all(0)`` ends it)."""
        with self.lock:
            self._faults.clear()

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no request is being handled (e.g. a stalled one has finished its work)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)

    @property
    def pending_faults(self) -> int:
        with self.lock:
            return sum(f.times for f in self._faults)

    def _add(self, fault: Fault) -> None:
        with self.lock:
            self._faults.append(fault)

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            ready = []
            for fault in self._faults:
                if not fault.matches(method, path):
                    continue
                if fault.kill is not None and fault.kill.skip > 0:
                    fault.kill.skip -= 1  # a kill point counts every matching request
                    continue
                ready.append(fault)
            if not ready:
                return None
            # A kill point at its request goes before any other fault.
            chosen = next((f for f in ready if f.kill is not None), ready[0])
            chosen.times -= 1
            if chosen.times <= 0:
                self._faults.remove(chosen)
            if chosen.kill is not None:
                chosen.kill.started = time.monotonic()
                self._last_kill = chosen.kill
            return chosen

    # ---------------------------------------------------------------- hooks
    def finalize(self, req: Request, resp: Response) -> Response:
        """Add headers every answer carries (override: rate-limit headers and the like)."""
        return resp

    def error_body(self, req: Request, status: int) -> Any:
        """The body of an injected failure with no explicit body (override per API)."""
        return {"error": REASONS.get(status, "Error")}

    def not_found(self, req: Request) -> Response:
        return json_response({"error": "Not Found"}, 404)

    def method_not_allowed(self, req: Request) -> Response:
        return json_response({"error": "Method Not Allowed"}, 405)

    # ---------------------------------------------------------------- dispatch
    def dispatch(self, req: Request) -> Response:
        """Find the route and run its handler (HEAD falls back to GET)."""
        path_matched = False
        for wanted in (req.method, "GET") if req.method == "HEAD" else (req.method,):
            for method, pattern, handler in self._routes:
                match = pattern.fullmatch(req.path)
                if match is None:
                    continue
                path_matched = True
                if method != wanted:
                    continue
                req.match = match
                try:
                    return handler(req)
                except HTTPError as exc:
                    return exc.response
        return self.method_not_allowed(req) if path_matched else self.not_found(req)

    def _fault_response(self, req: Request, fault: Fault) -> Response:
        body = fault.body if fault.body is not None else self.error_body(req, fault.status)
        if isinstance(body, bytes | str):
            raw = body.encode("utf-8") if isinstance(body, str) else body
            resp = Response(fault.status, raw, {"Content-Type": "text/plain; charset=utf-8"})
        else:
            resp = json_response(body, fault.status)
        resp = self.finalize(req, resp)
        resp.headers.update(fault.headers or {})
        return resp

    def _serve(self, req: Request) -> Response:
        """Log, apply faults and delays, dispatch. Raises :class:`_Dropped` to drop."""
        with self.lock:
            self.requests.append(req)
            self._in_flight += 1
        try:
            return self._serve_counted(req)
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def _serve_counted(self, req: Request) -> Response:
        with self.lock:
            delay = self._delay
            last_kill = self._last_kill
        if last_kill is not None and req._opened < last_kill.started:
            last_kill.wait_fired(self._stopping)  # from the process being killed: never served
            raise _Dropped
        fault = self._take_fault(req.method, req.path)
        if delay and self._stopping.wait(delay):
            raise _Dropped
        if fault is not None and fault.kind == "stall" and self._stopping.wait(fault.seconds):
            raise _Dropped
        if fault is not None and fault.kind == "fail":
            return self._fault_response(req, fault)
        point = fault.kill if fault is not None else None
        if point is not None and point.moment == "before":
            point.fire(req, self._stopping)
            raise _Dropped
        try:
            resp = self.dispatch(req)
        except Exception as exc:  # a bug in the fake: show it as the real servers would, a 500
            resp = json_response({"error": f"fake server error: {exc!r}"}, 500)
        resp = self.finalize(req, resp)
        if fault is not None and fault.kind == "drop":
            raise _Dropped
        if point is not None and point.moment == "during":
            point.fire(req, self._stopping)
            raise _Dropped
        if point is not None:  # "after": once the handler has written the whole answer
            stopping = self._stopping
            req._after_sent.append(lambda: point.fire(req, stopping))
        return resp


def _up(method: str | None) -> str | None:
    return method.upper() if method else None


def _make_handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "wijkpost-fake/1.0"

        def setup(self) -> None:
            super().setup()
            self.opened = time.monotonic()
            # Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus
            # delayed ACKs would add ~40 ms to every keep-alive request.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def date_time_string(self, timestamp: float | None = None) -> str:  # server clock
            return email.utils.formatdate(server.now() if timestamp is None else timestamp,
                                          usegmt=True)

        def _handle(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if len(body) < length:  # the client went away mid-body: never handle half a request
                self.close_connection = True
                return
            req = Request(
                method=self.command.upper(),
                path=urllib.parse.unquote(parsed.path),
                query=urllib.parse.parse_qs(parsed.query, keep_blank_values=True),
                headers=self.headers,
                body=body,
                _opened=self.opened,
            )
            try:
                resp = server._serve(req)
            except _Dropped:
                self.close_connection = True
                return
            try:
                self.send_response(resp.status, REASONS.get(resp.status))
                headers = dict(resp.headers)
                if resp.status != 204 and not any(k.lower() == "content-length" for k in headers):
                    headers["Content-Length"] = str(len(resp.body))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD" and resp.status != 204:
                    self.wfile.write(resp.body)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                self.close_connection = True
            for action in req._after_sent:
                action()

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle

    return _Handler
