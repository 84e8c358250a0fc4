"""dealgraph extract + dealgraph load: the map step without a store, then a bulk load."""
from __future__ import annotations

import gzip

import pytest
from click.testing import CliRunner

from dealgraph.cli import main


@pytest.fixture
def inputs(sample_path, data_dir):
    return [str(sample_path), *sorted(str(p) for p in data_dir.glob("*.txt"))]


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


def nquads(store) -> bytes:
    result = run("--store", store, "export", "--format", "nquads")
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_facts_written_before_name_keys_existed_are_found_by_name_after_load(tmp_path, sample_path):
    assert run("extract", sample_path, "--output", tmp_path / "facts.nq").exit_code == 0
    old = b"".join(line for line in (tmp_path / "facts.nq").read_bytes().splitlines(keepends=True)
                   if b"ontology#nameKey" not in line)
    (tmp_path / "old.nq").write_bytes(old)
    assert run("--store", tmp_path / "store", "load", tmp_path / "old.nq").exit_code == 0
    found = run("--store", tmp_path / "store", "query", "company", "--param", "name=BIOGEN IDEC INC")
    assert found.exit_code == 0 and "Biogen Idec" in found.output


def test_a_load_of_old_and_new_files_together_finds_organizations_of_both(tmp_path, sample_path,
                                                                          data_dir):
    assert run("extract", sample_path, "--output", tmp_path / "sample.nq").exit_code == 0
    assert run("extract", data_dir / "plain_8k.txt", "--output", tmp_path / "new.nq").exit_code == 0
    old = b"".join(line for line in (tmp_path / "sample.nq").read_bytes().splitlines(keepends=True)
                   if b"ontology#nameKey" not in line)
    (tmp_path / "old.nq").write_bytes(old)
    store = tmp_path / "store"
    assert run("--store", store, "load", tmp_path / "new.nq", tmp_path / "old.nq").exit_code == 0
    for name, label in (("biogen idec", "Biogen Idec"), ("HARBOR BIOSCIENCES", "Harbor Biosciences")):
        found = run("--store", store, "query", "company", "--param", f"name={name}")
        assert found.exit_code == 0 and label in found.output, name
    # the keys added to the old file's graphs are the ones extract writes today
    ingested = tmp_path / "ingested"
    assert run("--store", ingested, "ingest", sample_path, data_dir / "plain_8k.txt").exit_code == 0
    assert nquads(store) == nquads(ingested)


def test_extract_then_load_gives_the_same_store_as_ingest(tmp_path, inputs):
    assert run("--store", tmp_path / "ingested", "ingest", *inputs).exit_code == 0
    extracted = run("extract", *inputs, "--output", tmp_path / "facts.nq")
    assert extracted.exit_code == 0, extracted.output
    assert f"Extracted {len(inputs)} filings" in extracted.output
    loaded = run("--store", tmp_path / "loaded", "load", tmp_path / "facts.nq")
    assert loaded.exit_code == 0, loaded.output
    assert f"Loaded {len(inputs)} graphs" in loaded.output
    expected = nquads(tmp_path / "ingested")
    assert expected and nquads(tmp_path / "loaded") == expected
    assert run("--store", tmp_path / "fast", "load", "--fast", tmp_path / "facts.nq").exit_code == 0
    assert nquads(tmp_path / "fast") == expected


def test_extract_is_the_same_bytes_with_several_processes_and_gzip(tmp_path, inputs):
    assert run("extract", *inputs, "-o", tmp_path / "one.nq").exit_code == 0
    assert run("extract", *inputs, "-o", tmp_path / "two.nq.gz", "--jobs", "2").exit_code == 0
    assert gzip.decompress((tmp_path / "two.nq.gz").read_bytes()) == (tmp_path / "one.nq").read_bytes()
    assert run("--store", tmp_path / "s", "load", tmp_path / "two.nq.gz").exit_code == 0
    assert run("--store", tmp_path / "i", "ingest", *inputs).exit_code == 0
    assert nquads(tmp_path / "s") == nquads(tmp_path / "i")


def test_load_replaces_each_filings_graph(tmp_path, inputs):
    store = tmp_path / "s"
    assert run("extract", *inputs, "-o", tmp_path / "facts.nq").exit_code == 0
    assert run("--store", store, "load", tmp_path / "facts.nq").exit_code == 0
    once = nquads(store)
    # an older version of the first filing's graph, with an extra triple, is replaced by the load
    first_graph = (tmp_path / "facts.nq").read_text().splitlines()[0].rsplit(" ", 2)[1]
    stale = f'<https://w3id.org/dealgraph/id/org/stale> <http://www.w3.org/2000/01/rdf-schema#label> "stale" {first_graph} .\n'
    (tmp_path / "stale.nq").write_text(stale)
    assert run("--store", store, "load", tmp_path / "stale.nq").exit_code == 0
    assert b"stale" in nquads(store)
    assert run("--store", store, "load", tmp_path / "facts.nq").exit_code == 0
    assert nquads(store) == once


@pytest.mark.parametrize("damage, line", [
    (lambda lines: lines[:2] + ['<https://x.org/s> <https://x.org/p> "unterminated <https://x.org/g> .'] + lines[2:], 3),
    (lambda lines: lines[:4] + ["<not an iri> <https://x.org/p> <https://x.org/o> <https://x.org/g> ."] + lines[4:], 5),
    (lambda lines: lines[:1] + ["<https://x.org/s> <https://x.org/p> <https://x.org/o> ."] + lines[1:], 2),
])
def test_a_damaged_file_is_one_line_naming_file_and_line_and_changes_nothing(tmp_path, inputs, damage, line):
    store = tmp_path / "s"
    assert run("extract", *inputs, "-o", tmp_path / "facts.nq").exit_code == 0
    assert run("--store", store, "load", tmp_path / "facts.nq").exit_code == 0
    before = nquads(store)
    lines = (tmp_path / "facts.nq").read_text().splitlines()
    (tmp_path / "damaged.nq").write_text("\n".join(damage(lines)) + "\n")
    (tmp_path / "other.nq").write_text(
        '<https://x.org/new> <https://x.org/p> "new" <https://w3id.org/dealgraph/id/filing/new> .\n')
    result = run("--store", store, "load", tmp_path / "other.nq", tmp_path / "damaged.nq")
    assert result.exit_code != 0
    message = result.output.strip()
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"Error: {tmp_path / 'damaged.nq'}: ")
    assert f"{'quad' if line == 2 else 'line'} {line}" in message
    assert nquads(store) == before                 # not even the good file before it was loaded


def test_extract_reports_bad_files_and_strict_leaves_no_output(tmp_path, inputs):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = run("extract", *inputs, bad, "-o", tmp_path / "facts.nq")
    assert result.exit_code == 1
    assert f"error: {bad}" in result.output
    assert (tmp_path / "facts.nq").exists()
    strict = run("extract", bad, *inputs, "-o", tmp_path / "strict.nq", "--strict")
    assert strict.exit_code == 1
    assert not (tmp_path / "strict.nq").exists() and not (tmp_path / "strict.nq.part").exists()


def test_load_of_a_missing_file_is_an_error(tmp_path):
    result = run("--store", tmp_path / "s", "load", tmp_path / "nope.nq")
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'nope.nq'}: no such file"


def test_export_spilling_sorted_runs_to_disk_gives_the_same_bytes(tmp_path, inputs, monkeypatch):
    """Big stores sort the union on disk (RUN_LINES at a time); the bytes must not change."""
    from dealgraph.graph import export as export_module
    from dealgraph.graph.store import open_store
    assert run("--store", tmp_path / "s", "ingest", *inputs).exit_code == 0
    store = open_store(tmp_path / "s", read_only=True)
    in_memory = {fmt: export_module.export(store, fmt) for fmt in ("turtle", "ntriples", "jsonld")}
    monkeypatch.setattr(export_module, "RUN_LINES", 50)
    monkeypatch.setattr(export_module, "_BATCH", 7)
    for fmt, data in in_memory.items():
        assert export_module.export(store, fmt) == data, fmt
    lines = in_memory["ntriples"].splitlines()
    assert lines == sorted(set(lines)) and len(lines) > 50   # sorted, no duplicates, several runs
