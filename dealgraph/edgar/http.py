"""One HTTP client for all of EDGAR: SEC's User-Agent, at most 10 requests a second, retries.

SEC's fair-access rules (https://www.sec.gov/os/accessing-edgar-data): declare who you are in the
User-Agent, send no more than 10 requests per second.  Clients that exceed the rate are blocked
for about ten minutes, so the limit is enforced for the whole process: every :class:`EdgarClient`
shares one :class:`RateLimiter` (a sliding window, thread-safe) unless given its own.

Retries: 429 and 5xx answers and dropped connections are retried with exponential backoff,
honouring ``Retry-After``; 403 stops the run with a message about the User-Agent; 404 raises
:class:`EdgarNotFound`.
"""
from __future__ import annotations

import email.utils
import http.client
import json
import random
import socket
import threading
import time
import zlib
from collections import deque
from datetime import datetime, timezone
from typing import IO, Any, Callable, Mapping, TypeVar
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import OpenerDirector, Request, build_opener

from dealgraph.edgar.config import Endpoints
from dealgraph.edgar.errors import (
    EdgarAccessDenied,
    EdgarError,
    EdgarHTTPError,
    EdgarNetworkError,
    EdgarNotFound,
)

T = TypeVar("T")

MAX_REQUESTS = 10
# SEC's limit is 10 requests per second; a window a little longer than a second keeps us under it
# even when requests reach the server a few milliseconds out of the order they were sent in.
WINDOW_SECONDS = 1.1
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 1.0          # first wait after a 429/5xx without Retry-After; doubles each time
MAX_BACKOFF_SECONDS = 60.0
MAX_RETRY_AFTER_SECONDS = 600.0
TIMEOUT_SECONDS = 60.0
CHUNK = 64 * 1024


class RateLimiter:
    """At most ``max_requests`` in any window of ``period`` seconds, across all threads.

    A sliding window: the times of the last ``max_requests`` requests are kept; a new request
    waits until the oldest of them is ``period`` seconds old.
    """

    def __init__(self, max_requests: int = MAX_REQUESTS, period: float = WINDOW_SECONDS, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        if max_requests < 1 or period <= 0:
            raise ValueError("max_requests must be >= 1 and period > 0")
        self.max_requests = max_requests
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Block until a request may be sent; return how long it waited."""
        waited = 0.0
        # Holding the lock while sleeping serializes the waiters, which is the point: whoever
        # holds it is next in line, and nobody else can slip in before its slot opens.
        with self._lock:
            while True:
                now = self._clock()
                while self._sent and now - self._sent[0] >= self.period:
                    self._sent.popleft()
                if len(self._sent) < self.max_requests:
                    self._sent.append(now)
                    return waited
                pause = self.period - (now - self._sent[0])
                self._sleep(pause)
                waited += pause


SHARED_LIMITER = RateLimiter()


class Cancelled(Exception):
    """The run was interrupted while a request was under way."""


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def _describe(exc: BaseException) -> str:
    if isinstance(exc, Truncated):
        return str(exc)
    if isinstance(exc, http.client.IncompleteRead):
        return f"connection closed after {len(exc.partial)} bytes, {exc.expected} more expected"
    if isinstance(exc, URLError) and not isinstance(exc, HTTPError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    text = str(exc) or type(exc).__name__
    return text if type(exc).__name__ in text else f"{type(exc).__name__}: {text}"


class Truncated(http.client.HTTPException):
    """The server closed the connection before sending the whole body."""

    def __init__(self, received: int, expected: int | None):
        super().__init__(f"connection closed after {received} of {expected} bytes" if expected
                         else f"connection closed after {received} bytes, before the end of the data")
        self.received = received
        self.expected = expected


class _Body:
    """Reads a response body in chunks, undoing gzip/deflate, and checks it is complete."""

    def __init__(self, response: http.client.HTTPResponse):
        self._response = response
        encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflate = zlib.decompressobj()
        elif encoding in ("", "identity"):
            self._inflate = None
        else:
            raise EdgarError(f"unexpected Content-Encoding {encoding!r}")
        self.wire_bytes = 0

    def _expected_length(self) -> int | None:
        if (self._response.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            return None
        try:
            return int(self._response.headers.get("Content-Length"))
        except (TypeError, ValueError):
            return None

    def chunks(self):
        while True:
            raw = self._response.read(CHUNK)
            if not raw:
                break
            self.wire_bytes += len(raw)
            data = self._inflate.decompress(raw) if self._inflate else raw
            if data:
                yield data
        expected = self._expected_length()
        if expected is not None and self.wire_bytes < expected:
            # http.client's read(n) returns b"" when the server hangs up early; never take a
            # cut-short body for a complete one
            raise Truncated(self.wire_bytes, expected)
        if self._inflate is not None:
            tail = self._inflate.flush()
            if tail:
                yield tail
            if not self._inflate.eof:
                raise Truncated(self.wire_bytes, None)


class EdgarClient:
    """GET requests to EDGAR with SEC's User-Agent, the shared rate limit and retries."""

    def __init__(self, user_agent: str, endpoints: Endpoints | None = None, *,
                 limiter: RateLimiter | None = None,
                 max_attempts: int = MAX_ATTEMPTS,
                 backoff: float | None = None,
                 max_backoff: float = MAX_BACKOFF_SECONDS,
                 timeout: float = TIMEOUT_SECONDS,
                 cancel: threading.Event | None = None,
                 opener: OpenerDirector | None = None):
        if not user_agent or not user_agent.strip():
            raise ValueError("a User-Agent is required")
        self.user_agent = user_agent
        self.endpoints = endpoints or Endpoints.from_env()
        self.limiter = limiter or SHARED_LIMITER
        self.max_attempts = max(1, max_attempts)
        # read at call time so that the module default can be tuned (tests make it tiny)
        self.backoff = BACKOFF_SECONDS if backoff is None else backoff
        self.max_backoff = max_backoff
        self.timeout = timeout
        self.cancel = cancel or threading.Event()
        self._opener = opener or build_opener()
        self._stats_lock = threading.Lock()
        self.requests = 0
        self.retries = 0

    # -- public -----------------------------------------------------------------------------

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET ``url`` (with ``params`` as a query string) and decode the JSON answer."""
        if params:
            url = f"{url}?{urlencode(params)}"

        def consume(response, body: _Body) -> Any:
            data = b"".join(body.chunks())
            try:
                return json.loads(data)
            except ValueError as exc:
                raise EdgarError(f"EDGAR sent something that is not JSON for {url}: {exc}") from exc

        return self._request(url, consume, accept="application/json")

    def download(self, url: str, sink: IO[bytes], on_bytes: Callable[[int], None] | None = None) -> int:
        """Stream the body of ``url`` into ``sink`` (rewound and truncated before each attempt).

        Returns the number of bytes written; ``on_bytes`` is called with each chunk's size.
        """
        def consume(response, body: _Body) -> int:
            sink.seek(0)
            sink.truncate()
            written = 0
            for data in body.chunks():
                if self.cancel.is_set():
                    raise Cancelled()
                sink.write(data)
                written += len(data)
                if on_bytes:
                    on_bytes(len(data))
            return written

        return self._request(url, consume, accept="text/plain, */*")

    # -- internals --------------------------------------------------------------------------

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        told = retry_after_seconds(retry_after)
        if told is not None:
            return min(told, MAX_RETRY_AFTER_SECONDS)
        base = min(self.max_backoff, self.backoff * (2 ** (attempt - 1)))
        return base + random.uniform(0, base / 4)

    def _request(self, url: str, consume: Callable[[Any, _Body], T], *, accept: str) -> T:
        last: EdgarError | None = None
        for attempt in range(1, self.max_attempts + 1):
            if self.cancel.is_set():
                raise Cancelled()
            self.limiter.acquire()
            with self._stats_lock:
                self.requests += 1
            request = Request(url, headers={
                "User-Agent": self.user_agent,
                "Accept": accept,
                "Accept-Encoding": "gzip, deflate",
            })
            retry_after = None
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return consume(response, _Body(response))
            except HTTPError as exc:
                status = exc.code
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                exc.close()
                if status == 403:
                    raise EdgarAccessDenied(url) from None
                if status == 404:
                    raise EdgarNotFound(f"EDGAR has nothing at {url} (404)") from None
                if status != 429 and not 500 <= status < 600:
                    raise EdgarHTTPError(status, url) from None
                last = EdgarHTTPError(status, url, f"EDGAR answered HTTP {status} for {url} "
                                                   f"{attempt} time(s); giving up")
            except (URLError, OSError, http.client.HTTPException, zlib.error) as exc:
                last = EdgarNetworkError(url, f"{_describe(exc)} (tried {attempt} time(s))")
            if attempt == self.max_attempts:
                break
            with self._stats_lock:
                self.retries += 1
            self._wait(self._delay(attempt, retry_after))
        assert last is not None
        raise last

    def _wait(self, seconds: float) -> None:
        # an interrupted run does not sit out a long Retry-After
        if self.cancel.wait(seconds):
            raise Cancelled()
