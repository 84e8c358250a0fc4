"""Exclusivity and territory of a grant.

* exclusive: "exclusive license", "exclusive, worldwide license rights", "exclusive rights",
  "exclusive option" give True; "non-exclusive license" gives False; "co-exclusive" leaves it
  open.  "Exclusivity" (regulatory exclusivity, an exclusivity period) is not a grant.
* territory: "worldwide" or "global" rights or licences; the places after "rights in", "license
  … in", "for", "outside" ("Japan, South Korea, Taiwan, Russia and Australia", "Greater China",
  "the US", "outside North America"), "ex-China rights"; in a contract, the places a defined
  "Territory" means ('"Territory" means the U.S.').
"""

from __future__ import annotations

import re

from dealgraph.loaders.extract.places import PLACES

_GRANT_WORDS = re.compile(
    r"\b(?:licen[sc]\w*|rights?|options?|grant\w*|sublicens\w*|commerciali[sz]\w*|"
    r"distribut\w*|promot\w*|supply|supplier|manufactur\w*)\b",
    re.I,
)
_EXCLUSIVE = re.compile(
    r"\b(non-?exclusive|co-?exclusive|semi-exclusive|"
    r"exclusive(?:ly)?)\b(?!\s+(?:financial\s+)?advis)",
    re.I,
)
_WORLDWIDE = re.compile(
    r"\b(?:worldwide|world-wide|global)\s*,?\s+(?:(?:exclusive|non-exclusive|development|and|"
    r"commerciali[sz]ation|"
    r"sublicensable|royalty-bearing|perpetual|irrevocable|license|licensing|marketing|manufacturing|"
    r"research|,)\s+){0,6}"
    r"(?:rights?|licen[sc]es?|license\s+rights|exclusivity)\b"
    r"|\b(?:rights?|licen[sc]es?)\b[^.;]{0,80}?\b(?:worldwide|throughout\s+the\s+world|"
    r"on\s+a\s+worldwide\s+basis|"
    r"in\s+all\s+countries|world-wide|globally)\b"
    r"|\b(?:responsib\w+\s+for|lead|leads|conduct|handle)\s+(?:[\w-]+\s+){0,4}?commerciali[sz]ation\s+"
    r"(?:worldwide|globally|throughout\s+the\s+world)\b",
    re.I,
)
_PLACE_ALT = "|".join(
    sorted(
        (re.escape(p) for p in PLACES if p not in ("global", "worldwide", "us", "eu", "uk")),
        key=len,
        reverse=True,
    )
)
_PLACE = rf"(?:the\s+)?(?:{_PLACE_ALT}|US|EU|UK)"
_PLACE_LIST = rf"{_PLACE}(?:\s*(?:,|\band\b|,\s*and\b|/|\bor\b)\s*{_PLACE}){{0,8}}"
_TERRITORY = re.compile(
    rf"\b(?:rights?|licen[sc]e[sd]?|licensing|commerciali[sz]ation|commerciali[sz]e|market|sell|distribute|"
    rf"promote|distribution|distributor|"
    rf"territory|exclusivity|option)\b[^.;]{{0,120}}?\b(?P<prep>in|for|within|outside(?:\s+of)?|throughout|"
    rf"across|covering)\s+"
    rf"(?P<places>{_PLACE_LIST})(?![\w-])"
    rf"|(?P<ex>\b(?:ex|outside)-?\s?(?:{_PLACE_ALT}|US|U\.S\.)(?:\s+rights)?)\b"
    rf"|\b(?P<pre>{_PLACE_LIST})\s+(?:rights|licen[sc]e|territory)\b",
    re.I,
)
_DEFINES_TERRITORY = re.compile(
    r"[\"\u201c](?P<term>(?:[\w-]+\s+){0,2}Territory)[\"\u201d]\s*(?:shall\s+)?means?\s+(?=(?P<body>.{1,200}))",
    re.I | re.S,
)


_EXCEPT_PLACES = re.compile(
    rf"[^.;]{{0,60}}?(?:,\s*|\s)(?:excluding|except(?:\s+for|\s+in)?|other\s+than|but\s+not\s+(?:in\s+)?)\s+"
    rf"(?P<places>{_PLACE_LIST})(?![\w-])",
    re.I,
)


def exclusivity(text: str) -> bool | None | str:
    """True, False, 'co' (co-exclusive) or None when the sentence says nothing."""
    if not _GRANT_WORDS.search(text):
        return None
    for m in _EXCLUSIVE.finditer(text):
        word = m.group(1).lower().replace("-", "")
        if word.startswith("non"):
            return False
        if word.startswith("co") or word.startswith("semi"):
            return "co"
        return True
    return None


def _clean_places(raw: str) -> str:
    raw = re.sub(r"^\s*the\s+", "", raw.strip(), flags=re.I)
    raw = re.sub(r"\s*,\s*$", "", raw)
    return re.sub(r"\s+", " ", raw)


def territory(text: str, defined: dict[str, str] | None = None) -> str | None:
    """The territory a grant sentence names, as the text writes it."""
    matches = list(_TERRITORY.finditer(text))
    for m in matches:
        # "global rights outside Greater China": the exception is the territory
        if m.group("places") and m.group("prep").lower().startswith("outside"):
            return "outside " + _clean_places(m.group("places"))
    ww = _WORLDWIDE.search(text)
    if ww:
        # "exclusive global rights to the drug, excluding China"
        ex = _EXCEPT_PLACES.match(text, ww.end())
        if ex:
            return "outside " + _clean_places(ex.group("places"))
        return "worldwide"
    for m in matches:
        if m.group("places"):
            places = _clean_places(m.group("places"))
            prep = m.group("prep").lower()
            return ("outside " + places) if prep.startswith("outside") else places
        if m.group("ex"):
            return m.group("ex").replace(" rights", "").strip()
        if m.group("pre"):
            return _clean_places(m.group("pre"))
    if defined:
        for term, places in defined.items():
            if re.search(r"\b(?:in|within|for|throughout)\s+the\s+" + re.escape(term) + r"\b", text):
                return places
    return None


def territory_definitions(text: str) -> dict[str, str]:
    """'"Territory" means the U.S.' -> {'Territory': 'U.S.'} (only when the body names places)."""
    out = {}
    for m in _DEFINES_TERRITORY.finditer(text):
        body = m.group("body")
        if re.match(r"\s*(?:the\s+)?(?:entire\s+|whole\s+)?(?:world|all\s+countries|worldwide)", body, re.I):
            out[m.group("term")] = "worldwide"
            continue
        pm = re.match(rf"\s*({_PLACE_LIST})(?![\w-])", body, re.I)
        if pm:
            out[m.group("term")] = _clean_places(pm.group(1))
    return out
