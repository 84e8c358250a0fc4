"""The click group, the ``--store`` option and the helpers every command shares."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import click

from dealgraph.errors import DealgraphError

DEFAULT_STORE = "dealgraph-store"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_target", envvar="DEALGRAPH_STORE", default=DEFAULT_STORE,
              show_default=True, metavar="PATH_OR_URL",
              help="Where the graph lives: a folder (created on first use), 'memory', or a SPARQL "
                   "endpoint URL. Also read from DEALGRAPH_STORE.")
@click.version_option(package_name="dealgraph")
@click.pass_context
def main(ctx: click.Context, store_target: str) -> None:
    """dealgraph: a knowledge graph of biotech deals read from SEC filings.

    \b
    Example:
      dealgraph ingest filings/
      dealgraph export --format turtle --output deals.ttl
    """
    ctx.obj = {"store": store_target}


@contextmanager
def user_errors():
    """Turn dealgraph's own errors into a one-line message and the error's exit code."""
    try:
        yield
    except DealgraphError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)


def store_target(ctx: click.Context) -> str:
    return ctx.obj["store"]


def is_terminal(stream=None) -> bool:
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"
