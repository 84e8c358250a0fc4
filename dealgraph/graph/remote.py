"""A dealgraph store on a SPARQL 1.1 server: :class:`RemoteStore`, the same interface as
:class:`~dealgraph.graph.store.Store`, over HTTP.

``open_store("http://host:7878/query")`` (or ``--store URL`` on the command line) lands here.
The URL is the SPARQL *query* endpoint. The other endpoints come from the environment, or are
derived from the query URL when not given:

=======================  ===============================================================
``DEALGRAPH_UPDATE_URL``  SPARQL update endpoint. Default: ``…/query`` → ``…/update``
                          (Oxigraph, Fuseki); ``…/repositories/ID`` →
                          ``…/repositories/ID/statements`` (GraphDB); else the query URL
                          itself (Neptune ``/sparql``, Virtuoso ``/sparql``).
``DEALGRAPH_GSP_URL``     Graph Store Protocol endpoint (optional). When set, a filing's
                          graph is written with one ``PUT ?graph=…`` and read with ``GET``;
                          otherwise with SPARQL update and ``CONSTRUCT``.
``DEALGRAPH_STORE_USER``  HTTP basic auth user (with ``DEALGRAPH_STORE_PASSWORD``); a
                          ``user:password@`` in the URL works too.
``DEALGRAPH_STORE_TOKEN`` a bearer token, sent as ``Authorization: Bearer …`` (a value
                          with a space, such as ``GDB …``, is sent as it is).
``DEALGRAPH_UNION_DEFAULT_GRAPH``  how queries see the union of the filings' graphs:
                          ``param`` sends Oxigraph's ``union-default-graph`` request
                          parameter, ``server`` trusts the server's default graph to be the
                          union already (GraphDB, Virtuoso, Neptune, Fuseki with
                          ``unionDefaultGraph``). Default: ``param`` when the server says it
                          is Oxigraph, else ``server``.
=======================  ===============================================================

Writing a filing is ONE request, hence atomic on the server: either the Graph Store Protocol
``PUT`` of its N-Triples, or the update ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> {…} }``.
Reads that dealgraph itself makes (graph names, counts, a graph's triples) name their graphs
with ``GRAPH``, so they do not depend on the server's default graph.

Query parameters (``substitutions``) are never pasted into the query text: they are bound
with a ``VALUES`` block, built from the terms' N-Triples form, at the start of every group of
the query (so a ``FILTER`` in a nested group or a subquery sees them too, as with pyoxigraph's
substitutions).  A company called ``"} DROP ALL #`` is only ever a string.
"""
from __future__ import annotations

import base64
import http.client
import os
import re
import ssl
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
import rdflib

from dealgraph.errors import QueryError, StoreError
from dealgraph.graph.store import FILING_GRAPH_PREFIX, ntriples_body, ontology_with_stamp
from dealgraph.graph.terms import to_ox
from dealgraph.names import name_keys_updates
from dealgraph.ontology.namespace import DG, ONTOLOGY_GRAPH

_ACCEPT_QUERY = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
                 "application/n-triples;q=0.9, text/turtle;q=0.8, text/plain;q=0.5")
OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"
_VAR_NAME = re.compile(r"^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00B7\u00C0-\uFFFF]*$")


class RemoteTriples:
    """The triples a CONSTRUCT or DESCRIBE returned, like pyoxigraph's ``QueryTriples``."""

    def __init__(self, triples: list[ox.Triple]):
        self._triples = triples

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def serialize(self, output: BinaryIO | str | None = None, format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES):
        return ox.serialize(self._triples, output, format)


class RemoteStore:
    """A dealgraph store on a SPARQL 1.1 endpoint. Open one with :func:`open_remote`."""

    def __init__(self, query_url: str, *, update_url: str | None = None, gsp_url: str | None = None,
                 read_only: bool = False, auth: str | None = None, union_mode: str | None = None,
                 timeout: float = 600.0):
        self.query_url = query_url
        self.update_url = update_url or derive_update_url(query_url)
        self.gsp_url = gsp_url
        self.read_only = read_only
        self.location = _without_credentials(query_url)
        if union_mode not in (None, "param", "server"):
            raise StoreError(f"{self.location}: DEALGRAPH_UNION_DEFAULT_GRAPH must be 'param' or 'server', "
                             f"not {union_mode!r}")
        self._union_mode = union_mode
        self._auth = auth
        self._timeout = timeout
        self._connections: dict[tuple[str, str], http.client.HTTPConnection] = {}
        self.server: str | None = None     # the Server header of the last response

    # -- writing -----------------------------------------------------------------------------
    def replace_graph(self, graph_name: str, triples: rdflib.Graph | Iterable) -> int:
        """Replace the named graph ``graph_name`` with ``triples`` in one request; their count."""
        self._check_writable()
        g = ox.NamedNode(str(graph_name)).value
        body, count = ntriples_body(triples)
        if self.gsp_url:
            self._request("PUT", _with_params(self.gsp_url, {"graph": g}), body.encode("utf-8"),
                          {"Content-Type": "application/n-triples"})
        else:
            self.update(f"DROP SILENT GRAPH <{g}> ;\nINSERT DATA {{ GRAPH <{g}> {{\n{body}}} }}")
        return count

    def remove_graph(self, graph_name: str) -> bool:
        """Drop a named graph; False when there was none."""
        self._check_writable()
        g = ox.NamedNode(str(graph_name)).value
        if not self.has_graph(g):
            return False
        self.update(f"DROP SILENT GRAPH <{g}>")
        return True

    def ensure_ontology(self) -> None:
        """Load the ontology into its own named graph when the server lacks it or holds another
        version of it (as :meth:`Store.ensure_ontology <dealgraph.graph.store.Store.ensure_ontology>`)."""
        if self.read_only:
            return
        graph, stamp = ontology_with_stamp()
        g = ox.NamedNode(str(ONTOLOGY_GRAPH))
        if self.query(f"ASK {{ GRAPH {g} {{ {g} <{OWL_VERSION_INFO}> {ox.Literal(stamp)} }} }}", union=False):
            return
        if self._written_before_name_keys():
            self._add_name_keys()       # first: interrupted, the next open does it again
        self.replace_graph(g.value, graph)

    def _written_before_name_keys(self) -> bool:
        """The server holds an ontology from before ``dg:nameKey`` (store format 1): its filings
        were written without their organizations' name keys."""
        g = ox.NamedNode(str(ONTOLOGY_GRAPH))
        return bool(self.query(f"ASK {{ GRAPH {g} {{ {g} ?p ?o }} }}", union=False)) and not bool(
            self.query(f"ASK {{ GRAPH {g} {{ <{DG.nameKey}> ?p ?o }} }}", union=False))

    def _add_name_keys(self) -> None:
        """Give every filing's organizations their name keys (as opening a format-1 on-disk store
        does), a batch of graphs per request."""
        for update in name_keys_updates(self.filing_graphs()):
            self.update(update)

    def update(self, sparql: str) -> None:
        """Send a SPARQL update as it is (one request)."""
        self._check_writable()
        self._request("POST", self.update_url, sparql.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8"})

    # -- reading -----------------------------------------------------------------------------
    def query(self, sparql: str, *, substitutions: Mapping | None = None, union: bool = True):
        """Run SPARQL on the server; the default graph is the union of all graphs unless
        ``union=False`` (see ``DEALGRAPH_UNION_DEFAULT_GRAPH``).

        Returns pyoxigraph objects: ``QuerySolutions``, ``QueryBoolean``, or for CONSTRUCT and
        DESCRIBE a :class:`RemoteTriples`.  ``substitutions`` maps variable names to terms,
        bound with ``VALUES`` (never pasted as text).
        """
        if substitutions:
            sparql = bind_values(sparql, substitutions)
        params = {}
        if union and self._union() == "param":
            params["union-default-graph"] = ""
        _, headers, data = self._request(
            "POST", _with_params(self.query_url, params), urlencode({"query": sparql}).encode("ascii"),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT_QUERY},
            what="query")
        return _parse_results(data, headers.get("content-type", ""), self.location)

    def graph_names(self) -> list[str]:
        """Every named graph, sorted."""
        names = self._graph_names("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        if not names:   # servers that match no graph with an empty pattern (Virtuoso)
            names = self._graph_names("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return names

    def _graph_names(self, sparql: str) -> list[str]:
        rows = self.query(sparql, union=False)
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def filing_graphs(self) -> list[str]:
        return [g for g in self.graph_names() if g.startswith(FILING_GRAPH_PREFIX)]

    def has_graph(self, graph_name: str) -> bool:
        g = ox.NamedNode(str(graph_name)).value
        return bool(self.query(f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", union=False))

    def quads(self, graph_name: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of every named graph."""
        if graph_name:
            g = ox.NamedNode(str(graph_name))
            return (ox.Quad(t.subject, t.predicate, t.object, g) for t in self._graph_triples(g.value))
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return (ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows)

    def graph_ntriples(self, graph_name: str) -> bytes:
        """One graph's triples as N-Triples text (canonical when the server writes it so)."""
        g = ox.NamedNode(str(graph_name)).value
        if self.gsp_url:
            status, headers, data = self._request("GET", _with_params(self.gsp_url, {"graph": g}), None,
                                                  {"Accept": "application/n-triples"}, missing_ok=True)
            if status == 404:
                return b""
            return _to_ntriples(data, headers.get("content-type", ""), self.location)
        q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
        status, headers, data = self._request(
            "POST", self.query_url, urlencode({"query": q}).encode("ascii"),
            {"Content-Type": "application/x-www-form-urlencoded",
             "Accept": "application/n-triples, text/turtle;q=0.8, text/plain;q=0.5"}, what="query")
        return _to_ntriples(data, headers.get("content-type", ""), self.location)

    def _graph_triples(self, g: str) -> list[ox.Triple]:
        data = self.graph_ntriples(g)
        return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)) if data else []

    def count(self, graph_name: str | None = None) -> int:
        """Number of quads in one graph, or in every named graph."""
        if graph_name:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ox.NamedNode(graph_name).value}> {{ ?s ?p ?o }} }}"
        else:
            q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        return int(next(iter(self.query(q, union=False)))["n"].value)

    def flush(self) -> None:
        """Nothing to do: every write was a complete request."""

    def close(self) -> None:
        for conn in self._connections.values():
            conn.close()
        self._connections.clear()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<dealgraph RemoteStore {self.location!r}>"

    # -- HTTP --------------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: store is open read-only")

    def _union(self) -> str:
        if self._union_mode is None:
            if self.server is None:   # one cheap request tells what the server is
                self._request("POST", self.query_url, urlencode({"query": "ASK {}"}).encode("ascii"),
                              {"Content-Type": "application/x-www-form-urlencoded",
                               "Accept": "application/sparql-results+json"}, what="query")
            self._union_mode = "param" if "oxigraph" in (self.server or "").lower() else "server"
        return self._union_mode

    def _connection(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        key = (scheme, netloc)
        conn = self._connections.get(key)
        if conn is None:
            host = netloc.rpartition("@")[2]
            if scheme == "https":
                conn = http.client.HTTPSConnection(host, timeout=self._timeout,
                                                   context=ssl.create_default_context())
            else:
                conn = http.client.HTTPConnection(host, timeout=self._timeout)
            self._connections[key] = conn
        return conn

    def _request(self, method: str, url: str, body: bytes | None, headers: dict, *,
                 what: str = "store", missing_ok: bool = False) -> tuple[int, dict, bytes]:
        parts = urlsplit(url)
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        headers = {"User-Agent": "dealgraph", **headers}
        if self._auth:
            headers["Authorization"] = self._auth
        for attempt in (1, 2):   # a kept-alive connection the server closed is retried once
            conn = self._connection(parts.scheme, parts.netloc)
            try:
                conn.request(method, target, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest, http.client.ResponseNotReady) as exc:
                conn.close()
                self._connections.pop((parts.scheme, parts.netloc), None)
                if attempt == 2:
                    raise StoreError(f"{self.location}: the SPARQL server closed the connection ({exc})") from None
            except (TimeoutError, OSError) as exc:
                conn.close()
                self._connections.pop((parts.scheme, parts.netloc), None)
                raise StoreError(f"{self.location}: cannot reach the SPARQL server at "
                                 f"{_without_credentials(url)} ({getattr(exc, 'strerror', None) or exc})") from None
        resp_headers = {k.lower(): v for k, v in response.getheaders()}
        self.server = resp_headers.get("server", self.server or "")
        status = response.status
        if 200 <= status < 300 or (missing_ok and status == 404):
            return status, resp_headers, data
        message = _first_line(data)
        if status in (401, 403):
            raise StoreError(f"{self.location}: the server refused the request (HTTP {status}"
                             + (f": {message}" if message else "") + "); set DEALGRAPH_STORE_USER and "
                             "DEALGRAPH_STORE_PASSWORD, or DEALGRAPH_STORE_TOKEN")
        if status == 413:
            raise StoreError(f"{self.location}: the server refused a request of {len(body or b'')} bytes "
                             "as too large (HTTP 413); raise its request size limit")
        if what == "query" and status == 400:
            raise SyntaxError(message or "the server rejected the query (HTTP 400)")
        raise StoreError(f"{self.location}: HTTP {status} from {_without_credentials(url)}"
                         + (f": {message}" if message else ""))


def open_remote(url: str, *, read_only: bool = False, update_url: str | None = None,
                gsp_url: str | None = None, env: Mapping[str, str] | None = None) -> RemoteStore:
    """Open the store on the SPARQL endpoint ``url`` (its query URL); see the module docstring
    for the environment variables read.  Not read-only: loads the ontology when missing, which
    also checks that the server answers."""
    env = os.environ if env is None else env
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{url}: not an http(s) URL of a SPARQL endpoint")
    auth = None
    user, password = env.get("DEALGRAPH_STORE_USER"), env.get("DEALGRAPH_STORE_PASSWORD", "")
    if parts.username is not None:
        from urllib.parse import unquote
        user, password = unquote(parts.username), unquote(parts.password or "")
    if user:
        auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    elif env.get("DEALGRAPH_STORE_TOKEN"):   # "SCHEME value" is sent as it is (GraphDB: "GDB …")
        token = env["DEALGRAPH_STORE_TOKEN"].strip()
        auth = token if " " in token else "Bearer " + token
    clean = _without_credentials(url)
    store = RemoteStore(clean, update_url=update_url or env.get("DEALGRAPH_UPDATE_URL") or None,
                        gsp_url=gsp_url or env.get("DEALGRAPH_GSP_URL") or None, read_only=read_only,
                        auth=auth, union_mode=env.get("DEALGRAPH_UNION_DEFAULT_GRAPH") or None)
    if not read_only:
        store.ensure_ontology()
    return store


def derive_update_url(query_url: str) -> str:
    """The usual update endpoint next to a query endpoint (see the module docstring)."""
    parts = urlsplit(query_url)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        path = path[: -len("/query")] + "/update"
    elif re.search(r"/repositories/[^/]+$", path):
        path += "/statements"
    else:
        return query_url
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


# -- binding parameters --------------------------------------------------------------------
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_-]*(?::[^\s{}()\[\];,.]*)?|:[^\s{}()\[\];,.]*)
  | (?P<open>\{) | (?P<close>\}) | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


def term_text(term) -> str:
    """A term in SPARQL syntax (its N-Triples form, escaped by pyoxigraph)."""
    if isinstance(term, rdflib.term.Node):
        term = to_ox(term)
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term)
    raise QueryError(f"cannot bind {term!r}: use a pyoxigraph NamedNode or Literal")


def bind_values(sparql: str, substitutions: Mapping) -> str:
    """``sparql`` with ``VALUES (?a ?b) { (t1 t2) }`` at the start of every group pattern.

    Every group (the WHERE clause, nested ``{…}``, OPTIONAL, UNION branches, GRAPH, subqueries,
    EXISTS) gets the block, so the variables are bound wherever they are used, as with
    pyoxigraph's substitutions.  Data blocks (``VALUES … {…}``) and CONSTRUCT templates do not;
    ``CONSTRUCT WHERE { T }`` becomes ``CONSTRUCT { T } WHERE { VALUES … T }``.
    """
    names, terms = [], []
    for name, term in substitutions.items():
        name = str(name).lstrip("?$")
        if not _VAR_NAME.match(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        names.append("?" + name)
        terms.append(term_text(term))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} "
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(sparql)]
    roles: dict[int, str] = {}        # index of each "{" -> group, data, template or short
    closing: dict[int, int] = {}      # index of each "{" -> index of its "}"
    stack: list[tuple[int, str]] = []
    form, expect_data, previous, top_level = None, False, "", 0
    for i, (kind, text) in enumerate(tokens):
        if kind in ("ws", "comment"):
            continue
        if kind == "word":
            if form is None and text.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
                form = text.upper()
            if text.upper() == "VALUES":
                expect_data = True
        elif kind == "open":
            outer = stack[-1][1] if stack else None
            if outer in ("data", "template"):
                role = outer
            elif expect_data:
                role, expect_data = "data", False
            elif form == "CONSTRUCT" and not stack and top_level == 0:
                role = "short" if previous == "WHERE" else "template"
            else:
                role = "group"
            top_level += not stack
            stack.append((i, role))
            roles[i] = role
        elif kind == "close" and stack:
            closing[stack.pop()[0]] = i
        previous = text.upper() if kind == "word" else text
    out: list[str] = []
    i = 0
    while i < len(tokens):
        role = roles.get(i)
        if role == "group":
            following = next((t for k, t in tokens[i + 1:] if k not in ("ws", "comment")), "")
            # '{ SELECT … }' is a subquery and nothing else: its own WHERE gets the block
            out.append("{" if following.upper() == "SELECT" else "{" + block)
        elif role == "short" and i in closing:
            where = max(j for j in range(len(out)) if out[j].upper() == "WHERE")
            template = "".join(text for _, text in tokens[i + 1:closing[i]])
            out[where:] = ["{" + template + "} WHERE {" + block + template + "}"]
            i = closing[i]
        else:
            out.append(tokens[i][1])
        i += 1
    return "".join(out)


# -- results ---------------------------------------------------------------------------------
def _parse_results(data: bytes, content_type: str, location: str):
    ctype = content_type.split(";")[0].strip().lower()
    try:
        if ctype in ("application/sparql-results+json", "application/json"):
            return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        if ctype in ("application/sparql-results+xml", "application/xml", "text/xml"):
            return ox.parse_query_results(data, ox.QueryResultsFormat.XML)
        if ctype in ("text/tab-separated-values",):
            return ox.parse_query_results(data, ox.QueryResultsFormat.TSV)
        fmt = _RDF_TYPES.get(ctype)
        if fmt is not None:
            return RemoteTriples(list(ox.parse(data, format=fmt)))
    except SyntaxError as exc:
        raise StoreError(f"{location}: the server sent results that do not parse ({exc})") from None
    raise StoreError(f"{location}: the server answered with {ctype or 'no content type'}, "
                     "not SPARQL results")


_RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


def _to_ntriples(data: bytes, content_type: str, location: str) -> bytes:
    ctype = content_type.split(";")[0].strip().lower()
    if ctype == "application/n-triples" and not data.startswith(b"#"):
        return data
    fmt = _RDF_TYPES.get(ctype, ox.RdfFormat.N_TRIPLES)
    try:
        return ox.serialize(ox.parse(data, format=fmt), format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        raise StoreError(f"{location}: the server sent a graph that does not parse ({exc})") from None


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:300] if text else ""


def _with_params(url: str, params: Mapping[str, str]) -> str:
    if not params:
        return url
    parts = urlsplit(url)
    extra = "&".join(k if v == "" else f"{k}={quote(v, safe='')}" for k, v in params.items())
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
