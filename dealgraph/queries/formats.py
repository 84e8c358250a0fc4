"""Query results as text: an aligned table, and the W3C SPARQL 1.1 result formats.

* ``csv``: SPARQL 1.1 Query Results CSV — header of variable names, CRLF line ends, values
  without datatypes or language tags (a lossy format by design), RFC 4180 quoting;
* ``tsv``: SPARQL 1.1 Query Results TSV — header ``?name``, LF line ends, every value in
  Turtle syntax (``<iri>``, ``"text"@en``, ``"2004-10-01"^^<…#date>``, bare ``42``/``1.5``/``true``);
* ``json``: SPARQL 1.1 Query Results JSON — values keep their datatypes;
* ``table``: for people — IRIs shortened with the usual prefixes, long cells cut at
  :data:`CELL_WIDTH` characters, columns that are empty in every row left out (and named below).

ASK results are ``true``/``false`` (CSV/TSV/table) or ``{"head": {}, "boolean": …}`` (JSON).
CONSTRUCT and DESCRIBE results are written as Turtle.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

import pyoxigraph as ox

from dealgraph.queries.runner import PREFIXES, XSD, Result

FORMATS = ("table", "csv", "tsv", "json")
CELL_WIDTH = 60

_XSD_STRING = XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_DOUBLE = re.compile(r"^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$")
_NUMERIC_TYPES = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long",
                                    "nonNegativeInteger", "positiveInteger")}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def render(result: Result, fmt: str = "table") -> str:
    """The result as text in ``fmt`` (one of :data:`FORMATS`); graphs are always Turtle."""
    if result.kind == "graph":
        return turtle(result.triples)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return {"table": table, "csv": to_csv, "tsv": to_tsv, "json": to_json}[fmt](result)


# -- W3C formats ----------------------------------------------------------------------------
def to_csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ask":
        return "true\r\n" if result.boolean else "false\r\n"
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(t) for t in row])
    return out.getvalue()


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def to_tsv(result: Result) -> str:
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def tsv_term(term) -> str:
    """A term in Turtle syntax, numbers and booleans in their short form where Turtle has one."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language:
        dt, text = term.datatype.value, term.value
        if (dt == XSD + "integer" and _INTEGER.match(text)) or \
                (dt == XSD + "decimal" and _DECIMAL.match(text)) or \
                (dt == XSD + "double" and _DOUBLE.match(text)) or \
                (dt == XSD + "boolean" and text in ("true", "false")):
            return text
    return str(term)  # N-Triples form: escapes tabs and newlines, valid Turtle


def to_json(result: Result) -> str:
    if result.kind == "ask":
        doc = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = []
        for row in result.rows:
            bindings.append({v: _json_term(t) for v, t in zip(result.variables, row) if t is not None})
        doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def turtle(triples) -> str:
    """Triples as Turtle with the dealgraph prefixes, sorted so the output is stable."""
    ordered = sorted(triples, key=str)
    body = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")
    # the serializer writes the prefixes in hash order: sort them so the bytes are stable
    lines = body.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if not ln.startswith("@prefix ")), len(lines))
    return "".join(sorted(lines[:start])) + "".join(lines[start:])


# -- table ----------------------------------------------------------------------------------
def compact(term) -> str:
    """A term as people read it: prefixed IRIs, bare literal text, '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        best = max((p for p in PREFIXES.items() if iri.startswith(p[1])), key=lambda p: len(p[1]),
                   default=None)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else iri
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _cell(text: str, width: int | None) -> str:
    text = _CONTROL.sub(lambda m: " " if m.group() in "\n\r\t\u2028\u2029" else "\ufffd", text)
    if width and len(text) > width:
        return text[: width - 1] + "…"
    return text


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(result: Result, *, width: int | None = CELL_WIDTH) -> str:
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    columns = list(range(len(result.variables)))
    if result.rows:
        empty = [i for i in columns if all(row[i] is None or compact(row[i]) == "" for row in result.rows)]
    else:
        empty = []
    shown = [i for i in columns if i not in empty]
    header = [result.variables[i] for i in shown]
    cells = [[_cell(compact(row[i]), width) for i in shown] for row in result.rows]
    numeric = [all(row[i] is None or (isinstance(row[i], ox.Literal) and row[i].datatype is not None
                                      and row[i].datatype.value in _NUMERIC_TYPES)
                   for row in result.rows) and bool(result.rows) for i in shown]
    widths = [max([_display_width(h)] + [_display_width(r[k]) for r in cells])
              for k, h in enumerate(header)]

    def line(values):
        parts = []
        for k, v in enumerate(values):
            pad = " " * (widths[k] - _display_width(v))
            parts.append(pad + v if numeric[k] else v + pad)
        return "  ".join(parts).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    n = len(result.rows)
    footer = f"({n} row{'s' if n != 1 else ''}"
    if empty:
        footer += "; empty columns not shown: " + ", ".join(result.variables[i] for i in empty)
    out.append(footer + ")")
    return "\n".join(out) + "\n"
