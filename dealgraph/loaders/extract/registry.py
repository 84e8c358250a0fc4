"""Which spellings name the same organization, and where each organization is mentioned.

Spellings are one organization when they have the same normalized name (case, punctuation and
legal form ignored: "Biogen Idec, Inc." = "Biogen Idec" = "BIOGEN IDEC"); when one is a defined
term or ticker of the other; when a shorter form starts a longer name ("Alligator" for "Alligator
Bioscience"; when several names start alike, the one introduced first wins); when an abbreviation's
letters run through a name ("BMS", "AXSM").  A subsidiary, a division, a merger vehicle ("Samba
Merger Sub, Inc., an indirect wholly owned subsidiary of Sanofi") and a former name are folded
into the parent, which keeps the preferred label.

Mentions are found by matching tokens against every known spelling, longest first, in linear
time; "we", "the Company" and generic defined terms ("Parent") resolve to the organization they
stand for in this filing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import compress

from dealgraph.loaders.extract.names import (
    ITS_SUBSIDIARY,
    Harvester,
    _initials,
    _is_name_word,
    _valid,
    abbreviates,
    loose_key,
    norm_key,
)
from dealgraph.loaders.extract.places import PLACE_WORDS
from dealgraph.loaders.extract.sentences import Sentence
from dealgraph.loaders.extract.tokens import (
    GENERIC_PARTY_WORDS,
    HEADLINE_WORDS,
    INDUSTRY_WORDS,
    LEGAL_SUFFIXES,
    STOP_WORDS,
    UNDOTTED_SUFFIXES,
    is_cap,
    tokenize,
)
from dealgraph.records import Evidence, Registrant

_CHILD_OF = re.compile(
    r"[^.;]{0,140}?\b(?:an?|its|the)\s+(?:(?:direct|indirect),?\s+)?"
    r"(?:wholly[- ]owned\s+|majority[- ]owned\s+)?(?:subsidiary|unit|division|affiliate)\s+of\s+(?:the\s+)?",
    re.I,
)
_PARENT_S = re.compile(
    r"[’']s?\s+(?:(?:direct|indirect|wholly[- ]owned|majority[- ]owned|operating|"
    r"pharmaceutical|drug|"
    r"development|biotech)\s+){0,2}(?:subsidiary|subsidiaries|unit|division)?,?\s*",
    re.I,
)
_PARENT_UNIT = re.compile(r"\s+(?:subsidiary|unit|division)\s+", re.I)

STOP_UPPER = frozenset(
    """
FDA SEC EMA NDA BLA IND CEO CFO COO CMO CSO CTO USA LLC INC LTD PLC NYSE NASDAQ OTC PR EU UK US
IPO GAAP EPS ADS ADR NIH DOD HHS FTC DOJ CVR MOU LOI API GMP CMC FTE IP AI ML COVID HIV PDUFA
ORR PFS OS DLBCL AML UC IPF MDD ADHD CNS ADC ADCS TCE CAR NMDA TNFR PPI NSAID DNA RNA MRNA SIRNA
THE AND FOR WITH FROM THIS THAT ITEM EXHIBIT NOTE SECTION ARTICLE AGREEMENT LICENSE TERM
ARE WAS WERE HAS HAD HAVE NOT ANY ALL ITS OUR NEW SEE USE MAY CAN SHALL WILL OTHER SUCH EACH UPON
INTO ONLY ALSO BUT NOR THAN THEN THEY THEM THEIR WHICH WHO WHEN WHERE PER VIA TBD USD EUR GBP JPY
""".split()
)


@dataclass
class Cluster:
    id: int
    names: list[str] = field(default_factory=list)
    hows: list[str] = field(default_factory=list)
    tickers: list[str] = field(default_factory=list)
    generic: set[str] = field(default_factory=set)  # "company", "parent" … for this filing
    first: tuple[int, int] = (10**9, 0)  # (doc, offset) of the first mention
    evidence: list[Evidence] = field(default_factory=list)
    child_names: set[str] = field(default_factory=set)  # names folded in as subsidiaries
    registrant: bool = False
    vehicle: bool = False
    anonymous: bool = False  # "we" / "the Company" of a text that never names itself


@dataclass(frozen=True)
class Mention:
    doc: int
    start: int
    end: int
    text: str
    cluster: int
    pronoun: bool = False


class Registry:
    """The organizations of one filing and every mention of them."""

    def __init__(self, harvester: Harvester, registrant: Registrant | None, self_doc_types: set[int]):
        self.clusters: dict[int, Cluster] = {}
        self._parent: dict[int, int] = {}
        self._by_key: dict[str, int] = {}
        self.generic: dict[str, int] = {}
        self.self_id: int | None = None
        self.self_docs = self_doc_types
        ids: dict[int, int] = {}
        keep = []
        confirmed = {loose_key(c.name) for c in harvester.candidates if not c.headline}
        confirmed_words = {w for k in confirmed for w in k.split()}
        for c in harvester.candidates:
            if (
                c.headline
                and c.how in ("role", "industry", "institution")
                and loose_key(c.name) not in confirmed
            ):
                kw = loose_key(c.name).split()
                if not kw or kw[0] not in confirmed_words or len(kw) > 3:
                    continue
            if c.name.lower() in harvester.other_terms and c.how not in ("legal",):
                continue
            if c.name.lower() in harvester.products and c.how in ("role", "ticker"):
                continue
            words = tokenize(c.name)
            if (
                c.how == "role"
                and len(words) == 1
                and not re.search(r"[A-Z].*[A-Z]|\d", c.name[1:])
                and harvester.mid_caps.get(words[0].norm, 0) == 0
            ):
                continue  # one ordinary capitalized word at the start of a sentence
            keep.append(c)
        harvester.candidates = keep
        for c in harvester.candidates:
            ids[id(c)] = self._intern(
                c.name, c.how, (c.doc, c.start), Evidence(c.doc, c.start, c.end, c.name)
            )
        if registrant and registrant.name:
            clean = re.sub(r"\s*/[A-Z]{2}/?\s*$", "", registrant.name).strip()
            rid = self._intern(clean, "registrant", (-1, 0), None)
            self.clusters[self.find(rid)].registrant = True
            for former in registrant.former_names:
                self.union(rid, self._intern(former, "former", (10**8, 0), None))
            self.self_id = rid
        for owner, alias, kind in harvester.aliases:
            oid = ids.get(id(owner))
            if oid is None or not _valid(alias):
                continue
            aid = self._intern(alias, kind, (owner.doc, owner.start), None)
            self.union(oid, aid)
        for owner, symbol in harvester.tickers:
            if id(owner) not in ids:
                continue
            cl = self.clusters[self.find(ids[id(owner)])]
            if symbol not in cl.tickers:
                cl.tickers.append(symbol)
        self._merge_short_forms()
        for word in harvester.capitals:
            if loose_key(word) not in self._by_key and word not in STOP_UPPER and len(word) >= 3:
                targets = [
                    c
                    for c in self.roots()
                    if any(
                        abbreviates(word, n)
                        and (_initials(n).startswith(word) or norm_key(n)[:2].upper() == word[:2])
                        for n in c.names
                        if not re.fullmatch(r"[A-Z.]+", n)
                    )
                ]
                if len(targets) == 1:
                    self.union(
                        targets[0].id,
                        self._intern(word, "abbreviation", targets[0].first, None),
                        keep=targets[0].id,
                    )
        self._merge_abbreviations()
        for child, parent in harvester.parents:
            if id(child) not in ids or id(parent) not in ids:
                continue
            cid, pid = self.find(ids[id(child)]), self.find(ids[id(parent)])
            if cid != pid:
                child_cl = self.clusters[cid]
                self.clusters[pid].child_names.update(child_cl.names)
                self.clusters[pid].child_names.update(child_cl.child_names)
                if re.search(r"merger\s+sub|acquisition\s+(?:corp|sub|co)", " ".join(child_cl.names), re.I):
                    child_cl.vehicle = True
                self.union(pid, cid, keep=pid)
        for owner, word in harvester.generic:
            if id(owner) not in ids:
                continue
            oid = self.find(ids[id(owner)])
            if word == "subsidiary-of-self":
                if self.self_id is not None and self.find(self.self_id) != oid:
                    sid = self.find(self.self_id)
                    self.clusters[sid].child_names.update(self.clusters[oid].names)
                    self.union(sid, oid, keep=sid)
                continue
            if word in ("merger sub", "purchaser") and all(
                re.search(r"merger\s+sub|acquisition\s+(?:corp|sub|co)|purchaser", n, re.I)
                for n in self.clusters[oid].names
            ):
                self.clusters[oid].vehicle = True
            self.generic.setdefault(word, oid)
            if word == "company" and self.self_id is None:
                self.self_id = oid
        for word, oid in list(self.generic.items()):
            self.generic[word] = self.find(oid)
        self.anon_id: int | None = None
        if self.self_id is None:
            self.anon_id = max(self.clusters) + 1 if self.clusters else 1
            self.clusters[self.anon_id] = Cluster(
                self.anon_id, ["the Company"], ["anonymous"], anonymous=True
            )

    # union-find -------------------------------------------------------------------------
    def find(self, i: int) -> int:
        while self._parent.get(i, i) != i:
            self._parent[i] = self._parent.get(self._parent[i], self._parent[i])
            i = self._parent[i]
        return i

    def union(self, a: int, b: int, keep: int | None = None) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if keep is not None:
            keep = self.find(keep)
        if keep == rb or keep is None and self.clusters[rb].first < self.clusters[ra].first:
            ra, rb = rb, ra
        A, B = self.clusters[ra], self.clusters[rb]
        for n, h in zip(B.names, B.hows):
            if n not in A.names:
                A.names.append(n)
                A.hows.append(h)
        A.tickers += [t for t in B.tickers if t not in A.tickers]
        A.first = min(A.first, B.first)
        A.evidence += B.evidence
        A.child_names |= B.child_names
        A.registrant |= B.registrant
        A.vehicle = A.vehicle and B.vehicle
        self._parent[rb] = ra
        for k, v in self._by_key.items():
            if v == rb:
                self._by_key[k] = ra
        return ra

    def _intern(self, name: str, how: str, first: tuple[int, int], ev: Evidence | None) -> int:
        key = loose_key(name)
        if key in self._by_key:
            cid = self.find(self._by_key[key])
            cl = self.clusters[cid]
            if name not in cl.names:
                cl.names.append(name)
                cl.hows.append(how)
            cl.first = min(cl.first, first)
            if ev and len(cl.evidence) < 5:
                cl.evidence.append(ev)
            return cid
        cid = len(self.clusters) + len(self._parent) + 1
        while cid in self.clusters:
            cid += 1
        self.clusters[cid] = Cluster(cid, [name], [how], first=first, evidence=[ev] if ev else [])
        self._by_key[key] = cid
        return cid

    def roots(self) -> list[Cluster]:
        return [c for i, c in self.clusters.items() if self.find(i) == i]

    def _merge_short_forms(self) -> None:
        roots = sorted(self.roots(), key=lambda c: c.first)
        for short in roots:
            if self.find(short.id) != short.id:
                continue
            words = [norm_key(n).split() for n in short.names]
            words = [w for w in words if w]
            if not words or any(len(w) > 2 for w in words):
                continue
            for other in roots:
                if other is short or self.find(other.id) == self.find(short.id):
                    continue
                if any(
                    len(ow) > len(w) and ow[: len(w)] == w
                    for w in words
                    for ow in (norm_key(n).split() for n in other.names)
                ):
                    self.union(other.id, short.id, keep=other.id)
                    break

    def _merge_abbreviations(self) -> None:
        roots = sorted(self.roots(), key=lambda c: c.first)
        for short in roots:
            if self.find(short.id) != short.id:
                continue
            if not all(re.fullmatch(r"[A-Z][A-Z.]{1,6}", n) for n in short.names):
                continue
            for other in roots:
                if other is short or self.find(other.id) != other.id:
                    continue
                if any(
                    abbreviates(short.names[0], n) for n in other.names if not re.fullmatch(r"[A-Z.]+", n)
                ):
                    self.union(other.id, short.id, keep=other.id)
                    break

    # mentions ---------------------------------------------------------------------------
    def build_matcher(self) -> None:
        self.__dict__["_mention_cache"] = {}
        self._interesting: set[str] | None = None  # words that can begin a mention
        self._index: dict[str, list[tuple[tuple[str, ...], int, bool]]] = defaultdict(list)
        for cl in self.roots():
            spellings = set(cl.names) | set(cl.child_names) | set(cl.tickers)
            for sp in spellings:
                toks = tokenize(sp)
                if not toks:
                    continue
                seq = tuple(t.norm for t in toks)
                exact = len(seq) == 1
                self._index[seq[0]].append((seq, cl.id, exact))
                core = [t for t in toks if t.norm not in LEGAL_SUFFIXES]
                if core and len(core) < len(toks) and toks[-1].norm in LEGAL_SUFFIXES:
                    cseq = tuple(t.norm for t in core)
                    self._index[cseq[0]].append((cseq, cl.id, len(cseq) == 1))
        # a distinctive first word stands for the whole name ("Poolbeg" for "Poolbeg Pharma")
        firsts: dict[str, set[int]] = defaultdict(set)
        for cl in self.roots():
            if cl.anonymous:
                continue
            for sp in cl.names:
                toks = tokenize(sp)
                if len(toks) >= 2 and is_cap(toks[0].text):
                    firsts[toks[0].norm].add(cl.id)
        self._short: dict[str, int] = {}
        for word, ids in firsts.items():
            if (
                len(ids) == 1
                and len(word) >= 4
                and word not in STOP_WORDS
                and word not in PLACE_WORDS
                and word not in INDUSTRY_WORDS
                and word not in GENERIC_PARTY_WORDS
                and word not in HEADLINE_WORDS
                and word not in LEGAL_SUFFIXES
                and not word.isdigit()
            ):
                self._short[word] = next(iter(ids))
        for k in self._index:
            self._index[k].sort(key=lambda e: -len(e[0]))

    def mentions(self, s: Sentence) -> list[Mention]:
        key = (s.doc, s.start, s.end)
        cache = self.__dict__.setdefault("_mention_cache", {})
        if key not in cache:
            cache[key] = self._mentions(s)
        return cache[key]

    def _mentions(self, s: Sentence) -> list[Mention]:
        text = s.text
        toks = s.tokens
        out: list[Mention] = []
        n = len(toks)
        interesting = self._interesting
        if interesting is None:
            interesting = self._interesting = (
                set(self._index)
                | set(self._short)
                | set(self.generic)
                | {"company", "we", "our", "us", "registrant"}
            )
        # only a word that starts a known spelling, a short form, a generic term or a pronoun
        # can begin a mention; the others are passed over
        norms = s.norms  # a spelling is compared as a slice of these
        at = compress(range(n), map(interesting.__contains__, norms))
        i = 0
        for pos in at:
            if pos < i:
                continue
            i = pos
            t = toks[i]
            hit = None
            for seq, cid, exact in self._index.get(t.norm, ()):
                L = len(seq)
                if i + L > n:
                    continue
                if norms[i : i + L] == seq:
                    if not is_cap(t.text):
                        continue
                    if exact and len(t.bare) <= 2 and not t.bare.isupper() and not t.bare[:1].isdigit():
                        continue
                    hit = (L, cid)
                    break
            if hit:
                L, cid = hit
                end = toks[i + L - 1].end
                last = toks[i + L - 1]
                if last.text.endswith(".") and (
                    last.norm not in LEGAL_SUFFIXES or last.norm in UNDOTTED_SUFFIXES
                ):
                    end -= 1
                out.append(
                    Mention(s.doc, s.start + t.start, s.start + end, text[t.start : end], self.find(cid))
                )
                i += L
                continue
            word = t.norm
            if (
                word in self._short
                and is_cap(t.text)
                and (i + 1 >= n or not _is_name_word(toks[i + 1]) or text[t.end : toks[i + 1].start].strip())
                and (i == 0 or not _is_name_word(toks[i - 1]) or text[toks[i - 1].end : t.start].strip())
            ):
                end = t.end - (1 if t.text.endswith(".") else 0)
                out.append(
                    Mention(
                        s.doc,
                        s.start + t.start,
                        s.start + end,
                        text[t.start : end],
                        self.find(self._short[word]),
                    )
                )
                i += 1
                continue
            # generic defined words and pronouns
            if word in self.generic and is_cap(t.text):
                out.append(
                    Mention(s.doc, s.start + t.start, s.start + t.end, t.text, self.generic[word], True)
                )
            elif self.self_id is not None and (
                word == "company"
                and is_cap(t.text)
                and i > 0
                and toks[i - 1].norm == "the"
                or word in ("we", "our", "us")
                and t.text != "US"
                and s.doc in self.self_docs
                or word == "registrant"
                and is_cap(t.text)
            ):
                out.append(
                    Mention(s.doc, s.start + t.start, s.start + t.end, t.text, self.find(self.self_id), True)
                )
            elif (
                self.self_id is None
                and self.anon_id is not None
                and (
                    word == "company"
                    and t.text == "Company"
                    and i > 0
                    and toks[i - 1].norm == "the"
                    or word in ("we", "our", "us")
                    and t.text not in ("US", "OUR", "WE")
                )
            ):
                out.append(Mention(s.doc, s.start + t.start, s.start + t.end, t.text, self.anon_id, True))
            i += 1
        return out

    def link_parents(self, sentences: list[Sentence]) -> bool:
        """Fold subsidiaries, divisions and merger vehicles into their parents, reading mentions."""
        changed = False
        for s in sentences:
            ms = [m for m in self.mentions(s) if not m.pronoun]
            if len(ms) < 2:
                continue
            text = s.text
            for a, b in zip(ms, ms[1:]):
                between = text[a.end - s.start : b.start - s.start]
                child = parent = None
                if _CHILD_OF.fullmatch(between) and not re.search(
                    r"\b(?:becom\w*|would|will|shall|to\s+be|upon|after|following|surviv\w*)\b",
                    between,
                    re.I,
                ):
                    child, parent = a, b
                elif (
                    _PARENT_UNIT.fullmatch(between)
                    or _PARENT_S.fullmatch(between)
                    and (
                        re.search(r"subsidiar|unit|division", between, re.I)
                        or any(h in ("legal", "industry") for h in self.clusters[self.find(b.cluster)].hows)
                    )
                ):
                    child, parent = b, a
                if child is None:
                    continue
                c, p = self.find(child.cluster), self.find(parent.cluster)
                if c == p or self.clusters[c].registrant:
                    continue
                self.clusters[p].child_names.update(self.clusters[c].names)
                self.union(p, c, keep=p)
                changed = True
                after = text[parent.end - s.start : parent.end - s.start + 40]
                g = re.match(
                    r"\s*\(\s*(?:the\s+)?[\"\u201c](Merger\s+Sub|Purchaser|Buyer|Acquiror)[\"\u201d]", after
                )
                if g:
                    self.generic[g.group(1).lower()] = self.find(p)
            for m in ITS_SUBSIDIARY.finditer(text):
                child = next((x for x in ms if x.start - s.start == m.end()), None)
                if child is None:
                    continue
                parent = None
                if m.group(0).lower().startswith("its"):
                    parent = next((x for x in reversed(ms) if x.end - s.start <= m.start()), None)
                elif self.self_id is not None:
                    parent = Mention(s.doc, 0, 0, "", self.find(self.self_id))
                if parent is None:
                    continue
                c, p = self.find(child.cluster), self.find(parent.cluster)
                if c != p and not self.clusters[c].registrant:
                    self.clusters[p].child_names.update(self.clusters[c].names)
                    self.union(p, c, keep=p)
                    changed = True
        for word, oid in list(self.generic.items()):
            self.generic[word] = self.find(oid)
        if changed:
            self.build_matcher()
        return changed

    def label(self, cid: int) -> str:
        cl = self.clusters[self.find(cid)]
        rank = {
            "registrant": 0,
            "legal": 1,
            "industry": 2,
            "institution": 2,
            "link": 3,
            "ticker": 4,
            "role": 5,
            "defined": 6,
            "division": 6,
            "former": 9,
        }
        best = None
        own = [n for n in cl.names if n not in cl.child_names]
        for order, (n, h) in enumerate(zip(cl.names, cl.hows)):
            if own and n in cl.child_names:
                continue
            mixed = 0 if not n.isupper() else 1
            mixed += 2 * (len(n.split()) > 6)
            toks = tokenize(n)
            legal = 0 if toks and toks[-1].norm in LEGAL_SUFFIXES | {"company", "publ"} else 1
            score = (mixed, legal, rank.get(h, 7), order)
            if h == "registrant" and n.isupper():
                score = (1, legal, 8, order)
            if best is None or score < best[0]:
                best = (score, n)
        return best[1] if best else cl.names[0]
