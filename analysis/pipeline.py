"""One analysis, each stage once: :func:`analyse` computes every table the notebooks and the report use,
in one pass over a corpus, and :func:`write_tables` / :func:`read_tables` store them as parquet and CSV.

>>> a = analyse(load_corpus("data/raw/gsomia-2023"))      # doctest: +SKIP
>>> a.tables["comparison"]                                 # doctest: +SKIP

First, per partition of ``partition_size`` articles, everything that needs the tokens is summarised
(:func:`token_summaries`: frame evidence and scores, generic-frame answers, term counts, words per
article, capitalisation), so no later stage needs all tokens in memory. Then the corpus-wide stages
run in this order, each on the tables of the stages before it (never recomputing them):
attribution (quotes, sources) -> frames (per outlet; generic scores) -> actors (mentions, salience)
-> word choice -> events (given, else grouped by content) -> alignment (aligned sentences, coverage,
paired statements, publication lag, shared terms) -> comparison. Results are cached by the corpus'
content, the parameters and the package's code. :func:`analyse_path` streams a corpus from disk,
partition by partition, writing its tokens as it goes; its tables equal :func:`analyse`'s.
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
from itertools import islice
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .config import CACHE_DIR
from .corpus import Corpus, code_version
from .readers import DEFAULT_MAX_BYTES

log = logging.getLogger(__name__)

CORPUS_TABLES = ("articles", "sentences", "tokens")
DISTINCTIVE_TOP = 1000  # the distinctive_words table keeps each outlet's 1,000 most distinctive terms
PARTITION_SIZE = 2000  # articles whose tokens are summarised together (about 0.3 GB of tokens)
# Every table an analysis writes, in the order the stages make them.
TABLES = ("quotes", "sources", "responses", "frame_evidence", "frame_scores", "frames_by_outlet", "generic_frame_questions",
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
    t["responses"] = c.responses  # type: ignore[attr-defined]


def token_summaries(part: Corpus, lexicon: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Everything later stages need from the tokens of some articles (a partition), so that the
    tokens themselves need not stay in memory: frame evidence and scores, the generic-frame answers
    (from sentences), term counts, words per article and the capitalisation of each word. Each is
    per article (or summed per word), so partitions concatenate to the whole corpus' tables."""
    from .frames import frame_evidence, frame_scores, generic_frame_questions
    from .wordchoice import capitalisation, term_counts

    out: dict[str, pd.DataFrame] = {}
    out["frame_evidence"] = frame_evidence(part, lexicon=lexicon)
    out["frame_scores"] = frame_scores(part, lexicon=lexicon, evidence=out["frame_evidence"])
    out["generic_frame_questions"] = generic_frame_questions(part)
    out["_term_counts"] = term_counts(part)
    alpha = part.tokens["article_id"].to_numpy()[part.tokens["is_alpha"].to_numpy()]
    words = pd.Series(1, index=pd.Index(alpha, name="article_id")).groupby(level=0).size()
    out["_article_words"] = words.reindex(part.articles["article_id"], fill_value=0).rename("words").reset_index()
    out["_capitalisation"] = capitalisation(part.tokens).reset_index()
    return out


def one_chunk(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each Arrow-backed column (text) in one chunk. A table concatenated from partitions
    holds one chunk per partition, and pyarrow's ``take`` on a chunked column (every ``iloc``) joins
    all the chunks first, so each small selection would cost as much as the whole column: per event,
    the comparison's selections grew with the corpus."""
    import pyarrow as pa

    for c in df.columns:
        arr = df[c].array
        if isinstance(arr, pd.arrays.ArrowExtensionArray):  # ArrowStringArray is one too
            chunks = arr.__arrow_array__()
            if chunks.num_chunks > 1:
                df[c] = type(arr)(pa.chunked_array([chunks.combine_chunks()]))
    return df


def combine_summaries(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The summaries of all partitions as the whole corpus' (word capitalisation summed)."""
    out = {}
    for k in parts[0]:  # an empty part (no frame word in it, say) must not change the column types
        full = [p[k] for p in parts if len(p[k])] or [parts[0][k]]
        out[k] = one_chunk(pd.concat(full, ignore_index=True)) if len(full) > 1 else full[0].reset_index(drop=True)
    out["_capitalisation"] = out["_capitalisation"].groupby("lower", sort=True)[["uses", "capitalised"]].sum()
    ev = out["frame_evidence"]
    out["frame_evidence"] = ev.sort_values(["article_id", "start", "frame_set", "frame"], kind="mergesort") \
        .reset_index(drop=True)
    return out


def partitions(corpus: Corpus, size: int) -> list[Corpus]:
    """The corpus in slices of ``size`` articles (ids and offsets unchanged)."""
    arts = corpus.articles
    if len(arts) <= size:
        return [corpus]
    out = []
    s_aid, t_aid = corpus.sentences["article_id"].to_numpy(), corpus.tokens["article_id"].to_numpy()
    for lo in range(0, len(arts), size):
        a = arts.iloc[lo:lo + size]
        first, last = int(a["article_id"].min()), int(a["article_id"].max())
        s0, s1 = np.searchsorted(s_aid, first, "left"), np.searchsorted(s_aid, last, "right")
        t0, t1 = np.searchsorted(t_aid, first, "left"), np.searchsorted(t_aid, last, "right")
        out.append(Corpus(a, corpus.sentences.iloc[s0:s1], corpus.tokens.iloc[t0:t1]))
    return out


def _frames(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .frames import frames_by_outlet, generic_frame_scores

    t["frames_by_outlet"] = frames_by_outlet(c, t["frame_scores"])
    t["generic_frame_scores"] = generic_frame_scores(t["generic_frame_questions"])


def _actors(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .actors import actor_mentions, actor_salience

    q = t["quotes"]
    people = sorted(set(q.loc[q["speaker_type"] == "named person", "speaker_resolved"].dropna()))
    t["actor_mentions"] = actor_mentions(c, speakers=people)
    t["actor_salience"] = actor_salience(c, t["actor_mentions"])


def _wordchoice(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .wordchoice import fightin_words

    t["distinctive_words"] = fightin_words(c, min_count=1, counts=t["_term_counts"], top=DISTINCTIVE_TOP)


def _events(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .compare import event_assignment

    t["events"] = event_assignment(c, p.get("events")).reset_index(drop=True)


def _alignment(c: Corpus, t: dict[str, pd.DataFrame], p: dict[str, Any]) -> None:
    from .alignment import align, pair_statements, publication_lag, shared_terms

    ev = t["events"]
    t["aligned_sentences"], t["sentence_coverage"] = align(c, ev, mentions=t["actor_mentions"], quotes=t["quotes"])
    arts = c.articles.drop(columns="event").merge(ev, on="article_id")
    t["paired_statements"] = pair_statements(t["quotes"], arts)
    t["publication_lag"] = publication_lag(c, ev)
    caps = t["_capitalisation"]
    t["shared_terms"] = shared_terms(c, ev, counts=t["_term_counts"],
                                     capital_share=caps["capitalised"] / caps["uses"])


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

    Columns with no value at all stay as they are (parquet keeps them as nulls either way).
    """
    out = df.reset_index(drop=True)
    for c in out.columns:
        col = out[c]
        if col.dtype == object:  # text columns only: lists (content_spans) are not str
            present = col.dropna()
            if len(present) and present.map(type).eq(str).all():
                out[c] = col.astype("string")
        elif isinstance(col.dtype, pd.StringDtype):
            out[c] = col.astype("string")  # pandas' inferred ``str`` (NaN for missing) as ``string`` (NA)
        elif isinstance(col.dtype, pd.DatetimeTZDtype):
            out[c] = col.astype("datetime64[ns, UTC]")  # one unit, whatever the values
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
            cache: bool | str | Path = True, partition_size: int = PARTITION_SIZE) -> Analysis:
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
    t0 = time.perf_counter()
    tables.update(combine_summaries([token_summaries(part, lexicon) for part in partitions(corpus, partition_size)]))
    timings["token summaries"] = round(time.perf_counter() - t0, 4)
    tables = run_stages(corpus, tables, params, timings)
    if cache_dir is not None:
        try:
            _write_folder(cache_dir, tables, csv=False)
        except OSError as exc:
            log.warning("could not write the analysis cache %s: %s", cache_dir, exc)
    return Analysis(corpus, tables, timings)


def run_stages(corpus: Corpus, tables: dict[str, pd.DataFrame], params: dict[str, Any],
               timings: dict[str, float]) -> dict[str, pd.DataFrame]:
    """The corpus-wide stages, in order, on the token summaries in ``tables``; returns every table of
    :data:`TABLES` (the summaries, named with a leading underscore, are dropped)."""
    for name in ("frame_evidence", "frame_scores", "generic_frame_questions"):
        tables[name] = normalise_dtypes(tables[name])
    for name, stage in STAGES:
        t0 = time.perf_counter()
        before = set(tables)
        stage(corpus, tables, params)
        for new in set(tables) - before:
            tables[new] = normalise_dtypes(tables[new])
        timings[name] = round(time.perf_counter() - t0, 4)
        log.info("stage %s: %.2f s", name, timings[name])
        release_memory()  # each stage's intermediates are gone: keep the process at its working size
    return {n: tables[n] for n in TABLES}


# -- storage -------------------------------------------------------------------------------------------

LIST_COLUMNS = {"quotes": ("content_spans",)}


def _for_parquet(df: pd.DataFrame) -> pd.DataFrame:
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
        (".parquet", lambda p: _for_parquet(df).to_parquet(p, index=False))]
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
    """The tables of an analysis folder (``names``, default every ``*.parquet`` in it, and every
    sub-folder of parquet parts, such as the partitioned ``tokens/`` of :func:`analyse_path`)."""
    folder = Path(folder)
    found = {p.stem: p for p in folder.glob("*.parquet")}
    found.update({p.name: p for p in folder.iterdir() if p.is_dir() and any(p.glob("*.parquet"))})  # partitioned
    names = names or tuple(sorted(found))
    missing = [n for n in names if n not in found]
    if missing:
        raise KeyError(f"no table {', '.join(missing)} in {folder}")
    return {n: _from_parquet(n, pd.read_parquet(found[n])) for n in names}


def analysis_tables(a: Analysis) -> dict[str, pd.DataFrame]:
    """The corpus tables (articles, sentences, tokens, skipped) and every analysis table, by name."""
    c = a.corpus
    return {"articles": c.articles, "sentences": c.sentences, "tokens": c.tokens, "skipped": c.skipped_table,
            **a.tables}


def load_analysis(folder: str | Path) -> Analysis:
    """An :class:`Analysis` written by ``python -m analysis analyse`` (or a report's ``tables/``)."""
    try:
        tables = read_tables(folder)
    except (OSError, KeyError, ValueError) as exc:
        from .errors import InputError
        raise InputError(folder, f"cannot read the analysis tables ({exc})") from None
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


# -- streaming: a corpus too large to hold its tokens in memory ---------------------------------------

def _partition_job(rows: list[dict[str, Any]], first_id: int, k: int, tokens_dir: str,
                   lexicon: str | Path | None) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, pd.DataFrame]]:
    """One partition: tables, token summaries, tokens written to ``tokens_dir/part-K.parquet``."""
    from .corpus import build_tables

    a, s, tok = build_tables(rows, first_id=first_id)
    summary = token_summaries(Corpus(a, s, tok), lexicon)
    write_table(Path(tokens_dir), f"part-{k:05d}", tok, csv=False)
    return a, s, summary


def release_memory() -> None:
    """Give freed memory back to the operating system (glibc keeps it otherwise, so a process that
    read a large partition keeps its peak size for the rest of the run); a no-op elsewhere."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def dask_client(where: str) -> Any:
    """A ``dask.distributed`` client: ``"local"`` starts a LocalCluster on this machine (one worker
    process per core), anything else is a scheduler address (``tcp://host:8786``)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        from .errors import ParameterError
        raise ParameterError("--dask needs Dask: pip install 'newsframes-analysis[dask]' "
                             "(make install installs it)") from None
    if not log.isEnabledFor(logging.INFO):  # Dask's progress chatter only with --verbose
        for name in [n for n in logging.root.manager.loggerDict if n.startswith("distributed")] + ["distributed"]:
            logging.getLogger(name).setLevel(logging.WARNING)
    if where == "local":
        cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.WARNING)
        return Client(cluster)
    return Client(where)


def analyse_path(path: str | Path, folder: str | Path, *, manifest: str | Path | None = None,
                 errors: str = "skip", lexicon: str | Path | None = None,
                 partition_size: int = PARTITION_SIZE, client: Any = None) -> Analysis:
    """Read, tokenise and summarise a corpus ``partition_size`` articles at a time, writing each
    partition's tokens to ``folder/tokens/part-NNNNN.parquet`` and keeping only articles, sentences
    and the token summaries in memory; then the corpus-wide stages. The tables are the same as
    :func:`analyse` on :func:`~analysis.corpus.load_corpus` of the same input (tested); the returned
    corpus has an empty ``tokens`` table (read them from the folder).

    ``client``: a ``dask.distributed`` client (:func:`dask_client`); the partitions are then tokenised
    and summarised on its workers, which must see ``folder`` (a shared file system on a cluster). The
    results are gathered in partition order, so the tables are the same as without it."""
    from .corpus import ARTICLE_COLUMNS, parse_documents, repeated_lines, uniform_column
    from .errors import InputError, Skipped
    from .readers import iter_documents

    skipped: list[Skipped] = []

    def on_error(exc: InputError) -> None:
        if errors == "raise":
            raise exc
        skipped.append(Skipped(exc.path, exc.line, exc.reason))

    folder = Path(folder)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    # Two passes over the input, so that only one partition of documents is in memory at a time: the
    # lines repeated across an outlet's pages (site furniture) need every page, parsing needs them.
    repeated = repeated_lines(iter_documents(path, lambda exc: None, manifest=manifest, max_bytes=DEFAULT_MAX_BYTES))
    tokens_dir = folder / "tokens"
    tokens_dir.mkdir(parents=True, exist_ok=True)
    articles, sentences, summaries, futures, notes = [], [], [], [], []
    seen: set[str] = set()
    docs = iter_documents(path, on_error, manifest=manifest, max_bytes=DEFAULT_MAX_BYTES)
    first, k = 0, 0
    while True:
        part = list(islice(docs, partition_size))
        if not part:
            break
        rows = list(parse_documents(part, repeated=repeated, seen=seen))
        notes.extend(Skipped(d.source_path, d.line, n) for d in part for n in d.notes)
        del part
        if client is not None:
            futures.append(client.submit(_partition_job, rows, first, k, str(tokens_dir), lexicon, pure=False))
        else:
            a, s, summary = _partition_job(rows, first, k, str(tokens_dir), lexicon)
            articles.append(a)
            sentences.append(s)
            summaries.append(summary)
        first, k = first + len(rows), k + 1
        del rows
        release_memory()
    for a, s, summary in (client.gather(futures) if futures else []):
        articles.append(a)
        sentences.append(s)
        summaries.append(summary)
    futures.clear()
    a = s = summary = None  # the last partition's frames: held only by the lists now
    empty_tokens = pd.read_parquet(next(iter(sorted(tokens_dir.glob("*.parquet"))))).iloc[:0] if articles else None
    timings["read and token summaries"] = round(time.perf_counter() - t0, 4)
    if not articles:
        raise InputError(path, f"no readable article ({len(skipped)} inputs skipped)")
    # The partitions' frames are let go as soon as they are joined: one_chunk copies their text into
    # one chunk, and kept, the partitions would hold a second copy of it through every stage.
    arts = pd.concat(articles, ignore_index=True)
    articles.clear()
    extra = sorted(c for c in arts.columns if c not in ARTICLE_COLUMNS)
    for c in extra:  # one dtype over all partitions, as one load would choose
        arts[c] = uniform_column([None if v is None or (not isinstance(v, str) and pd.isna(v)) else v
                                  for v in arts[c].astype(object)])
    arts = one_chunk(arts[ARTICLE_COLUMNS + extra])
    sents = pd.concat(sentences, ignore_index=True)
    sentences.clear()
    corpus = Corpus(arts, one_chunk(sents), empty_tokens, skipped, notes)
    del sents
    combined = combine_summaries(summaries)
    summaries.clear()
    tables = run_stages(corpus, combined, {"lexicon": lexicon}, timings)
    return Analysis(corpus, tables, timings)
