"""Word tokens with offsets, and the small word lists the name rules share."""

from __future__ import annotations

import re
from functools import lru_cache

# A word: letters and digits, with inner dots, hyphens, slashes or ampersands ("S.p.A", "F.lli",
# "Bristol-Myers", "A/S"), an inner apostrophe that is not a possessive ("Int'l"), and a trailing
# dot kept for abbreviations ("Inc.").
_WORD = re.compile(
    r"[0-9A-Za-z\u00C0-\u024F]+(?:[’'](?![sS]\b)[A-Za-z]+|[.\-/][0-9A-Za-z\u00C0-\u024F]+)*\.?"
)


@lru_cache(maxsize=65536)
def _forms(text: str) -> tuple[str, str, bool]:
    """The forms of a word that depend on its text alone (bare, norm, cap), computed once per
    spelling: the same words come back in every sentence."""
    bare = text.rstrip(".")
    return bare, bare.lower().replace("’", "'"), is_cap(text)


class Tok:
    """One word: offsets in the searched text, the text, and its forms without the trailing dot."""

    __slots__ = ("bare", "cap", "end", "norm", "start", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start = start
        self.end = end
        self.text = text
        self.bare, self.norm, self.cap = _forms(text)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tok):
            return NotImplemented
        return (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text))

    def __repr__(self) -> str:
        return f"Tok({self.start}, {self.end}, {self.text!r})"


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    stop = len(text) if end is None else end
    # Tok.__init__ written out: a filing has hundreds of thousands of words
    out = []
    new = object.__new__
    for m in _WORD.finditer(text, start, stop):
        t = new(Tok)
        t.start, t.end = m.span()
        t.text = word = m.group()
        t.bare, t.norm, t.cap = _forms(word)
        out.append(t)
    return out


def is_cap(word: str) -> bool:
    """Capitalized, all capitals, "89bio", "iTeos", "eBay"."""
    if not word:
        return False
    c = word[0]
    if c.isupper():
        return True
    if c.isdigit():
        return any(ch.isalpha() for ch in word)
    return len(word) > 1 and c.islower() and word[1].isupper()


LEGAL_SUFFIXES = frozenset(
    """
inc incorporated corp corporation co ltd limited llc l.l.c lp l.p llp plc ag sa s.a nv n.v bv b.v
gmbh s.p.a spa s.r.l srl ab asa a/s oy oyj kk k.k se kgaa pty pte sarl s.a.s sas bhd ulc pbc l.l.p
""".split()
)

# Legal forms never written with a final dot: a dot after them ends the sentence ("… GmbH.").
UNDOTTED_SUFFIXES = frozenset(
    "gmbh ag plc ab se kgaa asa oy oyj llc lp llp spa srl sas sarl bhd ulc pbc pty pte sa nv bv kk".split()
)

INDUSTRY_WORDS = frozenset(
    """
therapeutics pharmaceuticals pharmaceutical pharma biopharma biopharmaceuticals biopharmaceutical
biosciences bioscience biotech biotechnology biotherapeutics biologics biologicals laboratories labs
sciences oncology medicines genomics genetics diagnostics healthcare bancorp bancshares bank
technologies holdings capital partners ventures institute solutions industries biomed biomedical
immunotherapeutics vaccines therapies biotherapies bio group
""".split()
)

# Capitalized words that start sentences or name things that are not companies.
STOP_WORDS = frozenset(
    """
the a an and or of on in at to for by with from as under pursuant upon after before during between
this that these those its his her their our we us it they he she i you each both all any some such
today yesterday tomorrow now also further additionally however moreover meanwhile furthermore
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday
agreement agreements license licence collaboration company companies parties party deal transaction
item exhibit section article schedule table note form annex appendix page part chapter
shares share stock common preferred series class phase trial study data fda ema sec nda bla ind
press release news announcement statement report source contact contacts investors investor media
chief executive officer president chairman director vice senior general counsel founder ceo cfo coo cmo cso
dr mr mrs ms prof phd md
under terms financial details additional other new first second third final
north south east west american european asian chinese japanese german french swiss british dutch
swedish korean italian spanish canadian australian israeli irish indian global international
united states kingdom america europe asia china japan korea germany france switzerland
based headquartered located privately publicly listed traded about managing
when while if although because since once following through unless whereas whether where what who how why
""".split()
)

# Title-case words that end a name when scanning a headline ("Crown Laboratories Completes
# Acquisition of Revance Therapeutics").
HEADLINE_WORDS = frozenset(
    """
announces announce announced completes complete completed enters enter entered signs sign signed
receives receive received reports report extends extend expands expand secures secure converts
convert strikes strike teams partners partner launches launch acquires acquire acquired acquisition
acquisitions agreement agreements license licenses licensing licence deal deals offer offers
collaboration collaborations partnership takeover option options settlement settles rises rise falls
fall says said shares stock to for with and in on from into over after between plus via its their
names appoints appointed raises raised closes closed buys buy sells sell sold invests invest
ceo cfo coo cmo cso cto chief president chairman chairwoman officer director founder co-founder vp
unit units subsidiary subsidiaries
has have had been be is are was were because omitted not no will shall would should may might can could
do does did that which who whom by read acknowledged agreed accepted attn attention dear re
""".split()
)

GENERIC_PARTY_WORDS = frozenset(
    """
company parent purchaser buyer seller licensee licensor sublicensee sublicensor university partner
investor sponsor acquirer acquiror registrant issuer customer supplier distributor manufacturer
bidder offeror institution
""".split()
)

NOT_ORGS = frozenset(
    """
securities and exchange commission
sec
food and drug administration
fda
nasdaq
nasdaq stock market
nyse
new york stock exchange
business wire
pr newswire
globe newswire
globenewswire
newmediawire
investorwire
biomedwire
ibn
benzinga
proactive
reuters
news direct
citybiz
seeking alpha
tipranks
""".strip().split("\n")
)
