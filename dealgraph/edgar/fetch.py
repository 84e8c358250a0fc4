"""From a company (or a full-text search) to its filings in the local cache.

:func:`find` lists the wanted filings (submissions JSON or full-text search); :func:`download`
fetches the full submission of each one that is not cached yet, a few at a time, under the
process-wide rate limit; :func:`run` does both and returns a :class:`FetchReport`.

A filing that cannot be fetched (after the retries) is reported and the others go on; nothing
half-written is ever left under a cached name, so running the same command again fetches only
what is still missing.  A 403 stops the whole run: SEC is refusing us, and insisting makes it
worse.
"""
from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tqdm import tqdm

from dealgraph.edgar.cache import FilingCache
from dealgraph.edgar.config import Endpoints, cache_dir as resolve_cache_dir, resolve_user_agent
from dealgraph.edgar.errors import EdgarAccessDenied, EdgarConfigError, EdgarError
from dealgraph.edgar.http import Cancelled, EdgarClient
from dealgraph.edgar.records import Company, Failure, Fetched, FetchReport, FilingRef, Listing, Selection
from dealgraph.edgar.search import search_filings
from dealgraph.edgar.submissions import list_filings
from dealgraph.edgar.tickers import lookup_ticker

WORKERS = 4


@dataclass(frozen=True)
class Query:
    """Whose filings: a ticker, a CIK, full-text search words, or search words within a company."""

    ticker: str | None = None
    cik: int | None = None
    search: str | None = None

    def __post_init__(self):
        if self.ticker and self.cik is not None:
            raise EdgarConfigError("give either --ticker or --cik, not both")
        if not (self.ticker or self.cik is not None or (self.search and self.search.strip())):
            raise EdgarConfigError("say which filings to fetch: --ticker, --cik or --search")
        if self.cik is not None and self.cik < 1:
            raise EdgarConfigError("--cik must be a positive number")


def find(client: EdgarClient, query: Query, selection: Selection) -> Listing:
    """The filings to fetch, newest first (or best match first for a search)."""
    company: Company | None = None
    if query.ticker:
        company = lookup_ticker(client, query.ticker)
    elif query.cik is not None:
        company = Company(cik=query.cik)
    if query.search and query.search.strip():
        listing = search_filings(client, query.search, selection,
                                 cik=company.cik if company else None)
        return Listing(filings=listing.filings, company=company, without_items=listing.without_items)
    assert company is not None
    return list_filings(client, company.cik, selection, company)


class _Progress:
    """Two bars on stderr: filings and bytes.  A no-op when progress is off."""

    def __init__(self, enabled: bool, total: int, stream=None):
        self._lock = threading.Lock()
        stream = stream or sys.stderr
        self.filings = tqdm(total=total, unit="filing", desc="filings", file=stream,
                            disable=not enabled, position=0, leave=True, dynamic_ncols=True)
        self.bytes = tqdm(total=None, unit="B", unit_scale=True, unit_divisor=1024, desc="bytes",
                          file=stream, disable=not enabled, position=1, leave=True,
                          dynamic_ncols=True)

    def add_bytes(self, n: int) -> None:
        with self._lock:
            self.bytes.update(n)

    def add_filing(self) -> None:
        with self._lock:
            self.filings.update(1)

    def close(self) -> None:
        self.bytes.close()
        self.filings.close()


def download(client: EdgarClient, cache: FilingCache, filings: tuple[FilingRef, ...] | list[FilingRef],
             *, refresh: bool = False, progress: bool = False, workers: int = WORKERS,
             on_done: Callable[[Fetched | Failure], None] | None = None,
             ) -> tuple[tuple[Fetched, ...], tuple[Failure, ...], int]:
    """Fetch every filing not in the cache (all of them with ``refresh``).

    Returns (fetched or reused, failed, bytes downloaded), both in the order of ``filings``.
    Raises :class:`EdgarAccessDenied` (after stopping the other downloads) on a 403, and lets
    KeyboardInterrupt through after the downloads under way have been abandoned cleanly.
    """
    cache.ensure()
    results: dict[str, Fetched | Failure] = {}
    todo: list[FilingRef] = []
    queued: set[str] = set()
    for ref in filings:
        if ref.accession in results or ref.accession in queued:
            continue
        if not refresh and cache.has(ref.accession):
            path = cache.path(ref.accession)
            results[ref.accession] = Fetched(ref, path, downloaded=False, size=path.stat().st_size)
            if on_done:
                on_done(results[ref.accession])
        else:
            todo.append(ref)
            queued.add(ref.accession)

    bar = _Progress(progress and bool(todo), len(todo))
    total_bytes = 0
    lock = threading.Lock()

    def one(ref: FilingRef) -> Fetched | Failure:
        nonlocal total_bytes
        url = client.endpoints.full_submission(ref.cik, ref.accession)
        try:
            with cache.writer(ref.accession) as sink:
                size = client.download(url, sink, on_bytes=bar.add_bytes)
        except (EdgarAccessDenied, Cancelled):
            raise
        except EdgarError as exc:
            outcome: Fetched | Failure = Failure(ref, str(exc))
        except OSError as exc:           # the cache folder, not the network: disk full, ...
            outcome = Failure(ref, f"cannot write to the cache: {exc}")
        else:
            with lock:
                total_bytes += size
            outcome = Fetched(ref, cache.path(ref.accession), downloaded=True, size=size)
        bar.add_filing()
        if on_done:
            on_done(outcome)
        return outcome

    denied: EdgarAccessDenied | None = None
    try:
        if todo:
            with ThreadPoolExecutor(max_workers=max(1, min(workers, len(todo))),
                                    thread_name_prefix="edgar") as pool:
                futures: dict[Future, FilingRef] = {pool.submit(one, ref): ref for ref in todo}
                try:
                    pending = set(futures)
                    while pending:
                        done, pending = wait(pending, timeout=0.5, return_when=FIRST_EXCEPTION)
                        for future in done:
                            exc = future.exception()
                            if isinstance(exc, EdgarAccessDenied):
                                denied = denied or exc
                                client.cancel.set()
                            elif exc is not None and not isinstance(exc, Cancelled):
                                client.cancel.set()
                                raise exc
                            elif exc is None:
                                outcome = future.result()
                                results[outcome.ref.accession] = outcome
                except BaseException:
                    client.cancel.set()
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    finally:
        bar.close()
    if denied is not None:
        raise denied

    ordered = [results[ref.accession] for ref in filings if ref.accession in results]
    seen: set[str] = set()
    fetched: list[Fetched] = []
    failed: list[Failure] = []
    for outcome in ordered:
        if outcome.ref.accession in seen:
            continue
        seen.add(outcome.ref.accession)
        (fetched if isinstance(outcome, Fetched) else failed).append(outcome)
    return tuple(fetched), tuple(failed), total_bytes


def run(query: Query, selection: Selection, *, user_agent: str | None = None,
        cache: str | os.PathLike | None = None, refresh: bool = False, progress: bool = False,
        workers: int = WORKERS, dry_run: bool = False, client: EdgarClient | None = None,
        on_done: Callable[[Fetched | Failure], None] | None = None) -> FetchReport:
    """Find the filings and bring every one of them into the cache."""
    if client is None:
        client = EdgarClient(resolve_user_agent(user_agent), Endpoints.from_env())
    store = FilingCache(resolve_cache_dir(cache))
    listing = find(client, query, selection)
    if dry_run:
        return FetchReport(listing=listing, requests=client.requests, retries=client.retries)
    store.ensure()
    swept = store.sweep()
    fetched, failed, nbytes = download(client, store, listing.filings, refresh=refresh,
                                       progress=progress, workers=workers, on_done=on_done)
    return FetchReport(listing=listing, fetched=fetched, failed=failed, bytes_downloaded=nbytes,
                       requests=client.requests, retries=client.retries, swept=swept)


def cached_paths(root: str | os.PathLike) -> list[Path]:
    """Every complete filing in a cache folder (``.part`` files excluded)."""
    base = Path(root)
    return sorted(p for p in base.glob("*/*.txt") if not p.name.startswith("."))
