"""The foundation's verbs: ingest, export, stats, remove, compact, ontology, validate."""
from __future__ import annotations

import contextlib
import json
import os
import sys

import click

from dealgraph.cli.common import is_terminal, main, store_target, user_errors

_LIST_LIMIT = 20  # list each filing's deals when a batch has at most this many files


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes that read and extract filings in parallel.")
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be ingested.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the final summary.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when standard error is a terminal).")
@click.pass_context
def ingest(ctx, paths, jobs, strict, quiet, progress):
    """Ingest filings (files or folders, recursively) into the store.

    Each filing gets its own named graph; ingesting a filing again replaces exactly that graph.
    Files that cannot be read are reported one line each and the batch carries on (exit code 1
    when any failed; --strict stops at the first).

    \b
    Examples:
      dealgraph ingest examples/immunogen_2004-10-06_8-K.txt
      dealgraph --store ~/deals ingest filings/ --jobs 2
    """
    from dealgraph.graph.store import open_store
    from dealgraph.pipeline import iter_files, ingest_paths

    with user_errors():
        store = open_store(store_target(ctx))
        total = sum(1 for _ in iter_files(paths))
        show_deals = not quiet and total <= _LIST_LIMIT
        bar = None
        if progress or (progress is None and is_terminal(sys.stderr) and total > 1):
            from tqdm import tqdm
            bar = tqdm(total=total, unit="filing", file=sys.stderr, dynamic_ncols=True)

        def on_result(result):
            if bar:
                bar.update(1)
            if result.error:
                (bar.write if bar else click.echo)(f"error: {result.error}", file=sys.stderr)
            elif result.warning:
                (bar.write if bar else click.echo)(f"warning: {result.warning}", file=sys.stderr)
            elif show_deals:
                deals = len(result.deals)
                line = f"{result.source}: {deals} deal{'s' if deals != 1 else ''}"
                if result.recalled:
                    line += f" (and {result.recalled} earlier deal{'s' if result.recalled != 1 else ''} recalled)"
                click.echo(line)
                for label in result.deals:
                    click.echo(f"  {label}")

        try:
            report = ingest_paths(store, paths, jobs=jobs, strict=strict, on_result=on_result)
        except KeyboardInterrupt:
            # Each filing is one transaction: what was ingested is complete and stays.
            if bar:
                bar.close()
            with contextlib.suppress(Exception):   # (interrupted while letting a reader in)
                store.close()
            click.echo("Interrupted: the filings ingested so far are stored; run the same command "
                       "again to finish the batch.", err=True)
            sys.exit(130)
        if bar:
            bar.close()
        loaded = report.loaded
        deals = sum(len(r.deals) for r in loaded)
        failed = len(report.failed)
        click.echo(f"Ingested {len(loaded)} filing{'s' if len(loaded) != 1 else ''} "
                   f"({deals} deal{'s' if deals != 1 else ''} disclosed) into {store.location}"
                   + ("; store compacted for faster queries" if report.compacted else "")
                   + (f"; {failed} file{'s' if failed != 1 else ''} failed" if failed else ""),
                   err=bool(quiet and failed))
        store.close()
        if failed:
            sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]),
              default="turtle", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default, or -: standard output).")
@click.option("--include-ontology", is_flag=True, help="Add the ontology's triples.")
@click.pass_context
def export(ctx, fmt, output, include_ontology):
    """Export the graph. Turtle is the union of the filings' graphs; TriG and N-Quads keep one
    named graph per filing. The same store always exports the same bytes.

    \b
    Examples:
      dealgraph export --format turtle --output deals.ttl
      dealgraph export --format nquads > deals.nq
    """
    from dealgraph.graph.export import export as do_export
    from dealgraph.graph.store import open_store

    with user_errors():
        store = open_store(store_target(ctx))
        if output and output != "-":
            tmp = f"{output}.part"   # the output appears whole or not at all
            try:
                with open(tmp, "wb") as fh:
                    do_export(store, fmt, fh, include_ontology=include_ontology)
                os.replace(tmp, output)
            except OSError as exc:
                if os.path.exists(tmp):
                    os.remove(tmp)
                store.close()
                raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
        else:                        # streamed: a large store is never held in memory whole
            do_export(store, fmt, sys.stdout.buffer, include_ontology=include_ontology)
            sys.stdout.flush()
        store.close()


_STATS = """
PREFIX dg: <https://w3id.org/dealgraph/ontology#>
SELECT
  (COUNT(DISTINCT ?filing) AS ?filings)
  (COUNT(DISTINCT ?deal) AS ?deals)
  (COUNT(DISTINCT ?org) AS ?organizations)
  (COUNT(DISTINCT ?person) AS ?people)
WHERE {
  { ?filing a dg:Filing } UNION { ?deal a dg:Deal } UNION { ?org a dg:Organization }
  UNION { ?person a dg:Person }
}"""


@main.command()
@click.option("--per-graph", is_flag=True, help="Also count the triples of each named graph.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def stats(ctx, per_graph, as_json):
    """Count filings, deals, organizations, people and triples in the store.

    \b
    Examples:
      dealgraph stats
      dealgraph stats --per-graph --json
    """
    from dealgraph.graph.store import open_store

    with user_errors():
        store = open_store(store_target(ctx))
        row = next(iter(store.query(_STATS)))
        counts = {k: int(row[k].value) for k in ("filings", "deals", "organizations", "people")}
        filing_graphs = store.filing_graphs()
        counts["triples"] = sum(store.count(g) for g in filing_graphs) if per_graph else \
            store.count() - store.count(_ontology_graph())
        if per_graph:
            counts["graphs"] = {g: store.count(g) for g in store.graph_names()}
        store.close()
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    for key in ("filings", "deals", "organizations", "people", "triples"):
        click.echo(f"{key:<14}{counts[key]:>10,}")
    for graph, n in counts.get("graphs", {}).items():
        click.echo(f"  {n:>10,}  {graph}")


def _ontology_graph() -> str:
    from dealgraph.ontology.namespace import ONTOLOGY_GRAPH
    return str(ONTOLOGY_GRAPH)


# ?key is projected because pyoxigraph only substitutes variables of the SELECT clause.
_FIND_FILING = """
PREFIX dg: <https://w3id.org/dealgraph/ontology#>
SELECT DISTINCT ?g ?key WHERE { GRAPH ?g { ?filing a dg:Filing .
  { ?filing dg:accessionNumber ?key } UNION { ?filing dg:sourceFile ?key } } }"""


@main.command()
@click.argument("filing")
@click.pass_context
def remove(ctx, filing):
    """Remove a filing (by accession number or by the source file it was loaded from).

    \b
    Examples:
      dealgraph remove 0001193125-04-170000
      dealgraph remove examples/immunogen_2004-10-06_8-K.txt
    """
    import pyoxigraph as ox

    from dealgraph.errors import InputError
    from dealgraph.graph.store import open_store

    with user_errors():
        store = open_store(store_target(ctx))
        keys = {filing, os.path.abspath(filing)}
        graphs = set()
        for key in keys:
            for row in store.query(_FIND_FILING, substitutions={"key": ox.Literal(key)}):
                graphs.add(row["g"].value)
        if not graphs:
            store.close()
            raise InputError(filing, "no filing with that accession number or source file in the store")
        for g in sorted(graphs):
            store.remove_graph(g)
            click.echo(f"removed {g}")
        store.close()


@main.command()
@click.pass_context
def compact(ctx):
    """Rewrite the store's files into sorted, non-overlapping ones, for faster queries.

    `load` does this by itself, and so does an `ingest` of 1,000 filings or more that are at
    least half of the store's filings. After many smaller ingests, compacting makes the saved
    queries about 1.2x faster; it takes about 2 s per million triples. Queries wait while it
    runs.

    \b
    Example:
      dealgraph --store ~/deals compact
    """
    import time

    from dealgraph.errors import StoreError
    from dealgraph.graph.store import open_store

    with user_errors():
        store = open_store(store_target(ctx), create=False)
        if not hasattr(store, "compact"):
            store.close()
            raise StoreError(f"{store.location}: a SPARQL server keeps its own files; "
                             "only an on-disk store can be compacted")
        started = time.monotonic()
        try:
            store.compact()
        finally:
            store.close()
    click.echo(f"Compacted {store.location} in {time.monotonic() - started:.1f} s")


@main.command()
@click.option("--shapes", is_flag=True, help="Print the SHACL shapes instead.")
@click.option("--alignment", is_flag=True, help="Print the mappings to schema.org, FIBO, PROV-O and ORG.")
def ontology(shapes, alignment):
    """Print the dealgraph ontology (OWL, Turtle).

    \b
    Examples:
      dealgraph ontology > dealgraph.ttl
      dealgraph ontology --shapes
    """
    from dealgraph.ontology import alignment_graph, ontology_turtle, shapes_graph

    if shapes or alignment:
        click.echo((shapes_graph() if shapes else alignment_graph()).serialize(format="turtle"), nl=False)
    else:
        click.echo(ontology_turtle(), nl=False)


@main.command()
@click.option("--max-violations", type=click.IntRange(0), default=50, show_default=True,
              help="Results to print (all are counted).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when standard error is a terminal).")
@click.pass_context
def validate(ctx, max_violations, progress):
    """Check the stored graph against the SHACL shapes (exit code 1 when it does not conform).

    Each filing's graph is checked on its own, a batch at a time, so memory stays flat however
    large the store is; each result names the filing it was found in.

    \b
    Example:
      dealgraph validate
    """
    from dealgraph.graph.store import open_store
    from dealgraph.graph.validate import validate_store

    with user_errors():
        store = open_store(store_target(ctx), read_only=True)
        graphs = store.filing_graphs()
        bar = None
        if progress or (progress is None and is_terminal(sys.stderr)):
            from tqdm import tqdm
            bar = tqdm(total=len(graphs), unit="filing", file=sys.stderr, dynamic_ncols=True)
        try:
            check = validate_store(store, graphs, keep=max_violations,
                                   on_graphs=bar.update if bar else None)
        finally:
            if bar:
                bar.close()
            store.close()
    checked = (f"{check.triples} triples in {check.graphs} filing{'s' if check.graphs != 1 else ''} "
               "checked against the shapes")
    others = ", ".join(f"{n} {severity.lower()}{'s' if n != 1 else ''}"
                       for severity, n in sorted(check.counts.items()) if severity != "Violation")
    if check.conforms:
        click.echo(f"conforms: {checked}" + (f" ({others})" if others else ""))
    else:
        n = check.counts["Violation"]
        click.echo(f"does not conform: {n} violation{'s' if n != 1 else ''}"
                   + (f", {others}" if others else "") + f"; {checked}")
    for r in check.results:
        v = r.violation
        click.echo(f"  {v.severity}: <{v.focus}>" + (f" {v.path}" if v.path else "")
                   + f": {v.message} (in <{r.graph}>)")
    if len(check.results) < check.total:
        click.echo(f"  … and {check.total - len(check.results)} more (--max-violations)")
    if not check.conforms:
        sys.exit(1)
