"""The Turtle files shipped with the package, read with :mod:`importlib.resources`.

Each file is parsed once and cached; the public functions hand out a fresh copy, so a caller may
add to or remove from the graph it gets without changing what the next caller sees.

>>> from dealgraph.ontology import DG, ontology_graph
>>> from rdflib import OWL, RDF
>>> (DG.Deal, RDF.type, OWL.Class) in ontology_graph()
True
"""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from rdflib import Graph, URIRef

from .namespace import ONTOLOGY_GRAPH

ONTOLOGY_FILE = "dealgraph.ttl"
SHAPES_FILE = "shapes.ttl"
ALIGNMENT_FILE = "alignment.ttl"

SHAPES_GRAPH = URIRef("https://w3id.org/dealgraph/shapes")
ALIGNMENT_GRAPH = URIRef("https://w3id.org/dealgraph/ontology/alignment")


@lru_cache(maxsize=None)
def _text(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _parsed(name: str) -> Graph:
    """The parsed file, shared: never hand this graph out, hand out a copy."""
    graph = Graph()
    graph.parse(data=_text(name), format="turtle")
    return graph


def _copy(name: str, identifier: URIRef) -> Graph:
    source = _parsed(name)
    graph = Graph(identifier=identifier, bind_namespaces="core")
    for prefix, namespace in source.namespaces():
        graph.bind(prefix, namespace, override=True)
    graph += source
    return graph


def ontology_turtle() -> str:
    """The text of ``dealgraph.ttl``, the OWL ontology, exactly as shipped."""
    return _text(ONTOLOGY_FILE)


def ontology_graph() -> Graph:
    """The OWL ontology as a new graph named :data:`~dealgraph.ontology.ONTOLOGY_GRAPH`."""
    return _copy(ONTOLOGY_FILE, ONTOLOGY_GRAPH)


def shapes_graph() -> Graph:
    """The SHACL shapes (``shapes.ttl``) as a new graph."""
    return _copy(SHAPES_FILE, SHAPES_GRAPH)


def alignment_graph() -> Graph:
    """The mappings to schema.org, FIBO, PROV-O and W3C ORG (``alignment.ttl``) as a new graph."""
    return _copy(ALIGNMENT_FILE, ALIGNMENT_GRAPH)
