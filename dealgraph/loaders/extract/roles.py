"""Who is who in a deal sentence: licensor and licensee, acquirer and acquiree, investor and
investee, payer and payee.

The sentence is first rewritten with each organization replaced by a placeholder ("ORG0 will
receive from ORG1 an upfront payment"), so that every rule is a short pattern over verbs:

* grants:      "ORG0 granted ORG1 an exclusive license", "ORG1 will be granted a license by
  ORG0", "ORG0 desires to grant to ORG1", "ORG1 has licensed rights to use ORG0's technology",
  "ORG1 will receive exclusive worldwide rights", "a license from ORG0";
* payments:    "ORG1 will pay ORG0", "ORG0 will receive from ORG1", "ORG0 is eligible to receive";
* purchases:   "ORG0 will acquire ORG1", "the acquisition of ORG1 by ORG0", "an offer to purchase
  all outstanding shares of ORG1", "ORG1 will merge into ORG0", "ORG1 takeover", "de-SPAC
  target of ORG0", "an option for ORG0 to acquire";
* investments: "ORG1 secured a $25 million investment from ORG0", "ORG0 converted its note into
  shares of ORG1", "ORG0 will purchase shares of ORG1".

Gaps between the parts of a pattern never cross another placeholder or a sentence break, and
are bounded, so each pattern runs in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dealgraph.loaders.extract.fastre import gated

# one character of a gap that crosses no other company and no sentence end
G = r"(?:(?!ORG\d)(?:[^.;:]|\.(?=\d)))"
O = r"ORG(\d+)"
POSS = r"(?:['’]s)?"

LICENSE_GRANT = [  # (pattern, group of licensor, group of licensee)
    (
        re.compile(
            rf"{O}{POSS}\b{G}{{0,160}}?\b(?:grant(?:s|ed|ing)?|hereby\s+grants?|provid(?:e|es|ed|ing)|"
            rf"giv(?:e|es|en)|gave|"
            rf"out-licens\w*|sublicens(?:e|es|ed)|licens(?:e|es|ed))\s+(?:to\s+)?{O}\b(?!['’]s\b)"
        ),
        1,
        2,
    ),
    (
        re.compile(
            rf"{O}\b{G}{{0,60}}?\b(?:will\s+be|shall\s+be|to\s+be|be|been|is|"
            rf"was)\s+granted\s+{G}{{0,60}}?\bby\s+{O}"
        ),
        2,
        1,
    ),
    (
        re.compile(
            rf"{O}\b{G}{{0,40}}?\b(?:has|have|had)?\s*(?:licensed|in-licensed|obtained|"
            rf"acquired)\s+{G}{{0,40}}?\brights?\s+"
            rf"{G}{{0,30}}?\b{O}['’]s"
        ),
        2,
        1,
    ),
    (
        re.compile(
            rf"{O}\b{G}{{0,40}}?\b(?:has\s+|have\s+)?(?:licensed|in-licensed)\b{G}{{0,60}}?\bfrom\s+{O}"
        ),
        2,
        1,
    ),
    (re.compile(rf"\blicens\w*\s+{G}{{0,40}}?\bfrom\s+{O}{G}{{0,80}}?\bto\s+{O}"), 1, 2),
]
LICENSEE_ONLY = [
    re.compile(
        rf"{O}\b{G}{{0,100}}?\b(?:will|shall|to|would|is\s+entitled\s+to|is\s+eligible\s+to|may)?\s*"
        rf"(?:receive[sd]?|obtain(?:s|ed)?|gain(?:s|ed)?|hold(?:s)?|get(?:s)?|acquire[sd]?|ha(?:s|"
        rf"ve)\s+been\s+granted|"
        rf"is\s+granted|was\s+granted|takes?)\s+(?:an?\s+|"
        rf"the\s+)?(?:[\w-]+,?\s+){{0,6}}?(?:licen[sc]es?|rights?|sublicen[sc]es?)\b"
    ),
    re.compile(
        rf"\b(?:grant(?:s|ed|ing)?|provid(?:e|es|ed))\s+(?:to\s+)?{O}\b{G}{{0,60}}?\b(?:licen[sc]e|"
        rf"rights?)"
    ),
    re.compile(rf"\blicens(?:e|ed|ing)\s+(?:of\s+{G}{{0,40}}?\s+)?to\s+{O}"),
    re.compile(rf"\b(?:exclusive\s+)?licensee\s+(?:is\s+)?{O}|{O},?\s+(?:as\s+|the\s+)?licensee\b"),
]
LICENSOR_ONLY = [
    re.compile(rf"\blicen[sc]e\w*\s+{G}{{0,40}}?\bfrom\s+{O}"),
    re.compile(rf"\brights?\s+to\s+(?:use\s+)?{O}{POSS}\b"),
    re.compile(rf"\b(?:licen[sc]e|rights?)\s+(?:to|under)\s+{G}{{0,20}}?{O}['’]s\b"),
    re.compile(rf"{O}\b{G}{{0,40}}?\b(?:out-licens\w*|licenses\s+its|licensed\s+its|has\s+licensed\s+its)\b"),
    re.compile(
        rf"{O}\s+(?:(?:has|have|had|hereby|will|shall|agreed\s+to|agrees\s+to|to|also|would|"
        rf"desires\s+to)\s+)*"
        rf"grant(?:s|ed|ing)?\b"
    ),
    re.compile(rf"\b(?:licensor\s+(?:is\s+)?{O}|{O},?\s+(?:as\s+|the\s+)?licensor\b)"),
]
PAYMENT = [  # (pattern, payer group, payee group)
    re.compile(
        rf"{O}\b{G}{{0,50}}?\b(?:will\s+|shall\s+|to\s+|agrees?\s+to\s+|agreed\s+to\s+|"
        rf"is\s+required\s+to\s+|must\s+|would\s+)?"
        rf"(?:pay|pays|paid|issue|issues|"
        rf"make\s+(?:an?\s+)?(?:\w+\s+){{0,3}}payments?)\s+(?:to\s+)?{O}\b"
    ),
    re.compile(
        rf"{O}\b{G}{{0,40}}?\b(?:will\s+|shall\s+|to\s+|agrees?\s+to\s+|"
        rf"agreed\s+to\s+)?pay\w*\s+{G}{{0,80}}?\bto\s+{O}\b"
    ),
    re.compile(
        rf"{O}\b{G}{{0,100}}?\b(?:receive[sd]?|receiving|be\s+paid|collect(?:s|ed)?|earn(?:s|ed)?|"
        rf"obtain(?:s|ed)?)\b"
        # what is received is money, not rights: "obtain a license to X from ORG" names a licensee
        rf"(?:(?!rights?\b|options?\s+to\b|licen[sc]e\b(?!\s+(?:issue\s+)?fees?)){G}){{0,160}}?\bfrom\s+{O}"
    ),
]
PAYEE_ONLY = re.compile(
    rf"{O}\b{G}{{0,40}}?\b(?:will\s+receive|is\s+eligible\s+(?:to\s+receive|for)|is\s+entitled\s+to|"
    rf"are\s+eligible|will\s+be\s+eligible|"
    rf"to\s+receive|receives|received|will\s+also\s+receive|is\s+also\s+eligible|may\s+receive|"
    rf"could\s+receive|"
    rf"will\s+earn|is\s+due\s+to\s+receive|could\s+be\s+in\s+line\s+for|stands\s+to\s+receive)\b"
    rf"(?=(?:(?!rights?\b|licen[sc])[^.;]){{0,80}}?(?:[$€£¥]|\b(?:USD|EUR|payments?|fees?|milestones?|"
    rf"royalt\w+|funding|"
    rf"consideration|compensation)\b))"
)
PAYER_ONLY = re.compile(
    rf"{O}\b{G}{{0,40}}?\b(?:will\s+pay|shall\s+pay|agreed\s+to\s+pay|is\s+paying|pays|"
    rf"to\s+pay)\b"
)

ACQUIRE = [  # (pattern, acquirer group, acquiree group)
    (
        re.compile(
            rf"^{G}{{0,120}}?{O}\b(?:(?!ORG\d)[^.;]|ORG\d+\b){{0,300}}?\bits\s+(?:proposed\s+|"
            rf"pending\s+|planned\s+)?"
            rf"(?:acquisition|purchase|takeover|buyout)\s+of\s+(?:the\s+)?{O}"
        ),
        1,
        2,
    ),
    (
        re.compile(
            rf"{O}\b{G}{{0,220}}?\b(?:acquire[sd]?|acquiring|buy|buys|bought|purchas(?:e|es|ed|ing)|"
            rf"take\s+over|"
            rf"acquisition\s+of|takeover\s+of|merger\s+with|combination\s+with|offer\s+for|bid\s+for|"
            rf"to\s+own)\s+"
            rf"(?:all\s+(?:of\s+)?)?(?:the\s+)?(?:(?:issued\s+and\s+)?outstanding\s+)?(?:100\s?%\s+of\s+)?"
            rf"(?:(?:common\s+|ordinary\s+)?(?:shares?|"
            rf"stock)\s+(?:of\s+common\s+stock\s+)?(?:of\s+)?)?{O}\b(?!['’]s\b)"
        ),
        1,
        2,
    ),
    (re.compile(rf"\bacquisition\s+of\s+{O}\s+by\s+{O}"), 2, 1),
    (re.compile(rf"\bacquisition\s+by\s+{O}\s+of\s+{O}"), 1, 2),
    (re.compile(rf"{O}\b{G}{{0,40}}?\b(?:would|will|to|shall)\s+be\s+acquired\s+by\s+{O}"), 2, 1),
    (
        re.compile(
            rf"{O}\b{G}{{0,160}}?\b(?i:(?:would|will|to|shall|has|have|had|was|were|is|being)\s+(?:been\s+|be\s+)?"
            rf"acquired\s+by)\s+{O}"
        ),
        2,
        1,
    ),
    (
        re.compile(
            rf"{O}\b{G}{{0,60}}?\b(?:sold|sells|sale\s+of)\s+(?:(?!ORG\d)[^.;]|ORG\d+\b){{0,80}}?\bto\s+{O}"
        ),
        2,
        1,
    ),
    (
        re.compile(
            rf"{O}\b{G}{{0,30}}?\b(?:to|will|shall|"
            rf"would)\s+(?:be\s+)?merge[sd]?\s+(?:with\s+and\s+)?into\s+{O}"
        ),
        2,
        1,
    ),
    (re.compile(rf"\b(?:target|takeover\s+target|acquisition\s+target)\s+of\s+{O}"), 1, None),
    (re.compile(rf"\bfor\s+{O}\s+to\s+(?:acquire|buy|purchase)"), 1, None),
    (re.compile(rf"\boffer\s+to\s+(?:purchase|acquire)\s+{G}{{0,140}}?\bof\s+{O}"), None, 1),
    (re.compile(rf"{O}\s+(?:takeover|buyout)"), None, 1),
    (re.compile(rf"\b(?:acquire|purchase|buy)\s+{G}{{0,120}}?\bfrom\s+{O}"), None, 1),
    (
        re.compile(
            rf"{O}\b{G}{{0,80}}?\b(?:acquire[sd]?|acquiring|purchas(?:e|es|ed|ing)|buys?|bought)\s+"
            rf"{G}{{0,120}}?\bfrom\s+{O}"
        ),
        1,
        2,
    ),
    (re.compile(rf"\bsubsidiary\s+of\s+{O}"), 1, None),
]
INVEST = [  # (pattern, investor group, investee group)
    (
        re.compile(
            rf"{O}\b{G}{{0,60}}?\b(?:secured|secures|received|receives|raised|raises|closed|obtained|"
            rf"announced)\s+"
            rf"{G}{{0,60}}?\binvestment\s+(?:of\s+{G}{{0,20}}\s+)?from\s+{O}"
        ),
        2,
        1,
    ),
    (
        re.compile(
            rf"{O}\b{G}{{0,220}}?\b(?:invest(?:s|ed|ing)?|purchas(?:e|es|ed)|subscrib(?:e|es|"
            rf"ed)(?:\s+for)?|buy|bought|"
            rf"acquire[sd]?|convert(?:s|ed)?|hold(?:s)?|own(?:s)?)\b{G}{{0,140}}?\b(?:shares|stock|"
            rf"equity|stake|interest|"
            rf"holding|securities)\b{G}{{0,60}}?\b(?:of|in)\s+(?:the\s+)?{O}"
        ),
        1,
        2,
    ),
    (re.compile(rf"{O}\b{G}{{0,60}}?\binvest\w*\s+{G}{{0,50}}?\bin\s+{O}"), 1, 2),
    (
        re.compile(
            rf"{O}\b{G}{{0,40}}?\b(?:have|has)\s+(?:committed|agreed)\s+to\s+(?:purchase|subscribe\s+for|invest)\b"
            rf"{G}{{0,80}}?\b(?:shares|stock|equity)\b"
        ),
        1,
        None,
    ),
    (
        re.compile(
            rf"{O}\b{G}{{0,30}}?\b(?:will\s+|shall\s+|"
            rf"to\s+)?issue[sd]?\s+(?:to\s+)?{O}\b{G}{{0,60}}?\b(?:shares|equity|stock)"
        ),
        2,
        1,
    ),
    (
        re.compile(
            rf"\b(?:sold|sells|divest(?:s|ed)?)\s+its\s+{G}{{0,30}}?\b(?:holding|stake|shares|"
            rf"interest)\s+in\s+{O}"
        ),
        None,
        1,
    ),
    (re.compile(rf"\binvestment\s+(?:of\s+{G}{{0,20}}\s+)?from\s+{O}"), 1, None),
]

# Each pattern behind its keyword gate: a sentence without the verbs a rule needs is not searched
# by it (the matches are those of the plain patterns).
LICENSE_GRANT = [(gated(p), a, b) for p, a, b in LICENSE_GRANT]
LICENSEE_ONLY = [gated(p) for p in LICENSEE_ONLY]
LICENSOR_ONLY = [gated(p) for p in LICENSOR_ONLY]
PAYMENT = [gated(p) for p in PAYMENT]
PAYEE_ONLY = gated(PAYEE_ONLY)
PAYER_ONLY = gated(PAYER_ONLY)
ACQUIRE = [(gated(p), a, b) for p, a, b in ACQUIRE]
INVEST = [(gated(p), a, b) for p, a, b in INVEST]


@dataclass
class RoleVotes:
    """Roles read from one or more sentences: each role maps to the placeholder numbers seen."""

    roles: dict[str, list[int]] = field(default_factory=dict)

    def add(self, role: str, who: int | None) -> None:
        if who is None:
            return
        self.roles.setdefault(role, [])
        if who not in self.roles[role]:
            self.roles[role].append(who)


def placeholders(text: str, spans: list[tuple[int, int, int]]) -> str:
    """Replace each (start, end, cluster) in text by ORG<cluster>; spans sorted, not overlapping."""
    out = []
    pos = 0
    for s, e, cid in spans:
        out.append(text[pos:s])
        out.append(f"ORG{cid}")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _g(m: re.Match, group: int | None) -> int | None:
    if group is None:
        return None
    value = m.group(group)
    return int(value) if value is not None else None


def license_roles(ph: str, votes: RoleVotes) -> None:
    exclusive = bool(re.search(r"(?<!non-)(?<!non)(?<!co-)\bexclusive\b", ph, re.I))
    for pat, a, b in LICENSE_GRANT:
        for m in pat.finditer(ph):
            if _g(m, a) != _g(m, b):
                votes.add("licensor", _g(m, a))
                votes.add("licensee", _g(m, b))
                if exclusive:  # the main grant outweighs grant-backs
                    votes.add("licensor+", _g(m, a))
                    votes.add("licensee+", _g(m, b))
    for pat in LICENSEE_ONLY:
        for m in pat.finditer(ph):
            votes.add("licensee?", int(next(g for g in m.groups() if g is not None)))
    for pat in LICENSOR_ONLY:
        for m in pat.finditer(ph):
            votes.add("licensor?", int(next(g for g in m.groups() if g is not None)))


def payment_roles(ph: str, votes: RoleVotes) -> None:
    for k, pat in enumerate(PAYMENT):
        for m in pat.finditer(ph):
            a, b = int(m.group(1)), int(m.group(2))
            if a == b:
                continue
            payer, payee = (a, b) if k < 2 else (b, a)
            votes.add("payer", payer)
            votes.add("payee", payee)
    for m in PAYEE_ONLY.finditer(ph):
        votes.add("payee?", int(m.group(1)))
    for m in PAYER_ONLY.finditer(ph):
        votes.add("payer?", int(m.group(1)))


def acquisition_roles(ph: str, votes: RoleVotes) -> None:
    for pat, a, b in ACQUIRE:
        for m in pat.finditer(ph):
            x, y = _g(m, a), _g(m, b)
            if x is not None and x == y:
                continue
            votes.add("acquirer", x)
            votes.add("acquiree", y)


# "ORG0 … entered into a securities purchase agreement with ORG1 and ORG2": the issuer and each buyer
_PLACEMENT = re.compile(
    rf"{O}\b{G}{{0,120}}?\b(?:securities|stock|share|subscription)\s+(?:purchase\s+)?agreements?\s+with\s+"
    rf"(?:(?:certain\s+)?(?:institutional\s+)?investors?\s*,?\s*(?:including\s+)?)?"
    rf"((?:ORG\d+\s*(?:,\s*(?:and\s+)?|and\s+))*ORG\d+)"
)
_PLACEMENT = gated(_PLACEMENT)


def investment_roles(ph: str, votes: RoleVotes) -> None:
    for m in _PLACEMENT.finditer(ph):
        issuer = int(m.group(1))
        for o in re.findall(r"ORG(\d+)", m.group(2)):
            if int(o) != issuer:
                votes.add("investor", int(o))
                votes.add("investor+", int(o))
                votes.add("investee", issuer)
    for pat, a, b in INVEST:
        for m in pat.finditer(ph):
            x, y = _g(m, a), _g(m, b)
            if x is not None and x == y:
                continue
            votes.add("investor", x)
            votes.add("investee", y)


def read_roles(ph: str) -> RoleVotes:
    """All role hints in one placeholder sentence."""
    votes = RoleVotes()
    license_roles(ph, votes)
    payment_roles(ph, votes)
    acquisition_roles(ph, votes)
    investment_roles(ph, votes)
    return votes
