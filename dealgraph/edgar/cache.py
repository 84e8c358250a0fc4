"""Full-submission files on disk, keyed by accession number.

Layout: ``<root>/<year>/<accession>.txt``, the year read from the accession number
(``0001193125-10-123456`` -> ``2010``), so that no folder grows without bound.

A file is written to a temporary file in the same folder, flushed, fsync'ed and renamed into
place, so a file that exists under its final name is complete: an interrupted run leaves at most
a ``.part`` file, which never counts as cached and is swept away by a later run.
"""
from __future__ import annotations

import os
import re
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from dealgraph.edgar.errors import EdgarConfigError, EdgarError

ACCESSION = re.compile(r"^\d{10}-\d{2}-\d{6}$")
PART_SUFFIX = ".part"
STALE_PART_SECONDS = 3600.0


def normalize_accession(value: str) -> str:
    """``0001193125-10-123456`` from that or from ``000119312510123456``."""
    text = value.strip()
    digits = text.replace("-", "")
    if not digits.isdigit() or len(digits) != 18:
        raise EdgarError(f"not an accession number: {value!r}")
    return f"{digits[:10]}-{digits[10:12]}-{digits[12:]}"


def accession_year(accession: str) -> int:
    yy = int(accession[11:13])
    return 1900 + yy if yy >= 90 else 2000 + yy


class FilingCache:
    """Where full submissions live between runs."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def ensure(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EdgarConfigError(f"cannot create the cache folder {self.root}: {exc}") from exc
        if not os.access(self.root, os.W_OK):
            raise EdgarConfigError(f"the cache folder {self.root} is not writable")

    def path(self, accession: str) -> Path:
        accession = normalize_accession(accession)
        return self.root / str(accession_year(accession)) / f"{accession}.txt"

    def has(self, accession: str) -> bool:
        path = self.path(accession)
        try:
            return path.is_file() and path.stat().st_size > 0
        except OSError:
            return False

    @contextmanager
    def writer(self, accession: str) -> Iterator[IO[bytes]]:
        """A binary file to write the filing into; it becomes the cached file only on success.

        On any exception (including KeyboardInterrupt) the temporary file is removed and the
        previous cached version, if any, is left untouched.
        """
        final = self.path(accession)
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=PART_SUFFIX, dir=final.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            if tmp.stat().st_size == 0:
                raise EdgarError(f"EDGAR sent an empty file for {accession}")
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def sweep(self, older_than: float = STALE_PART_SECONDS) -> int:
        """Remove ``.part`` files left by runs that were killed; return how many."""
        if not self.root.is_dir():
            return 0
        limit = time.time() - older_than
        removed = 0
        for part in self.root.glob(f"*/.*{PART_SUFFIX}"):
            try:
                if part.stat().st_mtime < limit:
                    part.unlink()
                    removed += 1
            except OSError:
                continue
        return removed


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
