"""Which format a client gets: Accept (with qualities and wildcards), then format=, then 406."""
from __future__ import annotations

import pytest

from dealgraph.serve.negotiation import UnknownFormat, check_format_param, negotiate, parse_accept


def name(kind, accept, fmt=None):
    found = negotiate(kind, accept, fmt)
    return found.name if found else None


def test_accept_is_read_by_quality_then_order():
    assert parse_accept("text/csv;q=0.5, application/sparql-results+xml, */*;q=0.1") == \
        ["application/sparql-results+xml", "text/csv", "*/*"]
    assert parse_accept("text/csv;q=0, text/tab-separated-values") == ["text/tab-separated-values"]


@pytest.mark.parametrize("kind,accept,expected", [
    ("results", None, "json"),
    ("results", "*/*", "json"),
    ("results", "text/csv;q=0.4, application/sparql-results+xml;q=0.9", "xml"),
    ("results", "text/*", "csv"),
    ("results", "image/png, */*;q=0.1", "json"),
    ("results", "image/png", None),
    ("graph", "application/sparql-results+xml, application/rdf+xml", "rdfxml"),   # rdflib's
    ("graph", "application/ld+json, application/x-json+ld", "jsonld"),           # SPARQLWrapper's
    ("graph", "text/turtle", "turtle"),
    ("graph", "application/sparql-results+json", None),
    ("dataset", "application/n-quads", "nquads"),
])
def test_accept(kind, accept, expected):
    assert name(kind, accept) == expected


def test_format_parameter_wins_and_fits_the_kind():
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert name("results", browser, "csv") == "csv"
    assert name("results", browser) == "xml"
    assert name("graph", None, "json") == "jsonld"
    assert name("graph", "text/turtle", "csv") == "turtle"      # csv cannot hold a graph
    assert name("results", "image/png", "text/tab-separated-values") == "tsv"


def test_unknown_format_parameter():
    check_format_param("csv")
    check_format_param("application/n-triples")
    with pytest.raises(UnknownFormat, match="xlsx"):
        check_format_param("xlsx")
