"""Time to write and to first paint the deal graph page at 100, 1,000 and 5,000 nodes.

    .venv/bin/python bench/viz_speed.py [--sizes 100 1000 5000] [--runs 3]

Baseline, in the same run: the page a Python user gets from pyvis by hand (``add_node`` /
``add_edge`` one by one, physics on, vis-network inlined). First paint is measured in headless
Chromium (Playwright driving the distribution's chromium) from navigation to vis-network's
first ``afterDrawing`` event; the baseline is capped.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx

from dealgraph.viz import render_html

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
CAP_S = 30.0


def deal_network(n_nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """Organizations and deals (about one deal per two organizations), two parties per deal."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    n_orgs = max(2, n_nodes * 2 // 3)
    orgs = [f"https://example.org/org/{i}" for i in range(n_orgs)]
    for i, o in enumerate(orgs):
        g.add_node(o, kind="Organization", label=f"Company {i}", facts=[("type", "Organization")], value=0)
    for d in range(n_nodes - n_orgs):
        deal = f"https://example.org/deal/{d}"
        a, b = rnd.sample(orgs[: max(2, int(len(orgs) ** 0.9))], 2)
        g.add_node(deal, kind="Deal", label=f"Deal {d}", facts=[("upfront", f"{rnd.randint(1, 90)} million USD")],
                   quote="They agreed.", value=rnd.randint(1, 90) * 1e6)
        g.add_edge(a, deal, key="licensor", label="licensor")
        g.add_edge(b, deal, key="licensee", label="licensee")
    return g


def baseline_html(g: nx.MultiDiGraph) -> str:
    from pyvis.network import Network
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        net.add_node(n, label=d["label"], title=d["label"])
    for a, b, d in g.edges(data=True):
        net.add_edge(a, b, title=d.get("label", ""))
    return net.generate_html()


def first_paint(browser, path: Path, cap: float) -> float | None:
    page = browser.new_page()
    # vis-network draws on the animation frame after it is built (after stabilizing, when
    # physics is on): painted = the network exists and two frames have passed since.
    page.add_init_script("""window.__painted = null;
      const wait = setInterval(() => { if (typeof network !== 'undefined' && network) { clearInterval(wait);
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__painted = performance.now(); })); } }, 5);""")
    started = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    try:
        page.wait_for_function("window.__painted !== null", timeout=cap * 1000, polling=20)
        elapsed = time.perf_counter() - started
    except Exception:
        elapsed = None
    page.close()
    return elapsed


def fmt(values: list) -> str:
    got = [v for v in values if v is not None]
    if not got:
        return f"> {CAP_S:.0f} s"
    text = f"{statistics.median(got):.3f} s ({min(got):.3f}–{max(got):.3f})"
    return text + (f", {len(values) - len(got)} runs > {CAP_S:.0f} s" if len(got) < len(values) else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    browser = None
    if chromium:
        from playwright.sync_api import sync_playwright
        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=chromium, args=FLAGS)
    else:
        print("no chromium: first paint is not measured")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            g = deal_network(size)
            for name, make in (("dealgraph", lambda: render_html(g, max_nodes=size)),
                               ("pyvis by hand", lambda: baseline_html(g))):
                writes, paints = [], []
                for run in range(args.runs):
                    path = Path(tmp) / f"{name.replace(' ', '-')}-{size}-{run}.html"
                    t0 = time.perf_counter()
                    path.write_text(make(), encoding="utf-8")
                    writes.append(time.perf_counter() - t0)
                    if browser and (name == "dealgraph" or run == 0):
                        paints.append(first_paint(browser, path, CAP_S))
                print(f"{size:>6} nodes  {name:<14} write {fmt(writes):<32} first paint {fmt(paints) if paints else '-'}"
                      f"  ({path.stat().st_size / 1e6:.2f} MB)")
    if browser:
        browser.close()
        pw.stop()


if __name__ == "__main__":
    main()
