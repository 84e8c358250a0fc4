"""The graph of a query's result, as a self-contained pyvis page (the page's "Show graph").

Used until ``dealgraph.viz`` provides the same (then ``saved.visualize`` hands over to it).

* CONSTRUCT / DESCRIBE: the triples between resources are the edges.
* SELECT: the resources in the result, plus the links among them and to their direct
  neighbours (a deal's parties, payments, assets, filing), so a table of deals becomes the
  network of those deals.

Nodes are labelled with ``rdfs:label`` (or the short IRI) and coloured by dealgraph class.
vis-network is inlined (``cdn_resources="in_line"``) and the template's remote style sheet and
script (bootstrap) are removed: the page loads nothing. Labels reach the page as JSON inside
a script (jinja's ``tojson`` escapes ``<``, ``>`` and ``&``), and vis-network shows titles as
text.
"""
from __future__ import annotations

import math
import re

import pyoxigraph as ox

from dealgraph.errors import QueryError

DG = "https://w3id.org/dealgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
MAX_SEEDS = 300          # resources taken from a result
MAX_NODES = 600
MAX_EDGES = 3000
PHYSICS_UP_TO = 200      # past this many nodes, positions are computed here and physics is off
#: links that would bury the picture (every deal has a dozen evidence quotes)
SKIPPED = {RDF_TYPE, DG + "evidence", DG + "inDocument", DG + "hasDocument", DG + "partOf"}
COLOURS = {"Deal": "#e8590c", "Organization": "#1c7ed6", "Person": "#2f9e44", "Filing": "#868e96",
           "Payment": "#f59f00", "Technology": "#ae3ec9", "Product": "#ae3ec9",
           "BiologicalTarget": "#d6336c", "Indication": "#d6336c", "Document": "#adb5bd",
           "Evidence": "#adb5bd"}
_REMOTE = re.compile(r"<link[^>]*href=\"https?://[^>]*>|<script[^>]*src=\"https?://[^>]*>\s*</script>",
                     re.DOTALL)


def _iri(term) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def from_result(store, result) -> tuple[dict, list]:
    """(nodes by IRI, edges as (from, predicate, to)) for a pyoxigraph result or a runner
    ``Result``."""
    triples = getattr(result, "triples", None)
    rows = getattr(result, "rows", None)
    if isinstance(result, ox.QueryTriples):
        triples = list(result)
    elif isinstance(result, ox.QuerySolutions):
        rows = [tuple(solution) for solution in result]
    elif isinstance(result, ox.QueryBoolean) or getattr(result, "kind", None) == "ask":
        raise QueryError("an ASK query answers true or false: it has no graph to show")
    edges: list[tuple[str, str, str]] = []
    if triples is not None:
        for t in triples:
            s, o = _iri(t.subject), _iri(t.object)
            if s and o and t.predicate.value not in SKIPPED:
                edges.append((s, t.predicate.value, o))
        seeds = {x for e in edges for x in (e[0], e[2])}
        seeds |= {_iri(t.subject) for t in triples if _iri(t.subject)}
    else:
        seeds = []
        for row in rows or ():
            for term in row:
                iri = _iri(term)
                if iri and iri not in seeds:
                    seeds.append(iri)
        seeds = seeds[:MAX_SEEDS]
        edges = _neighbourhood(store, seeds)
    nodes = dict.fromkeys(list(seeds) + [x for e in edges for x in (e[0], e[2])])
    keep = list(nodes)[:MAX_NODES]
    kept = set(keep)
    edges = [e for e in dict.fromkeys(edges) if e[0] in kept and e[2] in kept][:MAX_EDGES]
    return _describe(store, keep), edges


def _values(iris) -> str:
    return " ".join(str(ox.NamedNode(i)) for i in iris)


def _neighbourhood(store, seeds: list[str]) -> list[tuple[str, str, str]]:
    if not seeds:
        return []
    skipped = ", ".join(f"<{p}>" for p in sorted(SKIPPED))
    query = f"""SELECT DISTINCT ?a ?p ?b WHERE {{
      VALUES ?x {{ {_values(seeds)} }}
      {{ ?x ?p ?b . BIND(?x AS ?a) }} UNION {{ ?a ?p ?x . BIND(?x AS ?b) }}
      FILTER(isIRI(?a) && isIRI(?b) && ?p NOT IN ({skipped}))
    }} LIMIT {MAX_EDGES}"""
    return [(r["a"].value, r["p"].value, r["b"].value) for r in store.query(query)]


def _describe(store, iris: list[str]) -> dict[str, dict]:
    info = {i: {"label": None, "types": set()} for i in iris}
    if not iris:
        return info
    # two plain joins: one query with two OPTIONALs took seconds on 100k triples
    values = _values(iris)
    for r in store.query(f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} ?x <{RDFS_LABEL}> ?label }}"):
        entry = info[r["x"].value]
        if entry["label"] is None:
            entry["label"] = r["label"].value
    for r in store.query(f"SELECT ?x ?type WHERE {{ VALUES ?x {{ {values} }} ?x a ?type }}"):
        if r["type"].value.startswith(DG):
            info[r["x"].value]["types"].add(r["type"].value[len(DG):])
    return info


def short(iri: str) -> str:
    for prefix, base in (("dg:", DG), ("", "https://w3id.org/dealgraph/id/")):
        if iri.startswith(base):
            return prefix + iri[len(base):]
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def rings(ids: list[str], edges) -> list[tuple[float, float]]:
    """Positions on concentric rings, the most connected nodes in the middle: instant, and
    stable once drawn (physics is off for graphs this large)."""
    degree = dict.fromkeys(ids, 0)
    for a, _, b in edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    order = sorted(range(len(ids)), key=lambda i: -degree[ids[i]])
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(ids)
    ring, placed, spacing = 0, 0, 70.0
    while placed < len(order):
        radius = spacing * (ring + 1) * 2
        capacity = max(1, int(2 * math.pi * radius / spacing))
        batch = order[placed:placed + capacity]
        for k, i in enumerate(batch):
            angle = 2 * math.pi * k / len(batch) + ring * 0.4
            positions[i] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
        placed += len(batch)
        ring += 1
    return positions


def render(nodes: dict[str, dict], edges: list[tuple[str, str, str]], *, title: str = "") -> str:
    """The self-contained HTML of the network."""
    from pyvis.network import Network

    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    vis_nodes = []
    for iri, entry in nodes.items():
        types = sorted(entry["types"])
        kind = next((t for t in types if t in COLOURS), types[0] if types else "")
        label = entry["label"] or short(iri)
        vis_nodes.append({"id": iri, "label": label if len(label) <= 40 else label[:39] + "…",
                          "title": "\n".join([label, iri, ", ".join(types)]).strip(),
                          "color": COLOURS.get(kind, "#74c0fc"), "shape": "dot",
                          "size": 16 if kind == "Deal" else 11})
    vis_edges = [{"from": a, "to": b, "label": short(p), "title": p, "arrows": "to"} for a, p, b in edges]
    physics = len(vis_nodes) <= PHYSICS_UP_TO
    if not physics:
        for n, (x, y) in zip(vis_nodes, rings([v["id"] for v in vis_nodes], edges)):
            n["x"], n["y"] = x, y
    net.nodes, net.edges = vis_nodes, vis_edges
    net.toggle_physics(physics)
    net.set_edge_smooth("dynamic" if physics else "continuous")
    html = net.generate_html()
    html = _REMOTE.sub("", html)
    if title:
        from html import escape
        html = html.replace("<head>", f"<head>\n<title>{escape(title)}</title>", 1)
    return html
