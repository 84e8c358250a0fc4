"""8-K item numbers: the current "Item 1.01" numbering and the pre-August-2004 "Item 5/Item 7"."""
from __future__ import annotations

import re

# Titles as they appear in SEC headers ("ITEM INFORMATION:") and in the Items list of Form 8-K.
ITEM_TITLES = {
    "1.01": "Entry into a Material Definitive Agreement",
    "1.02": "Termination of a Material Definitive Agreement",
    "1.03": "Bankruptcy or Receivership",
    "1.04": "Mine Safety",
    "1.05": "Material Cybersecurity Incidents",
    "2.01": "Completion of Acquisition or Disposition of Assets",
    "2.02": "Results of Operations and Financial Condition",
    "2.03": "Creation of a Direct Financial Obligation",
    "2.04": "Triggering Events That Accelerate or Increase a Direct Financial Obligation",
    "2.05": "Costs Associated with Exit or Disposal Activities",
    "2.06": "Material Impairments",
    "3.01": "Notice of Delisting or Failure to Satisfy a Continued Listing Rule",
    "3.02": "Unregistered Sales of Equity Securities",
    "3.03": "Material Modification to Rights of Security Holders",
    "4.01": "Changes in Registrant's Certifying Accountant",
    "4.02": "Non-Reliance on Previously Issued Financial Statements",
    "5.01": "Changes in Control of Registrant",
    "5.02": "Departure of Directors or Certain Officers",
    "5.03": "Amendments to Articles of Incorporation or Bylaws",
    "5.04": "Temporary Suspension of Trading Under Registrant's Employee Benefit Plans",
    "5.05": "Amendments to the Registrant's Code of Ethics",
    "5.06": "Change in Shell Company Status",
    "5.07": "Submission of Matters to a Vote of Security Holders",
    "5.08": "Shareholder Director Nominations",
    "6.01": "ABS Informational and Computational Material",
    "7.01": "Regulation FD Disclosure",
    "8.01": "Other Events",
    "9.01": "Financial Statements and Exhibits",
}
_TITLE_KEYS = {re.sub(r"[^a-z]", "", t.lower())[:24]: n for n, t in ITEM_TITLES.items()}

_HEADING = re.compile(r"^\s*item\s*(\d{1,2}(?:\.\d{1,2})?)\b\.?", re.IGNORECASE | re.MULTILINE)


def _canonical(number: str) -> str:
    if "." in number:
        major, minor = number.split(".")
        return f"{int(major)}.{int(minor):02d}"
    return str(int(number))


def items_from_text(text: str) -> tuple[str, ...]:
    """Item numbers of the headings in an 8-K body ("1.01", or "5" in old filings), in order."""
    seen: list[str] = []
    for m in _HEADING.finditer(text):
        number = _canonical(m.group(1))
        if number not in seen:
            seen.append(number)
    return tuple(seen)


def items_from_titles(titles: list[str]) -> tuple[str, ...]:
    """Item numbers from the titles an SEC header lists ("Other Events", …)."""
    found: list[str] = []
    for title in titles:
        key = re.sub(r"[^a-z]", "", title.lower())[:24]
        for known, number in _TITLE_KEYS.items():
            if key and (key.startswith(known[:16]) or known.startswith(key[:16])) and number not in found:
                found.append(number)
    return tuple(found)
