"""The query worker: a process that holds a read-only view of the store and answers requests.

Queries run in worker processes, not in the server's threads, because pyoxigraph cannot cancel
a running query: the only way to stop one that outlives the time limit is to end the process
that runs it (see ``pool.py``). Each worker

* opens the store read-only (which takes no lock, so ``dealgraph ingest`` can write meanwhile),
* reopens it when the store's files changed since it was opened (a read-only RocksDB instance
  sees the data as it was when it was opened), so every query sees the filings committed before
  it started,
* answers one request at a time: ``{"op": "query" | "update" | "graph" | "saved" | "viz", …}``
  in, a :class:`Response` out. It never raises; every failure is a response with a status.
"""
from __future__ import annotations

import logging
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from dealgraph.errors import DealgraphError, QueryError, StoreBusyError, StoreError
from dealgraph.graph.store import DATA_DIR, Store, open_store
from dealgraph.serve import negotiation

log = logging.getLogger(__name__)

_REOPEN_TRIES = 40          # a reopen racing with a writer's compaction can fail; try again
_REOPEN_PAUSE = 0.025


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict = field(default_factory=dict)


def error(status: int, message: str) -> Response:
    return Response(status, (message.rstrip() + "\n").encode("utf-8"))


class StoreView:
    """A read-only view of an on-disk store that follows the writes of other processes.

    The view is reopened when the store's RocksDB files changed: ``CURRENT``, the ``MANIFEST``
    and the write-ahead logs (``*.log``) change with every committed write. Looking costs one
    directory listing; reopening costs a few milliseconds (more on large stores).
    """

    def __init__(self, location: str | Path):
        self.location = Path(location)
        self.data = self.location / DATA_DIR
        self._store: Store | None = None
        self._signature: tuple | None = None
        self.reopened = 0

    def signature(self) -> tuple:
        entries = []
        try:
            with os.scandir(self.data) as it:
                for entry in it:
                    name = entry.name
                    if name == "CURRENT" or name.startswith("MANIFEST-") or name.endswith(".log"):
                        try:
                            st = entry.stat()
                        except FileNotFoundError:    # removed by the writer meanwhile
                            continue
                        entries.append((name, st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            return ()
        return tuple(sorted(entries))

    def current(self, *, force: bool = False) -> Store:
        """The store as of now (reopened when it changed since last time)."""
        signature = self.signature()   # before opening: a write in between only costs a reopen
        if self._store is not None and signature == self._signature and not force:
            return self._store
        store = self._open()
        if store is None:
            if self._store is None:
                raise StoreError(f"{self.location}: cannot open the store")
            return self._store     # keep serving the previous state; try again next time
        self._store, self._signature = store, signature
        self.reopened += 1
        return store

    def _open(self) -> Store | None:
        last = None
        for _ in range(_REOPEN_TRIES):
            try:
                return open_store(self.location, read_only=True, wait=0)
            except StoreBusyError as exc:
                last = exc
            except StoreError as exc:
                if not self.data.is_dir():
                    raise
                last = exc
            except (OSError, RuntimeError) as exc:   # e.g. "Corruption: … No such file" mid-compaction
                last = exc
            time.sleep(_REOPEN_PAUSE)
        log.warning("could not reopen %s (%s); serving the previous state", self.location, last)
        return None


# -- operations -------------------------------------------------------------------------------
def _names(iris) -> list:
    return [ox.NamedNode(i) for i in iris]


def default_prefixes() -> dict[str, str]:
    """The prefixes a query may use without declaring them: those of ``dealgraph query``."""
    try:
        from dealgraph.queries.runner import PREFIXES
    except ImportError:
        from dealgraph.graph.export import PREFIXES
    return dict(PREFIXES)


def run_query(view: StoreView, req: dict) -> Response:
    text = req["query"]
    kwargs = {"prefixes": default_prefixes()}
    union = True
    if req.get("default_graphs"):
        kwargs["default_graph"] = _names(req["default_graphs"])
        union = False
    if req.get("named_graphs"):
        kwargs["named_graphs"] = _names(req["named_graphs"])
    for attempt in (1, 2):
        store = view.current(force=attempt == 2)
        try:
            results = store.backend.query(text, use_default_graph_as_union=union, **kwargs)
            kind = "graph" if isinstance(results, ox.QueryTriples) else "results"
            fmt = negotiation.negotiate(kind, req.get("accept"), req.get("format"))
            if fmt is None:
                return error(406, f"None of the types in the Accept header can hold "
                                  f"{'a graph' if kind == 'graph' else 'query results'}; "
                                  f"acceptable: {negotiation.acceptable(kind)}")
            if kind == "graph":
                body = _serialize_graph(list(results), fmt)
            else:
                body = results.serialize(format=fmt.oxigraph)
            return Response(200, body, fmt.media_type)
        except SyntaxError as exc:
            return error(400, f"SPARQL syntax error: {exc}")
        except (OSError, RuntimeError) as exc:
            if attempt == 2:
                return error(500, f"The store could not answer: {exc}")
        except ValueError as exc:
            return error(400, f"The query could not be evaluated: {exc}")
    raise AssertionError("unreachable")


def _serialize_graph(triples: list, fmt: negotiation.Format) -> bytes:
    from dealgraph.graph.export import PREFIXES
    prefixes = PREFIXES if fmt.name in ("turtle", "trig", "jsonld") else None
    return ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes)


def run_update(view: StoreView, req: dict) -> Response:
    """Apply a SPARQL update: the store is opened read-write just for it, then released."""
    try:
        store = open_store(view.location, wait=req.get("wait", 10.0))
    except StoreBusyError as exc:
        return error(503, f"{exc}; try again when it is done")
    except StoreError as exc:
        return error(500, str(exc))
    try:
        store.backend.update(req["update"])
        return Response(204)
    except SyntaxError as exc:
        return error(400, f"SPARQL syntax error: {exc}")
    except (OSError, RuntimeError, ValueError) as exc:
        return error(500, f"The update failed; nothing was changed: {exc}")
    finally:
        store.close()


def read_graph(view: StoreView, req: dict) -> Response:
    """Graph Store Protocol, reading: one named graph, the default graph, or every graph.

    The default graph is what queries see as default: the union of all graphs.
    """
    graph = req.get("graph")
    kind = "dataset" if req.get("all") else "graph"
    fmt = negotiation.negotiate(kind, req.get("accept"), req.get("format"))
    if fmt is None:
        return error(406, f"None of the types in the Accept header can hold an RDF "
                          f"{kind}; acceptable: {negotiation.acceptable(kind)}")
    for attempt in (1, 2):
        store = view.current(force=attempt == 2)
        try:
            if kind == "dataset":
                from dealgraph.graph.export import PREFIXES
                body = store.backend.dump(format=fmt.oxigraph,
                                          prefixes=PREFIXES if fmt.name == "trig" else None)
            elif graph:
                node = ox.NamedNode(graph)
                if not store.backend.contains_named_graph(node):
                    return error(404, f"No graph named <{graph}> in the store. Its graphs are "
                                      "listed by: SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
                triples = [ox.Triple(q.subject, q.predicate, q.object)
                           for q in store.backend.quads_for_pattern(None, None, None, node)]
                body = _serialize_graph(triples, fmt)
            else:
                results = store.backend.query("CONSTRUCT WHERE { ?s ?p ?o }",
                                              use_default_graph_as_union=True)
                body = _serialize_graph(list(results), fmt)
            return Response(200, body, fmt.media_type)
        except ValueError as exc:
            return error(400, f"Not a valid graph IRI: {exc}")
        except (OSError, RuntimeError) as exc:
            if attempt == 2:
                return error(500, f"The store could not answer: {exc}")
    raise AssertionError("unreachable")


def run_saved(view: StoreView, req: dict) -> Response:
    """A saved query by name, with its declared parameters bound safely (see dealgraph.queries)."""
    from dealgraph.serve import saved
    try:
        fmt_name, body = saved.run(view.current(), req["name"], req.get("params") or {},
                                   req.get("format") or "json")
    except QueryError as exc:
        return error(400, str(exc))
    except (OSError, RuntimeError) as exc:
        return error(500, f"The store could not answer: {exc}")
    return Response(200, body, saved.MEDIA_TYPES[fmt_name])


def run_viz(view: StoreView, req: dict) -> Response:
    from dealgraph.serve import saved
    try:
        html = saved.visualize(view.current(), req)
    except QueryError as exc:
        return error(400, str(exc))
    except NotImplementedError as exc:
        return error(501, str(exc))
    except (OSError, RuntimeError) as exc:
        return error(500, f"The store could not answer: {exc}")
    return Response(200, html.encode("utf-8"), "text/html; charset=utf-8")


OPERATIONS = {"query": run_query, "update": run_update, "graph": read_graph, "saved": run_saved,
              "viz": run_viz}


def handle(view: StoreView, req: dict) -> Response:
    op = OPERATIONS.get(req.get("op"))
    if op is None:
        return error(500, f"unknown operation {req.get('op')!r}")
    try:
        return op(view, req)
    except DealgraphError as exc:
        return error(500, str(exc))
    except Exception as exc:  # a bug must cost one request, not the worker
        log.exception("request failed")
        return error(500, f"Internal error ({type(exc).__name__}: {exc})")


def _die_with_parent() -> None:
    """On Linux, have the kernel end this process when its parent ends."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        parent = os.getppid()
        libc.prctl(1, signal.SIGKILL)     # PR_SET_PDEATHSIG
        if os.getppid() != parent:        # the parent ended before we asked
            os._exit(1)
    except (OSError, AttributeError):
        pass


def serve_connection(conn, location: str) -> None:
    """Answer requests from ``conn`` until it closes."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is for the server, which stops us
    view = StoreView(location)
    try:
        view.current()
    except Exception as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        if req is None:
            return
        conn.send(handle(view, req))


def main(argv: list[str] | None = None) -> None:
    """``python -c "from dealgraph.serve.worker import main; main()" --fd N STORE``: how the
    pool starts a worker."""
    import argparse
    from multiprocessing.connection import Connection

    ap = argparse.ArgumentParser(description="dealgraph serve's query worker (started by the server)")
    ap.add_argument("--fd", type=int, required=True, help="the socket to the server")
    ap.add_argument("location")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="dealgraph serve worker: %(levelname)s: %(message)s")
    serve_connection(Connection(args.fd), args.location)
