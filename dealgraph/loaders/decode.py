"""Bytes to text: refuse what is not text, and guess the encoding of what is."""
from __future__ import annotations

import re

from dealgraph.errors import InputError

# Magic numbers of files people drop into a folder of filings by mistake.
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
}
# Control characters (but tab, line feed, carriage return and form feed, which the readers use)
# become spaces here, once, so that evidence quotes are verbatim slices of what is stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, path: str) -> str:
    """Return the text of a file, or raise InputError saying why it is not a text filing."""
    return _CONTROL.sub(" ", _decode(data, path))


def _decode(data: bytes, path: str) -> str:
    if not data.strip():
        raise InputError(path, "empty file")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(path, f"not a text filing: looks like {what}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")  # (a truncated file may end mid-character)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:  # UTF-16 without a byte order mark
        try:
            return data.decode("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")
        except UnicodeDecodeError:
            raise InputError(path, "not a text filing: binary content") from None
    if b"\x00" in head:
        raise InputError(path, "not a text filing: binary content")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
