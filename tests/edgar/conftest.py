"""A stand-in for EDGAR on 127.0.0.1: the same paths and answer shapes, synthetic filings.

The server speaks for www.sec.gov, data.sec.gov and efts.sec.gov at once (the client is pointed
at it with DEALGRAPH_EDGAR_URL) and serves

    /files/company_tickers.json                          the ticker list
    /submissions/CIK##########.json                      filings.recent columns + filings.files
    /submissions/CIK##########-submissions-001.json      an older page, columns at the top level
    /Archives/edgar/data/<cik>/<acc no dashes>/<acc>.txt a full submission
    /LATEST/search-index?q=...                           full-text search, Elasticsearch-shaped

It records every request (time, path, User-Agent) and can be told to answer a path with 429,
503, 403 or a dropped connection, once or every time.  The filings and their press releases are
invented for these tests.
"""
from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from dealgraph.edgar import http as edgar_http

UA = "Test Runner test.runner@example.org"

IMGN_CIK = 855654
RATE_CIK = 1111111            # a company with many small filings, for the rate-limit test
OTHER_CIK = 1222333           # a second filer that only full-text search finds


# -- synthetic filings ------------------------------------------------------------------------

ITEM_TITLES = {
    "1.01": "Entry into a Material Definitive Agreement",
    "2.02": "Results of Operations and Financial Condition",
    "8.01": "Other Events",
    "9.01": "Financial Statements and Exhibits",
}


@dataclass
class Filing:
    accession: str
    cik: int
    company: str
    form: str
    filed: date
    items: tuple[str, ...] = ()
    partner: str = "Fjordline Biologics AS"
    upfront: str = "$12.5 million"
    primary: str = "form8-k.htm"
    pad: int = 0                  # extra bytes of body, to make a filing bigger

    @property
    def folder(self) -> str:
        return self.accession.replace("-", "")

    @property
    def path(self) -> str:
        return f"/Archives/edgar/data/{self.cik}/{self.folder}/{self.accession}.txt"

    def text(self, version: int = 1) -> str:
        day = self.filed.strftime("%Y%m%d")
        item_lines = "".join(f"ITEM INFORMATION:\t\t{ITEM_TITLES.get(i, 'Other Events')}\n"
                             for i in self.items if "." in i)
        revision = f"<!-- revision {version} -->\n" if version != 1 else ""
        padding = ("<p>" + "Forward-looking statements are not guarantees. " * 40 + "</p>\n") * self.pad
        return (
            f"<SEC-DOCUMENT>{self.accession}.txt : {day}\n"
            f"<SEC-HEADER>{self.accession}.hdr.sgml : {day}\n"
            f"<ACCEPTANCE-DATETIME>{day}160512\n"
            f"ACCESSION NUMBER:\t\t{self.accession}\n"
            f"CONFORMED SUBMISSION TYPE:\t{self.form}\n"
            f"PUBLIC DOCUMENT COUNT:\t\t2\n"
            f"CONFORMED PERIOD OF REPORT:\t{day}\n"
            f"{item_lines}"
            f"FILED AS OF DATE:\t\t{day}\n"
            f"DATE AS OF CHANGE:\t\t{day}\n\n"
            f"FILER:\n\n\tCOMPANY DATA:\n"
            f"\t\tCOMPANY CONFORMED NAME:\t\t\t{self.company}\n"
            f"\t\tCENTRAL INDEX KEY:\t\t\t{self.cik:010d}\n"
            f"\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\tPHARMACEUTICAL PREPARATIONS [2834]\n"
            f"\t\tSTATE OF INCORPORATION:\t\t\tMA\n"
            f"\t\tFISCAL YEAR END:\t\t\t1231\n\n"
            f"\tFILING VALUES:\n\t\tFORM TYPE:\t\t{self.form}\n\t\tSEC ACT:\t\t1934 Act\n"
            f"\t\tSEC FILE NUMBER:\t0-17999\n"
            f"</SEC-HEADER>\n"
            f"<DOCUMENT>\n<TYPE>{self.form}\n<SEQUENCE>1\n<FILENAME>{self.primary}\n"
            f"<DESCRIPTION>CURRENT REPORT\n<TEXT>\n<html><body>\n{revision}"
            f"<p>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</p><p>FORM {self.form}</p>\n"
            f"<p>{self.company}</p>\n"
            f"<p><b>Item 1.01 Entry into a Material Definitive Agreement.</b></p>\n"
            f"<p>On {self.filed:%B %d, %Y}, {self.company} (the \"Company\") signed an exclusive "
            f"license agreement with {self.partner} covering its antibody-drug conjugate "
            f"technology for one undisclosed target.  The Company receives an upfront payment of "
            f"{self.upfront} and may receive development milestones.</p>\n{padding}"
            f"<p><b>Item 9.01 Financial Statements and Exhibits.</b></p>\n"
            f"<p>99.1 Press release.</p>\n</body></html>\n</TEXT>\n</DOCUMENT>\n"
            f"<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>ex99-1.htm\n"
            f"<DESCRIPTION>PRESS RELEASE\n<TEXT>\n<html><body>\n"
            f"<p>{self.company} and {self.partner} Sign License Agreement</p>\n"
            f"<p>{self.company} today announced that it has granted {self.partner} an exclusive, "
            f"worldwide license to develop and commercialize conjugates against one target.  "
            f"Under the agreement, {self.partner} pays {self.upfront} upfront, and up to $180 "
            f"million in milestone payments, plus tiered royalties on net sales.</p>\n"
            f"</body></html>\n</TEXT>\n</DOCUMENT>\n"
            f"</SEC-DOCUMENT>\n"
        )


def acc(prefix: int, year: int, seq: int) -> str:
    return f"{prefix:010d}-{year % 100:02d}-{seq:06d}"


def imgn_filings() -> list[Filing]:
    """ImmunoGen-like history: recent filings, and older ones on a second page."""
    c = "IMMUNOGEN INC"
    f = lambda *a, **k: Filing(*a, cik=IMGN_CIK, company=c, **k)  # noqa: E731
    recent = [
        f(acc(1193125, 2023, 41001), form="8-K", filed=date(2023, 11, 30), items=("8.01",)),
        f(acc(1193125, 2023, 30502), form="10-Q", filed=date(2023, 11, 3), primary="imgn-10q.htm"),
        f(acc(1193125, 2022, 12003), form="8-K", filed=date(2022, 2, 14), items=("1.01", "9.01"),
          partner="Kestrel Oncology Ltd", upfront="$40 million"),
        f(acc(1193125, 2021, 9004), form="8-K/A", filed=date(2021, 6, 1), items=("9.01",)),
        f(acc(1193125, 2020, 51005), form="8-K", filed=date(2020, 9, 9), items=("2.02", "9.01")),
        f(acc(1193125, 2012, 7006), form="10-K", filed=date(2012, 8, 20), primary="imgn-10k.htm"),
    ]
    older = [
        f(acc(1193125, 2010, 88007), form="8-K", filed=date(2010, 12, 20), items=("1.01", "9.01"),
          partner="Marlow Therapeutics Inc", upfront="$25 million"),
        f(acc(1193125, 2008, 66008), form="8-K", filed=date(2008, 7, 30), items=("8.01",)),
        f(acc(1193125, 2006, 44009), form="8-K", filed=date(2006, 3, 2), items=("1.01",),
          partner="Oriel Pharma AG", upfront="$8 million"),
        f(acc(950135, 2004, 22010), form="8-K", filed=date(2004, 10, 6), items=("1.01", "9.01"),
          partner="Halden Biosciences Inc", upfront="$5 million"),
        f(acc(950135, 2003, 11011), form="8-K", filed=date(2003, 5, 15), items=("5", "7")),
        f(acc(950135, 2001, 5012), form="8-K", filed=date(2001, 4, 2), items=()),
    ]
    return recent, older


def columns(filings: list[Filing]) -> dict[str, list]:
    return {
        "accessionNumber": [x.accession for x in filings],
        "filingDate": [x.filed.isoformat() for x in filings],
        "reportDate": [x.filed.isoformat() for x in filings],
        "acceptanceDateTime": [f"{x.filed.isoformat()}T16:05:12.000Z" for x in filings],
        "act": ["34" for _ in filings],
        "form": [x.form for x in filings],
        "fileNumber": ["000-17999" for _ in filings],
        "filmNumber": ["231455897" for _ in filings],
        "items": [",".join(x.items) for x in filings],
        "core_type": [x.form for x in filings],
        "size": [len(x.text()) for x in filings],
        "isXBRL": [0 for _ in filings],
        "isInlineXBRL": [0 for _ in filings],
        "primaryDocument": [x.primary for x in filings],
        "primaryDocDescription": [x.form for x in filings],
    }


def submissions_json(cik: int, name: str, tickers: list[str], recent: list[Filing],
                     pages: list[tuple[str, list[Filing]]]) -> dict:
    return {
        "cik": str(cik), "entityType": "operating", "sic": "2834",
        "sicDescription": "Pharmaceutical Preparations", "ownerOrg": "03 Life Sciences",
        "insiderTransactionForOwnerExists": 1, "insiderTransactionForIssuerExists": 1,
        "name": name, "tickers": tickers, "exchanges": ["Nasdaq"] * len(tickers),
        "ein": "042726691", "description": "", "website": "", "investorWebsite": "",
        "category": "Large accelerated filer", "fiscalYearEnd": "1231",
        "stateOfIncorporation": "MA", "stateOfIncorporationDescription": "MA",
        "addresses": {"business": {"street1": "830 WINTER STREET", "city": "WALTHAM",
                                   "stateOrCountry": "MA", "zipCode": "02451"}},
        "phone": "781-895-0600", "flags": "", "formerNames": [],
        "filings": {
            "recent": columns(recent),
            "files": [{"name": page, "filingCount": len(fs),
                       "filingFrom": min(x.filed for x in fs).isoformat(),
                       "filingTo": max(x.filed for x in fs).isoformat()} for page, fs in pages],
        },
    }


def search_hit(f: Filing, file_name: str, file_type: str, score: float) -> dict:
    return {
        "_index": "edgar_file", "_type": "_doc", "_id": f"{f.accession}:{file_name}",
        "_score": score,
        "_source": {
            "ciks": [f"{f.cik:010d}"], "period_ending": f.filed.isoformat(), "file_num": ["000-17999"],
            "display_names": [f"{f.company}  (CIK {f.cik:010d})"], "xsl": None, "sequence": 1,
            "root_forms": [f.form.split("/")[0]], "file_date": f.filed.isoformat(),
            "biz_states": ["MA"], "sics": ["2834"], "form": f.form, "adsh": f.accession,
            "film_num": ["231455897"], "biz_locations": ["Waltham, MA"], "file_type": file_type,
            "file_description": "PRESS RELEASE" if file_type.startswith("EX") else None,
            "inc_states": ["MA"], "items": list(f.items),
        },
    }


# -- the server -------------------------------------------------------------------------------

@dataclass
class Hit:
    at: float
    path: str
    query: dict
    user_agent: str | None


@dataclass
class FakeEdgar:
    base: str = ""
    tickers: dict = field(default_factory=dict)
    json_docs: dict = field(default_factory=dict)           # path -> JSON-able
    filings: dict = field(default_factory=dict)             # path -> Filing
    versions: dict = field(default_factory=dict)            # accession -> revision served
    search_hits: list = field(default_factory=list)
    search_page: int = 2
    gzip: bool = False
    log: list = field(default_factory=list)
    _faults: dict = field(default_factory=dict)             # path -> list of faults (once each)
    _always: dict = field(default_factory=dict)             # path -> fault every time
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_filings(self, filings: list[Filing]) -> None:
        for x in filings:
            self.filings[x.path] = x

    def fail(self, path: str, *faults) -> None:
        """Answer the next requests for ``path`` with these faults, in order, then normally."""
        with self.lock:
            self._faults.setdefault(path, []).extend(faults)

    def fail_always(self, path: str, fault) -> None:
        with self.lock:
            self._always[path] = fault

    def heal(self) -> None:
        with self.lock:
            self._faults.clear()
            self._always.clear()

    def take_fault(self, path: str):
        with self.lock:
            if path in self._always:
                return self._always[path]
            queue = self._faults.get(path)
            return queue.pop(0) if queue else None

    def requests(self, prefix: str = "") -> list[Hit]:
        with self.lock:
            return [h for h in self.log if h.path.startswith(prefix)]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()

    def search(self, query: dict) -> dict:
        q = query.get("q", [""])[0]
        forms = set(query.get("forms", [""])[0].split(",")) - {""}
        start = query.get("startdt", ["0000-00-00"])[0]
        end = query.get("enddt", ["9999-99-99"])[0]
        offset = int(query.get("from", ["0"])[0])
        words = [w.lower() for w in q.replace('"', " ").split()]
        hits = [h for h in self.search_hits
                if all(w in h["_text"].lower() for w in words)
                and (not forms or h["_source"]["form"] in forms)
                and start <= h["_source"]["file_date"] <= end]
        page = hits[offset:offset + self.search_page]
        clean = [{k: v for k, v in h.items() if k != "_text"} for h in page]
        return {
            "took": 12, "timed_out": False,
            "_shards": {"total": 50, "successful": 50, "skipped": 0, "failed": 0},
            "hits": {"total": {"value": len(hits), "relation": "eq"},
                     "max_score": max((h["_score"] for h in hits), default=None), "hits": clean},
            "aggregations": {"entity_filter": {"buckets": []}, "sic_filter": {"buckets": []},
                             "biz_states_filter": {"buckets": []}, "form_filter": {"buckets": []}},
            "query": {"from": offset, "size": self.search_page},
        }


def _handler(fake: FakeEdgar):
    class Handler(BaseHTTPRequestHandler):
        server_version = "FakeEdgar/1.0"

        def log_message(self, *args):          # keep the test output clean
            pass

        def do_GET(self):                      # noqa: N802
            parts = urlsplit(self.path)
            with fake.lock:
                fake.log.append(Hit(time.monotonic(), parts.path, parse_qs(parts.query),
                                    self.headers.get("User-Agent")))
            fault = fake.take_fault(parts.path)
            body, ctype = self.route(parts.path, parse_qs(parts.query))
            if fault is not None:
                return self.fault(fault, body)
            if body is None:
                return self.send(404, b"<html>Not Found</html>", "text/html")
            self.send(200, body, ctype)

        def route(self, path: str, query: dict):
            if path == "/files/company_tickers.json":
                return json.dumps(fake.tickers).encode(), "application/json"
            if path in fake.json_docs:
                return json.dumps(fake.json_docs[path]).encode(), "application/json"
            if path == "/LATEST/search-index":
                return json.dumps(fake.search(query)).encode(), "application/json"
            if path in fake.filings:
                x = fake.filings[path]
                return x.text(fake.versions.get(x.accession, 1)).encode(), "text/plain"
            return None, None

        def send(self, status: int, body: bytes, ctype: str, headers: dict | None = None):
            if fake.gzip and "gzip" in (self.headers.get("Accept-Encoding") or ""):
                body = gzip.compress(body)
                headers = {**(headers or {}), "Content-Encoding": "gzip"}
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def fault(self, fault, body: bytes | None):
            kind, *rest = fault if isinstance(fault, tuple) else (fault,)
            if kind == "drop":                 # promise the whole body, send half, hang up
                body = body or b"x" * 1000
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            status = int(kind)
            headers = rest[0] if rest else {}
            message = {403: b"<html>Your Request Originates from an Undeclared Automated Tool</html>",
                       429: b"<html>Too Many Requests</html>"}.get(status, b"<html>Service Unavailable</html>")
            self.send(status, message, "text/html", headers)

    return Handler


def standard_fake() -> FakeEdgar:
    fake = FakeEdgar()
    fake.tickers = {
        "0": {"cik_str": 320193, "ticker": "AAPL", "title": "Apple Inc."},
        "1": {"cik_str": IMGN_CIK, "ticker": "IMGN", "title": "IMMUNOGEN INC"},
        "2": {"cik_str": RATE_CIK, "ticker": "RATE", "title": "Ratewise Bio Corp"},
    }
    recent, older = imgn_filings()
    page = f"CIK{IMGN_CIK:010d}-submissions-001.json"
    fake.json_docs[f"/submissions/CIK{IMGN_CIK:010d}.json"] = submissions_json(
        IMGN_CIK, "IMMUNOGEN INC", ["IMGN"], recent, [(page, older)])
    fake.json_docs[f"/submissions/{page}"] = columns(older)
    fake.add_filings(recent + older)

    many = [Filing(acc(1234567, 2022, 100 + i), cik=RATE_CIK, company="RATEWISE BIO CORP",
                   form="8-K", filed=date(2022, 1, 1 + i), items=("8.01",)) for i in range(25)]
    fake.json_docs[f"/submissions/CIK{RATE_CIK:010d}.json"] = submissions_json(
        RATE_CIK, "RATEWISE BIO CORP", ["RATE"], list(reversed(many)), [])
    fake.add_filings(many)

    other = [
        Filing(acc(1104659, 2021, 70001), cik=OTHER_CIK, company="SOLSTICE GENOMICS INC",
               form="8-K", filed=date(2021, 5, 4), items=("1.01", "9.01"),
               partner="Brightwater Pharmaceuticals plc", upfront="$60 million"),
        Filing(acc(1104659, 2021, 70002), cik=OTHER_CIK, company="SOLSTICE GENOMICS INC",
               form="8-K/A", filed=date(2021, 5, 20), items=("9.01",)),
        Filing(acc(1104659, 2019, 60003), cik=OTHER_CIK, company="SOLSTICE GENOMICS INC",
               form="8-K", filed=date(2019, 11, 1), items=("1.01",)),
    ]
    fake.add_filings(other)
    by_acc = {x.accession: x for x in recent + older + other}
    ranked = [  # (accession, document, type, score); two documents of one filing included
        (acc(1193125, 2022, 12003), "ex99-1.htm", "EX-99.1", 21.5),
        (acc(1104659, 2021, 70001), "ex99-1.htm", "EX-99.1", 19.0),
        (acc(1193125, 2022, 12003), "form8-k.htm", "8-K", 17.2),
        (acc(1104659, 2021, 70002), "form8-k.htm", "8-K/A", 11.0),
        (acc(1104659, 2019, 60003), "ex99-1.htm", "EX-99.1", 10.5),
        (acc(1104659, 2021, 70001), "form8-k.htm", "8-K", 9.0),
        (acc(1193125, 2023, 41001), "form8-k.htm", "8-K", 3.0),
    ]
    for accession, doc, ftype, score in ranked:
        x = by_acc[accession]
        hit = search_hit(x, doc, ftype, score)
        hit["_text"] = x.text()
        fake.search_hits.append(hit)
    return fake


@pytest.fixture
def edgar_server():
    """A fake EDGAR on a free port of 127.0.0.1, shut down after the test."""
    fake = standard_fake()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def edgar_env(edgar_server, tmp_path, monkeypatch):
    """Point dealgraph at the fake EDGAR, with a User-Agent, an empty cache and quick retries."""
    monkeypatch.setenv("DEALGRAPH_EDGAR_URL", edgar_server.base)
    monkeypatch.setenv("DEALGRAPH_USER_AGENT", UA)
    monkeypatch.setenv("DEALGRAPH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DEALGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setattr(edgar_http, "BACKOFF_SECONDS", 0.01)
    # each test is a run of its own: a fresh window, as a new process would have
    monkeypatch.setattr(edgar_http, "SHARED_LIMITER", edgar_http.RateLimiter())
    return edgar_server
