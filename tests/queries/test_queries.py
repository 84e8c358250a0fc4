"""Saved queries, safe parameters, result formats and the Python API."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
import rdflib
from click.testing import CliRunner

import dealgraph
from dealgraph.cli import main
from dealgraph.errors import QueryError
from dealgraph.graph.store import open_store
from dealgraph.loaders.to_rdf import facts_to_graph, filing_iri
from dealgraph.queries import saved_names
from tests.factories import make_facts, make_filing

DEAL = "https://w3id.org/dealgraph/id/deal/0000111111-20-000001/1"


@pytest.fixture
def store_dir(tmp_path):
    path = tmp_path / "store"
    store = open_store(path)
    filing = make_filing()
    store.replace_graph(str(filing_iri(filing.identity)), facts_to_graph(filing, make_facts(filing)))
    store.close()
    return path


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def test_the_saved_queries_are_there():
    assert {"deals", "company", "partners", "payments-by-year", "technologies", "evidence"} <= set(saved_names())
    listing = run("queries").output
    assert "company: Everything about one organization" in listing and "--param name (name, required)" in listing


def test_deals(store_dir):
    [row] = dealgraph.query(str(store_dir), "deals")
    assert (row["licensor"], row["licensee"]) == ("Acme Bio, Inc.", "Zenith Pharma")
    assert row["upfront"] == Decimal(3000000) and row["milestones"] == Decimal(50000000)
    assert row["royalties"] is True and row["currency"] == "USD" and row["date"] == date(2020, 5, 4)
    assert row["status"] == "disclosed" and row["source_file"] == "acme.txt"
    assert dealgraph.query(str(store_dir), "deals", since="2021-01-01") == []
    assert len(dealgraph.query(str(store_dir), "deals", company="ZENITH pharma")) == 1


def test_company_by_any_spelling(store_dir):
    rows = dealgraph.query(str(store_dir), "company", name="acme bio")
    assert rows == dealgraph.query(str(store_dir), "company", name="Acme Bio, Inc.")
    assert rows == dealgraph.query(str(store_dir), "company", name="ACME")          # an alias
    facts = {(r["what"], r["value"]) for r in rows}
    assert ("cik", "111111") in facts and ("licensor", "License agreement: Acme Bio, Inc. – Zenith Pharma (2020-05-04)") in facts
    assert dealgraph.query(str(store_dir), "company", name="Nobody Ltd") == []


def test_partners_payments_technologies_evidence(store_dir):
    [pair] = dealgraph.query(str(store_dir), "partners")
    assert {pair["a_name"], pair["b_name"]} == {"Acme Bio, Inc.", "Zenith Pharma"} and pair["deals"] == 1
    assert pair["first"] == pair["last"] == date(2020, 5, 4)
    sums = {(r["year"], r["type"]): r["total"] for r in dealgraph.query(str(store_dir), "payments-by-year")}
    assert sums == {(2020, "MilestonePayment"): Decimal(50000000), (2020, "UpfrontPayment"): Decimal(3000000)}
    [thing] = dealgraph.query(str(store_dir), "technologies", kind="Technology")
    assert thing["thing_label"] == "Foldase platform" and thing["deal"] == DEAL
    assert dealgraph.query(str(store_dir), "technologies", kind="Indication") == []
    evidence = dealgraph.query(str(store_dir), "evidence", deal=DEAL)
    assert any(r["what"] == "deal" and r["quote"].startswith("On May 4, 2020") for r in evidence)


@pytest.mark.parametrize("hostile", ['Acme" } UNION { ?s ?p ?o } #', "Acme'; DROP ALL", "{ } # \\ \" '",
                                     "Acme Bio, Inc.\" . ?x ?y ?z . FILTER(\"\"=\"\")"])
def test_parameters_cannot_change_a_query(store_dir, hostile):
    for name in ("company", "partners", "technologies"):
        key = {"company": "name", "partners": "company", "technologies": "name"}[name]
        assert dealgraph.query(str(store_dir), name, **{key: hostile}) == []
    assert dealgraph.query(str(store_dir), "deals", company=hostile) == []


def test_parameter_errors_name_the_parameters(store_dir):
    with pytest.raises(QueryError, match="no parameter named 'colour'.*name \\(name, required\\)"):
        dealgraph.query(str(store_dir), "company", colour="red")
    with pytest.raises(QueryError, match="'name' is required"):
        dealgraph.query(str(store_dir), "company")
    result = run("--store", store_dir, "query", "deals", "--param", "since=yesterday")
    assert result.exit_code == 2 and "since" in result.output


def test_syntax_error_gives_name_line_and_column(store_dir, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x\nWHERE { ?x a dg:Deal \n")
    result = run("--store", store_dir, "query", bad)
    assert result.exit_code == 2
    assert "bad.rq" in result.output and "syntax error at line 3, column 1" in result.output


def test_csv_tsv_json_parse_back(store_dir):
    out = run("--store", store_dir, "query", "deals", "--format", "csv").output
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["upfront"] == "3000000" and row["licensor"] == "Acme Bio, Inc."
    tsv = run("--store", store_dir, "query", "deals", "--format", "tsv").output.splitlines()
    header, values = tsv[0].split("\t"), tsv[1].split("\t")
    assert header[0] == "?deal" and dict(zip(header, values))["?licensor"] == '"Acme Bio, Inc."'
    data = json.loads(run("--store", store_dir, "query", "deals", "--format", "json").output)
    binding = data["results"]["bindings"][0]
    assert binding["upfront"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert binding["date"] == {"type": "literal", "value": "2020-05-04",
                               "datatype": "http://www.w3.org/2001/XMLSchema#date"}


def test_ask_construct_and_standard_input(store_dir):
    assert run("--store", store_dir, "query", "ASK { ?d a dg:LicenseAgreement }", "-f", "json").output.strip() \
        .endswith('"boolean":true}')
    turtle = run("--store", store_dir, "query", "-", input="CONSTRUCT { ?d dg:licensor ?o } WHERE { ?d dg:licensor ?o }").output
    g = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(g) == 1


def test_output_file(store_dir, tmp_path):
    out = tmp_path / "answers.csv"
    assert run("--store", store_dir, "query", "partners", "-f", "csv", "-o", out).exit_code == 0
    assert out.read_text().startswith("a_name,b_name,deals")


def test_the_sample_deal_as_json(tmp_path, sample_path):
    store = tmp_path / "s"
    assert run("--store", store, "ingest", sample_path).exit_code == 0
    data = json.loads(run("--store", store, "query", "deals", "--format", "json").output)
    rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    [deal] = [r for r in rows if r.get("status") == "disclosed" and "Biogen" in r.get("licensee", "")]
    assert "ImmunoGen" in deal["licensor"]
    assert (deal["upfront"], deal["milestones"], deal["royalties"]) == ("1000000", "42000000", "true")
    assert all(r["status"] == "recalled" for r in rows if r is not deal)
    a = run("--store", store, "query", "company", "--param", "name=biogen idec", "-f", "json").output
    b = run("--store", store, "query", "company", "--param", "name=Biogen Idec, Inc.", "-f", "json").output
    assert a == b and "org/biogen-idec" in a


def test_a_company_named_in_two_filings_is_listed_once(tmp_path):
    store = open_store(tmp_path / "s")
    for identity in ("0000111111-20-000001", "0000111111-20-000002"):
        filing = make_filing(identity)
        store.replace_graph(str(filing_iri(identity)), facts_to_graph(filing, make_facts(filing)))
    rows = dealgraph.query(store, "company", name="Acme Bio")
    assert len([r for r in rows if r["what"] == "label"]) == 1
    assert len([r for r in rows if r["what"] == "licensor"]) == 2          # one per deal
    assert len(dealgraph.query(store, "technologies")) == 2                 # Foldase, once per deal
