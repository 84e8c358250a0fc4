"""Calendar dates in running text, with their offsets.

Reads "October 1, 2004", "Oct. 1, 2004", "July27, 2017" (a lost space), "1 October 2004",
"1st October 2004", "1st of October, 2004", "10/01/04" and "10/01/2004" (US order, month first),
"2004-10-01", "2022/02/22", "20250213" (EDGAR's compact form), "10-02-2025" and "10.02.2025"
(day first, the European order these separators signal).  A month and year without a day
("December 2014") is kept as a partial date: it places an event in time but is never used as a
deal's date.  "June , 2010" — a day left blank in an unsigned contract — gives no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dealgraph.loaders.extract.fastre import gated

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_DATES = re.compile(
    rf"(?<![A-Za-z])(?P<m1>{_MONTH})\.?\s{{0,2}}(?P<d1>\d{{1,2}})(?:st|nd|rd|"
    rf"th)?(?!\d)(?:\s{{0,2}},\s{{0,2}}|\s{{1,2}})(?P<y1>(?:19|20)\d\d)(?!\d)"
    rf"|(?<![\w/.-])(?P<d2>\d{{1,2}})(?:st|nd|rd|"
    rf"th)?\s{{1,2}}(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s{{1,2}}(?P<y2>(?:19|20)\d\d)(?!\d)"
    rf"|(?<![\w/.-])(?P<m3>\d{{1,2}})/(?P<d3>\d{{1,2}})/(?P<y3>(?:19|20)\d\d|\d\d)(?![\d/])"
    rf"|(?<![\w/.-])(?P<y4>(?:19|20)\d\d)(?P<sep4>[-/])(?P<m4>\d{{1,2}})(?P=sep4)(?P<d4>\d{{1,2}})(?![\d/-])"
    rf"|(?<![\w.-])(?P<d5>\d{{1,2}})(?P<sep5>[-.])(?P<m5>\d{{1,2}})(?P=sep5)(?P<y5>(?:19|20)\d\d)(?![\d.-]\d)"
    rf"|(?<![\w.-])(?P<y6>(?:19|20)\d\d)(?P<m6>0[1-9]|1[0-2])(?P<d6>0[1-9]|[12]\d|3[01])(?!\d)"
    rf"|(?<![A-Za-z])(?P<m7>{_MONTH})\.?,?\s{{1,2}}(?P<y7>(?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
_DATES = gated(_DATES)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: date | None  # None for a month and year without a day
    year: int
    month: int | None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMention]:
    """Every date (and month-year) in ``text``, left to right."""
    out = []
    for m in _DATES.finditer(text):
        g = m.groupdict()
        value = None
        if g["m1"]:
            month, day, year = MONTHS[g["m1"].lower().rstrip(".")], int(g["d1"]), int(g["y1"])
        elif g["m2"]:
            month, day, year = MONTHS[g["m2"].lower().rstrip(".")], int(g["d2"]), int(g["y2"])
        elif g["m3"]:
            month, day, year = int(g["m3"]), int(g["d3"]), int(g["y3"])
            if year < 100:
                year += 2000 if year < 50 else 1900
        elif g["y4"]:
            month, day, year = int(g["m4"]), int(g["d4"]), int(g["y4"])
        elif g["d5"]:
            month, day, year = int(g["m5"]), int(g["d5"]), int(g["y5"])
        elif g["y6"]:
            month, day, year = int(g["m6"]), int(g["d6"]), int(g["y6"])
        else:
            month, year = MONTHS[g["m7"].lower().rstrip(".")], int(g["y7"])
            if g["m7"].lower() == "may" and not m.group(0)[0].isupper():
                continue  # "may 2025" is not a month
            out.append(DateMention(m.start(), m.end(), m.group(0), None, year, month))
            continue
        value = _make(year, month, day)
        if value is None:
            continue
        out.append(DateMention(m.start(), m.end(), m.group(0), value, year, month))
    return out


def first_date(text: str) -> date | None:
    for d in find_dates(text):
        if d.value:
            return d.value
    return None
