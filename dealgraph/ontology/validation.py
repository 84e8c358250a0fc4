"""Check data against the SHACL shapes with pyshacl.

The shapes need no inference: they name every subclass and every role subproperty themselves.
With ``include_ontology`` (the default) the ontology is mixed into a copy of the data first, so
that a node typed with a class only the ontology relates to ``dg:Deal`` is still checked; the
data graph passed in is never changed.

Warnings and informational results are reported but do not make the data non-conforming.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pyshacl
from rdflib import RDF, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from .resources import ONTOLOGY_FILE, SHAPES_FILE, _parsed

_UNARY_PATHS = ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))


class Violation(NamedTuple):
    """One validation result.

    ``path`` is the predicate IRI for a simple path, a SPARQL property path such as
    ``"(dg:party|dg:licensor|…)"`` for a complex one, ``None`` for a result about the node
    itself.  ``severity`` is ``"Violation"``, ``"Warning"`` or ``"Info"``.
    """

    focus: Node
    path: str | None
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of :func:`validate`: ``conforms`` is false when any result is a violation."""

    conforms: bool
    violations: tuple[Violation, ...]
    text: str


def validate(data: Graph, *, include_ontology: bool = True) -> ValidationResult:
    """Validate ``data``: a graph, or a dataset (checked as the union of its graphs; to check a
    store's filings each on its own, see :func:`dealgraph.graph.validate.validate_store`).

    >>> from rdflib import Graph
    >>> validate(Graph()).conforms
    True
    """
    shapes = Graph()
    shapes += _parsed(SHAPES_FILE)  # pyshacl adds a few triples to the shapes graph it is given
    conforms, report, text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=_parsed(ONTOLOGY_FILE) if include_ontology else None,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        inplace=False,
    )
    violations = tuple(sorted(
        (_violation(report, result) for result in report.subjects(RDF.type, SH.ValidationResult)),
        key=lambda v: (str(v.focus), v.path or "", v.message, v.severity),
    ))
    return ValidationResult(conforms=bool(conforms), violations=violations, text=text)


def _violation(report: Graph, result: Node) -> Violation:
    path = report.value(result, SH.resultPath)
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    if not messages:
        component = report.value(result, SH.sourceConstraintComponent)
        messages = [_local(component) if component is not None else "constraint not met"]
    severity = report.value(result, SH.resultSeverity)
    return Violation(
        focus=report.value(result, SH.focusNode),
        path=None if path is None else _path_text(report, path),
        message="; ".join(messages),
        severity=_local(severity) if severity is not None else "Violation",
    )


def _path_text(report: Graph, path: Node) -> str:
    """A predicate path as its IRI, any other SHACL path in SPARQL syntax (``dg:`` prefixed)."""
    if isinstance(path, URIRef):
        return path
    return _sparql_path(report, path)


def _sparql_path(report: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return _parsed(SHAPES_FILE).namespace_manager.normalizeUri(path)
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_sparql_path(report, p) for p in Collection(report, alternatives)) + ")"
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _sparql_path(report, inverse)
    for predicate, suffix in _UNARY_PATHS:
        inner = report.value(path, predicate)
        if inner is not None:
            return "(" + _sparql_path(report, inner) + ")" + suffix
    if report.value(path, RDF.first) is not None:
        return "(" + "/".join(_sparql_path(report, p) for p in Collection(report, path)) + ")"
    return path.n3()


def _local(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
