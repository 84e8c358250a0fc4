"""The page at /, in headless Chromium: saved queries one click away, results as a table,
nothing fetched from another origin, values from the graph shown as text."""
from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path

import pytest

from tests.serve.conftest import add_filing

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
expect = None   # playwright's, set by the browser fixture
HOSTILE = '<img src=x onerror="window.pwned=1">Evil <b>Bio</b>'


def _browser_path() -> str | None:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    global expect
    expect = sync_api.expect
    path = _browser_path()
    if path is None:
        pytest.skip("no Chromium on this machine (looked for /usr/bin/chromium and chromium on PATH)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page_server(store_copy, start_server):
    add_filing(store_copy, "0000333333-22-000001", name=HOSTILE)
    return start_server(store_copy)


def test_run_a_saved_query_from_the_page(browser, page_server):
    origin = page_server.url.rstrip("/")
    page = browser.new_page()
    requests, console_errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    # (the deliberate syntax error's 400 is logged as "Failed to load resource"; a refused load
    # or a script error is not)
    page.on("console", lambda m: m.type == "error" and not m.text.startswith("Failed to load resource")
            and console_errors.append(m.text))
    try:
        page.goto(page_server.url)
        page.get_by_role("button", name="Deals", exact=True).click()
        # one click runs it (it needs no value): both filings' deals
        expect(page.locator("#status")).to_have_text(re.compile(r"^2 rows"))
        # the saved query's parameters are inputs
        assert page.locator("#saved-params input[name=since]").get_attribute("type") == "date"
        page.locator("#saved-params input[name=company]").fill("Nobody Inc.")
        page.locator("#saved-run").click()
        expect(page.locator("#status")).to_have_text(re.compile(r"^0 rows"))
        page.locator("#saved-params input[name=company]").fill("Zenith Pharma")
        page.locator("#saved-run").click()
        page.wait_for_selector("table.results tbody tr", timeout=15_000)
        # two filings tell of the deal (the second names the licensor with markup in its name)
        assert page.locator("table.results tbody tr").count() == 2
        assert "2 rows" in page.locator("#status").text_content()
        headers = page.locator("table.results th").all_text_contents()
        assert "licensor" in headers and "licensee" in headers
        table = page.locator("table.results").text_content()
        assert "Acme Bio, Inc." in table and "Zenith Pharma" in table
        # a value with markup in it is shown as text, never interpreted
        assert HOSTILE in table
        assert page.locator("table.results img, table.results b").count() == 0
        assert page.evaluate("window.pwned") is None

        # the graph of the result, drawn in a frame from this server
        page.locator("#saved-graph").click()
        frame = page.frame_locator("#graph-frame")
        expect(frame.locator("canvas")).to_be_visible(timeout=15_000)
        graph_frame = next(f for f in page.frames if "/viz?" in f.url)
        labels = graph_frame.evaluate("() => nodes.get().map(n => n.label)")
        assert {"Zenith Pharma", "Acme Bio, Inc."} <= set(labels)
        assert graph_frame.evaluate("() => window.pwned") is None

        # a free query from the editor, and an error message for a bad one
        page.locator("#query").fill("SELECT DISTINCT ?name WHERE { ?o a dg:Organization ; "
                                    "rdfs:label ?name } ORDER BY ?name")
        page.locator("#run").click()
        expect(page.locator("#status")).to_have_text(re.compile(r"^3 rows"))
        names = page.locator("table.results td").all_text_contents()
        assert names == sorted(["Acme Bio, Inc.", "Zenith Pharma", HOSTILE])
        page.locator("#query").fill("SELECT ?x WHERE {")
        page.locator("#run").click()
        expect(page.locator("#error")).to_contain_text(re.compile("syntax error", re.IGNORECASE))
    finally:
        page.close()
    assert requests, "the page made no requests at all"
    elsewhere = [u for u in requests if not (u.startswith(origin + "/") or u.startswith("data:"))]
    assert elsewhere == [], f"requests to other origins: {elsewhere}"
    assert any("/api/run?" in u for u in requests) and any(u.endswith("/sparql") for u in requests)
    assert any("/viz?" in u for u in requests)
    assert console_errors == []


def test_the_page_declares_it_loads_nothing_from_elsewhere(page_server):
    import urllib.request
    with urllib.request.urlopen(page_server.url, timeout=10) as resp:
        csp = resp.headers["Content-Security-Policy"]
        html = resp.read().decode()
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    for asset in ("/static/app.js", "/static/app.css"):
        assert asset in html
        with urllib.request.urlopen(urllib.parse.urljoin(page_server.url, asset), timeout=10) as resp:
            text = resp.read().decode()
        # (namespace IRIs such as http://www.w3.org/… are names, not fetched)
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import"""
                             r"""|fetch\(\s*["'`](https?:)?//|XMLHttpRequest|WebSocket""", text)
        assert not re.search(r"\.(inner|outer)HTML\b|insertAdjacentHTML|document\.write", text)
