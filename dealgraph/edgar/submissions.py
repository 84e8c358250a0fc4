"""A company's filings from EDGAR's submissions JSON.

``https://data.sec.gov/submissions/CIK##########.json`` describes the company (``name``,
``tickers`` …) and its filings as parallel column arrays in ``filings.recent``
(``accessionNumber``, ``filingDate``, ``reportDate``, ``form``, ``items``, ``primaryDocument`` …,
newest first, at least a year or 1,000 filings).  Older filings are in the pages listed in
``filings.files`` (``{"name": "CIK0000855654-submissions-001.json", "filingCount": …,
"filingFrom": "…", "filingTo": "…"}``), which hold the same columns at their top level.
Pages outside the wanted date range are not downloaded.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from dealgraph.edgar import cache as cache_mod
from dealgraph.edgar.errors import EdgarError, EdgarNotFound
from dealgraph.edgar.http import EdgarClient
from dealgraph.edgar.items import split_items
from dealgraph.edgar.records import Company, FilingRef, Listing, Selection


def parse_date(value: Any) -> date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def rows_from_columns(columns: dict[str, list], cik: int, company: str | None) -> Iterator[FilingRef]:
    """Turn the parallel column arrays into records; rows without accession or date are skipped."""
    accessions = columns.get("accessionNumber") or []
    n = len(accessions)

    def column(name: str) -> list:
        values = columns.get(name) or []
        return list(values) + [None] * (n - len(values))

    filed, report, form = column("filingDate"), column("reportDate"), column("form")
    items, primary = column("items"), column("primaryDocument")
    for i, raw in enumerate(accessions):
        filed_on = parse_date(filed[i])
        if not raw or filed_on is None or not form[i]:
            continue
        try:
            accession = cache_mod.normalize_accession(str(raw))
        except EdgarError:
            continue
        yield FilingRef(accession=accession, cik=cik, form=str(form[i]).strip().upper(),
                        filed=filed_on, report_date=parse_date(report[i]),
                        items=split_items(items[i]), primary_document=primary[i] or None,
                        company=company)


def _page_overlaps(page: dict, selection: Selection) -> bool:
    first, last = parse_date(page.get("filingFrom")), parse_date(page.get("filingTo"))
    if selection.since and last and last < selection.since:
        return False
    if selection.until and first and first > selection.until:
        return False
    return True


def list_filings(client: EdgarClient, cik: int, selection: Selection,
                 company: Company | None = None) -> Listing:
    """The company's filings that ``selection`` wants, newest first, at most ``selection.limit``."""
    try:
        payload = client.get_json(client.endpoints.submissions(cik))
    except EdgarNotFound:
        raise EdgarNotFound(f"EDGAR has no company with CIK {cik}") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("filings"), dict):
        raise EdgarError(f"the submissions JSON for CIK {cik} has an unexpected shape")
    name = payload.get("name") or (company.name if company else None)
    tickers = payload.get("tickers") or []
    company = Company(cik=cik, name=name,
                      ticker=(company.ticker if company and company.ticker else
                              (tickers[0] if tickers else None)))

    found: list[FilingRef] = []
    without_items = 0

    def take(columns: dict) -> bool:
        """Add the wanted rows; True once the limit is reached."""
        nonlocal without_items
        for ref in rows_from_columns(columns, cik, name):
            verdict = selection.judge(ref)
            if verdict == "no-items":
                without_items += 1
            if verdict is None:
                found.append(ref)
        return selection.limit is not None and len(found) >= selection.limit

    filings = payload["filings"]
    full = take(filings.get("recent") or {})
    pages = [p for p in (filings.get("files") or []) if isinstance(p, dict) and p.get("name")]
    # newest pages first, so that --limit can stop early
    pages.sort(key=lambda p: str(p.get("filingTo") or ""), reverse=True)
    for page in pages:
        if full:
            break
        if not _page_overlaps(page, selection):
            continue
        columns = client.get_json(client.endpoints.submissions_page(str(page["name"])))
        if not isinstance(columns, dict):
            raise EdgarError(f"the submissions page {page['name']} has an unexpected shape")
        full = take(columns)

    unique: dict[str, FilingRef] = {}
    for ref in found:
        unique.setdefault(ref.accession, ref)
    ordered = sorted(unique.values(), key=lambda r: (r.filed, r.accession), reverse=True)
    if selection.limit is not None:
        ordered = ordered[:selection.limit]
    return Listing(filings=tuple(ordered), company=company, without_items=without_items)
