"""Contracts (EX-10 exhibits): one deal, read from the preamble, the title and the grant clauses.

* parties: the companies in the preamble ("… by and between Array BioPharma Inc. … and Ono
  Pharmaceutical Co., Ltd."), also when the preamble spreads over several lines;
* kinds: the contract's title ("LICENSE, DEVELOPMENT AND COMMERCIALIZATION AGREEMENT"), plus a
  licence when a clause grants an exclusive license;
* roles: votes of every grant clause ("Array hereby grants to Ono an exclusive license"), where
  exclusive grants outweigh grant-backs, and of every "shall pay" clause;
* date: the effective date of the preamble;
* the definitions section is never read as deals, and a bare amount in a payment section takes
  the kind its heading names ("6.2 Development and Regulatory Milestones").
"""

from __future__ import annotations

import re

from dealgraph.loaders.extract.deal_dates import AGREEMENT_DATE
from dealgraph.loaders.extract.fastre import gated
from dealgraph.loaders.extract.registry import Registry
from dealgraph.loaders.extract.roles import read_roles
from dealgraph.loaders.extract.triggers import Frame, SentInfo, deal_types, named_parties

_CONTRACT_HEAD = re.compile(
    r"\b(?:AGREEMENT|Agreement)\b[^\n]{0,400}?\b(?:by\s+and\s+between|by\s+and\s+among|is\s+made|"
    r"is\s+entered\s+into|"
    r"entered\s+into\s+(?:as\s+of|on)|made\s+effective|"
    r"made\s+and\s+entered)|\bAGREEMENT\s*\n?\s*(?:by\s+and\s+)?between\b",
    re.S,
)
_CONTRACT_HEAD = gated(_CONTRACT_HEAD)  # tried only where "agreement" starts


def is_contract(doc_type: str, text: str) -> bool:
    """An EX-10 exhibit, or a long text that opens like an agreement and has numbered articles."""
    if doc_type.upper().startswith("EX-10"):
        return True
    head = text[:30000]
    return (
        bool(_CONTRACT_HEAD.search(head))
        and len(text) > 15000
        and bool(re.search(r"\bARTICLE\s+(?:1|I|ONE)\b|\b1\.1\s", text[:40000]))
    )


_GRANT_CLAUSE = re.compile(
    r"\b(?:hereby\s+grants?|grants?\s+to|shall\s+grant|will\s+grant|"
    r"license\s+grants?|grants?\s+(?:to\s+)?ORG\d+)\b"
    r"[^.]{0,200}?\b(?:licen[sc]e|"
    r"rights?)\b|\blicense\s+grants?\b|\bgrants?\s+to\s+ORG\d+",
    re.I,
)
_GRANT_CLAUSE = gated(_GRANT_CLAUSE)


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
        if len(named_parties(i, registry)) >= 2:
            preamble, parties = i, named_parties(i, registry)[:3]
            break
        if re.search(
            r"\bby\s+and\s+(?:between|among)\s*$|AGREEMENT\s+(?:by\s+and\s+)?between\b", i.s.text, re.I
        ):
            found: list[int] = named_parties(i, registry)
            for j in doc_infos[k + 1 : k + 14]:
                if re.match(
                    r"\W*(?:WHEREAS|RECITALS|BACKGROUND|Table\s+of\s+Contents|ARTICLE|1\.)", j.s.text, re.I
                ):
                    break
                for p in named_parties(j, registry):
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
        whole_line = bool(
            re.fullmatch(r"\W*(?:[A-Z][A-Za-z,&\-]*\s+){1,8}(?:AGREEMENT|Agreement)\W*", i.s.text)
        )
        if (
            m
            and (whole_line or re.search(r"[A-Z]{3,}|\bThis\b|\bTHIS\b", i.s.text[: m.end() + 40]))
            and not re.fullmatch(r"(?:This|THIS)\s+(?:AGREEMENT|Agreement)", m.group(1))
        ):
            title_text = m.group(1)
            break
    types = deal_types(title_text) if title_text else set()
    grant_infos = [i for i in doc_infos if i.s.section == "body" and _GRANT_CLAUSE.search(i.ph)]
    if any(
        re.search(
            r"\bgrants?\b[^.;]{0,120}?(?<!non-)(?<!co-)(?<!co-"
            r" )\bexclusive\b[^.;]{0,60}?\blicen[sc]e",
            i.s.text,
            re.I,
        )
        and ("OptionAgreement" in types or not re.search(r"\boption\b", i.s.text, re.I))
        for i in grant_infos
    ):
        types.add("LicenseAgreement")
    if not types:
        types = deal_types(preamble.s.text) or {"CollaborationAgreement"}
    types -= {"Acquisition", "AssetPurchase", "EquityInvestment", "SettlementAgreement"}
    votes = [read_roles(i.ph) for i in grant_infos[:60]]
    frame = Frame(
        types or {"CollaborationAgreement"},
        parties,
        votes,
        [preamble] + grant_infos[:20],
        False,
        contract=True,
    )
    d = None
    for i in doc_infos[:40]:
        for dm in i.dates:
            if dm.value and AGREEMENT_DATE.search(i.s.text[max(0, dm.start - 40) : dm.start]):
                d = dm.value
                break
        if d:
            break
    frame.date = d
    return frame


def heading_kind(text: str) -> str | None:
    """The payment kind a short heading names: '6.2 Development and Regulatory Milestones'."""
    if re.search(r"\bmilestones?\b", text, re.I):
        return "MilestonePayment"
    if re.search(r"\bup[- ]?front|signing\s+payment|license\s+(?:issue\s+)?fee", text, re.I):
        return "UpfrontPayment"
    if re.search(r"\bresearch\s+funding|FTE\s+funding", text, re.I):
        return "ResearchFunding"
    return None
