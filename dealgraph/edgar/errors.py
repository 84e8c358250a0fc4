"""Errors raised while talking to EDGAR.

    EdgarError (DealgraphError)
    ├── EdgarConfigError      no usable User-Agent, a bad config file, bad options (exit code 2)
    ├── EdgarNotFound         an unknown ticker or CIK, a filing EDGAR does not have
    ├── EdgarAccessDenied     SEC answered 403: the whole run stops
    ├── EdgarHTTPError        any other HTTP status, after the retries
    └── EdgarNetworkError     connection refused, reset or cut short, after the retries
"""
from __future__ import annotations

from dealgraph.errors import DealgraphError


class EdgarError(DealgraphError):
    """Something went wrong fetching from EDGAR."""


class EdgarConfigError(EdgarError):
    """The run cannot start: missing User-Agent, unreadable config file, contradictory options."""

    exit_code = 2


class EdgarNotFound(EdgarError):
    """EDGAR has no such company, ticker or filing."""


class EdgarHTTPError(EdgarError):
    """EDGAR answered with an HTTP error status (after retrying what is worth retrying)."""

    def __init__(self, status: int, url: str, message: str | None = None):
        super().__init__(message or f"EDGAR answered HTTP {status} for {url}")
        self.status = status
        self.url = url


class EdgarAccessDenied(EdgarHTTPError):
    """SEC refused the request (403): usually a missing or generic User-Agent, or too many requests."""

    def __init__(self, url: str):
        super().__init__(
            403, url,
            "SEC refused the request (403): check your User-Agent (your name and e-mail, e.g. "
            "'Jane Doe jane.doe@example.com' via --user-agent or DEALGRAPH_USER_AGENT); SEC also "
            "blocks clients that exceed 10 requests per second for about 10 minutes")


class EdgarNetworkError(EdgarError):
    """The connection failed or was cut short (after the retries)."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"network error for {url}: {reason}")
        self.url = url
        self.reason = reason
