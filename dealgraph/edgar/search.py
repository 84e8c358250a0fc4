"""EDGAR full-text search (filings since 2001): https://efts.sec.gov/LATEST/search-index.

Query string: ``q`` (the words; a phrase in double quotes), ``forms`` (comma-separated),
``dateRange=custom`` with ``startdt``/``enddt``, ``ciks`` (ten digits) and ``from`` to page.
The answer is Elasticsearch-shaped: ``hits.total.value`` and ``hits.hits[]``, one hit per
*document* (the 8-K and its EX-99.1 are two hits), each with ``_id`` "<accession>:<file name>"
and ``_source`` {``adsh``, ``ciks``, ``display_names``, ``form``, ``root_forms``, ``file_date``,
``period_ending``, ``items`` …}.  Hits are folded into one record per filing, in the order of the
best-ranked document.
"""
from __future__ import annotations

import re
from datetime import date

from dealgraph.edgar import cache as cache_mod
from dealgraph.edgar.errors import EdgarError
from dealgraph.edgar.http import EdgarClient
from dealgraph.edgar.items import split_items
from dealgraph.edgar.records import FilingRef, Listing, Selection
from dealgraph.edgar.submissions import parse_date

PAGE_SIZE = 100            # hits per answer
MAX_OFFSET = 10_000        # the index does not page deeper than this
FIRST_DAY = date(2001, 1, 1)

_CIK_SUFFIX = re.compile(r"\s*\(CIK\s*\d+\)\s*$")
_TICKER_SUFFIX = re.compile(r"\s*\([A-Z0-9.,\- ]+\)\s*$")


def company_name(display_name: str | None) -> str | None:
    """``"ImmunoGen, Inc.  (IMGN)  (CIK 0000855654)"`` -> ``"ImmunoGen, Inc."``."""
    if not display_name:
        return None
    name = _CIK_SUFFIX.sub("", display_name)
    name = _TICKER_SUFFIX.sub("", name)
    return " ".join(name.split()) or None


def params_for(text: str, selection: Selection, cik: int | None = None,
               offset: int = 0, today: date | None = None) -> dict[str, str]:
    params = {"q": text, "forms": ",".join(selection.edgar_forms)}
    if selection.since or selection.until:
        params["dateRange"] = "custom"
        params["startdt"] = (selection.since or FIRST_DAY).isoformat()
        params["enddt"] = (selection.until or today or date.today()).isoformat()
    if cik is not None:
        params["ciks"] = f"{cik:010d}"
    if offset:
        params["from"] = str(offset)
    return params


def hit_to_ref(hit: dict) -> FilingRef | None:
    source = hit.get("_source") or {}
    raw = source.get("adsh") or str(hit.get("_id", "")).split(":", 1)[0]
    try:
        accession = cache_mod.normalize_accession(str(raw))
    except EdgarError:
        return None
    filed = parse_date(source.get("file_date"))
    ciks = source.get("ciks") or []
    form = source.get("form") or (source.get("root_forms") or [None])[0]
    if filed is None or not ciks or not form:
        return None
    try:
        cik = int(str(ciks[0]))
    except ValueError:
        return None
    names = source.get("display_names") or []
    document = str(hit.get("_id", "")).split(":", 1)[1] if ":" in str(hit.get("_id", "")) else None
    return FilingRef(accession=accession, cik=cik, form=str(form).strip().upper(), filed=filed,
                     report_date=parse_date(source.get("period_ending")),
                     items=split_items(source.get("items")),
                     primary_document=document if source.get("file_type") == form else None,
                     company=company_name(names[0] if names else None))


def search_filings(client: EdgarClient, text: str, selection: Selection,
                   cik: int | None = None) -> Listing:
    """Filings whose text matches ``text``, best match first, at most ``selection.limit``."""
    if not text or not text.strip():
        raise EdgarError("--search needs some words to look for")
    found: dict[str, FilingRef] = {}
    without_items: set[str] = set()
    offset = 0
    while offset < MAX_OFFSET:
        payload = client.get_json(client.endpoints.full_text_search(),
                                  params_for(text.strip(), selection, cik, offset))
        hits_block = payload.get("hits") if isinstance(payload, dict) else None
        if not isinstance(hits_block, dict):
            raise EdgarError("EDGAR full-text search sent an answer of an unexpected shape")
        hits = hits_block.get("hits") or []
        total = hits_block.get("total") or {}
        total = total.get("value", 0) if isinstance(total, dict) else int(total or 0)
        for hit in hits:
            ref = hit_to_ref(hit)
            if ref is None or ref.accession in found:
                continue
            verdict = selection.judge(ref)
            if verdict == "no-items":
                without_items.add(ref.accession)
            if verdict is None:
                found[ref.accession] = ref
                if selection.limit is not None and len(found) >= selection.limit:
                    return Listing(filings=tuple(found.values()), without_items=len(without_items))
        offset += len(hits)
        if not hits or offset >= total:
            break
    return Listing(filings=tuple(found.values()), without_items=len(without_items))
