"""Export speed: triples per second of dealgraph's Turtle and N-Quads export against rdflib's
serializers on the same graph, measured in the same run.

    python bench/export.py --triples 1000000 --runs 3

Each measurement runs in a fresh process (so peak memory is its own).  dealgraph exports from
the default on-disk store (``dealgraph export`` does exactly this); rdflib serializes a
``Dataset`` already parsed into memory (parse time reported, not counted); the floor is
pyoxigraph's own unsorted ``Store.dump`` of the same store, which is what reading the data
costs at least.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_DATA, machine, mib

CHILD = r"""
import json, resource, sys, time
what, fmt, store_path, nq, cap = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
out = {}
if what == "dealgraph":
    from dealgraph.graph.export import export
    from dealgraph.graph.store import open_store
    store = open_store(store_path, read_only=True)
    w, c = time.perf_counter(), time.process_time()
    with open("/dev/null", "wb") as fh:
        export(store, fmt, fh)
    out["wall"], out["cpu"] = time.perf_counter() - w, time.process_time() - c
elif what == "floor":
    import pyoxigraph as ox
    store = ox.Store.read_only(store_path + "/oxigraph")
    w, c = time.perf_counter(), time.process_time()
    with open("/dev/null", "wb") as fh:
        store.dump(fh, ox.RdfFormat.N_QUADS)
    out["wall"], out["cpu"] = time.perf_counter() - w, time.process_time() - c
else:
    import signal
    import rdflib
    w = time.perf_counter()
    ds = rdflib.Dataset()
    ds.parse(nq, format="nquads")
    out["parse"] = time.perf_counter() - w
    def alarm(*a): raise TimeoutError()
    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    w, c = time.perf_counter(), time.process_time()
    try:
        if fmt == "turtle":   # the union, as dealgraph's Turtle export
            union = rdflib.Graph()
            for s, p, o, g in ds.quads((None, None, None, None)):
                union.add((s, p, o))
            union.serialize(destination="/dev/null", format="turtle")
        else:
            ds.serialize(destination="/dev/null", format="nquads")
        out["wall"], out["cpu"] = time.perf_counter() - w, time.process_time() - c
    except TimeoutError:
        out["capped"] = True
    signal.setitimer(signal.ITIMER_REAL, 0)
out["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps(out))
"""


def measure(what: str, fmt: str, store: str, nq: str, cap: float) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, what, fmt, store, nq, str(cap)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{what} {fmt} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def med(values: list[float]) -> float:
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def summary(values: list[float]) -> str:
    return f"{med(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})" if len(values) > 1 else f"{values[0]:,.0f}"


def row(fmt: str, name: str, results: list[dict], quads: int, cap: float, note: str = "") -> tuple[float, float]:
    if any(r.get("capped") for r in results):
        print(f"{fmt:7} {name:24} {'> cap (' + str(int(cap)) + ' s)':>30} {'':>8} {'':>12} "
              f"{mib(max(r['rss'] for r in results)):>10}  {note}")
        return 0.0, 0.0
    wall = [quads / r["wall"] for r in results]
    cpu = [quads / r["cpu"] for r in results]
    print(f"{fmt:7} {name:24} {summary(wall):>30} {med([r['cpu'] for r in results]):8.2f} {med(cpu):>12,.0f} "
          f"{mib(max(r['rss'] for r in results)):>10}  {note}")
    return med(wall), med(cpu)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="where generated stores are cached")
    ap.add_argument("--cap", type=float, default=300.0, help="time cap of one rdflib run, seconds")
    ap.add_argument("--formats", nargs="+", default=["turtle", "nquads"])
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args(argv)

    from generate import build
    info = build(args.triples, Path(args.data) / f"{args.triples}")
    quads = info["quads"]
    print(f"# export: {quads:,} quads in {info['filings']:,} filing graphs")
    print(f"# machine: {machine()}")
    print(f"# {args.runs} runs each (rdflib: up to 2); triples/s of wall time as median (min–max), CPU seconds")
    print("# (median), triples per CPU-second, peak RSS of the measuring process")
    print()
    print(f"{'format':7} {'implementation':24} {'triples/s (wall)':>30} {'CPU s':>8} {'per CPU-s':>12} "
          f"{'peak RSS':>10}")
    floor = [measure("floor", "nquads", info["store"], info["nquads"], args.cap) for _ in range(args.runs)]
    row("nquads", "pyoxigraph dump (floor)", floor, quads, args.cap, "unsorted, no dedup: the cost of reading")
    for fmt in args.formats:
        ours = [measure("dealgraph", fmt, info["store"], info["nquads"], args.cap) for _ in range(args.runs)]
        ours_wall, ours_cpu = row(fmt, "dealgraph export", ours, quads, args.cap, "sorted, deterministic")
        if args.no_baseline:
            continue
        base = [measure("rdflib", fmt, info["store"], info["nquads"], args.cap) for _ in range(min(args.runs, 2))]
        parse = min(b["parse"] for b in base)
        base_wall, base_cpu = row(fmt, "rdflib serialize", base, quads, args.cap,
                                  f"graph already in memory (its parse: {parse:.0f} s, not counted)")
        if base_wall:
            print(f"{'':7} {'':24} dealgraph / rdflib: {ours_wall / base_wall:.1f}× (wall), "
                  f"{ours_cpu / base_cpu:.1f}× (CPU)")
        else:
            print(f"{'':7} {'':24} dealgraph / rdflib: > {ours_wall * args.cap / quads:.0f}× (rdflib capped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
