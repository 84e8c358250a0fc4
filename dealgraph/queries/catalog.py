"""Saved queries: ``dealgraph/queries/*.rq``, each with a comment header that documents it.

A header is the run of ``#`` lines at the top of the file::

    # title: Deals
    # description: One row per deal: date, types, parties by role, money terms, source.
    # param: since (date, optional): only deals announced on or after this day
    # param: include (string, default all, choices all|disclosed|recalled): which deals
    # param: name (string, required): the organization's name or alias

A parameter is ``name (type[, required | optional | default VALUE][, choices A|B|C]): text``
with type one of string, name, date, integer, decimal, iri, boolean.  A ``name`` is a string
that names an organization: besides ``?NAME`` the query gets ``?NAME_key``, its normalized key
(``dealgraph.names.name_key``), to match against ``dg:nameKey``.  Optional is the default; an
optional parameter that is not given stays unbound in the query.  Any ``.rq`` file may carry
the same header, which is how its parameters are declared.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dealgraph.errors import QueryError

TYPES = ("string", "name", "date", "integer", "decimal", "iri", "boolean")

_KEY_LINE = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*(?::\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    """One declared parameter of a query."""

    name: str
    type: str = "string"
    required: bool = False
    default: str | None = None
    choices: tuple[str, ...] = ()
    description: str = ""

    def describe(self) -> str:
        """'since (date, optional)' — how the parameter is shown in messages and listings."""
        if self.required:
            how = "required"
        elif self.default is not None:
            how = f"default {self.default}"
        else:
            how = "optional"
        extra = f", one of {'|'.join(self.choices)}" if self.choices else ""
        return f"{self.name} ({self.type}, {how}{extra})"


@dataclass(frozen=True)
class Query:
    """A query's text and what its header says about it."""

    text: str
    name: str                        # saved query name, file path, "<stdin>" or "<text>"
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default=())
    path: str | None = None
    saved: bool = False

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def is_bound_variable(self, variable: str) -> bool:
        """Whether ``?variable`` is set from the parameters (a parameter or a name's key), which
        is why it is not a result column."""
        if self.param(variable):
            return True
        named = self.param(variable[:-len("_key")]) if variable.endswith("_key") else None
        return named is not None and named.type == "name"

    def describe_params(self) -> str:
        if not self.params:
            return "it takes no parameters"
        return "its parameters are " + ", ".join(p.describe() for p in self.params)


def parse_header(text: str, name: str) -> tuple[str, str, tuple[Param, ...]]:
    """(title, description, params) from the comment lines at the top of ``text``."""
    title = description = ""
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _KEY_LINE.match(stripped)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2)
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            params.append(_parse_param(value, name, number))
    seen = set()
    for p in params:
        if p.name in seen:
            raise QueryError(f"{name}: parameter {p.name!r} is declared twice")
        seen.add(p.name)
    return title, description, tuple(params)


def _parse_param(spec: str, name: str, line: int) -> Param:
    m = _PARAM.match(spec)
    if not m:
        raise QueryError(f"{name}, line {line}: cannot read the parameter declaration {spec!r}; "
                         "write it as 'param: NAME (TYPE, optional): what it does'")
    pname, options, description = m.group(1), m.group(2), (m.group(3) or "").strip()
    parts = [p.strip() for p in options.split(",") if p.strip()]
    if not parts or parts[0].lower() not in TYPES:
        raise QueryError(f"{name}, line {line}: parameter {pname!r} needs a type, one of "
                         f"{', '.join(TYPES)}")
    ptype, required, default, choices = parts[0].lower(), False, None, ()
    for part in parts[1:]:
        word, _, rest = part.partition(" ")
        word = word.lower()
        if word == "required":
            required = True
        elif word == "optional":
            required = False
        elif word == "default":
            default = rest.strip().strip('"')
        elif word == "choices":
            choices = tuple(c.strip() for c in rest.split("|") if c.strip())
        else:
            raise QueryError(f"{name}, line {line}: parameter {pname!r}: unknown option {part!r} "
                             "(expected required, optional, default VALUE or choices A|B)")
    if required and default is not None:
        raise QueryError(f"{name}, line {line}: parameter {pname!r} cannot be both required and "
                         "have a default")
    return Param(pname, ptype, required, default, choices, description)


def from_text(text: str, name: str, *, path: str | None = None, saved: bool = False) -> Query:
    title, description, params = parse_header(text, name)
    return Query(text, name, title, description, params, path, saved)


# -- the saved queries shipped with dealgraph -------------------------------------------------
def _saved_dir():
    return resources.files("dealgraph.queries")


def saved_names() -> list[str]:
    """Names of the saved queries, sorted."""
    return sorted(p.name[:-3] for p in _saved_dir().iterdir() if p.name.endswith(".rq"))


def saved_queries() -> list[Query]:
    return [load_saved(n) for n in saved_names()]


def load_saved(name: str) -> Query:
    resource = _saved_dir() / f"{name}.rq"
    if not resource.is_file():
        raise QueryError(unknown_query_message(name))
    return from_text(resource.read_text(encoding="utf-8"), name, path=str(resource), saved=True)


def unknown_query_message(name: str) -> str:
    names = saved_names()
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"Did you mean '{close[0]}'? " if close else ""
    return (f"No query named '{name}'. {hint}Available: {', '.join(names)}. "
            "Or pass a .rq file, SPARQL text, or - to read the query from standard input.")


_SPARQL_START = re.compile(r"^\s*(#[^\n]*\n\s*)*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
                           re.IGNORECASE)


def resolve(spec: str, *, stdin_text: str | None = None) -> Query:
    """A query from what the user typed: a saved query name, a ``.rq`` file, SPARQL text or ``-``."""
    if spec == "-":
        if stdin_text is None:
            raise QueryError("no query text on standard input")
        return from_text(stdin_text, "<stdin>")
    if re.fullmatch(r"[A-Za-z0-9_-]+", spec) and spec in saved_names():
        return load_saved(spec)
    if spec.endswith(".rq") or (len(spec) < 4096 and "\n" not in spec and Path(spec).is_file()):
        path = Path(spec).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise QueryError(f"{spec}: no such query file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{spec}: cannot read the query file ({exc})") from None
        return from_text(text, str(spec), path=str(path))
    if _SPARQL_START.match(spec) or "{" in spec:
        return from_text(spec, "<query text>")
    raise QueryError(unknown_query_message(spec))
