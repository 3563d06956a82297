"""A local preview server for a built site: ``wijkpost site serve``.

Only for looking at the site on one's own machine (it binds to 127.0.0.1 by default); a real
site is served by any ordinary web server or CDN from the output directory.
"""

from __future__ import annotations

import contextlib
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def make_server(output: Path, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A server for ``output`` (port 0 picks a free port; see ``server_address``)."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(output))
    return ThreadingHTTPServer((host, port), handler)


def serve(output: Path, port: int, host: str = "127.0.0.1") -> None:
    """Serve ``output`` until interrupted (Ctrl+C)."""
    with make_server(output, port, host) as httpd, contextlib.suppress(KeyboardInterrupt):
        httpd.serve_forever()
