"""Which sentences name a deal, announce it, or only recall an earlier one.

A sentence names a kind of deal by its words: licence, collaboration, option, merger or
acquisition, asset purchase, share purchase, supply, settlement.  It announces the deal when it
also says the deal is being made: "entered into", "signed", "has agreed to", "will acquire",
"completed the acquisition", "granted … a license", "announced … an agreement", "is making an offer
to purchase", a contract's own preamble; a headline that names a deal counts too.

It only recalls an earlier deal when it says so ("previously", "existing", "original", "also has
agreements with", "had entered", a year before the filing's, a month without a year), when it sits
in an "About …" paragraph or other boilerplate, and it is hedged, not a deal, when it says "in
talks", "sources said", "intends to".  Quotations are never read as announcements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dealgraph.loaders.extract.dates import DateMention, find_dates
from dealgraph.loaders.extract.fastre import gated, lowered
from dealgraph.loaders.extract.money import Money, find_money
from dealgraph.loaders.extract.registry import Mention, Registry
from dealgraph.loaders.extract.roles import RoleVotes, placeholders
from dealgraph.loaders.extract.sentences import Sentence
from dealgraph.records import Payment

TYPE_PATTERNS = [
    (
        "LicenseAgreement",
        re.compile(
            r"\b(?:licen[sc](?:e|es|ed|ing)|sublicen[sc]\w*|in-licens\w*|out-licens\w*|"
            r"cross-licens\w*)\b(?!\s+plates?)|\btechnology\s+(?:transfer|licensing)\s+(?:agreement|deal|contract)"
            r"|\bexclusive\s+(?:global\s+|worldwide\s+)?(?:rights?|option)\s+to\s+(?:develop|commerciali|market|"
            r"sell|promote|use)"
            r"|\brights\s+to\s+(?:develop|commerciali[sz]e|market)\b|\bgrant\w*\s+\w+\s+(?:exclusive\s+)?rights\b"
            r"|\b(?:ex-[\w.]+|global|worldwide|exclusive|commerciali[sz]ation|regional)\s+rights\b",
            re.I,
        ),
    ),
    (
        "CollaborationAgreement",
        re.compile(
            r"\bcollaborat\w*|\bco-?promot\w*|\bpromotion\s+agreement|\bjoint(?:ly)?\s+(?:research|develop\w*|"
            r"collaborat\w*)"
            r"|\bpartnership\b(?![- ](?:driven|based|model|strateg))|\bpartner(?:ed|s|"
            r"ing)?\s+with\b|\bteams?\s+up\b|\bteamed\s+up\b|\bstrategic\s+alliance\b"
            r"|\b(?:research|development|co-development)\s+agreement\b|\bcommercial\s+partnership\b"
            r"|\bjoint\s+venture\b|(?<!royalty\s)(?<!loan\s)\b(?:research\s+|development\s+|clinical\s+)?funding\s+"
            r"agreement\b",
            re.I,
        ),
    ),
    (
        "OptionAgreement",
        re.compile(
            r"\b(?:exclusive\s+)?(?:\d+-month\s+)?options?\s+(?:agreement|to\s+(?:acquire|license|obtain|"
            r"purchase|negotiate|"
            r"exclusively|take|expand)|"
            r"and\s+licen[sc])|\bdevelopment\s+and\s+option\b|\boption\s+agreement|\bexclusive\s+options?\b",
            re.I,
        ),
    ),
    (
        "Acquisition",
        re.compile(
            r"\b(?:acquire[sd]?|acquiring|acquisition|merger|merge[sd]?|tender\s+offer|"
            r"offer\s+to\s+purchase\s+all|"
            r"takeover|business\s+combination|buyout|to\s+buy|agreed\s+to\s+buy|will\s+buy|"
            r"purchase\s+all\s+(?:of\s+)?"
            r"the\s+(?:issued\s+and\s+)?outstanding|de-SPAC|share\s+purchase\s+agreement|snag(?:s|ged|ging)?|"
            r"snap(?:s|ped|ping)?\s+up|"
            r"scoop(?:s|ed|ing)?\s+up|asset\s+deal)\b"
            r"|\b(?:sold|sells|sale\s+of|(?:agreed|agrees)\s+to\s+sell)\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,3}?"
            r"(?:royalty\s+(?:interest|stream)s?|rights\s+to|assets?|portfolio|business)\b",
            re.I,
        ),
    ),
    (
        "EquityInvestment",
        re.compile(
            r"\b(?:equity\s+investment|(?:strategic\s+)?investment\s+from|invest(?:s|ed|"
            r"ing)?\s+(?:up\s+to\s+)?[$€£]|"
            r"stock\s+purchase\s+agreement|securities\s+purchase\s+agreement|subscription\s+agreement|"
            r"private\s+placement|"
            r"convert(?:s|ed)?\s+[^.]{0,80}\binto\s+[^.]{0,60}\bshares|equity\s+stake|"
            r"divest\w*\s+its\s+(?:entire\s+)?holding|"
            r"(?:sold|sells)\s+its\s+(?:entire\s+)?(?:holding|stake)|"
            r"purchas(?:e|es|ed|ing)\s+(?:of\s+)?(?:\w+\s+){0,3}shares\s+of\s+"
            r"(?:the\s+)?(?:common|preferred|series|capital)|purchas(?:e|es|ed|ing)\s+[\d,]+\s+shares|"
            r"stock\s+purchase\b|"
            r"purchas(?:e|es|ed|ing)\s+(?:[$€£]\s?)?[\d.,]+\s*(?:million|billion|m|bn)?\s+(?:of|in)\s+"
            r"(?:(?:the\s+)?(?:[\w-]+\s+){0,2}?[\w-]+['’]s\s+|newly[- ]issued\s+)?(?:common\s+|ordinary\s+|preferred\s+)?"
            r"(?:shares|stock))",
            re.I,
        ),
    ),
    (
        "SupplyAgreement",
        re.compile(
            r"\bsupply\s+agreements?\b|\b(?:clinical\s+)?supply\b(?=[^.]{0,40}\bagreement)|\bmanufactur\w+\s+(?:"
            r"and\s+supply\s+)?agreement"
            r"|\bdistribution\s+agreement|\blicense\s+and\s+distribution|\bdistribution\b(?=[^.]{0,30}agreement)"
            r"|\b(?:purchase\s+)?order\s+(?:for|worth|"
            r"valued)|\breceive[sd]?\s+(?:\w+\s+){0,4}orders?\b|\border\s+from\b"
            r"|\b(?:purchase|buy|procure)\s+(?:[\w'’-]+\s+){0,4}?(?:kits|doses|vials|supplies|devices|reagents)\b",
            re.I,
        ),
    ),
    (
        "SettlementAgreement",
        re.compile(
            r"\bsettlement\s+agreement|\bsettle[sd]?\s+(?:\w+\s+){0,3}litigation|\bsettlement\s+with\b|\bsettles\b",
            re.I,
        ),
    ),
]
TYPE_PATTERNS = [(name, gated(pat)) for name, pat in TYPE_PATTERNS]
_TYPE = dict(TYPE_PATTERNS)
# the words one of which each kind needs (every match of its pattern contains one)
_TYPE_KEYS = [
    (name, pat, frozenset(k for part in getattr(pat, "alternatives", [pat]) for k in part.keys))
    for name, pat in TYPE_PATTERNS
]
# a sentence with none of the words any kind needs names no deal
_ALL_TYPE_KEYS = tuple(sorted(set().union(*(keys for _, _, keys in _TYPE_KEYS))))
_OPTION_FOR = gated(
    re.compile(r"\boption\s+for\s+(?:expanding|extending|acquiring|licensing)\b", re.IGNORECASE)
)

_NON_DEAL_LICENSE = re.compile(
    r"\b(?:Biologics?\s+License\s+Applications?|BLA|license\s+plates?|business\s+licen[cs]es?|"
    r"driver['’]?s\s+licen[cs]e|"
    r"licen[cs]ed\s+(?:physicians?|pharmacists?|professionals?|banks?|under\s+the\s+laws|to\s+practi[cs]e|"
    r"in\s+the\s+state)|"
    r"licen[sc]ing\s+(?:revenues?|income)|software\s+licen[cs]\w*|licen[cs]e\s+renewal|medical\s+licen[cs]e|"
    r"licen[cs]ed\s+pharmaceutical|license\s+to\s+operate|licensed\s+(?:Certified|CPA|attorney|accountant|"
    r"real\s+estate|"
    r"broker|as\s+an?))\b",
    re.I,
)
_NON_DEAL_LICENSE = gated(_NON_DEAL_LICENSE)

_DEAL_LICENSE = re.compile(r"\b(?:licen[sc]\w*|sublicen[sc]\w*|rights?|technology\s+transfer)\b", re.I)

_ASSET_OBJECT = re.compile(
    r"\b(?:acquire[sd]?|acquiring|buy|bought|purchase[sd]?|snag\w*|"
    r"acquisition\s+of)\s+(?:the\s+)?(?:(?:[\w.-]+\s+){0,3}rights\s+to\s+|"
    r"(?:a|an|its|their)\s+(?:[\w-]+\s+){0,5}?(?:candidate|asset|drug|product|compound|program|portfolio|"
    r"medication|"
    r"therapy|business|assets|franchise|antibody)\b)|\basset\s+(?:purchase|deal|acquisition|sale)\b"
    r"|\b(?:sold|sells|sale\s+of|(?:agreed|agrees)\s+to\s+sell)\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:royalty\s+(?:interest|stream)s?|rights\s+to|assets?|portfolio|business)\b"
    r"|\b(?i:acquire[sd]?|acquiring)\s+[A-Z][A-Z0-9]{2,}\s*(?:®|™|\((?:[a-z][a-z\- ]{3,40})\)|,\s+(?:an?|"
    r"the)\s+[\w.\s-]{0,60}(?:approved|medication|drug|product))",
    re.I,
)
_ASSET_OBJECT = gated(_ASSET_OBJECT)

_TRIGGER = re.compile(
    r"\b(?:enter(?:s|ed|ing)?\s+into|signed|signs|sign|signing|executed|execution\s+of|inked|penned|penning|"
    r"concluded|reached|"
    r"struck|strikes|has\s+agreed|have\s+agreed|agreed\s+to|agrees\s+to|will\s+acquire|to\s+acquire|"
    r"has\s+acquired|"
    r"have\s+acquired|acquired|acquires|complete[sd]?\s+(?:the\s+|its\s+)?(?:previously\s+announced\s+)?(?:acquisition|merger|"
    r"purchase|sale|divestiture|disposition)|"
    r"closing\s+of\s+"
    r"(?:its|the)\s+(?:acquisition|merger)|(?:is\s+)?making\s+an?\s+offer|is\s+offering|"
    r"offer\s+to\s+purchase|"
    r"to\s+merge|will\s+merge|grant(?:s|ed|ing)?\b|will\s+grant|to\s+grant|licensed|has\s+licensed|"
    r"licenses\s+(?:to|its)|"
    r"secured|secures|converted|converts|received\s+(?:yet\s+)?(?:another|an?|a\s+third|"
    r"a\s+new)\s+(?:\w+\s+){0,3}order|"
    r"receives\s+(?:a\s+|an\s+)?(?:\w+\s+){0,4}order|partnered\s+with|partners\s+with|partnering\s+with|"
    r"to\s+partner\s+with|"
    r"teams?\s+up|teamed\s+up|settled|settles|will\s+collaborate|to\s+collaborate|"
    r"announce[sd]?\s+(?:that\s+)?"
    r"(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,4}(?:agreements?|collaboration|partnership|licen[sc]e|"
    r"licensing|acquisition|"
    r"merger|deal|transaction|combination|option|expansion|investment|settlement)\b|"
    r"is\s+(?:now\s+)?(?:entitled|eligible)\s+to\s+(?:gain|receive)|will\s+receive\s+exclusive|"
    r"receipt\s+of\s+[^.]{0,60}\blicen[sc]ing\s+fees?|extend(?:s|ed)?\s+(?:the\s+|its\s+)?(?:option|license|"
    r"licence|agreement)|"
    r"expan(?:d|ds|ded|sion\s+of)\s+(?:the\s+|its\s+)?[^.]{0,40}\b(?:license|licence|agreement)|exercis(?:e|"
    r"es|ed|ing)\s+"
    r"(?:its\s+)?(?:option|extension\s+right|right)|by\s+and\s+between|by\s+and\s+among|"
    r"is\s+made\s+(?:and\s+entered\s+)?"
    r"(?:as\s+of|effective|on)|(?:dated|effective)\s+as\s+of|divest(?:s|ed)?|has\s+sold|sold\s+its|snagging|"
    r"(?:will|shall)\s+(?:also\s+)?(?:purchase|subscribe|make\s+an\s+equity\s+investment)|"
    r"committed\s+to\s+(?:purchase|invest|subscribe)|"
    r"(?:form(?:s|ed)?|establish(?:es|ed)?|create[sd]?|launch(?:es|ed)?)\s+an?\s+(?:new\s+)?(?:[\w-]+\s+){0,2}?"
    r"joint\s+venture|"
    r"purchased\s+(?:an\s+aggregate\s+of\s+)?\d[\d,.]*\s+(?:million\s+)?(?:newly\s+issued\s+)?(?:shares|"
    r"ordinary\s+shares)|(?:have|has|"
    r"had)?\s*(?:amended|revised|restated)\b|deal\s+(?:for|to|with)|deal\s+worth|\$[\d.]+\s*(?:million|"
    r"billion|bn|m)\s+deal|(?:signs?|strikes?|inks?|enters?)\s+"
    r"(?:a\s+)?(?:\w+\s+){0,3}(?:deal|agreement|LOI)|secure[sd]?\s+[^.]{0,40}investment|will\s+pay)",
    re.I,
)
_TRIGGER = gated(_TRIGGER)

_HEDGED = re.compile(
    r"\b(?:in\s+(?:advanced\s+|early\s+|exclusive\s+)?talks|talks\s+to|sources\s+(?:say|said|familiar)|"
    r"people\s+familiar|"
    r"could\s+be\s+signed|is\s+considering|are\s+considering|exploring\s+(?:a|the)\s+(?:sale|deal)|rumou?r|"
    r"speculat\w*|"
    r"may\s+(?:acquire|buy|license)|would\s+rank|intends\s+to\s+(?:enter|negotiate)|will\s+enter\s+into|"
    r"(?:intention|intend|intends)\s+to\s+(?:partner|license|acquire)|any\s+specific\s+transactions|"
    r"if\s+the\s+talks|not\s+to\s+(?:exercise|renew)|does\s+not\s+intend|terminat\w+|ending|will\s+end|"
    r"not\s+(?:an\s+)?offer\s+to\s+sell|solicitation\s+of\s+(?:an\s+)?offer|no\s+offer)\b",
    re.I,
)
_HEDGED = gated(_HEDGED)

_RECALLED = re.compile(
    r"\b(?:previously(?:\s+announced)?|existing|original(?:ly)?|earlier|formerly|prior\s+(?:agreement|"
    r"collaboration|license)|"
    r"also\s+has|already\s+has|has\s+(?:partnered|collaborated)|had\s+(?:entered|signed|agreed|granted|"
    r"licensed)|"
    r"was\s+(?:first\s+)?signed|was\s+once|were\s+working|"
    r"include[sd]?\s+(?:[A-Z]|partnerships?|collaborations?)|includes?\s+[A-Z]|"
    r"strategic\s+partnerships?\s+with|"
    r"partnerships\s+with|continued\s+strategic|recently\s+(?:announced|completed)|utilizes\s+in-licensed|"
    r"in-licensed\s+technology|backed\s+by|once\s+owned|past\s+year|last\s+year|"
    r"the\s+start\s+of\s+the\s+year|"
    r"under\s+(?:an?|the|its)\s+existing|(?<!\bit\s)(?<!\bwe\s)(?<!they\s)(?:was|were)\s+(?:entered|signed|granted)|has\s+(?:a|"
    r"an)\s+collaboration|"
    r"have\s+(?:a|an)\s+collaboration|in\s+connection\s+with\s+the\s+(?:previously|original))\b",
    re.I,
)
_RECALLED = gated(_RECALLED)

_ACTS_ON_EXISTING = re.compile(
    r"\b(?:amend(?:s|ed)?|expand(?:s|ed)?|extend(?:s|ed)?|restat(?:es|ed)|modif(?:y|ies|ied)|complet(?:es|ed)|"
    r"exercis(?:es|ed))\s+(?:its|their|the|our|an?)?\s*$",
    re.IGNORECASE,
)
_MONTH_ONLY = re.compile(
    r"^\W*(?:In|During|Earlier\s+in|Late\s+in|In\s+late|In\s+early)\s+(?:January|"
    r"February|March|April|May|June|"
    r"July|August|September|October|November|December)\s*,",
    re.I,
)


_UNSET: object = object()


class SentInfo:
    """What the deal rules read in one sentence.

    The companies it names, its placeholder text and the kinds of deal it names are read for
    every sentence; the rest (amounts, dates, whether it announces, hedges or recalls a deal) is
    read the first time a rule asks, since most sentences of a long filing are never asked.
    """

    __slots__ = (
        "s",
        "index",
        "mentions",
        "clusters",
        "ph",
        "types",
        "headline",
        "quoted",
        "_money",
        "_dates",
        "_trigger",
        "_hedged",
        "_recalled",
        "_tm",
        "_years",
        "_applied",
        "_max_year",
    )

    def __init__(
        self,
        s: Sentence,
        index: int,
        mentions: list[Mention],
        clusters: list[int],
        ph: str,
        types: set[str],
        headline: bool,
        quoted: bool = False,
        max_year=None,
    ):
        self.s = s
        self.index = index
        self.mentions = mentions
        self.clusters = clusters
        self.ph = ph
        self.types = types
        self.headline = headline
        self.quoted = quoted
        self._money: list[Money] | None = None
        self._dates: list[DateMention] | None = None
        self._trigger: bool | None = None
        self._hedged: bool | None = None
        self._recalled: bool | None = None
        self._tm = _UNSET
        self._years: list[tuple[int | None, object]] = []  # reference years applied, in order
        self._applied = 0
        self._max_year = max_year  # a callable giving the latest year the filing names

    def __repr__(self) -> str:
        return f"SentInfo({self.index}, {self.s.text[:60]!r})"

    @property
    def money(self) -> list[Money]:
        if self._money is None:
            self._money = find_money(self.s.text)
        return self._money

    @money.setter
    def money(self, value: list[Money]) -> None:
        self._money = value

    @property
    def dates(self) -> list[DateMention]:
        if self._dates is None:
            self._dates = find_dates(self.s.text)
        return self._dates

    @dates.setter
    def dates(self, value: list[DateMention]) -> None:
        self._dates = value

    def _trigger_match(self):
        if self._tm is _UNSET:
            self._tm = _TRIGGER.search(self.s.text)
        return self._tm

    @property
    def trigger(self) -> bool:
        """The sentence names a deal and says it is being made (or recalls it)."""
        if self._trigger is None:
            self._trigger = (
                bool(self.types)
                and (
                    bool(self._trigger_match())
                    or self.headline
                    or bool(_RECALLED.search(self.s.text))
                    or self.s.section == "about"
                )
                and not self.quoted
            )
        return self._trigger

    @trigger.setter
    def trigger(self, value: bool) -> None:
        self._trigger = value

    @property
    def hedged(self) -> bool:
        if self._hedged is None:
            self._hedged = bool(_HEDGED.search(self.s.text))
        return self._hedged

    @hedged.setter
    def hedged(self, value: bool) -> None:
        self._hedged = value

    @property
    def recalled(self) -> bool:
        """The sentence recalls an earlier deal rather than announcing one."""
        if self._recalled is None:
            self._recalled = self._recalled_by_words()
        while not self._recalled and self._applied < len(self._years):
            ref_year, max_year = self._years[self._applied]
            self._applied += 1
            if _dated_before(self, ref_year, max_year() if callable(max_year) else max_year):
                self._recalled = True
        return self._recalled

    @recalled.setter
    def recalled(self, value: bool) -> None:
        self._recalled = value
        self._applied = len(self._years)

    def _recalled_by_words(self) -> bool:
        text = self.s.text
        rm = _RECALLED.search(text)
        if rm:
            tm = self._trigger_match()
            if tm and tm.start() <= rm.start() < tm.end():
                # "completed its previously announced acquisition": the event is now
                rm = _RECALLED.search(text, tm.end())
            elif rm and _ACTS_ON_EXISTING.search(text, max(0, rm.start() - 40), rm.start()):
                # "amended their existing agreement": the amendment is now
                rm = _RECALLED.search(text, rm.end())
        if rm:
            if tm:
                anchor = tm.start()
            else:
                money_here = self.money
                anchor = money_here[0].start if money_here else len(text)
            if re.match(r"had\s", rm.group(0), re.I) and re.search(
                r"\b(?:said|says|announced|reported|disclosed|"
                r"confirmed)\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:it|they)\s*$",
                text[: rm.start()],
                re.I,
            ):
                rm = None  # reported speech: "said on Monday it had agreed to buy"
            if rm and rm.start() < anchor + 60:
                return True
        return self.s.section in ("about", "boilerplate") or bool(_MONTH_ONLY.match(text))


@dataclass
class Frame:
    types: set[str]
    parties: list[int]
    votes: list[RoleVotes]
    sentences: list[SentInfo]
    recalled: bool
    contract: bool = False
    payments: list[Payment] = field(default_factory=list)
    date: date | None = None


def deal_types(text: str) -> set[str]:
    """The kinds of deal a sentence names."""
    # the words of all kinds found in one reading of the sentence; a kind none of whose words is
    # there cannot match and is not searched
    low = lowered(text)
    present = set(filter(low.__contains__, _ALL_TYPE_KEYS))
    found = {
        name
        for name, pat, keys in _TYPE_KEYS
        if present and not keys.isdisjoint(present) and pat.search(text)
    }
    if "LicenseAgreement" in found and not _DEAL_LICENSE.search(_NON_DEAL_LICENSE.sub(" ", text)):
        found.discard("LicenseAgreement")
    if "Acquisition" in found and _ASSET_OBJECT.search(text):
        found.discard("Acquisition")
        found.add("AssetPurchase")
    if "OptionAgreement" in found and re.search(
        r"\bstock\s+options?|options?\s+to\s+purchase\s+(?:\w+\s+){0"
        r",3}shares|"
        r"option\s+(?:awards?|grants?|plan)",
        text,
        re.I,
    ):
        found.discard("OptionAgreement")
    if (
        "Acquisition" in found
        and "EquityInvestment" in found
        and re.search(
            r"\ball\s+(?:of\s+)?(?:the\s+)?(?:issued\s+and\s+)?outstanding\s+(?:\w+\s+){0,2}(?:shares|stock|"
            r"equity|(?:membership\s+)?interests)",
            text,
            re.I,
        )
    ):
        found.discard("EquityInvestment")
    if (
        "EquityInvestment" in found
        and re.search(r"\b(?:options?|warrants?|rights?)\s+to\s+purchase\s+[\d,]+", text, re.I)
        and not re.search(
            r"\bequity\s+investment|\binvestment\s+from|\bsubscription|\bprivate\s+placement", text, re.I
        )
    ):
        found.discard("EquityInvestment")  # employee options and warrants are no investment
    if (
        found & {"Acquisition", "AssetPurchase"}
        and "OptionAgreement" in found
        and re.search(r"\boptions?\s+(?:[\w-]+\s+){0,8}to\s+acquire", text, re.I)
    ):
        found -= {"Acquisition", "AssetPurchase"}
    if (
        "CollaborationAgreement" in found
        and re.fullmatch(r".*\b(?:development\s+agreement)\b.*", text, re.I | re.S)
        and "LicenseAgreement" in found
        and not re.search(r"collaborat|co-?promot|partnership|jointly", text, re.I)
    ):
        found.discard("CollaborationAgreement")
    if (
        "LicenseAgreement" in found
        and found & {"Acquisition", "AssetPurchase"}
        and not re.search(
            r"\blicen[sc]e\s+agreement|\blicens\w+\s+(?:\w+\s+){0,3}rights|\bexclusive\s+licen", text, re.I
        )
    ):
        found.discard("LicenseAgreement")  # a licence mentioned inside a purchase ("any out license or sale")
    if _OPTION_FOR.search(text):
        found.add("OptionAgreement")
    if (
        "Acquisition" in found
        and "EquityInvestment" in found
        and not _TYPE["Acquisition"].search(_WITH_THE_MERGER.sub(" ", text))
    ):
        found.discard("Acquisition")  # shares bought "in connection with the merger": the merger is elsewhere
    if (
        "LicenseAgreement" in found
        and "OptionAgreement" in found
        and not _TYPE["LicenseAgreement"].search(_OPTION_TO_LICENSE.sub(" ", text))
        and not _OPTION_EXERCISED.search(text)
    ):
        found.discard("LicenseAgreement")  # "an option to obtain a license": no licence is granted yet
    return found


_WITH_THE_MERGER = re.compile(
    r"\b(?:in\s+connection\s+with|concurrently\s+with|upon\s+(?:the\s+)?(?:completion|closing|consummation)\s+of|"
    r"following|after|subject\s+to)\s+(?:the\s+)?(?:proposed\s+|pending\s+)?(?:merger|acquisition|"
    r"business\s+combination|transaction)s?\b",
    re.IGNORECASE,
)
_OPTION_EXERCISED = re.compile(
    r"\bexercis(?:e|es|ed|ing)\s+(?:of\s+)?(?:its|their|the|an?)\s+option", re.IGNORECASE
)
_OPTION_TO_LICENSE = re.compile(
    r"\b(?:exclusive\s+)?options?\s+(?:\w+\s+){0,2}?(?:to|for)\s+(?:exclusively\s+)?"
    r"(?:(?:obtain|negotiate(?:\s+for)?|acquire|receive|take|enter\s+into)\s+)?(?:an?\s+|the\s+)?"
    r"(?:(?:exclusive|non-exclusive|worldwide|global|royalty-bearing|sublicensable|further)[\s,]+){0,4}"
    r"(?:licen[sc]e|licensing)\b(?:\s+(?:agreement|rights))?",
    re.IGNORECASE,
)


_VEHICLE_WORD = re.compile(
    r"Purchaser|Merger\s+Sub|Acquisition\s+Sub|Sub|Offeror|"
    r"[\w\s.,-]{0,40}Merger\s+Sub[\w\s.,]{0,10}"
)


def _quoted_flags(sentences: list[Sentence]) -> list[bool]:
    """For each sentence: does it sit inside a quotation (a quote opened earlier in its line)?"""
    flags = []
    depth = 0
    last_line = None
    for s in sentences:
        key = (s.doc, s.line)
        if key != last_line:
            depth = 0
            last_line = key
        starts_quoted = depth > 0 or bool(re.match(r"^\W{0,3}[\"“]", s.text))
        flags.append(starts_quoted)
        opens = s.text.count("“") + s.text.count("\u2018\u2018")
        closes = s.text.count("”")
        straight = s.text.count('"')
        depth = max(0, depth + opens - closes)
        if straight % 2 == 1:
            depth = 0 if depth > 0 else 1
    return flags


_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_IN_YEAR = re.compile(r"\b(?:In|in|Since|since|During|during)\s+((?:19|20)\d\d)\b")


def analyse(sentences: list[Sentence], registry: Registry, ref_year: int | None) -> list[SentInfo]:
    infos = []
    quoted = _quoted_flags(sentences)
    latest: list[int | None] = []

    def max_year() -> int | None:
        if not latest:
            years = [int(y) for s in sentences for y in _YEAR.findall(s.text)]
            latest.append(max(years) if years else None)
        return latest[0]

    vehicle_ids: dict[int, bool] = {}
    for k, s in enumerate(sentences):
        mentions = registry.mentions(s)
        clusters: list[int] = []
        for m in mentions:
            if m.cluster not in clusters:
                clusters.append(m.cluster)
        spans = []
        for m in mentions:
            vehicle = vehicle_ids.get(m.cluster)
            if vehicle is None:
                vehicle = vehicle_ids[m.cluster] = registry.clusters[registry.find(m.cluster)].vehicle
            spans.append(
                (
                    m.start - s.start,
                    m.end - s.start,
                    -1 if vehicle or _VEHICLE_WORD.fullmatch(m.text) else m.cluster,
                )
            )
        ph = placeholders(s.text, spans)
        text = s.text
        types = deal_types(text) if s.section != "definition" else set()
        headline = (
            s.first_in_line
            and not text.rstrip().endswith(".")
            and len(text) < 200
            and (k == 0 or sentences[k - 1].doc != s.doc or text.startswith("#") or s.line <= 2)
        )
        infos.append(SentInfo(s, k, mentions, clusters, ph, types, headline, quoted[k]))
    apply_reference_year(infos, ref_year, max_year)
    return infos


def apply_reference_year(infos: list[SentInfo], ref_year: int | None, max_year) -> None:
    """Mark as recalled the sentences that date their deal before the filing's year.

    ``max_year`` is the latest year the filing names (or a function giving it); the check itself
    runs when a rule first asks whether a sentence is recalled."""
    for info in infos:
        info._years.append((ref_year, max_year))


def _dated_before(info: SentInfo, ref_year: int | None, max_year: int | None) -> bool:
    text = info.s.text
    if ref_year and any(
        d.year < ref_year - (1 if d.value else 0) for d in info.dates if _past_marker(text, d)
    ):
        return True
    y = _IN_YEAR.search(text)
    return bool(y and (ref_year or max_year) and int(y.group(1)) < (ref_year or max_year))


def _past_marker(text: str, d: DateMention) -> bool:
    """Is the date one at which the deal happened (not a future deadline)?"""
    before = text[max(0, d.start - 30) : d.start]
    return (
        bool(
            re.search(
                r"\b(?:in|on|since|dated|signed|entered|from|inked)\s*(?:early|late|mid)?\s*$", before, re.I
            )
        )
        or d.start < 3
    )


def named_parties(info: SentInfo, registry: Registry) -> list[int]:
    out = []
    for cid in info.clusters:
        cid = registry.find(cid)
        cl = registry.clusters[cid]
        if cl.vehicle or cid in out:
            continue
        out.append(cid)
    return out
