"""Plain-text normalization shared by every reader.

The text a reader hands to extraction has one paragraph per line: hard line wraps of old
fixed-width filings are joined, page numbers and "-more-" markers are dropped (and a sentence
split by a page break is joined again), tabs separate table cells.
"""
from __future__ import annotations

import re

_PAGE_ARTIFACT = re.compile(
    r"""^\s*(?:
        -?\s*\d{1,3}\s*-?                      # a page number: "3", "- 3 -", "-3-"
      | -\s*more\s*-                           # "-more-" in press releases
      | \(?\s*more\s*\)?                       # "(more)" / "More"
      | <PAGE>\s*\d*                           # EDGAR page markers
      | page\s+\d+(?:\s+of\s+\d+)?             # "Page 2 of 5"
      | \#\s*\#\s*\#                           # "###" end marks
      | [-_=*\s]{3,}                          # rules drawn with dashes or underscores
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_MD_ESCAPE = re.compile(r"\\([$*_#\[\]()`~>|.+!-])")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_SENTENCE_END = re.compile(r"[.!?:;\"'\u201d)\]]\s*$")
_LIST_START = re.compile(r"^\s*(?:[-*\u2022\u25cf]\s|\(?[a-z0-9ivx]{1,4}[.)]\s|item\s+\d)", re.IGNORECASE)


def clean_line(line: str) -> str:
    """Collapse runs of spaces (tabs are kept: they separate table cells)."""
    line = _MD_ESCAPE.sub(r"\1", line.replace("\r", ""))
    line = "\t".join(_SPACES.sub(" ", cell).strip() for cell in line.split("\t"))
    return line.strip("\t ") if "\t" not in line.strip("\t") else line.rstrip()


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None when lines are paragraphs."""
    lengths = sorted(len(line) for line in lines if len(line) > 40 and "\t" not in line)
    if len(lengths) < 3:
        return None
    width = lengths[int(len(lengths) * 0.95)]
    return width if 50 <= width <= 130 else None


def _was_wrapped(previous: str, line: str, width: int) -> bool:
    """True when the first word of ``line`` would not have fit at the end of ``previous``."""
    first_word = line.split(None, 1)[0] if line.strip() else ""
    return len(previous) + 1 + len(first_word) > width - 2


def normalize(text: str, *, unwrap: bool = True) -> str:
    """Normalize a plain-text document: one paragraph per line, no page artifacts.

    With ``unwrap``, lines of a hard-wrapped text (old fixed-width filings) are joined into
    paragraphs: a line continues the previous one when its first word would not have fit there.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    raw_lines = [line.rstrip() for line in text.split("\n")]
    width = _wrap_width(raw_lines) if unwrap else None
    paragraphs: list[str] = []
    current: list[str] = []
    previous_raw = ""
    gap = False  # a page artifact or blank lines stand between current and the next line

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for raw in raw_lines:
        line = clean_line(raw)
        if _PAGE_ARTIFACT.match(line):
            gap = True
            continue
        if not line.strip():
            flush()
            gap = True
            continue
        if (paragraphs and not current and gap and line[:1].islower()
                and not _SENTENCE_END.search(paragraphs[-1])):
            current.append(paragraphs.pop())  # a sentence split by a page break
        elif current and not (width and "\t" not in line and "\t" not in current[-1]
                              and _was_wrapped(previous_raw, line, width)
                              and not _LIST_START.match(line)):
            flush()
        current.append(line.strip() if "\t" not in line else line)
        previous_raw = raw
        gap = False
    flush()
    return "\n".join(paragraphs)
