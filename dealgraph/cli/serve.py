"""``dealgraph serve``: the store as a SPARQL endpoint, with a page to explore it."""
from __future__ import annotations

import logging
import signal
import sys

import click

from dealgraph.cli.common import main, store_target, user_errors


def _stop(signum, frame):
    raise SystemExit(0)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address exposes the store to "
                   "the network (a warning is printed).")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port; the address is printed).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              metavar="SECONDS", help="Time limit of one request; a query past it is stopped and "
                                      "the client gets HTTP 503.")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL updates (refused with HTTP 403 by default).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes that run queries in parallel  [default: one per CPU, 4 to 8]")
@click.option("--verbose", "-v", is_flag=True, help="Log every request to standard error.")
@click.pass_context
def serve(ctx, host, port, timeout, allow_update, workers, verbose):
    """Serve the store over HTTP: a W3C SPARQL 1.1 endpoint and a page to explore it.

    The page (/) has a query editor, the saved queries with their parameters, a result table
    and the interactive graph of a result; it loads nothing from the internet. Any SPARQL client
    can use the endpoint (/sparql; graphs at /store?graph=IRI). Results come as JSON, XML, CSV
    or TSV, graphs as Turtle, JSON-LD, N-Triples or RDF/XML, by the Accept header or format=.

    The store stays usable: 'dealgraph ingest' can write to it meanwhile, and the server sees
    each new filing as soon as it is written.

    \b
    Examples:
      dealgraph serve                      # then open http://127.0.0.1:7878/
      dealgraph --store ~/deals serve --port 8000 --timeout 10
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?d a dg:Deal }' \\
           http://127.0.0.1:7878/sparql
      curl 'http://127.0.0.1:7878/store?graph=https://w3id.org/dealgraph/id/filing/0000950134-04-014769'
    """
    from dealgraph.serve.server import DealgraphServer

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(message)s" if verbose else "%(levelname)s: %(message)s")
    with user_errors():
        server = DealgraphServer(store_target(ctx), host=host, port=port, timeout=timeout,
                                 allow_update=allow_update, workers=workers)
        if not server.loopback:
            click.echo(f"Warning: listening on {host}, not a loopback address: anyone who can reach "
                       "this machine can read the whole store"
                       + (" and change it (--allow-update)" if allow_update else "")
                       + ". Use --host 127.0.0.1 to keep it local.", err=True)
        try:
            server.start()
        except OSError as exc:
            server.stop()
            raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        signal.signal(signal.SIGTERM, _stop)
        mode = "read-write (--allow-update)" if allow_update else "read-only"
        click.echo(f"Serving {server.location} at {server.url} ({mode}; SPARQL endpoint "
                   f"{server.url}sparql; time limit {timeout:g} s). Press Ctrl-C to stop.")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
