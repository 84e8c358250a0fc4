"""dealgraph validate on a whole store: each filing checked on its own, a batch at a time, and
each result names the filing it was found in."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.graph.store import open_store
from dealgraph.graph.validate import validate_store
from dealgraph.loaders.to_rdf import facts_to_graph, filing_iri
from tests.factories import make_facts, make_filing

DG = "https://w3id.org/dealgraph/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
IDS = [f"0000111111-20-00000{n}" for n in range(1, 6)]     # five filings naming the same companies


@pytest.fixture
def store(tmp_path):
    store = open_store(tmp_path / "store")
    for identity in IDS:
        filing = make_filing(identity, source=f"{identity}.txt")
        store.replace_graph(str(filing_iri(identity)), facts_to_graph(filing, make_facts(filing)))
    yield store
    store.close()


def graph(n: int) -> str:
    return str(filing_iri(IDS[n]))


@pytest.mark.parametrize("batch", [1, 400, 10_000_000])     # a filing per batch … all in one
def test_a_clean_store_conforms_whatever_the_batch(store, batch):
    check = validate_store(store, batch_triples=batch)
    assert check.conforms and check.results == [] and check.graphs == 5
    assert check.triples == sum(store.count(g) for g in store.filing_graphs())


@pytest.mark.parametrize("batch", [1, 400, 10_000_000])
def test_a_result_names_the_filing_at_fault(store, batch):
    store.backend.update(f"DELETE WHERE {{ GRAPH <{graph(3)}> {{ ?e <{DG}quote> ?q }} }}")
    check = validate_store(store, batch_triples=batch)
    assert not check.conforms
    assert {r.graph for r in check.results} == {graph(3)}
    assert all(str(r.violation.path) == f"{DG}quote" for r in check.results)


@pytest.mark.parametrize("batch", [1, 10_000_000])
def test_a_company_named_by_several_filings_is_blamed_on_the_one_that_lost_its_name(store, batch):
    # every filing names Zenith Pharma; one of them lost its name: only that one is at fault
    store.backend.update(f"""DELETE WHERE {{ GRAPH <{graph(1)}> {{
        ?org <{RDFS_LABEL}> ?name ; <{DG}nameKey> "zenith pharma" }} }}""")
    check = validate_store(store, batch_triples=batch)
    assert [(r.graph, str(r.violation.path)) for r in check.results] == [(graph(1), RDFS_LABEL)]
    assert check.counts == {"Violation": 1}


def test_the_command_lists_results_with_their_filing_and_counts_the_rest(store, tmp_path):
    store.backend.update(f"DELETE WHERE {{ GRAPH ?g {{ ?e <{DG}quote> ?q }} }}")
    total = len(validate_store(store).results)
    store.close()
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "validate",
                                       "--max-violations", "2"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"does not conform: {total} violations;")
    assert len(lines) == 4 and all("(in <https://w3id.org/dealgraph/id/filing/" in l for l in lines[1:3])
    assert lines[3] == f"  … and {total - 2} more (--max-violations)"


def test_validate_of_a_missing_store_is_an_error_and_creates_nothing(tmp_path):
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "none"), "validate"])
    assert result.exit_code == 1 and "no dealgraph store here" in result.output
    assert not (tmp_path / "none").exists()
