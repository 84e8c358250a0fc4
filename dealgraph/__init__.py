"""dealgraph: a knowledge graph of biotech deals read from SEC filings.

The public API (imported lazily, so that ``import dealgraph`` stays cheap)::

    import dealgraph
    store = dealgraph.open_store("dealgraph-store")          # or "memory", or a SPARQL endpoint URL
    report = dealgraph.ingest_paths(store, ["filings/"])
    dealgraph.export(store, "turtle", "deals.ttl")
    rows = dealgraph.query(store, "deals", since="2004-01-01")  # list of dicts, ready for pandas
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_API = {
    "DealgraphError": "dealgraph.errors",
    "InputError": "dealgraph.errors",
    "QueryError": "dealgraph.errors",
    "StoreBusyError": "dealgraph.errors",
    "StoreError": "dealgraph.errors",
    "IngestReport": "dealgraph.pipeline",
    "ingest_paths": "dealgraph.pipeline",
    "Store": "dealgraph.graph.store",
    "open_store": "dealgraph.graph.store",
    "export": "dealgraph.graph.export",
    "query": "dealgraph.queries.runner",
}

__all__ = sorted([*_API, "__version__"])


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'dealgraph' has no attribute {name!r}")
