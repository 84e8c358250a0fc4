"""What a deal is about: technologies, products, biological targets and indications.

Read only in the sentences that describe a deal:

* Technology: a named platform or technology — "the TAP technology", "ETB technology
  platform", "its BiTAC platform";
* Product: a drug code ("AGEN1777", "KX-01", "huN901-DM1", "PRO 140"), a name marked as a
  trademark ("Auvelity®"), an agent ("a maytansinoid cell-killing agent");
* BiologicalTarget: "anti-TIGIT", "CDH6-targeted", "targeting CD33", "directed to HER2",
  "an undisclosed tumor cell target";
* Indication: the disease after "for the treatment of", "to treat", "in", when it ends in a
  word of disease ("cancer", "tumors", "disease", "-itis", "-oma" …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dealgraph.loaders.extract.fastre import gated

_TECH = re.compile(
    r"(?:\(\s*)?(?P<name>(?:[A-Z][\w®™-]*|[a-z]+[A-Z][\w-]*)(?:\s*(?:\((?:TM|R)\)|®|"
    r"™))?(?:\s+[A-Z][\w®™-]*){0,2})\s*\)?\s+"
    r"(?P<kind>technology\s+platform|technology|platform|technologies)\b"
)
_TECH = gated(_TECH)  # read only in sentences that say "technolog…" or "platform"
_CODE = re.compile(
    r"(?<![\w-])(?P<code>(?:[A-Z]{1,6}|"
    r"[a-z]{1,3}[A-Z]{1,4}\d*)[- ]?\d{2,6}(?:-[A-Z0-9]{1,6})*[a-z]?)(?![\w-])"
)
_MARKED = re.compile(r"(?<![\w-])(?P<name>[A-Z][A-Za-z0-9-]{2,30})\s?(?:®|™|\(R\)|\(TM\))")
_AGENT = re.compile(r"\b(?:an?|the|its)\s+(?P<name>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*\s+agents?)\b")
_TARGET = re.compile(
    r"\banti-(?P<a>[A-Z][A-Z0-9]{1,9})\b|\b(?P<b>[A-Z][A-Z0-9]{1,9})-(?:targeted|targeting|directed)\b|"
    r"\b(?:targeting|directed\s+(?:to|against)|against|"
    r"targets?)\s+(?:the\s+)?(?P<c>[A-Z][A-Z0-9]{1,9})\b(?![a-z])|"
    r"\b(?P<d>undisclosed\s+(?:[a-z]+\s+){0,3}targets?)\b"
)
_DISEASE_WORD = (
    r"(?:cancers?|tumou?rs?|diseases?|disorders?|syndromes?|infections?|fibrosis|depression|"
    r"pain|"
    r"cough|[a-z]+itis|[a-z]+omas?|[a-z]+emias?|malignanc(?:y|ies)|oncology|obesity|diabetes|"
    r"schizophrenia|psoriasis|dermatitis|asthma|hypertension|withdrawal|ulcers?|lupus|"
    r"alzheimer['’]s\s+disease|parkinson['’]s\s+disease|dementia)"
)
_INDICATION = re.compile(
    rf"\b(?:for\s+(?:the\s+)?(?:treatment|prevention|management)\s+of|to\s+treat|treating|"
    rf"in\s+patients\s+with|"
    rf"for|in)\s+(?P<name>(?:[\w'’-]+\s+){{0,4}}?{_DISEASE_WORD})\b",
    re.I,
)
_NOT_TECH = {"the", "our", "its", "their", "this", "new", "proprietary", "novel", "a", "an", "such"}
_NOT_CODE = re.compile(
    r"^(?:Form|Item|Rule|Section|Phase|Article|ISO|COVID|Exhibit|Note|CFR|NCT|Q[1-4]|"
    r"H[12]|FY|EU|US)",
    re.I,
)


@dataclass(frozen=True)
class AssetMention:
    kind: str
    label: str
    start: int
    end: int


def find_assets(text: str) -> list[AssetMention]:
    out: list[AssetMention] = []
    for m in _TECH.finditer(text):
        name = m.group("name").strip()
        words = name.split()
        while words and words[0].lower() in _NOT_TECH:
            words.pop(0)
        if not words:
            continue
        label = " ".join(words) + " " + m.group("kind").split()[0]
        out.append(AssetMention("Technology", label, m.start("name"), m.end()))
    for m in _CODE.finditer(text):
        code = m.group("code")
        if (
            _NOT_CODE.match(code)
            or re.fullmatch(r"[A-Z]+\s\d+", code)
            and not re.fullmatch(r"[A-Z]{2,4}\s\d{2,4}", code)
        ):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", code[-4:]) and not re.search(r"\d", code[:-4]) and " " in code:
            continue
        out.append(AssetMention("Product", code, m.start(), m.end()))
    for m in _MARKED.finditer(text):
        out.append(AssetMention("Product", m.group("name"), m.start("name"), m.end("name")))
    for m in _AGENT.finditer(text):
        name = m.group("name")
        if not re.match(r"(?:paying|transfer|rights?|escrow|exchange|collection|registered|process)\b", name):
            out.append(AssetMention("Product", name, m.start("name"), m.end("name")))
    for m in _TARGET.finditer(text):
        label = next(g for g in m.groups() if g)
        if label in ("FDA", "EMA", "US", "USD", "EUR"):
            continue
        out.append(AssetMention("BiologicalTarget", label, m.start(), m.end()))
    for m in _INDICATION.finditer(text):
        name = re.sub(r"^(?:the|a|an|its|their|certain)\s+", "", m.group("name").strip(), flags=re.I)
        if len(name) > 3:
            out.append(AssetMention("Indication", name, m.start("name"), m.end("name")))
    seen = set()
    unique = []
    for a in out:
        key = (a.kind, a.label.lower())
        if key not in seen:
            seen.add(key)
            unique.append(a)
    return unique
