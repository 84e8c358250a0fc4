"""People quoted in a release or signing a filing, with their titles.

* quotes: '"…," said Jane Roe, Ph.D., Chief Executive Officer of Acme Bio.', 'Jane Roe, CEO
  of Acme Bio, commented: "…"', 'said Jane Roe, Acme's CEO', 'Acme's CEO Jane Roe said';
* signatures: "/s/ Jane Roe" followed by the name and the title on the next lines, or
  "By: /s/ Jane Roe  Name: Jane Roe  Title: Vice President".

The title is kept as written; the organization is the one the title names ("… of Acme Bio").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dealgraph.loaders.extract.fastre import Gated, gated

_NAME = (
    r"(?:(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+)?[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z]\.){0,2}(?:\s+(?:[A-Z][a-zA-Z'’\-]+|"
    r"van|de|von|der|da|di|le|la)){1,3}"
    r"(?:,?\s+(?:Jr\.|Sr\.|III|II))?"
)
_DEGREES = (
    r"(?:,\s*(?:Ph\.?\s?D\.?|M\.?D\.?|Pharm\.?\s?D\.?|MBA|M\.B\.A\.|J\.D\.|DVM|PhD|MD|PharmD|MPH|CPA|FRCP))*"
)
_TITLE_WORDS = re.compile(
    r"\b(?:CEO|CFO|COO|CMO|CSO|CTO|CBO|Chief|President|Chairman|Chairwoman|Chair|Officer|Director|"
    r"Vice\s+President|"
    r"Founder|Co-Founder|Head|Manager|Partner|Treasurer|Secretary|Counsel|EVP|SVP|VP|Principal|Investigator|"
    r"General\s+Manager|Managing|Executive)\b"
)
_SAID = (
    r"(?:said|says|stated|states|commented|comments|added|adds|noted|notes|explained|explains|remarked|"
    r"concluded)"
)

_AFTER_QUOTE = re.compile(
    rf"[\"”’]\s*,?\s*(?:{_SAID})\s+(?P<name>{_NAME}){_DEGREES}(?:,\s*(?P<title>[^\"“”."
    rf";]{{3,160}}))?"
)
_AFTER_QUOTE = gated(_AFTER_QUOTE)
_SAID_NAME = re.compile(
    rf"\b{_SAID}\s+(?P<name>{_NAME}){_DEGREES},\s*(?P<title>(?:[^\"“”;]|\.(?!\s)){{3,16"
    rf"0}})"
)
_SAID_NAME = gated(_SAID_NAME)
_NAME_TITLE_SAID = re.compile(
    rf"(?:^|[.\s*]\s*)(?P<name>{_NAME}){_DEGREES},\s*(?P<title>(?:[^\"“”;:.]|\.(?!\s)){{3,160}}?),?\s*(?"
    rf":{_SAID})\b"
)
_NAME_TITLE_SAID = gated(_NAME_TITLE_SAID)
_TITLE_NAME = re.compile(
    rf"(?P<title>(?:[A-Z][\w&.'’-]*\s+){{0,4}}(?:CEO|CFO|COO|CMO|Chief\s+[A-Z][a-z]+\s+Officer|President|"
    rf"Chairman|"
    rf"Chief\s+Executive\s+Officer|Founder))\s+(?P<name>{_NAME}){_DEGREES}\s+(?:{_SAID}|joined|told)\b"
)
_TITLE_NAME = gated(_TITLE_NAME)
_TITLE_BEFORE = re.compile(
    r"(?P<title>\b(?:CEO|CFO|COO|CMO|CSO|CTO|President|Chairman|Chairwoman|Founder|Co-Founder|"
    r"Chief\s+[A-Z][a-z]+\s+Officer)"
    r"(?:\s+(?:of|at)\s+(?:[A-Z][\w&.-]*\s+){1,4})?)\s+(?P<name>[A-Z][a-zé'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-"
    r"zé'’-]+){1,2})"
    r"(?=\s+(?:and|said|says|joined|joins|join|told|explained|added|stated|commented|noted)\b|\s*[,(])"
)
_TITLE_BEFORE = gated(_TITLE_BEFORE)
# every pattern above needs one of these words: a sentence without any is passed over at once
_ANY_PERSON = Gated(
    re.compile(""),
    tuple(
        sorted(
            {
                k
                for p in (_AFTER_QUOTE, _SAID_NAME, _NAME_TITLE_SAID, _TITLE_NAME, _TITLE_BEFORE)
                for k in p.keys
            }
        )
    ),
)
_SIGNED = re.compile(rf"/s/\s*(?P<name>{_NAME})")


@dataclass(frozen=True)
class PersonMention:
    name: str
    title: str | None
    start: int  # offsets of the whole match in the searched text
    end: int


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = re.sub(r"\s+", " ", title).strip(" ,:-")
    title = re.sub(r",?\s*(?:" + _SAID + r")$", "", title).strip(" ,")
    if not _TITLE_WORDS.search(title) or len(title) > 140:
        return None
    if re.search(r"\b(?:Inc|Ltd|Corp|Co|Bros|L\.P|S\.A|N\.V)$", title):
        title += "."
    return title


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+", "", name.strip())
    return re.sub(r"\s+", " ", name)


def find_people(text: str) -> list[PersonMention]:
    """People with titles quoted or introduced in one sentence or line."""
    out: list[PersonMention] = []
    seen: set[str] = set()
    if not _ANY_PERSON.possible(text):
        return out
    for pat in (_AFTER_QUOTE, _SAID_NAME, _NAME_TITLE_SAID, _TITLE_NAME, _TITLE_BEFORE):
        for m in pat.finditer(text):
            name = _clean_name(m.group("name"))
            title = _clean_title(m.group("title"))
            words = name.split()
            if len(words) < 2 or name in seen or any(w.lower() in _NOT_NAME for w in words):
                continue
            if pat is not _AFTER_QUOTE and title is None:
                continue
            seen.add(name)
            out.append(PersonMention(name, title, m.start(), m.end()))
    return out


_NOT_NAME = {
    "the",
    "company",
    "inc",
    "inc.",
    "ltd",
    "llc",
    "corp",
    "announced",
    "today",
    "agreement",
    "and",
    "pharmaceuticals",
    "therapeutics",
    "biosciences",
    "board",
    "directors",
    "vice",
    "president",
    "chief",
    "officer",
    "executive",
    "about",
    "under",
    "for",
}


def find_signers(text: str) -> list[PersonMention]:
    """'/s/ Jane Roe' then 'Jane Roe' and a title on the lines that follow."""
    out = []
    for m in _SIGNED.finditer(text):
        name = _clean_name(m.group("name").split("\n")[0])
        rest = text[m.end() : m.end() + 300].split("\n")
        title = None
        for line in rest[1:4]:
            line = line.strip()
            if not line or line == name:
                continue
            line = re.sub(r"^(?:Title|Its)\s*:\s*", "", line)
            if line.startswith(name):
                line = line[len(name) :].strip(" ,")
            t = _clean_title(line)
            if t:
                title = t
                break
            if line.lower().startswith(("name:", "date:", "by:")):
                continue
        if len(name.split()) >= 2:
            out.append(PersonMention(name, title, m.start(), m.end()))
    return out
