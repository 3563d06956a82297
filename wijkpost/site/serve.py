"""A local preview server for a built site: ``wijkpost site serve``.

Only for looking at the site on one's own machine (it binds to 127.0.0.1 by default); a real
site is served by any ordinary web server or CDN from the output directory.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from wijkpost.errors import InputError


def make_server(output: Path, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A server for ``output`` (port 0 picks a free port; see ``server_address``). A port that
    is taken or not allowed is an InputError that says so."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(output))
    try:
        return ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        from wijkpost.i18n import t

        key = "site.port_in_use" if exc.errno == errno.EADDRINUSE else "site.port_refused"
        raise InputError(t(key, port=port, why=exc.strerror or exc)) from None


def serve(output: Path, port: int, on_ready: Callable[[int], None],
          host: str = "127.0.0.1") -> None:
    """Serve ``output`` until interrupted (Ctrl+C); ``on_ready`` hears the port once it is
    bound (the one chosen, for port 0)."""
    with make_server(output, port, host) as httpd, contextlib.suppress(KeyboardInterrupt):
        on_ready(httpd.server_address[1])
        httpd.serve_forever()
