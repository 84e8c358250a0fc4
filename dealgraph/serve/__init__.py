"""``dealgraph serve``: the store over HTTP, as a standard SPARQL endpoint with a page to explore it.

    server.py       life cycle: check the store, start the workers, bind, serve, stop
    app.py          HTTP: SPARQL 1.1 Protocol, Graph Store Protocol (reading), page, saved queries
    negotiation.py  which format a client gets (Accept header, then ``format=``)
    pool.py         worker processes, and the time limit (a late query's process is ended)
    worker.py       one worker: a read-only view of the store that follows other processes' writes
    saved.py        saved queries and the graph view, adapted to HTTP
    page.py         the page and its static files (everything served from here, nothing external)
"""
from __future__ import annotations

from dealgraph.serve.server import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT, DealgraphServer, is_loopback

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "DEFAULT_TIMEOUT", "DealgraphServer", "is_loopback"]
