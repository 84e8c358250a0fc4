"""A networkx deal graph to one self-contained HTML page.

* vis-network's JavaScript and CSS are inlined (pyvis ``cdn_resources="in_line"``) and the
  template's remote style sheet and scripts are removed: the page works with no network.
* Filing text is untrusted. Labels and facts reach the page only as JSON inside a script (with
  ``<``, ``>`` and ``&`` escaped, so no string can close the script), tooltips are given to
  vis-network as DOM elements filled with ``textContent``, and the side panel is built the same
  way: nothing from a filing is ever parsed as HTML.
* Past ``PHYSICS_UP_TO`` nodes, positions are computed here (igraph's Fruchterman–Reingold) and
  physics is off, so large graphs open at once and stay still.
"""
from __future__ import annotations

import json
import math
import re

import networkx as nx

PHYSICS_UP_TO = 300
#: colour and shape per class; the legend lists the classes present
STYLE = {
    "Organization": ("#1c7ed6", "dot"),
    "Deal": ("#e8590c", "diamond"),
    "Payment": ("#f59f00", "square"),
    "Technology": ("#ae3ec9", "triangle"),
    "Product": ("#7048e8", "triangle"),
    "BiologicalTarget": ("#d6336c", "triangleDown"),
    "Indication": ("#c2255c", "star"),
    "Person": ("#2f9e44", "ellipse"),
    "Filing": ("#868e96", "box"),
}
_REMOTE = re.compile(r"<link[^>]*href=\"https?://[^>]*>|<script[^>]*src=\"https?://[^>]*>\s*</script>",
                     re.DOTALL)


def trim(g: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, int]:
    """Keep the ``max_nodes`` most connected nodes; returns the graph and how many were left out."""
    if g.number_of_nodes() <= max_nodes:
        return g, 0
    ranked = sorted(g.degree(), key=lambda item: (-item[1], item[0]))
    keep = [n for n, _ in ranked[:max_nodes]]
    return g.subgraph(keep).copy(), g.number_of_nodes() - max_nodes


def _layout(ids: list[str], edges: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """Fruchterman–Reingold positions (igraph; the same graph gets the same picture), scaled
    to vis-network's pixel space."""
    import random

    import igraph

    graph = igraph.Graph(n=len(ids), edges=edges)
    igraph.set_random_number_generator(random.Random(0))
    try:
        coords = graph.layout_fruchterman_reingold(niter=300, grid=True).coords
    finally:
        igraph.set_random_number_generator(random)
    scale = 40.0 * math.sqrt(len(ids))
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    x0, y0 = min(xs), min(ys)
    span = max(max(xs) - x0, max(ys) - y0, 1e-9)
    return [(round((x - x0) / span * scale, 1), round((y - y0) / span * scale, 1)) for x, y in coords]


def _size(kind: str, degree: int, value: float, biggest: float) -> float:
    if kind == "Deal" and value > 0 and biggest > 0:
        return 12 + 28 * math.sqrt(value / biggest)      # deals: by their largest stated amount
    return 10 + 6 * math.log1p(degree)                   # others: by how many links they have


def _json(data) -> str:
    """JSON that is safe inside a <script> element."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(g: nx.MultiDiGraph, *, title: str = "dealgraph", max_nodes: int = 3000) -> str:
    """The page for ``g`` (as made by :func:`dealgraph.graph.network.to_networkx`)."""
    from pyvis.network import Network

    total = g.number_of_nodes()
    g, left_out = trim(g, max_nodes)
    ids = sorted(g.nodes)
    index = {n: i for i, n in enumerate(ids)}
    biggest = max((d.get("value", 0) or 0 for _, d in g.nodes(data=True)), default=0)
    nodes, info = [], {}
    for i, n in enumerate(ids):
        d = g.nodes[n]
        kind = d.get("kind", "")
        colour, shape = STYLE.get(kind, ("#74c0fc", "dot"))
        label = d.get("label") or n
        nodes.append({"id": i, "label": label if len(label) <= 40 else label[:39] + "\u2026",
                      "color": colour, "shape": shape,
                      "size": round(_size(kind, g.degree(n), d.get("value", 0) or 0, biggest), 1)})
        info[i] = {"name": label, "kind": kind, "iri": n, "facts": d.get("facts", []), "quote": d.get("quote", "")}
    edges = [{"from": index[a], "to": index[b], "label": data.get("label", ""), "arrows": "to"}
             for a, b, data in g.edges(data=True)]
    physics = len(nodes) <= PHYSICS_UP_TO
    if not physics and nodes:
        for node, (x, y) in zip(nodes, _layout(ids, [(e["from"], e["to"]) for e in edges])):
            node["x"], node["y"] = x, y
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    net.nodes, net.edges = nodes, edges
    net.toggle_physics(physics)
    if physics:
        net.barnes_hut(gravity=-4000, spring_length=120)
    net.set_edge_smooth("dynamic" if physics else "continuous")
    html = _REMOTE.sub("", net.generate_html())
    kinds = sorted({d.get("kind", "") for _, d in g.nodes(data=True)} & set(STYLE))
    legend = "".join(f'<span class="dg-key"><i style="background:{STYLE[k][0]}"></i>{k}</span>' for k in kinds)
    note = (f"Showing the {len(nodes):,} most connected of {total:,} nodes; {left_out:,} left out "
            f"(use --company, --deal or --max-nodes)." if left_out else f"{len(nodes):,} nodes, {len(edges):,} links.")
    from html import escape
    overlay = _OVERLAY.replace("%LEGEND%", legend).replace("%NOTE%", escape(note)).replace("%INFO%", _json(info))
    html = html.replace("<head>", f"<head>\n<title>{escape(title)}</title>", 1)
    return html.replace("</body>", overlay + "\n</body>", 1)


_OVERLAY = """
<style>
#dg-legend{position:fixed;top:8px;left:8px;background:#fffe;border:1px solid #ccc;padding:6px 8px;
  font:13px sans-serif;border-radius:4px;max-width:60%}
.dg-key{margin-right:10px;white-space:nowrap}.dg-key i{display:inline-block;width:10px;height:10px;
  border-radius:50%;margin-right:4px}
#dg-note{font:12px sans-serif;color:#555;margin-top:4px}
#dg-panel{position:fixed;top:8px;right:8px;width:340px;max-height:90vh;overflow:auto;background:#fff;
  border:1px solid #ccc;border-radius:4px;padding:8px 10px;font:13px sans-serif;display:none}
#dg-panel h3{margin:0 0 6px;font-size:15px}#dg-panel dt{font-weight:bold;margin-top:4px}
#dg-panel blockquote{margin:8px 0 0;padding-left:8px;border-left:3px solid #e8590c;color:#333}
.dg-tip{font:12px sans-serif;white-space:pre-line;max-width:360px}
</style>
<div id="dg-legend">%LEGEND%<div id="dg-note">%NOTE%</div></div>
<div id="dg-panel"></div>
<script type="application/json" id="dg-info">%INFO%</script>
<script>
(function () {
  var info = JSON.parse(document.getElementById("dg-info").textContent);
  function text(tag, value) { var el = document.createElement(tag); el.textContent = value; return el; }
  // Tooltips: DOM elements filled with textContent, never HTML strings.
  var updates = [];
  Object.keys(info).forEach(function (id) {
    var entry = info[id], tip = document.createElement("div");
    tip.className = "dg-tip";
    tip.appendChild(text("b", entry.name));
    tip.appendChild(document.createTextNode("\\n" + entry.kind));
    entry.facts.forEach(function (f) { tip.appendChild(document.createTextNode("\\n" + f[0] + ": " + f[1])); });
    updates.push({id: Number(id), title: tip});
  });
  nodes.update(updates);
  var panel = document.getElementById("dg-panel");
  network.on("click", function (params) {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    if (!params.nodes.length) { panel.style.display = "none"; return; }
    var entry = info[params.nodes[0]];
    panel.appendChild(text("h3", entry.name));
    panel.appendChild(text("div", entry.kind + " \\u2014 " + entry.iri));
    var dl = document.createElement("dl");
    entry.facts.forEach(function (f) { dl.appendChild(text("dt", f[0])); dl.appendChild(text("dd", f[1])); });
    panel.appendChild(dl);
    if (entry.quote) { panel.appendChild(text("blockquote", entry.quote)); }
    panel.style.display = "block";
  });
})();
</script>"""
