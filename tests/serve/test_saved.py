"""The saved queries over HTTP: listed with their parameters, run with values bound safely."""
from __future__ import annotations

import csv
import io
import json
import urllib.parse

from tests.serve.test_protocol import get


def run(server, name, *params, fmt=None):
    query = [("name", name)] + [("param", p) for p in params] + ([("format", fmt)] if fmt else [])
    return get(f"{server.url}api/run?{urllib.parse.urlencode(query)}")


def test_the_saved_queries_are_listed_with_their_parameters(server):
    status, ctype, body = get(server.url + "api/queries")
    assert status == 200 and ctype.startswith("application/json")
    queries = {q["name"]: q for q in json.loads(body)}
    deals = queries["deals"]
    assert deals["title"] == "Deals"
    params = {p["name"]: p for p in deals["params"]}
    assert params["since"]["type"] == "date" and not params["since"]["required"]
    assert params["include"]["choices"] == ["all", "disclosed", "recalled"]
    assert params["include"]["default"] == "all"
    assert "SELECT" in deals["text"]


def test_run_a_saved_query_with_a_parameter(server):
    status, ctype, body = run(server, "deals", "company=Zenith Pharma")
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == 1
    assert rows[0]["licensor"]["value"] == "Acme Bio, Inc."
    assert rows[0]["licensee"]["value"] == "Zenith Pharma"
    status, _, body = run(server, "deals", "company=Nobody Inc.")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


def test_run_a_saved_query_as_csv(server):
    status, ctype, body = run(server, "deals", "since=2020-01-01", fmt="csv")
    assert status == 200 and ctype.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert [r["licensee"] for r in rows] == ["Zenith Pharma"]


def test_a_value_is_never_query_text(server):
    status, _, body = run(server, "deals", 'company=x" ) } ?s ?p ?o . FILTER(true || ("')
    assert status == 200 and json.loads(body)["results"]["bindings"] == []


def test_bad_parameters_are_explained(server):
    status, _, body = run(server, "deals", "since=yesterday")
    assert status == 400 and b"since" in body and b"YYYY-MM-DD" in body
    status, _, body = run(server, "deals", "colour=red")
    assert status == 400 and b"colour" in body and b"since" in body
    status, _, body = run(server, "deels")
    assert status == 400 and b"deals" in body


def test_the_graph_of_a_result_is_a_page_that_loads_nothing(server):
    import re
    query = urllib.parse.urlencode({"query": "DESCRIBE ?d WHERE { ?d a dg:Deal }"})
    for path in ("viz?name=deals&param=company%3DZenith+Pharma", f"viz?{query}"):
        status, ctype, body = get(server.url + path)
        assert status == 200 and ctype.startswith("text/html")
        html = body.decode()
        assert "vis.Network" in html and "Zenith Pharma" in html
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    status, _, body = get(server.url + "viz?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert status == 400 and b"ASK" in body
