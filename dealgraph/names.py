"""Organization names compared the way people write them.

"Biogen Idec, Inc.", "BIOGEN IDEC INC" and "biogen idec" are one company: a name's *key* is its
lower-case words, punctuation dropped and trailing legal suffixes (Inc., Corp., Ltd., AG …)
removed.  Each organization carries the keys of its names as ``dg:nameKey`` (written at ingest
by :func:`name_keys`), and the saved queries look a typed name up by its key, an index lookup
rather than a scan of every name in the store.  :func:`name_key_sparql` is the same key as a
SPARQL expression, for stores written before name keys existed (see
``dealgraph.graph.store``) and for hand-written queries.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

#: Legal-form words removed from the end of a name (any number of them: "Co., Ltd.").
LEGAL_SUFFIXES = ("inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
                  "llc", "plc", "lp", "llp", "ag", "sa", "nv", "bv", "gmbh", "se", "spa", "kk", "ab")

_SUFFIX_RE = "( (" + "|".join(LEGAL_SUFFIXES) + "))+ $"


def name_key_sparql(expr: str) -> str:
    """The SPARQL expression for the key of ``expr`` (a variable or any string expression)."""
    return ('REPLACE(REPLACE(REPLACE(CONCAT(" ", LCASE(STR(' + expr + ')), " "), '
            '"[^\\\\p{L}\\\\p{N}]+", " "), "' + _SUFFIX_RE + '", " "), "^ +| +$", "")')


_NON_WORD = re.compile(r"[\W_]+")
_SUFFIX = re.compile(_SUFFIX_RE)
_EDGES = re.compile(r"^ +| +$")


def name_key(name: str) -> str:
    """'Biogen Idec, Inc.' -> 'biogen idec' (what :func:`name_key_sparql` computes)."""
    s = _NON_WORD.sub(" ", " " + name.lower() + " ")
    return _EDGES.sub("", _SUFFIX.sub(" ", s))


def name_keys(names, tickers=()) -> list[str]:
    """The distinct non-empty keys of an organization's names and tickers, in order; a ticker
    written with its exchange ("NASDAQ:IMGN") also gives the key of the bare symbol."""
    keys = [name_key(n) for n in names]
    for ticker in tickers:
        keys.append(name_key(ticker))
        if ":" in ticker:
            keys.append(name_key(ticker.rsplit(":", 1)[1]))
    return [k for k in dict.fromkeys(keys) if k]


UPDATE_GRAPHS = 500  # graphs per update: no request to a SPARQL server grows with the store


def name_keys_updates(graphs: list[str]) -> Iterator[str]:
    """:func:`name_keys_update` for ``graphs``, ``UPDATE_GRAPHS`` at a time."""
    for start in range(0, len(graphs), UPDATE_GRAPHS):
        yield name_keys_update(graphs[start:start + UPDATE_GRAPHS])


def name_keys_update(graphs=None) -> str:
    """A SPARQL update that gives every organization (in ``graphs``, IRIs, or in every graph)
    the ``dg:nameKey`` values :func:`name_keys` would: for stores and N-Quads files written
    before name keys existed.  Adding keys that are already there changes nothing."""
    values = ""
    if graphs is not None:
        values = "VALUES ?g { " + " ".join(f"<{g}>" for g in sorted(graphs)) + " }\n  "
    return f"""PREFIX dg: <https://w3id.org/dealgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT {{ GRAPH ?g {{ ?org dg:nameKey ?key }} }}
WHERE {{
  {values}GRAPH ?g {{
    ?org a dg:Organization .
    {{ ?org rdfs:label|dg:alias|dg:ticker ?spelling }}
    UNION
    {{ ?org dg:ticker ?ticker FILTER(CONTAINS(STR(?ticker), ":")) BIND(REPLACE(STR(?ticker), "^.*:", "") AS ?spelling) }}
  }}
  BIND({name_key_sparql("?spelling")} AS ?key)
  FILTER(?key != "")
}}"""
