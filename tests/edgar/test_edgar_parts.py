"""The pieces of dealgraph.edgar one at a time: limiter, items, config, cache, parsing."""
from __future__ import annotations

import os
import threading
import time
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from dealgraph.edgar import config, fetch as edgar_fetch, http as edgar_http
from dealgraph.edgar.cache import FilingCache, accession_year, normalize_accession
from dealgraph.edgar.errors import EdgarConfigError, EdgarError
from dealgraph.edgar.items import canonical, matches, parse_items, split_items
from dealgraph.edgar.records import FilingRef, Selection
from dealgraph.edgar.search import company_name, hit_to_ref, params_for
from dealgraph.errors import DealgraphError

UA = "Test Runner test.runner@example.org"


# -- rate limiter ------------------------------------------------------------------------------

class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_limiter_sliding_window_with_a_fake_clock():
    clock = FakeClock()
    limiter = edgar_http.RateLimiter(10, 1.0, clock=clock, sleep=clock.sleep)
    sent = []
    for _ in range(35):
        limiter.acquire()
        sent.append(clock.now)
    assert sent[:10] == [100.0] * 10
    assert sent[10] == pytest.approx(101.0) and sent[20] == pytest.approx(102.0)
    for i, t in enumerate(sent):
        assert sum(1 for u in sent if t <= u < t + 1.0) <= 10, i


def test_limiter_is_shared_by_threads():
    limiter = edgar_http.RateLimiter(5, 0.2)
    stamps: list[float] = []
    lock = threading.Lock()

    def worker():
        for _ in range(4):
            limiter.acquire()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    stamps.sort()
    assert len(stamps) == 20
    assert max(sum(1 for u in stamps if t <= u < t + 0.2 - 1e-3) for t in stamps) <= 5
    assert stamps[-1] - stamps[0] >= 0.6 - 0.01


def test_default_limit_is_sec_s():
    assert edgar_http.SHARED_LIMITER.max_requests == 10
    assert edgar_http.SHARED_LIMITER.period >= 1.0


def test_retry_after_seconds_and_dates():
    assert edgar_http.retry_after_seconds("3") == 3.0
    assert edgar_http.retry_after_seconds(None) is None
    assert edgar_http.retry_after_seconds("soon") is None
    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert edgar_http.retry_after_seconds(later, now=now) == pytest.approx(30.0)
    assert edgar_http.retry_after_seconds(format_datetime(now - timedelta(1), usegmt=True), now=now) == 0


def test_backoff_doubles_and_retry_after_wins():
    client = edgar_http.EdgarClient(UA, config.Endpoints(), backoff=1.0, max_backoff=8.0)
    delays = [client._delay(n, None) for n in range(1, 6)]
    for n, d in enumerate(delays, start=1):
        base = min(8.0, 2 ** (n - 1))
        assert base <= d <= base * 1.25
    assert client._delay(1, "7") == 7.0
    assert client._delay(1, "100000") == edgar_http.MAX_RETRY_AFTER_SECONDS


# -- 8-K items ---------------------------------------------------------------------------------

def test_item_numbers_old_and_new():
    assert canonical("1.01") == "1.01" and canonical("Item 2.1") == "2.01"
    assert canonical("5") == "8.01" and canonical("7") == "9.01" and canonical("2") == "2.01"
    assert canonical("Item 12") == "2.02" and canonical("13") is None and canonical("x") is None
    assert parse_items(("1.01,2.01", " 5 ")) == {"1.01", "2.01", "8.01"}
    with pytest.raises(EdgarConfigError):
        parse_items(("1.99",))
    assert split_items("1.01,9.01") == ("1.01", "9.01") and split_items("") == ()
    assert split_items(["2.02", "9.01"]) == ("2.02", "9.01")
    assert matches(("5", "7"), frozenset({"9.01"})) and not matches(("5",), frozenset({"1.01"}))


def test_selection_filters():
    ref = FilingRef("0000950135-03-011011", 1, "8-K", date(2003, 5, 15), items=("5", "7"))
    assert Selection().judge(ref) is None
    assert Selection(forms=("10-K",)).judge(ref) == "form"
    assert Selection(since=date(2004, 1, 1)).judge(ref) == "date"
    assert Selection(items=frozenset({"1.01"})).judge(ref) == "items"
    assert Selection(items=frozenset({"8.01"})).judge(ref) is None
    bare = FilingRef("0000950135-01-005012", 1, "8-K", date(2001, 4, 2))
    assert Selection(items=frozenset({"1.01"})).judge(bare) == "no-items"
    annual = FilingRef("0000950135-01-005013", 1, "10-K405", date(2001, 4, 2))
    assert Selection(forms=("10-K",), items=frozenset({"1.01"})).judge(annual) is None
    with pytest.raises(EdgarConfigError):
        Selection(forms=("S-1",))


# -- configuration -----------------------------------------------------------------------------

@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in (config.USER_AGENT_ENV, config.BASE_URL_ENV, config.CACHE_ENV, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


def test_user_agent_precedence(clean_env, monkeypatch):
    path = clean_env / "cfg" / "dealgraph" / "config.toml"
    assert config.config_path() == path
    with pytest.raises(EdgarConfigError) as info:
        config.resolve_user_agent()
    assert info.value.exit_code == 2 and isinstance(info.value, DealgraphError)
    assert str(path) in str(info.value)
    path.parent.mkdir(parents=True)
    path.write_text('user_agent = "From File file@example.com"\n')
    assert config.resolve_user_agent() == "From File file@example.com"
    monkeypatch.setenv(config.USER_AGENT_ENV, "From Env env@example.com")
    assert config.resolve_user_agent() == "From Env env@example.com"
    assert config.resolve_user_agent("From  Option  opt@example.com") == "From Option opt@example.com"


def test_bad_config_file_is_named(clean_env):
    path = config.config_path()
    path.parent.mkdir(parents=True)
    path.write_text("user_agent = \n")
    with pytest.raises(EdgarConfigError, match="cannot read .*config.toml"):
        config.resolve_user_agent()


def test_xdg_defaults(clean_env, monkeypatch):
    assert config.default_cache_dir() == clean_env / "home" / ".cache" / "dealgraph" / "edgar"
    monkeypatch.setenv("XDG_CACHE_HOME", str(clean_env / "xc"))
    assert config.cache_dir() == clean_env / "xc" / "dealgraph" / "edgar"
    monkeypatch.setenv(config.CACHE_ENV, str(clean_env / "env-cache"))
    assert config.cache_dir() == clean_env / "env-cache"
    assert config.cache_dir(clean_env / "opt") == clean_env / "opt"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/path")       # ignored, as the spec says
    assert config.config_path() == clean_env / "home" / ".config" / "dealgraph" / "config.toml"


def test_one_base_url_replaces_every_sec_host(clean_env, monkeypatch):
    real = config.Endpoints.from_env()
    assert real.company_tickers() == "https://www.sec.gov/files/company_tickers.json"
    assert real.submissions(855654) == "https://data.sec.gov/submissions/CIK0000855654.json"
    assert real.submissions_page("CIK0000855654-submissions-001.json") == \
        "https://data.sec.gov/submissions/CIK0000855654-submissions-001.json"
    assert real.full_submission(855654, "0001193125-10-123456") == \
        "https://www.sec.gov/Archives/edgar/data/855654/000119312510123456/0001193125-10-123456.txt"
    assert real.full_text_search() == "https://efts.sec.gov/LATEST/search-index"
    monkeypatch.setenv(config.BASE_URL_ENV, "http://127.0.0.1:8123/")
    local = config.Endpoints.from_env()
    assert local.company_tickers() == "http://127.0.0.1:8123/files/company_tickers.json"
    assert local.submissions(1) == "http://127.0.0.1:8123/submissions/CIK0000000001.json"
    assert local.full_text_search() == "http://127.0.0.1:8123/LATEST/search-index"
    monkeypatch.setenv(config.BASE_URL_ENV, "ftp://example")
    with pytest.raises(EdgarConfigError):
        config.Endpoints.from_env()


# -- cache -------------------------------------------------------------------------------------

def test_accession_numbers_and_layout(tmp_path):
    assert normalize_accession("000119312510123456") == "0001193125-10-123456"
    assert accession_year("0000950135-98-000001") == 1998
    assert accession_year("0000950135-04-000001") == 2004
    with pytest.raises(EdgarError):
        normalize_accession("12-34")
    cache = FilingCache(tmp_path)
    assert cache.path("0001193125-10-123456") == tmp_path / "2010" / "0001193125-10-123456.txt"


def test_cache_writes_are_atomic(tmp_path):
    cache = FilingCache(tmp_path)
    accession = "0001193125-10-123456"
    with cache.writer(accession) as fh:
        fh.write(b"<SEC-DOCUMENT>first</SEC-DOCUMENT>\n")
    assert cache.has(accession)
    with pytest.raises(KeyboardInterrupt):
        with cache.writer(accession) as fh:
            fh.write(b"<SEC-DOCUMENT>half of the sec")
            raise KeyboardInterrupt
    # the interrupted rewrite left the complete old version and no temporary file
    assert cache.path(accession).read_bytes() == b"<SEC-DOCUMENT>first</SEC-DOCUMENT>\n"
    assert sorted(p.name for p in (tmp_path / "2010").iterdir()) == [f"{accession}.txt"]
    other = "0001193125-11-000001"
    with pytest.raises(RuntimeError):
        with cache.writer(other) as fh:
            fh.write(b"partial")
            raise RuntimeError("network")
    assert not cache.has(other)
    with pytest.raises(EdgarError, match="empty"):
        with cache.writer(other):
            pass
    assert not cache.has(other)


def test_sweep_removes_only_stale_parts(tmp_path):
    cache = FilingCache(tmp_path)
    (tmp_path / "2010").mkdir()
    old = tmp_path / "2010" / ".0001193125-10-000001.txt.abc.part"
    new = tmp_path / "2010" / ".0001193125-10-000002.txt.def.part"
    old.write_bytes(b"x")
    new.write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert cache.sweep() == 1
    assert not old.exists() and new.exists()
    assert not cache.has("0001193125-10-000001")


# -- full-text search answers ----------------------------------------------------------------

def test_search_hit_and_params():
    hit = {"_id": "0001193125-22-012003:ex99-1.htm", "_score": 3.1, "_source": {
        "ciks": ["0000855654"], "display_names": ["ImmunoGen, Inc.  (IMGN)  (CIK 0000855654)"],
        "adsh": "0001193125-22-012003", "form": "8-K", "root_forms": ["8-K"],
        "file_date": "2022-02-14", "period_ending": "2022-02-11", "file_type": "EX-99.1",
        "items": ["1.01", "9.01"]}}
    ref = hit_to_ref(hit)
    assert (ref.accession, ref.cik, ref.form, ref.filed) == ("0001193125-22-012003", 855654, "8-K",
                                                           date(2022, 2, 14))
    assert ref.items == ("1.01", "9.01") and ref.company == "ImmunoGen, Inc."
    assert hit_to_ref({"_id": "x", "_source": {}}) is None
    assert company_name("SOLSTICE GENOMICS INC  (CIK 0001222333)") == "SOLSTICE GENOMICS INC"
    p = params_for('"license agreement"', Selection(forms=("10-K",), since=date(2020, 1, 1)),
                   cik=855654, offset=100, today=date(2024, 5, 1))
    assert p == {"q": '"license agreement"', "forms": "10-K,10-K405,10-KSB,10-KT",
                 "dateRange": "custom", "startdt": "2020-01-01", "enddt": "2024-05-01",
                 "ciks": "0000855654", "from": "100"}
    assert "dateRange" not in params_for("x", Selection())


# -- interruption ------------------------------------------------------------------------------

def test_interrupted_run_keeps_complete_files_only_and_resumes(edgar_env, tmp_path):
    query = edgar_fetch.Query(cik=1111111)
    selection = Selection()
    calls = []

    def stop_after_three(outcome):
        calls.append(outcome)
        if len(calls) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        edgar_fetch.run(query, selection, on_done=stop_after_three)
    cache = tmp_path / "cache"
    complete = sorted(cache.glob("*/*.txt"))
    assert 3 <= len(complete) < 25
    assert not list(cache.glob("*/.*.part"))
    for path in complete:
        assert path.read_text().rstrip().endswith("</SEC-DOCUMENT>")
    edgar_env.clear_log()

    report = edgar_fetch.run(query, selection)
    assert report.ok and len(report.fetched) == 25
    assert len(report.downloaded) == 25 - len(complete)
    assert len(edgar_env.requests("/Archives/")) == 25 - len(complete)
