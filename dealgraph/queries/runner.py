"""Running a query with safely bound parameters.

Parameter values become RDF terms (typed by the query's header) handed to the store as
*substitutions*: the value never becomes query text, so a company called ``"} . ?s ?p ?o #``
is only ever a string that matches no company.

Two rules of pyoxigraph's substitution shape the saved queries:

* a substituted variable must be in the SELECT clause (of the query and of every subquery that
  uses it). :func:`run` removes declared parameters from the result columns again;
* it replaces the variable inside triple patterns and expressions, but ``BOUND(?p)`` stays
  false, so the queries test "was this optional parameter given?" with
  ``COALESCE(STR(?p), "") = ""``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from dealgraph.errors import QueryError
from dealgraph.names import name_key
from dealgraph.queries.catalog import Param, Query, resolve

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: Prefixes every query may use without declaring them (the saved ones declare theirs).
PREFIXES = {
    "dg": "https://w3id.org/dealgraph/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "org": "https://w3id.org/dealgraph/id/org/",
    "deal": "https://w3id.org/dealgraph/id/deal/",
    "filing": "https://w3id.org/dealgraph/id/filing/",
    "person": "https://w3id.org/dealgraph/id/person/",
    "evidence": "https://w3id.org/dealgraph/id/evidence/",
    "technology": "https://w3id.org/dealgraph/id/technology/",
    "product": "https://w3id.org/dealgraph/id/product/",
    "target": "https://w3id.org/dealgraph/id/biologicaltarget/",
    "indication": "https://w3id.org/dealgraph/id/indication/",
}

_MARK = re.compile(r"#\s*(with|without)\s+([A-Za-z_][A-Za-z0-9_]*)\s*$")
_SYNTAX_AT = re.compile(r"error at (\d+):(\d+)\s*:?\s*(.*)", re.DOTALL)
_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}


@dataclass
class Result:
    """What a query returned.

    ``kind`` is "select" (``variables`` and ``rows``: tuples of pyoxigraph terms or None),
    "ask" (``boolean``) or "graph" (``triples``: pyoxigraph triples).
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: list[tuple] | None = None
    boolean: bool | None = None
    triples: list | None = None

    def records(self) -> list[dict]:
        """Rows as dicts of plain Python values (see :func:`to_python`)."""
        if self.kind != "select":
            raise QueryError("only SELECT results have rows")
        return [{v: to_python(t) for v, t in zip(self.variables, row)} for row in self.rows]


# -- parameters -----------------------------------------------------------------------------
def parse_params(pairs) -> dict[str, str]:
    """``["since=2004-01-01", "company=Acme"]`` (as ``--param`` takes them) as a dict."""
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"parameter {pair!r} must be written NAME=VALUE")
        params[name.strip()] = value
    return params


def bind(query: Query, values: Mapping[str, object]) -> dict[str, object]:
    """The substitutions for ``values`` (name -> str or Python value); errors name the query's
    parameters."""
    subs: dict[str, object] = {}
    for name, value in values.items():
        param = query.param(name)
        if param is None:
            raise QueryError(f"{query.name}: no parameter named {name!r}; {query.describe_params()}"
                             + ("" if query.params else
                                " (declare one with a '# param: NAME (TYPE, optional): text' "
                                "line at the top of the query)"))
        if value is None:
            continue
        subs[name] = to_term(param, value, query.name)
    for param in query.params:
        if param.name in subs:
            continue
        if param.required:
            raise QueryError(f"{query.name}: parameter {param.name!r} is required; "
                             f"{query.describe_params()}. Example: --param {param.name}=VALUE")
        if param.default is not None:
            subs[param.name] = to_term(param, param.default, query.name)
    for param in query.params:      # a name also comes as its key, to match dg:nameKey
        if param.type == "name" and param.name in subs:
            subs[f"{param.name}_key"] = ox.Literal(name_key(subs[param.name].value))
    return subs


def to_term(param: Param, value: object, query_name: str = "query"):
    """A parameter value as the RDF term its declared type calls for."""
    def bad(expected: str) -> QueryError:
        return QueryError(f"{query_name}: parameter {param.name!r} must be {expected}, "
                          f"not {value!r}")

    kind = param.type
    if kind in ("string", "name"):
        if not isinstance(value, str):
            raise bad("a string")
        if param.choices and value not in param.choices:
            raise bad("one of " + ", ".join(param.choices))
        return ox.Literal(value)
    if kind == "date":
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
        try:
            return ox.Literal(date.fromisoformat(str(value).strip()).isoformat(),
                              datatype=ox.NamedNode(XSD + "date"))
        except ValueError:
            raise bad("a date written YYYY-MM-DD") from None
    if kind == "integer":
        if isinstance(value, bool):
            raise bad("an integer")
        try:
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise bad("an integer") from None
        return ox.Literal(str(number), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "decimal":
        if isinstance(value, bool):
            raise bad("a number")
        try:
            number = Decimal(str(value).strip().replace("_", ""))
        except InvalidOperation:
            raise bad("a number") from None
        if not number.is_finite():
            raise bad("a finite number")
        text = format(number, "f")
        if "." not in text:
            text += ".0"
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "decimal"))
    if kind == "boolean":
        if isinstance(value, bool):
            return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
        word = str(value).strip().lower()
        if word in _TRUE or word in _FALSE:
            return ox.Literal("true" if word in _TRUE else "false",
                              datatype=ox.NamedNode(XSD + "boolean"))
        raise bad("true or false")
    if kind == "iri":
        return ox.NamedNode(expand_iri(str(value), param, query_name))
    raise QueryError(f"{query_name}: parameter {param.name!r} has unknown type {kind!r}")


def expand_iri(text: str, param: Param | None = None, query_name: str = "query") -> str:
    """'<https://…>', 'https://…' or a known prefixed name ('deal:…', 'org:…') as a full IRI."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    what = f"parameter {param.name!r}" if param else "IRI"
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        raise QueryError(f"{query_name}: {what} must be an absolute IRI (or deal:…, org:…), "
                         f"not {text!r}")
    try:
        ox.NamedNode(text)
    except ValueError as exc:
        raise QueryError(f"{query_name}: {what} is not a valid IRI ({exc}): {text!r}") from None
    return text


# -- running --------------------------------------------------------------------------------
#: The default prefixes as PREFIX declarations on one line, put before the query's first line
#: (so error line numbers stay right; a query may declare the same prefixes again).
_PREFIX_LINE = "".join(f"PREFIX {p}: <{iri}> " for p, iri in PREFIXES.items())


def prune(text: str, given) -> str:
    """Blank the lines marked ``# with NAME`` when NAME is not given, ``# without NAME`` when it is.

    A query must give the same rows with or without its marked lines (they are guarded by
    filters on the parameter); leaving them out only spares the store work that cannot yield
    rows, and lets it plan for the rows that can. Lines are blanked, not removed, so that
    error positions stay right.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "#" not in line:
            continue
        m = _MARK.search(line)
        if m and (m.group(2) in given) != (m.group(1) == "with"):
            lines[i] = ""
    return "\n".join(lines)


def run(store, query: Query, params: Mapping[str, object] | None = None) -> Result:
    """Run ``query`` on ``store`` (a :class:`~dealgraph.graph.store.Store`)."""
    subs = bind(query, params or {})
    prefix = _PREFIX_LINE
    text = prune(query.text, subs) if query.params else query.text
    try:
        raw = store.query(prefix + text, substitutions=subs)
    except SyntaxError as exc:
        raise syntax_error(query, str(exc), len(prefix)) from None
    except (RuntimeError, ValueError) as exc:
        text = str(exc)
        m = re.search(r"does not contains? variable \?(\w+) in its SELECT projection", text)
        if m:
            raise QueryError(f"{query.name}: parameter {m.group(1)!r} can only be bound when "
                             f"?{m.group(1)} is in the SELECT clause") from None
        raise QueryError(f"{query.name}: {text}") from None
    try:
        if isinstance(raw, ox.QueryBoolean):
            return Result("ask", boolean=bool(raw))
        if isinstance(raw, ox.QueryTriples):
            return Result("graph", triples=list(raw))
        names = [v.value for v in raw.variables]
        keep = [i for i, n in enumerate(names) if not query.is_bound_variable(n)]
        rows = [tuple(sol[i] for i in keep) for sol in raw]
    except (RuntimeError, ValueError) as exc:
        raise QueryError(f"{query.name}: {exc}") from None
    return Result("select", tuple(names[i] for i in keep), rows)


def syntax_error(query: Query, message: str, shift: int = 0) -> QueryError:
    """'deals (…/deals.rq): syntax error at line 3, column 11: expected …'."""
    m = _SYNTAX_AT.search(message)
    if not m:
        return QueryError(f"{query.name}: SPARQL syntax error: {message}")
    line, column, detail = int(m.group(1)), int(m.group(2)), m.group(3).strip()
    if line == 1:
        column = max(1, column - shift)
    where = f"{query.name} ({query.path})" if query.saved and query.path else query.name
    err = QueryError(f"{where}: SPARQL syntax error at line {line}, column {column}: {detail}")
    err.line, err.column = line, column
    return err


def query(store, spec: str, /, **params) -> list[dict] | bool:
    """Run a saved query (by name), a ``.rq`` file or SPARQL text; return plain Python values.

    ``store`` is a :class:`~dealgraph.graph.store.Store` or a target for
    :func:`~dealgraph.graph.store.open_store` ("memory", a folder, an endpoint URL).
    SELECT gives a list of dicts (ready for ``pandas.DataFrame(rows)``), ASK a bool,
    CONSTRUCT and DESCRIBE an :class:`rdflib.Graph`.

    >>> import dealgraph
    >>> dealgraph.query("memory", "deals", since="2004-01-01")
    []
    """
    from dealgraph.graph.store import open_store

    owned = isinstance(store, str) or hasattr(store, "__fspath__")
    if owned:
        store = open_store(store, read_only=str(store) not in ("memory",) and
                           not str(store).startswith(("http://", "https://")))
    try:
        result = run(store, resolve(spec), params)
    finally:
        if owned:
            store.close()
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        import rdflib

        from dealgraph.graph.terms import to_rdflib
        graph = rdflib.Graph()
        for t in result.triples:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph
    return result.records()


# -- terms as Python values -------------------------------------------------------------------
_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def to_python(term):
    """A pyoxigraph term as a plain Python value: str, int, Decimal, float, bool, date, datetime;
    IRIs as their string; unbound as None.  Values that do not parse stay strings."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if not isinstance(term, ox.Literal):
        return str(term)
    dt = term.datatype.value if term.datatype else XSD + "string"
    text = term.value
    try:
        if dt in _INTEGER_TYPES:
            return int(text)
        if dt == XSD + "decimal":
            return Decimal(text)
        if dt in (XSD + "double", XSD + "float"):
            return float(text.replace("INF", "inf"))
        if dt == XSD + "boolean":
            return text in ("true", "1")
        if dt == XSD + "date" and len(text) == 10:
            return date.fromisoformat(text)
        if dt == XSD + "dateTime":
            return datetime.fromisoformat(text)
    except ValueError:
        return text
    return text
