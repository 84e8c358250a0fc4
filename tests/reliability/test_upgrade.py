"""Store format versions: a store records the format it was written in; a store from a newer
dealgraph is refused untouched with a message that says what to do; a format-1 store is upgraded
in place without losing anything; an older one is refused with instructions that work; a
damaged or foreign folder is never taken over."""
from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
from pathlib import Path

import pytest

from dealgraph import __version__
from dealgraph.errors import StoreError
from dealgraph.graph.store import FORMAT_VERSION, META_FILE, UPGRADABLE_FROM, open_store
from tests.reliability.conftest import SAMPLE, dealgraph, graphs_of
from tests.reliability.users import without_override


def _snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            p = Path(root) / name
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("template")
    path = tmp / "store"
    assert dealgraph("--store", path, "ingest", SAMPLE, cwd=tmp).returncode == 0
    return path


@pytest.fixture
def store(tmp_path, template) -> Path:
    """A store holding the sample filing (a copy of one ingested once for this module)."""
    return Path(shutil.copytree(template, tmp_path / "store"))


def _set_meta(store: Path, text: str) -> None:
    (store / META_FILE).write_text(text)


def test_a_new_store_records_its_format(store):
    meta = json.loads((store / META_FILE).read_text())
    assert meta == {"format_version": FORMAT_VERSION, "created_by": f"dealgraph {__version__}"}


@pytest.mark.parametrize("command", [("ingest", "SAMPLE"), ("stats",), ("export",), ("remove", "SAMPLE")])
def test_a_store_from_a_newer_dealgraph_is_refused_untouched(store, scratch, sample_copy, command):
    _set_meta(store, json.dumps({"format_version": FORMAT_VERSION + 1, "created_by": "dealgraph 9.0"}))
    before = _snapshot(store)
    args = [str(sample_copy) if a == "SAMPLE" else a for a in command]
    result = dealgraph("--store", store, *args, cwd=scratch)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f"Error: {store}: written by a newer dealgraph (dealgraph 9.0) in store format "
        f"{FORMAT_VERSION + 1}; this version reads format {FORMAT_VERSION}. Upgrade dealgraph "
        "(pip install --upgrade dealgraph) to open it")
    assert _snapshot(store) == before


def test_a_format_1_store_gets_its_name_keys_and_keeps_everything_else(store, scratch):
    written_now = graphs_of(store)
    assert any("ontology#nameKey" in line for lines in written_now.values() for line in lines)
    # A store as format 1 wrote it: no name keys.
    backend = open_store(store)
    backend.backend.update("DELETE WHERE { GRAPH ?g { ?o <https://w3id.org/dealgraph/ontology#nameKey> ?k } }")
    backend.close()
    _set_meta(store, json.dumps({"format_version": UPGRADABLE_FROM, "created_by": "dealgraph 0.1.0"}))
    # The first command (here a read-only query) upgrades it, and finds the licensee by ticker.
    result = dealgraph("--store", store, "query", "company", "--param", "name=biib", cwd=scratch)
    assert result.returncode == 0, result.stderr
    assert "Biogen Idec" in result.stdout
    assert json.loads((store / META_FILE).read_text())["format_version"] == FORMAT_VERSION
    assert graphs_of(store) == written_now


def test_an_older_store_is_refused_with_instructions_that_work(store, tmp_path, scratch):
    before = graphs_of(store)
    _set_meta(store, json.dumps({"format_version": UPGRADABLE_FROM - 1}))
    result = dealgraph("--store", store, "stats", cwd=scratch)
    assert result.returncode == 1
    message = result.stderr.strip()
    assert f"store format {UPGRADABLE_FROM - 1} is older than {FORMAT_VERSION}" in message
    export_cmd, load_cmd = [shlex.split(c) for c in message.split("'")[1::2]]
    assert export_cmd[:2] == ["dealgraph", "export"] and "load" in load_cmd
    # Follow them: the older dealgraph (played here by this one, the format put back) exports ...
    _set_meta(store, json.dumps({"format_version": FORMAT_VERSION}))
    assert dealgraph("--store", store, *export_cmd[1:], cwd=scratch).returncode == 0
    # ... and this one loads the export into a new folder: the same filings, the same graphs.
    new = tmp_path / "new"
    load_args = [str(new) if a == "NEW_FOLDER" else a for a in load_cmd[1:]]
    loaded = dealgraph(*load_args, cwd=scratch)
    assert loaded.returncode == 0, loaded.stderr
    assert graphs_of(new) == before


@pytest.mark.parametrize("content", ["", "{not json", "[1]", '{"format_version": "2"}',
                                     '{"format_version": true}', '{"format_version": 1.5}',
                                     '{"created_by": "dealgraph"}', "\x00\xff"])
def test_a_damaged_format_file_is_refused(store, scratch, content):
    _set_meta(store, content)
    before = _snapshot(store)
    message = f"{store}: {META_FILE} is damaged (no valid format_version); not opening the store"
    with pytest.raises(StoreError) as raised:
        open_store(store)
    assert str(raised.value) == message
    if content == "{not json":
        result = dealgraph("--store", store, "stats", cwd=scratch)
        assert (result.returncode, result.stderr.strip()) == (1, f"Error: {message}")
    assert _snapshot(store) == before


def test_an_unreadable_format_file(store, tmp_path, scratch):
    as_user = without_override(tmp_path)
    (store / META_FILE).chmod(0)
    try:
        result = dealgraph("--store", store, "stats", cwd=scratch, **as_user)
    finally:
        (store / META_FILE).chmod(0o644)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {store}: cannot read {META_FILE} (Permission denied)"


def test_a_foreign_folder_or_a_file_is_never_taken_over(tmp_path, scratch):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "cat.jpg").write_bytes(b"\xff\xd8\xff")
    result = dealgraph("--store", folder, "stats", cwd=scratch)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"Error: {folder}: folder exists and is not a dealgraph store; "
                                     "choose another --store")
    assert os.listdir(folder) == ["cat.jpg"]
    a_file = tmp_path / "notes.txt"
    a_file.write_text("notes")
    result = dealgraph("--store", a_file, "stats", cwd=scratch)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {a_file}: is a file, not a store folder; choose another --store"
    assert a_file.read_text() == "notes"
