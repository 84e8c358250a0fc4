"""Make synthetic dealgraph stores shaped like real ones, for the query and export benchmarks.

Synthetic filings (typed records: a filer with a CIK, counterparties, people, deals with roles,
payments, assets and evidence quotes) go through ``dealgraph.loaders.to_rdf.facts_to_graph``, the
same mapping ``ingest`` uses, so IRIs, graph names and properties are exactly those of a real
store.  Organizations come from a fixed pool with a skewed (Zipf-like) popularity, like the real
corpus, where a few big pharma companies appear in thousands of filings.

    python bench/generate.py --triples 1000000 --output /tmp/dg-1m
        writes /tmp/dg-1m/facts.nq (one named graph per filing) and /tmp/dg-1m/store (a store)

Generated data is cached: a second run with the same size and seed reuses the files.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from dealgraph.graph.terms import to_ox
from dealgraph.loaders.to_rdf import facts_to_graph, filing_iri
from dealgraph.records import (ASSET_KINDS, DEAL_TYPES, PAYMENT_TYPES, Asset, Deal, Document, Evidence,
                               Facts, Filing, Organization, Payment, Person, Registrant)

_PREFIX = ("Astra", "Bio", "Cel", "Gen", "Immuno", "Neuro", "Onco", "Thera", "Vir", "Xeno", "Amni",
           "Cardio", "Derm", "Endo", "Hepa", "Myo", "Nephro", "Opti", "Pulmo", "Regen")
_SUFFIX = ("gen", "tech", "pharma", "bio", "thera", "cyte", "mab", "vax", "logix", "nova", "zyme",
           "medix", "gene", "ome", "sciences")
_FORM = ("Inc.", "Corp.", "Ltd.", "Therapeutics, Inc.", "Pharmaceuticals, Inc.", "AG", "plc", "S.A.")
_ROLE_PAIRS = {
    "LicenseAgreement": ("licensor", "licensee"),
    "CollaborationAgreement": ("collaborator", "collaborator"),
    "OptionAgreement": ("licensor", "licensee"),
    "Acquisition": ("acquirer", "acquiree"),
    "AssetPurchase": ("acquirer", "acquiree"),
    "EquityInvestment": ("investor", "investee"),
    "SupplyAgreement": ("party", "party"),
    "SettlementAgreement": ("party", "party"),
}
_TARGETS = ("PD-1", "HER2", "KRAS G12C", "CD19", "BCMA", "TNF-alpha", "IL-17", "GLP-1", "PCSK9",
            "EGFR", "CTLA-4", "TIGIT", "FcRn", "C5", "Factor XI")
_INDICATIONS = ("non-small cell lung cancer", "multiple myeloma", "psoriasis", "obesity",
                "Alzheimer's disease", "rheumatoid arthritis", "hemophilia A", "sickle cell disease",
                "type 2 diabetes", "ulcerative colitis", "melanoma", "cystic fibrosis")


class Pool:
    """The organizations filings talk about, with a skewed popularity."""

    def __init__(self, rng: random.Random, size: int):
        self.orgs = []
        names = set()
        while len(self.orgs) < size:
            name = f"{rng.choice(_PREFIX)}{rng.choice(_SUFFIX)} {rng.choice(_FORM)}"
            if name in names:
                name = f"{name[:-1]} {len(self.orgs)}."
            names.add(name)
            cik = str(1_000_000 + len(self.orgs) * 37)
            ticker = "".join(c for c in name.upper() if c.isalpha())[:4]
            self.orgs.append((f"cik:{cik}", name, cik, ticker))
        # weights ~ 1/rank: a few companies appear in many filings
        self.weights = [1.0 / (rank + 1) for rank in range(size)]

    def pick(self, rng: random.Random, k: int = 1, exclude: str | None = None) -> list[tuple]:
        out: list[tuple] = []
        while len(out) < k:
            org = rng.choices(self.orgs, weights=self.weights)[0]
            if org[0] != exclude and org not in out:
                out.append(org)
        return out


def _sentence(rng: random.Random, a: str, b: str, amount: int | None) -> str:
    money = f" for an upfront payment of ${amount:,}" if amount else ""
    return (f"On the effective date, {a} entered into an exclusive license agreement with {b}{money}, "
            f"under which {b} obtains rights to develop and commercialize the licensed compounds "
            f"in the territory (reference {rng.randrange(10**6):06d}).")


def synthetic_filing(rng: random.Random, pool: Pool, number: int) -> tuple[Filing, Facts]:
    """One 8-K with its extracted facts, the shapes the real extractor produces."""
    filer = pool.pick(rng)[0]
    filed = date(2001, 1, 1) + timedelta(days=rng.randrange(24 * 365))
    accession = f"{9_000_000_000 + number % 1_000_000:010d}-{filed.year % 100:02d}-{number:06d}"
    text_parts: list[str] = []
    offset = 0

    def evidence(text: str) -> Evidence:
        nonlocal offset
        start = offset
        text_parts.append(text + " ")
        offset += len(text) + 1
        return Evidence(0, start, start + len(text), text)

    orgs: dict[str, Organization] = {}

    def org(entry: tuple, is_filer: bool = False) -> str:
        key, name, cik, ticker = entry
        if key not in orgs:
            ev = evidence(f"{name} (NASDAQ: {ticker}) is a biopharmaceutical company.")
            orgs[key] = Organization(key, name, aliases=(name.split(" ")[0],), tickers=(ticker,),
                                     cik=cik, is_filer=is_filer, evidence=(ev,),
                                     state_of_incorporation="DE" if is_filer else None,
                                     irs_number=f"{rng.randrange(10, 99)}-{rng.randrange(10**7):07d}"
                                     if is_filer else None)
        return key

    filer_key = org(filer, True)
    deals = []
    people = []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        kind = rng.choice(DEAL_TYPES)
        extra = (rng.choice(("CollaborationAgreement", "EquityInvestment")),) if rng.random() < 0.25 else ()
        types = tuple(dict.fromkeys((kind, *extra)))
        partners = pool.pick(rng, rng.choice((1, 1, 1, 2)), exclude=filer[0])
        r1, r2 = _ROLE_PAIRS[kind]
        roles = [(r1, filer_key)] + [(r2, org(p)) for p in partners]
        if rng.random() < 0.5:
            roles = [(r2 if r == r1 else r1, k) for r, k in roles]
        payments = []
        for _ in range(rng.randrange(0, 5)):
            pkind = rng.choice(PAYMENT_TYPES)
            amount = rng.randrange(1, 2000) * 100_000 if rng.random() < 0.85 else None
            sentence = _sentence(rng, filer[1], partners[0][1], amount)
            rate = Decimal(rng.randrange(2, 25)) / 100 if pkind == "RoyaltyPayment" else None
            payments.append(Payment(pkind, Decimal(amount) if amount else None, "USD" if amount else None,
                                    up_to=pkind == "MilestonePayment", payer=roles[1][1], payee=roles[0][1],
                                    rate_min=rate, rate_max=rate + Decimal("0.05") if rate else None,
                                    redacted=amount is None, evidence=(evidence(sentence),)))
        concerns = []
        for _ in range(rng.randrange(0, 3)):
            kind_a = rng.choice(ASSET_KINDS)
            label = rng.choice(_TARGETS if kind_a == "BiologicalTarget" else _INDICATIONS
                               if kind_a == "Indication" else (f"{rng.choice(_PREFIX)}-{rng.randrange(100, 999)}",))
            concerns.append(Asset(kind_a, label, (evidence(f"The program targets {label}."),)))
        recalled = rng.random() < 0.15
        deals.append(Deal(types, tuple(roles), announced_on=filed - timedelta(days=rng.randrange(0, 5)),
                          exclusive=rng.random() < 0.6, territory=rng.choice((None, "worldwide",
                                                                              "United States", "Greater China")),
                          payments=tuple(payments), concerns=tuple(concerns), recalled=recalled,
                          evidence=(evidence(_sentence(rng, filer[1], partners[0][1], None)),)))
    for _ in range(rng.randrange(0, 3)):
        name = f"{rng.choice(('Anna', 'John', 'Wei', 'Maria', 'David', 'Priya'))} " \
               f"{rng.choice(('Smith', 'Chen', 'Garcia', 'Kumar', 'Müller', 'Okafor'))}"
        people.append(Person(name, rng.choice(("Chief Executive Officer", "Chief Financial Officer")),
                             filer_key, (evidence(f"{name} signed on behalf of {filer[1]}."),)))
    text = "".join(text_parts)
    filing = Filing(source_file=f"filings/{accession}.txt", identity=accession, accession=accession,
                    form_type="8-K", filed_on=filed, report_date=filed - timedelta(days=1),
                    items=("1.01", "9.01"), registrant=Registrant(filer[1], filer[2], "2834", "DE"),
                    documents=(Document(0, "8-K", text, f"{accession}.txt"),
                               Document(1, "EX-99.1", "Press release.", "ex99-1.htm", "PRESS RELEASE")))
    return filing, Facts(tuple(orgs.values()), tuple(people), tuple(deals))


def write_nquads(path: Path, triples: int, *, seed: int = 7, orgs: int | None = None) -> tuple[int, int]:
    """Write synthetic filings as N-Quads until ``triples`` quads; returns (filings, quads)."""
    rng = random.Random(seed)
    pool = Pool(rng, orgs or max(200, triples // 400))
    written = filings = 0
    with open(path, "wb") as out:
        while written < triples:
            filing, facts = synthetic_filing(rng, pool, filings)
            g = ox.NamedNode(str(filing_iri(filing.identity)))
            quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in facts_to_graph(filing, facts)]
            out.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            written += len(quads)
            filings += 1
    return filings, written


def build(triples: int, output: str | Path, *, seed: int = 7) -> dict:
    """facts.nq and a store under ``output`` (reused when already built with the same size)."""
    from dealgraph.graph.store import open_store

    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    from dealgraph.graph.store import FORMAT_VERSION   # data of an older format is made again
    nq, done = output / "facts.nq", output / f"done-{triples}-{seed}-format{FORMAT_VERSION}-compacted"
    info = {"nquads": str(nq), "store": str(output / "store")}
    if done.exists():
        filings, quads = map(int, done.read_text().split())
        return {**info, "filings": filings, "quads": quads, "cached": True}
    if (output / "store").exists():
        shutil.rmtree(output / "store")
    t0 = time.perf_counter()
    filings, quads = write_nquads(nq, triples, seed=seed)
    t1 = time.perf_counter()
    store = open_store(output / "store")
    store.backend.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.compact()             # as `dealgraph load` leaves a store
    store.close()
    t2 = time.perf_counter()
    done.write_text(f"{filings} {quads}")
    return {**info, "filings": filings, "quads": quads, "cached": False,
            "generate_s": t1 - t0, "load_s": t2 - t1}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--output", required=True, help="folder for facts.nq and store/")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    info = build(args.triples, args.output, seed=args.seed)
    print(f"{info['filings']:,} filings, {info['quads']:,} quads in {info['store']}"
          + ("" if info["cached"] else
             f" (generated in {info['generate_s']:.1f} s, bulk-loaded in {info['load_s']:.1f} s)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
