"""Filing text is untrusted: in the HTML page that ``dealgraph viz`` writes, nothing from a filing
can run script. Filings name their company with script tags, event handlers and JavaScript that
tries to break out of strings (and one more graph puts such text in every field a page can show:
names, aliases, territory, assets, quotes, file names); headless Chromium loads the page offline,
hovers and clicks every node and link, and no script from a filing ever runs."""
from __future__ import annotations

import contextlib
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from dealgraph.graph.store import open_store
from tests.reliability.conftest import ROOT, dealgraph
from tests.reliability.synthetic import filing_text

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

# Each payload, if it ever ran, would set window.__pwned (or open a dialog).
PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "</script><script>window.__pwned='close-script'</script>",
    "\"};window.__pwned='json';//",
    "'+(window.__pwned='quote')+'",
    "<a href=\"javascript:window.__pwned='href'\">x</a>",
    "<iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
    "<details open ontoggle=\"window.__pwned='toggle'\">",
    "{{7*7}}${alert(1)}",
]
COMPANY = "Evil " + " ".join(PAYLOADS[:5]) + " Therapeutics, Inc."


def _hostile_graph():
    """A filing's graph with a payload in every text field, as to_rdf writes it."""
    from datetime import date
    from decimal import Decimal

    from dealgraph.loaders.to_rdf import facts_to_graph, filing_iri
    from dealgraph.records import (
        Asset,
        Deal,
        Document,
        Evidence,
        Facts,
        Filing,
        Organization,
        Payment,
        Person,
        Registrant,
    )
    quote = " ".join(PAYLOADS)
    doc = Document(0, "8-K" + PAYLOADS[0], quote, filename=PAYLOADS[1], description=PAYLOADS[2])
    filing = Filing(source_file=PAYLOADS[3] + ".txt", identity="hostile-all-fields", accession=None,
                    form_type="8-K", filed_on=date(2021, 1, 4), report_date=None, items=("1.01",),
                    registrant=Registrant(name=PAYLOADS[4]), documents=(doc,))
    ev = (Evidence(0, 0, len(quote), quote),)
    a = Organization("cik:1" + "1" * 6, "Evil" + PAYLOADS[0] + " Corp", aliases=tuple(PAYLOADS[1:4]),
                     tickers=(PAYLOADS[5],), address=PAYLOADS[6], is_filer=True, evidence=ev)
    b = Organization("sly", "Sly" + PAYLOADS[1] + " AG", aliases=(PAYLOADS[7],), evidence=ev)
    deal = Deal(("LicenseAgreement",), (("licensor", a.key), ("licensee", b.key)), date(2021, 1, 1),
                True, PAYLOADS[8], (Payment("UpfrontPayment", Decimal(5), "USD", evidence=ev),),
                (Asset("Technology", PAYLOADS[9], ev), Asset("Product", PAYLOADS[2], ev)), evidence=ev)
    people = (Person(PAYLOADS[3] + " Roe", PAYLOADS[4], a.key, ev),)
    facts = Facts(organizations=(a, b), people=people, deals=(deal,))
    return str(filing_iri(filing.identity)), facts_to_graph(filing, facts)


def _viz_available(cwd: Path) -> bool:
    return re.search(r"^\s+viz\b", dealgraph("--help", cwd=cwd).stdout, re.MULTILINE) is not None


@pytest.fixture
def page(tmp_path, scratch) -> Path:
    if not _viz_available(scratch):
        pytest.skip("'dealgraph viz' is not a command in this checkout yet")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} for the browser check")
    pytest.importorskip("playwright.sync_api", reason="Playwright (Python) is not installed")
    # Filings whose company name carries a payload (plain text, so the markup is kept as text).
    batch = tmp_path / "filings"
    batch.mkdir()
    for i, payload in enumerate(PAYLOADS):
        (batch / f"evil-{i}.txt").write_text(filing_text(i, registrant=f"Evil{payload} Therapeutics, Inc."))
    store = tmp_path / "store"
    result = dealgraph("--store", store, "ingest", batch, cwd=scratch)
    assert result.returncode == 0, result.stderr
    # The names really reach the graph as deal parties (else this test would prove nothing).
    from rdflib import RDFS, Dataset
    ds = Dataset(default_union=True)
    ds.parse(data=dealgraph("--store", store, "export", "--format", "nquads", cwd=scratch).stdout,
             format="nquads")
    from dealgraph.ontology.namespace import DG
    parties = {str(ds.value(org, RDFS.label)) for org in ds.objects(None, DG.licensor)}
    assert "Evil<script>window.__pwned='script'</script> Therapeutics, Inc." in parties, parties
    # And a graph with a payload in every field the page could show.
    name, graph = _hostile_graph()
    with open_store(store) as s:
        s.replace_graph(name, graph)
    out = tmp_path / "page.html"
    result = dealgraph("--store", store, "viz", "--output", out, cwd=scratch)
    assert result.returncode == 0, result.stderr
    return out


def test_no_script_from_a_filing_runs_in_the_page(page):
    from playwright.sync_api import sync_playwright

    html = page.read_text(encoding="utf-8")
    for payload in ("<script>window.__pwned", "onerror=\"window.__pwned", "<svg onload", "<iframe srcdoc"):
        assert payload not in html, f"raw markup from the filing in the page: {payload}"
    dialogs, requests = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context()
            context.route(re.compile(r"^(?!file:|data:|about:|blob:).*"),
                          lambda route: (requests.append(route.request.url), route.abort()))
            tab = context.new_page()
            tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            tab.goto(page.as_uri(), wait_until="load")
            assert tab.evaluate("window.__pwned") is None
            _hover_and_click_everything(tab)
            assert tab.evaluate("window.__pwned") is None, "a script from the filing ran"
            assert not dialogs, dialogs
            # The names are shown as text, not lost: node labels (shortened) and the page's data.
            labels = tab.evaluate("typeof nodes !== 'undefined' && nodes.get ? "
                                  "nodes.get().map(n => n.label).join('\\n') : document.body.innerText")
            assert "Evil<script>window.__pwned='script'</sc" in labels
            data = json.dumps(tab.evaluate("[...document.querySelectorAll('script[type=\"application/json\"]')]"
                                           ".map(e => JSON.parse(e.textContent))"), ensure_ascii=False)
            assert "Evil<script>window.__pwned='script'</script> Therapeutics, Inc." in data
        finally:
            browser.close()
    assert not requests, f"the page fetched from the network: {requests[:3]}"


def _hover_and_click_everything(tab) -> None:
    """Hover and click every node and edge the page draws (vis-network), waiting each time, with a
    deadline, for a tooltip or panel to show; plus every element of the page's own HTML."""
    has_network = tab.evaluate("typeof network !== 'undefined' && !!network.getPositions")
    if has_network:
        points = tab.evaluate("""() => {
            const out = [];
            const pos = network.getPositions();
            for (const id of Object.keys(pos)) { out.push(network.canvasToDOM(pos[id])); }
            for (const id of network.body.edgeIndices || []) {
                const e = network.body.edges[id];
                if (e && e.from && e.to) {
                    out.push(network.canvasToDOM({x: (e.from.x + e.to.x) / 2, y: (e.from.y + e.to.y) / 2}));
                }
            }
            return out;
        }""")
        box = tab.evaluate("""() => { const c = document.querySelector('canvas');
                                     const r = c.getBoundingClientRect(); return {x: r.left, y: r.top}; }""")
        for pt in points[:200]:
            x, y = box["x"] + pt["x"], box["y"] + pt["y"]
            tab.mouse.move(x, y)
            _wait_for_tooltip(tab)
            tab.mouse.click(x, y)
            tab.mouse.move(1, 1)
    from playwright.sync_api import Error as PlaywrightError
    for element in tab.query_selector_all("button, a, summary, [onclick], select, input")[:100]:
        with contextlib.suppress(PlaywrightError):   # hidden or detached: no user could click it
            element.click(timeout=500)


def _wait_for_tooltip(tab, seconds: float = 1.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if tab.evaluate("""() => [...document.querySelectorAll(
                                     '.vis-tooltip, #popup, [class*=tooltip], [class*=popup]')]
                                 .some(e => e.offsetParent !== null && e.textContent.trim())"""):
            return
        tab.wait_for_timeout(50)


def test_the_hostile_filing_is_kept_as_text(tmp_path, scratch):
    """Whatever the page does, the graph keeps the name exactly (it is data, not markup)."""
    text = (ROOT / "tests" / "data" / "submission_8k.txt").read_text().replace(
        "Northwind Therapeutics, Inc.", COMPANY)
    filing = tmp_path / "evil.txt"
    filing.write_text(text)
    store = tmp_path / "store"
    assert dealgraph("--store", store, "ingest", filing, cwd=scratch).returncode == 0
    out = tmp_path / "all.nt"
    done = dealgraph("--store", store, "export", "--format", "ntriples", "--output", out, cwd=scratch)
    assert done.returncode == 0
    from rdflib import RDFS, Graph
    g = Graph().parse(out, format="nt")
    assert any(COMPANY in str(o) for o in g.objects(None, RDFS.label))
    shutil.rmtree(store)
