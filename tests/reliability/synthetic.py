"""Small synthetic 8-Ks, each a different deal between made-up companies, for batch tests."""
from __future__ import annotations

import random
from pathlib import Path

_FIRST = ["Acme", "Borealis", "Cygnet", "Dunmore", "Elmwood", "Fairhaven", "Granite", "Halcyon",
          "Ironbridge", "Juniper", "Kestrel", "Lumen", "Meridian", "Northgate", "Oakridge", "Pinecrest"]
_SECOND = ["Bio", "Therapeutics", "Pharma", "Biosciences", "Genomics", "Oncology"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_TARGETS = ["an undisclosed tumor cell target", "the CD20 antigen", "HER2", "the EGF receptor"]


def company(i: int) -> str:
    return f"{_FIRST[i % len(_FIRST)]} {_SECOND[(i // len(_FIRST)) % len(_SECOND)]}, Inc."


def filing_text(i: int, *, registrant: str | None = None, partner: str | None = None) -> str:
    """The text of a plain 8-K announcing license deal number ``i``."""
    rnd = random.Random(i)
    me = registrant or company(i)
    other = partner or company(i + 7).replace(", Inc.", " Corporation")
    month, day, year = _MONTHS[rnd.randrange(12)], rnd.randint(1, 28), 2005 + rnd.randrange(15)
    upfront, milestones = rnd.randint(1, 40), rnd.randint(50, 900)
    return f"""UNITED STATES SECURITIES AND EXCHANGE COMMISSION
Washington, D.C. 20549

FORM 8-K

CURRENT REPORT

Date of Report (Date of earliest event reported): {month} {day}, {year}

{me}
(Exact name of registrant as specified in its charter)

Delaware\t0-{20000 + i}\t{10 + i % 89:02d}-{1000000 + i}
(State or other\t(Commission\t(IRS Employer
jurisdiction of\tFile Number)\tIdentification No.)
incorporation)

{100 + i} Main Street, Cambridge, MA 02139
(Address of principal executive offices) (Zip Code)

Item 1.01. Entry into a Material Definitive Agreement.

On {month} {day}, {year}, {me} and {other} entered into an exclusive license agreement. Under the \
terms of the agreement, {other} will receive exclusive worldwide rights to develop and commercialize \
antibodies directed to {_TARGETS[i % len(_TARGETS)]} using technology developed by {me}.

{me} will receive from {other} an upfront payment of ${upfront} million, up to an additional \
${milestones} million if certain milestones are met, and royalties on the sales of any resulting products.

Item 9.01. Financial Statements and Exhibits.

Pursuant to the requirements of the Securities Exchange Act of 1934, the Registrant has duly caused \
this report to be signed on its behalf by the undersigned hereunto duly authorized.

{me}
"""


def write_batch(folder: Path, n: int, *, start: int = 0) -> list[Path]:
    """``n`` synthetic filings in ``folder`` (created), named so that they sort in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"filing-{i:04d}.txt"
        path.write_text(filing_text(i), encoding="utf-8")
        paths.append(path)
    return paths
