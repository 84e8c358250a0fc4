"""Extraction: a :class:`~dealgraph.records.Filing` in, :class:`~dealgraph.records.Facts` out.

    extract(filing) -> Facts

The steps, each in its own module:

* ``sentences``  cut every document into sentences with offsets and sections;
* ``names``      find organization names, defined terms, tickers and parent companies
  (``tokens`` and ``places`` hold the word lists they share);
* ``registry``   group the spellings into organizations and find every mention;
* ``people``     people quoted or signing, with titles;
* ``money``, ``dates``  amounts and dates in running text;
* ``triggers``   which sentences name a deal, announce it or only recall it;
* ``contracts``  an EX-10 agreement read as one deal from its preamble and clauses;
* ``deals``      deal sentences assembled into deals, with ``roles`` (who is who),
  ``payments`` (which amount is which), ``deal_dates`` (when), ``terms`` (exclusivity,
  territory) and ``assets`` (what the deal is about).

``fastre`` puts the long patterns of these rules behind keyword gates, so that a sentence is only
searched by the patterns whose words it contains; results are those of the plain patterns.

Every record carries Evidence whose quote is exactly ``document.text[start:end]``.
"""

from __future__ import annotations

import gc
import re
import threading
from contextlib import contextmanager

from dealgraph.loaders.extract.contracts import is_contract
from dealgraph.loaders.extract.deal_dates import reference_year
from dealgraph.loaders.extract.deals import build_deals
from dealgraph.loaders.extract.names import Harvester, norm_key
from dealgraph.loaders.extract.people import find_people, find_signers
from dealgraph.loaders.extract.registry import Registry
from dealgraph.loaders.extract.sentences import Sentence, split_sentences
from dealgraph.loaders.extract.triggers import analyse, apply_reference_year
from dealgraph.records import Evidence, Facts, Filing, Organization, Person

__all__ = ["extract"]

_FORM_DOC = re.compile(r"^(?:8-K|10-K|10-Q|6-K|20-F|S-1|SC\s*TO|DEF|8-K/A|10-K/A|10-Q/A)", re.I)


_gc_lock = threading.Lock()
_gc_users = 0
_gc_was_enabled = False


@contextmanager
def _no_cycle_collection():
    """Extraction makes hundreds of thousands of short-lived objects (words, matches) and no
    reference cycles worth collecting midway: the cycle collector is paused while any extraction
    runs, and resumed (if it was on) when the last one ends.  Memory is still freed as usual."""
    global _gc_users, _gc_was_enabled
    with _gc_lock:
        if _gc_users == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0 and _gc_was_enabled:
                gc.enable()


def extract(filing: Filing) -> Facts:
    """Organizations, people and deals that a filing discloses, each with its evidence."""
    with _no_cycle_collection():
        return _extract(filing)


def _extract(filing: Filing) -> Facts:
    sentences: list[Sentence] = []
    for doc in filing.documents:
        sentences += split_sentences(doc.text, doc.index)
    texts = {doc.index: doc.text for doc in filing.documents}

    # people first: their names must not be read as companies
    people_raw = []
    person_words: set[str] = set()
    for s in sentences:
        for p in find_people(s.text):
            people_raw.append((s, p))
            person_words.update(w.lower() for w in p.name.split())
    for doc in filing.documents:
        for p in find_signers(doc.text):
            people_raw.append((None, p))
            person_words.update(w.lower() for w in p.name.split())

    harvester = Harvester()
    for s in sentences:
        harvester.sentence(s)
    harvester.candidates = [
        c
        for c in harvester.candidates
        if not (c.how == "role" and all(w.lower() in person_words for w in c.name.split()))
    ]
    reg = filing.registrant if filing.registrant and filing.registrant.name else None
    self_docs = {d.index for d in filing.documents if _FORM_DOC.match(d.doc_type or "")} if reg else set()
    registry = Registry(harvester, reg, self_docs)
    registry.build_matcher()
    registry.link_parents(sentences)

    # the company a release is about: the first one named at the top of the first document
    lead = registry.find(registry.self_id) if registry.self_id is not None else None
    if lead is None:
        for s in sentences[:4]:
            ms = registry.mentions(s)
            if ms:
                lead = ms[0].cluster
                break

    contract_docs = {d.index for d in filing.documents if is_contract(d.doc_type or "", d.text)}
    ref_dates = [filing.report_date, filing.filed_on]
    infos = analyse(sentences, registry, None)
    ref = reference_year(ref_dates, infos)
    if ref:
        apply_reference_year(infos, ref, None)

    keys: dict[int, str] = {}
    used: dict[str, int] = {}
    for cl in sorted(registry.roots(), key=lambda c: c.first):
        if cl.anonymous:
            keys[cl.id] = "?self"
            continue
        if cl.registrant and reg and reg.cik:
            key = f"cik:{reg.cik.lstrip('0') or '0'}"
        else:
            key = norm_key(registry.label(cl.id)) or f"org-{cl.id}"
        if key in used and used[key] != cl.id:
            key = f"{key} ({cl.id})"
        used[key] = cl.id
        keys[cl.id] = key

    deals = build_deals(infos, registry, filing.report_date or filing.filed_on, contract_docs, lead, keys)

    # organizations: the filer, every party, every employer of a person
    wanted: list[int] = []
    if registry.self_id is not None and reg:
        wanted.append(registry.find(registry.self_id))
    for d in deals:
        for _, key in d.roles:
            cid = used[key]
            if cid not in wanted:
                wanted.append(cid)

    people: list[Person] = []
    seen_people: set[str] = set()
    for s, p in people_raw:
        if p.name in seen_people:
            continue
        seen_people.add(p.name)
        org_key = None
        where = p.title or ""
        if s is not None:
            for m in registry.mentions(s):
                if m.start - s.start >= p.start and (not where or m.text.rstrip(".") in where):
                    org_key = keys[registry.find(m.cluster)]
                    break
        else:
            if lead is not None and reg:
                org_key = keys[registry.find(lead)]
        if org_key is not None and used[org_key] not in wanted:
            wanted.append(used[org_key])
        if s is not None:
            ev = Evidence(s.doc, s.start + p.start, s.start + p.end, s.text[p.start : p.end])
        else:
            ev = _signer_evidence(filing, p)
        people.append(Person(name=p.name, title=p.title, organization=org_key, evidence=(ev,) if ev else ()))

    organizations = []
    for cid in wanted:
        cl = registry.clusters[registry.find(cid)]
        label = registry.label(cid)
        aliases = tuple(
            n for n in dict.fromkeys(cl.names + sorted(cl.child_names)) if n != label and n not in cl.tickers
        )
        filer = bool(cl.registrant and reg)
        evidence = tuple(e for e in cl.evidence if e and texts[e.document][e.start : e.end] == e.quote)[:3]
        if not evidence:
            evidence = _first_mention(sentences, registry, cl.id, label, texts)
        organizations.append(
            Organization(
                key=keys[cl.id],
                name=label,
                aliases=aliases,
                tickers=tuple(cl.tickers),
                cik=(reg.cik if filer else None),
                irs_number=(reg.irs_number if filer else None),
                state_of_incorporation=(reg.state_of_incorporation if filer else None),
                file_number=(reg.file_number if filer else None),
                address=(reg.address if filer else None),
                is_filer=filer,
                evidence=evidence,
            )
        )
    return Facts(organizations=tuple(organizations), people=tuple(people), deals=tuple(deals))


def _first_mention(sentences, registry, cid, label, texts) -> tuple[Evidence, ...]:
    """Evidence for an organization known only from the header: where the text first names it."""
    for s in sentences:
        for m in registry.mentions(s):
            if registry.find(m.cluster) == registry.find(cid) and not m.pronoun:
                return (Evidence(m.doc, m.start, m.end, m.text),)
    for doc, text in texts.items():
        pos = text.lower().find(label.lower())
        if pos >= 0:
            return (Evidence(doc, pos, pos + len(label), text[pos : pos + len(label)]),)
    return ()


def _signer_evidence(filing: Filing, p) -> Evidence | None:
    for doc in filing.documents:
        seg = doc.text[p.start : p.end]
        if seg.startswith("/s/"):
            return Evidence(doc.index, p.start, p.end, seg)
    return None
