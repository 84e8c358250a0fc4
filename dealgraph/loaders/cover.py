"""Filing metadata from an 8-K's cover page, for filings without an SEC header."""
from __future__ import annotations

import re
from datetime import date

from dealgraph.loaders.dates import parse_date
from dealgraph.records import Registrant

_NAME = re.compile(r"^(?P<name>[^\n]{2,120})\n+\s*\(?\s*exact name of (?:the )?registrant", re.I | re.M)
_REPORT = re.compile(r"date of report[^:\n]{0,60}:?\s*\(?(?P<date>[A-Za-z]+\.?\s*\d{1,2},?\s*\d{4}|\d{1,2}/\d{1,2}/\d{2,4})",
                     re.I)
_STATE_LINE = re.compile(r"^(?P<line>[^\n]+)\n+\s*\(?\s*state (?:or other )?(?:jurisdiction)?", re.I | re.M)
_FILE_NO = re.compile(r"\b(0\d{2}-\d{4,5}|0-\d{3,6}|\d{3}-\d{5})\b")
_IRS = re.compile(r"\b(\d{2}-\d{7})\b")
_ADDRESS = re.compile(r"^(?P<addr>[^\n]{5,200})\n+\s*\(?\s*address of principal executive offices", re.I | re.M)


def registrant_from_cover(text: str) -> tuple[Registrant, date | None]:
    """Registrant facts and the date of report, read from the first pages of an 8-K."""
    head = text[:20_000]
    name = state = file_number = irs = address = None
    if m := _NAME.search(head):
        name = m.group("name").strip(" \t:")
        if name.lower().startswith(("commission file", "(")):
            name = None
    if m := _STATE_LINE.search(head):
        cells = [c.strip() for c in re.split(r"\t+| {2,}", m.group("line")) if c.strip()]
        joined = " ".join(cells)
        if f := _FILE_NO.search(joined):
            file_number = f.group(1)
        if i := _IRS.search(joined):
            irs = i.group(1)
        words = [c for c in cells if not _FILE_NO.search(c) and not _IRS.search(c)]
        if words and re.fullmatch(r"[A-Za-z .]{3,40}", words[0]):
            state = words[0]
    if m := _ADDRESS.search(head):
        address = m.group("addr").strip()
    report = None
    if m := _REPORT.search(head):
        report = parse_date(m.group("date"))
    return Registrant(name=name, state_of_incorporation=state, file_number=file_number,
                      irs_number=irs, address=address), report
