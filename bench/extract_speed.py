#!/usr/bin/env python3
"""How long extraction takes per filing, against the time to merely read the same file.

    python bench/extract_speed.py [CORPUS_DIR] [--repeat N]

Reads every filing of the shared corpus (``../shared/corpus`` beside the repository by default),
times ``read_filing`` (the baseline) and ``extract`` on each, and prints the median and the worst
time per filing with the ratio of extraction to reading measured in the same run.  Times are wall
clock; the CPU time of extraction is printed too, since it does not grow when other programs share
the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dealgraph.loaders.extract import extract  # noqa: E402
from dealgraph.loaders.read import read_filing  # noqa: E402


def best_of(repeat: int, fn, *args, clock=time.perf_counter):
    best = None
    result = None
    for _ in range(repeat):
        t0 = clock()
        result = fn(*args)
        dt = clock() - t0
        best = dt if best is None else min(best, dt)
    return best, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=3, help="runs per file; the fastest counts (default 3)")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"No corpus at {args.corpus}: nothing to measure.")
        return 0
    files = [
        p
        for p in sorted(args.corpus.iterdir())
        if p.is_file() and p.suffix != ".tsv" and not p.name.startswith(".")
    ]
    if not files:
        print(f"No filings in {args.corpus}: nothing to measure.")
        return 0
    rows = []
    for path in files:
        t_read, filing = best_of(args.repeat, read_filing, path)
        t_extract, facts = best_of(args.repeat, extract, filing)
        cpu_extract, _ = best_of(args.repeat, extract, filing, clock=time.process_time)
        size = sum(len(d.text) for d in filing.documents)
        rows.append((path.name, size, t_read, t_extract, len(facts.deals), cpu_extract))
    extract_times = [r[3] for r in rows]
    read_times = [r[2] for r in rows]
    worst = max(rows, key=lambda r: r[3])
    total_chars = sum(r[1] for r in rows)
    print(f"filings: {len(rows)}  characters: {total_chars:,}")
    print(
        f"read     median {statistics.median(read_times) * 1000:8.1f} ms   worst"
        f" {max(read_times) * 1000:8.1f} ms"
    )
    print(
        f"extract  median {statistics.median(extract_times) * 1000:8.1f} ms   worst {worst[3] * 1000:8.1f} ms"
        f"  ({worst[0]}, {worst[1]:,} characters)"
    )
    ratios = [r[3] / r[2] for r in rows if r[2] > 0]
    print(
        f"extract / read  median {statistics.median(ratios):6.1f}x   "
        f"overall {sum(extract_times) / sum(read_times):6.1f}x"
    )
    print(
        f"throughput      {total_chars / sum(extract_times) / 1e6:6.2f} M characters per second of extraction"
    )
    cpu = [r[5] for r in rows]
    worst_cpu = max(rows, key=lambda r: r[5])
    print(
        f"extract CPU     median {statistics.median(cpu) * 1000:6.1f} ms   worst {worst_cpu[5] * 1000:8.1f} ms"
        f"  ({worst_cpu[0]})   total {sum(cpu):6.2f} s   {total_chars / sum(cpu) / 1e6:6.2f} M characters/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
