"""Content negotiation: which serialization a client gets.

A result has a *kind*: ``"results"`` (SELECT and ASK), ``"graph"`` (CONSTRUCT, DESCRIBE and the
Graph Store Protocol) or ``"dataset"`` (every graph at once). Clients say what they want with the
``Accept`` header; the ``format`` parameter (``format=csv``, ``format=turtle`` or a media type) is
the fallback for clients that cannot set headers, such as a link in a browser (whose own Accept
header asks for HTML or XML, whatever the link is for):

1. ``format``, when the request has one that names a format of the kind;
2. otherwise the first type of ``Accept`` (by quality) that names a format of the kind;
3. otherwise the kind's default (SPARQL JSON, Turtle, TriG) when ``Accept`` is absent or allows
   anything (``*/*``);
4. otherwise nothing is acceptable, and the server answers 406.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    name: str                     # what ``format=`` accepts, e.g. "csv"
    media_type: str               # the Content-Type sent back
    aliases: tuple[str, ...]      # other media types and short names that select it
    oxigraph: object              # the pyoxigraph format

    def matches(self, media_type: str) -> bool:
        return media_type == self.media_type.split(";")[0] or media_type in self.aliases


_R = ox.QueryResultsFormat
_G = ox.RdfFormat

RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json", "text/json", "srj"), _R.JSON),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml", "srx"), _R.XML),
    Format("csv", "text/csv; charset=utf-8", (), _R.CSV),
    Format("tsv", "text/tab-separated-values; charset=utf-8", (), _R.TSV),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle; charset=utf-8", ("application/turtle", "application/x-turtle", "ttl"),
           _G.TURTLE),
    Format("jsonld", "application/ld+json", ("application/x-json+ld", "json-ld", "application/json",
                                             "json"), _G.JSON_LD),
    Format("ntriples", "application/n-triples", ("text/plain", "nt", "n-triples"), _G.N_TRIPLES),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml", "xml", "rdf", "rdf+xml"),
           _G.RDF_XML),
)
DATASET_FORMATS = (
    Format("trig", "application/trig", ("application/x-trig",), _G.TRIG),
    Format("nquads", "application/n-quads", ("text/x-nquads", "nq", "n-quads"), _G.N_QUADS),
)
FORMATS = {"results": RESULT_FORMATS, "graph": GRAPH_FORMATS, "dataset": DATASET_FORMATS}


class UnknownFormat(ValueError):
    """A ``format`` parameter that names no format of any kind."""


def parse_accept(header: str | None) -> list[str]:
    """Media types of an ``Accept`` header, most wanted first (types with q=0 left out)."""
    if not header:
        return []
    ranked = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media_type = fields[0].lower()
        if not media_type:
            continue
        q = 1.0
        for f in fields[1:]:
            key, _, value = f.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, media_type))
    return [m for _, _, m in sorted(ranked)]


def _by_name(kind: str, value: str) -> Format | None:
    value = value.strip().lower().split(";")[0]
    for fmt in FORMATS[kind]:
        if value == fmt.name or fmt.matches(value):
            return fmt
    return None


def check_format_param(value: str | None) -> None:
    """Raise :class:`UnknownFormat` when ``format=`` names no format at all."""
    if value and not any(_by_name(kind, value) for kind in FORMATS):
        names = sorted({f.name for formats in FORMATS.values() for f in formats})
        raise UnknownFormat(f"unknown format {value!r}; expected one of {', '.join(names)} "
                            "or a media type")


def negotiate(kind: str, accept: str | None, format_param: str | None = None) -> Format | None:
    """The format to answer with, or None when the client accepts none (HTTP 406)."""
    formats = FORMATS[kind]
    if format_param:
        found = _by_name(kind, format_param)
        if found:
            return found
    wildcard = not accept
    for media_type in parse_accept(accept):
        if media_type == "*/*":
            wildcard = True
            break
        if media_type.endswith("/*"):
            major = media_type[:-1]
            found = next((f for f in formats if f.media_type.startswith(major)), None)
            if found:
                return found
            continue
        found = _by_name(kind, media_type)
        if found and "/" in media_type:
            return found
    return formats[0] if wildcard else None


def acceptable(kind: str) -> str:
    """The media types of a kind, for a 406 message."""
    return ", ".join(f.media_type.split(";")[0] for f in FORMATS[kind])
