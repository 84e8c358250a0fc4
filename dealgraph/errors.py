"""Errors dealgraph raises.  The CLI turns each into a one-line message and an exit code.

    DealgraphError
    ├── InputError (ValueError)       a file that cannot be read as a filing
    ├── StoreError (RuntimeError)     the store cannot be opened or written
    │   └── StoreBusyError            another process holds the store
    └── QueryError (ValueError)       a query that is unknown, malformed or badly parameterized
"""
from __future__ import annotations


class DealgraphError(Exception):
    """Root of every error dealgraph raises on purpose."""

    exit_code = 1


class InputError(DealgraphError, ValueError):
    """A file that cannot be read as a filing; the message names the file."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(DealgraphError, RuntimeError):
    """The store cannot be opened, read or written."""


class StoreBusyError(StoreError):
    """Another process holds the store."""


class QueryError(DealgraphError, ValueError):
    """A query that is unknown, malformed or badly parameterized."""

    exit_code = 2
