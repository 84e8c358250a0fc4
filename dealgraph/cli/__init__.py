"""The ``dealgraph`` command line: a click group; each verb lives in a module of this package.

The CLI only parses options and turns library errors into one-line messages; the work is done by
the library (``dealgraph.pipeline``, ``dealgraph.graph``, ``dealgraph.queries`` …).
"""
from __future__ import annotations

import click

from dealgraph.cli.common import main
from dealgraph.cli import core  # noqa: F401  (registers ingest, export, stats, remove, compact, ontology, validate)
from dealgraph.cli import fetch  # noqa: F401
from dealgraph.cli import serve  # noqa: F401  (registers serve)
from dealgraph.cli import bulk  # noqa: F401  (registers extract, load)

from dealgraph.cli import query  # noqa: F401  (registers query, queries)
from dealgraph.cli import viz  # noqa: F401  (registers viz)

__all__ = ["main"]
