"""Check a whole store against the SHACL shapes, a batch of filings at a time.

Every filing's graph holds all it needs to be checked: its deals, payments, evidence and
documents are its own, and the organizations and people it names come with their names and
types.  So each filing is checked on its own (it must conform by itself), a batch of filings
per call of the SHACL engine, and memory stays flat however large the store is; the time grows
linearly with it.  Each result says which filing it was found in.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib

from dealgraph.ontology import validate
from dealgraph.ontology.validation import Violation

BATCH_TRIPLES = 20_000      # about a second of pyshacl's time per batch


@dataclass(frozen=True)
class FilingViolation:
    graph: str                  # the filing's graph the focus node was found in
    violation: Violation


@dataclass
class StoreCheck:
    """The outcome of :func:`validate_store`: ``conforms`` is false when any result is a
    violation (warnings and informational results do not count).  ``counts`` has the number
    of results of each severity; ``results`` the first ``keep`` of them, in the order of the
    filings' graphs."""

    graphs: int = 0
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    results: list[FilingViolation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.counts.get("Violation")

    @property
    def total(self) -> int:
        """Results of every severity, kept or not."""
        return sum(self.counts.values())


def validate_store(store, graphs: list[str] | None = None, *, keep: int = 1000,
                   batch_triples: int = BATCH_TRIPLES,
                   on_graphs: Callable[[int], None] | None = None) -> StoreCheck:
    """Check the filing graphs ``graphs`` of ``store`` (default: all of them); ``on_graphs(n)``
    is called after each batch of ``n`` graphs (progress display)."""
    check = StoreCheck()
    graphs = store.filing_graphs() if graphs is None else graphs
    for names, quads in _batches(store, graphs, batch_triples):
        data, origin = _disjoint(quads)
        for v in validate(data).violations:
            focus, graph = origin.get(str(v.focus), (v.focus, None))
            check.counts[v.severity] = check.counts.get(v.severity, 0) + 1
            if len(check.results) < keep:
                check.results.append(FilingViolation(graph or names[0], v._replace(focus=focus)))
        check.graphs += len(names)
        check.triples += len(quads)
        if on_graphs:
            on_graphs(len(names))
    return check


def _disjoint(quads: list[ox.Quad]) -> tuple[rdflib.Graph, dict[str, tuple[ox.NamedNode, str]]]:
    """One graph holding a batch of filings' graphs so that each is checked as if alone.

    Checked together, the filings would lend each other their triples: a company that lost its
    name in one filing still has it in another.  So a node described (a subject) in several of
    them is renamed apart, one name per filing.  Returned with what each renamed node, and each
    node described in only one filing, stands for: (the node, its filing's graph)."""
    described: dict[str, set[str]] = {}
    for q in quads:
        described.setdefault(q.subject.value, set()).add(q.graph_name.value)
    shared = {node for node, graphs in described.items() if len(graphs) > 1}
    origin: dict[str, tuple[ox.NamedNode, str]] = {
        node: (ox.NamedNode(node), next(iter(graphs))) for node, graphs in described.items()
        if node not in shared}
    numbers: dict[str, int] = {}

    def apart(term, graph: str):
        if not isinstance(term, ox.NamedNode) or term.value not in shared:
            return term
        renamed = f"urn:dealgraph:check:{numbers.setdefault(graph, len(numbers))}:{term.value}"
        origin[renamed] = (term, graph)
        return ox.NamedNode(renamed)

    triples = [ox.Triple(apart(q.subject, q.graph_name.value), q.predicate,
                         apart(q.object, q.graph_name.value)) for q in quads]
    data = rdflib.Graph()
    data.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return data, origin


def _batches(store, graphs: list[str], size: int) -> Iterator[tuple[list[str], list[ox.Quad]]]:
    names: list[str] = []
    quads: list[ox.Quad] = []
    for name in graphs:
        names.append(name)
        quads.extend(store.quads(name))
        if len(quads) >= size:
            yield names, quads
            names, quads = [], []
    if names:
        yield names, quads
