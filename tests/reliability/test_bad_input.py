"""Bad input: one line per bad file naming it and what is wrong, the rest of the batch is
loaded, the exit code tells, ``--strict`` stops at the first, and the store holds exactly the
good filings."""
from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from rdflib import RDFS, Dataset, Literal, URIRef

from dealgraph.ontology.namespace import DG
from tests.reliability.conftest import command_env, dealgraph, dealgraph_command, error_lines, graphs_of
from tests.reliability.synthetic import filing_text
from tests.reliability.users import without_override

# name -> (content, what the error line must say). Each is something people really find in a
# folder of downloaded filings.
BAD = {
    "empty.txt": (b"", "empty file"),
    "blank lines.txt": (b"\n\n   \r\n\t\n", "empty file"),
    "scan.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "looks like a PDF"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(range(256)), "looks like a JPEG"),
    "filing.txt.gz": (gzip.compress(filing_text(1).encode()), "looks like a gzip"),
    "exhibit.docx": (None, "looks like a ZIP"),                     # built below
    "logo.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "looks like a PNG"),
    "data.bin": (bytes(range(256)) * 64, "binary content"),
    "markup only.html": (b"<html><head><title></title></head><body><div><p></p></div></body></html>",
                         "no text in it"),
    "controls.txt": (b"\x01\x02\x03\x1b\x7f\x0b \x01", "no text in it"),
}


def _docx() -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _good_files() -> dict[str, bytes]:
    """Odd but genuine filings: each must be ingested."""
    smart = filing_text(2, registrant="O\u2019Brien \u201cBlue\u201d Bio, Inc.")
    html = ("<html><body><div><p>" + filing_text(4).replace("\n\n", "</p><p>")
            + "</p><p>Contact: <a href=\"https://example.com/inv")          # cut inside a tag
    return {
        "01 plain 8-K.txt": filing_text(1).encode(),
        "02 cp1252 smart quotes.txt": smart.encode("cp1252"),
        "03 utf-16.txt": filing_text(3, registrant="Soci\u00e9t\u00e9 G\u00e9n\u00e9rale Bio, Inc.")
        .encode("utf-16"),
        "04 cut in a tag.html": html.encode(),
        "05 Ünïcødé name – copy (1).txt": filing_text(5).encode(),
        "06 utf-16-le no BOM.txt": filing_text(6).encode("utf-16-le"),
        "07 crlf and form feeds.txt": filing_text(7).replace("\n", "\r\n")
        .replace("Item 9.01", "\fItem 9.01").encode(),
    }


def _write(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


@pytest.fixture
def mixed_folder(tmp_path) -> tuple[Path, dict[str, bytes], dict[str, str]]:
    folder = tmp_path / "downloads"
    good = _good_files()
    bad = {name: (data if data is not None else _docx()) for name, (data, _) in BAD.items()}
    _write(folder, good)
    _write(folder, bad)
    sub = folder / "nested"
    sub.mkdir()
    os.symlink("..", sub / "loop")                              # a folder link loop
    os.symlink("nowhere.txt", folder / "dangling link.txt")    # a link to nothing
    os.mkfifo(folder / "pipe.txt")                             # would block a naive reader
    expected = {name: why for name, (_, why) in BAD.items()}
    expected |= {"nested/loop": "link loop", "dangling link.txt": "no such file",
                 "pipe.txt": "not a regular file"}
    return folder, good, expected


def test_every_bad_file_is_named_and_the_good_ones_are_loaded(tmp_path, scratch, mixed_folder):
    folder, good, expected = mixed_folder
    store = tmp_path / "store"
    missing = tmp_path / "not there.txt"
    result = dealgraph("--store", store, "ingest", folder, missing, cwd=scratch)
    assert result.returncode == 1, result.stderr
    errors = error_lines(result)
    assert len(errors) == len(expected) + 1, "\n".join(errors)
    for name, why in expected.items():
        hits = [e for e in errors if f"{folder}{os.sep}{name}:" in e]
        assert len(hits) == 1 and why in hits[0], (name, why, errors)
    assert any(str(missing) in e and "no such file" in e for e in errors)
    assert all("Traceback" not in line for line in result.stderr.splitlines())
    assert f"Ingested {len(good)} filings" in result.stdout + result.stderr
    assert f"{len(expected) + 1} files failed" in result.stdout + result.stderr

    # The store holds exactly the good filings: the same graphs as ingesting them one by one.
    reference = tmp_path / "reference"
    ok = dealgraph("--store", reference, "ingest",
                   *[os.path.join(str(folder), name) for name in good], cwd=scratch)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert graphs_of(store) == graphs_of(reference)
    assert len(graphs_of(store)) == len(good)


def test_text_in_odd_encodings_survives(tmp_path, scratch, mixed_folder):
    folder, _, _ = mixed_folder
    store = tmp_path / "store"
    names = ["02 cp1252 smart quotes.txt", "03 utf-16.txt", "05 Ünïcødé name – copy (1).txt"]
    result = dealgraph("--store", store, "ingest", *[folder / n for n in names], cwd=scratch)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "all.nq"
    assert dealgraph("--store", store, "export", "--format", "nquads", "--output", out,
                     cwd=scratch).returncode == 0
    ds = Dataset(default_union=True)
    ds.parse(out, format="nquads")
    labels = {str(o) for o in ds.objects(None, RDFS.label)}
    sources = {str(o) for o in ds.objects(None, DG.sourceFile)}
    assert any("O\u2019Brien \u201cBlue\u201d Bio, Inc." in label for label in labels), labels
    assert any("Soci\u00e9t\u00e9 G\u00e9n\u00e9rale Bio, Inc." in label for label in labels), labels
    assert str(folder / "05 Ünïcødé name – copy (1).txt") in sources
    assert not any("\ufffd" in label for label in labels)


def test_strict_stops_at_the_first_bad_file(tmp_path, scratch):
    folder = tmp_path / "in"
    _write(folder, {"a.txt": filing_text(1).encode(), "b.txt": filing_text(2).encode(),
                    "c.pdf": b"%PDF-1.4 nothing", "d.txt": filing_text(4).encode()})
    store = tmp_path / "store"
    result = dealgraph("--store", store, "ingest", "--strict", folder, cwd=scratch)
    assert result.returncode == 1
    assert error_lines(result) == [f"error: {folder / 'c.pdf'}: not a text filing: looks like a PDF document"]
    assert "d.txt" not in result.stdout
    sources = {src for g in graphs_of(store).values() for line in g
               if "#sourceFile>" in line for src in [line.split('"')[1]]}
    assert sources == {str(folder / "a.txt"), str(folder / "b.txt")}


def test_a_file_name_that_is_not_utf8(tmp_path, scratch):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/latin-1 caf\xe9.txt", "w") as fh:
        fh.write(filing_text(9))
    store = tmp_path / "store"
    result = dealgraph("--store", store, "ingest", folder, cwd=scratch)
    assert result.returncode == 0, result.stdout + result.stderr
    (graph,) = graphs_of(store).values()
    assert any("latin-1 caf\ufffd.txt" in line for line in graph if "#sourceFile>" in line)


def test_a_file_that_cannot_be_read(tmp_path, scratch):
    """chmod 000 (root's override of permissions is dropped for the command when needed)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a-locked.txt").write_text(filing_text(1))
    (inputs / "a-locked.txt").chmod(0)
    (inputs / "b-open.txt").write_text(filing_text(2))
    as_user = without_override(tmp_path)
    result = dealgraph("--store", tmp_path / "store", "ingest", inputs, cwd=scratch, **as_user)
    assert result.returncode == 1, result.stdout + result.stderr
    assert error_lines(result) == [f"error: {inputs / 'a-locked.txt'}: permission denied"]
    assert "Ingested 1 filing" in result.stdout


def test_a_10k_and_a_text_that_is_no_filing_are_ingested_without_deals(tmp_path, scratch):
    """Decision (docs/reliability.md): any readable text is ingested as a filing; one with no
    deal simply adds none, and one with no SEC form, registrant or company gets a warning line.
    Press releases and 10-K excerpts are part of the real corpus."""
    folder = tmp_path / "in"
    ten_k = ("UNITED STATES SECURITIES AND EXCHANGE COMMISSION\nWashington, D.C. 20549\n\nFORM 10-K\n\n"
             "ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934\n\n"
             "For the fiscal year ended December 31, 2019\n\nNorthwind Labs, Inc.\n"
             "(Exact name of registrant as specified in its charter)\n\nItem 1. Business\n\n"
             "We are a clinical-stage company developing small molecules for fibrosis.\n\n"
             "Item 1A. Risk Factors\n\nOur product candidates may fail in clinical trials.\n")
    _write(folder, {"10-K.txt": ten_k.encode(),
                    "recipe.txt": b"Pancakes\n\nMix two eggs with a cup of flour and a cup of milk.\n"})
    store = tmp_path / "store"
    result = dealgraph("--store", store, "ingest", folder, cwd=scratch)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "10-K.txt: 0 deals" in result.stdout
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == [
        (f"warning: {folder / 'recipe.txt'}: no SEC form, registrant or company found in it; "
         "ingested as a filing with no deals")]
    assert "Ingested 2 filings" in result.stdout
    assert len(graphs_of(store)) == 2


def test_real_press_releases_and_10k_excerpts_ingest_without_error(tmp_path, scratch, corpus_files):
    picked = [p for p in corpus_files if re.search(r"10-K|press-release|EX-10", p.name)][:8]
    assert picked
    result = dealgraph("--store", tmp_path / "store", "ingest", "--jobs", "2", *picked, cwd=scratch)
    assert result.returncode == 0, result.stderr
    assert not error_lines(result) and "warning:" not in result.stderr, result.stderr
    assert f"Ingested {len(picked)} filings" in result.stdout


BIG_MB = 50


def test_a_50_mb_filing_is_handled_in_bounded_time_and_memory(tmp_path, scratch):
    folder = tmp_path / "big"
    folder.mkdir()
    body = filing_text(11)
    paragraph = ("The Company continues to evaluate its research programs and its collaborations, "
                 "and may enter into further agreements in the ordinary course of business.\n\n")
    with open(folder / "big.txt", "w") as fh:
        fh.write(body)
        while fh.tell() < BIG_MB * 1_000_000:
            fh.write(paragraph * 1000)
        fh.truncate(BIG_MB * 1_000_000)
    (folder / "small.txt").write_text(filing_text(12))
    rss_file = tmp_path / "peak-rss"
    # A small parent that runs the command and reports its peak resident memory.
    measure = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[2:]); "
               "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
               "sys.exit(r.returncode)")
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", measure, str(rss_file), *dealgraph_command(),
         "--store", str(tmp_path / "store"), "ingest", str(folder)],
        cwd=scratch, env=command_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    elapsed = time.monotonic() - started
    peak_mb = int(rss_file.read_text()) / 1024
    assert elapsed < 90, f"took {elapsed:.0f} s"
    assert peak_mb < 1500, f"peak memory {peak_mb:.0f} MB"
    assert "Traceback" not in err
    # Decision (docs/reliability.md): files over 25 MB are refused before they are read.
    assert proc.returncode == 1
    assert error_lines(subprocess.CompletedProcess([], 1, out, err)) == [
        (f"error: {folder / 'big.txt'}: too large (50.0 MB; dealgraph reads files up to 25 MB, "
         "set DEALGRAPH_MAX_FILE_MB to change that)")]
    assert f"{folder / 'small.txt'}: 1 deal" in out
    assert len(graphs_of(tmp_path / "store")) == 1


def test_a_literal_filename_with_a_quote_and_backslash(tmp_path, scratch):
    folder = tmp_path / 'odd "name" \\ <dir>'
    _write(folder, {'say "hi" \\ > there.txt': filing_text(13).encode()})
    store = tmp_path / "store"
    result = dealgraph("--store", store, "ingest", folder, cwd=scratch)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "g.nq"
    assert dealgraph("--store", store, "export", "--format", "nquads", "-o", out, cwd=scratch).returncode == 0
    ds = Dataset(default_union=True)
    ds.parse(out, format="nquads")
    assert Literal(str(folder / 'say "hi" \\ > there.txt')) in set(ds.objects(None, DG.sourceFile))
    assert all(isinstance(g.identifier, URIRef) for g in ds.graphs())


def test_the_size_limit_can_be_changed(tmp_path, monkeypatch):
    from dealgraph.errors import InputError
    from dealgraph.loaders.read import read_filing
    path = tmp_path / "f.txt"
    path.write_text(filing_text(14))
    monkeypatch.setenv("DEALGRAPH_MAX_FILE_MB", "0.001")
    with pytest.raises(InputError, match=r"too large \(0\.0 MB; dealgraph reads files up to 0\.001 MB"):
        read_filing(path)
    monkeypatch.setenv("DEALGRAPH_MAX_FILE_MB", "1")
    assert read_filing(path).documents
