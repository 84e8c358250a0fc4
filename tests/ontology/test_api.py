"""The small public API of dealgraph.ontology: shipped files, fresh graphs, doctests."""
from __future__ import annotations

import doctest
from importlib.resources import files

import pytest
from rdflib import OWL, RDF, Graph, URIRef
from rdflib.compare import isomorphic

import dealgraph.ontology as ontology
from dealgraph.ontology import (
    DG, ONTOLOGY_GRAPH, ONTOLOGY_IRI, alignment_graph, ontology_graph, ontology_turtle, shapes_graph,
)
from dealgraph.ontology import resources, validation


def test_all_is_sorted_and_importable() -> None:
    assert ontology.__all__ == sorted(ontology.__all__)
    for name in ontology.__all__:
        assert getattr(ontology, name) is not None


@pytest.mark.parametrize("name", ["dealgraph.ttl", "shapes.ttl", "alignment.ttl"])
def test_files_are_package_resources(name: str) -> None:
    assert files("dealgraph.ontology").joinpath(name).is_file()


def test_ontology_turtle_is_the_shipped_file() -> None:
    text = ontology_turtle()
    assert text == files("dealgraph.ontology").joinpath("dealgraph.ttl").read_text(encoding="utf-8")
    assert isomorphic(Graph().parse(data=text, format="turtle"), ontology_graph())


def test_ontology_graph_is_named_and_prefixed() -> None:
    graph = ontology_graph()
    assert graph.identifier == ONTOLOGY_GRAPH
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in graph
    assert dict(graph.namespaces())["dg"] == URIRef(str(DG._NS))


@pytest.mark.parametrize("make", [ontology_graph, shapes_graph, alignment_graph])
def test_each_call_gives_a_fresh_copy(make) -> None:
    first = make()
    size = len(first)
    first.remove((None, None, None))
    assert len(make()) == size > 0


def test_validation_leaves_the_cached_graphs_alone() -> None:
    before = len(ontology_graph()), len(shapes_graph())
    ontology.validate(Graph())
    assert (len(ontology_graph()), len(shapes_graph())) == before


@pytest.mark.parametrize("module", [ontology, resources, validation])
def test_doctests(module) -> None:
    result = doctest.testmod(module)
    assert result.failed == 0
