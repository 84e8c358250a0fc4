"""What the EDGAR modules pass around: plain frozen records, no HTTP, no files."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dealgraph.edgar import items as item_numbers
from dealgraph.edgar.errors import EdgarConfigError

# what --form accepts, and the EDGAR form types each one covers (the small-business and
# pre-2003 variants of the annual and quarterly reports included)
FORM_FAMILIES: dict[str, tuple[str, ...]] = {
    "8-K": ("8-K",),
    "8-K/A": ("8-K/A",),
    "10-K": ("10-K", "10-K405", "10-KSB", "10-KT"),
    "10-Q": ("10-Q", "10-QSB", "10-QT"),
}
EIGHT_K = frozenset({"8-K", "8-K/A"})


@dataclass(frozen=True)
class Company:
    cik: int
    name: str | None = None
    ticker: str | None = None


@dataclass(frozen=True)
class FilingRef:
    """One filing as EDGAR's indexes describe it, before anything is downloaded."""

    accession: str                     # "0001193125-10-123456"
    cik: int                           # the filer whose Archives folder holds it
    form: str                          # "8-K", "8-K/A", "10-K" ...
    filed: date
    report_date: date | None = None
    items: tuple[str, ...] = ()        # "1.01", "9.01"; old style "5", "7"; () when unknown
    primary_document: str | None = None
    company: str | None = None


@dataclass(frozen=True)
class Selection:
    """Which filings to fetch: forms, 8-K items, a filing-date range, how many at most."""

    forms: tuple[str, ...] = ("8-K",)
    items: frozenset[str] = frozenset()         # new-style numbers, see items.parse_items
    since: date | None = None
    until: date | None = None
    limit: int | None = None

    def __post_init__(self):
        unknown = [f for f in self.forms if f not in FORM_FAMILIES]
        if unknown or not self.forms:
            raise EdgarConfigError(f"--form must be one of {', '.join(FORM_FAMILIES)}, not "
                                   f"{', '.join(unknown) or 'nothing'}")
        if self.since and self.until and self.since > self.until:
            raise EdgarConfigError(f"--since {self.since} is after --until {self.until}")
        if self.limit is not None and self.limit < 1:
            raise EdgarConfigError("--limit must be at least 1")

    @property
    def edgar_forms(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for family in self.forms:
            for form in FORM_FAMILIES[family]:
                seen[form] = None
        return tuple(seen)

    def in_range(self, filed: date) -> bool:
        return not ((self.since and filed < self.since) or (self.until and filed > self.until))

    def judge(self, ref: FilingRef) -> str | None:
        """None when ``ref`` is wanted, else why not: "form", "date", "items", "no-items"."""
        if ref.form.upper() not in self.edgar_forms:
            return "form"
        if not self.in_range(ref.filed):
            return "date"
        if self.items and ref.form.upper() in EIGHT_K:
            if not ref.items:
                return "no-items"
            if not item_numbers.matches(ref.items, self.items):
                return "items"
        return None


@dataclass(frozen=True)
class Listing:
    """The filings a query found, newest (or most relevant) first."""

    filings: tuple[FilingRef, ...]
    company: Company | None = None
    without_items: int = 0             # 8-Ks left out because EDGAR records no items for them


@dataclass(frozen=True)
class Fetched:
    ref: FilingRef
    path: Path
    downloaded: bool                   # False when it came from the cache
    size: int


@dataclass(frozen=True)
class Failure:
    ref: FilingRef
    reason: str


@dataclass(frozen=True)
class FetchReport:
    listing: Listing
    fetched: tuple[Fetched, ...] = ()
    failed: tuple[Failure, ...] = ()
    bytes_downloaded: int = 0
    requests: int = 0
    retries: int = 0
    swept: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def paths(self) -> list[Path]:
        return [f.path for f in self.fetched]

    @property
    def downloaded(self) -> tuple[Fetched, ...]:
        return tuple(f for f in self.fetched if f.downloaded)

    @property
    def from_cache(self) -> tuple[Fetched, ...]:
        return tuple(f for f in self.fetched if not f.downloaded)
