"""Filing text is untrusted: in the HTML page that ``dealgraph viz`` writes, nothing from a filing
can run script. A filing names its company with script tags, event handlers and JavaScript that
tries to break out of strings; headless Chromium loads the page offline, hovers and clicks every
node that shows such a name, and no script from the filing ever runs."""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import ROOT, dealgraph

CHROMIUM = "/usr/bin/chromium"
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
PARTNER = "Sly " + " ".join(PAYLOADS[5:]) + " Pharma AG"


def _viz_available(cwd: Path) -> bool:
    return re.search(r"^\s+viz\b", dealgraph("--help", cwd=cwd).stdout, re.M) is not None


@pytest.fixture
def page(tmp_path, scratch) -> Path:
    if not _viz_available(scratch):
        pytest.skip("'dealgraph viz' is not a command in this checkout yet")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} for the browser check")
    pytest.importorskip("playwright.sync_api", reason="Playwright (Python) is not installed")
    text = (ROOT / "tests" / "data" / "submission_8k.txt").read_text()
    text = text.replace("Northwind Therapeutics, Inc.", COMPANY).replace("Castlerock Pharma AG", PARTNER)
    filing = tmp_path / "evil.txt"
    filing.write_text(text)
    store = tmp_path / "store"
    result = dealgraph("--store", store, "ingest", filing, cwd=scratch)
    assert result.returncode == 0, result.stderr
    stats = dealgraph("--store", store, "export", "--format", "nquads", cwd=scratch).stdout
    assert "window.__pwned='script'" in stats        # the hostile name is really in the graph
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
            # The names are shown as text (not lost): they are in the page's data or DOM as text.
            shown = tab.evaluate("document.body.innerText") + tab.evaluate(
                "typeof nodes !== 'undefined' && nodes.get ? JSON.stringify(nodes.get()) : ''")
            assert "Evil" in shown
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
    for element in tab.query_selector_all("button, a, summary, [onclick], select, input")[:100]:
        try:
            element.click(timeout=500)
        except Exception:  # hidden or detached: nothing a user could click either
            pass


def _wait_for_tooltip(tab, seconds: float = 1.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if tab.evaluate("""() => [...document.querySelectorAll('.vis-tooltip, #popup, [class*=tooltip], [class*=popup]')]
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
    assert dealgraph("--store", store, "export", "--format", "ntriples", "--output", out, cwd=scratch).returncode == 0
    from rdflib import RDFS, Graph
    g = Graph().parse(out, format="nt")
    assert any(COMPANY in str(o) for o in g.objects(None, RDFS.label))
    shutil.rmtree(store)
