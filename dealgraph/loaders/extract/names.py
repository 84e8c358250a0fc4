"""Organizations: find their names, tell which spellings name the same one, find every mention.

How a name is recognized (each rule works on any text, no list of companies is involved):

* a run of capitalized words ending in a legal form — "Biogen Idec, Inc.", "Ono Pharmaceutical
  Co., Ltd.", "Novartis AG", "Pincell S.r.l." — or in a word of the trade: "Alloy Therapeutics",
  "Charles River Laboratories", "Peoples Bancorp"; "University of Iowa" and the like;
* a name followed by a stock ticker: "Pfizer (NYSE: PFE)", "Alligator Bioscience (Nasdaq
  Stockholm: ATORX)"; the ticker becomes one of its tickers;
* a name in a place only a company can stand: "an agreement with Makans", "to acquire
  Galapagos", "an investment from …", "drugmaker Teva", or the subject of "has entered",
  "will pay", "announced";
* a defined term after a name: "Bristol-Myers Squibb Company (\u201cBMS\u201d)", "…, or BMS,",
  "(hereinafter referred to as \u201cOdeon\u201d)": the term is another spelling of the same
  company.  Generic terms ("the Company", "Parent", "Purchaser", "University") are remembered
  for this filing only, to resolve later mentions, and are not kept as aliases.

Which spellings are one organization: the same normalized name (case, punctuation and legal
form ignored: "Biogen Idec, Inc." = "Biogen Idec" = "BIOGEN IDEC"); a defined term; a shorter
form that starts a longer name ("Alligator" for "Alligator Bioscience"; when several names start
alike, the one introduced first); an abbreviation whose letters run through a name ("BMS",
"AXSM"); a ticker.  A subsidiary, a division, a merger vehicle ("Samba Merger Sub, Inc., an
indirect wholly owned subsidiary of Sanofi") and a former name are folded into the parent, which
keeps the preferred label.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from dealgraph.loaders.extract.places import PLACE_WORDS, is_place
from dealgraph.loaders.extract.sentences import Sentence
from dealgraph.loaders.extract.tokens import (
    GENERIC_PARTY_WORDS, HEADLINE_WORDS, INDUSTRY_WORDS, LEGAL_SUFFIXES, NOT_ORGS, STOP_WORDS, Tok, is_cap, tokenize)
from dealgraph.records import Evidence, Registrant

CONNECTORS = frozenset({"of", "de", "del", "della", "dei", "di", "du", "des", "la", "le", "van", "von",
                        "der", "den", "y", "da", "do", "at", "für", "for"})
_SUFFIX_WORDS = frozenset({"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
                           "llc", "lp", "llp", "plc", "ag", "sa", "nv", "bv", "gmbh", "kk", "se", "the",
                           "holdings", "group", "ab", "publ", "spa", "srl", "asa", "oy", "oyj", "kgaa",
                           "pty", "pte", "international", "intl", "int'l", "l", "p", "s", "a", "n", "v"})
_INDUSTRY_CLASS = {"pharmaceuticals": "pharma", "pharmaceutical": "pharma", "pharma": "pharma",
                   "biopharma": "biopharma", "biopharmaceuticals": "biopharma",
                   "biopharmaceutical": "biopharma", "therapeutic": "therapeutics",
                   "laboratories": "labs", "laboratory": "labs", "labs": "labs",
                   "biosciences": "bioscience", "bioscience": "bioscience", "technologies": "technology",
                   "technology": "technology", "biotechnology": "biotech", "biotech": "biotech"}
_INSTITUTION = frozenset({"university", "institute", "college", "hospital", "school", "foundation",
                          "clinic", "center", "centre", "council", "agency", "authority", "ministry",
                          "department"})
_RIGHT_EXT = frozenset({"international", "intl", "int'l", "worldwide", "usa", "us", "holdings"})

_TICKER = re.compile(
    r"\b(NASDAQ|Nasdaq(?:\s+Stockholm|\s+Copenhagen|\s+Helsinki|GS|GM|CM)?|NasdaqGS|NasdaqGM|NYSE(?:\s+American|\s+MKT)?|"
    r"AMEX|OTCQB|OTCQX|OTCBB|OTC(?:\s+Markets)?|OTC\s+Pink|TSX(?:V|-V)?|CSE|FRA|HKEX|SEHK|SIX|LSE|AIM|ASX|"
    r"Euronext(?:\s+\w+)?|SSE|SZSE|KOSDAQ|KRX|TASE|TWSE|TPEx|STAR|Spotlight|First\s+North)"
    r"\s?:\s?\[?([A-Z0-9][A-Za-z0-9.\-]{0,9})\]?")
_BEFORE_SHARES = re.compile(r"(?<=\w)(?=[’']?s?\s+(?:common\s+|ordinary\s+)?(?:shares?|stockholders|shareholders)\b)")
_CHILD_OF = re.compile(
    r"[^.;]{0,140}?\b(?:an?|its|the)\s+(?:(?:direct|indirect),?\s+)?"
    r"(?:wholly[- ]owned\s+|majority[- ]owned\s+)?(?:subsidiary|unit|division|affiliate)\s+of\s+(?:the\s+)?", re.I)
_PARENT_S = re.compile(r"[’']s?\s+(?:(?:direct|indirect|wholly[- ]owned|majority[- ]owned|operating|pharmaceutical|drug|"
                       r"development|biotech)\s+){0,2}(?:subsidiary|subsidiaries|unit|division)?,?\s*", re.I)
_PARENT_UNIT = re.compile(r"\s+(?:subsidiary|unit|division)\s+", re.I)
_PRODUCT_MARK = re.compile(r"\b([A-Z][\w-]{2,30})\s?(?:®|™|\(R\)|\(TM\)|\((?:[a-z][a-z\- ]{3,40})\))")
_PRODUCT_AFTER = re.compile(r"\s?(?:®|™|\(R\)|\(TM\)|\((?:[a-z][a-z\- ]{3,40})\))")
_LINK_TITLE = re.compile(r"\]\([^()\s]{1,300}\s+[\"\u201c]([^\"\u201d]{2,80})[\"\u201d]\)")
_PAREN = re.compile(r"\(([^()]{1,160})\)")
_QUOTED = re.compile(r"[\"\u201c\u2018']([^\"\u201d\u201c\u2019']{1,60})[\"\u201d\u2019']")
_OR_ALIAS = re.compile(r",\s+or\s+(?:the\s+)?([A-Z][\w.&\-]*(?:\s+[A-Z][\w.&\-]*){0,2})\s*(?=[,.;)])")
_FORMERLY = re.compile(r"\(\s*(?:formerly|f/k/a|formerly known as|previously)\s+([^()]{2,80})\)", re.IGNORECASE)

_ROLE_BEFORE = re.compile(
    r"\b(?i:agreements?|collaborations?|partnerships?|deal|contract|alliance|settlement|arrangement|talks|"
    r"negotiations|merger|combination|relationship|litigation|option|license|licence|transaction)\s+with\s+"
    r"(?:(?:the|a|an|its|[a-z][\w-]*)\s+){0,3}?(?=[A-Z0-9]|[a-z][A-Z])"
    r"|\b[\w.]+[- ](?i:based)\s+(?=[A-Z0-9]|[a-z][A-Z])"
    r"|\b(?i:partner(?:ed|s|ing)?|team(?:s|ed)?\s+up|collaborat(?:e|es|ed|ing)|merg(?:e|es|ed|ing)|"
    r"settle(?:s|d)?|negotiat(?:e|es|ed|ing))\s+with\s+(?:the\s+)?"
    r"|\b(?i:acquire|acquires|acquired|acquiring|buy|buys|bought|acquisition\s+of|takeover\s+of|"
    r"purchase\s+of|stake\s+in|holding\s+in|holdings\s+in|investment\s+in|interest\s+in|merger\s+of|"
    r"subsidiary\s+of|affiliate\s+of|unit\s+of|division\s+of|portfolio\s+company\s+of|shares\s+of|"
    r"licensee\s+of|licensor\s+of|backed\s+by|offer\s+for|bid\s+for|equity\s+in|"
    r"(?:CEO|CFO|President|Chairman|Chief\s+[A-Z][a-z]+\s+Officer|[Ff]ounder)\s+(?:of|at))\s+"
    r"(?:the\s+)?(?:all\s+(?:of\s+)?(?:the\s+)?(?:outstanding\s+)?(?:shares\s+of\s+)?)?(?=[A-Z0-9]|[a-z][A-Z])"
    r"|\b(?i:investment|payment|payments|funding|order|orders|notice|fee|fees|royalties|milestone|"
    r"license|licence|rights|offer|consideration)\s+from\s+(?=[A-Z0-9]|[a-z][A-Z])"
    r"|\b(?i:company|firm|drugmaker|biotech|pharma|partner|supplier|maker|licensee|licensor|rival|"
    r"developer|giant|group|player|clinic)\s+(?=[A-Z0-9]|[a-z][A-Z])")
_SUBJECT_VERB = re.compile(
    r"\s*(?:\([^()]{0,200}(?:\([^()]{0,200}\)[^()]{0,100})?\)\s*)?(?:,[^,]{1,100},\s*)?"
    r"(?:has|have|will|would|to|today|also|is|said|says|announced|announces|signed|signs|entered|enters|"
    r"agreed|agrees|completed|completes|acquired|acquires|granted|grants|pays|paid|receives|received|"
    r"secured|secures|extends|extended|licensed|licenses|reported|reports|teams|partners|partnered|penned|"
    r"inked|exercised|exercises|shall|may|can|could|plans|intends|expects|declined|rises|rose|fell|"
    r"falls|stock|shares)\b")


@dataclass
class Candidate:
    doc: int
    start: int
    end: int
    name: str
    how: str            # legal, industry, institution, ticker, role, defined, registrant, link
    headline: bool = False   # read in a title-case headline, where word boundaries of names are unsure


@dataclass
class Cluster:
    id: int
    names: list[str] = field(default_factory=list)
    hows: list[str] = field(default_factory=list)
    tickers: list[str] = field(default_factory=list)
    generic: set[str] = field(default_factory=set)     # "company", "parent" … for this filing
    first: tuple[int, int] = (10 ** 9, 0)             # (doc, offset) of the first mention
    evidence: list[Evidence] = field(default_factory=list)
    child_names: set[str] = field(default_factory=set)  # names folded in as subsidiaries
    registrant: bool = False
    vehicle: bool = False
    anonymous: bool = False        # "we" / "the Company" of a text that never names itself


@dataclass(frozen=True)
class Mention:
    doc: int
    start: int
    end: int
    text: str
    cluster: int
    pronoun: bool = False


def norm_key(name: str) -> str:
    """'Biogen Idec, Inc.' -> 'biogen idec'; 'The University of Iowa' -> 'university of iowa'."""
    words = re.sub(r"[^a-z0-9 ]+", " ", name.lower().replace("&", " and ").replace("’", "'").replace("'", "")).split()
    while words and words[-1] in _SUFFIX_WORDS and len(words) > 1:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def loose_key(name: str) -> str:
    """Like norm_key, with trade words reduced to a class: 'Citius Pharma' = 'Citius Pharmaceuticals'."""
    return " ".join(_INDUSTRY_CLASS.get(w, w) for w in norm_key(name).split())


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower().rstrip(".,") not in _SUFFIX_WORDS
             and w.lower() not in CONNECTORS and w.lower() != "and"]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def abbreviates(short: str, name: str) -> bool:
    """'BMS' ~ 'Bristol-Myers Squibb'; 'AXSM' ~ 'Axsome'; 'IMGN' ~ 'ImmunoGen'."""
    s = short.upper().replace(".", "")
    if not s.isalpha() or not (2 <= len(s) <= 6):
        return False
    core = norm_key(name)
    if not core or core[0].upper() != s[0] or core.replace(" ", "").upper() == s:
        return False
    if _initials(name).startswith(s) and len(s) >= 2:
        return True
    letters = core.replace(" ", "").upper()
    i = 0
    for ch in s:
        i = letters.find(ch, i)
        if i < 0:
            return False
        i += 1
    return len(s) >= 3


def _gap(text: str, a: Tok, b: Tok) -> str:
    return text[a.end:b.start]


def _inner_gap_ok(gap: str) -> bool:
    return gap in (" ", "  ", " & ", "&", " &amp; ", " + ")


def _is_name_word(t: Tok) -> bool:
    return is_cap(t.text) and t.norm not in ("and", "or")


def _connector(t: Tok, nxt: Tok) -> bool:
    """'of', 'de', 'dei' … inside a name: lower case, or upper case inside an all-capitals name."""
    return t.norm in CONNECTORS and (t.text.islower() or t.text.isupper() and nxt.text.isupper())


def scan_left(text: str, toks: list[Tok], a: int, limit: int = 7) -> int:
    """First token of the name whose last core token is toks[a]."""
    i = a
    while i > 0 and a - i < limit:
        prev = toks[i - 1]
        gap = _gap(text, prev, toks[i])
        if not _inner_gap_ok(gap):
            break
        if _is_name_word(prev) and prev.norm not in HEADLINE_WORDS and prev.norm not in LEGAL_SUFFIXES:
            i -= 1
            continue
        if prev.norm == "and" and i - 2 >= 0 and _is_name_word(toks[i - 2]) and \
                toks[i].norm in INDUSTRY_WORDS | {"trust", "company", "development", "research"} and \
                toks[i - 2].norm not in LEGAL_SUFFIXES and _inner_gap_ok(_gap(text, toks[i - 2], prev)):
            i -= 2
            continue
        if _connector(prev, toks[i]) and i - 2 >= 0 and _is_name_word(toks[i - 2]) and \
                toks[i - 2].norm not in HEADLINE_WORDS and _inner_gap_ok(_gap(text, toks[i - 2], prev)):
            i -= 2
            continue
        break
    return i


def scan_right(text: str, toks: list[Tok], i: int, limit: int = 6) -> int:
    """Last token of a name starting at toks[i] (which must be a name word)."""
    j = i
    while j + 1 < len(toks) and j - i < limit:
        nxt = toks[j + 1]
        gap = _gap(text, toks[j], nxt)
        if _inner_gap_ok(gap) and _is_name_word(nxt) and nxt.norm not in HEADLINE_WORDS:
            j += 1
            continue
        if _inner_gap_ok(gap) and j + 2 < len(toks) and _connector(nxt, toks[j + 2]) and \
                _is_name_word(toks[j + 2]) and toks[j + 2].norm not in HEADLINE_WORDS and \
                _inner_gap_ok(_gap(text, nxt, toks[j + 2])):
            j += 2
            continue
        break
    return j


def extend_suffix(text: str, toks: list[Tok], j: int) -> int:
    """Take in legal forms after the name: ', Inc.', ' Co., Ltd.', ' AB (publ)'."""
    while j + 1 < len(toks):
        nxt = toks[j + 1]
        gap = _gap(text, toks[j], nxt)
        if gap not in (" ", ", ", ",", "  ", " (", ") ") and not (gap == " (" and nxt.norm == "holdings"):
            break
        n = nxt.norm
        if n in LEGAL_SUFFIXES or n in _RIGHT_EXT and gap in (" ",) or n == "publ" and gap == " (":
            if gap == ") ":
                break
            j += 1
            continue
        if n == "holdings" and gap == " (":
            j += 1
            continue
        if n == "company" and gap == " ":
            j += 1
            continue
        break
    return j


def _end_of(text: str, toks: list[Tok], j: int) -> int:
    """End offset of token j, including a closing ')' of '(publ)' or '(Holdings)'."""
    end = toks[j].end
    if toks[j].norm in ("publ", "holdings") and text[end:end + 1] == ")" and "(" in text[toks[j].start - 2:toks[j].start]:
        end += 1
    return end


def _trim(text: str, toks: list[Tok], i: int, j: int) -> tuple[int, int] | None:
    """Drop leading stop words; refuse names made only of stop words, places or legal forms."""
    while i <= j and (toks[i].norm in STOP_WORDS or toks[i].norm in CONNECTORS or toks[i].norm in HEADLINE_WORDS) \
            and toks[i].norm not in ("new",):
        i += 1
    while j >= i and toks[j].norm in CONNECTORS:
        j -= 1
    if i > j:
        return None
    core = [t for t in toks[i:j + 1] if t.norm not in LEGAL_SUFFIXES]
    if not core:
        return None
    institution = any(t.norm in _INSTITUTION and k + 1 < len(core) and core[k + 1].norm == "of"
                      for k, t in enumerate(core))
    if not institution and all(t.norm in STOP_WORDS or t.norm in PLACE_WORDS or t.norm in GENERIC_PARTY_WORDS
                               for t in core):
        return None
    if all(t.norm in INDUSTRY_WORDS or t.norm in STOP_WORDS for t in core):
        return None
    return i, j


def _valid(name: str) -> bool:
    key = norm_key(name)
    if not key or len(key) < 2 or key in NOT_ORGS or is_place(name):
        return False
    if key in STOP_WORDS or key in GENERIC_PARTY_WORDS or "stock market" in key or "exchange" in key.split():
        return False
    if key in ("merger sub", "surviving corporation", "surviving company", "the parties", "parties"):
        return False
    return any(ch.isalpha() for ch in key)


STOP_UPPER = frozenset("""
FDA SEC EMA NDA BLA IND CEO CFO COO CMO CSO CTO USA LLC INC LTD PLC NYSE NASDAQ OTC PR EU UK US
IPO GAAP EPS ADS ADR NIH DOD HHS FTC DOJ CVR MOU LOI API GMP CMC FTE IP AI ML COVID HIV PDUFA
ORR PFS OS DLBCL AML UC IPF MDD ADHD CNS ADC ADCS TCE CAR NMDA TNFR PPI NSAID DNA RNA MRNA SIRNA
THE AND FOR WITH FROM THIS THAT ITEM EXHIBIT NOTE SECTION ARTICLE AGREEMENT LICENSE TERM
ARE WAS WERE HAS HAD HAVE NOT ANY ALL ITS OUR NEW SEE USE MAY CAN SHALL WILL OTHER SUCH EACH UPON
INTO ONLY ALSO BUT NOR THAN THEN THEY THEM THEIR WHICH WHO WHEN WHERE PER VIA TBD USD EUR GBP JPY
""".split())


def _related(term: str, name: str) -> bool:
    """Is a defined term a form of a name ("Array" for "Array BioPharma Inc.", "BMS", "Acme US")?"""
    t, n = norm_key(term), norm_key(name)
    if not t:
        return False
    if abbreviates(term, name) or n.startswith(t + " ") or n == t:
        return True
    shared = {w for w in t.split() if len(w) >= 4} & set(re.split(r"[\s-]+", n))
    return bool(shared - INDUSTRY_WORDS - GENERIC_PARTY_WORDS - STOP_WORDS)


_ADDRESS = re.compile(r"\d|\b(?:Street|Avenue|Road|Boulevard|Drive|Suite|Floor|Lane|Way|Place|Parkway|Plaza)\b")


class Harvester:
    """Collects name candidates, defined terms, tickers and parent links from sentences."""

    def __init__(self) -> None:
        self.candidates: list[Candidate] = []
        self.aliases: list[tuple[Candidate, str, str]] = []      # (named, alias, kind)
        self.tickers: list[tuple[Candidate, str]] = []
        self.parents: list[tuple[Candidate, Candidate]] = []     # (child, parent)
        self.generic: list[tuple[Candidate, str]] = []
        self.mid_caps: dict[str, int] = defaultdict(int)       # capitalized words seen mid-sentence
        self.other_terms: set[str] = set()                      # defined terms that name no company
        self.capitals: dict[str, int] = defaultdict(int)       # words in capitals ("AXSM")
        self.products: set[str] = set()                         # names marked as products ("X®")
        self._last_found: list[Candidate] = []
        self._last_doc = -1

    def _add(self, s: Sentence, text: str, toks: list[Tok], i: int, j: int, how: str) -> Candidate | None:
        trimmed = _trim(text, toks, i, j)
        if not trimmed:
            return None
        i, j = trimmed
        if how == "role" and i == j and _PRODUCT_AFTER.match(text, toks[j].end):
            return None                      # "LUCEMYRA® (lofexidine)" names a drug, not a company
        if re.search(r"\b(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame)\.?\s*$", text[max(0, toks[i].start - 6):toks[i].start]):
            return None                      # a person: "Dr. Jane Roe"
        start, end = toks[i].start, _end_of(text, toks, j)
        if text[end - 1:end] == "." and toks[j].norm not in LEGAL_SUFFIXES and len(toks[j].bare) > 1:
            end -= 1
        name = text[start:end].rstrip(",")
        if not _valid(name):
            return None
        for c in self.candidates:          # the same span seen by two rules
            if c.doc == s.doc and c.start == s.start + start and c.end == s.start + end:
                return c
        cand = Candidate(s.doc, s.start + start, s.start + end, name, how)
        cand.headline = getattr(self, "_headline", False)
        self.candidates.append(cand)
        return cand

    def sentence(self, s: Sentence) -> None:
        text = s.text
        toks = tokenize(text)
        if not toks:
            return
        words = [t for t in toks if t.text[:1].isalpha()]
        self._headline = len(words) >= 5 and sum(1 for t in words if t.text[:1].isupper()) >= 0.75 * len(words) \
            and not text.isupper()
        found: list[Candidate] = []
        for k in range(1, len(toks)):
            if is_cap(toks[k].text) and text[toks[k - 1].end:toks[k].start].strip() in ("", ",", "&", "-"):
                self.mid_caps[toks[k].norm] += 1
        # 1. Names ending in a legal form or a word of the trade.
        for a, t in enumerate(toks):
            n = t.norm
            if n == "co" and not (t.text.endswith(".") or a + 1 < len(toks) and toks[a + 1].norm in ("ltd", "limited", "inc", "kg")):
                continue                                       # "Boulder, CO 80301" is a state
            if n in LEGAL_SUFFIXES and a > 0 and (is_cap(t.text) or n in ("plc", "gmbh", "kgaa")):
                prev = toks[a - 1]
                gap = _gap(text, prev, t)
                if gap in (" ", ", ", ",", "  ") and (_is_name_word(prev) or prev.norm in LEGAL_SUFFIXES):
                    if prev.norm in LEGAL_SUFFIXES:
                        continue                               # the second word of "Co., Ltd."
                    i = scan_left(text, toks, a - 1)
                    j = extend_suffix(text, toks, a - 1)
                    c = self._add(s, text, toks, i, j, "legal")
                    if c:
                        found.append(c)
            elif n == "company" and is_cap(t.text) and a > 0 and _inner_gap_ok(_gap(text, toks[a - 1], t)) \
                    and _is_name_word(toks[a - 1]) and toks[a - 1].norm not in STOP_WORDS:
                i = scan_left(text, toks, a - 1)
                j = extend_suffix(text, toks, a)
                c = self._add(s, text, toks, i, j, "legal")
                if c:
                    found.append(c)
            elif n in INDUSTRY_WORDS and is_cap(t.text) and a > 0 and _is_name_word(toks[a - 1]) \
                    and _inner_gap_ok(_gap(text, toks[a - 1], t)):
                if a + 1 < len(toks) and toks[a + 1].norm in INDUSTRY_WORDS and \
                        _inner_gap_ok(_gap(text, t, toks[a + 1])):
                    continue                                   # the name goes on: "X Bio Sciences"
                i = scan_left(text, toks, a)
                j = extend_suffix(text, toks, a)
                c = self._add(s, text, toks, i, j, "industry")
                if c:
                    found.append(c)
            elif n in _INSTITUTION and is_cap(t.text) and a + 2 < len(toks) and toks[a + 1].norm == "of" \
                    and _is_name_word(toks[a + 2]):
                i = scan_left(text, toks, a) if a > 0 and _inner_gap_ok(_gap(text, toks[a - 1], t)) else a
                j = scan_right(text, toks, a + 2, limit=4)
                c = self._add(s, text, toks, i, j, "institution")
                if c:
                    found.append(c)
            elif n in _INSTITUTION and is_cap(t.text) and a > 0 and _is_name_word(toks[a - 1]) \
                    and _inner_gap_ok(_gap(text, toks[a - 1], t)) and n != "department":
                i = scan_left(text, toks, a)
                if i < a:
                    c = self._add(s, text, toks, i, a, "institution")
                    if c:
                        found.append(c)
        # Names before "shares" / "stockholders": "12.6 million BioFocus shares".
        for m in _BEFORE_SHARES.finditer(text):
            idx = next((k for k, t in enumerate(toks) if t.end == m.start()), None)
            if idx is None or not _is_name_word(toks[idx]) or toks[idx].norm in STOP_WORDS:
                continue
            if any(c.start - s.start <= toks[idx].start < c.end - s.start for c in found):
                continue
            i = scan_left(text, toks, idx, limit=4)
            c = self._add(s, text, toks, i, idx, "role")
            if c:
                found.append(c)
        for t in toks:
            if re.fullmatch(r"[A-Z]{2,6}", t.text):
                self.capitals[t.text] += 1
        for m in _PRODUCT_MARK.finditer(text):
            self.products.add(m.group(1).lower())
        # 2. Names in the places only an organization can stand.
        starts = [m.end() for m in _ROLE_BEFORE.finditer(text)]
        subject_starts = [] if re.match(r"^\W{0,3}[\"“]", text) else [0]
        comma = text.find(", ")
        if 0 < comma < 70 and text[:comma].count(" ") <= 8:
            subject_starts.append(next((k for k, t in enumerate(toks) if t.start > comma), len(toks)))
        for k in subject_starts:
            while k < len(toks) and k < 3 and toks[k].norm in ("the", "on", "in", "today", "yesterday", "also",
                                                                 "meanwhile", "co", "and"):
                k += 1
            if k < len(toks) and _is_name_word(toks[k]):
                j = scan_right(text, toks, k, limit=5)
                if _SUBJECT_VERB.match(text, toks[j].end):
                    starts.append(toks[k].start)
                elif j + 2 < len(toks) and toks[j + 1].norm in ("and", "&") and _is_name_word(toks[j + 2]):
                    j2 = scan_right(text, toks, j + 2, limit=5)
                    if _SUBJECT_VERB.match(text, toks[j2].end):
                        starts += [toks[k].start, toks[j + 2].start]
        by_start = {t.start: idx for idx, t in enumerate(toks)}
        for pos in starts:
            idx = by_start.get(pos)
            if idx is None or not _is_name_word(toks[idx]):
                continue
            j = scan_right(text, toks, idx, limit=5)
            j = extend_suffix(text, toks, j)
            if any(c.start - s.start <= toks[idx].start < c.end - s.start for c in found):
                continue
            c = self._add(s, text, toks, idx, j, "role")
            if c:
                found.append(c)
        # 3. Tickers, with the name just before them.
        for m in _TICKER.finditer(text):
            symbol = m.group(2).rstrip(".")
            owner = self._owner_before(s, found, m.start(), toks, text)
            if owner is not None:
                self.tickers.append((owner, symbol))
        for m in _LINK_TITLE.finditer(text):
            title = m.group(1).strip()
            owner = self._owner_before(s, found, m.start(), toks, text)
            ttoks = tokenize(title)
            if owner is not None and ttoks and _valid(title):
                self.aliases.append((owner, title, "link"))
        # 4. Defined terms: Name ("Alias"), Name, or Alias,
        previous = self._last_found if self._last_doc == s.doc else []
        for m in _PAREN.finditer(text):
            inner = m.group(1)
            terms = [q.group(1).strip() for q in _QUOTED.finditer(inner)]
            if not terms:
                continue
            owner = self._nearest(s, found, m.start(), text)
            related = [c for c in found if c.end - s.start <= m.start() and m.start() - (c.end - s.start) <= 400
                       and any(_related(t, c.name) for t in terms)]
            if owner is None and not related and not [c for c in found if c.end - s.start <= m.start()]:
                # a preamble that puts the name and its defined term on two lines
                related = [c for c in previous if any(_related(t, c.name) for t in terms)]
            if related:
                owner = max(related, key=lambda c: c.end)
            if owner is None:
                self.other_terms.update(t.lower() for t in terms)
                continue
            for term in terms:
                self._define(owner, term, adjacent=bool(related) or self._adjacent(owner, s, m.start(), text))
        for m in _OR_ALIAS.finditer(text):
            owner = self._nearest(s, found, m.start(), text, reach=80)
            term = m.group(1)
            if owner is not None:
                self._define(owner, term, adjacent=True)
        for m in _FORMERLY.finditer(text):
            owner = self._nearest(s, found, m.start(), text, reach=5)
            if owner is not None:
                self.aliases.append((owner, m.group(1).strip(), "former"))
        self._last_found, self._last_doc = found, s.doc
        # 5. Subsidiaries, divisions and merger vehicles.
        before = len(self.parents)
        self._parents(s, text, found)
        for k, (owner, word) in enumerate(self.generic):
            if owner.doc != s.doc or not (s.start <= owner.start < s.end):
                continue
            for child, parent in self.parents[before:]:
                if parent is owner and child.start < owner.start:
                    self.generic[k] = (child, word)

    def _owner_before(self, s: Sentence, found: list[Candidate], pos: int, toks: list[Tok], text: str):
        """The name a ticker or link belongs to: the candidate just before, or the words before '('."""
        best = None
        for c in found:
            if c.end - s.start <= pos and pos - (c.end - s.start) <= 90:
                if best is None or c.end > best.end:
                    best = c
        if best is not None:
            between = text[best.end - s.start:pos]
            if not re.search(r"[.;]\s|\)\s+[a-z]", between) and between.count("(") <= 2:
                return best
        # the words right before the opening parenthesis
        p = text.rfind("(", 0, pos)
        if p < 0 or pos - p > 40:
            return None
        q = p
        while q > 0 and text[q - 1] in " [":
            q -= 1
        idx = None
        for k, t in enumerate(toks):
            if t.end == q or t.end == q - 1 and text[q - 1] == ",":
                idx = k
        if idx is None or not _is_name_word(toks[idx]):
            return None
        i = scan_left(text, toks, idx, limit=5)
        return self._add(s, text, toks, i, idx, "ticker")

    def _nearest(self, s: Sentence, found: list[Candidate], pos: int, text: str, reach: int = 260):
        best = None
        for c in found:
            if _ADDRESS.search(c.name):
                continue
            e = c.end - s.start
            if e <= pos and pos - e <= reach and (best is None or c.end > best.end):
                best = c
        if best is None:
            return None
        between = text[best.end - s.start:pos]
        if between.strip(" ,") and not re.match(
                r"^\s*,?\s*(?:an?\s|the\s|its\s|located|having|with\s+(?:its|an?)\s|organized|incorporated|"
                r"existing|by\s+and\s+through|acting|on\s+behalf|whose|which)", between):
            return None
        return best

    def _adjacent(self, owner: Candidate, s: Sentence, pos: int, text: str) -> bool:
        return not text[owner.end - s.start:pos].strip(" ,")

    def _define(self, owner: Candidate, term: str, adjacent: bool) -> None:
        low = term.lower().strip()
        if low.startswith("the "):
            low = low[4:]
        if low in GENERIC_PARTY_WORDS or low in ("merger sub", "company", "registrant"):
            self.generic.append((owner, low))
            return
        if not is_cap(term) or len(term) > 60:
            return
        if re.search(r"\b(?:agreement|date|term|territory|product|field|offer|merger|shares?|act|plan)s?\b",
                     low):
            self.other_terms.add(low)
            return
        related = abbreviates(term, owner.name) or norm_key(owner.name).startswith(norm_key(term)) or \
            norm_key(term) in norm_key(owner.name) or norm_key(owner.name) in norm_key(term)
        if related or adjacent:
            self.aliases.append((owner, term, "defined"))
        else:
            self.other_terms.add(low)

    def _parents(self, s: Sentence, text: str, found: list[Candidate]) -> None:
        local = sorted(found, key=lambda c: c.start)
        for a, b in zip(local, local[1:]):
            between = text[a.end - s.start:b.start - s.start]
            if re.fullmatch(r",\s*(?:[^,()]{0,60},\s*)?(?:[^,()]{0,40}\s)?(?:an?|its|the)\s+(?:(?:direct|indirect),?\s+)?"
                            r"(?:wholly[- ]owned\s+|majority[- ]owned\s+)?(?:subsidiary|unit|division|affiliate)\s+of\s+(?:the\s+)?",
                            between, re.IGNORECASE):
                self.parents.append((a, b))
            elif re.fullmatch(r"[’']s\s+(?:(?:direct|indirect|wholly[- ]owned|majority[- ]owned|[a-z]+)\s+){0,2}"
                              r"(?:subsidiary|subsidiaries|unit|division)?,?\s*", between, re.IGNORECASE):
                self.parents.append((b, a))
            elif re.fullmatch(r"\s+(?:subsidiary|unit|division)\s+", between, re.IGNORECASE):
                self.parents.append((b, a))
        for m in re.finditer(r"\b(?:its|our|the\s+Company[’']s)\s+(?:(?:direct|indirect|wholly[- ]owned|majority[- ]owned)\s+){0,2}"
                             r"(?:subsidiary|unit|division),?\s+", text):
            after = [c for c in local if c.start - s.start == m.end()]
            before = [c for c in local if c.end - s.start <= m.start()]
            if after:
                if before and m.group(0).lower().startswith("its"):
                    self.parents.append((after[0], before[0]))
                else:
                    self.generic.append((after[0], "subsidiary-of-self"))
        for m in re.finditer(r"\bits\s+([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3})\s+division\b", text):
            before = [c for c in local if c.end - s.start <= m.start()]
            if before:
                self.aliases.append((before[-1], m.group(1), "division"))


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
            if c.headline and c.how in ("role", "industry", "institution") and loose_key(c.name) not in confirmed:
                kw = loose_key(c.name).split()
                if not kw or kw[0] not in confirmed_words or len(kw) > 3:
                    continue
            if c.name.lower() in harvester.other_terms and c.how not in ("legal",):
                continue
            if c.name.lower() in harvester.products and c.how in ("role", "ticker"):
                continue
            words = tokenize(c.name)
            if c.how == "role" and len(words) == 1 and not re.search(r"[A-Z].*[A-Z]|\d", c.name[1:]) \
                    and harvester.mid_caps.get(words[0].norm, 0) == 0:
                continue                  # one ordinary capitalized word at the start of a sentence
            keep.append(c)
        harvester.candidates = keep
        for c in harvester.candidates:
            ids[id(c)] = self._intern(c.name, c.how, (c.doc, c.start), Evidence(c.doc, c.start, c.end, c.name))
        if registrant and registrant.name:
            clean = re.sub(r"\s*/[A-Z]{2}/?\s*$", "", registrant.name).strip()
            rid = self._intern(clean, "registrant", (-1, 0), None)
            self.clusters[self.find(rid)].registrant = True
            for former in registrant.former_names:
                self.union(rid, self._intern(former, "former", (10 ** 8, 0), None))
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
                targets = [c for c in self.roots() if any(
                    abbreviates(word, n) and (_initials(n).startswith(word) or norm_key(n)[:2].upper() == word[:2])
                    for n in c.names if not re.fullmatch(r"[A-Z.]+", n))]
                if len(targets) == 1:
                    self.union(targets[0].id, self._intern(word, "abbreviation", targets[0].first, None),
                               keep=targets[0].id)
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
                    re.search(r"merger\s+sub|acquisition\s+(?:corp|sub|co)|purchaser", n, re.I) for n in self.clusters[oid].names):
                self.clusters[oid].vehicle = True
            self.generic.setdefault(word, oid)
            if word == "company" and self.self_id is None:
                self.self_id = oid
        for word, oid in list(self.generic.items()):
            self.generic[word] = self.find(oid)
        self.anon_id: int | None = None
        if self.self_id is None:
            self.anon_id = max(self.clusters) + 1 if self.clusters else 1
            self.clusters[self.anon_id] = Cluster(self.anon_id, ["the Company"], ["anonymous"], anonymous=True)

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
                if any(len(ow) > len(w) and ow[:len(w)] == w for w in words
                       for ow in (norm_key(n).split() for n in other.names)):
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
                if any(abbreviates(short.names[0], n) for n in other.names if not re.fullmatch(r"[A-Z.]+", n)):
                    self.union(other.id, short.id, keep=other.id)
                    break

    # mentions ---------------------------------------------------------------------------
    def build_matcher(self) -> None:
        self.__dict__["_mention_cache"] = {}
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
            if len(ids) == 1 and len(word) >= 4 and word not in STOP_WORDS and word not in PLACE_WORDS \
                    and word not in INDUSTRY_WORDS and word not in GENERIC_PARTY_WORDS and word not in HEADLINE_WORDS \
                    and word not in LEGAL_SUFFIXES and not word.isdigit():
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
        toks = tokenize(text)
        out: list[Mention] = []
        i = 0
        n = len(toks)
        while i < n:
            t = toks[i]
            hit = None
            for seq, cid, exact in self._index.get(t.norm, ()):
                L = len(seq)
                if i + L > n:
                    continue
                if all(toks[i + k].norm == seq[k] for k in range(L)):
                    if not is_cap(t.text):
                        continue
                    if exact and len(t.bare) <= 2 and not t.bare.isupper() and not t.bare[:1].isdigit():
                        continue
                    hit = (L, cid)
                    break
            if hit:
                L, cid = hit
                end = toks[i + L - 1].end
                if toks[i + L - 1].text.endswith(".") and toks[i + L - 1].norm not in LEGAL_SUFFIXES:
                    end -= 1
                out.append(Mention(s.doc, s.start + t.start, s.start + end, text[t.start:end], self.find(cid)))
                i += L
                continue
            word = t.norm
            if word in self._short and is_cap(t.text) and (
                    i + 1 >= n or not _is_name_word(toks[i + 1]) or text[t.end:toks[i + 1].start].strip()) and \
                    (i == 0 or not _is_name_word(toks[i - 1]) or text[toks[i - 1].end:t.start].strip()):
                end = t.end - (1 if t.text.endswith(".") else 0)
                out.append(Mention(s.doc, s.start + t.start, s.start + end, text[t.start:end], self.find(self._short[word])))
                i += 1
                continue
            # generic defined words and pronouns
            if word in self.generic and is_cap(t.text):
                out.append(Mention(s.doc, s.start + t.start, s.start + t.end, t.text, self.generic[word], True))
            elif self.self_id is not None and (
                    word == "company" and is_cap(t.text) and i > 0 and toks[i - 1].norm == "the"
                    or word in ("we", "our", "us") and t.text != "US" and s.doc in self.self_docs
                    or word == "registrant" and is_cap(t.text)):
                out.append(Mention(s.doc, s.start + t.start, s.start + t.end, t.text, self.find(self.self_id), True))
            elif self.self_id is None and self.anon_id is not None and (
                    word == "company" and t.text == "Company" and i > 0 and toks[i - 1].norm == "the"
                    or word in ("we", "our", "us") and t.text not in ("US", "OUR", "WE")):
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
                between = text[a.end - s.start:b.start - s.start]
                child = parent = None
                if _CHILD_OF.fullmatch(between) and not re.search(
                        r"\b(?:becom\w*|would|will|shall|to\s+be|upon|after|following|survive\w*)\b", between, re.I):
                    child, parent = a, b
                elif _PARENT_UNIT.fullmatch(between) or _PARENT_S.fullmatch(between) and (
                        re.search(r"subsidiar|unit|division", between, re.I)
                        or any(h in ("legal", "industry") for h in self.clusters[self.find(b.cluster)].hows)):
                    child, parent = b, a
                if child is None:
                    continue
                c, p = self.find(child.cluster), self.find(parent.cluster)
                if c == p or self.clusters[c].registrant:
                    continue
                self.clusters[p].child_names.update(self.clusters[c].names)
                self.union(p, c, keep=p)
                changed = True
                after = text[parent.end - s.start:parent.end - s.start + 40]
                g = re.match(r"\s*\(\s*(?:the\s+)?[\"\u201c](Merger\s+Sub|Purchaser|Buyer|Acquiror)[\"\u201d]", after)
                if g:
                    self.generic[g.group(1).lower()] = self.find(p)
            for m in re.finditer(r"\b(?:its|our|the\s+Company[’']s)\s+(?:(?:direct|indirect|wholly[- ]owned|majority[- ]owned)\s+){0,2}"
                                 r"(?:subsidiary|unit|division),?\s+", text):
                child = next((x for x in ms if x.start - s.start == m.end()), None)
                if child is None:
                    continue
                parent = None
                if m.group(0).lower().startswith("its"):
                    parent = next((x for x in ms if x.end - s.start <= m.start()), None)
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
        rank = {"registrant": 0, "legal": 1, "industry": 2, "institution": 2, "link": 3, "ticker": 4,
                "role": 5, "defined": 6, "division": 6, "former": 9}
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
