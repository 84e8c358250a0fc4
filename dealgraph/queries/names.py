"""Organization names compared the way people write them.

"Biogen Idec, Inc.", "BIOGEN IDEC INC" and "biogen idec" are one company: a name's *key* is its
lower-case words, punctuation dropped and trailing legal suffixes (Inc., Corp., Ltd., AG …)
removed.  The saved queries compute the key in SPARQL on both sides of the comparison (the
stored name and the name the user typed), so they stay plain SPARQL that any store can run;
:func:`name_key_sparql` writes that expression, :func:`name_key` is the same in Python.
"""
from __future__ import annotations

import re

#: Legal-form words removed from the end of a name (any number of them: "Co., Ltd.").
LEGAL_SUFFIXES = ("inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
                  "llc", "plc", "lp", "llp", "ag", "sa", "nv", "bv", "gmbh", "se", "spa", "kk", "ab")

_SUFFIX_RE = "( (" + "|".join(LEGAL_SUFFIXES) + "))+ $"


def name_key_sparql(expr: str) -> str:
    """The SPARQL expression for the key of ``expr`` (a variable or any string expression)."""
    return ('REPLACE(REPLACE(REPLACE(CONCAT(" ", LCASE(STR(' + expr + ')), " "), '
            '"[^\\\\p{L}\\\\p{N}]+", " "), "' + _SUFFIX_RE + '", " "), "^ +| +$", "")')


_NON_WORD = re.compile(r"[\W_]+")
_SUFFIX = re.compile(_SUFFIX_RE)
_EDGES = re.compile(r"^ +| +$")


def name_key(name: str) -> str:
    """'Biogen Idec, Inc.' -> 'biogen idec' (what :func:`name_key_sparql` computes)."""
    s = _NON_WORD.sub(" ", " " + name.lower() + " ")
    return _EDGES.sub("", _SUFFIX.sub(" ", s))
