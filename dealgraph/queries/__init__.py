"""Saved SPARQL queries, safe parameters and result formats.

    from dealgraph.queries import query
    rows = query(store, "deals", since="2004-01-01")      # list of dicts of Python values

``catalog`` finds and documents queries (the ``*.rq`` files here and the user's own), ``runner``
binds parameters as RDF terms and runs them, ``formats`` writes table / CSV / TSV / JSON / Turtle.
"""
from __future__ import annotations

from dealgraph.queries.catalog import Param, Query, load_saved, resolve, saved_names, saved_queries
from dealgraph.queries.runner import Result, parse_params, query, run

__all__ = ["Param", "Query", "Result", "load_saved", "parse_params", "query", "resolve", "run", "saved_names",
           "saved_queries"]
