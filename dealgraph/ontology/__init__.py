"""The dealgraph ontology: vocabulary, OWL definitions, SHACL shapes and alignments.

Files shipped with the package (read with :mod:`importlib.resources`):

- ``dealgraph.ttl``: the OWL ontology, every ``dg:`` term with label, comment, domain and range;
- ``shapes.ttl``: SHACL shapes that well-formed data satisfies (see :func:`validate`);
- ``alignment.ttl``: mappings to schema.org, FIBO, PROV-O and W3C ORG.

:class:`DG` is a closed namespace of the same terms: ``DG.Deal`` works, ``DG.Dael`` raises
``AttributeError``.
"""
from __future__ import annotations

from .namespace import DG, ID, ID_BASE, ONTOLOGY_GRAPH, ONTOLOGY_IRI
from .resources import alignment_graph, ontology_graph, ontology_turtle, shapes_graph
from .validation import ValidationResult, Violation, validate

__all__ = [
    "DG",
    "ID",
    "ID_BASE",
    "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI",
    "ValidationResult",
    "Violation",
    "alignment_graph",
    "ontology_graph",
    "ontology_turtle",
    "shapes_graph",
    "validate",
]
