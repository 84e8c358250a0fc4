"""The foundation's commands, driven as a user would through click's CliRunner."""
from __future__ import annotations

import rdflib
from click.testing import CliRunner
from rdflib import RDF, RDFS

from dealgraph.cli import main
from dealgraph.loaders.read import read_filing
from dealgraph.ontology.namespace import DG


def run(*args, env=None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
    return result


def ingested(tmp_path, sample_path):
    store = tmp_path / "store"
    result = run("--store", store, "ingest", sample_path)
    assert result.exit_code == 0, result.output
    return store, result


def exported(store, tmp_path) -> rdflib.Graph:
    out = tmp_path / "deals.ttl"
    assert run("--store", store, "export", "--format", "turtle", "--output", out).exit_code == 0
    return rdflib.Graph().parse(out, format="turtle")


def org_named(g, name):
    for org in g.subjects(RDF.type, DG.Organization):
        names = {str(o) for o in g.objects(org, RDFS.label)} | {str(o) for o in g.objects(org, DG.alias)}
        if name in names:
            return org
    raise AssertionError(f"no organization named {name}")


def test_ingest_prints_the_deals_it_found(tmp_path, sample_path):
    _, result = ingested(tmp_path, sample_path)
    deal_line = next(line for line in result.output.splitlines() if line.startswith("  "))
    assert "LicenseAgreement" in deal_line and "ImmunoGen" in deal_line and "Biogen Idec" in deal_line
    assert "Ingested 1 filing" in result.output


def test_the_sample_deal_as_rdf(tmp_path, sample_path):
    store, _ = ingested(tmp_path, sample_path)
    g = exported(store, tmp_path)
    immunogen, biogen = org_named(g, "ImmunoGen, Inc."), org_named(g, "Biogen Idec, Inc.")
    deals = [d for d in g.subjects(DG.licensor, immunogen) if (d, DG.licensee, biogen) in g
             and (d, DG.disclosedIn, None) in g]
    assert len(deals) == 1
    deal = deals[0]
    assert (deal, RDF.type, DG.LicenseAgreement) in g
    assert str(g.value(deal, DG.announcedOn)) == "2004-10-01"
    assert g.value(deal, DG.exclusive).toPython() is True
    assert str(g.value(deal, DG.territory)).lower() == "worldwide"
    payments = {}
    for p in g.objects(deal, DG.hasPayment):
        for t in g.objects(p, RDF.type):
            payments[t] = p
    assert g.value(payments[DG.UpfrontPayment], DG.amount).toPython() == 1000000
    assert str(g.value(payments[DG.UpfrontPayment], DG.currency)) == "USD"
    assert g.value(payments[DG.MilestonePayment], DG.amount).toPython() == 42000000
    assert g.value(payments[DG.MilestonePayment], DG.upTo).toPython() is True
    assert DG.RoyaltyPayment in payments
    concerns = " ".join(str(g.value(c, RDFS.label)) for c in g.objects(deal, DG.concerns)).lower()
    assert "tap" in concerns and "maytansinoid" in concerns
    assert str(g.value(immunogen, DG.stateOfIncorporation)) == "Massachusetts"
    assert str(g.value(immunogen, DG.fileNumber)) == "0-17999"
    assert str(g.value(immunogen, DG.irsNumber)) == "04-2726691"


def test_people_quoted_with_their_titles(tmp_path, sample_path):
    store, _ = ingested(tmp_path, sample_path)
    g = exported(store, tmp_path)
    people = {str(g.value(p, RDFS.label)): str(g.value(p, DG.title))
              for p in g.subjects(RDF.type, DG.Person)}
    assert "Mitchel Sayare" in people and "Chairman" in people["Mitchel Sayare"]
    assert "Michael Gilman" in people and "Executive Vice President" in people["Michael Gilman"]


def test_evidence_quotes_are_verbatim(tmp_path, sample_path):
    store, _ = ingested(tmp_path, sample_path)
    g = exported(store, tmp_path)
    text = read_filing(sample_path).documents[0].text
    evidence = list(g.subjects(RDF.type, DG.Evidence))
    assert len(evidence) >= 5
    for ev in evidence:
        start, end = g.value(ev, DG.charStart).toPython(), g.value(ev, DG.charEnd).toPython()
        assert text[start:end] == str(g.value(ev, DG.quote))


def test_ingesting_again_changes_nothing(tmp_path, sample_path):
    store, _ = ingested(tmp_path, sample_path)
    first = run("--store", store, "export").stdout_bytes
    assert run("--store", store, "ingest", sample_path).exit_code == 0
    assert run("--store", store, "export").stdout_bytes == first


def test_store_from_the_environment(tmp_path, sample_path):
    env = {"DEALGRAPH_STORE": str(tmp_path / "env-store")}
    assert run("ingest", sample_path, env=env).exit_code == 0
    assert (tmp_path / "env-store" / "dealgraph-store.json").exists()
    assert '"filings": 1' in run("stats", "--json", env=env).output


def test_stats_counts(tmp_path, sample_path):
    store, _ = ingested(tmp_path, sample_path)
    result = run("--store", store, "stats", "--json", "--per-graph")
    import json
    counts = json.loads(result.output)
    assert counts["filings"] == 1 and counts["deals"] >= 1 and counts["organizations"] >= 2
    assert counts["triples"] == sum(n for g, n in counts["graphs"].items() if "/filing/" in g)


def test_remove_by_source_file(tmp_path, sample_path):
    store, _ = ingested(tmp_path, sample_path)
    result = run("--store", store, "remove", sample_path)
    assert result.exit_code == 0 and "removed" in result.output
    assert '"filings": 0' in run("--store", store, "stats", "--json").output
    again = run("--store", store, "remove", sample_path)
    assert again.exit_code == 1 and "no filing" in again.output


def test_remove_by_accession(tmp_path, data_dir):
    store = tmp_path / "store"
    assert run("--store", store, "ingest", data_dir / "submission_8k.txt").exit_code == 0
    assert run("--store", store, "remove", "0000999999-21-000123").exit_code == 0
    assert '"filings": 0' in run("--store", store, "stats", "--json").output


def test_a_bad_file_is_reported_and_the_rest_is_loaded(tmp_path, sample_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(sample_path.read_bytes())
    (folder / "empty file.txt").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.5 binary")
    result = run("--store", tmp_path / "store", "ingest", folder)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty file.txt: empty file" in e for e in errors)
    assert any("scan.pdf: not a text filing" in e for e in errors)
    assert '"filings": 1' in run("--store", tmp_path / "store", "stats", "--json").output


def test_strict_stops_at_the_first_bad_file(tmp_path, sample_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-empty.txt").write_bytes(b"")
    (folder / "b-good.txt").write_bytes(sample_path.read_bytes())
    result = run("--store", tmp_path / "store", "ingest", "--strict", folder)
    assert result.exit_code == 1
    assert '"filings": 0' in run("--store", tmp_path / "store", "stats", "--json").output


def test_ontology_prints_turtle():
    g = rdflib.Graph().parse(data=run("ontology").output, format="turtle")
    assert (DG.LicenseAgreement, RDFS.subClassOf, DG.Deal) in g


def test_validate_the_sample(tmp_path, sample_path):
    store, _ = ingested(tmp_path, sample_path)
    result = run("--store", store, "validate")
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_every_command_has_help_with_an_example():
    for name, command in main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output and "dealgraph " in result.output, f"{name} --help has no example"


def test_every_corpus_file_ingests(tmp_path, corpus_files):
    result = run("--store", tmp_path / "store", "ingest", "--jobs", "2", *corpus_files)
    assert result.exit_code == 0, result.output[-2000:]
    assert f"Ingested {len(corpus_files)} filings" in result.output


def test_compact_keeps_every_triple_and_a_missing_store_is_an_error(tmp_path, sample_path, data_dir):
    store = tmp_path / "store"
    assert run("--store", store, "ingest", sample_path, *sorted(data_dir.glob("*.txt"))).exit_code == 0
    before = run("--store", store, "export", "--format", "nquads").stdout_bytes
    result = run("--store", store, "compact")
    assert result.exit_code == 0 and result.output.startswith(f"Compacted {store} in ")
    assert run("--store", store, "export", "--format", "nquads").stdout_bytes == before
    missing = run("--store", tmp_path / "nothing", "compact")
    assert missing.exit_code == 1 and "no dealgraph store here" in missing.output
    assert not (tmp_path / "nothing").exists()      # (not created by the attempt)


def test_a_batch_that_is_half_the_store_or_more_ends_compacted(tmp_path, sample_path, data_dir,
                                                               monkeypatch):
    import dealgraph.pipeline as pipeline
    from dealgraph.graph.store import Store, open_store
    compactions = []
    real = Store.compact
    monkeypatch.setattr(Store, "compact", lambda self: (compactions.append(1), real(self)))
    files = sorted(data_dir.glob("*.txt"))                  # three filings
    monkeypatch.setattr(pipeline, "COMPACT_AFTER", 2)
    store = open_store(tmp_path / "store")
    small = pipeline.ingest_paths(store, [sample_path])      # fewer than COMPACT_AFTER
    assert not small.compacted and compactions == []
    monkeypatch.setattr(pipeline, "COMPACT_AFTER", 1)
    large = pipeline.ingest_paths(store, files)              # three of the four
    assert large.compacted and compactions == [1]
    again = pipeline.ingest_paths(store, [sample_path])      # one of four: not worth it
    assert not again.compacted and compactions == [1]
    assert len(store.filing_graphs()) == 4
    store.close()
    result = run("--store", tmp_path / "other", "ingest", *files)
    assert result.exit_code == 0 and "store compacted for faster queries" in result.output
