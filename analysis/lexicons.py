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


def _alias_rows(name: str) -> list[tuple[str, str, bool]]:
    """A TSV of "canonical <TAB> alias|alias|..." as (canonical, alias, in context only) rows; a
    leading ``~`` marks an alias that names the entry only in context ("~the Times")."""
    rows = []
    for ln in _lines(name):
        canonical, aliases = ln.split("\t")[:2]
        for alias in aliases.split("|"):
            alias = alias.strip()
            rows.append((canonical.strip(), alias.lstrip("~"), alias.startswith("~")))
    return rows


def _alias_map(name: str) -> dict[str, str]:
    """Every alias of a TSV of aliases (see :func:`_alias_rows`) -> its canonical name."""
    return {alias: canonical for canonical, alias, _ in _alias_rows(name)}


@lru_cache(maxsize=None)
def context_aliases() -> dict[str, frozenset[str]]:
    """Outlet and agency aliases that name an outlet only in context ("the Times", "the Post", "PA")
    -> the outlets they may name."""
    out: dict[str, set[str]] = {}
    for name in ("outlets.tsv", "agencies.tsv"):
        for canonical, alias, in_context in _alias_rows(name):
            if in_context:
                out.setdefault(alias, set()).add(canonical)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def agencies() -> dict[str, str]:
    """Map every alias of a news agency (as written) to its canonical name."""
    return _alias_map("agencies.tsv")


@lru_cache(maxsize=None)
def timezones() -> dict[str, str]:
    """Map a time-zone name (``JST``) to a fixed offset (``+09:00``) or an IANA zone."""
    return dict(tuple(ln.split("\t")[:2]) for ln in _lines("timezones.tsv"))  # type: ignore[misc]


@lru_cache(maxsize=None)
def web_furniture() -> tuple[str, ...]:
    """Lower-case words and phrases of website interfaces (newsletter, sign up, cookies, ...)."""
    return tuple(ln.strip().lower() for ln in _lines("web_furniture.txt"))


@lru_cache(maxsize=None)
def reporting_verbs() -> dict[str, tuple[str, str]]:
    """Map every form of a reporting verb ("said", "called for") to (lemma, class)."""
    out: dict[str, tuple[str, str]] = {}
    for ln in _lines("reporting_verbs.tsv"):
        parts = ln.split("\t")
        lemma, cls = parts[0].strip(), parts[1].strip()
        forms = parts[2].split("|") if len(parts) > 2 and parts[2].strip() else _inflect(lemma)
        for f in forms:
            out.setdefault(f.strip().lower(), (lemma, cls))
    return out


def _inflect(lemma: str) -> list[str]:
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("e"):
        forms = [head, head + "s", head + "d", head[:-1] + "ing"]
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms = [head, head + "es", head + "ed", head + "ing"]
    elif head.endswith("y") and head[-2] not in "aeiou":
        forms = [head, head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    else:
        forms = [head, head + "s", head + "ed", head + "ing"]
    return [f + tail for f in forms]


@lru_cache(maxsize=None)
def speaker_words() -> dict[str, str]:
    """Lower-case word or phrase -> title | official | organisation | anonymous."""
    return {a.strip(): b.strip() for a, b in (ln.split("\t")[:2] for ln in _lines("speakers.tsv"))}


@lru_cache(maxsize=None)
def outlets() -> dict[str, str]:
    """Every alias of a news outlet or agency (as written) -> canonical name."""
    out = _alias_map("outlets.tsv")
    for alias, canonical in agencies().items():
        if len(alias) > 2 or alias.isupper():
            out.setdefault(alias, canonical)
    return out


@lru_cache(maxsize=None)
def countries() -> dict[str, str]:
    """Every name, demonym or capital (as written) -> country."""
    return _alias_map("countries.tsv")


@lru_cache(maxsize=None)
def first_names() -> dict[str, str]:
    """First name -> 'm' or 'f' (1990 US Census, public domain; see the file's header)."""
    return dict(ln.split("\t")[:2] for ln in _lines("first_names.tsv"))


@lru_cache(maxsize=None)
def _word_sets() -> dict[str, frozenset[str]]:
    sets: dict[str, set[str]] = {}
    for ln in _lines("attribution_words.tsv"):
        name, words = ln.split("\t", 1)
        sets.setdefault(name.strip(), set()).update(words.split())
    return {k: frozenset(v) for k, v in sets.items()}


def word_set(name: str) -> frozenset[str]:
    """One named set of ``data/attribution_words.tsv`` (the word lists the attribution and speaker
    rules read)."""
    try:
        return _word_sets()[name]
    except KeyError:
        raise KeyError(f"no word set {name!r} in analysis/data/attribution_words.tsv") from None
