"""Ingest speed: filings/s and MB/s end to end (read, parse, extract, map, write), with a
per-stage breakdown, at --jobs 1 and --jobs 2; peak memory (flat: a small and a large batch
have the same peak); and the bulk route (``dealgraph extract`` + ``dealgraph load``) against
``dealgraph ingest``, all measured in the same run.

    python bench/ingest.py --corpus CORPUS_DIR --filings 10000 --small 2000 --runs 1

Inputs are made from the corpus mix in a temporary folder: copy *k* of each file gets its own
identity (a new accession number where the file states one, otherwise a distinct reference
line at the end, which changes the content hash dealgraph identifies such files by).  End-to-end
runs are ``dealgraph`` commands in a child process; peak memory is the sum over the process and
its workers, sampled every 50 ms.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import dealgraph_cmd, machine, mib, run_measured

ACCESSION = re.compile(rb"\b\d{10}-\d{2}-\d{6}\b")


def corpus_files(corpus: Path) -> list[Path]:
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.name != "MANIFEST.tsv"
                   and not p.name.startswith("."))
    if not files:
        raise SystemExit(f"{corpus}: no filings in it")
    return files


def make_inputs(corpus: Path, count: int, out: Path) -> tuple[list[Path], int]:
    """``count`` distinct filings from the corpus mix in ``out``; their paths and total bytes."""
    sources = corpus_files(corpus)
    out.mkdir(parents=True, exist_ok=True)
    paths, total = [], 0
    for i in range(count):
        src = sources[i % len(sources)]
        data = src.read_bytes()
        copy = i // len(sources)
        found = ACCESSION.findall(data[:20000])
        if found:   # the filing's own accession number becomes a new, unique one
            new = f"{9_000_000_000 + i:010d}-{copy % 100:02d}-{i % 1_000_000:06d}".encode()
            data = data.replace(found[0], new)
        else:
            data += f"\n\nReference copy {copy}-{i}.\n".encode()
        path = out / f"{i:06d}-{src.name}"
        path.write_bytes(data)
        paths.append(path)
        total += len(data)
    return paths, total


def check_distinct(paths: list[Path]) -> None:
    from dealgraph.loaders.read import read_filing
    seen: dict[str, Path] = {}
    for p in paths:
        try:
            identity = read_filing(p).identity
        except Exception:
            continue
        if identity in seen:
            raise SystemExit(f"copies are not distinct filings: {p} and {seen[identity]} are both {identity}")
        seen[identity] = p


def stages(paths: list[Path], store_dir: Path) -> None:
    """Per-stage CPU times, in this process, over ``paths`` (CPU time, not wall time, so other
    work on the machine does not inflate them)."""
    from dealgraph.graph.store import NTriplesText, ntriples_body, open_store
    from dealgraph.loaders.extract import extract
    from dealgraph.loaders.read import parse_filing
    from dealgraph.loaders.to_rdf import facts_to_graph, filing_iri

    store = open_store(store_dir)
    names = ("read (bytes from disk)", "parse (text, items, cover)", "extract (facts)",
             "map (facts → rdflib graph)", "serialize (N-Triples)", "write (store.replace_graph)")
    spent = dict.fromkeys(names, 0.0)
    done = 0
    slowest: list[tuple[float, str]] = []
    for path in paths:
        t0 = time.process_time()
        data = path.read_bytes()
        t1 = time.process_time()
        try:
            filing = parse_filing(data, str(path))
        except Exception:
            continue
        t2 = time.process_time()
        facts = extract(filing)
        t3 = time.process_time()
        graph = facts_to_graph(filing, facts)
        t4 = time.process_time()
        text, count = ntriples_body(graph)
        t5 = time.process_time()
        store.replace_graph(str(filing_iri(filing.identity)), NTriplesText(text, count))
        t6 = time.process_time()
        for name, dt in zip(names, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)):
            spent[name] += dt
        slowest.append((t3 - t2, path.name.split("-", 1)[1]))
        done += 1
    store.close()
    total = sum(spent.values())
    print(f"### Per stage, one process, {done} filings of the mix ({done / total:,.1f} filings per CPU-second)")
    print()
    print("| stage | CPU ms per filing | share |")
    print("|---|---:|---:|")
    for name in names:
        print(f"| {name} | {spent[name] / done * 1000:,.2f} | {spent[name] / total:.0%} |")
    print()
    by_file: dict[str, list[float]] = {}
    for dt, name in slowest:
        by_file.setdefault(name, []).append(dt)
    top = sorted(((statistics.median(v), k) for k, v in by_file.items()), reverse=True)[:8]
    share = sum(statistics.median(v) for k, v in by_file.items() if k in {n for _, n in top})
    all_files = sum(statistics.median(v) for v in by_file.values())
    print(f"Slowest files to extract (median CPU ms; these {len(top)} of {len(by_file)} corpus files take "
          f"{share / all_files:.0%} of the extraction time):")
    for dt, name in top:
        print(f"  {dt * 1000:8,.0f}  {name}")
    print()


def e2e(cmd: list[str], label: str, filings: int, size: int, runs: int, results: dict) -> None:
    rows = []
    for _ in range(runs):
        r = run_measured(cmd["make"]() if callable(cmd.get("make")) else cmd["argv"])
        if r["code"] not in (0, 1):
            raise SystemExit(f"{label} failed ({r['code']}):\n{r['stderr'][-2000:]}")
        if "after" in cmd:
            extra = run_measured(cmd["after"]())
            if extra["code"] != 0:
                raise SystemExit(f"{label} (second step) failed:\n{extra['stderr'][-2000:]}")
            r = {**r, "wall": r["wall"] + extra["wall"], "cpu": r["cpu"] + extra["cpu"],
                 "peak_tree": max(r["peak_tree"], extra["peak_tree"]),
                 "peak_single": max(r["peak_single"], extra["peak_single"])}
        rows.append(r)
        if "cleanup" in cmd:
            cmd["cleanup"]()
    walls = [r["wall"] for r in rows]
    med = statistics.median(walls)
    rate = [filings / w for w in walls]
    spread = f" ({min(rate):,.1f}–{max(rate):,.1f})" if len(rows) > 1 else ""
    results[label] = med
    cpu = statistics.median(r["cpu"] for r in rows)
    print(f"| {label} | {filings:,} | {med:,.0f} | {filings / med:,.1f}{spread} | {size / med / 2**20:,.2f} | "
          f"{cpu:,.0f} | {filings / cpu:,.1f} | {mib(max(r['peak_tree'] for r in rows))} | "
          f"{mib(max(r['peak_single'] for r in rows))} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="folder of real filings to copy the mix from")
    ap.add_argument("--filings", type=int, default=10_000)
    ap.add_argument("--small", type=int, default=2_000, help="the small batch of the memory comparison")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--stage-sample", type=int, default=2, help="rounds of the corpus for the stage breakdown")
    ap.add_argument("--skip", nargs="*", default=[], choices=["stages", "jobs1", "jobs2", "small", "bulk"])
    ap.add_argument("--workdir", default=None, help="temporary folder (default: a new one, removed after)")
    args = ap.parse_args(argv)

    work = Path(args.workdir or tempfile.mkdtemp(prefix="dealgraph-bench-ingest-"))
    try:
        corpus = Path(args.corpus)
        print(f"# ingest: corpus mix of {len(corpus_files(corpus))} files; machine: {machine()}")
        print("# seconds and filings/s are wall clock; CPU s adds up every process (the ingest and its workers)")
        t = time.perf_counter()
        paths, size = make_inputs(corpus, args.filings, work / "in")
        check_distinct(paths[: 2 * len(corpus_files(corpus))])
        print(f"# made {len(paths):,} distinct filings ({size / 2**20:,.1f} MB) in {time.perf_counter() - t:.0f} s")
        print()
        if "stages" not in args.skip:
            stages(paths[: args.stage_sample * len(corpus_files(corpus))], work / "stage-store")
        small = work / "small"
        small.mkdir()
        for p in paths[: args.small]:
            os.link(p, small / p.name)
        small_size = sum(p.stat().st_size for p in paths[: args.small])
        dg = dealgraph_cmd()
        counter = iter(range(10**6))

        def fresh_store() -> str:
            return str(work / f"store-{next(counter)}")

        print(f"### End to end ({args.runs} run{'s' if args.runs != 1 else ''} each; median)")
        print()
        print("| command | filings | seconds | filings/s | MB/s | CPU s | filings per CPU-s | "
              "peak RSS (all processes) | peak RSS (largest process) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        results: dict[str, float] = {}
        ingest = lambda folder, jobs: {"make": lambda: [*dg, "--store", fresh_store(), "ingest", str(folder),
                                                          "--jobs", str(jobs), "--quiet", "--no-progress"]}
        if "jobs1" not in args.skip:
            e2e(ingest(work / "in", 1), "ingest --jobs 1", len(paths), size, args.runs, results)
        if "jobs2" not in args.skip:
            e2e(ingest(work / "in", 2), "ingest --jobs 2", len(paths), size, args.runs, results)
        if "small" not in args.skip:
            e2e(ingest(small, 2), f"ingest --jobs 2 ({args.small:,} filings)", args.small, small_size,
                args.runs, results)
        if "bulk" not in args.skip:
            nq = work / "facts.nq"
            e2e({"argv": [*dg, "extract", str(work / "in"), "-o", str(nq), "--jobs", "2", "--no-progress"]},
                "extract --jobs 2 (no store)", len(paths), size, args.runs, results)
            e2e({"make": lambda: [*dg, "--store", fresh_store(), "load", str(nq)]},
                "load (per-filing transactions)", len(paths), size, args.runs, results)
            e2e({"make": lambda: [*dg, "--store", fresh_store(), "load", "--fast", str(nq)]},
                "load --fast (bulk loader)", len(paths), size, args.runs, results)
        print()
        if "ingest --jobs 1" in results and "ingest --jobs 2" in results:
            print(f"Speed-up of --jobs 2 over --jobs 1: "
                  f"{results['ingest --jobs 1'] / results['ingest --jobs 2']:.2f}× (2.00× would be linear)")
        if "extract --jobs 2 (no store)" in results and "ingest --jobs 2" in results:
            bulk = results["extract --jobs 2 (no store)"] + results["load (per-filing transactions)"]
            fast = results["extract --jobs 2 (no store)"] + results["load --fast (bulk loader)"]
            print(f"extract + load: {bulk:,.0f} s, extract + load --fast: {fast:,.0f} s, "
                  f"ingest --jobs 2: {results['ingest --jobs 2']:,.0f} s")
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
