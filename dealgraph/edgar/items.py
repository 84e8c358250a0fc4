"""8-K item numbers, before and after SEC renumbered them (effective 23 August 2004).

Filings since then carry items such as ``1.01`` (entry into a material definitive agreement) and
``9.01`` (financial statements and exhibits); older 8-Ks used whole numbers (``5`` other events,
``7`` financial statements and exhibits).  Both sides of a comparison are brought to the new
numbering, so ``--items 9.01`` also finds an old filing with item 7, and ``--items 5`` finds new
filings with item 8.01.

Before August 2004 there was no item for material agreements: companies announced deals under
Item 5 (other events), so ``--items 1.01,8.01`` covers both eras.
"""
from __future__ import annotations

import re

from dealgraph.edgar.errors import EdgarConfigError

# old 8-K item -> the item that took its place in August 2004
OLD_TO_NEW = {
    "1": "5.01",    # changes in control of registrant
    "2": "2.01",    # acquisition or disposition of assets
    "3": "1.03",    # bankruptcy or receivership
    "4": "4.01",    # changes in registrant's certifying accountant
    "5": "8.01",    # other events
    "6": "5.02",    # resignations of registrant's directors
    "7": "9.01",    # financial statements and exhibits
    "8": "5.03",    # change in fiscal year
    "9": "7.01",    # regulation FD disclosure
    "10": "5.05",   # amendments to / waivers of the code of ethics
    "11": "5.04",   # temporary suspension of trading under employee benefit plans
    "12": "2.02",   # results of operations and financial condition
}

NEW_ITEMS = {
    "1.01", "1.02", "1.03", "1.04", "1.05", "2.01", "2.02", "2.03", "2.04", "2.05", "2.06",
    "3.01", "3.02", "3.03", "4.01", "4.02", "5.01", "5.02", "5.03", "5.04", "5.05", "5.06",
    "5.07", "5.08", "6.01", "6.02", "6.03", "6.04", "6.05", "6.10", "7.01", "8.01", "9.01",
}

_ITEM = re.compile(r"^(?:item\s*)?(\d{1,2})(?:\.(\d{1,2}))?$", re.IGNORECASE)


def canonical(item: str) -> str | None:
    """The new-style number for an item written either way; None when it is not an item."""
    match = _ITEM.match(item.strip())
    if not match:
        return None
    major, minor = match.group(1).lstrip("0") or "0", match.group(2)
    if minor is None:
        return OLD_TO_NEW.get(major)
    return f"{major}.{int(minor):02d}"


def parse_items(values: tuple[str, ...] | list[str]) -> frozenset[str]:
    """``--items`` values (repeatable, comma-separated) as a set of new-style numbers."""
    wanted: set[str] = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            item = canonical(part)
            if item is None or item not in NEW_ITEMS:
                raise EdgarConfigError(
                    f"--items: {part!r} is not an 8-K item; use numbers such as 1.01, 2.01, 8.01 "
                    f"(or the pre-2004 ones such as 2, 5, 7)")
            wanted.add(item)
    return frozenset(wanted)


def split_items(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """A filing's items as EDGAR gives them ("1.01,9.01" or a list) as a tuple of strings."""
    if not value:
        return ()
    parts = value.split(",") if isinstance(value, str) else list(value)
    return tuple(p.strip() for p in parts if p and p.strip())


def matches(filing_items: tuple[str, ...], wanted: frozenset[str]) -> bool:
    """True when one of the filing's items (old or new numbering) is among ``wanted``."""
    return any(canonical(item) in wanted for item in filing_items)
