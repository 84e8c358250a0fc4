"""Saved queries and the graph view, as the page uses them.

The saved queries, their parameters and the safe binding of values are ``dealgraph.queries``'
(the same code as ``dealgraph query NAME --param k=v``); this module only adapts them to HTTP.
The graph of a result is the deal network around what the result names, drawn by
``dealgraph.viz`` (the page ``dealgraph viz`` writes).
"""
from __future__ import annotations

from dataclasses import asdict

from dealgraph.errors import QueryError

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
}


def catalog() -> list[dict]:
    """Every saved query: name, title, description, parameters and text."""
    from dealgraph.queries import saved_queries
    out = []
    for q in saved_queries():
        out.append({"name": q.name, "title": q.title or q.name, "description": q.description,
                    "params": [asdict(p) for p in q.params], "text": q.text})
    return out


def run(store, name: str, params: dict[str, str], fmt: str = "json") -> tuple[str, bytes]:
    """Run saved query ``name``; returns (format, body). Graph results are always Turtle."""
    from dealgraph.queries import load_saved, run as run_query
    from dealgraph.queries import formats

    if fmt not in ("json", "csv", "tsv"):
        raise QueryError(f"unknown format {fmt!r} for a saved query; expected json, csv or tsv")
    # Empty form fields are parameters the user did not give.
    values = {k: v for k, v in params.items() if v not in ("", None)}
    result = run_query(store, load_saved(name), values)
    if result.kind == "graph":
        return "turtle", formats.render(result).encode("utf-8")
    writer = {"json": formats.to_json, "csv": formats.to_csv, "tsv": formats.to_tsv}[fmt]
    return fmt, writer(result).encode("utf-8")


def visualize(store, req: dict) -> str:
    """The interactive graph (a self-contained HTML page) of a query's result.

    ``req`` has ``query`` (SPARQL text) or ``name`` (a saved query) with ``params``.
    """
    from dealgraph.graph.network import result_view
    from dealgraph.viz import render_html

    if req.get("name"):
        from dealgraph.queries import load_saved, run as run_query
        values = {k: v for k, v in (req.get("params") or {}).items() if v not in ("", None)}
        result = run_query(store, load_saved(req["name"]), values)
        title = req["name"]
    else:
        from dealgraph.serve.worker import default_prefixes
        try:
            result = store.backend.query(req["query"], use_default_graph_as_union=True,
                                         prefixes=default_prefixes())
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        title = "query"
    return render_html(result_view(store, result), title=f"dealgraph: {title}")
