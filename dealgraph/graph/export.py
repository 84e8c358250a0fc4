"""Export the store: Turtle and N-Triples are the union of the filings' graphs; TriG and
N-Quads keep the named graphs; JSON-LD is the union too.

Output is deterministic: triples are sorted and prefixes fixed, so the same store exports the
same bytes every time and exports diff cleanly.
"""
from __future__ import annotations

from collections.abc import Iterable
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


def _key(term) -> tuple:
    # Sort IRIs before literals, then by value; stable for equal values with other datatypes.
    if isinstance(term, ox.Literal):
        return (1, term.value, term.datatype.value if term.datatype else "", term.language or "")
    return (0, str(term), "", "")


def _graphs(store: Store, include_ontology: bool) -> list[str]:
    names = store.filing_graphs()
    if include_ontology and store.has_graph(str(ONTOLOGY_GRAPH)):
        names = [str(ONTOLOGY_GRAPH), *names]
    return names


def union_triples(store: Store, *, include_ontology: bool = False) -> list[ox.Triple]:
    """The union of the filings' graphs, without duplicates, in a stable order."""
    seen = set()
    for name in _graphs(store, include_ontology):
        for q in store.quads(name):
            seen.add(q.triple)
    return sorted(seen, key=lambda t: (_key(t.subject), _key(t.predicate), _key(t.object)))


def sorted_quads(store: Store, *, include_ontology: bool = False) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    for name in _graphs(store, include_ontology):
        quads.extend(sorted(store.quads(name),
                            key=lambda q: (_key(q.subject), _key(q.predicate), _key(q.object))))
    return quads


def export(store: Store, fmt: str, output: BinaryIO | str | None = None, *,
           include_ontology: bool = False) -> bytes | None:
    """Write the store in ``fmt`` (one of FORMATS) to ``output``; bytes when output is None."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    data: Iterable = (sorted_quads if fmt in QUAD_FORMATS else union_triples)(
        store, include_ontology=include_ontology)
    if fmt not in ("turtle", "trig"):
        return ox.serialize(data, output, FORMATS[fmt], prefixes=PREFIXES if fmt == "jsonld" else None)
    # The serializer writes prefixes in hash order; write them sorted so the bytes are stable.
    body = ox.serialize(data, None, FORMATS[fmt], prefixes=PREFIXES)
    lines = body.split(b"\n")
    start = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), len(lines))
    header = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(PREFIXES.items()))
    result = header.encode() + b"\n".join(lines[start:])
    if output is None:
        return result
    if isinstance(output, str):
        with open(output, "wb") as fh:
            fh.write(result)
    else:
        output.write(result)
    return None
