"""Batches bigger than one process: extraction without a store, and a bulk loader for its output.

    extract_files(paths, "shard-001.nq")      read, extract and map; N-Quads, one graph per filing
    load_files(store, ["shard-001.nq", …])    replace each filing's graph in the store

The map step needs no store, so shards can run anywhere a command runs (``xargs -P``, a job
array, Dask, Spark); the N-Quads files are then loaded into one store.  Loading the output of
``extract_files`` gives the same store as ``ingest_paths`` on the same files.

Loading is checked, then written: each file is parsed completely before anything is written,
so a damaged file (reported with its line) changes nothing.  Then each filing's graph is
replaced atomically (one update per filing).  With ``fast=True`` the embedded store uses
Oxigraph's bulk loader instead: the file's graphs are dropped, then the file is loaded
without a transaction — several times quicker, but a crash in the middle can leave that
file's filings partly loaded (running the same load again repairs it).
"""
from __future__ import annotations

import gzip
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import pyoxigraph as ox

from dealgraph.errors import InputError, StoreError
from dealgraph.graph.store import NTriplesText, Store
from dealgraph.names import name_keys_updates
from dealgraph.ontology.namespace import DG
from dealgraph.pipeline import FileResult, IngestReport, Ready, iter_files, prepared_stream

_FLUSH_BYTES = 1 << 20
_NAME_KEY = ox.NamedNode(str(DG.nameKey))


def _open_output(output: str | os.PathLike | BinaryIO) -> tuple[BinaryIO, Callable[[bool], None]]:
    """A binary stream for ``output`` ("-" is standard output) and a function that finishes
    it: a file is written as ``NAME.part`` and renamed only when complete."""
    if not isinstance(output, str | os.PathLike):
        return output, lambda ok: output.flush()
    if str(output) == "-":
        import sys
        stream = sys.stdout.buffer
        return stream, lambda ok: stream.flush()
    path = os.fspath(output)
    part = path + ".part"
    raw = open(part, "wb")
    stream = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if path.endswith(".gz") else raw

    def finish(ok: bool) -> None:
        if stream is not raw:
            stream.close()
        raw.close()
        if ok:
            os.replace(part, path)
        else:
            os.unlink(part)

    return stream, finish


def nquads_block(graph_name: str, triples: NTriplesText) -> bytes:
    """One filing's N-Quads: its triples' lines, sorted, each in graph ``graph_name``."""
    suffix = f" <{ox.NamedNode(graph_name).value}> ."
    lines = sorted(triples.text.splitlines())
    return "".join(line[:-2] + suffix + "\n" for line in lines if line).encode("utf-8")


def extract_files(paths: Iterable[str | os.PathLike], output: str | os.PathLike | BinaryIO, *,
                  jobs: int = 1, strict: bool = False,
                  on_result: Callable[[FileResult], None] | None = None) -> IngestReport:
    """Read, extract and map files and folders; write N-Quads (one named graph per filing).

    ``output`` is a path (``.gz`` for gzip; written whole or not at all), ``"-"`` for standard
    output, or a binary stream.  Files that cannot be read are reported in the returned
    :class:`~dealgraph.pipeline.IngestReport`, as with ``ingest_paths``; with ``strict`` the
    first one stops the batch and no output file is left behind.
    """
    report = IngestReport()
    stream, finish = _open_output(output)
    ok = False
    pending: list[bytes] = []
    size = 0
    items = prepared_stream(iter_files(paths), jobs=jobs)
    try:
        for item in items:
            result = item if isinstance(item, FileResult) else item.summary
            if isinstance(item, Ready):
                block = nquads_block(item.graph_name, item.triples)
                pending.append(block)
                size += len(block)
                if size >= _FLUSH_BYTES:
                    stream.write(b"".join(pending))
                    pending, size = [], 0
            report.results.append(result)
            if on_result:
                on_result(result)
            if strict and result.error:
                return report
        stream.write(b"".join(pending))
        ok = True
    finally:
        items.close()
        finish(ok)
    return report


# -- loading ---------------------------------------------------------------------------------
@dataclass
class LoadedFile:
    path: str
    graphs: int = 0
    quads: int = 0


@dataclass
class LoadReport:
    files: list[LoadedFile] = field(default_factory=list)

    @property
    def graphs(self) -> int:
        return sum(f.graphs for f in self.files)

    @property
    def quads(self) -> int:
        return sum(f.quads for f in self.files)


def _reader(path: str) -> BinaryIO:
    try:
        raw = open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not an N-Quads file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw, mode="rb")
    raw.seek(0)
    return raw


def _quads(path: str) -> Iterator[ox.Quad]:
    """The quads of an N-Quads file (plain or gzip); errors name the file and the line."""
    with _reader(path) as fh:
        try:
            yield from ox.parse(fh, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            where = f"line {exc.lineno}" if exc.lineno else "somewhere"
            message = str(exc.args[0] if exc.args else exc)
            raise InputError(path, f"{where}: not valid N-Quads ({message})") from None
        except (OSError, EOFError) as exc:   # e.g. a gzip file cut short
            raise InputError(path, f"cannot be read ({exc})") from None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not UTF-8 text ({exc.reason})") from None


def check_nquads(path: str) -> LoadedFile:
    """Parse a whole file without writing anything; InputError (file and line) when damaged,
    or when a triple is outside any named graph (dealgraph keeps each filing in its own)."""
    return _check(path)[0]


def _check(path: str) -> tuple[LoadedFile, set[str], set[str]]:
    """The file's summary, its graphs, and those of its graphs that carry name keys."""
    graphs: set[str] = set()
    keyed: set[str] = set()
    count = 0
    for count, quad in enumerate(_quads(path), start=1):
        g = quad.graph_name
        if not isinstance(g, ox.NamedNode):
            raise InputError(path, f"quad {count}: a triple outside any named graph "
                                   "(each filing belongs in its own graph)")
        graphs.add(g.value)
        if quad.predicate == _NAME_KEY:
            keyed.add(g.value)
    return LoadedFile(path, len(graphs), count), graphs, keyed


def _graph_runs(path: str) -> Iterator[tuple[str, list[ox.Triple]]]:
    """(graph, triples) for each run of consecutive quads in the same graph."""
    current, triples = None, []
    for quad in _quads(path):
        g = quad.graph_name.value
        if g != current and triples:
            yield current, triples
            triples = []
        current = g
        triples.append(quad.triple)
    if triples:
        yield current, triples


def load_files(store, files: Iterable[str | os.PathLike], *, fast: bool = False,
               on_file: Callable[[LoadedFile], None] | None = None) -> LoadReport:
    """Load N-Quads files, each filing's graph replacing the one in the store.

    Every file is checked completely first (:func:`check_nquads`): a damaged file raises
    :class:`~dealgraph.errors.InputError` naming it and the line, and nothing is written.
    A graph split over several runs or files keeps all its triples (the first run replaces
    the stored graph, later ones add to it).
    """
    files = [os.fspath(f) for f in files]
    checked = [_check(f) for f in files]                # before writing anything
    report = LoadReport()
    replaced: set[str] = set()
    keyed = set().union(*(k for _, _, k in checked))
    use_bulk = fast and isinstance(store, Store) and hasattr(store.backend, "bulk_load")
    for path, (summary, names, _) in zip(files, checked):
        if use_bulk:
            for name in sorted(names - replaced):
                store.remove_graph(name)
            replaced |= names
            with _reader(path) as fh:
                store.backend.bulk_load(fh, format=ox.RdfFormat.N_QUADS)
        else:
            for name, triples in _graph_runs(path):
                text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                if name in replaced:
                    _add(store, name, text)
                else:
                    store.replace_graph(name, NTriplesText(text, len(triples)))
                    replaced.add(name)
        report.files.append(summary)
        if on_file:
            on_file(summary)
    # graphs written before organizations carried their name keys get them here
    for update in name_keys_updates(sorted(ox.NamedNode(name).value for name in replaced - keyed)):
        _update(store, update)
    store.flush()
    if isinstance(store, Store):
        store.compact()
    return report


def _add(store, graph_name: str, ntriples: str) -> None:
    """Add triples to a graph already replaced during this load."""
    g = ox.NamedNode(graph_name).value
    _update(store, f"INSERT DATA {{ GRAPH <{g}> {{\n{ntriples}}} }}")


def _update(store, update: str) -> None:
    if isinstance(store, Store):
        try:
            store.backend.update(update)
        except OSError as exc:
            raise StoreError(f"{store.location}: {exc}") from exc
    else:                                 # a remote store
        store.update(update)
