"""Regular expressions that skip the texts they cannot match.

Most of the extraction patterns are long alternations of keywords compiled with ``re.I``;
Python's engine tries every alternative at every word boundary, so a sentence with none of the
keywords costs as much as one with many.  :func:`gated` wraps a compiled pattern with the set of
literal strings one of which every match must contain, read from the pattern itself (a word,
or the longest run of plain characters of each alternative).  A call first looks for those
strings in the lower-cased text, with plain substring search, and only runs the pattern when
one is there.  Results are exactly those of the pattern: the gate only ever says "cannot match".

A pattern for which no such set can be read (one alternative made only of classes, say) is
returned unchanged.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

# Characters outside ASCII that ``re.I`` matches against an ASCII letter, mapped to that
# letter, so that the lower-cased text contains every keyword the pattern could match.
_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}

_MAX_KEYS = 160  # more alternatives than this: no gate, the checks would cost more than they save
_MAX_CLASS = 3  # a class of at most this many letters ([sc], [sd]) is spelled out in the keys

_last_text: str | None = None
_last_low = ""


def lowered(text: str) -> str:
    """``text`` lower-cased for the gates (the last one is remembered: sentences are read many times)."""
    global _last_text, _last_low
    if text is _last_text:
        return _last_low
    low = text.lower() if text.isascii() else text.translate(_FOLD).lower()
    _last_text, _last_low = text, low
    return low


def _literal(code: int, ignore: bool) -> str | None:
    ch = chr(code)
    if code >= 128:
        # a sign without case ("€", "£") stands for itself; a letter outside ASCII is not used
        return ch if ch.lower() == ch == ch.upper() == ch.casefold() else None
    return ch.lower()


def _class(items, ignore: bool) -> set[str] | None:
    """The few ASCII characters a small class [sc] accepts, lower-cased; None for anything else."""
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL and av < 128:
            chars.add(chr(av).lower())
        else:
            return None
    if not chars or len(chars) > _MAX_CLASS:
        return None
    return chars


def _combine(runs: set[str], more: set[str]) -> set[str]:
    return {a + b for a in runs for b in more}


def _best(options: list[set[str]]) -> set[str] | None:
    """Of several sets any of which would do, the one with the longest shortest key."""
    best = None
    for opt in options:
        if not opt or len(opt) > _MAX_KEYS:
            continue
        score = (min(len(k) for k in opt), -len(opt))
        if best is None or score > best[0]:
            best = (score, opt)
    return best[1] if best else None


def _required(seq, flags: int) -> set[str] | None:
    """Strings one of which every match of the parsed sequence contains (None: unknown)."""
    ignore = bool(flags & C.SRE_FLAG_IGNORECASE)
    options: list[set[str]] = []
    run: set[str] = {""}

    def close() -> None:
        nonlocal run
        if run and min(len(k) for k in run) > 0:
            options.append(run)
        run = {""}

    for op, av in seq:
        if op is C.LITERAL:
            ch = _literal(av, ignore)
            if ch is None:
                close()
            else:
                run = {k + ch for k in run}
            continue
        if op is C.IN:
            chars = _class(av, ignore)
            if chars is None or len(run) * len(chars) > _MAX_KEYS:
                close()
                if chars is not None:
                    run = set(chars)
            else:
                run = _combine(run, chars)
            continue
        if op in (C.AT, C.ASSERT_NOT):
            continue  # zero width: the characters on either side are still adjacent
        if op is C.SUBPATTERN:
            _group, add, delete, sub = av
            inner = _required(sub.data if hasattr(sub, "data") else sub, (flags | add) & ~delete)
            close()
            if inner:
                options.append(inner)
            continue
        if op is C.BRANCH:
            close()
            union: set[str] = set()
            for alt in av[1]:
                r = _required(alt.data if hasattr(alt, "data") else alt, flags)
                if not r:
                    union = set()
                    break
                union |= r
            if union and len(union) <= _MAX_KEYS:
                options.append(union)
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            close()
            if lo >= 1:
                inner = _required(sub.data if hasattr(sub, "data") else sub, flags)
                if inner:
                    options.append(inner)
            continue
        close()  # anything else: a character that is not known in advance
    close()
    return _best(options)


class Gated:
    """A compiled pattern behind a keyword gate; the methods the extraction rules use."""

    __slots__ = ("pattern", "keys", "flags", "groupindex")

    def __init__(self, pattern: re.Pattern, keys: tuple[str, ...]):
        self.pattern = pattern
        self.keys = keys
        self.flags = pattern.flags
        self.groupindex = pattern.groupindex

    def possible(self, text: str) -> bool:
        low = lowered(text)
        for k in self.keys:
            if k in low:
                return True
        return False

    def search(self, text: str, *args):
        return self.pattern.search(text, *args) if self.possible(text) else None

    def match(self, text: str, *args):
        return self.pattern.match(text, *args) if self.possible(text) else None

    def fullmatch(self, text: str, *args):
        return self.pattern.fullmatch(text, *args) if self.possible(text) else None

    def finditer(self, text: str, *args):
        return self.pattern.finditer(text, *args) if self.possible(text) else iter(())

    def findall(self, text: str, *args):
        return self.pattern.findall(text, *args) if self.possible(text) else []

    def sub(self, repl, text: str, count: int = 0):
        return self.pattern.sub(repl, text, count) if self.possible(text) else text


def keys_of(pattern: re.Pattern) -> tuple[str, ...] | None:
    """The gate of a compiled pattern, or None when none can be read."""
    if isinstance(pattern.pattern, bytes):
        return None
    parsed = P.parse(pattern.pattern, pattern.flags & ~C.SRE_FLAG_UNICODE)
    keys = _required(parsed.data, parsed.state.flags)
    if not keys:
        return None
    # a key that contains another is redundant: keep the shorter
    ordered = sorted(keys, key=len)
    kept: list[str] = []
    for k in ordered:
        if not any(s in k for s in kept):
            kept.append(k)
    return tuple(kept)


def gated(pattern: re.Pattern):
    """``pattern`` behind its keyword gate, or ``pattern`` itself when it has none."""
    keys = keys_of(pattern)
    return Gated(pattern, keys) if keys else pattern
