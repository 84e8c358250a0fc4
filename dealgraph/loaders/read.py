"""Read one file into a :class:`~dealgraph.records.Filing`.

Three shapes, told apart by content, not by file name:
1. plain text (8-Ks, exhibits, press releases; old fixed-width filings included),
2. HTML or inline XBRL,
3. EDGAR full submissions: an ``<SEC-HEADER>`` and several ``<DOCUMENT>``s, each text or HTML.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from datetime import date, datetime
from pathlib import Path

from dealgraph.errors import InputError
from dealgraph.loaders import submission
from dealgraph.loaders.cover import registrant_from_cover
from dealgraph.loaders.decode import decode
from dealgraph.loaders.html import html_to_text, looks_like_html
from dealgraph.loaders.items import items_from_text, items_from_titles
from dealgraph.loaders.text import normalize
from dealgraph.records import Document, Filing, Registrant

_FORM = re.compile(r"^\s*FORM\s+(8-K(?:/A)?|10-K(?:/A)?|10-Q(?:/A)?|6-K|20-F|S-1|SC TO-T)\b", re.I | re.M)
#: Files larger than this are refused before they are read (bounded time and memory for a batch
#: left running); the environment variable DEALGRAPH_MAX_FILE_MB changes it. The largest real
#: filings we have seen are ~1 MB of text.
MAX_FILE_MB = 25.0
_EXHIBIT = re.compile(r"^\s*(?:EX(?:HIBIT)?[- ]?)(\d{1,3}(?:\.\d{1,3})?(?:\.?\([a-z0-9]+\))*)\s*$", re.I | re.M)


def read_filing(path: str | Path, *, source_name: str | None = None) -> Filing:
    """Read a filing from disk. Raises InputError (naming the file) when it is not one."""
    name = source_name or str(path)
    try:
        st = Path(path).stat()
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
            # reading a named pipe or a device would block or never end
            raise InputError(name, "not a regular file (a named pipe, socket or device)")
        size, limit = st.st_size, max_file_mb()
        if size > limit * 1_000_000:
            raise InputError(name, f"too large ({size / 1e6:.1f} MB; dealgraph reads files up to "
                                   f"{limit:g} MB, set DEALGRAPH_MAX_FILE_MB to change that)")
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a folder, not a file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    return parse_filing(data, name)


def max_file_mb() -> float:
    """The size limit in MB: DEALGRAPH_MAX_FILE_MB when set to a number, else MAX_FILE_MB."""
    try:
        return float(os.environ.get("DEALGRAPH_MAX_FILE_MB", MAX_FILE_MB))
    except ValueError:
        return MAX_FILE_MB


def parse_filing(data: bytes, source_file: str) -> Filing:
    """Parse the bytes of a filing; ``source_file`` is kept as the filing's source."""
    text = decode(data, source_file)
    identity_hint = submission.ACCESSION.search(Path(source_file).name)
    if submission.is_submission(text):
        filing = _read_submission(text, source_file)
    elif looks_like_html(text):
        filing = _read_single(html_to_text(text), source_file, "html")
    else:
        filing = _read_single(normalize(text), source_file, "text")
    if not any(doc.text.strip() for doc in filing.documents):
        raise InputError(source_file, "no text in it")
    accession = filing.accession or (identity_hint.group(1) if identity_hint else None)
    identity = accession or "sha256-" + hashlib.sha256(data).hexdigest()[:20]
    return Filing(**{**filing.__dict__, "accession": accession, "identity": identity})


def _doc_type(text: str, default: str) -> str:
    head = text[:3000]
    if m := _EXHIBIT.search(head[:600]):
        return "EX-" + m.group(1).upper()
    if m := _FORM.search(head):
        return m.group(1).upper()
    return default


def _read_single(text: str, source_file: str, shape: str) -> Filing:
    registrant, report = registrant_from_cover(text)
    doc_type = _doc_type(text, "TEXT")
    form = doc_type if not doc_type.startswith("EX-") and doc_type != "TEXT" else None
    items = items_from_text(text) if form and form.startswith("8-K") else ()
    return Filing(source_file=source_file, identity="", accession=None, form_type=form,
                  filed_on=None, report_date=report, items=items, registrant=registrant,
                  documents=(Document(0, doc_type, text),), shape=shape)


def _read_submission(text: str, source_file: str) -> Filing:
    header_text, raw_docs = submission.split_submission(text)
    if not raw_docs:
        raise InputError(source_file, "EDGAR submission with no readable document")
    documents = []
    for raw in raw_docs:
        body = html_to_text(raw.body) if looks_like_html(raw.body) else normalize(raw.body)
        documents.append(Document(len(documents), raw.doc_type, body, raw.filename, raw.description))
    if "<SEC-HEADER>" in text[:4000] or "<IMS-HEADER>" in text[:4000]:
        header = submission.parse_header(header_text)
        registrant, filed_on, period, items = header.registrant, header.filed_on, header.period, header.items
        accession, form = header.accession, header.form_type
    else:  # a research-corpus record: FILE:/TIME:/EVENTS: lines, no header
        fields = submission.corpus_record_fields(header_text)
        registrant, period = registrant_from_cover(documents[0].text)
        filed_on = _compact_time(fields.get("TIME", ""))
        items = items_from_titles(fields.get("EVENTS", "").split("\t")) or items_from_text(documents[0].text)
        accession, form = None, "8-K" if "8K" in fields.get("FILE", "").upper().replace("-", "") else None
    if not registrant.name or not registrant.state_of_incorporation:
        cover, report = registrant_from_cover(documents[0].text)
        registrant = Registrant(**{k: getattr(registrant, k) or getattr(cover, k)
                                   for k in registrant.__dataclass_fields__})
        period = period or report
    if not items and form and form.startswith("8-K"):
        items = items_from_text(documents[0].text)
    return Filing(source_file=source_file, identity="", accession=accession, form_type=form,
                  filed_on=filed_on, report_date=period, items=items, registrant=registrant,
                  documents=tuple(documents), shape="submission")


def _compact_time(value: str) -> date | None:
    try:
        return datetime.strptime(value[:8], "%Y%m%d").date()
    except ValueError:
        return None
