"""Extraction on real filings of the shared corpus (skipped when the corpus is absent)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dealgraph.loaders.extract import extract
from dealgraph.loaders.read import read_filing


def _all_evidence(facts):
    for o in facts.organizations:
        yield from o.evidence
    for p in facts.people:
        yield from p.evidence
    for d in facts.deals:
        yield from d.evidence
        for p in d.payments:
            yield from p.evidence
        for a in d.concerns:
            yield from a.evidence


def test_sample_8k(corpus):
    filing = read_filing(corpus / "immunogen_2004-10-06_8-K.txt")
    facts = extract(filing)
    names = {o.key: o.name for o in facts.organizations}
    main = [d for d in facts.deals if not d.recalled]
    assert len(main) == 1
    d = main[0]
    assert "LicenseAgreement" in d.types
    roles = {(r, names[k]) for r, k in d.roles}
    assert ("licensor", "ImmunoGen, Inc.") in roles and ("licensee", "Biogen Idec, Inc.") in roles
    assert d.announced_on == date(2004, 10, 1)
    assert d.exclusive is True and d.territory == "worldwide"
    pays = {(p.kind, p.amount, p.currency, p.up_to) for p in d.payments}
    assert ("UpfrontPayment", Decimal(1_000_000), "USD", False) in pays
    assert ("MilestonePayment", Decimal(42_000_000), "USD", True) in pays
    assert any(p.kind == "RoyaltyPayment" for p in d.payments)
    concerns = {(a.kind, a.label) for a in d.concerns}
    assert ("Technology", "TAP technology") in concerns
    assert ("Product", "maytansinoid cell-killing agent") in concerns
    people = {p.name: p for p in facts.people}
    assert people["Michael Gilman"].title.startswith("Executive Vice President")
    assert "Chairman and CEO" in people["Mitchel Sayare"].title
    assert "Virginia A. Lavery" in people  # the signer
    imgn = next(o for o in facts.organizations if o.name == "ImmunoGen, Inc.")
    assert imgn.is_filer and "IMGN" in imgn.tickers
    biogen = next(o for o in facts.organizations if o.name == "Biogen Idec, Inc.")
    assert {"Biogen Idec", "BIIB"} & (set(biogen.aliases) | set(biogen.tickers))


@pytest.mark.parametrize(
    "name",
    [
        "immunogen_2004-10-06_8-K.txt",
        "tesaro_2017-07-27_8-K_excerpt.txt",
        "array-biopharma_2017-05-31_EX-10.txt",
        "abvc-biopharma_2025-04-15_8-K.txt",
        "premier-financial-bancorp_2021-03-29_8-K.html",
        "oncozenge_2025-03-28_press-release_excerpt.txt",
        "cytodyn_2020-01-09_10-Q-EX-10.5.txt",
    ],
)
def test_every_quote_is_the_text_at_its_offsets(corpus, name):
    path = corpus / name
    if not path.exists():
        pytest.skip(f"{name} is not in the corpus")
    filing = read_filing(path)
    texts = {d.index: d.text for d in filing.documents}
    facts = extract(filing)
    evidence = list(_all_evidence(facts))
    assert evidence
    for ev in evidence:
        assert texts[ev.document][ev.start : ev.end] == ev.quote
    keys = {o.key for o in facts.organizations}
    for d in facts.deals:
        assert d.types and d.evidence
        assert all(k in keys for _, k in d.roles)


def test_whole_corpus_extracts(corpus):
    for path in sorted(corpus.iterdir()):
        if path.suffix == ".tsv" or path.name.startswith("."):
            continue
        filing = read_filing(path)
        facts = extract(filing)
        texts = {d.index: d.text for d in filing.documents}
        for ev in _all_evidence(facts):
            assert texts[ev.document][ev.start : ev.end] == ev.quote, path.name
        records = [*facts.organizations, *facts.people, *facts.deals]
        records += [p for d in facts.deals for p in d.payments] + [a for d in facts.deals for a in d.concerns]
        for record in records:
            assert record.evidence, (path.name, record)
