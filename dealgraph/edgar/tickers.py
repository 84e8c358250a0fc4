"""Ticker -> CIK, from SEC's company ticker list (https://www.sec.gov/files/company_tickers.json).

The list is a JSON object of rows ``{"cik_str": 855654, "ticker": "IMGN", "title": "..."}``
keyed "0", "1", ...; it holds the tickers of companies that file today, so a company that was
acquired or delisted drops out of it (look it up by ``--cik`` then).
"""
from __future__ import annotations

from dealgraph.edgar.errors import EdgarError, EdgarNotFound
from dealgraph.edgar.http import EdgarClient
from dealgraph.edgar.records import Company


def normalize_ticker(ticker: str) -> str:
    """SEC writes class shares with a dash: ``BRK.B`` -> ``BRK-B``."""
    return ticker.strip().upper().replace(".", "-").replace("/", "-")


def rows(payload) -> list[dict]:
    if isinstance(payload, dict):
        if "fields" in payload and "data" in payload:      # company_tickers_exchange.json shape
            names = payload["fields"]
            return [dict(zip(names, row)) for row in payload["data"]]
        return [row for row in payload.values() if isinstance(row, dict)]
    if isinstance(payload, list):
        return [row for row in payload if isinstance(row, dict)]
    raise EdgarError("SEC's company ticker list has an unexpected shape")


def lookup_ticker(client: EdgarClient, ticker: str) -> Company:
    wanted = normalize_ticker(ticker)
    payload = client.get_json(client.endpoints.company_tickers())
    for row in rows(payload):
        if normalize_ticker(str(row.get("ticker", ""))) == wanted:
            try:
                cik = int(row.get("cik_str", row.get("cik")))
            except (TypeError, ValueError):
                raise EdgarError(f"SEC's ticker list has no usable CIK for {wanted}") from None
            return Company(cik=cik, name=row.get("title") or row.get("name"), ticker=wanted)
    raise EdgarNotFound(
        f"ticker {wanted} is not in SEC's company ticker list, which only holds current tickers "
        f"(companies that were acquired or delisted drop out of it); look the company up on "
        f"https://www.sec.gov/edgar/searchedgar/companysearch and use --cik instead")
