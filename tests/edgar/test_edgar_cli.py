"""``dealgraph fetch`` end to end against the fake EDGAR of conftest.py (no internet)."""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.edgar import http as edgar_http

# the same numbers as the fake EDGAR in conftest.py
UA = "Test Runner test.runner@example.org"
IMGN_CIK = 855654
RATE_CIK = 1111111


def acc(prefix: int, year: int, seq: int) -> str:
    return f"{prefix:010d}-{year % 100:02d}-{seq:06d}"


def fetch(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["fetch", "--no-progress", *args], env=env)


def archive_paths(server) -> list[str]:
    return [h.path for h in server.requests("/Archives/")]


def accession_of(path: str) -> str:
    return Path(path).name[:-4]


def cached(tmp_path: Path) -> set[str]:
    return {p.name[:-4] for p in (tmp_path / "cache").glob("*/*.txt") if not p.name.startswith(".")}


def parts(tmp_path: Path) -> list[Path]:
    return list((tmp_path / "cache").glob("*/.*.part"))


# -- the three commands of the issue -----------------------------------------------------------

def test_ticker_form_since(edgar_env, tmp_path):
    result = fetch("--ticker", "IMGN", "--form", "8-K", "--since", "2004-01-01")
    assert result.exit_code == 0, result.output + result.stderr
    got = [accession_of(line) for line in result.stdout.split()]
    # every 8-K since 2004, newest first, from the recent columns and the older page
    assert got == [acc(1193125, 2023, 41001), acc(1193125, 2022, 12003), acc(1193125, 2020, 51005),
                   acc(1193125, 2010, 88007), acc(1193125, 2008, 66008), acc(1193125, 2006, 44009),
                   acc(950135, 2004, 22010)]
    assert cached(tmp_path) == set(got)
    saved = (tmp_path / "cache" / "2022" / f"{acc(1193125, 2022, 12003)}.txt").read_text()
    assert saved.startswith("<SEC-DOCUMENT>") and "<TYPE>EX-99.1" in saved
    assert saved.rstrip().endswith("</SEC-DOCUMENT>")
    paths = [h.path for h in edgar_env.log]
    assert paths[:3] == ["/files/company_tickers.json", f"/submissions/CIK{IMGN_CIK:010d}.json",
                         f"/submissions/CIK{IMGN_CIK:010d}-submissions-001.json"]
    assert sorted(archive_paths(edgar_env)) == sorted(
        f"/Archives/edgar/data/{IMGN_CIK}/{a.replace('-', '')}/{a}.txt" for a in got)
    assert {h.user_agent for h in edgar_env.log} == {UA}
    assert "7 filing(s) selected, 7 downloaded" in result.stderr


def test_cik_items_until_maps_old_and_new_numbers(edgar_env, tmp_path):
    result = fetch("--cik", str(IMGN_CIK), "--items", "1.01", "--until", "2010-12-31")
    assert result.exit_code == 0, result.output + result.stderr
    got = [accession_of(line) for line in result.stdout.split()]
    assert got == [acc(1193125, 2010, 88007), acc(1193125, 2006, 44009), acc(950135, 2004, 22010)]
    assert "1 8-K(s) left out because EDGAR records no items" in result.stderr

    # old numbering: item 7 of 2003 is today's 9.01; "5" asks for other events (8.01)
    result = fetch("--cik", str(IMGN_CIK), "--items", "9.01", "--until", "2004-12-31", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == [
        acc(950135, 2004, 22010), acc(950135, 2003, 11011)]
    result = fetch("--cik", str(IMGN_CIK), "--items", "5", "--dry-run")
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == [
        acc(1193125, 2023, 41001), acc(1193125, 2008, 66008), acc(950135, 2003, 11011)]


def test_full_text_search(edgar_env, tmp_path):
    result = fetch("--search", "license agreement upfront", "--form", "8-K", "--since", "2020-01-01")
    assert result.exit_code == 0, result.output + result.stderr
    got = [accession_of(line) for line in result.stdout.split()]
    # one per filing, best match first; the 8-K/A and the 2019 filing are left out
    assert got == [acc(1193125, 2022, 12003), acc(1104659, 2021, 70001), acc(1193125, 2023, 41001)]
    searches = edgar_env.requests("/LATEST/search-index")
    assert len(searches) >= 2                                  # paged with "from"
    first = searches[0].query
    assert first["q"] == ["license agreement upfront"]
    assert first["forms"] == ["8-K"]
    assert first["dateRange"] == ["custom"] and first["startdt"] == ["2020-01-01"]
    assert first["enddt"] == [date.today().isoformat()]
    assert "from" not in first and searches[1].query["from"] == ["2"]
    assert f"/Archives/edgar/data/1222333/000110465921070001/{acc(1104659, 2021, 70001)}.txt" in \
        archive_paths(edgar_env)


def test_search_within_one_company_and_limit(edgar_env):
    result = fetch("--search", "license", "--cik", str(IMGN_CIK), "--limit", "1", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert edgar_env.requests("/LATEST/search-index")[0].query["ciks"] == [f"{IMGN_CIK:010d}"]
    assert len(result.stdout.splitlines()) == 1


# -- SEC's rules -------------------------------------------------------------------------------

def test_rate_limit_at_most_ten_requests_in_any_second(edgar_env, tmp_path):
    result = fetch("--cik", str(RATE_CIK), "--form", "8-K")
    assert result.exit_code == 0, result.output + result.stderr
    times = sorted(h.at for h in edgar_env.log)
    assert len(times) == 26                                   # submissions JSON + 25 filings
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert busiest <= edgar_http.MAX_REQUESTS
    # and the limiter did bind: 26 local requests would otherwise take a fraction of a second
    assert times[-1] - times[0] >= 2.0
    print(f"max requests in any 1-second window: {busiest}")


def test_429_and_503_are_retried(edgar_env, tmp_path):
    target = acc(1193125, 2022, 12003)
    filing_path = f"/Archives/edgar/data/{IMGN_CIK}/{target.replace('-', '')}/{target}.txt"
    edgar_env.fail("/files/company_tickers.json", ("429", {"Retry-After": "0"}))
    edgar_env.fail(f"/submissions/CIK{IMGN_CIK:010d}.json", "503")
    edgar_env.fail(filing_path, "503", ("429", {"Retry-After": "0"}), "503")
    result = fetch("--ticker", "IMGN", "--since", "2020-01-01")
    assert result.exit_code == 0, result.output + result.stderr
    assert Counter(h.path for h in edgar_env.log)[filing_path] == 4
    assert len(edgar_env.requests("/files/company_tickers.json")) == 2
    assert target in cached(tmp_path)


def test_retry_after_is_honoured(edgar_env):
    edgar_env.fail(f"/submissions/CIK{IMGN_CIK:010d}.json", ("429", {"Retry-After": "1"}))
    result = fetch("--cik", str(IMGN_CIK), "--since", "2023-01-01", "--dry-run")
    assert result.exit_code == 0, result.stderr
    first, second = edgar_env.requests("/submissions/")[:2]
    assert second.at - first.at >= 0.95


def test_persistent_5xx_fails_the_filing_not_the_run(edgar_env, tmp_path):
    bad = acc(1193125, 2020, 51005)
    edgar_env.fail_always(f"/Archives/edgar/data/{IMGN_CIK}/{bad.replace('-', '')}/{bad}.txt", "503")
    result = fetch("--cik", str(IMGN_CIK), "--since", "2020-01-01")
    assert result.exit_code == 1
    assert f"failed: {bad} (8-K, filed 2020-09-09): EDGAR answered HTTP 503" in result.stderr
    assert len(edgar_env.requests(f"/Archives/edgar/data/{IMGN_CIK}/{bad.replace('-', '')}")) == \
        edgar_http.MAX_ATTEMPTS
    assert cached(tmp_path) == {acc(1193125, 2023, 41001), acc(1193125, 2022, 12003)}


def test_403_stops_with_a_clear_message(edgar_env):
    edgar_env.fail_always(f"/submissions/CIK{IMGN_CIK:010d}.json", "403")
    result = fetch("--cik", str(IMGN_CIK))
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("Error: SEC refused the request (403): check your User-Agent")
    assert "\n" not in line
    assert len(edgar_env.requests("/submissions/")) == 1         # no retrying a refusal


def test_403_on_a_filing_stops_the_other_downloads(edgar_env, tmp_path):
    recent = [acc(1234567, 2022, 100 + i) for i in range(25)]
    for a in recent:
        edgar_env.fail_always(f"/Archives/edgar/data/{RATE_CIK}/{a.replace('-', '')}/{a}.txt", "403")
    result = fetch("--cik", str(RATE_CIK))
    assert result.exit_code == 1
    assert "SEC refused the request (403)" in result.stderr
    assert len(archive_paths(edgar_env)) < 25
    assert not parts(tmp_path)


def test_missing_user_agent_is_refused(edgar_env, monkeypatch):
    monkeypatch.delenv("DEALGRAPH_USER_AGENT")
    result = fetch("--ticker", "IMGN")
    assert result.exit_code == 2
    assert "User-Agent" in result.stderr and "DEALGRAPH_USER_AGENT" in result.stderr
    assert "--user-agent" in result.stderr and "config.toml" in result.stderr
    assert "name and e-mail" in result.stderr
    assert edgar_env.log == []


def test_user_agent_without_an_email_is_refused(edgar_env):
    result = fetch("--ticker", "IMGN", "--user-agent", "python-requests/2.31")
    assert result.exit_code == 2
    assert "has no e-mail address" in result.stderr
    assert edgar_env.log == []


def test_user_agent_from_config_file_and_option(edgar_env, monkeypatch, tmp_path):
    monkeypatch.delenv("DEALGRAPH_USER_AGENT")
    config = tmp_path / "config" / "dealgraph" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('user_agent = "Ada Lovelace ada@example.net"\n')
    assert fetch("--cik", str(IMGN_CIK), "--limit", "1", "--dry-run").exit_code == 0
    assert {h.user_agent for h in edgar_env.log} == {"Ada Lovelace ada@example.net"}
    edgar_env.clear_log()
    assert fetch("--cik", str(IMGN_CIK), "--limit", "1", "--dry-run",
                 "--user-agent", "Grace Hopper grace@example.com").exit_code == 0
    assert {h.user_agent for h in edgar_env.log} == {"Grace Hopper grace@example.com"}


# -- cache, refresh, interruption ----------------------------------------------------------------

def test_cache_is_reused_and_refresh_downloads_again(edgar_env, tmp_path):
    args = ("--cik", str(IMGN_CIK), "--since", "2020-01-01")
    first = fetch(*args)
    assert first.exit_code == 0, first.stderr
    assert len(archive_paths(edgar_env)) == 3
    edgar_env.clear_log()

    second = fetch(*args)
    assert second.exit_code == 0
    assert archive_paths(edgar_env) == []
    assert second.stdout == first.stdout
    assert "3 already in the cache" in second.stderr

    target = acc(1193125, 2022, 12003)
    edgar_env.versions[target] = 2
    third = fetch(*args, "--refresh")
    assert third.exit_code == 0
    assert len(archive_paths(edgar_env)) == 3
    assert "<!-- revision 2 -->" in (tmp_path / "cache" / "2022" / f"{target}.txt").read_text()


def test_cache_option_and_gzip(edgar_env, tmp_path):
    edgar_env.gzip = True
    other = tmp_path / "elsewhere"
    result = fetch("--cik", str(IMGN_CIK), "--since", "2022-01-01", "--cache", str(other))
    assert result.exit_code == 0, result.stderr
    files = sorted(other.glob("*/*.txt"))
    assert [f.name for f in files] == [f"{acc(1193125, 2022, 12003)}.txt", f"{acc(1193125, 2023, 41001)}.txt"]
    assert files[0].read_text().startswith("<SEC-DOCUMENT>")
    assert not (tmp_path / "cache").exists()


def test_dropped_connection_then_resume(edgar_env, tmp_path):
    broken = acc(1193125, 2008, 66008)
    broken_path = f"/Archives/edgar/data/{IMGN_CIK}/{broken.replace('-', '')}/{broken}.txt"
    edgar_env.fail_always(broken_path, "drop")
    args = ("--ticker", "IMGN", "--since", "2004-01-01")

    first = fetch(*args)
    assert first.exit_code == 1
    assert f"failed: {broken}" in first.stderr and "connection closed after" in first.stderr
    assert "run the same command again" in first.stderr
    assert broken not in cached(tmp_path) and len(cached(tmp_path)) == 6
    assert not parts(tmp_path)                              # no half file left behind

    edgar_env.heal()
    edgar_env.clear_log()
    second = fetch(*args)
    assert second.exit_code == 0, second.stderr
    assert archive_paths(edgar_env) == [broken_path]          # only what was missing
    assert broken in cached(tmp_path) and len(cached(tmp_path)) == 7
    text = (tmp_path / "cache" / "2008" / f"{broken}.txt").read_text()
    assert text.rstrip().endswith("</SEC-DOCUMENT>")


def test_a_dropped_connection_once_is_retried(edgar_env, tmp_path):
    target = acc(1193125, 2022, 12003)
    edgar_env.fail(f"/Archives/edgar/data/{IMGN_CIK}/{target.replace('-', '')}/{target}.txt", "drop")
    result = fetch("--cik", str(IMGN_CIK), "--since", "2022-01-01")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "cache" / "2022" / f"{target}.txt").read_text().rstrip().endswith("</SEC-DOCUMENT>")


# -- usage -------------------------------------------------------------------------------------

def test_help_shows_the_examples():
    result = CliRunner().invoke(main, ["fetch", "--help"])
    assert result.exit_code == 0
    for example in ("dealgraph fetch --ticker IMGN --form 8-K --since 2004-01-01 --ingest",
                    "dealgraph fetch --cik 855654 --items 1.01 --until 2010-12-31",
                    'dealgraph fetch --search "license agreement upfront" --form 8-K --since 2020-01-01'):
        assert example in result.output


@pytest.mark.parametrize("args, message", [
    ((), "say which filings to fetch"),
    (("--ticker", "IMGN", "--cik", "855654"), "either --ticker or --cik"),
    (("--cik", "855654", "--items", "1.1x"), "is not an 8-K item"),
    (("--cik", "855654", "--since", "2020-01-01", "--until", "2019-01-01"), "is after --until"),
])
def test_usage_errors_exit_2(edgar_env, args, message):
    result = fetch(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert edgar_env.log == []


def test_unknown_ticker_and_cik(edgar_env):
    result = fetch("--ticker", "ZZZZ")
    assert result.exit_code == 1 and "ticker ZZZZ is not in SEC's company ticker list" in result.stderr
    result = fetch("--cik", "999")
    assert result.exit_code == 1 and "EDGAR has no company with CIK 999" in result.stderr

