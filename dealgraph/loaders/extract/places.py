"""Place names: countries and regions that licences are granted for.

A gazetteer of geography (not of companies): it lets the territory rules find "Japan",
"Greater China" or "the South Pacific" after "rights in", and lets the name rules refuse a
place as a company name ("an investment in China").
"""

from __future__ import annotations

import re

REGIONS = """
worldwide|global|greater china|mainland china|china|hong kong|macau|macao|taiwan|japan|south korea|
republic of korea|korea|north korea|singapore|india|indonesia|malaysia|thailand|vietnam|philippines|
australia|new zealand|fiji|south pacific|pacific|asia|southeast asia|asia pacific|asia-pacific|apac|
middle east|north africa|africa|south africa|israel|turkey|russia|ukraine|europe|european union|eu|
eea|european economic area|eu27|united kingdom|uk|great britain|ireland|germany|france|italy|spain|
portugal|switzerland|austria|belgium|netherlands|luxembourg|denmark|sweden|norway|finland|iceland|
poland|czech republic|hungary|greece|romania|nordic countries|nordics|scandinavia|dach|benelux|
united states|u.s.|us|usa|u.s.a.|america|north america|canada|mexico|latin america|south america|
central america|caribbean|brazil|argentina|chile|colombia|peru|gulf cooperation council|gcc|
saudi arabia|united arab emirates|uae|egypt|pakistan|bangladesh|ex-china|ex-us|ex-u.s.|ex-japan
""".replace("\n", "").split("|")
PLACES = frozenset(r.strip() for r in REGIONS if r.strip())

# Words that name places when capitalized (used to refuse them as company names).
PLACE_WORDS = frozenset(
    {w for p in PLACES for w in p.split()}
    | {
        "california",
        "massachusetts",
        "delaware",
        "texas",
        "new",
        "york",
        "boston",
        "cambridge",
        "london",
        "paris",
        "tokyo",
        "shanghai",
        "beijing",
        "seattle",
        "san",
        "diego",
        "francisco",
        "washington",
        "chicago",
        "basel",
        "zurich",
        "munich",
        "stockholm",
        "lund",
        "uppsala",
        "kentucky",
        "ohio",
        "virginia",
        "maryland",
        "iowa",
        "nevada",
        "cayman",
        "islands",
        "swedish",
        "italian",
        "italy's",
        "chinese",
        "japanese",
        "german",
        "french",
        "dutch",
        "british",
    }
)

_PLACE_RE = re.compile(
    r"(?<![\w-])(" + "|".join(sorted((re.escape(p) for p in PLACES), key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)


def find_places(text: str) -> list[tuple[int, int, str]]:
    """(start, end, matched text) for every place name, case-insensitively for long names.

    Two-letter names ("US", "UK", "EU") count only in capitals, so that "us" the pronoun does not.
    """
    out = []
    for m in _PLACE_RE.finditer(text):
        word = m.group(1)
        if len(word.replace(".", "")) <= 3 and not word.isupper():
            continue
        out.append((m.start(1), m.end(1), word))
    return out


def is_place(name: str) -> bool:
    return name.strip().lower().rstrip(".") in PLACES or name.strip().lower() in PLACES
