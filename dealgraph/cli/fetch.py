"""``dealgraph fetch``: filings from SEC EDGAR into the local cache and, with --ingest, the graph."""
from __future__ import annotations

import sys
from datetime import date, datetime

import click

from dealgraph.cli.common import is_terminal, main, store_target, user_errors
from dealgraph.edgar import config as edgar_config
from dealgraph.edgar import fetch as edgar_fetch
from dealgraph.edgar.errors import EdgarConfigError
from dealgraph.edgar.items import parse_items
from dealgraph.edgar.records import FORM_FAMILIES, Failure, FetchReport, Selection


def _day(ctx, param, value: datetime | None) -> date | None:
    return value.date() if value else None


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def _summary(report: FetchReport) -> str:
    listing = report.listing
    parts = [f"{len(listing.filings)} filing(s) selected"]
    if report.downloaded:
        parts.append(f"{len(report.downloaded)} downloaded ({_size(report.bytes_downloaded)})")
    if report.from_cache:
        parts.append(f"{len(report.from_cache)} already in the cache")
    if report.failed:
        parts.append(f"{len(report.failed)} failed")
    return ", ".join(parts)


@main.command("fetch")
@click.option("--ticker", metavar="TICKER", help="The company's ticker, e.g. IMGN (current tickers only).")
@click.option("--cik", type=click.IntRange(min=1), metavar="CIK",
              help="The company's Central Index Key, e.g. 855654.")
@click.option("--search", "search_text", metavar="WORDS",
              help="EDGAR full-text search (filings since 2001); put a phrase in double quotes. "
                   "With --ticker/--cik, searches that company's filings only.")
@click.option("--form", "forms", multiple=True, metavar="FORM",
              type=click.Choice(list(FORM_FAMILIES), case_sensitive=False),
              help="8-K, 8-K/A, 10-K or 10-Q; repeat for several (default: 8-K).")
@click.option("--items", "items", multiple=True, metavar="ITEMS",
              help="Only 8-Ks with one of these items, e.g. 1.01 or 1.01,2.01; old numbers (before "
                   "August 2004, such as 5 or 7) and new ones are matched with each other.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), callback=_day, metavar="YYYY-MM-DD",
              help="Filed on or after this day.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), callback=_day, metavar="YYYY-MM-DD",
              help="Filed on or before this day.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N",
              help="At most N filings (the newest, or the best matches of a search).")
@click.option("--cache", "cache_dir", metavar="DIR", envvar=edgar_config.CACHE_ENV,
              help="Where downloaded filings are kept (also DEALGRAPH_CACHE; default "
                   "$XDG_CACHE_HOME/dealgraph/edgar, i.e. ~/.cache/dealgraph/edgar).")
@click.option("--refresh", is_flag=True, help="Download again even what is already in the cache.")
@click.option("--ingest", is_flag=True, help="Then read the filings into the graph (see --store).")
@click.option("--user-agent", metavar="'NAME EMAIL'",
              help="Who you are, as SEC requires: your name and e-mail address (also "
                   "DEALGRAPH_USER_AGENT, or user_agent in ~/.config/dealgraph/config.toml).")
@click.option("--dry-run", is_flag=True, help="List the filings that would be fetched; download nothing.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bars on stderr (default: when stderr is a terminal).")
@click.pass_context
def fetch(ctx: click.Context, ticker, cik, search_text, forms, items, since, until, limit, cache_dir,
          refresh, ingest, user_agent, dry_run, progress):
    """Fetch filings from SEC EDGAR: full submissions (primary document and exhibits).

    Filings are kept in a local cache, one file per accession number, and never downloaded
    twice (unless --refresh).  An interrupted run can simply be started again: it fetches only
    what is still missing.  With --ingest they are then read into the graph.

    SEC asks every client for a User-Agent with your name and e-mail address, and for no more
    than 10 requests per second; dealgraph keeps to both.

    \b
    Examples:
      dealgraph fetch --ticker IMGN --form 8-K --since 2004-01-01 --ingest
      dealgraph fetch --cik 855654 --items 1.01 --until 2010-12-31
      dealgraph fetch --search "license agreement upfront" --form 8-K --since 2020-01-01
      dealgraph fetch --cik 855654 --items 1.01,8.01 --dry-run
      DEALGRAPH_USER_AGENT="Jane Doe jane.doe@example.com" dealgraph fetch --ticker MRNA --limit 5

    Prints the path of each fetched filing on stdout, one per line.  Exit code 0 when every
    filing was fetched, 1 when some could not be (run the command again to retry them), 2 for a
    usage error such as a missing User-Agent.
    """
    if progress is None:
        progress = is_terminal(sys.stderr)
    with user_errors():
        query = edgar_fetch.Query(ticker=ticker, cik=cik, search=search_text)
        selection = Selection(forms=tuple(f.upper() for f in forms) or ("8-K",),
                              items=parse_items(items), since=since, until=until, limit=limit)
        if dry_run and ingest:
            raise EdgarConfigError("--dry-run and --ingest do not go together")

        report = edgar_fetch.run(query, selection, user_agent=user_agent, cache=cache_dir,
                                 refresh=refresh, progress=progress, dry_run=dry_run)
        listing = report.listing
        if listing.without_items:
            click.echo(f"note: {listing.without_items} 8-K(s) left out because EDGAR records no "
                       f"items for them (typically filings from before 2004)", err=True)
        if dry_run:
            for ref in listing.filings:
                click.echo("\t".join([ref.accession, ref.form, ref.filed.isoformat(),
                                      ",".join(ref.items) or "-", ref.company or str(ref.cik)]))
            click.echo(f"{len(listing.filings)} filing(s) would be fetched", err=True)
            return

        for fetched in report.fetched:
            click.echo(str(fetched.path))
        click.echo(_summary(report), err=True)
        for failure in report.failed:
            _echo_failure(failure)

        ingested_all = _ingest(ctx, report, progress) if ingest and report.fetched else True
        if report.failed:
            click.echo("Error: some filings could not be fetched; run the same command again to "
                       "fetch only those", err=True)
            sys.exit(1)
        if not ingested_all:
            sys.exit(1)


def _echo_failure(failure: Failure) -> None:
    ref = failure.ref
    click.echo(f"failed: {ref.accession} ({ref.form}, filed {ref.filed}): {failure.reason}", err=True)


def _ingest(ctx: click.Context, report: FetchReport, progress: bool) -> bool:
    """Read the fetched filings into the store; False when some could not be ingested."""
    from tqdm import tqdm

    from dealgraph.graph.store import open_store
    from dealgraph.pipeline import ingest_paths

    paths = [str(p) for p in report.paths]
    store = open_store(store_target(ctx))
    bar = tqdm(total=len(paths), unit="filing", desc="ingesting", file=sys.stderr,
               disable=not progress, dynamic_ncols=True)

    def on_result(result) -> None:
        bar.update(1)
        if result.error:
            if progress:
                bar.write(f"error: {result.error}", file=sys.stderr)
            else:
                click.echo(f"error: {result.error}", err=True)

    try:
        ingested = ingest_paths(store, paths, on_result=on_result)
    finally:
        bar.close()
        store.close()
    loaded, failed = ingested.loaded, ingested.failed
    deals = sum(len(r.deals) for r in loaded)
    click.echo(f"Ingested {len(loaded)} filing(s) ({deals} deal(s) disclosed) into {store.location}"
               + (f"; {len(failed)} could not be ingested" if failed else ""), err=True)
    return not failed
