"""Batch verbs: ``extract`` (the map step alone, to N-Quads) and ``load`` (bulk-load them)."""
from __future__ import annotations

import sys

import click

from dealgraph.cli.common import is_terminal, main, store_target, user_errors


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--output", "-o", required=True, metavar="FILE",
              help="N-Quads file to write ('-' for standard output; a name ending in .gz is gzipped).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes that read and extract filings in parallel.")
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read (no output written).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when standard error is a terminal).")
def extract(paths, output, jobs, strict, progress):
    """Read and extract filings without a store: write their graphs as N-Quads, one named graph
    per filing, for `dealgraph load` to bulk-load later (or any RDF store).

    Shards of a big batch can run in parallel anywhere a command runs; the output file
    appears only when complete. Files that cannot be read are reported one line each (exit
    code 1 when any failed).

    \b
    Examples:
      dealgraph extract filings/2004/ --output 2004.nq --jobs 2
      ls -d filings/*/ | xargs -P 4 -I{} sh -c 'dealgraph extract {} -o shards/$(basename {}).nq'
      dealgraph load shards/*.nq
    """
    from dealgraph.graph.bulk import extract_files
    from dealgraph.pipeline import iter_files

    to_stdout = output == "-"
    with user_errors():
        bar = None
        if progress or (progress is None and is_terminal(sys.stderr)):
            from tqdm import tqdm
            bar = tqdm(total=sum(1 for _ in iter_files(paths)), unit="filing", file=sys.stderr,
                       dynamic_ncols=True)

        def on_result(result):
            if bar:
                bar.update(1)
            if result.error:
                (bar.write if bar else click.echo)(f"error: {result.error}", file=sys.stderr)

        report = extract_files(paths, output, jobs=jobs, strict=strict, on_result=on_result)
        if bar:
            bar.close()
    loaded, failed = report.loaded, len(report.failed)
    triples = sum(r.triples for r in loaded)
    deals = sum(len(r.deals) for r in loaded)
    if strict and failed:
        click.echo("Stopped at the first file that could not be read; nothing written", err=True)
        sys.exit(1)
    click.echo(f"Extracted {len(loaded)} filing{'s' if len(loaded) != 1 else ''} "
               f"({deals} deal{'s' if deals != 1 else ''}, {triples} triples) into "
               f"{'standard output' if to_stdout else output}"
               + (f"; {failed} file{'s' if failed != 1 else ''} failed" if failed else ""),
               err=to_stdout)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--fast", is_flag=True,
              help="Embedded store only: Oxigraph's bulk loader, several times quicker but not "
                   "atomic per filing (a crash can leave a file partly loaded; load it again).")
@click.pass_context
def load(ctx, files, fast):
    """Bulk-load N-Quads files (from `dealgraph extract`) into the store: each filing's graph
    replaces the one stored.

    Every file is checked completely before anything is written: a damaged file stops the
    load with its name and line, and the store is unchanged. Then each filing's graph is
    replaced atomically (with --fast: file by file, without a transaction). Last, the
    store's files are compacted, which makes queries on a freshly loaded store several
    times faster.

    \b
    Examples:
      dealgraph load facts.nq
      dealgraph --store ~/deals load shards/*.nq.gz --fast
    """
    from dealgraph.graph.bulk import load_files
    from dealgraph.graph.store import open_store

    with user_errors():
        store = open_store(store_target(ctx))
        try:
            report = load_files(store, files, fast=fast)
        finally:
            store.close()
    click.echo(f"Loaded {report.graphs} graph{'s' if report.graphs != 1 else ''} ({report.quads} quads) "
               f"from {len(report.files)} file{'s' if len(report.files) != 1 else ''} into {store.location}")
