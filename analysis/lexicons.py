"""Package word lists (``analysis/data``), read once with ``importlib.resources``.

Each file starts with ``#`` lines that say where its content comes from. Users can extend
them by editing the files or by passing their own lists to the functions that use them.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("analysis").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def abbreviations() -> frozenset[str]:
    """Lower-case abbreviations without their final period (``u.s``, ``gen``, ``sept``)."""
    return frozenset(ln.strip().lower() for ln in _lines("abbreviations.txt"))


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """English function words (lower case)."""
    return frozenset(w for ln in _lines("stopwords.txt") for w in ln.split())


@lru_cache(maxsize=None)
def agencies() -> dict[str, str]:
    """Map every alias of a news agency (as written) to its canonical name."""
    out: dict[str, str] = {}
    for ln in _lines("agencies.tsv"):
        canonical, aliases = ln.split("\t")
        for alias in aliases.split("|"):
            out[alias.strip()] = canonical.strip()
    return out


@lru_cache(maxsize=None)
def timezones() -> dict[str, str]:
    """Map a time-zone name (``JST``) to a fixed offset (``+09:00``) or an IANA zone."""
    return dict(tuple(ln.split("\t")[:2]) for ln in _lines("timezones.tsv"))  # type: ignore[misc]


@lru_cache(maxsize=None)
def web_furniture() -> tuple[str, ...]:
    """Lower-case words and phrases of website interfaces (newsletter, sign up, cookies, ...)."""
    return tuple(ln.strip().lower() for ln in _lines("web_furniture.txt"))
