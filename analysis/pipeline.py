"""One analysis, each stage once: :func:`analyse` computes every table the notebooks and the report use,
in one pass over a corpus, and :func:`write_tables` / :func:`read_tables` store them as parquet and CSV.

>>> a = analyse(load_corpus("data/raw/gsomia-2023"))      # doctest: +SKIP
>>> a.tables["comparison"]                                 # doctest: +SKIP

Stages run in this order, each on the tables of the stages before it (never recomputing them):
attribution (quotes, sources) -> frames (policy-frame evidence and scores; generic-frame questions and
scores) -> actors (mentions, salience) -> word choice -> events (given, else grouped by content) ->
alignment (aligned sentences, coverage, paired statements, publication lag, shared terms) -> comparison.
Results are cached by the corpus' content, the parameters and the package's code.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .config import CACHE_DIR
from .corpus import Corpus, code_version

log = logging.getLogger(__name__)

CORPUS_TABLES = ("articles", "sentences", "tokens")
# Every table an analysis writes, in the order the stages make them.
TABLES = ("quotes", "sources", "frame_evidence", "frame_scores", "frames_by_outlet", "generic_frame_questions",
          "generic_frame_scores", "actor_mentions", "actor_salience", "distinctive_words", "events",
          "aligned_sentences", "sentence_coverage", "paired_statements", "publication_lag", "shared_terms",
          "comparison")


@dataclass
class Analysis:
    """A corpus and every table computed from it; ``timings`` holds seconds per stage."""

    corpus: Corpus
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def __repr__(self) -> str:
        return f"Analysis({self.corpus!r}, {len(self.tables)} tables)"


def _attribution(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .quotes import attribute

    t["quotes"], t["sources"] = attribute(c)


def _frames(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .frames import frame_evidence, frame_scores, frames_by_outlet, generic_frame_questions, generic_frame_scores

    t["frame_evidence"] = frame_evidence(c, lexicon=p.get("lexicon"))
    t["frame_scores"] = frame_scores(c, lexicon=p.get("lexicon"), evidence=t["frame_evidence"])
    t["frames_by_outlet"] = frames_by_outlet(c, t["frame_scores"])
    t["generic_frame_questions"] = generic_frame_questions(c)
    t["generic_frame_scores"] = generic_frame_scores(t["generic_frame_questions"])


def _actors(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .actors import actor_mentions, actor_salience

    q = t["quotes"]
    people = sorted(set(q.loc[q["speaker_type"] == "named person", "speaker_resolved"].dropna()))
    t["actor_mentions"] = actor_mentions(c, speakers=people)
    t["actor_salience"] = actor_salience(c, t["actor_mentions"])


def _wordchoice(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .wordchoice import fightin_words

    t["distinctive_words"] = fightin_words(c, min_count=1)


def _events(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .compare import event_assignment

    t["events"] = event_assignment(c, p.get("events")).reset_index(drop=True)


def _alignment(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .alignment import align, pair_statements, publication_lag, shared_terms

    ev = t["events"]
    t["aligned_sentences"], t["sentence_coverage"] = align(c, ev)
    arts = c.articles.drop(columns="event").merge(ev, on="article_id")
    t["paired_statements"] = pair_statements(t["quotes"], arts)
    t["publication_lag"] = publication_lag(c, ev)
    t["shared_terms"] = shared_terms(c, ev)


def _comparison(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .compare import comparison_table

    t["comparison"] = comparison_table(c, t["events"], tables=t)


Stage = Callable[[Corpus, dict[str, pd.DataFrame], dict[str, Any]], None]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("attribution", _attribution), ("frames", _frames), ("actors", _actors), ("word choice", _wordchoice),
    ("events", _events), ("alignment", _alignment), ("comparison", _comparison))


def normalise_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """One schema whatever the path: text columns (object columns holding only strings and missing
    values) become pandas' ``string`` dtype, as parquet reads them back, so a cold run and a cache hit
    give the same tables (and the same files).

    >>> normalise_dtypes(pd.DataFrame({"a": pd.Series(["x", None], dtype=object)})).dtypes["a"]
    <StringDtype(na_value=<NA>)>
    """
    out = df.reset_index(drop=True)
    for c in out.columns:
        col = out[c]
        if col.dtype == object:
            present = col.dropna()
            if len(present) == 0 or present.map(type).eq(str).all():
                out[c] = col.astype("string")
    return out


def corpus_key(corpus: Corpus) -> str:
    """A hash of what the analysis reads from a corpus: every article column and every sentence and
    token offset (so two corpora with the same key give the same analysis)."""
    h = hashlib.sha256()
    for name in CORPUS_TABLES:
        df = getattr(corpus, name)
        h.update(name.encode())
        h.update(json.dumps(list(map(str, df.columns))).encode())
        h.update(pd.util.hash_pandas_object(df.astype({c: "string" for c in df.columns if df[c].dtype == object}),
                                            index=False).to_numpy().tobytes())
    return h.hexdigest()[:24]


def analyse(corpus: Corpus, *, events: pd.DataFrame | None = None, lexicon: str | Path | None = None,
            cache: bool | str | Path = True) -> Analysis:
    """Every stage once on ``corpus``; returns an :class:`Analysis` whose ``tables`` the notebooks read.

    events: article_id -> event (default: the corpus' ``event`` column when complete, else groups by
    content). lexicon: a frame lexicon TSV (default: the shipped one). cache: a folder (``True``:
    ``data/processed/cache``) keyed by the corpus, the parameters and the code; ``False`` disables it.
    """
    params: dict[str, Any] = {"events": events, "lexicon": lexicon}
    cache_dir: Path | None = None
    if cache:
        h = hashlib.sha256(f"{code_version()}|{corpus_key(corpus)}".encode())
        if events is not None:
            h.update(pd.util.hash_pandas_object(events[["article_id", "event"]].astype(str), index=False).to_numpy().tobytes())
        if lexicon is not None:
            h.update(Path(lexicon).read_bytes())
        cache_dir = (CACHE_DIR if cache is True else Path(cache)) / f"analysis-{h.hexdigest()[:24]}"
        if cache_dir.is_dir():
            try:
                tables = read_tables(cache_dir, names=TABLES)
                log.info("analysis read from cache %s", cache_dir)
                return Analysis(corpus, tables, {})
            except (OSError, ValueError, KeyError) as exc:
                log.warning("ignoring a broken analysis cache %s (%s)", cache_dir, exc)
    tables: dict[str, pd.DataFrame] = {}
    timings: dict[str, float] = {}
    for name, stage in STAGES:
        t0 = time.perf_counter()
        before = set(tables)
        stage(corpus, tables, params)
        for new in set(tables) - before:
            tables[new] = normalise_dtypes(tables[new])
        timings[name] = round(time.perf_counter() - t0, 4)
        log.info("stage %s: %.2f s", name, timings[name])
    if cache_dir is not None:
        try:
            _write_folder(cache_dir, tables, csv=False)
        except OSError as exc:
            log.warning("could not write the analysis cache %s: %s", cache_dir, exc)
    return Analysis(corpus, tables, timings)


# -- storage -------------------------------------------------------------------------------------------

LIST_COLUMNS = {"quotes": ("content_spans",)}


def _for_parquet(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Columns parquet cannot hold as they are (lists, mixed objects) become JSON text."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object and out[c].map(lambda v: isinstance(v, (list, dict, tuple))).any():
            out[c] = out[c].map(lambda v: json.dumps(v) if isinstance(v, (list, dict, tuple)) else v)
    return out


def _from_parquet(name: str, df: pd.DataFrame) -> pd.DataFrame:
    for c in LIST_COLUMNS.get(name, ()):
        if c in df:
            df[c] = df[c].map(lambda v: json.loads(v) if isinstance(v, str) else v).astype(object)
    return df


def write_table(folder: Path, name: str, df: pd.DataFrame, *, csv: bool = True) -> list[Path]:
    """``folder/name.parquet`` (and ``.csv``), each written to a temporary name and renamed."""
    written = []
    writers: list[tuple[str, Callable[[str], None]]] = [
        (".parquet", lambda p: _for_parquet(name, df).to_parquet(p, index=False))]
    if csv:
        writers.append((".csv", lambda p: df.to_csv(p, index=False)))
    for suffix, write in writers:
        target = folder / f"{name}{suffix}"
        fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=folder)
        os.close(fd)
        try:
            write(tmp)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written


def _write_folder(folder: Path, tables: dict[str, pd.DataFrame], *, csv: bool) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".tmp-", dir=folder.parent))
    try:
        for name, df in tables.items():
            write_table(tmp, name, df, csv=csv)
        os.chmod(tmp, 0o755)
        os.replace(tmp, folder)  # a table folder is complete or absent
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read_tables(folder: str | Path, *, names: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """The tables of an analysis folder (``names``, default every ``*.parquet`` in it)."""
    folder = Path(folder)
    names = names or tuple(sorted(p.stem for p in folder.glob("*.parquet")))
    return {n: _from_parquet(n, pd.read_parquet(folder / f"{n}.parquet")) for n in names}


def analysis_tables(a: Analysis) -> dict[str, pd.DataFrame]:
    """The corpus tables (articles, sentences, tokens, skipped) and every analysis table, by name."""
    c = a.corpus
    return {"articles": c.articles, "sentences": c.sentences, "tokens": c.tokens, "skipped": c.skipped_table,
            **a.tables}


def load_analysis(folder: str | Path) -> Analysis:
    """An :class:`Analysis` written by ``python -m analysis analyse`` (or a report's ``tables/``)."""
    tables = read_tables(folder)
    missing = [n for n in (*CORPUS_TABLES, *TABLES) if n not in tables]
    if missing:
        from .errors import InputError
        raise InputError(folder, f"not a complete analysis folder: no {', '.join(missing)} table")
    skipped = tables.pop("skipped", pd.DataFrame(columns=["path", "line", "reason"]))
    from .errors import Skipped
    corpus = Corpus(tables.pop("articles"), tables.pop("sentences"), tables.pop("tokens"),
                    [Skipped(str(r.path), None if pd.isna(r.line) else int(r.line), str(r.reason))
                     for r in skipped.itertuples()])
    return Analysis(corpus, {n: tables[n] for n in TABLES})
