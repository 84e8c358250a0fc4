"""dealgraph viz: the deal network as one self-contained, offline HTML page."""
from __future__ import annotations

import os

import click

from dealgraph.cli.common import main, store_target, user_errors


@main.command()
@click.option("--output", "-o", default="graph.html", show_default=True, type=click.Path(dir_okay=False),
              help="The HTML file to write.")
@click.option("--company", help="Only this organization's deals (any spelling or alias) and their neighbours.")
@click.option("--deal", "deal_iri", metavar="IRI", help="Only this deal and its neighbours.")
@click.option("--depth", type=click.IntRange(0, 10), default=2, show_default=True,
              help="How many links away from the company or deal to draw.")
@click.option("--query", "query_spec", metavar="QUERY",
              help="Draw what a query returns: a saved query's name, a .rq file or SPARQL text.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of --query.")
@click.option("--max-nodes", type=click.IntRange(1), default=3000, show_default=True,
              help="Keep the most connected nodes; the page says how many were left out.")
@click.pass_context
def viz(ctx, output, company, deal_iri, depth, query_spec, params, max_nodes):
    """Draw the deal network as an interactive HTML page that works offline.

    Organizations and deals, with what the deals concern; hover a node for its facts, click a
    deal for its terms and the sentence they were read from.

    \b
    Examples:
      dealgraph viz --output graph.html
      dealgraph viz --company "Biogen Idec" --depth 1 --output biogen.html
      dealgraph viz --query deals --param since=2004-01-01
    """
    from dealgraph.graph.network import to_networkx
    from dealgraph.graph.store import open_store
    from dealgraph.queries import parse_params
    from dealgraph.viz import render_html

    with user_errors():
        values = parse_params(params)
        store = open_store(store_target(ctx), read_only=_read_only(store_target(ctx)))
        try:
            g = to_networkx(store, company=company, deal=deal_iri, depth=depth, query=query_spec, params=values)
        finally:
            store.close()
        title = "dealgraph: " + (company or deal_iri or query_spec or "all deals")
        html = render_html(g, title=title, max_nodes=max_nodes)
        tmp = f"{output}.part"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.replace(tmp, output)
    shown = min(g.number_of_nodes(), max_nodes)
    click.echo(f"Wrote {output}: {shown} nodes, {g.number_of_edges()} links"
               + (f" ({g.number_of_nodes() - shown} nodes left out)" if shown < g.number_of_nodes() else ""))


def _read_only(target: str) -> bool:
    return target != "memory" and not target.startswith(("http://", "https://")) and \
        os.path.exists(os.path.join(target, "dealgraph-store.json"))
