"""Where dealgraph finds the User-Agent SEC requires, EDGAR's addresses and the cache folder.

SEC asks every automated client to declare who it is: a User-Agent header with a name and an
e-mail address ("Jane Doe jane.doe@example.com"); requests without one are refused.  dealgraph
takes it, in this order, from

1. the ``--user-agent`` option,
2. the ``DEALGRAPH_USER_AGENT`` environment variable,
3. ``user_agent = "..."`` in ``$XDG_CONFIG_HOME/dealgraph/config.toml``
   (``~/.config/dealgraph/config.toml`` when XDG_CONFIG_HOME is not set),

and refuses to run without one.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dealgraph.edgar.errors import EdgarConfigError

USER_AGENT_ENV = "DEALGRAPH_USER_AGENT"
BASE_URL_ENV = "DEALGRAPH_EDGAR_URL"
CACHE_ENV = "DEALGRAPH_CACHE"

WWW = "https://www.sec.gov"
DATA = "https://data.sec.gov"
EFTS = "https://efts.sec.gov"

_EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,}")

HOW_TO_SET = (
    "SEC requires every automated client to identify itself with a User-Agent giving your name "
    "and e-mail address; set one with --user-agent \"Jane Doe jane.doe@example.com\", the "
    f"{USER_AGENT_ENV} environment variable, or user_agent = \"...\" in {{config}}")


def config_path() -> Path:
    """``$XDG_CONFIG_HOME/dealgraph/config.toml``, or ``~/.config/dealgraph/config.toml``."""
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "dealgraph" / "config.toml"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/dealgraph/edgar``, or ``~/.cache/dealgraph/edgar``."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "dealgraph" / "edgar"


def cache_dir(option: str | os.PathLike | None = None) -> Path:
    """The cache folder: the option, else ``DEALGRAPH_CACHE``, else :func:`default_cache_dir`."""
    chosen = option or os.environ.get(CACHE_ENV)
    return Path(chosen).expanduser() if chosen else default_cache_dir()


def _read_config(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EdgarConfigError(f"cannot read {path}: {exc}") from exc


def resolve_user_agent(option: str | None = None) -> str:
    """The User-Agent to send, from the option, the environment or the config file.

    Raises :class:`EdgarConfigError` (exit code 2) when there is none, or when it carries no
    e-mail address, with a message that says why SEC wants one and how to set it.
    """
    path = config_path()
    source, value = "--user-agent", option
    if not (value and value.strip()):
        source, value = USER_AGENT_ENV, os.environ.get(USER_AGENT_ENV)
    if not (value and value.strip()):
        config = _read_config(path)
        source, value = str(path), config.get("user_agent")
        if value is not None and not isinstance(value, str):
            raise EdgarConfigError(f"{path}: user_agent must be a string")
    how = HOW_TO_SET.format(config=path)
    if not (value and value.strip()):
        raise EdgarConfigError(f"no User-Agent set. {how}")
    value = " ".join(value.split())
    if not _EMAIL.search(value):
        raise EdgarConfigError(f"the User-Agent from {source} ({value!r}) has no e-mail address. {how}")
    return value


@dataclass(frozen=True)
class Endpoints:
    """EDGAR's three hosts.  ``DEALGRAPH_EDGAR_URL`` replaces all three by one base, same paths."""

    www: str = WWW
    data: str = DATA
    efts: str = EFTS

    @classmethod
    def from_env(cls, base: str | None = None) -> "Endpoints":
        base = base if base is not None else os.environ.get(BASE_URL_ENV)
        if not base:
            return cls()
        base = base.rstrip("/")
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EdgarConfigError(f"{BASE_URL_ENV} must be an http(s) URL, not {base!r}")
        return cls(www=base, data=base, efts=base)

    def company_tickers(self) -> str:
        return f"{self.www}/files/company_tickers.json"

    def submissions(self, cik: int) -> str:
        return f"{self.data}/submissions/CIK{cik:010d}.json"

    def submissions_page(self, name: str) -> str:
        return f"{self.data}/submissions/{name}"

    def full_submission(self, cik: int, accession: str) -> str:
        return f"{self.www}/Archives/edgar/data/{cik}/{accession.replace('-', '')}/{accession}.txt"

    def full_text_search(self) -> str:
        return f"{self.efts}/LATEST/search-index"
