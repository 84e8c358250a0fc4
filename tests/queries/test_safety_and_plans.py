"""Binding safety through every parameter of every saved query, the '# with NAME' lines, name
keys, and the result formats against pyoxigraph's own serializers."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import dealgraph
from dealgraph.cli import main
from dealgraph.errors import QueryError
from dealgraph.graph.store import open_store
from dealgraph.loaders.to_rdf import facts_to_graph, filing_iri
from dealgraph.queries import load_saved, resolve, run, saved_names
from dealgraph.queries import runner as runner_module
from dealgraph.queries.formats import render
from dealgraph.names import name_key, name_key_sparql, name_keys, name_keys_update
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

FIRST = ("Northwind Therapeutics Corp. and Harbor Biologics Ltd. signed a license agreement on March 2, "
         "2021. Harbor pays $5 million upfront and up to $80 million in milestones. Northwind also has a "
         "collaboration with Pinecrest Labs.")
SECOND = ("Harbor Biologics Limited agreed on July 9, 2022 to acquire Quillon Bio, Inc. for $120 million. "
          "Quillon's lead product is QB-7 for asthma.")


def _ev(doc, quote):
    start = doc.text.index(quote)
    return (Evidence(doc.index, start, start + len(quote), quote),)


def _graphs():
    doc1 = Document(0, "8-K", FIRST)
    f1 = Filing("northwind.txt", "0000222222-21-000001", "0000222222-21-000001", "8-K", date(2021, 3, 4),
                date(2021, 3, 2), ("1.01",), Registrant("Northwind Therapeutics Corp.", "222222"), (doc1,))
    s1 = FIRST.split(". ")
    facts1 = Facts(
        organizations=(Organization("cik:222222", "Northwind Therapeutics Corp.", aliases=("Northwind",),
                                    cik="222222", is_filer=True, evidence=_ev(doc1, "Northwind Therapeutics Corp.")),
                       Organization("harbor biologics", "Harbor Biologics Ltd.", evidence=_ev(doc1, "Harbor Biologics Ltd.")),
                       Organization("pinecrest labs", "Pinecrest Labs")),
        people=(Person("Ada Stone", "Chief Financial Officer", "cik:222222"),),
        deals=(Deal(("LicenseAgreement",), (("licensor", "cik:222222"), ("licensee", "harbor biologics")),
                    date(2021, 3, 2), True, "worldwide",
                    (Payment("UpfrontPayment", Decimal(5000000), "USD", evidence=_ev(doc1, s1[1] + ".")),
                     Payment("MilestonePayment", Decimal(80000000), "USD", up_to=True)),
                    (Asset("Technology", "Helix antibody platform"),),
                    evidence=_ev(doc1, s1[0] + ".")),
               Deal(("CollaborationAgreement",), (("collaborator", "cik:222222"), ("collaborator", "pinecrest labs")),
                    recalled=True, evidence=_ev(doc1, s1[2]))))
    doc2 = Document(0, "EX-99.1", SECOND)
    f2 = Filing("harbor.txt", "0000333333-22-000007", "0000333333-22-000007", "8-K", date(2022, 7, 11),
                date(2022, 7, 9), ("2.01",), Registrant("Harbor Biologics Limited", "333333"), (doc2,))
    facts2 = Facts(
        organizations=(Organization("cik:333333", "Harbor Biologics Limited", cik="333333", is_filer=True),
                       Organization("quillon bio", "Quillon Bio, Inc.")),
        deals=(Deal(("Acquisition",), (("acquirer", "cik:333333"), ("acquiree", "quillon bio")), date(2022, 7, 9),
                    payments=(Payment("PurchasePrice", Decimal(120000000), "USD"),),
                    concerns=(Asset("Product", "QB-7"), Asset("Indication", "asthma")),
                    evidence=_ev(doc2, SECOND.split(". ")[0] + ".")),))
    return [(f1, facts1), (f2, facts2)]


@pytest.fixture(scope="module")
def store():
    s = open_store("memory")
    for filing, facts in _graphs():
        s.replace_graph(str(filing_iri(filing.identity)), facts_to_graph(filing, facts))
    return s


LICENSE = "https://w3id.org/dealgraph/id/deal/0000222222-21-000001/1"


def _rows(result):
    return Counter(tuple(None if t is None else str(t) for t in row) for row in result.rows)


def test_the_saved_queries_on_a_small_graph(store):
    deals = {r["deal"]: r for r in dealgraph.query(store, "deals")}
    lic = deals[LICENSE]
    assert (lic["licensor"], lic["licensee"], lic["upfront"], lic["milestones"]) == \
        ("Northwind Therapeutics Corp.", "Harbor Biologics Ltd.", Decimal(5000000), Decimal(80000000))
    assert lic["royalties"] is False and lic["exclusive"] is True and lic["document"] == "8-K"
    acq = next(r for r in deals.values() if r["types"] == "Acquisition")
    assert (acq["acquirer"], acq["acquiree"], acq["purchase_price"]) == \
        ("Harbor Biologics Limited", "Quillon Bio, Inc.", Decimal(120000000))
    assert Counter(r["status"] for r in deals.values()) == {"disclosed": 2, "recalled": 1}
    assert [r["deal"] for r in dealgraph.query(store, "deals", include="recalled")] == \
        ["https://w3id.org/dealgraph/id/deal/0000222222-21-000001/2"]
    assert len(dealgraph.query(store, "deals", type="acquisition", until="2022-12-31")) == 1
    # "Harbor Biologics Ltd." and "Harbor Biologics Limited" have one key: both filings' deals
    assert {r["deal"] for r in dealgraph.query(store, "deals", company="HARBOR biologics")} == \
        {LICENSE, acq["deal"]}

    facts = {(r["what"], r["value"]) for r in dealgraph.query(store, "company", name="northwind")}
    assert ("person", "Ada Stone, Chief Financial Officer") in facts and ("cik", "222222") in facts
    assert any(w == "collaborator" for w, _ in facts)

    pairs = {(r["a_name"], r["b_name"]): r for r in dealgraph.query(store, "partners", include="all")}
    assert len(pairs) == 3 and all(r["deals"] == 1 for r in pairs.values())
    assert len(dealgraph.query(store, "partners")) == 2            # disclosed deals only, by default
    assert [r["a_name"] for r in dealgraph.query(store, "partners", company="quillon bio")] in \
        (["Harbor Biologics Limited"], ["Quillon Bio, Inc."])

    money = {(r["year"], r["type"]): (r["total"], r["payments"], r["upto_payments"])
             for r in dealgraph.query(store, "payments-by-year")}
    assert money == {(2021, "MilestonePayment"): (Decimal(80000000), 1, 1),
                     (2021, "UpfrontPayment"): (Decimal(5000000), 1, 0),
                     (2022, "PurchasePrice"): (Decimal(120000000), 1, 0)}
    assert set(money) > {(r["year"], r["type"]) for r in
                         dealgraph.query(store, "payments-by-year", since="2022-01-01")}

    things = {(r["thing_kind"], r["thing_label"]) for r in dealgraph.query(store, "technologies")}
    assert things == {("Technology", "Helix antibody platform"), ("Product", "QB-7"), ("Indication", "asthma")}
    assert [r["thing_label"] for r in dealgraph.query(store, "technologies", name="HELIX")] == \
        ["Helix antibody platform"]

    evidence = dealgraph.query(store, "evidence", deal="deal:0000222222-21-000001/1")
    assert {r["what"] for r in evidence} >= {"deal", "licensor", "licensee", "UpfrontPayment"}
    upfront = next(r for r in evidence if r["what"] == "UpfrontPayment")
    assert upfront["quote"] == FIRST[upfront["start"]:upfront["end"]] and upfront["node_label"] == "5000000 USD"


HOSTILE = ['"} . ?s ?p ?o #', "x\" || true || \"", "') } UNION { ?s ?p ?o } #", "{ } # \\ \" ' <>",
           "Harbor\"@en . } SELECT * WHERE { ?s ?p ?o } #"]


def _params_of_every_saved_query():
    for name in saved_names():
        for p in load_saved(name).params:
            yield name, p


@pytest.mark.parametrize("query_name,param", list(_params_of_every_saved_query()),
                         ids=lambda x: getattr(x, "name", x))
def test_every_parameter_is_bound_not_pasted(store, query_name, param):
    query = load_saved(query_name)
    required = {p.name: ("northwind" if p.type in ("string", "name") else LICENSE)
                for p in query.params if p.required and p.name != param.name}
    harmless = {"string": "no such thing at all", "name": "no such thing at all", "iri": "https://example.org/no-such-deal"}.get(param.type)
    expected = None
    if harmless is not None and not param.choices:
        expected = _rows(run(store, query, {**required, param.name: harmless}))
    for value in HOSTILE:
        try:
            result = run(store, query, {**required, param.name: value})
        except QueryError as exc:                       # a typed or enumerated value: refused, by name
            assert param.name in str(exc)
            continue
        assert expected is not None and _rows(result) == expected, (query_name, param.name, value)


def _variants():
    values = {"since": "2021-01-01", "until": "2021-12-31", "company": "harbor biologics", "type": "license",
              "include": "recalled", "kind": "Product", "name": "northwind", "deal": LICENSE}
    for name in saved_names():
        query = load_saved(name)
        required = {p.name: values[p.name] for p in query.params if p.required}
        yield name, required
        for p in query.params:
            if not p.required:
                yield name, {**required, p.name: values[p.name]}


@pytest.mark.parametrize("query_name,params", list(_variants()), ids=str)
def test_marked_lines_change_speed_not_rows(store, monkeypatch, query_name, params):
    query = load_saved(query_name)
    pruned = _rows(run(store, query, params))
    monkeypatch.setattr(runner_module, "prune", lambda text, given: text)
    assert _rows(run(store, query, params)) == pruned


def test_marked_lines_name_declared_parameters():
    for name in saved_names():
        query = load_saved(name)
        marks = re.findall(r"#\s*with(?:out)?\s+(\w+)\s*$", query.text, flags=re.MULTILINE)
        assert set(marks) <= {p.name for p in query.params}, name


def test_name_keys_agree_in_python_and_sparql():
    names = ["Biogen Idec, Inc.", "BIOGEN IDEC INC", "biogen idec", "Société Générale S.A.",
             "Eli Lilly and Co.", "Company", "Acme-Bio Corp., Ltd.", "Ono Pharmaceutical Co., Ltd.",
             "  F. Hoffmann–La Roche AG ", "3M Company", "ImClone Systems Incorporated"]
    store = ox.Store()
    for name in names:
        [row] = store.query(f"SELECT ?k ?n WHERE {{ BIND({name_key_sparql('?n')} AS ?k) }}",
                            substitutions={ox.Variable("n"): ox.Literal(name)})
        assert row["k"].value == name_key(name), name
    assert name_key("Biogen Idec, Inc.") == name_key("BIOGEN IDEC INC") == "biogen idec"


def test_an_organization_carries_a_key_for_each_spelling_of_its_names_and_tickers():
    keys = name_keys(["Harbor Biologics, Inc.", "HARBOR BIOLOGICS INC", "Harbor"], ["NASDAQ:HRBR"])
    assert keys == ["harbor biologics", "harbor", "nasdaq hrbr", "hrbr"]
    assert name_keys(["Inc."], []) == []          # a name that is only a legal form gives no key


def test_stores_written_before_name_keys_get_the_same_keys_from_sparql():
    store = ox.Store()
    org, g = ox.NamedNode("https://example.org/org/harbor"), ox.NamedNode("https://example.org/g")
    dg, rdfs = "https://w3id.org/dealgraph/ontology#", "http://www.w3.org/2000/01/rdf-schema#"
    for p, o in ((ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(dg + "Organization")),
                 (ox.NamedNode(rdfs + "label"), ox.Literal("Harbor Biologics, Inc.")),
                 (ox.NamedNode(dg + "alias"), ox.Literal("Harbor Bio Co., Ltd.")),
                 (ox.NamedNode(dg + "ticker"), ox.Literal("NYSE:HRB"))):
        store.add(ox.Quad(org, p, o, g))
    store.update(name_keys_update())
    got = [q.object.value for q in store.quads_for_pattern(org, ox.NamedNode(dg + "nameKey"), None, g)]
    assert sorted(got) == sorted(name_keys(["Harbor Biologics, Inc.", "Harbor Bio Co., Ltd."], ["NYSE:HRB"]))


def test_formats_match_the_w3c_serializers(store):
    text = ('SELECT ?s ?n ?d ?when ?flag ?tag ?odd WHERE { '
            'VALUES (?s ?n ?d ?when ?flag ?tag ?odd) { '
            '(<https://example.org/a> 42 1.50 "2004-10-01"^^xsd:date true "cancer"@en "a, \\"quoted\\"\\nline\\tand tab") '
            '(deal:x UNDEF -3.25 UNDEF false UNDEF "plain") } }')
    query = resolve(text)
    ours = run(store, query)
    theirs = lambda fmt: store.query(runner_module._PREFIX_LINE + text).serialize(format=fmt).decode()
    assert render(ours, "csv") == theirs(ox.QueryResultsFormat.CSV)
    assert render(ours, "tsv") == theirs(ox.QueryResultsFormat.TSV)
    assert json.loads(render(ours, "json")) == json.loads(theirs(ox.QueryResultsFormat.JSON))
    ask = run(store, resolve("ASK { ?d a dg:Acquisition }"))
    assert json.loads(render(ask, "json")) == {"head": {}, "boolean": True}


def test_table_is_for_people(store):
    table = render(run(store, load_saved("deals")), "table")
    header = table.splitlines()[0].split()
    assert header[:3] == ["deal", "date", "status"] and "investor" not in header
    assert "empty columns not shown: " in table and "investor" in table.splitlines()[-1]
    assert "deal:0000222222-21-000001/1" in table                           # IRIs shortened


def test_python_values(store):
    [lic] = [r for r in dealgraph.query(store, "deals", since="2021-01-01", until="2021-12-31")]
    assert isinstance(lic["date"], date) and isinstance(lic["upfront"], Decimal)
    [row] = dealgraph.query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?d a dg:Deal }")
    assert row == {"n": 3}
    assert dealgraph.query(store, "ASK { ?d a dg:SettlementAgreement }") is False


def test_errors_say_what_to_do(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["--store", "memory", "query", "dels"])
    assert result.exit_code == 2 and "Did you mean 'deals'?" in result.output
    result = runner.invoke(main, ["--store", "memory", "query", "-"], input="SELECT ?x WHERE {\n  ?x ?y\n}")
    assert result.exit_code == 2 and "<stdin>" in result.output and re.search(r"line 3, column \d", result.output)
    result = runner.invoke(main, ["--store", "memory", "query", "deals", "--param", "include=some"])
    assert result.exit_code == 2 and "all, disclosed, recalled" in result.output
    result = runner.invoke(main, ["--store", "memory", "query", "SELECT ?x WHERE { ?x ?p ?o }", "-p", "x=1"])
    assert result.exit_code == 2 and "no parameter named 'x'" in result.output and "# param:" in result.output
