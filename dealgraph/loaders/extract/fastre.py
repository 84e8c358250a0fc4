"""Regular expressions that skip the texts they cannot match.

Most of the extraction patterns are long alternations of keywords compiled with ``re.I``;
Python's engine tries every alternative at every word boundary, so a sentence with none of the
keywords costs as much as one with many.  :func:`gated` reads from a compiled pattern

* the literal strings one of which every match must contain (a word, or the longest run of plain
  characters of each alternative): a call first looks for them in the lower-cased text with plain
  substring search and runs the pattern only when one is there (:class:`Gated`);
* the literal strings every match must start with, when there are such: the pattern is then tried
  only where they occur (:class:`Anchored`);
* for an alternation whose alternatives differ in this, runs of alternatives searched one run at a
  time and merged as the whole pattern would (leftmost match, first alternative at one place)
  (:class:`Alternatives`).

Results are exactly those of the plain pattern: the gates only ever say "cannot match here".  A
pattern for which nothing can be read is returned unchanged.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

# Characters outside ASCII that ``re.I`` matches against an ASCII letter, mapped to that
# letter, so that the lower-cased text contains every keyword the pattern could match.
_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
_FOLD_CHARS = tuple(map(chr, _FOLD))

_MAX_KEYS = 160  # more alternatives than this: no gate, the checks would cost more than they save
_MAX_CLASS = 3  # a class of at most this many letters ([sc], [sd]) is spelled out in the keys

# the last text lowered and its lower-cased form, kept as one pair so that threads never see one
# text with another's form
_last: tuple[str | None, str] = (None, "")


def lowered(text: str) -> str:
    """``text`` lower-cased for the gates (the last one is remembered: sentences are read many times)."""
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    if text.isascii() or not any(map(text.__contains__, _FOLD_CHARS)):
        low = text.lower()  # str.translate is slow: only when one of the letters is there
    else:
        low = text.translate(_FOLD).lower()
    _last = (text, low)
    return low


def _literal(code: int) -> str | None:
    ch = chr(code)
    if code >= 128:
        # a sign without case ("€", "£") stands for itself; a letter outside ASCII is not used
        return ch if ch.lower() == ch == ch.upper() == ch.casefold() else None
    return ch.lower()


def _class(items) -> set[str] | None:
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


# Words found in most sentences of a filing: a gate made of them lets nearly everything through.
_COMMON = frozenset(
    "will with from that have has had this these those agreement agreements shall which their other under "
    "also into more than been were such each upon company companies and the for its our any all may".split()
)


def _best(options: list[set[str]]) -> set[str] | None:
    """Of several sets any of which would do, the one without common words, then with the longest
    shortest key."""
    best = None
    for opt in options:
        if not opt or len(opt) > _MAX_KEYS:
            continue
        score = (not any(k.strip() in _COMMON for k in opt), min(len(k) for k in opt), -len(opt))
        if best is None or score > best[0]:
            best = (score, opt)
    return best[1] if best else None


def _required(seq, flags: int) -> set[str] | None:
    """Strings one of which every match of the parsed sequence contains (None: unknown)."""
    options: list[set[str]] = []
    run: set[str] = {""}

    def close() -> None:
        nonlocal run
        if run and min(len(k) for k in run) > 0:
            options.append(run)
        run = {""}

    for op, av in seq:
        if op is C.LITERAL:
            ch = _literal(av)
            if ch is None:
                close()
            else:
                run = {k + ch for k in run}
            continue
        if op is C.IN:
            chars = _class(av)
            if chars is None or len(run) * len(chars) > _MAX_KEYS:
                close()
                if chars is not None:
                    run = set(chars)
            else:
                run = _combine(run, chars)
            continue
        if op in (C.AT, C.ASSERT_NOT):
            continue  # zero width: the characters on either side are still adjacent
        if op is C.ASSERT:
            # what a lookaround requires is in the text too, though not next to the run
            close()
            inner = _required(av[1].data if hasattr(av[1], "data") else av[1], flags)
            if inner:
                options.append(inner)
            continue
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


_TRIE_MIN_KEYS = 20  # with fewer words, one substring search per word is the faster


def _trie(words: list[str]) -> str:
    """A pattern matching exactly the given words, their common beginnings written once
    (["acquire", "acquiring"] -> "acquir(?:e|ing)"), so the engine reads a text in one pass."""
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[0], []).append(w[1:])
    alts = []
    for head, rests in sorted(heads.items()):
        if "" in rests:
            alts.append(head)  # a word that is the beginning of another: the longer adds nothing
        else:
            alts.append(head + _trie(rests))
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _trie_search(keys: tuple[str, ...]):
    """For many plain lower-case words, the ``search`` of one pattern that finds any of them: it
    matches a text exactly when one of the words is in it.  None for fewer or other keys."""
    if len(keys) < _TRIE_MIN_KEYS or not all(k.isascii() and k.isalpha() and k.islower() for k in keys):
        return None
    return re.compile(_trie(list(keys))).search


class Gated:
    """A compiled pattern behind a keyword gate; the methods the extraction rules use."""

    __slots__ = ("flags", "groupindex", "keys", "mark", "pattern", "scan")

    def __init__(self, pattern: re.Pattern, keys: tuple[str, ...], mark: str | None = None):
        self.pattern = pattern
        self.keys = keys
        self.mark = mark  # a sign every match has besides one of the keys (":" of "Nasdaq: ACME")
        self.flags = pattern.flags
        self.groupindex = pattern.groupindex
        self.scan = _trie_search(keys)

    def possible(self, text: str) -> bool:
        if self.mark is not None and self.mark not in text:
            return False
        if self.scan is not None:
            return self.scan(lowered(text)) is not None
        return any(map(lowered(text).__contains__, self.keys))

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


def mark_of(pattern: re.Pattern) -> str | None:
    """A punctuation sign that every match contains, read from the top level of the pattern."""
    if isinstance(pattern.pattern, bytes):
        return None
    for op, av in P.parse(pattern.pattern, pattern.flags & ~C.SRE_FLAG_UNICODE).data:
        if op is C.LITERAL and av < 128 and not chr(av).isalnum() and not chr(av).isspace():
            return chr(av)
    return None


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


# -- where a match can start ------------------------------------------------------------------

_PREFIX_LEN = 12  # literal characters read at the start of a match
_MAX_PREFIXES = 96


def _prefixes(ops: list, need: int) -> set[str] | None:
    """Strings one of which every match of ``ops`` starts with (lower-cased, at most ``need``
    characters each); "" among them means a match may start with anything; None: unknown."""
    if need <= 0 or not ops:
        return {""}
    op, av = ops[0]
    rest = ops[1:]
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return _prefixes(rest, need)  # zero width
    if op is C.LITERAL:
        ch = _literal(av)
        if ch is None:
            return None
        tail = _prefixes(rest, need - 1)
        return {ch + t for t in (tail if tail is not None else {""})}
    if op is C.IN:
        chars = _class(av)
        if chars is None:
            return None
        tail = _prefixes(rest, need - 1)
        out = {c + t for c in chars for t in (tail if tail is not None else {""})}
        return out if len(out) <= _MAX_PREFIXES else None
    if op is C.SUBPATTERN:
        return _prefixes(list(av[3].data) + rest, need)
    if op is C.BRANCH:
        out = set()
        for alt in av[1]:
            r = _prefixes(list(alt.data) + rest, need)
            if r is None:
                return None
            out |= r
            if len(out) > _MAX_PREFIXES:
                return None
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        lo, _hi, body = av
        first = _prefixes(list(body.data), need)
        if lo >= 1 or first is None:
            return first
        later = _prefixes(rest, need)
        return None if later is None else first | later
    return None


def prefixes_of(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Literal strings one of which every match of ``pattern`` starts with, shortest kept."""
    if isinstance(pattern.pattern, bytes):
        return None
    return _prefixes_of_source(pattern.pattern, pattern.flags)


def _prefixes_of_source(source: str, flags: int) -> tuple[str, ...] | None:
    if source.startswith("(?") and ")" in source[:6]:
        return None
    parsed = P.parse(source, flags & ~C.SRE_FLAG_UNICODE)
    if parsed.getwidth()[0] == 0:
        return None  # a pattern that can match nothing is left to the engine
    found = _prefixes(list(parsed.data), _PREFIX_LEN)
    if not found or "" in found:
        return None
    kept: list[str] = []
    for k in sorted(found, key=len):
        if not any(k.startswith(q) for q in kept):
            kept.append(k)
    # a short word or a single letter would start too many attempts: leave those to the engine
    if any(len(k) < 3 and k[-1].isalnum() for k in kept):
        return None
    return tuple(kept)


class Anchored(Gated):
    """A pattern all of whose matches start with known strings: it is tried only where they occur."""

    __slots__ = ("prefixes",)

    def __init__(self, pattern: re.Pattern, keys: tuple[str, ...], prefixes: tuple[str, ...]):
        super().__init__(pattern, keys)
        self.prefixes = prefixes

    def _starts(self, text: str, pos: int, endpos: int) -> list[int]:
        low = lowered(text)
        starts: set[int] = set()
        # most prefixes are not in a given text: they are passed over without a step of Python
        for p in filter(low.__contains__, self.prefixes):
            i = low.find(p, pos, endpos)
            while i >= 0:
                starts.add(i)
                i = low.find(p, i + 1, endpos)
        return sorted(starts)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        if endpos is None or endpos > len(text):
            endpos = len(text)
        if not self.possible(text):
            return
        after = pos
        match = self.pattern.match
        for i in self._starts(text, pos, endpos):
            if i < after:
                continue
            m = match(text, i, endpos)
            if m is not None:
                yield m
                after = m.end()  # the pattern never matches nothing

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return next(self.finditer(text, pos, endpos), None)


def _split_top(source: str) -> list[str] | None:
    """The top-level alternatives of a pattern's source, or None when it has only one."""
    parts: list[str] = []
    depth = 0
    cls = False
    esc = False
    cur: list[str] = []
    for k, ch in enumerate(source):
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif cls:
            if ch == "]" and not (cur and cur[-1] == "[" or source[k - 2 : k] == "[^"):
                cls = False
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts if len(parts) > 1 else None


def _closing(source: str, start: int) -> int:
    """Index of the parenthesis that closes the one opened at ``start``, or -1."""
    depth = 0
    cls = False
    esc = False
    for k in range(start, len(source)):
        ch = source[k]
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif cls:
            if ch == "]" and source[k - 1] != "[" and source[k - 2 : k] != "[^":
                cls = False
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _alternatives(source: str) -> tuple[str, list[str], str] | None:
    """``A|B`` -> ("", [A, B], ""); ``\\b(?:A|B)\\b`` -> ("\\b(?:", [A, B], ")\\b"): a word
    boundary is the same test whichever alternative follows it."""
    if source.startswith("(?") and not source.startswith("(?:"):
        return None  # inline flags
    parts = _split_top(source)
    if parts:
        return "", parts, ""
    for head in ("\\b(?:", "(?:"):
        if source.startswith(head):
            close = _closing(source, len(head) - 3)
            tail = source[close + 1 :]
            if close > 0 and tail in ("", "\\b"):
                inner = _split_top(source[len(head) : close])
                if inner:
                    return head, inner, ")" + tail
    return None


class Alternatives:
    """``A|B|C`` searched as A, B and C, each behind its own gate or anchor, with the results
    the whole pattern gives: the leftmost match, and at one place the first alternative."""

    __slots__ = ("alternatives", "flags", "groupindex", "pattern")

    def __init__(self, pattern: re.Pattern, alternatives: list):
        self.pattern = pattern
        self.alternatives = alternatives
        self.flags = pattern.flags
        self.groupindex = pattern.groupindex

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        if endpos is None or endpos > len(text):
            endpos = len(text)
        iters = [alt.finditer(text, pos, endpos) for alt in self.alternatives]
        heads = [next(it, None) for it in iters]
        after = pos
        while True:
            best = None
            for k, m in enumerate(heads):
                while m is not None and m.start() < after:
                    # an alternative's own next match may overlap the one taken: look again from
                    # the end of that one
                    m = self.alternatives[k].search(text, after, endpos)
                    iters[k] = self.alternatives[k].finditer(text, m.end(), endpos) if m else iter(())
                heads[k] = m
                if m is not None and (best is None or m.start() < heads[best].start()):
                    best = k
            if best is None:
                return
            m = heads[best]
            yield m
            after = m.end()
            heads[best] = next(iters[best], None)

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        if endpos is None or endpos > len(text):
            endpos = len(text)
        best = None
        for alt in self.alternatives:
            m = alt.search(text, pos, endpos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
                if best.start() == pos:
                    break
        return best

    def match(self, text: str, *args):
        return self.pattern.match(text, *args)

    def fullmatch(self, text: str, *args):
        return self.pattern.fullmatch(text, *args)

    def findall(self, text: str, *args):
        return self.pattern.findall(text, *args)

    def sub(self, repl, text: str, count: int = 0):
        return self.pattern.sub(repl, text, count)


def _single(pattern: re.Pattern):
    prefixes = prefixes_of(pattern)
    keys = keys_of(pattern)
    if prefixes:
        anchored = Anchored(pattern, keys or prefixes, prefixes)
        anchored.mark = mark_of(pattern)
        return anchored
    return Gated(pattern, keys, mark_of(pattern)) if keys else pattern


def gated(pattern: re.Pattern):
    """``pattern`` made to skip what it cannot match: anchored where its matches must start,
    behind a keyword gate, or cut into runs of alternatives that are easier to find one run at
    a time; ``pattern`` itself when none applies."""
    whole = _single(pattern)
    if isinstance(whole, Anchored):
        return whole
    split = _alternatives(pattern.pattern) if isinstance(pattern.pattern, str) else None
    if not split or pattern.groups:
        return whole
    head, parts, tail = split
    try:
        kinds = [_prefixes_of_source(head + p + tail, pattern.flags) is not None for p in parts]
    except re.error:
        return whole
    runs: list[list[str]] = []
    for k, part in enumerate(parts):
        if runs and kinds[k] == kinds[k - 1]:
            runs[-1].append(part)
        else:
            runs.append([part])
    if len(runs) == 1:
        return whole
    alternatives = [_single(re.compile(head + "|".join(run) + tail, pattern.flags)) for run in runs]
    if not all(isinstance(a, Gated) for a in alternatives):
        return whole  # a run that no gate can skip would be searched for nothing
    return Alternatives(pattern, alternatives)
