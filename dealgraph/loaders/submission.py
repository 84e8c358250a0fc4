"""EDGAR full-submission files: an <SEC-HEADER> and several <DOCUMENT>s.

Also reads the one-document-per-record layout of research 8-K corpora
(``<DOCUMENT>`` / ``FILE:`` / ``TIME:`` / ``ITEM:`` / ``TEXT:``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dealgraph.loaders.dates import parse_date
from dealgraph.loaders.items import items_from_titles
from dealgraph.records import Registrant

_DOC = re.compile(r"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.S | re.I)
_TAG = re.compile(r"^<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>[ \t]*([^\n<]*)", re.M | re.I)
_TEXT = re.compile(r"<TEXT>(.*?)(?:</TEXT>|\Z)", re.S | re.I)
_FIELD = re.compile(r"^[ \t]*([A-Z][A-Z0-9 ()/-]+?):[ \t]*(.*?)[ \t]*$", re.M)
ACCESSION = re.compile(r"\b(\d{10}-\d{2}-\d{6})\b")
# Documents that carry no prose: images, archives, XBRL data, spreadsheets.
_SKIP_TYPES = re.compile(r"^(GRAPHIC|ZIP|EXCEL|XML|JSON|PDF|EX-101|EX-104|.*\.(?:jpg|gif|png|xsd|xml))", re.I)


@dataclass(frozen=True)
class RawDocument:
    doc_type: str
    body: str
    filename: str | None
    description: str | None


@dataclass(frozen=True)
class Header:
    accession: str | None
    form_type: str | None
    filed_on: object
    period: object
    items: tuple[str, ...]
    registrant: Registrant


def is_submission(text: str) -> bool:
    head = text[:4000]
    return "<SEC-HEADER>" in head or "<SEC-DOCUMENT>" in head or "<IMS-HEADER>" in head or (
        "<DOCUMENT>" in head and ("<TYPE>" in text[:20000] or "\nFILE:" in head))


def _header_fields(header: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for m in _FIELD.finditer(header):
        fields.setdefault(m.group(1).strip().upper(), []).append(m.group(2).strip())
    return fields


def _first(fields: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        for value in fields.get(name, []):
            if value:
                return value
    return None


def parse_header(header: str) -> Header:
    """The SEC header's facts: accession, form, dates, items and the (first) filer."""
    filer_part = re.split(r"\n\s*(?:SUBJECT COMPANY|FILED BY|REPORTING-OWNER):", header, maxsplit=1)[0]
    fields = _header_fields(header)
    filer = _header_fields(filer_part)
    cik = _first(filer, "CENTRAL INDEX KEY")
    sic = _first(filer, "STANDARD INDUSTRIAL CLASSIFICATION")
    if sic and (m := re.search(r"\[(\d{3,4})\]", sic)):
        sic = m.group(1)
    irs = _first(filer, "IRS NUMBER")
    if irs and not irs.strip("0"):
        irs = None
    if irs and re.fullmatch(r"\d{9}", irs):
        irs = f"{irs[:2]}-{irs[2:]}"
    street = _first(filer, "STREET 1")
    address = ", ".join(p for p in (street, _first(filer, "CITY"), _first(filer, "STATE"),
                                    _first(filer, "ZIP")) if p) or None
    items = tuple(re.sub(r"^0*(\d+)\.(\d+)$", r"\1.\2", v) for v in fields.get("ITEMS", []))
    if not items:
        items = items_from_titles(fields.get("ITEM INFORMATION", []))
    registrant = Registrant(
        name=_first(filer, "COMPANY CONFORMED NAME"),
        cik=str(int(cik)) if cik and cik.isdigit() else cik,
        sic=sic,
        state_of_incorporation=_first(filer, "STATE OF INCORPORATION"),
        file_number=_first(filer, "SEC FILE NUMBER"),
        irs_number=irs,
        address=address,
        former_names=tuple(fields.get("FORMER CONFORMED NAME", [])),
    )
    accession = _first(fields, "ACCESSION NUMBER")
    return Header(
        accession=accession if accession and ACCESSION.fullmatch(accession) else None,
        form_type=_first(fields, "CONFORMED SUBMISSION TYPE", "FORM TYPE"),
        filed_on=parse_date(_first(fields, "FILED AS OF DATE") or ""),
        period=parse_date(_first(fields, "CONFORMED PERIOD OF REPORT") or ""),
        items=items,
        registrant=registrant,
    )


def split_submission(text: str) -> tuple[str, list[RawDocument]]:
    """The header text and the documents that carry prose, in filing order."""
    m = re.search(r"<SEC-HEADER>(.*?)</SEC-HEADER>", text, re.S | re.I) or \
        re.search(r"<IMS-HEADER>(.*?)</IMS-HEADER>", text, re.S | re.I)
    header = m.group(1) if m else ""
    docs: list[RawDocument] = []
    for d in _DOC.finditer(text):
        block = d.group(1)
        tags = {k.upper(): v.strip() for k, v in _TAG.findall(block[:3000])}
        body_match = _TEXT.search(block)
        if body_match:
            body = body_match.group(1)
        elif "\nTEXT:" in block[:5000]:  # research-corpus record
            pre, body = block.split("\nTEXT:", 1)
            tags.setdefault("TYPE", "8-K")
            if not header:
                header = pre
        else:
            body = block
        doc_type = tags.get("TYPE", "TEXT").strip() or "TEXT"
        if _SKIP_TYPES.match(doc_type) or re.match(r"\s*begin \d{3} ", body[:200]):
            continue
        body = re.sub(r"</?(?:XBRL|PDF|XML)>", "", body, flags=re.I)
        docs.append(RawDocument(doc_type.upper(), body, tags.get("FILENAME"), tags.get("DESCRIPTION")))
    return header, docs


def corpus_record_fields(header: str) -> dict[str, str]:
    """FILE:/TIME:/EVENTS: lines of a research-corpus record."""
    return {k.upper(): v.strip() for k, v in re.findall(r"^([A-Z]+):[ \t]*(.*)$", header, re.M)}
