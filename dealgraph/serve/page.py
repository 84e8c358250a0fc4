"""The page at ``/``: one HTML file, one script, one style sheet, all served from here.

Nothing is loaded from another origin (no CDN, fonts or analytics), and the Content Security
Policy sent with the page tells the browser to refuse anything that tries. Values from the graph
are untrusted: the script renders them with ``textContent`` only.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from dealgraph.serve.worker import Response, error

#: The page may only talk to this server; the graph view is framed from this server too.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'")
#: The graph view is a self-contained pyvis page (inline script and style, vis-network inlined):
#: it may run its own inline code but load nothing, and it is sandboxed by the page's iframe.
VIZ_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
           "img-src data:; font-src data:; base-uri 'none'; form-action 'none'; "
           "frame-ancestors 'self'")

_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


@lru_cache(maxsize=None)
def _asset(name: str) -> bytes | None:
    resource = resources.files("dealgraph.serve") / "static" / name
    return resource.read_bytes() if resource.is_file() else None


def _typed(name: str, body: bytes, **headers) -> Response:
    suffix = name[name.rfind("."):]
    return Response(200, body, _TYPES.get(suffix, "application/octet-stream"), headers)


def index() -> Response:
    return _typed("index.html", _asset("index.html"), **{"Content-Security-Policy": PAGE_CSP})


def static(name: str) -> Response:
    if "/" in name or name.startswith(".") or name == "index.html":
        return error(404, "No such file")
    body = _asset(name)
    if body is None:
        return error(404, "No such file")
    return _typed(name, body)
