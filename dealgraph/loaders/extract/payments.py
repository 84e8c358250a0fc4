"""Which amount is which: upfront, milestones, royalties, equity, research funding, option fees,
purchase price, total deal value — or no payment of this deal at all.

Each amount is read with the words on both sides of it, up to the neighbouring amounts:

* a cue that names an event right after the amount decides first: "EUR 250,000 upon execution
  of the agreement" is paid at signing (upfront) even in a list of "milestone payments";
  "$42 million if certain milestones are met", "$9.5 million in research funding";
* otherwise the nearest cue before it: "an upfront payment of $1 million", "milestone payments
  of up to $874.5 million", "option fee of $7.5 million"; upfront and milestones named together
  before one amount ("upfront, milestones and option fees of up to a total of USD 142 million",
  "a combined total of up to $745 million in upfront fees, development … milestones") make a
  total deal value;
* an amount in a list with no cue of its own takes the kind of the one before it
  ("$55 million will be paid upon …, and $260 million …");
* in an acquisition an amount "for" the company or "in cash" is the purchase price, in an
  equity investment the money paid for shares.

Amounts that belong to another matter are not payments: sales thresholds ("upon achieving EUR
10 million of cumulative net sales"), offering proceeds, cash positions, market sizes and
values, revenues, court awards, termination fees, par values, stock prices, restated
conversions into another currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dealgraph.loaders.extract.money import Money
from dealgraph.loaders.extract.fastre import gated

_EVENT_AFTER = [
    (
        "UpfrontPayment",
        re.compile(
            r"^[^$€£¥]{0,25}?\b(?:up[- ]?front|upon\s+(?:the\s+)?(?:signing|execution|signature|"
            r"closing\s+of\s+the\s+licen)|"
            r"(?:at|on)\s+(?:the\s+)?(?:signing|execution)|upon\s+(?:entry|entering)\s+into|"
            r"in\s+connection\s+with\s+(?:its|our|the)\s+entry|"
            r"down\s+payment|signing\s+(?:fee|payment|bonus))",
            re.I,
        ),
    ),
    (
        "MilestonePayment",
        re.compile(
            r"^\W{0,10}(?:initiation|commencement|completion|approval|acceptance|filing|submission|launch|"
            r"first\s+commercial)\b|"
            r"^[^$€£¥]{0,90}?\b(?:milestones?|(?:upon|for)\s+(?:the\s+)?(?:achievement|achieving|commencement|"
            r"initiation|completion|"
            r"successful|approval|acceptance|filing|submission|first|receipt|regulatory|marketing|launch|dosing|"
            r"start)|"
            r"if\s+certain|should\s+\w+\s+(?:hit|reach|achieve)|(?:at|on)\s+the\s+(?:successful|first|"
            r"achievement|completion)|"
            r"(?:is|are)\s+(?:achieved|met|reached)|sales[- ]based|contingent\s+(?:upon|"
            r"on)\s+(?:the\s+)?achievement|"
            r"as\s+sales\s+performance|in\s+(?:sales|development|regulatory|commercial)\s+(?:and\s+\w+\s+)?"
            r"(?:milestones|contingent\s+payments|payments))",
            re.I,
        ),
    ),
    (
        "ResearchFunding",
        re.compile(
            r"^[^$€£¥]{0,30}?\b(?:in|of|for)\s+(?:research|development|"
            r"R&D)\s+(?:and\s+development\s+)?(?:funding|support|"
            r"costs|expenses|activities)|^[^$€£¥]{0,20}?\bper\s+(?:FTE|full[- ]time)|^[^$€£¥]{0,30}?\b(?:in|"
            r"of)\s+funding\b"
            r"|^[^$€£¥]{0,60}?\b(?:was|is|as)\s+an?\s+(?:advance[d]?\s+)?payment\s+(?:to\s+\w+\s+)?for\s+research"
            r"|^[^$€£¥]{0,20}?\bto\s+(?:support|fund|finance)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:research|development|"
            r"clinical\s+trials?|studies)\b",
            re.I,
        ),
    ),
    ("RoyaltyPayment", re.compile(r"^[^$€£¥]{0,25}?\b(?:in\s+)?royalt", re.I)),
]
_CUES = [  # (kind, pattern); the cue nearest before the amount counts
    (
        "TotalDealValue",
        re.compile(
            r"\b(?:total\s+(?:deal\s+|transaction\s+|potential\s+)?value|deal\s+value|combined\s+total|"
            r"biobucks|total\s+consideration|deal\s+(?:worth|valued)|valued\s+at\s+up\s+to)",
            re.I,
        ),
    ),
    (
        "UpfrontPayment",
        re.compile(
            r"\b(?:(?:on|upon|within\s+[^.$€£]{0,40}?\b(?:after|following|of|"
            r"from))\s+(?:the\s+)?(?:Effective\s+Date|"
            r"execution\s+(?:date|of\s+this\s+Agreement)|signing|date\s+of\s+this\s+Agreement)|up[- ]?front|"
            r"initial\s+(?:cash\s+)?(?:payment|fee|license\s+fee)|signing\s+(?:payment|fee)|"
            r"license\s+(?:issue\s+)?fee|licen[sc]e\s+fees?|down\s+payment|"
            r"one[- ]time\s+(?:\w+\s+){0,3}?(?:fee|"
            r"payment)|"
            r"immediate\s+(?:\$|payment|cash)|immediate\b|at\s+signing|execution\s+fee|licensing\s+fees?|"
            r"access\s+fee|"
            r"technology\s+access)",
            re.I,
        ),
    ),
    (
        "MilestonePayment",
        re.compile(
            r"\b(?:upon\s+(?:the\s+)?(?:first\s+)?(?:initiation|achievement|approval|acceptance|filing|"
            r"submission|launch|"
            r"commencement|dosing|completion|receipt|exercise|[\w\s-]{0,40}?(?:Closing\s+Date|Approval|"
            r"Initiation))|"
            r"milestones?|contingent\s+(?:payments?|consideration)|(?:development|regulatory|commercial|"
            r"sales)[- ]based|"
            r"sales\s+performance|success\s+fees?|contingent\s+value\s+right|CVR|contingent\s+payment|"
            r"additional(?:\s+(?:\$|payments?|fees?|amounts?)|\s*$)|incremental\s+(?:\w+\s+)?(?:fees?|payments?)|"
            r"further\s+(?:\$|payments?))",
            re.I,
        ),
    ),
    ("RoyaltyPayment", re.compile(r"\broyalt(?:y|ies)\b", re.I)),
    (
        "ResearchFunding",
        re.compile(
            r"\b(?:research\s+(?:and\s+development\s+)?(?:funding|support|payments?|reimbursement|fees?)|"
            r"development\s+funding|"
            r"fund(?:s|ing)?\s+(?:of\s+)?(?:the\s+)?(?:[\w'’]+\s+){0,2}?(?:research|development)|FTE|"
            r"sponsored\s+research|"
            r"research\s+funding|"
            r"for\s+research\s+and\s+development\s+expenses|"
            r"advance(?:d)?\s+payment\s+(?:to\s+\w+\s+)?for\s+research|"
            r"R&D\s+(?:funding|support|costs))",
            re.I,
        ),
    ),
    (
        "OptionFee",
        re.compile(
            r"\b(?:option\s+(?:exercise\s+)?(?:fees?|payments?)|annual\s+option\s+fee|"
            r"to\s+extend\s+the\s+option|"
            r"option\s+(?:extension|exercise)\s+fee)",
            re.I,
        ),
    ),
    (
        "EquityPayment",
        re.compile(
            r"\b(?:equity\s+investment|investment|invest(?:s|ed|ing)?|stock\s+purchase|"
            r"purchase\s+of\s+(?:\w+\s+){0,3}shares|"
            r"shares\s+of\s+(?:common|preferred|series)|convertible\s+note|private\s+placement|subscription|"
            r"equity|"
            r"purchase\s+price\s+per\s+share\s+of)",
            re.I,
        ),
    ),
    (
        "PurchasePrice",
        re.compile(
            r"\b(?:purchase\s+price|consideration|acquisition\s+price|offer\s+price|price\s+of|"
            r"enterprise\s+value|"
            r"equity\s+value|transaction\s+value|acquire\s+[^$€£]{0,80}\bfor|acquisition\s+for|"
            r"for\s+a\s+total\s+of|"
            r"transaction\s+valued|stock\s+transaction|deal\s+valued)",
            re.I,
        ),
    ),
]
_NOT_PAYMENT_BEFORE = re.compile(
    r"(?:\b(?:has|have|had)\s+(?:now\s+)?received\s+(?:a\s+total\s+of|total\s+\w*\s*of|in\s+total)|"
    r"\btotal\s+payments\s+to|\bto\s+date\s+of|"
    r"\bupon\s+achiev\w*|\bachiev\w*\s+(?:(?:cumulative|annual|aggregate|net|"
    r"total)\s+){0,3}(?:net\s+)?sales\s+of|"
    r"\bsales\s+(?:of|exceeding|above|over|reach\w*|in\s+excess\s+of|greater\s+than|between)|\bexceed\w*|"
    r"\bin\s+excess\s+of|\bgreater\s+than|\bless\s+than|\bbetween\b|\bthreshold\s+of|\bup\s+to\s+EUR\s*$|"
    r"\brevenues?\s+of|\bgenerated|\bpar\s+value|\bnet\s+proceeds\s+of|\bgross\s+proceeds\s+of|\bproceeds\s+of|"
    r"\bcash\s+(?:position|balance|and\s+cash\s+equivalents|runway)\s+(?:of\s+)?|\bmarket\s+value\s+of|"
    r"\bmarket\s+(?:cap\w*|size)\s+(?:of\s+)?|\b(?:had|has|held|holds|with|ended\s+\w+\s+with)\s+(?:\w+\s+){0,2}?cash"
    r"(?:\s+and\s+[\w\s]{0,30}?)?\s+(?:of\s+)?|(?<!transaction\s)(?<!deal\s)(?<!merger\s)\bvalued\s+at|\bworth\s+(?:of\s+)?(?:about\s+|"
    r"approximately\s+)?|\baward\w*\s+of|\bjudgment|"
    r"\btermination\s+fee\s+of|\bexchange\s+rate\s+of|\bsynerg\w+|\bassets\s+under\s+management|\braising|\b"
    r"raised|\bpremarket|"
    r"\b(?:rose|rise|rises|fell|fall|falls|climbed|jumped|dropped|increased|decreased|grew|grow|reach|"
    r"reached)\s+(?:\w+\s+){0,3}to\s+$|\bshares?\s+(?:rose|rise|fell|fall|traded|"
    r"closed)|\bprice\s+target|\bcosts?\s+of|"
    r"\binsurance|\bliabilit\w+|\bcapped\s+at|\btotal(?:ling|ing)?\s+(?:net\s+)?sales|\bnet\s+sales\s+of|"
    r"\bannual\s+(?:net\s+)?sales\s+of|\bexpenses\s+of|\bloss\s+of|\bprofit\s+of|\bconsisting\s+of|\bplus\s+"
    r"interest|"
    r"\bgrant\s+(?:decision\s+)?of|\bloan\s+of|\bdebt|\bcredit\s+facility|\bwhich\s+has\s+a\s+market|\btrus"
    r"t\s+account|"
    r"\bsales\s+(?:in\s+the\s+\w+\s+)?of\s+[\w\s]{0,40}?|\bnet\s+sales\s+[\w\s]{0,30}?"
    r"|\bEBITDA|\bearnings)"
    r"(?:\s+(?:up\s+to|over|above|approximately|about|at\s+least|more\s+than|exceeding|of|totaling|totalling|"
    r"amounting\s+to|around|nearly|roughly|some|annually|per\s+year)){0,3}\W{0,12}$",
    re.I,
)
_NOT_PAYMENT_AFTER = re.compile(
    r"^\s{0,3}(?:\([^()]{0,40}\)\s*)?(?:of\s+(?:cumulative\s+|annual\s+|aggregate\s+)?(?:net\s+)?(?:sales|"
    r"revenues?)\b(?!-)|"
    r"in\s+(?:net\s+|combined\s+|annual\s+|total\s+)?(?:sales|revenues?)\b(?!-)|in\s+(?:assets|cash\s+and\s+(?:cash\s+equivalents|short-term|marketable|investments|restricted))|"
    r"by\s+20\d\d|"
    r"in\s+20\d\d\b|market|of\s+(?:its|his|her)\s+own|plus\s+costs|in\s+(?:net\s+)?proceeds|"
    r"termination\s+fee|"
    r"in\s+synerg|premarket|in\s+(?:morning|recent)\s+trad|of\s+(?:net\s+)?sales|of\s+cumulative|"
    r"in\s+(?:the\s+)?(?:open\s+market|annual\s+sales)|interest\b|in\s+cash\s+from\s+(?:its|the|"
    r"their)\s+trust)",
    re.I,
)
_SENTENCE_NOT_DEAL = re.compile(
    r"\b(?:public\s+offering|underwrit\w+|net\s+proceeds|market\s+(?:is\s+)?(?:projected|expected|valued|"
    r"worth|size)|"
    r"market\s+value|market\s+potentially\s+worth|cash\s+position|cash\s+and\s+cash\s+equivalents|"
    r"summary\s+judgment|court|lawsuit|revenue\s+(?:for|of|was|increased|decreased)|net\s+(?:loss|income)|"
    r"assets\s+under\s+management|raising\s+over|repurchased|share\s+repurchase|profit\s+is\s+expected|"
    r"stock\s+(?:rose|fell|rallied|climbed|dropped)|shares\s+(?:rose|fell|rise|fall|jumped|dropped|"
    r"were\s+down|"
    r"were\s+up|climbed|rallied)|rises?\s+\d|market\s+cap)",
    re.I,
)
_SENTENCE_NOT_DEAL = gated(_SENTENCE_NOT_DEAL)


_DEAL_RISE = re.compile(
    r"\b(?:deal|transaction|agreement|consideration|value)\s+(?:that\s+|which\s+)?(?:could|would|may|might|can)\s+"
    r"(?:eventually\s+)?(?:rise|grow|increase|climb|reach)(?:\s+to)?\s*(?:as\s+much\s+as\s+)?$",
    re.IGNORECASE,
)
_RIGHT_CUT = re.compile(
    r";|\(\s*(?:[ivx]{1,4}|[a-h]|\d)\s*\)|,\s*(?:and|plus|as\s+well\s+as|certain|up\s+to|potential|an?|the|"
    r"which|or)\b|"
    r"\band\s+(?:up\s+to|royalt|milestone|an?\s|potential|is\s+also)|\.\s"
    r"|\band\s+(?:will|shall|would|may|is|are|has|have|was|were)\s"
    r"|\band\s+(?:[\w-]+\s+){0,3}?royalt",
    re.I,
)
_AFTER_DEAL = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:licensing\s+|license\s+|upfront\s+|"
    r"[A-Z][\w-]*\s+){0,3}"
    r"(?:stock\s+|cash\s+|all-cash\s+|share\s+)?(?P<w>deal|acquisition|takeover|buyout|"
    r"transaction|merger|purchase)\b"
)


@dataclass(frozen=True)
class Classified:
    money: Money
    kind: str
    up_to: bool


def _gap_is_list(gap: str) -> bool:
    return bool(re.fullmatch(r"[^.;$€£¥]{0,160}", gap)) and bool(
        re.search(r"(?:,|\band\b|\bplus\b|\bas\s+well\s+as\b|\bthen\b)", gap)
    )


def classify(
    text: str,
    moneys: list[Money],
    deal_types: set[str] | frozenset[str] = frozenset(),
    default: str | None = None,
) -> list[Classified]:
    """The payments among the amounts of one sentence (``moneys`` are offsets into ``text``).

    ``default`` is the kind an amount without a cue of its own takes — the kind a contract's
    section heading names ("6.2 Development Milestones").
    """
    out: list[Classified] = []
    if _SENTENCE_NOT_DEAL.search(text) and not re.search(
        r"\b(?:upfront|up-front|milestone|royalt)", text, re.I
    ):
        return out
    prev_kind: str | None = None
    prev_end = 0
    prev_excluded = False
    for k, m in enumerate(moneys):
        if m.conversion:
            continue
        left_start = max(prev_end, m.start - 160)
        left = text[left_start : m.start]
        nxt = next((n.start for n in moneys[k + 1 :] if not n.conversion), len(text))
        right = text[m.end : min(nxt, m.end + 140)]
        right = re.sub(r"^\s*\([^()]{0,120}\)", " ", right)
        cut = _RIGHT_CUT.search(right)
        if cut:
            right = right[: cut.start()]
        if m.amount is not None and m.amount == 0:
            prev_end = m.end
            continue
        if (
            len(moneys) >= 2
            and k < len(moneys) - 1
            and not re.search(
                r"[A-Za-z]{3,}",
                re.sub(r"(?:US\$|USD|EUR|\$|€|£|¥)\s?[\d.,]+(?:\s?(?:million|billion))?", " ", text),
            )
        ):
            prev_end = m.end  # a row of numbers only: the amounts before the last one are thresholds
            prev_excluded = True
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        if (
            "\t" in text
            and "\t" not in text[line_start : m.start]
            and any(n.start > m.end and "\n" not in text[m.end : n.start] for n in moneys if not n.conversion)
        ):
            prev_end = m.end  # the first cell of a table row names a threshold
            prev_excluded = True
            continue
        supply_value = bool(
            deal_types & {"SupplyAgreement"}
            and re.search(
                r"\b(?:valued\s+at|worth|value\s+of)\s*(?:approximately\s+|about\s+|around\s+|some\s+)?$",
                left,
                re.I,
            )
        )
        ranged = prev_excluded and re.fullmatch(r"\s*(?:to|-|–|and|or)\s*", text[prev_end : m.start])
        equity_proceeds = bool(
            "EquityInvestment" in deal_types and re.search(r"\bproceeds\s+of\s*$", left, re.I)
        )
        # in a table row the amount in a cell of its own is read against that cell: the cell
        # before it names the event ("Annual net sales above $100 million | $20 million")
        cell = text.rfind("\t", line_start, m.start)
        own_cell = cell >= 0 and not text[cell + 1 : m.start].strip(" $€£¥")
        near = "" if own_cell and default else left[-60:]
        deal_rise = bool(_DEAL_RISE.search(left))  # "a deal that could rise to $700 million"
        if (
            not supply_value
            and not equity_proceeds
            and not deal_rise
            and (_NOT_PAYMENT_BEFORE.search(near) or _NOT_PAYMENT_AFTER.match(right) or ranged)
        ):
            prev_end = m.end
            prev_excluded = True
            continue
        prev_excluded = False
        kind = None
        if re.search(
            r"\bincluding\s+(?:an?\s+|the\s+)?(?:up[- ]?front|initial|signing)",
            text[m.end : m.end + 200],
            re.I,
        ) and not re.search(r"\binclud\w*", left, re.I):
            kind = "TotalDealValue"
        elif deal_types & {"SupplyAgreement"} and re.search(
            r"\b(?:valued\s+at|worth|value\s+of)\s*(?:approximately\s+|about\s+|around\s+|some\s+)?$",
            left,
            re.I,
        ):
            kind = "TotalDealValue"
        elif equity_proceeds:
            kind = "EquityPayment"
        elif deal_rise:
            kind = "TotalDealValue"
        elif (
            re.search(
                r"\b(?:combined\s+total|total\s+of|in\s+total|in\s+aggregate|aggregate\s+of)\b",
                left[-70:],
                re.I,
            )
            and re.search(r"up[- ]?front|initial", right, re.I)
            and re.search(r"milestone|option\s+fee", right, re.I)
        ):
            kind = "TotalDealValue"
        for name, pat in [] if kind else _EVENT_AFTER:
            if pat.search(right):
                kind = name
                break
        if kind is None and _AFTER_DEAL.match(right):
            w = _AFTER_DEAL.match(right).group("w").lower()
            if (
                deal_types & {"Acquisition", "AssetPurchase"}
                and w != "deal"
                or w in ("acquisition", "takeover", "buyout")
            ):
                kind = "PurchasePrice"
            else:
                kind = "TotalDealValue"
        if kind is None:
            best = -1
            found = {}
            for name, pat in _CUES:
                for c in pat.finditer(left):
                    found[name] = max(found.get(name, -1), c.end())
                    if c.end() > best:
                        best, kind = c.end(), name
            if (
                kind in ("UpfrontPayment", "MilestonePayment", "OptionFee")
                and "UpfrontPayment" in found
                and "MilestonePayment" in found
                and abs(found["UpfrontPayment"] - found["MilestonePayment"]) < 80
                and re.search(r"\b(?:total|combined|aggregate|in\s+all|up\s+to)\b", left[-70:], re.I)
            ):
                kind = "MilestonePayment" if re.search(r"\binclud\w*", left, re.I) else "TotalDealValue"
            elif "TotalDealValue" in found and found["TotalDealValue"] >= best - 40:
                kind = "TotalDealValue"
        if kind is None:
            for name, pat in _CUES:
                if name in ("TotalDealValue", "EquityPayment", "PurchasePrice"):
                    continue
                c = pat.search(right[:120])
                if c and not re.search(r"[$€£¥]", right[: c.start()]):
                    kind = name
                    break
        if kind is None and prev_kind and _gap_is_list(text[prev_end : m.start]):
            kind = prev_kind
        if (
            kind == "RoyaltyPayment"
            and deal_types & {"Acquisition", "AssetPurchase"}
            and re.search(r"\bfor\s*(?:approximately|about|US)?\s*$", left)
        ):
            kind = "PurchasePrice"  # a royalty interest sold "for $100 million": the price paid for it
        if (
            kind in ("TotalDealValue", "PurchasePrice", "UpfrontPayment")
            and not m.per_unit
            and re.search(
                r"\b(?:purchase|subscribe\s+for|"
                r"acquire)\s+[\d,]+\s+(?:\w+\s+){0,2}shares|\bequity\s+investment\s+of",
                text[: m.start],
                re.I,
            )
        ):
            kind = "EquityPayment"
        if kind is None and default:
            kind = default
        if (
            m.per_unit
            and deal_types & {"Acquisition"}
            and kind in (None, "MilestonePayment", "UpfrontPayment", "TotalDealValue", "EquityPayment")
            and not (re.search(r"\bcontingent|\bCVR\b|milestone", right[:80], re.I))
        ):
            kind = "PurchasePrice"
        if kind is None:
            if deal_types & {"Acquisition", "AssetPurchase"} and (
                re.search(
                    r"\b(?:for|at|(?:price|consideration|value|valued)\s+(?:of|at))\s*(?:approximately|about|US)?\s*$",
                    left,
                )
                or re.match(r"^\s*(?:in\s+)?(?:cash|(?:upon|at|on)\s+(?:the\s+)?closing)", right)
                or m.per_unit
            ):
                kind = "PurchasePrice"
            elif "EquityInvestment" in deal_types and re.search(
                r"\b(?:shares|stock|equity|invest|note)", left + right[:60], re.I
            ):
                kind = "EquityPayment"
        if kind is None:
            prev_end = m.end
            continue
        if kind == "PurchasePrice" and not deal_types & {"Acquisition", "AssetPurchase"}:
            if "EquityInvestment" in deal_types:
                kind = "EquityPayment"
            else:
                prev_end = m.end
                continue
        if kind == "EquityPayment" and deal_types and deal_types <= {"Acquisition", "AssetPurchase"}:
            kind = "PurchasePrice"
        out.append(Classified(m, kind, m.up_to))
        prev_kind = kind
        prev_end = m.end
    return out
