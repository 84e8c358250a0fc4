"""Deals: which sentences announce one, what kind, between whom, when, on what terms.

1. A sentence announces a deal when it names a kind of agreement or transaction (licence,
   collaboration, option, merger or acquisition, asset purchase, share purchase, supply,
   settlement) together with an act of entering into it: "entered into", "signed", "has agreed
   to", "will acquire", "completed the acquisition", "granted … a license", "announced … an
   agreement", "is making an offer to purchase", or a contract's own preamble ("This License
   Agreement … is entered into as of … by and between …").  A headline that names a deal counts
   too.
2. It only recalls an earlier deal when it says so ("previously", "existing", "original",
   "also has agreements with", "had entered", a year before the filing's, a month without a
   year), when it sits in an "About …" paragraph or other boilerplate, or when it is hedged
   ("in talks", "sources said").  Recalled deals are kept, marked ``recalled``.
3. Sentences about the same parties are one deal; their kinds add up.  Roles come from the
   sentences' verbs (see ``roles``); the rest of the text about the deal gives its payments,
   exclusivity, territory and subject matter.
4. The date is the date the agreement was entered into when a deal sentence states it ("On
   October 1, 2004, … entered into", "dated as of May 5, 2020", a contract's effective date),
   else the date the release was issued.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from dealgraph.loaders.extract.assets import find_assets
from dealgraph.loaders.extract.dates import DateMention, find_dates
from dealgraph.loaders.extract.money import Money, find_money
from dealgraph.loaders.extract.names import Mention, Registry
from dealgraph.loaders.extract.payments import classify
from dealgraph.loaders.extract.roles import RoleVotes, license_roles, payment_roles, placeholders, read_roles
from dealgraph.loaders.extract.sentences import Sentence
from dealgraph.loaders.extract.terms import exclusivity, territory, territory_definitions
from dealgraph.records import Asset, Deal, Evidence, Payment

TYPE_PATTERNS = [
    ("LicenseAgreement", re.compile(
        r"\b(?:licen[sc](?:e|es|ed|ing)|sublicen[sc]\w*|in-licens\w*|out-licens\w*|cross-licens\w*)\b(?!\s+plates?)"
        r"|\bexclusive\s+(?:global\s+|worldwide\s+)?(?:rights?|option)\s+to\s+(?:develop|commerciali|market|sell|promote|use)"
        r"|\brights\s+to\s+(?:develop|commerciali[sz]e|market)\b|\bgrant\w*\s+\w+\s+(?:exclusive\s+)?rights\b"
        r"|\b(?:ex-[\w.]+|global|worldwide|exclusive|commerciali[sz]ation|regional)\s+rights\b", re.I)),
    ("CollaborationAgreement", re.compile(
        r"\bcollaborat\w*|\bco-?promot\w*|\bpromotion\s+agreement|\bjoint(?:ly)?\s+(?:research|develop\w*|collaborat\w*)"
        r"|\bpartnership\b(?![- ](?:driven|based|model|strateg))|\bpartner(?:ed|s|ing)?\s+with\b|\bteams?\s+up\b|\bteamed\s+up\b|\bstrategic\s+alliance\b"
        r"|\b(?:research|development|co-development)\s+agreement\b|\bcommercial\s+partnership\b", re.I)),
    ("OptionAgreement", re.compile(
        r"\b(?:exclusive\s+)?(?:\d+-month\s+)?options?\s+(?:agreement|to\s+(?:acquire|license|obtain|purchase|negotiate|"
        r"exclusively|take|expand)|and\s+licen[sc])|\bdevelopment\s+and\s+option\b|\boption\s+agreement|\bexclusive\s+options?\b", re.I)),
    ("Acquisition", re.compile(
        r"\b(?:acquire[sd]?|acquiring|acquisition|merger|merge[sd]?|tender\s+offer|offer\s+to\s+purchase\s+all|"
        r"takeover|business\s+combination|buyout|to\s+buy|agreed\s+to\s+buy|will\s+buy|purchase\s+all\s+(?:of\s+)?"
        r"the\s+(?:issued\s+and\s+)?outstanding|de-SPAC|share\s+purchase\s+agreement|snag(?:s|ged|ging)?|snap(?:s|ped|ping)?\s+up|"
        r"scoop(?:s|ed|ing)?\s+up|asset\s+deal)\b", re.I)),
    ("EquityInvestment", re.compile(
        r"\b(?:equity\s+investment|(?:strategic\s+)?investment\s+from|invest(?:s|ed|ing)?\s+(?:up\s+to\s+)?[$€£]|"
        r"stock\s+purchase\s+agreement|securities\s+purchase\s+agreement|subscription\s+agreement|private\s+placement|"
        r"convert(?:s|ed)?\s+[^.]{0,80}\binto\s+[^.]{0,60}\bshares|equity\s+stake|divest\w*\s+its\s+(?:entire\s+)?holding|"
        r"(?:sold|sells)\s+its\s+(?:entire\s+)?(?:holding|stake)|purchase\s+(?:of\s+)?(?:\w+\s+){0,3}shares\s+of\s+"
        r"(?:the\s+)?(?:common|preferred|series|capital)|purchase\s+[\d,]+\s+shares|stock\s+purchase\b)", re.I)),
    ("SupplyAgreement", re.compile(
        r"\bsupply\s+agreements?\b|\b(?:clinical\s+)?supply\b(?=[^.]{0,40}\bagreement)|\bmanufactur\w+\s+(?:and\s+supply\s+)?agreement"
        r"|\bdistribution\s+agreement|\blicense\s+and\s+distribution|\bdistribution\b(?=[^.]{0,30}agreement)"
        r"|\b(?:purchase\s+)?order\s+(?:for|worth|valued)|\breceive[sd]?\s+(?:\w+\s+){0,4}orders?\b|\border\s+from\b", re.I)),
    ("SettlementAgreement", re.compile(
        r"\bsettlement\s+agreement|\bsettle[sd]?\s+(?:\w+\s+){0,3}litigation|\bsettlement\s+with\b|\bsettles\b", re.I)),
]
_NON_DEAL_LICENSE = re.compile(
    r"\b(?:Biologics?\s+License\s+Applications?|BLA|license\s+plates?|business\s+licen[cs]es?|driver['’]?s\s+licen[cs]e|"
    r"licen[cs]ed\s+(?:physicians?|pharmacists?|professionals?|banks?|under\s+the\s+laws|to\s+practi[cs]e|in\s+the\s+state)|"
    r"licen[sc]ing\s+(?:revenues?|income)|software\s+licen[cs]\w*|licen[cs]e\s+renewal|medical\s+licen[cs]e|"
    r"licen[cs]ed\s+pharmaceutical|license\s+to\s+operate|licensed\s+(?:Certified|CPA|attorney|accountant|real\s+estate|"
    r"broker|as\s+an?))\b", re.I)
_DEAL_LICENSE = re.compile(r"\b(?:licen[sc]\w*|sublicen[sc]\w*|rights?)\b", re.I)
_ASSET_OBJECT = re.compile(
    r"\b(?:acquire[sd]?|acquiring|buy|bought|purchase[sd]?|snag\w*|acquisition\s+of)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,3}rights\s+to\s+|"
    r"(?:a|an|its|their)\s+(?:[\w-]+\s+){0,5}?(?:candidate|asset|drug|product|compound|program|portfolio|medication|"
    r"therapy|business|assets|franchise|antibody)\b)|\basset\s+(?:purchase|deal|acquisition|sale)\b"
    r"|\b(?i:acquire[sd]?|acquiring)\s+[A-Z][A-Z0-9]{2,}\s*(?:®|™|\((?:[a-z][a-z\- ]{3,40})\)|,\s+(?:an?|the)\s+[\w.\s-]{0,60}(?:approved|medication|drug|product))", re.I)
_TRIGGER = re.compile(
    r"\b(?:enter(?:s|ed|ing)?\s+into|signed|signs|sign|signing|executed|execution\s+of|inked|penned|penning|concluded|reached|"
    r"struck|strikes|has\s+agreed|have\s+agreed|agreed\s+to|agrees\s+to|will\s+acquire|to\s+acquire|has\s+acquired|"
    r"have\s+acquired|acquired|acquires|complete[sd]?\s+(?:the\s+|its\s+)?(?:acquisition|merger|purchase)|closing\s+of\s+"
    r"(?:its|the)\s+(?:acquisition|merger)|(?:is\s+)?making\s+an?\s+offer|is\s+offering|offer\s+to\s+purchase|"
    r"to\s+merge|will\s+merge|grant(?:s|ed|ing)?\b|will\s+grant|to\s+grant|licensed|has\s+licensed|licenses\s+(?:to|its)|"
    r"secured|secures|converted|converts|received\s+(?:yet\s+)?(?:another|an?|a\s+third|a\s+new)\s+(?:\w+\s+){0,3}order|"
    r"receives\s+(?:a\s+|an\s+)?(?:\w+\s+){0,4}order|partnered\s+with|partners\s+with|partnering\s+with|to\s+partner\s+with|"
    r"teams?\s+up|teamed\s+up|settled|settles|will\s+collaborate|to\s+collaborate|announce[sd]?\s+(?:that\s+)?"
    r"(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,4}(?:agreements?|collaboration|partnership|licen[sc]e|licensing|acquisition|"
    r"merger|deal|transaction|combination|option|expansion|investment|settlement)\b|is\s+(?:now\s+)?(?:entitled|eligible)\s+to\s+(?:gain|receive)|will\s+receive\s+exclusive|"
    r"receipt\s+of\s+[^.]{0,60}\blicen[sc]ing\s+fees?|extend(?:s|ed)?\s+(?:the\s+|its\s+)?(?:option|license|licence|agreement)|"
    r"expan(?:d|ds|ded|sion\s+of)\s+(?:the\s+|its\s+)?[^.]{0,40}\b(?:license|licence|agreement)|exercis(?:e|es|ed|ing)\s+"
    r"(?:its\s+)?(?:option|extension\s+right|right)|by\s+and\s+between|by\s+and\s+among|is\s+made\s+(?:and\s+entered\s+)?"
    r"(?:as\s+of|effective|on)|(?:dated|effective)\s+as\s+of|divest(?:s|ed)?|has\s+sold|sold\s+its|snagging|"
    r"(?:will|shall)\s+(?:purchase|subscribe|make\s+an\s+equity\s+investment)|(?:have|has|had)?\s*(?:amended|revised|restated)\b|deal\s+(?:for|to|with)|deal\s+worth|\$[\d.]+\s*(?:million|billion|bn|m)\s+deal|(?:signs?|strikes?|inks?|enters?)\s+"
    r"(?:a\s+)?(?:\w+\s+){0,3}(?:deal|agreement|LOI)|secure[sd]?\s+[^.]{0,40}investment|will\s+pay)", re.I)
_HEDGED = re.compile(
    r"\b(?:in\s+(?:advanced\s+|early\s+|exclusive\s+)?talks|talks\s+to|sources\s+(?:say|said|familiar)|people\s+familiar|"
    r"could\s+be\s+signed|is\s+considering|are\s+considering|exploring\s+(?:a|the)\s+(?:sale|deal)|rumou?r|speculat\w*|"
    r"may\s+(?:acquire|buy|license)|would\s+rank|intends\s+to\s+(?:enter|negotiate)|will\s+enter\s+into|"
    r"(?:intention|intend|intends)\s+to\s+(?:partner|license|acquire)|any\s+specific\s+transactions|"
    r"if\s+the\s+talks|not\s+to\s+(?:exercise|renew)|does\s+not\s+intend|terminat\w+|ending|will\s+end|"
    r"not\s+(?:an\s+)?offer\s+to\s+sell|solicitation\s+of\s+(?:an\s+)?offer|no\s+offer)\b", re.I)
_RECALLED = re.compile(
    r"\b(?:previously(?:\s+announced)?|existing|original(?:ly)?|earlier|formerly|prior\s+(?:agreement|collaboration|license)|"
    r"also\s+has|already\s+has|has\s+(?:partnered|collaborated)|had\s+(?:entered|signed|agreed|granted|licensed)|"
    r"was\s+(?:first\s+)?signed|was\s+once|were\s+working|"
    r"include[sd]?\s+(?:[A-Z]|partnerships?|collaborations?)|includes?\s+[A-Z]|strategic\s+partnerships?\s+with|"
    r"partnerships\s+with|continued\s+strategic|recently\s+(?:announced|completed)|utilizes\s+in-licensed|"
    r"in-licensed\s+technology|backed\s+by|once\s+owned|past\s+year|last\s+year|the\s+start\s+of\s+the\s+year|"
    r"under\s+(?:an?|the|its)\s+existing|(?:was|were)\s+(?:entered|signed|granted)|has\s+(?:a|an)\s+collaboration|"
    r"have\s+(?:a|an)\s+collaboration|in\s+connection\s+with\s+the\s+(?:previously|original))\b", re.I)
_MONTH_ONLY = re.compile(r"^\W*(?:In|During|Earlier\s+in|Late\s+in|In\s+late|In\s+early)\s+(?:January|February|March|April|May|June|"
                         r"July|August|September|October|November|December)\s*,", re.I)
_AGREEMENT_DATE = re.compile(
    r"(?:\b(?:on|dated|dated\s+as\s+of|as\s+of|effective\s+(?:as\s+of|on|from)?|made\s+(?:as\s+of|on)|entered\s+into\s+on|"
    r"executed\s+on|signed\s+on|Dated:?|effective\s+from\s+and\s+after)\s*$)|^\W*$", re.I)
_DATELINE_BEFORE = re.compile(r"(?:--|—|–|\s-\s|/PRNewswire/|\(BUSINESS\s+WIRE\)|\bdate\s*|\b[Dd]ate\b[^.:]{0,40}:\s*|\)\s*-\s*|[A-Z]{2,}[\w.]*,\s*(?:[A-Z][\w.]*\s*){0,3},?\s*)$")
_DATELINE_AFTER = re.compile(r"^\s*(?:--|—|–|-\s|/|\(|\d{1,2}:\d\d|\s*\.\s+[A-Z])")
_PUBLICATION = re.compile(r"\b(?:submitted\s+for\s+publication|published|release(?:d)?\s+(?:on|dated)|Press\s+release|"
                          r"announced\s+today|today\s+announced)\b", re.I)


@dataclass
class SentInfo:
    s: Sentence
    index: int
    mentions: list[Mention]
    clusters: list[int]
    ph: str
    money: list[Money]
    dates: list[DateMention]
    types: set[str]
    trigger: bool
    hedged: bool
    recalled: bool
    headline: bool
    quoted: bool = False


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
    found = {name for name, pat in TYPE_PATTERNS if pat.search(text)}
    if "LicenseAgreement" in found and not _DEAL_LICENSE.search(_NON_DEAL_LICENSE.sub(" ", text)):
        found.discard("LicenseAgreement")
    if "Acquisition" in found and _ASSET_OBJECT.search(text):
        found.discard("Acquisition")
        found.add("AssetPurchase")
    if "OptionAgreement" in found and re.search(r"\bstock\s+options?|options?\s+to\s+purchase\s+(?:\w+\s+){0,3}shares|"
                                                r"option\s+(?:awards?|grants?|plan)", text, re.I):
        found.discard("OptionAgreement")
    if "Acquisition" in found and "EquityInvestment" in found and re.search(
            r"\ball\s+(?:of\s+)?(?:the\s+)?(?:issued\s+and\s+)?outstanding\s+(?:\w+\s+){0,2}shares", text, re.I):
        found.discard("EquityInvestment")
    if found & {"Acquisition", "AssetPurchase"} and "OptionAgreement" in found and \
            re.search(r"\boptions?\s+(?:[\w-]+\s+){0,8}to\s+acquire", text, re.I):
        found -= {"Acquisition", "AssetPurchase"}
    if "CollaborationAgreement" in found and re.fullmatch(r".*\b(?:development\s+agreement)\b.*", text, re.I | re.S) \
            and "LicenseAgreement" in found and not re.search(r"collaborat|co-?promot|partnership|jointly", text, re.I):
        found.discard("CollaborationAgreement")
    if "LicenseAgreement" in found and found & {"Acquisition", "AssetPurchase"} and not re.search(
            r"\blicen[sc]e\s+agreement|\blicens\w+\s+(?:\w+\s+){0,3}rights|\bexclusive\s+licen", text, re.I):
        found.discard("LicenseAgreement")     # a licence mentioned inside a purchase ("any out license or sale")
    if re.search(r"\boption\s+for\s+(?:expanding|extending|acquiring|licensing)\b", text, re.I):
        found.add("OptionAgreement")
    return found


_VEHICLE_WORD = re.compile(r"Purchaser|Merger\s+Sub|Acquisition\s+Sub|Sub|Offeror|[\w\s.,-]{0,40}Merger\s+Sub[\w\s.,]{0,10}")


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


def analyse(sentences: list[Sentence], registry: Registry, ref_year: int | None) -> list[SentInfo]:
    infos = []
    quoted = _quoted_flags(sentences)
    years = [int(y) for s in sentences for y in re.findall(r"\b((?:19|20)\d\d)\b", s.text)]
    max_year = max(years) if years else None
    for k, s in enumerate(sentences):
        mentions = registry.mentions(s)
        clusters: list[int] = []
        for m in mentions:
            if m.cluster not in clusters:
                clusters.append(m.cluster)
        spans = [(m.start - s.start, m.end - s.start,
                  -1 if _VEHICLE_WORD.fullmatch(m.text) or registry.clusters[registry.find(m.cluster)].vehicle else m.cluster)
                 for m in mentions]
        ph = placeholders(s.text, spans)
        text = s.text
        types = deal_types(text) if s.section != "definition" else set()
        headline = s.first_in_line and not text.rstrip().endswith(".") and len(text) < 200 and (
            k == 0 or sentences[k - 1].doc != s.doc or text.startswith("#") or s.line <= 2)
        tm = _TRIGGER.search(text)
        rm = _RECALLED.search(text)
        trigger = bool(types) and (bool(tm) or headline or bool(rm) or s.section == "about") and not quoted[k]
        hedged = bool(_HEDGED.search(text))
        money_here = find_money(text)
        anchor = tm.start() if tm else (money_here[0].start if money_here else len(text))
        if rm and re.match(r"had\s", rm.group(0), re.I) and re.search(
                r"\b(?:said|says|announced|reported|disclosed|confirmed)\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:it|they)\s*$",
                text[:rm.start()], re.I):
            rm = None                    # reported speech: "said on Monday it had agreed to buy"
        recalled = s.section in ("about", "boilerplate") or bool(rm and rm.start() < anchor + 60) \
            or bool(_MONTH_ONLY.match(text))
        dates = find_dates(text)
        infos.append(SentInfo(s, k, mentions, clusters, ph, money_here, dates, types, trigger, hedged,
                              recalled, headline, quoted[k]))
    apply_reference_year(infos, ref_year, max_year)
    return infos


def apply_reference_year(infos: list[SentInfo], ref_year: int | None, max_year: int | None) -> None:
    """Mark as recalled the sentences that date their deal before the filing's year."""
    for info in infos:
        text = info.s.text
        if ref_year and any(d.year < ref_year - (1 if d.value else 0) for d in info.dates if _past_marker(text, d)):
            info.recalled = True
        y = re.search(r"\b(?:In|in|Since|since|During|during)\s+((?:19|20)\d\d)\b", text)
        if y and (ref_year or max_year) and int(y.group(1)) < (ref_year or max_year):
            info.recalled = True


def _past_marker(text: str, d: DateMention) -> bool:
    """Is the date one at which the deal happened (not a future deadline)?"""
    before = text[max(0, d.start - 30):d.start]
    return bool(re.search(r"\b(?:in|on|since|dated|signed|entered|from|inked)\s*(?:early|late|mid)?\s*$", before, re.I)) \
        or d.start < 3


def reference_year(filing_dates: list[date | None], infos: list[SentInfo]) -> int | None:
    """The year of the filing, or of the release's dateline; None when neither is known."""
    for d in filing_dates:
        if d:
            return d.year
    d = announcement_date(infos, None)
    return d.year if d else None


def _parties(info: SentInfo, registry: Registry) -> list[int]:
    out = []
    for cid in info.clusters:
        cid = registry.find(cid)
        cl = registry.clusters[cid]
        if cl.vehicle or cid in out:
            continue
        out.append(cid)
    return out


_BORROW = re.compile(r"(?:\bwith\s+(?:[\w.-]+\s+){0,3}?|\bfrom\s+|^\W*)(ORG\d+)|(ORG\d+)['’]s?\s")
_AUTHORITY = re.compile(r"\b(?:Agency|Administration|Commission|Authority|Office|Department|Ministry|Court|Exchange|"
                        r"Institutes?\s+of\s+Health|Newswire|Wire)\b")


def _borrow(info: SentInfo, infos: list[SentInfo], registry: Registry, parties: list[int]) -> list[int]:
    """A deal sentence that names fewer than two companies: take them from its neighbours, where a
    company stands as the partner ("with X"), the source ("from X"), the subject or an owner ("X's")."""
    out = list(parties)
    for j in (info.index - 1, info.index + 1, info.index - 2, info.index - 3):
        if len(out) >= 2 or j < 0 or j >= len(infos):
            continue
        other = infos[j]
        if other.s.doc != info.s.doc or other.s.section != "body" or other.quoted:
            continue
        for m in _BORROW.finditer(other.ph):
            cid = registry.find(int((m.group(1) or m.group(2))[3:]))
            if cid in out or len(out) >= 2 or registry.clusters[cid].vehicle:
                continue
            if _AUTHORITY.search(" ".join(registry.clusters[cid].names)):
                continue
            out.append(cid)
    return out


_GRANT_CLAUSE = re.compile(r"\b(?:hereby\s+grants?|grants?\s+to|shall\s+grant|will\s+grant|license\s+grants?|grants?\s+(?:to\s+)?ORG\d+)\b"
                           r"[^.]{0,200}?\b(?:licen[sc]e|rights?)\b|\blicense\s+grants?\b|\bgrants?\s+to\s+ORG\d+", re.I)


def contract_frame(doc: int, infos: list[SentInfo], registry: Registry) -> Frame | None:
    """The one deal a contract is: parties from its preamble, kinds from its title and grant clauses."""
    doc_infos = [i for i in infos if i.s.doc == doc]
    if not doc_infos:
        return None
    preamble = None
    parties: list[int] = []
    for k, i in enumerate(doc_infos[:400]):
        if not re.search(r"\bby\s+and\s+(?:between|among)\b|\bbetween\b", i.s.text, re.I):
            continue
        if len(_parties(i, registry)) >= 2:
            preamble, parties = i, _parties(i, registry)[:3]
            break
        if re.search(r"\bby\s+and\s+(?:between|among)\s*$|AGREEMENT\s+(?:by\s+and\s+)?between\b", i.s.text, re.I):
            found: list[int] = _parties(i, registry)
            for j in doc_infos[k + 1:k + 14]:
                if re.match(r"\W*(?:WHEREAS|RECITALS|BACKGROUND|Table\s+of\s+Contents|ARTICLE|1\.)", j.s.text, re.I):
                    break
                for p in _parties(j, registry):
                    if p not in found:
                        found.append(p)
            if len(found) >= 2:
                preamble, parties = i, found[:3]
                break
    if preamble is None:
        return None
    title_text = ""
    for i in doc_infos[:40]:
        m = re.search(r"((?:[A-Z][A-Za-z,&\-]*\s+){1,8}(?:AGREEMENT|Agreement))\b", i.s.text)
        whole_line = bool(re.fullmatch(r"\W*(?:[A-Z][A-Za-z,&\-]*\s+){1,8}(?:AGREEMENT|Agreement)\W*", i.s.text))
        if m and (whole_line or re.search(r"[A-Z]{3,}|\bThis\b|\bTHIS\b", i.s.text[:m.end() + 40])) and \
                not re.fullmatch(r"(?:This|THIS)\s+(?:AGREEMENT|Agreement)", m.group(1)):
            title_text = m.group(1)
            break
    types = deal_types(title_text) if title_text else set()
    grant_infos = [i for i in doc_infos if i.s.section == "body" and _GRANT_CLAUSE.search(i.ph)]
    if any(re.search(r"\bgrants?\b[^.;]{0,120}?(?<!non-)(?<!co-)(?<!co- )\bexclusive\b[^.;]{0,60}?\blicen[sc]e", i.s.text, re.I)
           and ("OptionAgreement" in types or not re.search(r"\boption\b", i.s.text, re.I)) for i in grant_infos):
        types.add("LicenseAgreement")
    if not types:
        types = deal_types(preamble.s.text) or {"CollaborationAgreement"}
    types -= {"Acquisition", "AssetPurchase", "EquityInvestment", "SettlementAgreement"}
    votes = [read_roles(i.ph) for i in grant_infos[:60]]
    frame = Frame(types or {"CollaborationAgreement"}, parties, votes, [preamble] + grant_infos[:20], False, contract=True)
    d = None
    for i in doc_infos[:40]:
        for dm in i.dates:
            if dm.value and _AGREEMENT_DATE.search(i.s.text[max(0, dm.start - 40):dm.start]):
                d = dm.value
                break
        if d:
            break
    frame.date = d
    return frame


def build_frames(infos: list[SentInfo], registry: Registry, contract_docs: set[int]) -> list[Frame]:
    frames: list[Frame] = []
    for doc in sorted(contract_docs):
        f = contract_frame(doc, infos, registry)
        if f:
            frames.append(f)
    for info in infos:
        if not info.trigger or info.hedged:
            continue
        types = set(info.types)
        if info.s.doc in contract_docs:
            # inside a contract only its recitals, or a share purchase, make other deals
            keep = {"Acquisition", "EquityInvestment"} & types
            if "Acquisition" in keep and not re.search(
                    r"\b(?:transaction|merger|stock\s+purchase|share\s+purchase)\s+agreement\b|\bacquir\w*\s+(?:a\s+)?"
                    r"(?:majority|all|control|100\s?%)", info.s.text, re.I):
                keep.discard("Acquisition")
            if not keep or len(_parties(info, registry)) < 2:
                continue
            if "EquityInvestment" in keep and not re.search(r"\b(?:equity\s+investment|purchase\s+[^.]{0,60}shares|"
                                                            r"subscri)", info.s.text, re.I):
                keep.discard("EquityInvestment")
            if not keep:
                continue
            types = keep
        parties = _parties(info, registry)
        if len(parties) < 2 and not info.recalled and not (
                len(parties) == 1 and re.search(r"\b(?:the\s+Company|we|our)\b", info.s.text)):
            parties = _borrow(info, infos, registry, parties)
        votes = read_roles(info.ph)
        frames.append(Frame(types, parties, [votes], [info], info.recalled))
    return frames


def _compatible(a: Frame, b: Frame) -> bool:
    if ("EquityInvestment" in a.types) != ("EquityInvestment" in b.types):
        if a.types <= {"EquityInvestment"} or b.types <= {"EquityInvestment"}:
            return False
    acq = {"Acquisition", "AssetPurchase"}
    lic = {"LicenseAgreement", "CollaborationAgreement", "SupplyAgreement"}
    if a.types & acq and not a.types & lic and b.types & lic and not b.types & acq and "OptionAgreement" not in b.types:
        return False
    if b.types & acq and not b.types & lic and a.types & lic and not a.types & acq and "OptionAgreement" not in a.types:
        return False
    return True


def merge_frames(frames: list[Frame], self_id: int | None, anonymous: tuple[int, ...] = ()) -> list[Frame]:
    merged: list[Frame] = []
    selfish = {self_id} | set(anonymous)
    for f in frames:
        target = None
        fp = set(f.parties) - selfish
        for g in merged:
            gp = set(g.parties) - selfish
            if not _compatible(g, f):
                continue
            if f.recalled != g.recalled and not (f.recalled and f.sentences[0].s.section != "body"
                                                 and fp and gp and fp == gp):
                continue
            if fp and gp and (fp <= gp or gp <= fp):
                target = g
                break
            if fp and gp and (set(f.parties) <= set(g.parties) or set(g.parties) <= set(f.parties)):
                target = g
                break
            if not fp and not gp and set(f.parties) == set(g.parties):
                target = g
                break
        if target is None:
            merged.append(f)
            continue
        if not (f.recalled and not target.recalled):
            target.types |= f.types
            for p in f.parties:
                if p not in target.parties:
                    target.parties.append(p)
        target.votes += f.votes
        target.sentences += f.sentences
    return merged


def resolve_roles(frame: Frame, registry: Registry, lead: int | None) -> list[tuple[str, int]]:
    """(role, cluster) pairs for a frame, from the votes of its sentences."""
    roles: dict[str, list[int]] = {}
    parties = list(frame.parties)

    def tally(name: str) -> dict[int, int]:
        count: dict[int, int] = {}
        for v in frame.votes:
            for cid in v.roles.get(name, []):
                cid = registry.find(cid)
                if cid in parties:
                    count[cid] = count.get(cid, 0) + 1
        return count

    def pair(strong_a: str, strong_b: str, weak_a: list[str], weak_b: list[str], fallback: bool = True):
        """The two sides of a deal by weighted votes: strong patterns count double."""
        weights_a = {strong_a: 2.0, strong_a + "+": 2.0, **{w: (1.0 if "?" not in w else 0.5) for w in weak_a}}
        weights_b = {strong_b: 2.0, strong_b + "+": 2.0, **{w: (1.0 if "?" not in w else 0.5) for w in weak_b}}
        score: dict[int, float] = {}
        seen_a: set[int] = set()
        seen_b: set[int] = set()
        for name, w in weights_a.items():
            for cid, n in tally(name).items():
                score[cid] = score.get(cid, 0.0) + w * n
                seen_a.add(cid)
        for name, w in weights_b.items():
            for cid, n in tally(name).items():
                score[cid] = score.get(cid, 0.0) - w * n
                seen_b.add(cid)
        a = b = None
        if score:
            top = max(score, key=score.get)
            low = min(score, key=score.get)
            if score[top] > 0:
                a = top
            if score[low] < 0 and low != a:
                b = low
        if fallback:
            if a is not None and b is None:
                b = next((p for p in parties if p != a and p not in seen_a), None) or next(
                    (p for p in parties if p != a), None)
            if b is not None and a is None:
                a = next((p for p in parties if p != b and p not in seen_b), None) or next(
                    (p for p in parties if p != b), None)
        return a, b

    t = frame.types
    option_to_buy = "OptionAgreement" in t and "LicenseAgreement" not in t and bool(tally("acquirer"))
    if t & {"LicenseAgreement", "OptionAgreement"} and not t & {"Acquisition", "AssetPurchase"} and not option_to_buy:
        lic, lee = pair("licensor", "licensee", ["payee", "licensor?", "payee?"], ["payer", "licensee?", "payer?"])
        if lic is None and lee is None and len(parties) >= 2:
            first = lead if lead in parties else parties[0]
            lic, lee = first, next(p for p in parties if p != first)
        if lic is not None:
            roles.setdefault("licensor", []).append(lic)
        if lee is not None and lee != lic:
            roles.setdefault("licensee", []).append(lee)
    if t & {"Acquisition", "AssetPurchase"} or option_to_buy:
        spac = [p for p in parties if any(re.search(r"\bAcquisition(?:\s+(?:Corp|Co|Company|Ltd|Limited|Corporation)\b|\s*$)",
                                                    n) for n in registry.clusters[p].names)]
        acq, tgt = pair("acquirer", "acquiree", ["payer", "payer?"], ["payee", "payee?"])
        if spac:
            acq = spac[0]
            tgt = next((p for p in parties if p != acq), None)
        if acq is None and tgt is None and len(parties) >= 2:
            first = lead if lead in parties else parties[0]
            acq, tgt = first, next(p for p in parties if p != first)
        if acq is not None:
            roles.setdefault("acquirer", []).append(acq)
        if tgt is not None and tgt != acq:
            roles.setdefault("acquiree", []).append(tgt)
    if "EquityInvestment" in t:
        inv, ee = pair("investor", "investee", ["payer"], ["payee"], fallback=False)
        if inv is not None:
            roles.setdefault("investor", []).append(inv)
        if ee is not None and ee != inv:
            roles.setdefault("investee", []).append(ee)
    assigned = {p for ps in roles.values() for p in ps}
    if t & {"CollaborationAgreement", "SupplyAgreement", "SettlementAgreement"} and not assigned:
        for p in parties[:4]:
            roles.setdefault("collaborator", []).append(p)
    out = []
    for role, ps in roles.items():
        for p in ps:
            if (role, p) not in out:
                out.append((role, p))
    return out


def _agreement_dates(info: SentInfo) -> list[tuple[int, date]]:
    """Dates in a deal sentence at which an agreement was made: (preference, date)."""
    out = []
    for d in info.dates:
        if not d.value:
            continue
        before = info.s.text[max(0, d.start - 40):d.start]
        if re.search(r"\b(?:expire|expires|expiration|until|through|by|deadline|before|after|beginning)\s*(?:on\s+)?(?:or\s+after\s+)?$",
                     before, re.I):
            continue
        if re.search(r"\b(?:dated|dated\s+as\s+of|effective\s+(?:as\s+of|on|from)?|made\s+(?:as\s+of|on)|Dated:?|"
                     r"entered\s+into\s+on|executed\s+on|signed\s+on|inked\s+on)\s*$", before, re.I):
            out.append((0, d.value))
        elif re.search(r"(?:\bon|\bas\s+of|^)\s*$", before, re.I) or re.match(r"^\W*$", before):
            out.append((1, d.value))
    return sorted(out, key=lambda x: x[0])


def deal_date(frame: Frame, announcement: date | None) -> date | None:
    if frame.date:
        return frame.date
    for info in frame.sentences:
        if info.s.section != "body" and not frame.recalled:
            found = _agreement_dates(info)
            if found and (found[0][0] == 0 or re.search(r"\bentered\s+into\b", info.s.text)):
                return found[0][1]
            continue
        found = _agreement_dates(info)
        if found:
            return found[0][1]
    if frame.recalled:
        return None
    return announcement


def announcement_date(infos: list[SentInfo], report_date: date | None) -> date | None:
    """The date the release was issued: a dateline near the top, or a publication stamp."""
    for info in infos[:8]:
        for d in info.dates:
            if not d.value:
                continue
            before = info.s.text[max(0, d.start - 60):d.start]
            after = info.s.text[d.end:d.end + 20]
            if _DATELINE_BEFORE.search(before) or _DATELINE_AFTER.match(after) and d.start < 120:
                if not re.search(r"\b(?:expire|until|through|ended|ending|months?)\b", before, re.I):
                    return d.value
    for info in infos:
        m = _PUBLICATION.search(info.s.text)
        if m:
            for d in info.dates:
                if d.value and abs(d.start - m.start()) < 120:
                    return d.value
    return report_date


def deal_context(frame: Frame, infos: list[SentInfo], frames: list[Frame]) -> list[SentInfo]:
    """The sentences about a deal: its own, then the ones that follow about the same parties."""
    others = set()
    for g in frames:
        if g is not frame and not g.recalled:
            others |= set(g.parties)
    own = set(frame.parties)
    others -= own
    context: list[SentInfo] = []
    seen = set()
    first = frame.sentences[0]
    for info in frame.sentences:
        if info.index not in seen:
            context.append(info)
            seen.add(info.index)
    if frame.contract:
        for info in infos:
            if info.s.doc == first.s.doc and info.s.section == "body" and info.index not in seen:
                context.append(info)
                seen.add(info.index)
    elif not frame.recalled:
        for info in infos[first.index + 1:first.index + 30]:
            if info.s.doc != first.s.doc:
                break
            if info.s.section != "body" or info.index in seen or info.quoted:
                continue
            cl = set(info.clusters)
            if cl & others and not cl & own:
                continue
            if info.recalled and not re.search(r"\b(?:amended|revised)\b", info.s.text, re.I):
                continue
            if info.trigger and not cl & own and cl:
                continue
            context.append(info)
            seen.add(info.index)
    return sorted(context, key=lambda i: i.index)


def collect_payments(frame: Frame, context: list[SentInfo], frames: list[Frame]) -> list[Payment]:
    """Payments of a deal: amounts in the sentences about it."""
    out = []
    heading: str | None = None
    for info in sorted(context, key=lambda i: i.index):
        if frame.contract and len(info.s.text) < 120 and info.s.first_in_line:
            h = _heading_kind(info.s.text)
            if h is not None or re.match(r"^\W*(?:ARTICLE|Section)?\s*\d+(?:\.\d+)*\.?\s+[A-Z]", info.s.text):
                heading = h
        royalty = _royalty_mention(info)
        if not info.money and not royalty:
            continue
        for c in classify(info.s.text, info.money, frame.types, default=heading if frame.contract else None):
            m = c.money
            if c.kind == "EquityPayment" and "EquityInvestment" not in frame.types and any(
                    "EquityInvestment" in g.types and g is not frame for g in frames):
                continue
            out.append(Payment(kind=c.kind, amount=m.amount, currency=m.currency, up_to=c.up_to,
                               redacted=m.redacted, evidence=(info.s.evidence(),)))
        if royalty and frame.types & {"LicenseAgreement", "OptionAgreement", "AssetPurchase"} | (
                set() if frame.contract else {"CollaborationAgreement"}):
            rmin, rmax = _rates(info.s.text)
            out.append(Payment(kind="RoyaltyPayment", rate_min=rmin, rate_max=rmax, evidence=(info.s.evidence(),)))
    return out


def _heading_kind(text: str) -> str | None:
    """The payment kind a short heading names: '6.2 Development and Regulatory Milestones'."""
    if re.search(r"\bmilestones?\b", text, re.I):
        return "MilestonePayment"
    if re.search(r"\bup[- ]?front|signing\s+payment|license\s+(?:issue\s+)?fee", text, re.I):
        return "UpfrontPayment"
    if re.search(r"\bresearch\s+funding|FTE\s+funding", text, re.I):
        return "ResearchFunding"
    return None


def _royalty_mention(info: SentInfo) -> bool:
    text = info.s.text
    if re.search(r"\b(?:percentage|share|portion)\s+of\s+(?:the\s+)?(?:net\s+sales|sales)\b", text, re.I):
        return True
    for m in re.finditer(r"\broyalt(?:y|ies)\b", text, re.I):
        pos = info.s.start + m.start()
        if any(x.start <= pos < x.end for x in info.mentions):
            continue
        after = text[m.end():m.end() + 30]
        if re.match(r"\s*(?:aggregator|-free|free|interest)", after, re.I) or re.search(r"\bno\s+$", text[:m.start()]):
            continue
        return True
    return False


def _rates(text: str):
    from decimal import Decimal
    m = re.search(r"\broyalt\w*[^.]{0,120}?(\d{1,2}(?:\.\d+)?)\s?%(?:\s*(?:to|-|–|and)\s*(\d{1,2}(?:\.\d+)?)\s?%)?", text, re.I)
    if not m:
        return None, None
    lo = Decimal(m.group(1)) / 100
    hi = Decimal(m.group(2)) / 100 if m.group(2) else lo
    return lo.normalize(), hi.normalize()


_PAID_BY = {  # payment kind -> (role that pays, role that is paid)
    "UpfrontPayment": ("licensee", "licensor"), "MilestonePayment": ("licensee", "licensor"),
    "RoyaltyPayment": ("licensee", "licensor"), "OptionFee": ("licensee", "licensor"),
    "ResearchFunding": ("licensee", "licensor"), "TotalDealValue": ("licensee", "licensor"),
    "PurchasePrice": ("acquirer", "acquiree"), "EquityPayment": ("investor", "investee"),
}


def _with_payer_payee(payments: list[Payment], roles: list[tuple[str, int]], keys: dict[int, str],
                      registry: Registry) -> list[Payment]:
    """Who pays whom follows from the roles: the licensee pays the licensor, the acquirer the
    company bought (its holders), the investor the issuer."""
    by_role: dict[str, list[int]] = {}
    for role, cid in roles:
        by_role.setdefault(role, []).append(registry.find(cid))
    out = []
    for p in payments:
        payer_role, payee_role = _PAID_BY.get(p.kind, (None, None))
        if p.kind in ("UpfrontPayment", "MilestonePayment", "TotalDealValue") and "licensee" not in by_role:
            payer_role, payee_role = ("acquirer", "acquiree") if "acquirer" in by_role else (payer_role, payee_role)
        payer = by_role.get(payer_role or "", [])
        payee = by_role.get(payee_role or "", [])
        out.append(replace(p, payer=keys[payer[0]] if len(payer) == 1 else None,
                           payee=keys[payee[0]] if len(payee) == 1 else None))
    return out


def build_deals(infos: list[SentInfo], registry: Registry, filing_report: date | None, contract_docs: set[int],
                lead: int | None, keys: dict[int, str]) -> list[Deal]:
    frames = build_frames(infos, registry, contract_docs)
    frames = merge_frames(frames, registry.self_id if registry.self_id is not None else lead,
                          (registry.anon_id,) if registry.anon_id is not None else ())
    announcement = announcement_date(infos, filing_report)
    terr_defs: dict[str, str] = {}
    for info in infos:
        if info.s.section == "definition" and "Territory" in info.s.text:
            terr_defs.update(territory_definitions(info.s.text))
    deals: list[Deal] = []
    expanded: list[Frame] = []
    owner = registry.self_id if registry.self_id is not None else lead
    for f in frames:
        named = [registry.find(p) for p in f.parties if registry.find(p) != owner
                 and not registry.clusters[registry.find(p)].anonymous]
        if f.recalled and owner is not None and registry.find(owner) in [registry.find(p) for p in f.parties] \
                and len(named) >= 2:
            # "X also has agreements with A, B and C": one earlier deal with each of them
            for other in named:
                expanded.append(Frame(set(f.types), [registry.find(owner), other], f.votes, f.sentences, True))
        else:
            expanded.append(f)
    frames = expanded
    for f in frames:
        f.parties = [registry.find(p) for p in f.parties]
        f.parties = [p for i, p in enumerate(f.parties) if p not in f.parties[:i]]
        if not f.parties:
            continue
        context = deal_context(f, infos, frames)
        if not f.recalled and not f.contract and "OptionAgreement" not in f.types:
            first = f.sentences[0].index
            if any(re.search(r"\boptions?\s+(?:to|for)\s+(?:exclusively\s+)?(?:licen[sc]e|acquire|obtain\s+(?:an?\s+)?"
                             r"(?:exclusive\s+)?licen[sc]e|expanding|extending)", i.s.text, re.I)
                   and not re.search(r"\b(?:retains?|has\s+the|co-fund|co-promot)", i.s.text, re.I)
                   for i in context if i.index - first <= 6):
                f.types.add("OptionAgreement")
        for info in context:
            if info in f.sentences or not set(info.clusters) & set(f.parties):
                continue
            if f.contract and not re.search(r"\b(?:shall|will)\s+pay\b", info.s.text):
                continue
            votes = RoleVotes()
            payment_roles(info.ph, votes)
            if not f.contract:
                license_roles(info.ph, votes)
            f.votes.append(votes)
        roles = resolve_roles(f, registry, lead)
        if not roles:
            continue
        first_main = not f.recalled and not any(not d.recalled for d in deals)
        when = deal_date(f, announcement if first_main else None)
        payments = []
        seen = set()
        if not f.recalled or True:
            for p in collect_payments(f, context, frames):
                key = (p.kind, p.amount, p.currency)
                if key in seen:
                    continue
                seen.add(key)
                payments.append(p)
        excl = None
        terr = None
        grant_sents = [i for i in f.sentences if not i.quoted]
        if not f.contract and not f.recalled:
            first = f.sentences[0]
            for info in infos[first.index:first.index + 12]:
                if info.s.doc == first.s.doc and info.s.section == "body" and info not in grant_sents and not info.quoted:
                    if set(info.clusters) - set(f.parties) and not set(info.clusters) & set(f.parties):
                        continue
                    grant_sents.append(info)
        if not f.types & {"LicenseAgreement", "OptionAgreement", "CollaborationAgreement", "SupplyAgreement"}:
            grant_sents = []
        collab_only = not f.types & {"LicenseAgreement", "OptionAgreement", "SupplyAgreement"}
        for info in ([] if collab_only else grant_sents):
            e = exclusivity(info.s.text)
            if e is not None:
                excl = None if e == "co" else e
                break
        for info in grant_sents:
            if not re.search(r"\b(?:licen|rights?|grant|territory|exclusive|distribut|promot)", info.s.text, re.I):
                continue
            terr = territory(info.s.text, terr_defs) if not collab_only else territory("", terr_defs) if re.search(
                r"\bin\s+the\s+(?:[\w-]+\s+)?Territory\b", info.s.text) else None
            if collab_only and terr is None and re.search(r"\bin\s+the\s+Territory\b", info.s.text):
                terr = terr_defs.get("Territory")
            if terr:
                break
        concerns = []
        seen_assets = set()
        for info in f.sentences[:6]:
            for a in find_assets(info.s.text):
                if (a.kind, a.label) in seen_assets:
                    continue
                seen_assets.add((a.kind, a.label))
                concerns.append(Asset(kind=a.kind, label=a.label, evidence=(Evidence(
                    info.s.doc, info.s.start + a.start, info.s.start + a.end, info.s.text[a.start:a.end]),)))
        roles = [(role, cid) for role, cid in roles if not registry.clusters[registry.find(cid)].anonymous]
        if not roles or f.recalled and len({cid for _, cid in roles}) < 2:
            continue
        payments = _with_payer_payee(payments, roles, keys, registry)
        deals.append(Deal(
            types=tuple(t for t in ("LicenseAgreement", "CollaborationAgreement", "OptionAgreement", "Acquisition",
                                    "AssetPurchase", "EquityInvestment", "SupplyAgreement", "SettlementAgreement")
                        if t in f.types),
            roles=tuple((role, keys[registry.find(cid)]) for role, cid in roles),
            announced_on=when, exclusive=excl, territory=terr, payments=tuple(payments),
            concerns=tuple(concerns[:12]), recalled=f.recalled,
            evidence=tuple(i.s.evidence() for i in f.sentences[:5])))
    return deals
