"""Export the store: Turtle and N-Triples are the union of the filings' graphs; TriG and
N-Quads keep the named graphs; JSON-LD is the union too.

Output is deterministic: triples are sorted and prefixes fixed, so the same store exports the
same bytes every time and exports diff cleanly.  The order is that of the triples' canonical
N-Triples lines, compared as bytes (the order ``LC_ALL=C sort`` gives an ``.nt`` file): by
subject, then predicate, then object.  Graphs come in the order of their names.

Streaming: each graph is read from the store as canonical N-Triples text and sorted on its own,
so N-Quads and TriG need memory for one graph at a time.  The union (Turtle, N-Triples,
JSON-LD) removes duplicates with a sort: in memory up to ``RUN_LINES`` distinct triples, beyond
that in sorted runs on disk merged at the end, so a 50-million-triple store does not need 50
million Python objects at once.
"""
from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import BinaryIO

import pyoxigraph as ox

from dealgraph.graph.store import Store
from dealgraph.ontology.namespace import ID_BASE, ONTOLOGY_GRAPH, ONTOLOGY_IRI

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = {"trig", "nquads"}
PREFIXES = {
    "dg": ONTOLOGY_IRI + "#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "org": ID_BASE + "org/",
    "person": ID_BASE + "person/",
    "filing": ID_BASE + "filing/",
    "technology": ID_BASE + "technology/",
    "product": ID_BASE + "product/",
    "target": ID_BASE + "biologicaltarget/",
    "indication": ID_BASE + "indication/",
}
RUN_LINES = 1_000_000   # distinct union triples kept in memory before a sorted run goes to disk
_BATCH = 100_000        # lines handed on at a time
_WRITE_CHUNK = 1 << 20


def _graphs(store, include_ontology: bool) -> list[str]:
    names = store.filing_graphs()
    if include_ontology and store.has_graph(str(ONTOLOGY_GRAPH)):
        names = [str(ONTOLOGY_GRAPH), *names]
    return names


def graph_lines(store, graph_name: str, *, sort: bool = True) -> list[bytes]:
    """The triples of one graph as canonical N-Triples lines (each ending in ``" ."``), sorted."""
    backend = getattr(store, "backend", None)
    if isinstance(backend, ox.Store):   # the embedded store: serialized without Python objects
        data = backend.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph_name))
    else:
        data = ox.serialize((q.triple for q in store.quads(graph_name)), format=ox.RdfFormat.N_TRIPLES)
    lines = data.split(b"\n")
    lines.pop()                          # the text ends with a newline
    if sort:
        lines.sort()
    return lines


def _union_batches(store, include_ontology: bool) -> Iterator[list[bytes]]:
    """Sorted, distinct N-Triples lines of the union of the graphs, in batches.

    Up to ``RUN_LINES`` distinct lines are sorted in memory; beyond that, sorted runs are
    written to a temporary folder and merged.
    """
    with ExitStack() as stack:
        tmpdir = None
        runs: list[str] = []
        pending: set[bytes] = set()
        for name in _graphs(store, include_ontology):
            pending.update(graph_lines(store, name, sort=False))
            if len(pending) >= RUN_LINES:
                if tmpdir is None:
                    tmpdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="dealgraph-export-"))
                path = os.path.join(tmpdir, f"run-{len(runs)}.nt")
                with open(path, "wb") as fh:
                    fh.write(b"\n".join(sorted(pending)) + b"\n")
                runs.append(path)
                pending = set()
        last = sorted(pending)
        del pending
        if not runs:
            for i in range(0, len(last), _BATCH):
                yield last[i:i + _BATCH]
            return
        files = [stack.enter_context(open(p, "rb")) for p in runs]
        previous = None
        batch: list[bytes] = []
        for line in heapq.merge(last, *((ln[:-1] for ln in fh) for fh in files)):
            if line != previous:
                batch.append(line)
                previous = line
                if len(batch) >= _BATCH:
                    yield batch
                    batch = []
        if batch:
            yield batch


def _parse_batches(batches: Iterable[list[bytes]]) -> Iterator[ox.Triple]:
    """Parse batches of N-Triples lines back into triples."""
    for batch in batches:
        yield from ox.parse(b"\n".join(batch), format=ox.RdfFormat.N_TRIPLES)


def union_triples(store: Store, *, include_ontology: bool = False) -> list[ox.Triple]:
    """The union of the filings' graphs, without duplicates, in a stable order."""
    return list(_parse_batches(_union_batches(store, include_ontology)))


def sorted_quads(store: Store, *, include_ontology: bool = False) -> list[ox.Quad]:
    """Every filing's quads, graph by graph, each graph's triples in a stable order."""
    return list(_iter_quads(store, include_ontology))


def _iter_quads(store, include_ontology: bool) -> Iterator[ox.Quad]:
    for name in _graphs(store, include_ontology):
        g = ox.NamedNode(name)
        for t in _parse_batches([graph_lines(store, name)]):
            yield ox.Quad(t.subject, t.predicate, t.object, g)


class _Sink:
    """Buffered writes to a binary file, or to memory when there is no file."""

    def __init__(self, output: BinaryIO | None):
        self.output = output
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.output is not None and self.size >= _WRITE_CHUNK:
            self.output.write(b"".join(self.parts))
            self.parts, self.size = [], 0

    def finish(self) -> bytes | None:
        data = b"".join(self.parts)
        if self.output is None:
            return data
        self.output.write(data)
        return None


def export(store: Store, fmt: str, output: BinaryIO | str | None = None, *,
           include_ontology: bool = False) -> bytes | None:
    """Write the store in ``fmt`` (one of FORMATS) to ``output``; bytes when output is None."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(output, str | os.PathLike):
        with open(output, "wb") as fh:
            return export(store, fmt, fh, include_ontology=include_ontology)
    if fmt in ("nquads", "ntriples"):   # line formats: written straight from the sorted lines
        sink = _Sink(output)
        if fmt == "ntriples":
            for batch in _union_batches(store, include_ontology):
                sink.write(b"\n".join(batch) + b"\n")
        else:
            for name in _graphs(store, include_ontology):
                lines = graph_lines(store, name)
                if lines:   # "<s> <p> <o> ." becomes "<s> <p> <o> <g> ."
                    sink.write((b"\n".join(lines) + b"\n").replace(b" .\n", f" <{name}> .\n".encode()))
        return sink.finish()
    data: Iterable = (_iter_quads(store, include_ontology) if fmt in QUAD_FORMATS
                      else _parse_batches(_union_batches(store, include_ontology)))
    prefixes = PREFIXES if fmt in ("turtle", "trig", "jsonld") else None
    return ox.serialize(data, output, FORMATS[fmt], prefixes=prefixes)
