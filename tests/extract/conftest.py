"""Helpers for the extraction tests: filings built by hand, and the shared corpus when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealgraph.records import Document, Filing, Registrant

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def make_filing(
    *texts: str,
    registrant: Registrant | None = None,
    doc_types: tuple[str, ...] = (),
    form_type: str | None = None,
    report_date=None,
) -> Filing:
    docs = tuple(Document(i, doc_types[i] if i < len(doc_types) else "TEXT", t) for i, t in enumerate(texts))
    return Filing(
        source_file="test.txt",
        identity="sha256-test",
        accession=None,
        form_type=form_type,
        filed_on=None,
        report_date=report_date,
        items=(),
        registrant=registrant or Registrant(),
        documents=docs,
    )


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not beside the repository")
    return CORPUS
