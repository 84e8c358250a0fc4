"""A networkx view of the graph: the picture is about deals, not triples.

Nodes are organizations, deals and what the deals concern (technologies, products, targets,
indications); a deal's money terms, filing and evidence quote are folded into its attributes.
``to_networkx`` builds the default view, one company's neighbourhood, one deal's, or the
resources a query returns.

Node attributes: ``kind`` (Organization, Deal, Technology …), ``label``, ``facts`` (a list of
(name, value) pairs of plain text for tooltips and the side panel), ``quote`` (a deal's
evidence sentence), ``value`` (a deal's largest stated amount, for sizing).  Edges carry
``predicate`` (the property IRI) and ``label`` (its rdfs:label in the ontology).
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

import networkx as nx
import pyoxigraph as ox

from dealgraph.errors import QueryError

DG = "https://w3id.org/dealgraph/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ROLES = ("licensor", "licensee", "collaborator", "acquirer", "acquiree", "investor", "investee", "party")
ASSET_KINDS = ("Technology", "Product", "BiologicalTarget", "Indication")
#: the giving side first: "ImmunoGen – Biogen Idec" for a licence ImmunoGen grants
_ROLE_ORDER = ("licensor", "acquirer", "investor", "collaborator", "licensee", "acquiree", "investee", "party")

_DEALS = """
PREFIX dg: <https://w3id.org/dealgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?deal ?label ?date ?filing ?source ?recalled ?exclusive ?territory WHERE {
  ?deal a dg:Deal .
  OPTIONAL { ?deal rdfs:label ?label }
  OPTIONAL { ?deal dg:announcedOn ?date }
  OPTIONAL { ?deal dg:disclosedIn ?filing }
  OPTIONAL { ?deal dg:mentionedIn ?mfiling }
  OPTIONAL { ?deal dg:exclusive ?exclusive }
  OPTIONAL { ?deal dg:territory ?territory }
  BIND(COALESCE(?filing, ?mfiling) AS ?f)
  OPTIONAL { ?f dg:sourceFile ?source }
  BIND(!BOUND(?filing) AS ?recalled)
}"""
_TYPES = "PREFIX dg: <https://w3id.org/dealgraph/ontology#> SELECT ?deal ?type WHERE { ?deal a dg:Deal ; a ?type }"
_ROLES = """
PREFIX dg: <https://w3id.org/dealgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?deal ?role ?org WHERE {
  VALUES ?role { dg:licensor dg:licensee dg:collaborator dg:acquirer dg:acquiree dg:investor dg:investee dg:party }
  ?deal a dg:Deal ; ?role ?org .
}"""
_LABELS = """
PREFIX dg: <https://w3id.org/dealgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x ?label ?kind WHERE {
  VALUES ?kind { dg:Organization dg:Technology dg:Product dg:BiologicalTarget dg:Indication }
  ?x a ?kind . OPTIONAL { ?x rdfs:label ?label }
}"""
_PAYMENTS = """
PREFIX dg: <https://w3id.org/dealgraph/ontology#>
SELECT ?deal ?type ?amount ?currency ?upTo WHERE {
  ?deal dg:hasPayment ?p . ?p a ?type .
  FILTER(?type != dg:Payment)
  OPTIONAL { ?p dg:amount ?amount } OPTIONAL { ?p dg:currency ?currency } OPTIONAL { ?p dg:upTo ?upTo }
}"""
_CONCERNS = "PREFIX dg: <https://w3id.org/dealgraph/ontology#> SELECT ?deal ?asset WHERE { ?deal dg:concerns ?asset }"
_QUOTES = """
PREFIX dg: <https://w3id.org/dealgraph/ontology#>
SELECT ?deal ?quote ?start WHERE { ?deal a dg:Deal ; dg:evidence ?e . ?e dg:quote ?quote ; dg:charStart ?start }"""
_PROPERTY_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?label WHERE { ?p rdfs:label ?label FILTER(STRSTARTS(STR(?p), "https://w3id.org/dealgraph/ontology#")) }"""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _amount(text: str) -> str:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return f"{value:,.0f}" if value == value.to_integral() else f"{value:,}"


def _pretty(kind: str) -> str:
    return "".join(" " + c.lower() if c.isupper() and i else c for i, c in enumerate(kind)).strip()


def full_graph(store) -> nx.MultiDiGraph:
    """Every deal of the store with its parties and what it concerns (the default view)."""
    g = nx.MultiDiGraph()
    labels = {r["p"].value: r["label"].value for r in store.query(_PROPERTY_LABELS)}
    for r in store.query(_LABELS):
        iri = r["x"].value
        if iri not in g:
            g.add_node(iri, kind=_local(r["kind"].value),
                       label=r["label"].value if r["label"] else _local(iri), facts=[], value=0)
    types: dict[str, list[str]] = defaultdict(list)
    for r in store.query(_TYPES):
        t = r["type"].value
        if t.startswith(DG) and t != DG + "Deal":
            types[r["deal"].value].append(_local(t))
    payments: dict[str, list[tuple]] = defaultdict(list)
    for r in store.query(_PAYMENTS):
        if r["type"].value.startswith(DG):
            payments[r["deal"].value].append((
                _local(r["type"].value), r["amount"].value if r["amount"] else None,
                r["currency"].value if r["currency"] else None, bool(r["upTo"] and r["upTo"].value == "true")))
    quotes: dict[str, tuple[int, str]] = {}
    for r in store.query(_QUOTES):
        start = int(r["start"].value)
        if r["deal"].value not in quotes or start < quotes[r["deal"].value][0]:
            quotes[r["deal"].value] = (start, r["quote"].value)
    for r in store.query(_DEALS):
        deal = r["deal"].value
        kinds = sorted(types.get(deal, [])) or ["Deal"]
        facts = [("type", ", ".join(_pretty(k) for k in kinds))]
        if r["date"]:
            facts.append(("date", r["date"].value))
        facts.append(("status", "recalled (mentioned only)" if r["recalled"].value == "true" else "disclosed"))
        if r["exclusive"]:
            facts.append(("exclusive", "yes" if r["exclusive"].value == "true" else "no"))
        if r["territory"]:
            facts.append(("territory", r["territory"].value))
        value = 0
        for kind, amount, currency, up_to in sorted(payments.get(deal, []), key=lambda p: p[0]):
            text = "mentioned" if amount is None else \
                f"{'up to ' if up_to else ''}{_amount(amount)} {currency or ''}".strip()
            facts.append((_pretty(kind), text))
            if amount is not None:
                try:
                    value = max(value, float(amount))
                except ValueError:
                    pass
        if r["source"]:
            facts.append(("source", r["source"].value))
        g.add_node(deal, kind="Deal", label=r["label"].value if r["label"] else _local(deal), facts=facts,
                   quote=quotes.get(deal, (0, ""))[1], value=value, types=kinds)
    seen_party: set[tuple[str, str]] = set()
    role_rows = sorted(((r["deal"].value, _local(r["role"].value), r["org"].value)
                        for r in store.query(_ROLES)), key=lambda t: (t[1] == "party", t))
    for deal, role, org in role_rows:
        if deal not in g or org not in g or (deal, org) in seen_party:
            continue                     # dg:party repeats the specific roles: one edge each
        seen_party.add((deal, org))
        g.add_edge(org, deal, key=role, predicate=DG + role, label=labels.get(DG + role, role))
    for r in store.query(_CONCERNS):
        deal, asset = r["deal"].value, r["asset"].value
        if deal in g and asset in g:
            g.add_edge(deal, asset, key="concerns", predicate=DG + "concerns",
                       label=labels.get(DG + "concerns", "concerns"))
    for node, data in g.nodes(data=True):
        if data["kind"] == "Deal":       # drawn as its parties; the full label stays in the panel
            ranked = sorted(g.in_edges(node, keys=True), key=lambda e: _ROLE_ORDER.index(e[2]))
            parties = [g.nodes[org]["label"] for org, _, _ in ranked]
            if parties:
                data["facts"].insert(0, ("deal", data["label"]))
                data["label"] = " \u2013 ".join(dict.fromkeys(parties))
            continue
        if data["kind"] != "Deal":
            deals = g.out_degree(node) if data["kind"] == "Organization" else g.in_degree(node)
            data["facts"] = [("type", _pretty(data["kind"])), ("deals", str(deals))]
    g.remove_nodes_from([n for n, d in g.degree() if d == 0 and g.nodes[n]["kind"] != "Deal"])
    return g


def to_networkx(store, *, company: str | None = None, deal: str | None = None, depth: int = 2,
                query: str | None = None, params: dict | None = None) -> nx.MultiDiGraph:
    """The deal network of ``store``; narrowed to one company's or one deal's neighbourhood
    (``depth`` hops, an organization–deal link being one hop), or to the resources a query
    (saved name, .rq file or SPARQL text) returns and their neighbours."""
    g = full_graph(store)
    seeds: set[str] = set()
    if company:
        from dealgraph.names import name_key
        key = name_key(company)
        aliases = _aliases(store)
        seeds |= {n for n, d in g.nodes(data=True) if d["kind"] == "Organization"
                  and (name_key(d["label"]) == key or key in aliases.get(n, set()))}
        if not seeds:
            raise QueryError(f"no organization named {company!r} in the store")
    if deal:
        if deal not in g:
            raise QueryError(f"no deal {deal!r} in the store")
        seeds.add(deal)
    if query:
        from dealgraph.queries import resolve, run
        found = resources_of(run(store, resolve(query), params or {})) & set(g)
        if not found:
            raise QueryError("the query returned no organization, deal or asset to draw")
        seeds |= found
        depth = min(depth, 1) if not (company or deal) else depth
    return _around(g, seeds, depth) if seeds else g


def result_view(store, result, *, depth: int = 1) -> nx.MultiDiGraph:
    """The deal network around the resources a query result names (a runner ``Result`` or a
    pyoxigraph result)."""
    g = full_graph(store)
    found = resources_of(result) & set(g)
    if not found:
        raise QueryError("the query returned no organization, deal or asset to draw")
    return _around(g, found, depth)


def resources_of(result) -> set[str]:
    """The IRIs a query result holds: every term of a SELECT's rows, subjects and objects of
    a graph result."""
    if isinstance(result, ox.QueryBoolean) or getattr(result, "kind", None) == "ask":
        raise QueryError("an ASK query answers true or false: it has no graph to show")
    if isinstance(result, ox.QueryTriples) or getattr(result, "kind", None) == "graph":
        triples = result if isinstance(result, ox.QueryTriples) else result.triples or []
        terms = [x for t in triples for x in (t.subject, t.object)]
    else:
        rows = result if isinstance(result, ox.QuerySolutions) else result.rows or []
        terms = [t for row in rows for t in row]
    return {t.value for t in terms if isinstance(t, ox.NamedNode)}


def _around(g: nx.MultiDiGraph, seeds: set[str], depth: int) -> nx.MultiDiGraph:
    keep, frontier = set(seeds), set(seeds)
    undirected = g.to_undirected(as_view=True)
    for _ in range(max(depth, 0)):
        frontier = {m for n in frontier for m in undirected.neighbors(n)} - keep
        keep |= frontier
    return g.subgraph(keep).copy()


def _aliases(store) -> dict[str, set[str]]:
    from dealgraph.names import name_key
    found: dict[str, set[str]] = defaultdict(set)
    for r in store.query("PREFIX dg: <https://w3id.org/dealgraph/ontology#> "
                         "SELECT ?o ?a WHERE { ?o a dg:Organization . { ?o dg:alias ?a } UNION { ?o dg:ticker ?a } }"):
        found[r["o"].value].add(name_key(r["a"].value))
    return found
