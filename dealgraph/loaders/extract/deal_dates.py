"""When a deal was made: the agreement date a deal sentence states, else the date of the release.

* agreement dates: "On October 1, 2004, … entered into", "dated as of May 5, 2020", "effective as
  of", "Dated: …", a contract's effective date; deadlines ("expires on", "until", "by") are not;
* the release date: a dateline at the top ("CAMBRIDGE, MA, October 6, 2004 –", "NEW YORK--(BUSINESS
  WIRE)--February 07, 2025--", "date 2019-08-20", "(NewMediaWire) - October 22, 2024 -"), a
  publication stamp ("20250213 Press release", "submitted for publication … 10-02-2025"), or the
  filing's date of report.
"""

from __future__ import annotations

import re
from datetime import date

from dealgraph.loaders.extract.fastre import gated
from dealgraph.loaders.extract.triggers import Frame, SentInfo

AGREEMENT_DATE = re.compile(
    r"(?:\b(?:on|dated|dated\s+as\s+of|as\s+of|effective\s+(?:as\s+of|on|from)?|made\s+(?:as\s+of|on)|"
    r"entered\s+into\s+on|"
    r"executed\s+on|signed\s+on|Dated:?|effective\s+from\s+and\s+after)\s*$)|^\W*$",
    re.I,
)

_DATELINE_BEFORE = re.compile(
    r"(?:--|—|–|\s-\s|/PRNewswire/|\(BUSINESS\s+WIRE\)|\bdate\s*|\b[Dd]ate\b[^.:]{"
    r"0,40}:\s*|\)\s*-\s*|[A-Z]{2,}[\w.]*,\s*(?:[A-Z][\w.]*\s*){0,3},?\s*)$"
)

_DATELINE_AFTER = re.compile(r"^\s*(?:--|—|–|-\s|/|\(|\d{1,2}:\d\d|\s*\.\s+[A-Z])")

_PUBLICATION = re.compile(
    r"\b(?:submitted\s+for\s+publication|published|release(?:d)?\s+(?:on|dated)|"
    r"Press\s+release|"
    r"announced\s+today|today\s+announced)\b",
    re.I,
)
# read in every sentence of a filing until one matches: tried only where its words start
_PUBLICATION = gated(_PUBLICATION)


_OF_AN_EARLIER_AGREEMENT = re.compile(
    r"\b(?:existing|original|prior|earlier|previously\s+(?:announced|signed))\s+(?:[\w-]+\s+){0,6}?"
    r"(?:agreement|license|licence|collaboration)\s*,?\s*(?:dated|signed|entered\s+into)?\s*(?:as\s+of|on|in)?\s*$",
    re.IGNORECASE,
)


def _agreement_dates(info: SentInfo) -> list[tuple[int, date]]:
    """Dates in a deal sentence at which an agreement was made: (preference, date)."""
    out = []
    for d in info.dates:
        if not d.value:
            continue
        before = info.s.text[max(0, d.start - 40) : d.start]
        if _OF_AN_EARLIER_AGREEMENT.search(info.s.text[max(0, d.start - 80) : d.start]):
            continue  # "amended their existing agreement dated May 1, 2019": that date is the old one's
        if re.search(
            r"\b(?:expire|expires|expiration|until|through|by|deadline|before|after|"
            r"beginning)\s*(?:on\s+)?(?:or\s+after\s+)?$",
            before,
            re.I,
        ):
            continue
        if re.search(
            r"\b(?:dated|dated\s+as\s+of|effective\s+(?:as\s+of|on|from)?|made\s+(?:as\s+of|on)|"
            r"Dated:?|"
            r"entered\s+into\s+on|executed\s+on|signed\s+on|inked\s+on)\s*$",
            before,
            re.I,
        ):
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
            before = info.s.text[max(0, d.start - 60) : d.start]
            after = info.s.text[d.end : d.end + 20]
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


def reference_year(filing_dates: list[date | None], infos: list[SentInfo]) -> int | None:
    """The year of the filing, or of the release's dateline; None when neither is known."""
    for d in filing_dates:
        if d:
            return d.year
    d = announcement_date(infos, None)
    return d.year if d else None
