"""Calendar dates as filings write them, and EDGAR's compact YYYYMMDD."""
from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_MDY = re.compile(r"([A-Za-z]{3,9})\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})")
_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_COMPACT = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """'October 1, 2004', 'July27, 2017', '1st October 2004', '10/01/04', '20041001' → date."""
    text = text.strip()
    if m := _MDY.fullmatch(text):
        month = MONTHS.get(m.group(1).lower())
        return _make(int(m.group(3)), month, int(m.group(2))) if month else None
    if m := _DMY.fullmatch(text):
        month = MONTHS.get(m.group(2).lower())
        return _make(int(m.group(3)), month, int(m.group(1))) if month else None
    if m := _NUMERIC.fullmatch(text):
        year = int(m.group(3))
        if year < 100:
            year += 2000 if year < 50 else 1900
        return _make(year, int(m.group(1)), int(m.group(2)))
    if m := _COMPACT.fullmatch(text):
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None
