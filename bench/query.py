"""Query speed: every saved query (``dealgraph/queries/*.rq``) and a few representative ones, on
the default store and, in the same run, on rdflib's in-memory Dataset with rdflib's SPARQL
engine as the baseline.

    python bench/query.py --sizes 1000000 5000000 --runs 5

The graphs come from ``bench/generate.py`` (synthetic filings mapped by dealgraph's own
``facts_to_graph``).  Saved queries run through ``dealgraph.queries.run`` exactly as
``dealgraph query`` does; rdflib gets the same SPARQL text with the same parameters as
``initBindings`` and the union of the graphs as its default graph.  Each rdflib query has a
time cap and is reported as "> cap" past it; loading the graph into rdflib is timed too.
"""
from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_DATA, Cap, machine, with_cap

PREFIXES = """PREFIX dg: <https://w3id.org/dealgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# Representative questions, written the way the saved queries are (parameters as variables).
# Oxigraph's union default graph keeps one copy of a triple per graph that holds it, and an
# organization's triples are repeated in every filing that names it: lookups take the entity
# from a DISTINCT subquery and the deal's own triples from its filing's graph, so matches do
# not multiply.
REPRESENTATIVE = {
    "company (point lookup)": ("""
SELECT ?deal ?label ?date ?name WHERE {
  { SELECT DISTINCT ?org ?name WHERE { ?org rdfs:label ?name } }
  GRAPH ?g { ?deal dg:party ?org ; rdfs:label ?label . OPTIONAL { ?deal dg:announcedOn ?date } }
}""", {"name": "company_name"}),
    "company by CIK": ("""
SELECT ?deal ?label ?cik WHERE {
  { SELECT DISTINCT ?org ?cik WHERE { ?org dg:cik ?cik } }
  GRAPH ?g { ?deal dg:party ?org ; rdfs:label ?label }
}""", {"cik": "company_cik"}),
    "deal evidence (point lookup)": ("""
SELECT ?quote ?start ?end ?deal WHERE {
  GRAPH ?g { ?deal dg:evidence ?ev . ?ev dg:quote ?quote ; dg:charStart ?start ; dg:charEnd ?end }
}""", {"deal": "deal_iri"}),
    "deals per year and type": ("""
SELECT ?year ?type (COUNT(DISTINCT ?deal) AS ?deals) WHERE {
  GRAPH ?g { ?deal a dg:Deal , ?class ; dg:announcedOn ?date }
  FILTER(?class != dg:Deal && STRSTARTS(STR(?class), STR(dg:)))
  BIND(YEAR(?date) AS ?year) BIND(STRAFTER(STR(?class), "#") AS ?type)
} GROUP BY ?year ?type ORDER BY ?year ?type""", {}),
    "top 20 partners": ("""
SELECT ?org ?name ?deals WHERE {
  { SELECT ?org (COUNT(?deal) AS ?deals) WHERE { GRAPH ?g { ?deal dg:party ?org } }
    GROUP BY ?org ORDER BY DESC(?deals) ?org LIMIT 20 }
  { SELECT ?org (MIN(?n) AS ?name) WHERE { ?org rdfs:label ?n } GROUP BY ?org }
} ORDER BY DESC(?deals) ?org""", {}),
    "upfront money by licensee": ("""
SELECT ?org (SUM(?amount) AS ?upfront) (COUNT(DISTINCT ?deal) AS ?deals) WHERE {
  GRAPH ?g { ?deal dg:licensee ?org ; dg:hasPayment ?p . ?p a dg:UpfrontPayment ; dg:amount ?amount }
} GROUP BY ?org ORDER BY DESC(?upfront) ?org LIMIT 50""", {}),
}


def samples(store) -> dict:
    """Parameter values that exist in the generated graph: its busiest company, one deal."""
    # (an organization's triples are repeated in every filing graph that names it: rank the
    # organizations by deals first, then read one name and CIK of each one picked)
    ranked = [r["org"] for r in store.query(PREFIXES + """
        SELECT ?org (COUNT(?deal) AS ?n) WHERE { GRAPH ?g { ?deal dg:party ?org } }
        GROUP BY ?org ORDER BY DESC(?n) ?org""")]

    def name_and_cik(org):
        return next(iter(store.query(PREFIXES + f"""
            SELECT ?name ?cik WHERE {{ <{org.value}> rdfs:label ?name ; dg:cik ?cik }} ORDER BY ?name LIMIT 1""")))
    row, typical = name_and_cik(ranked[0]), name_and_cik(ranked[len(ranked) // 2])
    deal = next(iter(store.query(PREFIXES + "SELECT ?d WHERE { ?d a dg:Deal } ORDER BY ?d LIMIT 1 OFFSET 500")))
    return {"company_name": row["name"], "company_cik": row["cik"], "deal_iri": deal["d"],
            "typical_company_name": typical["name"]}


def saved_params(query_name: str, values: dict) -> dict:
    """A value for each parameter a saved query may take, from the generated graph."""
    company = values["company_name"].value
    return {"company": company, "name": company if query_name == "company" else "PD-1",
            "deal": values["deal_iri"].value, "kind": "BiologicalTarget", "since": "2020-01-01",
            "until": "2005-12-31", "type": "license"}


def cases(store) -> list[tuple[str, str, dict, dict]]:
    """(label, SPARQL text, how dealgraph runs it, rdflib initBindings): each saved query with
    its required parameters, then with each optional one in turn; then the representative ones."""
    import rdflib

    from dealgraph.graph.terms import to_rdflib
    from dealgraph.queries import resolve, saved_names
    from dealgraph.queries.runner import _PREFIX_LINE, bind, prune
    values = samples(store)
    out = []
    for name in saved_names():
        query = resolve(name)
        sample = saved_params(name, values)
        base = {p.name: sample[p.name] for p in query.params if p.required}
        variants = [base] + [{**base, p.name: sample[p.name]} for p in query.params
                             if not p.required and p.default is None and p.name in sample]
        if name == "company":   # the busiest organization, then one of median popularity
            variants.append({"name": values["typical_company_name"].value})
        for params in variants:
            label = f"{name}" + "".join(f" {k}={v if len(str(v)) < 30 else '…' + str(v)[-12:]}"
                                        for k, v in params.items())
            subs = bind(query, params)
            text = _PREFIX_LINE + (prune(query.text, subs) if query.params else query.text)
            out.append((label, text, {"saved": query, "params": params},
                        {rdflib.Variable(k): to_rdflib(v) for k, v in subs.items()}))
    for label, (text, params) in REPRESENTATIVE.items():
        subs = {var: values[key] for var, key in params.items()}
        out.append((f"(ad hoc) {label}", PREFIXES + text, {"subs": subs},
                    {rdflib.Variable(k): to_rdflib(v) for k, v in subs.items()}))
    return out


def run_ours(store, spec: dict, text: str) -> int:
    if "saved" in spec:
        from dealgraph.queries import run
        result = run(store, spec["saved"], spec["params"])
        return len(result.rows) if result.rows is not None else int(bool(result.boolean))
    return sum(1 for _ in store.query(text, substitutions=spec["subs"]))


def fmt_ms(values: list[float]) -> str:
    med = statistics.median(values) * 1000
    if len(values) == 1:
        return f"{med:,.1f}"
    return f"{med:,.1f} ({min(values) * 1000:,.1f}–{max(values) * 1000:,.1f})"


def bench_size(triples: int, args) -> None:
    from generate import build

    from dealgraph.graph.store import open_store
    info = build(triples, Path(args.data) / f"{triples}")
    store = open_store(info["store"], read_only=True)
    todo = cases(store)
    print(f"## {info['quads']:,} quads, {info['filings']:,} filings")
    ours: dict[str, tuple[list[float], list[float], int]] = {}
    for label, text, spec, _ in todo:
        run_ours(store, spec, text)                       # warm-up (caches, as a user's 2nd query)
        wall, cpu, rows = [], [], 0
        for _ in range(args.runs):
            w, c = time.perf_counter(), time.process_time()
            rows = run_ours(store, spec, text)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        ours[label] = (wall, cpu, rows)
    store.close()

    base: dict[str, tuple[float | None, int | None]] = {}
    load_note = "baseline not run"
    if triples in args.baseline_sizes:
        import rdflib
        ds = rdflib.Dataset(default_union=True)
        w = time.perf_counter()
        try:
            with_cap(args.load_cap, lambda: ds.parse(info["nquads"], format="nquads"))
            load_note = f"rdflib parsed the N-Quads in {time.perf_counter() - w:,.0f} s (not counted below)"
            loaded = True
        except Cap:
            load_note = f"rdflib could not even parse the N-Quads within {args.load_cap:.0f} s"
            loaded = False
        for label, text, _spec, bindings in todo:
            if not loaded:
                base[label] = (None, None)
                continue
            w = time.perf_counter()
            try:
                rows = with_cap(args.cap, lambda t=text, b=bindings: sum(1 for _ in ds.query(t, initBindings=b)))
                base[label] = (time.perf_counter() - w, rows)
            except Cap:
                base[label] = (None, None)
            except Exception as exc:   # e.g. a regular expression rdflib's engine cannot compile
                base[label] = ("error", f"{type(exc).__name__}: {str(exc)[:40]}")
        del ds
        gc.collect()
    print(f"# dealgraph: median (min–max) of {args.runs} runs after one warm-up; rdflib: one run, cap "
          f"{args.cap:.0f} s; {load_note}")
    print()
    print("| query | rows | dealgraph ms | CPU ms | rdflib ms | speed-up |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, _text, _spec, _ in todo:
        wall, cpu, rows = ours[label]
        b, brows = base.get(label, (None, None))
        med = statistics.median(wall)
        if label not in base:
            bcell, ratio = "not run", ""
        elif b == "error":
            bcell, ratio = f"fails ({brows})", ""
        elif b is None:
            bcell, ratio = f"> {args.cap * 1000:,.0f}", f"> {args.cap / med:,.0f}×"
        else:
            bcell, ratio = f"{b * 1000:,.1f}", f"{b / med:,.0f}×"
            if brows != rows:
                ratio += f" (rdflib: {brows} rows)"
        print(f"| {label} | {rows:,} | {fmt_ms(wall)} | {statistics.median(cpu) * 1000:,.1f} | {bcell} | {ratio} |")
    print(f"\npeak RSS so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cap", type=float, default=60.0, help="time cap of one rdflib query, seconds")
    ap.add_argument("--load-cap", type=float, default=900.0, help="time cap of rdflib's parse, seconds")
    ap.add_argument("--baseline-sizes", type=int, nargs="*", default=None,
                    help="sizes that also get the rdflib baseline (default: all)")
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="where generated stores are cached")
    args = ap.parse_args(argv)
    if args.baseline_sizes is None:
        args.baseline_sizes = args.sizes
    print(f"# query: saved and representative queries; machine: {machine()}")
    for size in args.sizes:
        bench_size(size, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
