"""Fetch filings from SEC EDGAR into a local cache, politely.

    config.py       the User-Agent SEC requires, the base address, the cache folder
    http.py         one rate-limited HTTP client with retries, shared by the whole process
    cache.py        full-submission files keyed by accession number, written atomically
    tickers.py      ticker -> CIK from SEC's company ticker list
    submissions.py  a company's filings from the submissions JSON (recent and older pages)
    search.py       EDGAR full-text search
    items.py        8-K item numbers, old (before August 2004) and new
    fetch.py        the orchestration: find filings, download what is missing, report

Everything here speaks EDGAR's public interfaces as SEC documents them; the CLI command
``dealgraph fetch`` (``dealgraph.cli.fetch``) is a thin layer over :func:`fetch.run`.
"""
from __future__ import annotations

from dealgraph.edgar.errors import (
    EdgarAccessDenied,
    EdgarConfigError,
    EdgarError,
    EdgarHTTPError,
    EdgarNetworkError,
    EdgarNotFound,
)

__all__ = [
    "EdgarAccessDenied",
    "EdgarConfigError",
    "EdgarError",
    "EdgarHTTPError",
    "EdgarNetworkError",
    "EdgarNotFound",
]
