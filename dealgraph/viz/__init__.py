"""The interactive deal graph as one self-contained HTML file (pyvis, vis-network inlined)."""
from __future__ import annotations

from dealgraph.viz.render import STYLE, render_html, trim

__all__ = ["STYLE", "render_html", "trim"]
