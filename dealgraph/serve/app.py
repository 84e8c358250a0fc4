"""HTTP: the W3C SPARQL 1.1 Protocol, the Graph Store Protocol (reading) and the page.

    GET  /                      the page: query editor, saved queries, result table, graph view
    GET  /static/NAME           the page's script and style sheet (nothing is fetched elsewhere)
    GET  /sparql?query=…        SPARQL query (also /query); POST with a form body
                                (query=… or update=…) or an application/sparql-query body
    POST /sparql, /update       SPARQL update (form body or application/sparql-update); refused
                                with 403 unless the server runs with --allow-update
    GET  /store?graph=IRI       Graph Store Protocol: one named graph; ?default: the default graph
                                (the union of every graph, as queries see it); no parameter:
                                every graph (TriG, N-Quads)
    GET  /api/queries           the saved queries with their parameters (JSON)
    GET  /api/run?name=N&param=k=v   run a saved query with safely bound parameters
    GET  /viz?query=…           the interactive graph of a query's result (HTML)

Results are negotiated (see ``negotiation.py``). Requests run in worker processes under the
time limit (see ``pool.py``); a request that outlives it gets 503.
"""
from __future__ import annotations

import ipaddress
import json
import logging
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from dealgraph.errors import QueryError
from dealgraph.serve import negotiation, page
from dealgraph.serve.pool import PoolBusy, QueryTimeout, WorkerLost
from dealgraph.serve.worker import Response, error

log = logging.getLogger("dealgraph.serve.access")

MAX_BODY = 16 * 1024 * 1024      # a query or update larger than this is refused (413)
QUERY_PATHS = ("/sparql", "/query")
UPDATE_PATHS = ("/sparql", "/update")

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

READ_ONLY_MESSAGE = ("This server is read-only: SPARQL updates are refused. Start it with "
                     "'dealgraph serve --allow-update' to accept them.")


class BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class App:
    """What the handlers share: the worker pool and the server's settings."""

    def __init__(self, pool, *, timeout: float, allow_update: bool, allowed_hosts: set[str] | None):
        self.pool = pool
        self.timeout = timeout
        self.allow_update = allow_update
        self.allowed_hosts = allowed_hosts     # None: any Host header (bound to a public address)

    def call(self, request: dict) -> Response:
        try:
            return self.pool.call(request, self.timeout)
        except QueryTimeout:
            return error(503, f"The query ran longer than the server's time limit "
                              f"({self.timeout:g} s) and was stopped. Narrow it (a LIMIT, fewer "
                              "patterns) or start the server with a larger --timeout.")
        except PoolBusy:
            r = error(503, f"Every query worker stayed busy for {self.timeout:g} s; try again "
                           "shortly.")
            r.headers["Retry-After"] = "1"
            return r
        except WorkerLost:
            return error(500, "The process running the query stopped unexpectedly (out of "
                              "memory?); the server replaced it. Try a narrower query.")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"       # keep-alive: clients reuse their connection
    server_version = "dealgraph"
    timeout = 60                        # seconds an idle kept-alive connection is held
    # Headers and body are two writes: without TCP_NODELAY, each answer on a kept-alive
    # connection would wait ~40 ms for the client's delayed ACK (Nagle's algorithm).
    disable_nagle_algorithm = True

    @property
    def app(self) -> App:
        return self.server.app

    # -- plumbing ----------------------------------------------------------------------------
    def log_message(self, fmt, *args):
        log.info("%s %s", self.address_string(), fmt % args)

    def send(self, response: Response, *, head: bool = False) -> None:
        self.send_response(response.status)
        headers = {"Content-Type": response.content_type, "Content-Length": str(len(response.body)),
                   "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
                   "Vary": "Accept", **response.headers}
        if response.status == 204:
            del headers["Content-Type"], headers["Content-Length"]
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if not head and response.status != 204:
            self.wfile.write(response.body)

    def _dispatch(self, method: str) -> None:
        try:
            self._check_host()
            response = self.route(method)
        except BadRequest as exc:
            response = error(exc.status, str(exc))
        except QueryError as exc:
            response = error(400, str(exc))
        self.send(response, head=method == "HEAD")

    def do_GET(self):
        self._dispatch("GET")

    def do_HEAD(self):
        self._dispatch("HEAD")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def _check_host(self) -> None:
        """Refuse Host names other than the server's own (a DNS rebinding page could otherwise
        read a loopback server through the visitor's browser)."""
        if self.app.allowed_hosts is None:
            return
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            name = host[1:].partition("]")[0]
        else:
            name = host.rpartition(":")[0] if ":" in host else host
        if name in self.app.allowed_hosts:
            return
        try:
            if ipaddress.ip_address(name).is_loopback:
                return
        except ValueError:
            pass
        raise BadRequest(403, f"Host {host!r} is not this server's address; use "
                              "http://127.0.0.1 or http://localhost")

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise BadRequest(411, "Send the request body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise BadRequest(400, "Content-Length is not a number") from None
        if length > MAX_BODY:
            raise BadRequest(413, f"Request body larger than {MAX_BODY // (1024 * 1024)} MB")
        return self.rfile.read(length) if length > 0 else b""

    def _params(self, query_string: str, body: bytes = b"") -> dict[str, list[str]]:
        try:
            params = parse_qs(query_string, keep_blank_values=True, strict_parsing=False,
                              errors="strict")
            if body:
                for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True,
                                     errors="strict").items():
                    params.setdefault(k, []).extend(v)
        except UnicodeDecodeError:
            raise BadRequest(400, "Parameters are not valid UTF-8") from None
        return params

    # -- routes ------------------------------------------------------------------------------
    def route(self, method: str) -> Response:
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        if path in QUERY_PATHS or path in UPDATE_PATHS:
            return self.sparql(method, path, url.query)
        if path == "/store":
            return self.graph_store(method, url.query)
        if method not in ("GET", "HEAD"):
            return self._not_allowed("GET, HEAD")
        if path == "/":
            return page.index()
        if path.startswith("/static/"):
            return page.static(path[len("/static/"):])
        params = self._params(url.query)
        if path == "/api/queries":
            from dealgraph.serve.saved import catalog
            return Response(200, json.dumps(catalog(), ensure_ascii=False).encode("utf-8"),
                            "application/json")
        if path == "/api/run":
            return self.saved(params)
        if path == "/viz":
            return self.viz(params)
        return error(404, f"Nothing at {url.path}. The page is at /, the SPARQL endpoint at "
                          "/sparql, graphs at /store?graph=IRI.")

    def _not_allowed(self, allowed: str) -> Response:
        r = error(405, f"{self.command} is not supported here; use {allowed}")
        r.headers["Allow"] = allowed
        return r

    def sparql(self, method: str, path: str, query_string: str) -> Response:
        params = self._params(query_string)
        if method in ("GET", "HEAD"):
            if "update" in params:
                return error(400, "A SPARQL update must be sent with POST")
        elif method == "POST":
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._body()
            if content_type == FORM:
                params = self._params(query_string, body)
            elif content_type == SPARQL_QUERY:
                params["query"] = [self._text(body)]
            elif content_type == SPARQL_UPDATE:
                params["update"] = [self._text(body)]
            else:
                return error(415, f"POST a query as {FORM} (query=… or update=…), "
                                  f"{SPARQL_QUERY} or {SPARQL_UPDATE}, not {content_type or 'no type'}")
        else:
            return self._not_allowed("GET, HEAD, POST")
        if "query" in params and "update" in params:
            return error(400, "Send either query or update, not both")
        if "update" in params:
            if path not in UPDATE_PATHS:
                return error(400, "Send SPARQL updates to /update or /sparql")
            return self.update(self._one(params, "update"), params)
        if "query" not in params:
            return error(400, "No query: pass query=… (GET or a POSTed form) or POST an "
                              f"{SPARQL_QUERY} body. The page to write one is at /.")
        if path not in QUERY_PATHS:
            return error(400, "Send SPARQL queries to /query or /sparql")
        fmt = self._format(params)
        return self.app.call({"op": "query", "query": self._one(params, "query"),
                              "accept": self.headers.get("Accept"), "format": fmt,
                              "default_graphs": params.get("default-graph-uri", []),
                              "named_graphs": params.get("named-graph-uri", [])})

    def update(self, text: str, params: dict) -> Response:
        if not self.app.allow_update:
            return error(403, READ_ONLY_MESSAGE)
        origin = self.headers.get("Origin")
        if origin and urlsplit(origin).netloc.lower() != (self.headers.get("Host") or "").lower():
            return error(403, f"Updates from pages of other sites ({origin}) are refused")
        if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
            return error(400, "using-graph-uri and using-named-graph-uri are not supported; "
                              "write USING or GRAPH in the update")
        return self.app.call({"op": "update", "update": text,
                              "wait": max(0.1, min(10.0, self.app.timeout - 1))})

    def graph_store(self, method: str, query_string: str) -> Response:
        if method in ("PUT", "POST", "DELETE"):
            if not self.app.allow_update:
                return error(403, READ_ONLY_MESSAGE)
            return self._not_allowed("GET, HEAD (write graphs with SPARQL Update at /update)")
        if method not in ("GET", "HEAD"):
            return self._not_allowed("GET, HEAD")
        params = self._params(query_string)
        fmt = self._format(params)
        if "graph" in params and "default" in params:
            return error(400, "Pass either graph=IRI or default, not both")
        req = {"op": "graph", "accept": self.headers.get("Accept"), "format": fmt}
        if "graph" in params:
            req["graph"] = self._one(params, "graph")
        elif "default" not in params:
            req["all"] = True
        return self.app.call(req)

    def saved(self, params: dict) -> Response:
        from dealgraph.queries import parse_params
        name = self._one(params, "name")
        return self.app.call({"op": "saved", "name": name,
                              "params": parse_params(params.get("param", [])),
                              "format": (params.get("format") or ["json"])[0]})

    def viz(self, params: dict) -> Response:
        from dealgraph.queries import parse_params
        req = {"op": "viz", "params": parse_params(params.get("param", []))}
        if "name" in params:
            req["name"] = self._one(params, "name")
        elif "query" in params:
            req["query"] = self._one(params, "query")
        else:
            return error(400, "Pass query=SPARQL or name=SAVED_QUERY")
        response = self.app.call(req)
        if response.status == 200:
            response.headers["Content-Security-Policy"] = page.VIZ_CSP
        return response

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _one(params: dict, name: str) -> str:
        values = params.get(name) or [""]
        if len(values) > 1:
            raise BadRequest(400, f"Pass {name} once, not {len(values)} times")
        return values[0]

    @staticmethod
    def _text(body: bytes) -> str:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest(400, "The request body is not valid UTF-8") from None

    def _format(self, params: dict) -> str | None:
        fmt = (params.get("format") or [None])[0]
        try:
            negotiation.check_format_param(fmt)
        except negotiation.UnknownFormat as exc:
            raise BadRequest(400, str(exc)) from None
        return fmt
