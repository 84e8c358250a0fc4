"""Text that would break RDF if pasted naively (quotes, backslashes, '>' in names, control
characters, braces, a CIK with letters, lone surrogates from file names): the triples stay
valid, the text survives, and every export parses back to the same graph."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from dealgraph.errors import InputError
from dealgraph.graph.export import export
from dealgraph.graph.store import open_store
from dealgraph.loaders.read import parse_filing
from dealgraph.loaders.to_rdf import facts_to_graph, filing_iri, org_iri, slug, text_literal
from dealgraph.ontology.namespace import DG
from dealgraph.pipeline import prepare
from dealgraph.records import (
    Asset,
    Deal,
    Document,
    Evidence,
    Facts,
    Filing,
    Organization,
    Payment,
    Person,
    Registrant,
)
from tests.reliability.conftest import ROOT, dealgraph
from tests.reliability.synthetic import filing_text

HOSTILE_NAME = 'Acme "Quoted" \\ Back>slash <b>Bio</b> {Inc} . ; # @prefix'
HOSTILE_PARTNER = 'Castle"rock\\ Pharma> AG'
FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")
RDFLIB_FORMAT = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "nt",
                 "jsonld": "json-ld"}
OX_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
             "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}

# Text as hostile as a filing or a file name can be: quotes, backslashes, angle brackets, braces,
# RDF syntax, every kind of control character, non-ASCII, and lone surrogates (which is what
# Python makes of file names that are not UTF-8).
_NASTY = st.sampled_from(['"', "\\", ">", "<", "{", "}", "'", "\n", "\r", "\t", "\x00", "\x07", "\x1b",
                          "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "@prefix", " . ", "^^", "#",
                          "\udc80", "\ud800", "é", "\u201c", "—", "𝔘"])
HOSTILE = st.lists(st.one_of(st.text(max_size=8), _NASTY), max_size=8).map("".join)
CLEAN_HOSTILE = HOSTILE.map(lambda s: re.sub(r"[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f]", "", s))


def _union(ds_or_graph_bytes: bytes, fmt: str) -> Graph:
    g = Graph()
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=ds_or_graph_bytes, format=RDFLIB_FORMAT[fmt])
        for t in ds.quads((None, None, None, None)):
            g.add(t[:3])
    else:
        g.parse(data=ds_or_graph_bytes, format=RDFLIB_FORMAT[fmt])
    return g


def _round_trips(graph: Graph, graph_name: str) -> None:
    """Store ``graph``, export it in every format, read each back: always the same graph."""
    store = open_store("memory")
    store.replace_graph(graph_name, graph)
    for fmt in FORMATS:
        data = export(store, fmt)
        list(ox.parse(data, format=OX_FORMAT[fmt]))            # pyoxigraph reads it back too
        back = _union(data, fmt)
        assert isomorphic(back, graph), f"{fmt} export does not read back as the graph stored"


def test_a_hostile_submission_stays_valid_and_its_text_survives(tmp_path, scratch):
    text = (ROOT / "tests" / "data" / "submission_8k.txt").read_text()
    text = (text.replace("Northwind Therapeutics, Inc.", HOSTILE_NAME + "\x01\x1b[31m")
                .replace("CENTRAL INDEX KEY:\t\t\t0000999999", "CENTRAL INDEX KEY:\t\t\t00009X99A9")
                .replace("Castlerock Pharma AG", HOSTILE_PARTNER))
    source = tmp_path / 'in "quotes" \\ <and> {braces}.txt'
    source.write_text(text)
    store = tmp_path / "store"
    result = dealgraph("--store", store, "ingest", source, cwd=scratch)
    assert result.returncode == 0, result.stderr
    exports = {}
    for fmt in FORMATS:
        out = tmp_path / f"all.{fmt}"
        done = dealgraph("--store", store, "export", "--format", fmt, "--output", out, cwd=scratch)
        assert done.returncode == 0
        exports[fmt] = _union(out.read_bytes(), fmt)
    for fmt, g in exports.items():
        assert isomorphic(g, exports["nquads"]), fmt
    g = exports["nquads"]
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert any(HOSTILE_NAME in label for label in labels), labels      # intact, control chars gone
    assert not any(re.search(r"[\x00-\x08\x0b-\x1f\x7f]", label) for label in labels)
    assert Literal(str(source)) in set(g.objects(None, DG.sourceFile))
    assert "00009X99A9" in {str(o) for o in g.objects(None, DG.cik)}
    for node in set(g.subjects()) | {o for o in g.objects() if isinstance(o, URIRef)}:
        ox.NamedNode(str(node))                                        # every IRI is a valid IRI
        assert not re.search(r'[<>"{}|^`\\\s]', str(node)), node
    # Evidence quotes are verbatim slices of the text the filing was read as.
    filing = parse_filing(text.encode(), str(source))
    quotes = [(g.value(ev, DG.quote), g.value(ev, DG.charStart), g.value(ev, DG.charEnd), str(ev))
              for ev in g.subjects(DG.quote, None)]
    assert quotes
    for quote, start, end, ev in quotes:
        doc = int(ev.rsplit("/", 1)[1].split("-")[0])
        assert filing.documents[doc].text[int(start):int(end)] == str(quote)


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_minted_terms_are_always_valid(text):
    s = slug(text)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", s) and len(s) <= 91
    assert slug(text) == s
    for iri in (org_iri(text), org_iri("cik:" + text), filing_iri(text)):
        assert ox.NamedNode(str(iri)).value == str(iri)
    lit = text_literal(text)
    ox.Literal(str(lit))                                        # storable
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]", str(lit))
    if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]", text):
        assert str(lit) == text                                 # ordinary text is kept exactly


def _ev(text: str, n: int) -> Evidence:
    return Evidence(0, n, n + len(text), text)


@st.composite
def hostile_facts(draw) -> tuple[Filing, Facts]:
    h = lambda: draw(HOSTILE)
    doc = Document(0, h() or "8-K", h(), filename=h() or None, description=h() or None)
    cik = draw(st.one_of(st.none(), st.from_regex(r"[0-9A-Za-z]{1,10}", fullmatch=True)))
    filing = Filing(source_file=h(), identity=h() or "x", accession=None, form_type=h() or None,
                    filed_on=date(2020, 1, 2), report_date=None,
                    items=tuple(draw(st.lists(st.from_regex(r"[1-9]\.0[1-9]", fullmatch=True), max_size=3))),
                    registrant=Registrant(name=h(), cik=cik, sic="2834"), documents=(doc,))
    a_key = f"cik:{cik}" if cik else h()
    orgs = (Organization(a_key, h() or "A", aliases=(h(), h()), tickers=(h(),), cik=cik,
                         irs_number=h() or None, state_of_incorporation=h() or None, file_number=h() or None,
                         address=h() or None, is_filer=True, evidence=(_ev(h(), 3),)),
            Organization(h() + "b", h() or "B", evidence=(_ev(h(), 9),)))
    payment = Payment("UpfrontPayment", Decimal(draw(st.integers(0, 10**12))), "USD",
                      up_to=draw(st.booleans()),
                      payer=orgs[1].key, payee=orgs[0].key, evidence=(_ev(h(), 20),))
    deal = Deal(types=("LicenseAgreement",), roles=(("licensor", orgs[0].key), ("licensee", orgs[1].key)),
                announced_on=date(2020, 1, 1), exclusive=draw(st.booleans()), territory=h() or None,
                payments=(payment,), concerns=(Asset("Technology", h() or "t", (_ev(h(), 30),)),),
                evidence=(_ev(h(), 40),))
    person = Person(h() or "P", h() or None, orgs[0].key, (_ev(h(), 50),))
    return filing, Facts(organizations=orgs, people=(person,), deals=(deal,))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_facts())
def test_any_facts_export_and_reimport_isomorphic(filing_and_facts):
    filing, facts = filing_and_facts
    graph = facts_to_graph(filing, facts)
    for s, p, o in graph:                                       # every term is valid RDF
        ox.NamedNode(str(s)), ox.NamedNode(str(p))
    _round_trips(graph, str(filing_iri(filing.identity)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(name=CLEAN_HOSTILE.filter(lambda s: s.strip()), partner=CLEAN_HOSTILE.filter(lambda s: s.strip()))
def test_filings_naming_hostile_companies_round_trip(tmp_path, name, partner):
    """The whole loader: a filing whose parties have hostile names is read, extracted, stored
    and exported; every format reads back as the graph that was stored."""
    path = tmp_path / "f.txt"
    path.write_text(filing_text(3, registrant=name.replace("\n", " "), partner=partner.replace("\n", " ")),
                    encoding="utf-8")
    try:
        p = prepare(str(path))
    except InputError:
        return
    _round_trips(p.graph, p.graph_name)
    for ev in p.graph.subjects(DG.quote, None):                  # quotes stay verbatim
        doc = int(str(ev).rsplit("/", 1)[1].split("-")[0])
        start, end = int(p.graph.value(ev, DG.charStart)), int(p.graph.value(ev, DG.charEnd))
        assert p.filing.documents[doc].text[start:end] == str(p.graph.value(ev, DG.quote))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=3000),
                 HOSTILE.map(lambda s: s.encode("utf-8", "surrogatepass")),
                 st.tuples(HOSTILE, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
                 .map(lambda t: t[0].encode(t[1], "replace"))))
def test_any_bytes_read_as_a_filing_or_a_clear_refusal(data):
    try:
        filing = parse_filing(data, "in.txt")
    except InputError as exc:
        assert str(exc).startswith("in.txt: ")
        return
    for doc in filing.documents:
        assert not re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]", doc.text)
    assert ox.NamedNode(str(filing_iri(filing.identity)))
