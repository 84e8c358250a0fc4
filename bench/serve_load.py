"""Load test of ``dealgraph serve``: a few thousand queries from several client threads.

Starts ``dealgraph serve`` on a free loopback port over a synthetic store (``bench/generate.py``,
the same mapping as ``ingest``) or ``--store``, sends a bounded number of queries (stopping
early at ``--max-seconds``), and prints throughput and p50/p99 latency per kind of query. As a
baseline in the same run, the same SPARQL mix goes to Oxigraph's own server
(``oxigraph serve-read-only``) on the same store when that binary is installed.

    python bench/serve_load.py                    # 100k triples, 3,000 queries, 8 threads, ~1 min
    python bench/serve_load.py --triples 1000000 --queries 5000 --threads 16
    python bench/serve_load.py --kinds lookup,ask --threads 1 --no-saved   # per-request overhead

Only loopback traffic: the servers listen on 127.0.0.1 and stop when the run ends.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"
DG = "https://w3id.org/dealgraph/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


# -- the query mix ------------------------------------------------------------------------------
def sparql_mix(orgs: list[str]) -> list[tuple[str, callable]]:
    """(kind, make) pairs: ``make(rng)`` returns a request path and the Accept header."""
    def q(text: str, accept: str = "application/sparql-results+json") -> tuple[str, str]:
        return "/query?" + urllib.parse.urlencode({"query": text}), accept

    def lookup(rng):
        return q(f"SELECT ?p ?o WHERE {{ <{rng.choice(orgs)}> ?p ?o }}")

    def deals_of(rng):
        return q(f"PREFIX dg: <{DG}> PREFIX rdfs: <{RDFS}> SELECT ?deal ?date ?other WHERE {{ "
                 f"?deal dg:party <{rng.choice(orgs)}> , ?o . ?o rdfs:label ?other . "
                 f"OPTIONAL {{ ?deal dg:announcedOn ?date }} }} ORDER BY ?date LIMIT 50", "text/csv")

    def deal_types(rng):
        return q(f"PREFIX dg: <{DG}> SELECT ?type (COUNT(?d) AS ?n) WHERE {{ ?d a dg:Deal , ?type }} "
                 "GROUP BY ?type ORDER BY DESC(?n)")

    def ask(rng):
        return q(f"ASK {{ <{rng.choice(orgs)}> ?p ?o }}", "application/sparql-results+xml")

    return [("lookup", lookup), ("deals-of", deals_of), ("deal-types", deal_types), ("ask", ask)]


def saved_mix(names: list[str]) -> list[tuple[str, callable]]:
    def saved(rng):
        params = urllib.parse.urlencode([("name", "deals"), ("param", f"company={rng.choice(names)}")])
        return "/api/run?" + params, "application/sparql-results+json"
    return [("saved:deals", saved)]


# -- running ------------------------------------------------------------------------------------
def run_load(port: int, mix, *, queries: int, threads: int, max_seconds: float, seed: int) -> dict:
    counter = iter(range(queries))
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds
    latencies: dict[str, list[float]] = {kind: [] for kind, _ in mix}
    failures: list[str] = []

    def client(n: int) -> None:
        rng = random.Random(seed + n)
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    break
            kind, make = rng.choice(mix)
            path, accept = make(rng)
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": accept})
                resp = conn.getresponse()
                body = resp.read()
            except (OSError, http.client.HTTPException) as exc:
                failures.append(f"{kind}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                continue
            elapsed = time.perf_counter() - started
            if resp.status != 200:
                failures.append(f"{kind}: HTTP {resp.status} {body[:200]!r}")
            else:
                latencies[kind].append(elapsed)
        conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - started
    return {"wall": wall, "latencies": latencies, "failures": failures}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(title: str, result: dict) -> dict:
    everything = [x for xs in result["latencies"].values() for x in xs]
    total = len(everything)
    summary = {"queries": total, "seconds": round(result["wall"], 2),
               "per_second": round(total / result["wall"], 1),
               "p50_ms": round(percentile(everything, 50) * 1000, 2),
               "p99_ms": round(percentile(everything, 99) * 1000, 2),
               "failures": len(result["failures"])}
    print(f"\n{title}")
    print(f"  {total} queries in {result['wall']:.2f} s: {summary['per_second']:.0f} queries/s, "
          f"p50 {summary['p50_ms']:.1f} ms, p99 {summary['p99_ms']:.1f} ms, "
          f"{len(result['failures'])} failed")
    for kind, xs in result["latencies"].items():
        if xs:
            print(f"    {kind:<12} {len(xs):>6}  p50 {percentile(xs, 50) * 1000:7.1f} ms   "
                  f"p99 {percentile(xs, 99) * 1000:7.1f} ms")
    for f in result["failures"][:5]:
        print(f"    failure: {f}")
    return summary


# -- servers ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_answering(port: int, proc: subprocess.Popen, deadline: float = 60.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            conn.request("GET", "/query?query=ASK%7B%7D",
                         headers={"Accept": "application/sparql-results+json"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.05)
    raise SystemExit(f"no server answering on port {port} after {deadline} s")


def start_dealgraph(store: Path, workers: int | None) -> tuple[subprocess.Popen, int]:
    cmd = [sys.executable, "-c", "from dealgraph.cli import main; main()", "--store", str(store),
           "serve", "--host", HOST, "--port", "0"]
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r":(\d+)/ ", line)
    if not m:
        proc.kill()
        raise SystemExit(f"dealgraph serve did not start: {line!r}")
    port = int(m.group(1))
    wait_until_answering(port, proc)
    return proc, port


def start_oxigraph(store: Path) -> tuple[subprocess.Popen, int] | None:
    binary = shutil.which("oxigraph") or (str(Path(sys.executable).parent / "oxigraph")
                                          if (Path(sys.executable).parent / "oxigraph").exists() else None)
    if not binary:
        return None
    port = free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(store / "oxigraph"),
                             "--bind", f"{HOST}:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_answering(port, proc)
    return proc, port


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def sample_orgs(store: Path, n: int = 200) -> tuple[list[str], list[str]]:
    from dealgraph.graph.store import open_store
    with open_store(store, read_only=True) as s:
        rows = list(s.query(f"SELECT DISTINCT ?o ?name WHERE {{ ?o a <{DG}Organization> ; "
                            f"<{RDFS}label> ?name }} LIMIT {n}"))
    return [r["o"].value for r in rows], [r["name"].value for r in rows]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="an existing store (default: a synthetic one)")
    ap.add_argument("--triples", type=int, default=100_000, help="size of the synthetic store")
    ap.add_argument("--queries", type=int, default=3000, help="queries per server")
    ap.add_argument("--threads", type=int, default=8, help="client threads")
    ap.add_argument("--workers", type=int, default=None, help="dealgraph serve --workers")
    ap.add_argument("--max-seconds", type=float, default=60.0, help="stop each run after this long")
    ap.add_argument("--kinds", default="lookup,deals-of,deal-types,ask",
                    help="the SPARQL queries to send (comma-separated)")
    ap.add_argument("--no-saved", action="store_true", help="skip the run with the saved query")
    ap.add_argument("--no-baseline", action="store_true", help="skip Oxigraph's own server")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = ap.parse_args(argv)
    if not (0 < args.queries <= 100_000 and 0 < args.threads <= 64 and 0 < args.max_seconds <= 900):
        ap.error("keep it bounded: --queries ≤ 100000, --threads ≤ 64, --max-seconds ≤ 900")

    tmp = None
    store = args.store
    if store is None:
        tmp = Path(tempfile.mkdtemp(prefix="dealgraph-serve-load-"))
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--triples", str(args.triples),
                        "--output", str(tmp), "--seed", str(args.seed)], check=True)
        store = tmp / "store"
    try:
        orgs, names = sample_orgs(store)
        if not orgs:
            raise SystemExit(f"{store}: no organizations to query")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"store {store}: {len(orgs)} organizations sampled; {args.queries} queries per run, "
              f"{args.threads} client threads, at most {args.max_seconds:g} s per run; "
              f"{os.cpu_count()} CPUs, load average {load:.1f} before the run")
        figures = {}
        kinds = set(args.kinds.split(","))
        mix = [m for m in sparql_mix(orgs) if m[0] in kinds]
        if not mix:
            ap.error(f"--kinds: expected some of {', '.join(k for k, _ in sparql_mix(orgs))}")
        proc, port = start_dealgraph(store, args.workers)
        try:
            figures["dealgraph"] = report(
                "dealgraph serve, SPARQL mix",
                run_load(port, mix, queries=args.queries, threads=args.threads,
                         max_seconds=args.max_seconds, seed=args.seed))
            if not args.no_saved:
                figures["dealgraph_with_saved"] = report(
                    f"dealgraph serve, SPARQL mix + saved query 'deals' (company=…), 1 in {len(mix) + 1}",
                    run_load(port, mix + saved_mix(names), queries=max(100, args.queries // 10),
                             threads=args.threads, max_seconds=args.max_seconds, seed=args.seed + 1))
        finally:
            stop(proc)
        if not args.no_baseline:
            started = start_oxigraph(store)
            if started is None:
                print("\n(oxigraph binary not found: no baseline)")
            else:
                proc, port = started
                try:
                    figures["oxigraph"] = report(
                        "baseline: oxigraph serve-read-only, same SPARQL mix",
                        run_load(port, mix, queries=args.queries, threads=args.threads,
                                 max_seconds=args.max_seconds, seed=args.seed))
                finally:
                    stop(proc)
                ratio = figures["dealgraph"]["per_second"] / figures["oxigraph"]["per_second"]
                print(f"\ndealgraph serve / oxigraph throughput: {ratio:.2f}")
        if args.json:
            print(json.dumps(figures, indent=2))
        failed = sum(f["failures"] for f in figures.values())
        return 1 if failed else 0
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
