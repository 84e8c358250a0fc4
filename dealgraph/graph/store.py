"""The persistent graph: one named graph per filing, in an embedded Oxigraph store.

``open_store(target)`` decides the backend from its argument, like ``pyoxigraph.Store``:
``"memory"`` for an in-process store (tests, notebooks), a folder path for the embedded on-disk
store (the default), an ``http(s)://`` URL for a SPARQL 1.1 endpoint.

A store folder holds ``dealgraph-store.json`` (the format version) and ``oxigraph/`` (the data).
Format 2 added ``dg:nameKey`` to organizations; a format-1 store is upgraded in place (one
SPARQL update) the first time it is opened, and is never changed otherwise.
Each filing is written in one transaction: its graph is dropped and re-inserted by a single
SPARQL update, so a failure leaves the store as it was.

Taking turns: RocksDB lets one process at a time open the store. A process that finds it busy
keeps trying for ``wait`` seconds and meanwhile holds a shared lock on ``waiting.lock`` in the
store folder; a long writer (``ingest``) calls :meth:`Store.let_waiting_in` between filings,
which costs one non-blocking ``flock`` when nobody waits, and otherwise closes the store until
the waiting processes have had their turn, then opens it again.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import OWL

from dealgraph.errors import StoreBusyError, StoreError
from dealgraph.graph.terms import to_ox
from dealgraph.ontology.namespace import ID_BASE, ONTOLOGY_GRAPH

FORMAT_VERSION = 2
UPGRADABLE_FROM = 1   # oldest format opened by upgrading it in place
META_FILE = "dealgraph-store.json"
DATA_DIR = "oxigraph"
FILING_GRAPH_PREFIX = ID_BASE + "filing/"
FLUSH_BYTES = 32 << 20   # flush the on-disk store after this much N-Triples text was written
WAITING_FILE = "waiting.lock"
RECLAIM_WAIT = 120.0   # how long a writer that let others in waits to get the store back
MIN_HOLD = 0.2         # a writer keeps the store at least this long before letting others in
READ_ONLY_RETRY = 3.0  # how long a read-only open retries when a writer moves files under it

try:
    import fcntl
except ImportError:  # no flock (Windows): busy stores are simply retried until ``wait`` runs out
    fcntl = None


class Store:
    """A dealgraph store. Open one with :func:`open_store`."""

    _unflushed = 0   # bytes written since the last flush

    def __init__(self, backend: ox.Store, *, location: str = "memory", read_only: bool = False):
        self._ox = backend
        self.location = location
        self.read_only = read_only
        self._waiting_fd: int | None = None
        self._held_since = time.monotonic()

    # -- writing -----------------------------------------------------------------------------
    def replace_graph(self, graph_name: str, triples: rdflib.Graph | Iterable) -> int:
        """Atomically replace the named graph ``graph_name`` with ``triples``; returns their count."""
        self._check_writable()
        g = ox.NamedNode(str(graph_name))
        body, count = ntriples_body(triples)
        # One update, hence one transaction: N-Triples lines are valid SPARQL triple patterns.
        update = f"DROP SILENT GRAPH <{g.value}> ;\nINSERT DATA {{ GRAPH <{g.value}> {{\n{body}}} }}"
        try:
            self._ox.update(update)
            # RocksDB keeps written data in memory until a flush: without one every so often,
            # a long ingest grows by ~0.5 kB per quad (1.2 GB after 10,000 filings).
            self._unflushed += len(body)
            if self._unflushed >= FLUSH_BYTES and self.location != "memory":
                self._ox.flush()
                self._unflushed = 0
        except OSError as exc:
            raise _store_error(exc, self.location) from exc
        return count

    def remove_graph(self, graph_name: str) -> bool:
        """Drop a named graph; False when there was none."""
        self._check_writable()
        g = ox.NamedNode(str(graph_name))
        if not self._ox.contains_named_graph(g):
            return False
        try:
            self._ox.update(f"DROP GRAPH <{g.value}>")
        except OSError as exc:
            raise _store_error(exc, self.location) from exc
        return True

    def ensure_ontology(self) -> None:
        """Load the ontology into its own named graph when the store lacks it or holds another
        version of it (the graph records a digest of the ontology file it was loaded from)."""
        if self.read_only:
            return
        graph, stamp = ontology_with_stamp()
        if self._ox.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_GRAPH}> <{OWL.versionInfo}> "
                          f"\"{stamp}\" }} }}"):
            return
        self.replace_graph(str(ONTOLOGY_GRAPH), graph)

    # -- reading -----------------------------------------------------------------------------
    def query(self, sparql: str, *, substitutions: dict | None = None, union: bool = True):
        """Run SPARQL; the default graph is the union of all graphs unless ``union=False``.

        ``substitutions`` maps variable names to pyoxigraph terms, bound as values, never as text.
        """
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        try:
            return self._ox.query(sparql, use_default_graph_as_union=union, substitutions=subs or None)
        except OSError as exc:
            raise _store_error(exc, self.location) from exc

    def graph_names(self) -> list[str]:
        """Every named graph, sorted."""
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def filing_graphs(self) -> list[str]:
        return [g for g in self.graph_names() if g.startswith(FILING_GRAPH_PREFIX)]

    def has_graph(self, graph_name: str) -> bool:
        return self._ox.contains_named_graph(ox.NamedNode(str(graph_name)))

    def quads(self, graph_name: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph_name) if graph_name else None
        return self._ox.quads_for_pattern(None, None, None, g)

    def count(self, graph_name: str | None = None) -> int:
        """Number of quads in one graph, or in the whole store."""
        if graph_name:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ox.NamedNode(graph_name).value}> {{ ?s ?p ?o }} }}"
        else:
            q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        return int(next(iter(self._ox.query(q)))["n"].value)

    @property
    def backend(self) -> ox.Store:
        """The underlying pyoxigraph store, for code that needs its full API."""
        return self._ox

    def flush(self) -> None:
        if not self.read_only and self.location != "memory":
            self._ox.flush()

    def compact(self) -> None:
        """Rewrite the on-disk data into sorted, non-overlapping files.  A bulk load leaves many
        overlapping ones, and every range read (all the facts of a deal) then visits each of
        them: on 5M triples, compacting takes about 10 s and makes the saved queries 2-2.5x
        faster."""
        if self.read_only or self.location == "memory":
            return
        try:
            self._ox.optimize()
        except OSError as exc:
            raise _store_error(exc, self.location) from exc

    def let_waiting_in(self) -> bool:
        """Give other processes waiting to open this on-disk store a turn; True when it did.

        Cheap when nobody waits (one non-blocking ``flock``). Otherwise the store is closed until
        every waiting process has opened it, then opened again (waiting up to ``RECLAIM_WAIT``
        seconds for it; :class:`StoreBusyError` after that).
        """
        if self.read_only or self.location == "memory" or fcntl is None:
            return False
        if time.monotonic() - self._held_since < MIN_HOLD:
            return False               # (two writers would otherwise reopen after every filing)
        path = Path(self.location)
        if self._waiting_fd is None:
            self._waiting_fd = _lock_file(path)
            if self._waiting_fd is None:
                return False
        fd = self._waiting_fd
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass                       # someone holds the shared lock: they are waiting
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        self._ox.flush()
        del self._ox                   # releases the RocksDB lock
        deadline = time.monotonic() + RECLAIM_WAIT
        while time.monotonic() < deadline:   # until every waiting process got in (or gave up)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                time.sleep(0.01)
                continue
            fcntl.flock(fd, fcntl.LOCK_UN)
            break
        self._ox = _open_backend(path, read_only=False, wait=max(0.0, deadline - time.monotonic()))
        self._held_since = time.monotonic()
        return True

    def close(self) -> None:
        """Release the store (and its lock). The object must not be used afterwards; closing it
        again does nothing."""
        if not hasattr(self, "_ox"):
            return
        self.flush()
        del self._ox
        if self._waiting_fd is not None:
            os.close(self._waiting_fd)
            self._waiting_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: store is open read-only")

    def __repr__(self) -> str:
        return f"<dealgraph Store {self.location!r}>"


class NTriplesText:
    """Triples already written as N-Triples (one per line), such as a worker process sends.

    :meth:`Store.replace_graph` writes the text as it is; iterating parses it back.
    """

    __slots__ = ("text", "count")

    def __init__(self, text: str, count: int):
        self.text, self.count = text, count

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(ox.parse(self.text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))

    def __len__(self) -> int:
        return self.count


def ntriples_body(triples: rdflib.Graph | Iterable) -> tuple[str, int]:
    """``triples`` (rdflib or pyoxigraph terms) as N-Triples text, and how many there were.

    Used to write a graph in one SPARQL ``INSERT DATA``, here and on remote endpoints.
    """
    if isinstance(triples, NTriplesText):
        return triples.text, triples.count
    out = []
    for t in triples:
        if isinstance(t, ox.Triple | ox.Quad):
            out.append(ox.Triple(t.subject, t.predicate, t.object))
        else:
            s, p, o = t
            out.append(ox.Triple(to_ox(s), to_ox(p), to_ox(o)))
    if not out:
        return "", 0
    return ox.serialize(out, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), len(out)


def _store_error(exc: OSError, location: str) -> StoreError:
    text = str(exc)
    if "lock" in text.lower() or getattr(exc, "errno", None) in (errno.EAGAIN, errno.EWOULDBLOCK):
        return StoreBusyError(f"{location}: store is busy (another dealgraph process is using it)")
    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) \
            or "No space" in text or "File too large" in text or "quota exceeded" in text.lower():
        return StoreError(f"{location}: disk full, the store could not be written (what it held "
                          "before is kept; free some space and run the command again)")
    if getattr(exc, "errno", None) in (errno.EACCES, errno.EROFS) or "Permission denied" in text \
            or "Read-only file system" in text:
        return StoreError(f"{location}: cannot write the store (permission denied or read-only file "
                          "system); dealgraph needs to write to the store folder, even to read it")
    return StoreError(f"{location}: {text}")


def ontology_with_stamp() -> tuple[rdflib.Graph, str]:
    """The ontology graph plus a triple stamping it with the digest of the shipped file."""
    from dealgraph.ontology import ontology_graph, ontology_turtle
    stamp = "sha256:" + hashlib.sha256(ontology_turtle().encode("utf-8")).hexdigest()
    graph = ontology_graph()
    graph.add((ONTOLOGY_GRAPH, OWL.versionInfo, rdflib.Literal(stamp)))
    return graph, stamp


def _upgrade(path: Path, *, wait: float) -> None:
    """Bring a format-1 store to format 2: add the organizations' name keys, then record the new
    format.  One update (all or nothing); interrupted, the next open simply does it again."""
    from dealgraph.names import name_keys_update
    backend = _open_backend(path, read_only=False, wait=wait)
    try:
        backend.update(name_keys_update())
        backend.flush()
    except OSError as exc:
        raise _store_error(exc, str(path)) from exc
    finally:
        del backend
    try:
        _write_meta(path)
    except OSError as exc:
        raise _store_error(exc, str(path)) from exc


def _check_meta(path: Path) -> int | None:
    """The store's format version (None for a new store); an error for one this version cannot
    open."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not a store folder; choose another --store")
    meta = path / META_FILE
    if meta.exists():
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            version = info["format_version"]
        except OSError as exc:
            raise StoreError(f"{path}: cannot read {META_FILE} ({exc.strerror or exc})") from None
        except (ValueError, KeyError, TypeError):
            info, version = {}, None
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise StoreError(f"{path}: {META_FILE} is damaged (no valid format_version); "
                             "not opening the store")
        if version > FORMAT_VERSION:
            by = f" ({info['created_by']})" if isinstance(info.get("created_by"), str) else ""
            raise StoreError(f"{path}: written by a newer dealgraph{by} in store format {version}; this "
                             f"version reads format {FORMAT_VERSION}. Upgrade dealgraph (pip install "
                             "--upgrade dealgraph) to open it")
        if UPGRADABLE_FROM <= version < FORMAT_VERSION:
            return version
        if version < FORMAT_VERSION:
            raise StoreError(f"{path}: store format {version} is older than {FORMAT_VERSION}. With the "
                             "dealgraph that wrote it run 'dealgraph export --format nquads --output "
                             "all.nq', then with this one 'dealgraph --store NEW_FOLDER load all.nq'")
        return version
    if path.exists() and any(p.name != META_FILE + ".tmp" for p in path.iterdir()):
        # (a lone META_FILE.tmp is a store whose creation was interrupted)
        raise StoreError(f"{path}: folder exists and is not a dealgraph store; choose another --store")


def open_store(target: str | Path = "dealgraph-store", *, read_only: bool = False,
               create: bool = True, wait: float = 10.0) -> Store:
    """Open the store named by ``target``, creating it when needed (unless ``read_only`` or
    not ``create``: then a missing store is an error).

    ``wait`` is how long to keep trying while another process holds an on-disk store.
    """
    target_str = str(target)
    if target_str == "memory":
        store = Store(ox.Store(), location="memory")
        store.ensure_ontology()
        return store
    if target_str.startswith(("http://", "https://")):
        from dealgraph.graph.remote import open_remote  # a SPARQL 1.1 endpoint
        return open_remote(target_str, read_only=read_only)
    path = Path(target).expanduser()
    if _check_meta(path) == UPGRADABLE_FROM:
        _upgrade(path, wait=wait)
    if (read_only or not create) and not (path / META_FILE).exists():
        raise StoreError(f"{path}: no dealgraph store here (ingest something first)")
    try:
        if not read_only:
            path.mkdir(parents=True, exist_ok=True)
            if not (path / META_FILE).exists():
                _write_meta(path)
    except OSError as exc:
        raise _store_error(exc, str(path)) from exc
    backend = _open_backend(path, read_only=read_only, wait=wait)
    store = Store(backend, location=str(path), read_only=read_only)
    store.ensure_ontology()
    return store


def _open_backend(path: Path, *, read_only: bool, wait: float) -> ox.Store:
    """Open the Oxigraph data of the store at ``path``, retrying for ``wait`` s while it is busy.

    While retrying, hold a shared lock on ``WAITING_FILE`` so that the holder (when it is a
    long ``ingest``) lets us in between two filings.
    """
    deadline = time.monotonic() + wait
    waiting: int | None = None
    try:
        while True:
            if read_only:
                return _open_read_only(path)
            try:
                return ox.Store(str(path / DATA_DIR))
            except OSError as exc:
                err = _store_error(exc, str(path))
                if not isinstance(err, StoreBusyError) or time.monotonic() >= deadline:
                    raise err from exc
            if waiting is None and fcntl is not None:
                waiting = _lock_file(path)
                if waiting is not None:
                    try:
                        fcntl.flock(waiting, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    except BlockingIOError:   # the holder is checking for waiters right now
                        os.close(waiting)
                        waiting = None
            time.sleep(0.01)
    finally:
        if waiting is not None:
            os.close(waiting)                 # closing the file releases the lock


def _open_read_only(path: Path) -> ox.Store:
    """Open read-only: no lock, so a writer may be at work. Its flushes and compactions delete
    files that the opening reader has just been told about ("IO error: No such file … MANIFEST
    may be corrupted"): the store is fine, so open again, for up to READ_ONLY_RETRY seconds."""
    deadline = time.monotonic() + READ_ONLY_RETRY
    while True:
        try:
            return ox.Store.read_only(str(path / DATA_DIR))
        except (OSError, RuntimeError) as exc:
            text = str(exc)
            if "No such file" not in text and "Corruption" not in text:
                raise _store_error(exc, str(path)) if isinstance(exc, OSError) else \
                    StoreError(f"{path}: {text}") from exc
            if time.monotonic() >= deadline:
                raise StoreError(f"{path}: cannot open the store read-only ({text}); if another "
                                 "process is writing to it, run the command again") from exc
        time.sleep(0.025)


def _lock_file(path: Path) -> int | None:
    """A descriptor of the store's ``WAITING_FILE`` (created when missing), None if impossible."""
    try:
        return os.open(path / WAITING_FILE, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError:
        return None


def _write_meta(path: Path) -> None:
    from dealgraph import __version__
    tmp = path / (META_FILE + ".tmp")
    tmp.write_text(json.dumps({"format_version": FORMAT_VERSION, "created_by": f"dealgraph {__version__}"}))
    tmp.replace(path / META_FILE)
