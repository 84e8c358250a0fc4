"""dealgraph query and dealgraph queries: saved SPARQL queries and any other."""
from __future__ import annotations

import os
import sys

import click

from dealgraph.cli.common import is_terminal, main, store_target, user_errors


@main.command("query")
@click.argument("query_spec", metavar="QUERY")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query (repeat for several). Bound as an RDF term, never pasted.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              help="Result format (default: table on a terminal, csv otherwise). CONSTRUCT and "
                   "DESCRIBE always give Turtle.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of standard output.")
@click.pass_context
def query_command(ctx, query_spec, params, fmt, output):
    """Run a saved query (by name), a .rq file, or SPARQL text ('-' reads standard input).

    SELECT gives rows (table, W3C CSV/TSV or SPARQL JSON results), ASK true or false,
    CONSTRUCT and DESCRIBE Turtle. The default graph is the union of all filings.

    \b
    Examples:
      dealgraph query deals --param since=2004-01-01
      dealgraph query company --param name="biogen idec" --format json
      dealgraph query 'SELECT (COUNT(*) AS ?n) WHERE { ?d a dg:Deal }'
      dealgraph query my-question.rq --format csv --output answers.csv
    """
    from dealgraph.graph.store import open_store
    from dealgraph.queries import parse_params, resolve, run
    from dealgraph.queries.formats import render

    with user_errors():
        spec = resolve(query_spec, stdin_text=sys.stdin.read() if query_spec == "-" else None)
        values = parse_params(params)
        target = store_target(ctx)
        store = open_store(target, read_only=_existing_local_store(target))
        try:
            result = run(store, spec, values)
        finally:
            store.close()
        text = render(result, fmt or ("table" if output is None and is_terminal() else "csv"))
        if output:
            tmp = f"{output}.part"
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.replace(tmp, output)
        else:
            click.echo(text, nl=not text.endswith("\n"))


@main.command("queries")
def queries_command():
    """List the saved queries, with what they do and their parameters.

    \b
    Example:
      dealgraph queries
    """
    from dealgraph.queries import saved_queries

    for q in saved_queries():
        click.echo(f"{q.name}: {q.description or q.title}")
        for p in q.params:
            click.echo(f"    --param {p.describe()}" + (f": {p.description}" if p.description else ""))


def _existing_local_store(target: str) -> bool:
    return target != "memory" and not target.startswith(("http://", "https://")) and \
        os.path.exists(os.path.join(target, "dealgraph-store.json"))
