"""Amounts of money as filings write them, with what the words around them say.

Reads "$1 million", "$7.5 million", "US$14.5 million", "USD 142 million", "EUR 250,000",
"€10 million", "¥3,500,000,000", "$100,000,000", "$0.3 million", "U.S. $10,000,000",
"$15 mln", "$100M", "61.25 billion euros", "0.45 krona", "One Million Dollars", and redacted
amounts such as "$[***]" or "U.S. $[ * ]" (the amount is withheld; the currency is known).

Each :class:`Money` also says whether the words before it make it a ceiling ("up to",
"not more than"), an estimate ("approximately"), whether it is a price per share or per unit,
and whether it only restates the amount just before it in another currency
("€10 million (approximately $14.5 million)" — the conversion is not a second amount).

Every pattern here is a plain alternation with bounded repetition: matching is linear in the
length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dealgraph.loaders.extract.fastre import gated

SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "U.S.$": "USD",
    "U.S. $": "USD",
    "USD": "USD",
    "USD$": "USD",
    "USD $": "USD",
    "AU$": "AUD",
    "A$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "HK$": "HKD",
    "NT$": "TWD",
    "S$": "SGD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "₤": "GBP",
    "¥": "JPY",
    "₩": "KRW",
    "₹": "INR",
    "RMB": "CNY",
    "NIS": "ILS",
}
CODES = (
    "EUR",
    "GBP",
    "JPY",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "CNY",
    "HKD",
    "AUD",
    "CAD",
    "KRW",
    "INR",
    "TWD",
    "SGD",
    "ILS",
    "BRL",
    "ZAR",
    "MXN",
    "NZD",
    "PLN",
    "USD",
)
WORD_CURRENCIES = {
    "dollar": "USD",
    "dollars": "USD",
    "u.s. dollars": "USD",
    "us dollars": "USD",
    "united states dollars": "USD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "hong kong dollars": "HKD",
    "singapore dollars": "SGD",
    "new taiwan dollars": "TWD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "yen": "JPY",
    "japanese yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "swiss francs": "CHF",
    "francs": "CHF",
    "krona": "SEK",
    "kronor": "SEK",
    "swedish krona": "SEK",
    "swedish kronor": "SEK",
    "danish kroner": "DKK",
    "kroner": "DKK",
    "krone": "NOK",
    "norwegian krone": "NOK",
    "norwegian kroner": "NOK",
    "won": "KRW",
    "korean won": "KRW",
    "rupees": "INR",
}
SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mln": 10**6,
    "mn": 10**6,
    "mm": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
}

_PREFIX = (
    r"U\.S\.\s?\$|US\$|USD\s?\$|AU\$|CA\$|HK\$|NT\$|(?<![A-Za-z])[ACSR]\$|\$|€|£|₤|¥|₩|₹"
    r"|(?<![A-Za-z])(?:RMB|NIS|" + "|".join(CODES) + r")(?![A-Za-z])"
)
_NUM = r"\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,6})?(?!\d|,\d)|\d{1,15}(?:\.\d{1,6})?(?!\d)|\.\d{1,6}(?!\d)"
_SCALE = r"thousand|million|billion|trillion|mln|mn|mm|bn|[mMbBkK](?![A-Za-z])"
_WORDCUR = (
    r"(?:(?:U\.S\.|US|United\s+States|Australian|Canadian|Hong\s+Kong|Singapore|New\s+Taiwan|"
    r"Swedish|Danish|Norwegian|Swiss|Japanese|Korean)\s+)?"
    r"(?:dollars?|euros?|pounds(?:\s+sterling)?|yen|yuan|renminbi|francs|kronor|krona|kroner|krone|"
    r"won|rupees)"
)

_MONEY = re.compile(
    rf"(?P<cur>{_PREFIX})\s{{0,2}}(?:(?P<num>{_NUM})(?:\s{{0,2}}(?P<scale>{_SCALE}))?"
    rf"|(?P<red>\[\s{{0,3}}[*\u2026. ]{{1,12}}\s{{0,3}}\]|\*{{3,}}))"
    rf"|(?<![\w.])(?P<num2>{_NUM})(?:\s{{0,2}}(?P<scale2>{_SCALE}))?[\s-]{{0,2}}(?P<cur2>{_WORDCUR}|(?:"
    + "|".join(CODES)
    + r"))(?![A-Za-z])"
    rf"|(?P<red2>\[\s{{0,3}}[*\u2026. ]{{1,12}}\s{{0,3}}\])\s{{0,2}}(?P<cur3>{_WORDCUR})(?![A-Za-z])",
    re.IGNORECASE,
)
_MONEY = gated(_MONEY)
_AMOUNT_SIGN = re.compile(r"[\d\[*]")

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_MULT = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_SPELLED = gated(re.compile(r"\b(dollars|euros)\b", re.IGNORECASE))
_WORD_BACK = re.compile(r"([A-Za-z]+)[\s-]*$")

_UP_TO = re.compile(
    r"(?:\bup\s+to|\bnot\s+(?:more|greater)\s+than|\bnot\s+to\s+exceed|\bmaximum\s+(?:amount\s+)?of|"
    r"\bcapped\s+at|\bat\s+most)"
    r"(?:\s+(?:an?|the|additional|aggregate|total|combined|of|approximately|approx\.|about|further|"
    r"amounts?|in|USD|US)){0,6}\s*$",
    re.IGNORECASE,
)
_APPROX = re.compile(
    r"(?:approximately|approx\.?|about|around|roughly|nearly|almost|some|~|circa)\s*$", re.IGNORECASE
)
_PER_UNIT = re.compile(
    r"^(?:\s*\([^()]{0,80}\))?\s*(?:net\s+)?(?:in\s+)?(?:cash\s+)?(?:-|\s)?(?:per|a|each|for\s+each)[\s-]+"
    r"(?:[\w.’'-]+\s+){0,2}?(?:share|shares|unit|units|vial|dose|tablet|pill|ads|ordinary|common|piece)\b"
    r"|^\s*/\s*(?:share|unit)",
    re.IGNORECASE,
)
_PER_BEFORE = re.compile(
    r"(?:price\s+of|par\s+value(?:\s+of)?|per\s+share\s+(?:price|of)|"
    r"exercise\s+price\s+of|conversion\s+price\s+of)\s*$",
    re.IGNORECASE,
)
_CONVERSION_GAP = re.compile(
    r"^\s*(?:\(|,?\s*or\b|,?\s*i\.e\.,?|\s-\s)\s*(?:approximately|approx\.?|about|roughly|some|"
    r"equivalent\s+to|equal\s+to|US)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Money:
    """One amount of money; ``start``/``end`` are offsets into the text that was searched."""

    start: int
    end: int
    text: str
    amount: Decimal | None  # whole currency units; None when redacted
    currency: str | None  # ISO 4217
    redacted: bool = False
    up_to: bool = False
    approx: bool = False
    per_unit: bool = False  # a price per share, per unit sold …
    conversion: bool = False  # restates the amount before it (another currency)


def whole(value: Decimal) -> Decimal:
    """1.36E+9 -> 1360000000; 0.450 -> 0.45."""
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()
    except InvalidOperation:
        return value


def _amount(num: str, scale: str | None) -> Decimal | None:
    try:
        value = Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None
    if value > Decimal(10) ** 15:
        return None
    if scale:
        mult = SCALES.get(scale.lower())
        if mult is None:
            return None
        value *= mult
    return whole(value)


def _currency_symbol(raw: str) -> str:
    key = re.sub(r"\s+", " ", raw.strip())
    if key in SYMBOLS:
        return SYMBOLS[key]
    if key.upper() in SYMBOLS:
        return SYMBOLS[key.upper()]
    if key.upper() in CODES:
        return key.upper()
    return "USD"


def _currency_word(raw: str) -> str:
    key = re.sub(r"\s+", " ", raw.strip().lower())
    if key in WORD_CURRENCIES:
        return WORD_CURRENCIES[key]
    if key.upper() in CODES:
        return key.upper()
    last = key.split(" ")[-1]
    return WORD_CURRENCIES.get(last, "USD")


def _spelled(text: str) -> list[tuple[int, int, Decimal, str]]:
    """'One Million Dollars' -> (start, end, 1000000, 'USD')."""
    found = []
    for m in _SPELLED.finditer(text):
        pos = m.start()
        adj = re.search(
            r"(?:United\s+States|U\.S\.|US|Canadian|Australian)\s+$", text[max(0, pos - 20) : pos]
        )
        if adj:
            pos -= len(adj.group(0))
        words: list[tuple[int, str]] = []
        while len(words) < 12:
            w = _WORD_BACK.search(text, max(0, pos - 20), pos)
            if not w:
                break
            word = w.group(1).lower()
            if word not in _UNITS and word not in _MULT and word != "and":
                break
            words.append((w.start(1), word))
            pos = w.start(1)
        while words and words[-1][1] == "and":
            words.pop()
        if not words or all(w == "and" for _, w in words):
            continue
        total = current = 0
        for _, word in reversed(words):
            if word in _UNITS:
                current += _UNITS[word]
            elif word == "hundred":
                current = max(current, 1) * 100
            elif word in _MULT:
                total += max(current, 1) * _MULT[word]
                current = 0
        total += current
        if total:
            currency = "EUR" if m.group(1).lower() == "euros" else "USD"
            if adj and adj.group(0).strip().startswith(("Canadian", "Australian")):
                currency = "CAD" if adj.group(0).startswith("Canadian") else "AUD"
            found.append((words[-1][0], m.end(), Decimal(total), currency))
    return found


def find_money(text: str) -> list[Money]:
    """Every amount of money in ``text``, left to right."""
    raw: list[tuple[int, int, Decimal | None, str | None, bool]] = []
    # every amount has a digit, or a bracket or asterisk where it is withheld
    for m in _MONEY.finditer(text) if _AMOUNT_SIGN.search(text) else ():
        if m.group("cur"):
            currency = _currency_symbol(m.group("cur"))
            if m.group("red"):
                raw.append((m.start(), m.end(), None, currency, True))
                continue
            scale = m.group("scale")
            if scale and len(scale) == 1 and scale in "mMbBkK":
                nxt = text[m.end("scale") : m.end("scale") + 1]
                if nxt in ("-", "&", "'"):  # "$5 M-something" is not a scale
                    scale = None
            amount = _amount(m.group("num"), scale)
            end = m.end() if scale else m.end("num")
            raw.append((m.start(), end, amount, currency, False))
        elif m.group("num2"):
            currency = _currency_word(m.group("cur2"))
            raw.append((m.start(), m.end(), _amount(m.group("num2"), m.group("scale2")), currency, False))
        else:
            raw.append((m.start(), m.end(), None, _currency_word(m.group("cur3")), True))
    taken = [(s, e) for s, e, *_ in raw]
    for s, e, amount, currency in _spelled(text):
        if not any(a < e and s < b for a, b in taken):
            raw.append((s, e, amount, currency, False))
    raw.sort(key=lambda r: r[0])

    out: list[Money] = []
    for s, e, amount, currency, redacted in raw:
        if amount is None and not redacted:
            continue
        before = text[max(0, s - 60) : s]
        after = text[e : e + 120]
        per_unit = bool(_PER_UNIT.match(after)) or (
            bool(_PER_BEFORE.search(before)) and amount is not None and amount < 1000
        )
        conversion = False
        if out:
            prev = out[-1]
            gap = text[prev.end : s]
            if (
                len(gap) < 30
                and _CONVERSION_GAP.match(gap)
                and (prev.currency != currency or prev.amount == amount)
            ):
                conversion = True
        out.append(
            Money(
                start=s,
                end=e,
                text=text[s:e],
                amount=amount,
                currency=currency,
                redacted=redacted,
                up_to=bool(_UP_TO.search(before)),
                approx=bool(_APPROX.search(before)),
                per_unit=per_unit,
                conversion=conversion,
            )
        )
    return out
