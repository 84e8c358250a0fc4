"""The deal network: the networkx view, the HTML page, and the page in a real browser."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.graph.network import to_networkx
from dealgraph.graph.store import open_store
from dealgraph.loaders.to_rdf import facts_to_graph, filing_iri
from dealgraph.records import Organization
from dealgraph.viz import render_html
from tests.factories import make_facts, make_filing

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">Evil Bio'


def small_store(name="Acme Bio, Inc.", partner="Zenith Pharma"):
    store = open_store("memory")
    filing = make_filing()
    facts = make_facts(filing, acme_name=name)
    if partner != "Zenith Pharma":
        facts = replace(facts, organizations=(facts.organizations[0], Organization("zenith pharma", partner)))
    store.replace_graph(str(filing_iri(filing.identity)), facts_to_graph(filing, facts))
    return store


def test_the_view_is_about_deals():
    g = to_networkx(small_store())
    kinds = sorted(d["kind"] for _, d in g.nodes(data=True))
    assert kinds == ["Deal", "Organization", "Organization", "Technology"]
    deal = next(n for n, d in g.nodes(data=True) if d["kind"] == "Deal")
    facts = dict(g.nodes[deal]["facts"])
    assert facts["Upfront payment"] == "3,000,000 USD"
    assert facts["Milestone payment"] == "up to 50,000,000 USD"
    assert facts["Royalty payment"] == "mentioned"
    roles = {d["label"] for _, _, d in g.in_edges(deal, data=True)}
    assert {"licensor", "licensee"} <= roles


def test_company_filter_finds_any_spelling():
    store = small_store()
    assert to_networkx(store, company="ACME BIO").number_of_nodes() == 4
    assert to_networkx(store, company="acme").number_of_nodes() == 4          # an alias
    with pytest.raises(Exception, match="no organization"):
        to_networkx(store, company="Nobody Ltd")


def test_the_page_loads_nothing_from_elsewhere():
    html = render_html(to_networkx(small_store()))
    code = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", code)
    assert "vis.Network" in code                       # vis-network is inlined
    assert "Acme Bio" in html and "Zenith Pharma" in html


def test_filing_text_never_reaches_the_page_as_markup():
    html = render_html(to_networkx(small_store(name=HOSTILE)))
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "\\u003cscript\\u003ewindow.__pwned" in html


def test_max_nodes_says_what_was_left_out():
    html = render_html(to_networkx(small_store()), max_nodes=2)
    assert "Showing the 2 most connected of 4 nodes; 2 left out" in html


def test_viz_command_on_the_sample(tmp_path, sample_path):
    store, out = tmp_path / "s", tmp_path / "g.html"
    assert CliRunner().invoke(main, ["--store", str(store), "ingest", str(sample_path)]).exit_code == 0
    result = CliRunner().invoke(main, ["--store", str(store), "viz", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["g.html", "s"]


def open_page(browser, path):
    page = browser.new_page()
    foreign = []

    def guard(route):
        if route.request.url.startswith(("file://", "data:", "blob:")):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(path.as_uri())
    page.wait_for_function("typeof network !== 'undefined' && nodes.length > 0", timeout=15000)
    return page, foreign


def test_the_sample_page_opens_offline_and_shows_the_deal(browser, tmp_path, sample_path):
    store, out = tmp_path / "s", tmp_path / "g.html"
    CliRunner().invoke(main, ["--store", str(store), "ingest", str(sample_path)])
    CliRunner().invoke(main, ["--store", str(store), "viz", "--output", str(out)])
    page, foreign = open_page(browser, out)
    labels = page.evaluate("nodes.get().map(n => n.label)")
    assert any("ImmunoGen" in label for label in labels)
    assert any("Biogen Idec" in label for label in labels)
    deal = page.evaluate("(() => { const info = JSON.parse(document.getElementById('dg-info').textContent);"
                         " return Number(Object.keys(info).find(k => info[k].kind === 'Deal'"
                         " && /Biogen/.test(info[k].name) && /disclosed/.test(JSON.stringify(info[k].facts)))); })()")
    page.evaluate(f"network.selectNodes([{deal}]); network.emit('click', {{nodes: [{deal}], edges: []}})")
    panel = page.inner_text("#dg-panel")
    assert "Upfront payment" in panel and "1,000,000 USD" in panel
    assert "entered into a development and license agreement" in panel      # the evidence quote
    assert foreign == []


def test_a_script_in_a_company_name_does_not_run(browser, tmp_path):
    out = tmp_path / "evil.html"
    out.write_text(render_html(to_networkx(small_store(name=HOSTILE, partner=HOSTILE + " 2"))))
    page, foreign = open_page(browser, out)
    shown = []
    for node in page.evaluate("nodes.getIds()"):
        page.evaluate(f"network.emit('click', {{nodes: [{node}], edges: []}})")
        shown.append(page.inner_text("#dg-panel"))
        x, y = page.evaluate(f"Object.values(network.canvasToDOM(network.getPositions([{node}])[{node}]))")
        page.mouse.move(x, y)                         # hover: the tooltip is built from text
    assert page.evaluate("window.__pwned") is None
    assert any(HOSTILE in text for text in shown)     # shown as text, not run
    assert foreign == []
