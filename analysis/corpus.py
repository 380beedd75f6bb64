"""Load a corpus into ``articles``, ``sentences`` and ``tokens`` DataFrames (see README, data dictionary).

>>> corpus = load_corpus(DEFAULT_CORPUS)                      # doctest: +SKIP
>>> corpus.articles[["outlet", "title", "dateline"]]          # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
import json
import re
import logging
import os
import shutil
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from . import __version__
from .config import CACHE_DIR, DEFAULT_CORPUS
from .progress import progress
from .errors import InputError, ParameterError, Skipped
from .lexicons import stopwords
from .readers import DEFAULT_MAX_BYTES, RawDoc, input_files, iter_documents
from .htmlpage import extract_html
from .structure import ParsedPage, parse_page
from .timestamps import parse_timestamp
from .tokenize import paragraph_spans, sentence_spans, token_regex

log = logging.getLogger(__name__)

LARGE_CORPUS_BYTES = 250_000_000  # above this, a whole load warns and `analyse` streams in partitions

__all__ = ["Corpus", "load_corpus", "build_tables", "parse_document", "parse_documents", "iter_parsed",
           "DEFAULT_CORPUS"]

ARTICLE_COLUMNS = ["article_id", "doc_id", "outlet", "outlet_source", "agency", "byline", "title", "published",
                   "published_raw", "published_tz", "dateline", "url", "event", "text", "boilerplate",
                   "extracted_by", "source_path", "source_line"]
STRING_COLUMNS = ["doc_id", "outlet", "outlet_source", "agency", "byline", "title", "published_raw", "published_tz",
                  "dateline", "url", "event", "text", "boilerplate", "extracted_by",
                  "source_path"]


@dataclass
class Corpus:
    """A loaded corpus: one row per article, sentence and token; ``skipped`` lists left-out inputs."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)

    def __repr__(self) -> str:
        return (f"Corpus({len(self.articles)} articles, {len(self.sentences)} sentences, "
                f"{len(self.tokens)} tokens, {len(self.skipped)} skipped)")

    def _repr_html_(self) -> str:
        outlets = self.articles["outlet"].nunique() if "outlet" in self.articles else 0
        return (f'<p style="font:15px/1.5 system-ui,sans-serif">{len(self.articles):,} articles from {outlets:,} '
                f'outlet{"" if outlets == 1 else "s"} ({len(self.sentences):,} sentences); '
                f'{len(self.skipped):,} input{"" if len(self.skipped) == 1 else "s"} skipped.</p>')

    @property
    def skipped_table(self) -> pd.DataFrame:
        """The skipped inputs as a DataFrame (path, line, reason)."""
        return pd.DataFrame([vars(s) for s in self.skipped], columns=["path", "line", "reason"])


def parse_document(doc: RawDoc, *, structure: str = "auto", repeated: frozenset[str] = frozenset()) -> dict[str, Any]:
    """One article row (without ``article_id``) from a raw document and its metadata."""
    meta = doc.meta
    title_hint = meta.get("title") if isinstance(meta.get("title"), str) and meta.get("title") else None
    sitename = html_url = None
    if structure == "clean":
        page = ParsedPage(title=title_hint, paragraphs=[doc.text])
        extracted_by = "as given"
    else:
        found = None
        if doc.html is not None:
            url = meta.get("url") if isinstance(meta.get("url"), str) else None
            found = extract_html(doc.html, doc.text, url=url)
            if found is None:
                doc.notes.append("trafilatura found no article in the HTML: its visible text was read "
                                 "as a page dump")
        if found is not None:
            page, sitename, html_url = found.page, found.sitename, found.url
            if title_hint:
                page.title = title_hint
            extracted_by = "trafilatura"
        else:
            page = parse_page(doc.text, repeated=repeated, title_hint=title_hint)
            extracted_by = "page rules"
    text = page.body
    published = page.published
    published_raw, published_tz = page.published_raw, page.published_tz
    for key in ("published", "date", "datetime", "timestamp"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            ts = parse_timestamp(value)
            if ts is not None:
                published, published_raw, published_tz = ts.utc, value, ts.zone
                break
    stem = Path(doc.source_path).stem
    doc_id = meta.get("id")
    if doc_id in (None, ""):
        doc_id = stem if doc.line is None else f"{stem}:{doc.line}"
    row: dict[str, Any] = {
        "doc_id": str(doc_id),
        "outlet": None, "outlet_source": None,
        "agency": _missing_to_none(meta.get("agency") or meta.get("wire")) or page.agency,
        "byline": meta.get("byline") or meta.get("author") or page.byline,
        "title": page.title,
        "published": published,
        "published_raw": published_raw,
        "published_tz": published_tz,
        "dateline": meta.get("dateline") or page.dateline,
        "url": meta.get("url") or html_url,
        "event": meta.get("event"),
        "text": text,
        "boilerplate": "\n".join(page.boilerplate),
        "extracted_by": extracted_by,
        "source_path": doc.source_path,
        "source_line": doc.line,
    }
    row["outlet"], row["outlet_source"] = find_outlet(doc, row["agency"], sitename=sitename, url=row["url"])
    row["outlet"] = wire_label(row["outlet"], row["agency"])
    for k, v in meta.items():  # unknown metadata columns are kept
        if k not in row and k not in ("id", "text", "outlet_name", "wire", "date", "author"):
            row[k] = v if isinstance(v, (str, int, float, bool)) or v is None else json.dumps(v, sort_keys=True)
    return row


WIRE_LABEL_RE = re.compile(r"\s*\(([^()]+) wire copy\)$")


def wire_label(outlet: str, agency: Any) -> str:
    """The outlet as every table and figure names it: a story an outlet carries from a wire agency is
    labelled as such, so no reader takes the agency's copy for the outlet's own reporting.

    >>> wire_label("North Korea Times", "ANI")
    'North Korea Times (ANI wire copy)'
    >>> wire_label("Reuters", "Reuters"), wire_label("Valley Gazette", None)
    ('Reuters', 'Valley Gazette')
    """
    from .lexicons import outlets

    if not isinstance(agency, str) or not agency.strip() or WIRE_LABEL_RE.search(outlet):
        return outlet
    names = outlets()
    if names.get(agency.strip(), agency.strip()) == names.get(outlet, outlet):
        return outlet
    return f"{outlet} ({agency.strip()} wire copy)"


def publisher(outlet: Any) -> Any:
    """The outlet's own name, without a wire-copy label: ``publisher("X (AP wire copy)") == "X"``."""
    return WIRE_LABEL_RE.sub("", outlet) if isinstance(outlet, str) else outlet


COPYRIGHT_RE = re.compile(
    r"^\W{0,3}(?:©|\(c\)|copyright)(?:\s*©)?\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\s*,?\s*)?"
    r"(?:by\s+)?(?P<name>[A-Z][\w&'’.-]*(?:[ ][\w&'’.-]+){0,5}?)"
    r"\s*(?:[,.|;:]|\s+-\s|\s+all rights|\s+(?:19|20)\d\d|$)", re.I | re.M)


def find_outlet(doc: RawDoc, agency: str | None = None, *, sitename: str | None = None,
                url: str | None = None) -> tuple[str, str]:
    r"""(outlet, where it came from): the metadata; else an HTML page's site name (its ``og:site_name``
    or publisher, as trafilatura reads it); else a copyright line of the page ("© 2024 Valley
    Gazette"); else the site of the article's URL (``url``, else the metadata's); else the wire agency credited; else the name of the
    folder the file is in; else "unknown outlet". Never missing.

    >>> find_outlet(RawDoc("Body.\n© 2024 Valley Gazette. All rights reserved.", "/x/a.txt"))
    ('Valley Gazette', 'copyright line')
    >>> find_outlet(RawDoc("Body.", "/data/dumps/a.txt", meta={"url": "https://www.example.org/a"}))
    ('example.org', 'url')
    """
    meta = doc.meta
    for key in ("outlet_name", "outlet"):
        v = _missing_to_none(meta.get(key))
        if isinstance(v, str) and v.strip():
            return v.strip(), "metadata"
    if sitename and sitename.strip():
        return sitename.strip(), "html site name"
    for m in COPYRIGHT_RE.finditer(doc.text):
        name = m.group("name").strip(" .,-")
        if len(name) > 2 and not name.lower().startswith(("all rights", "the author", "copyright")):
            return name, "copyright line"
    url = url or meta.get("url")
    if isinstance(url, str) and "://" in url:
        host = urlparse(url).netloc.lower().split("@")[-1].split(":")[0]
        host = host[4:] if host.startswith("www.") else host
        if host:
            return host, "url"
    if agency:
        return str(agency), "agency credit"
    if doc.line is None:
        folder = Path(doc.source_path).parent.name
        if folder:
            return folder, "folder name"
    return "unknown outlet", "unknown"


def _missing_to_none(value: Any) -> Any:
    """Metadata spelled as missing ("", "None", "null", "NA") is missing."""
    return None if isinstance(value, str) and value.strip().lower() in ("", "none", "null", "na", "nan") else value


def build_tables(rows: list[dict[str, Any]], *, first_id: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Articles, sentences and tokens DataFrames from article rows (``article_id`` = ``first_id`` +
    row order: a partition of a larger corpus keeps the corpus' ids)."""
    s_cols: dict[str, Any] = {k: array("q") for k in ("article_id", "sentence_id", "paragraph_id", "start", "end")}
    s_text: list[str] = []
    t_cols: dict[str, Any] = {k: array("q") for k in ("article_id", "sentence_id", "token_id", "start", "end")}
    t_text: list[str] = []
    token_re = token_regex()
    s_aid, s_sid, s_pid, s_start, s_end = (s_cols[k] for k in ("article_id", "sentence_id", "paragraph_id", "start",
                                                                "end"))
    t_start, t_end, t_sid = t_cols["start"], t_cols["end"], t_cols["sentence_id"]
    for aid, row in enumerate(rows, first_id):
        row["article_id"] = aid
        text = row["text"]
        sid = 0
        n_before = len(t_start)
        for pid, (p_start, p_end) in enumerate(paragraph_spans(text)):
            for s_rel, e_rel in sentence_spans(text[p_start:p_end]):
                ss, se = s_rel + p_start, e_rel + p_start
                s_aid.append(aid)
                s_sid.append(sid)
                s_pid.append(pid)
                s_start.append(ss)
                s_end.append(se)
                s_text.append(text[ss:se])
                found = list(token_re.finditer(text, ss, se))  # token_spans, without a generator per token
                t_start.extend([m.start() for m in found])
                t_end.extend([m.end() for m in found])
                t_text.extend([m.group() for m in found])
                t_sid.extend(repeat(sid, len(found)))
                sid += 1
        n_new = len(t_start) - n_before
        t_cols["article_id"].extend(repeat(aid, n_new))
        t_cols["token_id"].extend(range(n_new))
    articles = pd.DataFrame(rows)
    for col in ARTICLE_COLUMNS:
        if col not in articles:
            articles[col] = None
    extra = [c for c in articles.columns if c not in ARTICLE_COLUMNS]
    articles = articles[ARTICLE_COLUMNS + sorted(extra)]
    for col in extra:
        articles[col] = uniform_column([r.get(col) for r in rows])
    articles["article_id"] = articles["article_id"].astype("int64")
    articles["published"] = pd.to_datetime(articles["published"], utc=True).astype("datetime64[ns, UTC]")
    articles["source_line"] = articles["source_line"].astype("Int64")
    for col in STRING_COLUMNS:
        articles[col] = articles[col].astype("string")
    sentences = pd.DataFrame({k: np.frombuffer(v, dtype=np.int64) if len(v) else np.zeros(0, np.int64)
                              for k, v in s_cols.items()})
    sentences["text"] = pd.array(s_text, dtype="string")
    sentences = sentences[["article_id", "sentence_id", "paragraph_id", "start", "end", "text"]]
    tokens = pd.DataFrame({k: np.frombuffer(v, dtype=np.int64) if len(v) else np.zeros(0, np.int64)
                           for k, v in t_cols.items()})
    tokens = tokens[["article_id", "sentence_id", "token_id", "start", "end"]]
    tokens["text"] = pd.array(t_text, dtype="string")
    tokens["lower"] = tokens["text"].str.lower()
    tokens["is_alpha"] = tokens["text"].str.isalpha().astype(bool)
    # first character a digit (as re's \d) / not a letter or digit (as [^\W_]), on the plain strings
    tokens["is_digit"] = np.fromiter((t[0].isdecimal() for t in t_text), dtype=bool, count=len(t_text))
    tokens["is_punct"] = np.fromiter((not t[0].isalnum() and len(t) <= 3 for t in t_text), dtype=bool,
                                     count=len(t_text))
    tokens["is_stop"] = tokens["lower"].isin(stopwords()).astype(bool)
    return articles, sentences, tokens


def uniform_column(values: list[Any]) -> pd.Series:
    """One dtype for a metadata column whatever the rows held: booleans, integers that fit int64,
    numbers, else text (numbers as written, lists and objects as JSON), so any metadata the readers
    accept can be written to parquet.

    >>> uniform_column([5, "many", None]).tolist()
    ['5', 'many', <NA>]
    >>> str(uniform_column([1, 2**70]).dtype), str(uniform_column([1, None]).dtype)
    ('string', 'Int64')
    """
    present = [v for v in values if v is not None and not (isinstance(v, float) and v != v)]
    types = {type(v) for v in present}
    if present and types <= {bool}:
        return pd.Series(values, dtype="boolean")
    if present and types <= {int} and all(-(2 ** 63) <= v < 2 ** 63 for v in present):
        return pd.Series(values, dtype="Int64")
    if present and types <= {int, float} and all(isinstance(v, float) or abs(v) < 2 ** 53 for v in present):
        return pd.Series([None if v is None else float(v) for v in values], dtype="Float64")
    return pd.Series([None if v is None or (isinstance(v, float) and v != v) else
                      v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True)
                      for v in values], dtype="string")


def repeated_lines(docs: Iterable[RawDoc], *, min_docs: int = 2) -> dict[Any, frozenset[str]]:
    """Per outlet, the lines that occur in at least ``min_docs`` of its documents (site furniture)."""
    seen: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for doc in docs:
        outlet = doc.meta.get("outlet")
        if not outlet:
            continue
        for line in {ln.strip() for ln in doc.text.splitlines() if ln.strip()}:
            seen[outlet][line] += 1
    return {o: frozenset(l for l, n in counts.items() if n >= min_docs) for o, counts in seen.items()}


def code_version() -> str:
    """A hash of the package's code and data files (part of every cache key)."""
    h = hashlib.sha256(__version__.encode())
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".txt", ".tsv") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(pkg)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def cache_key(path: Path, manifest: Path | None, params: dict[str, Any]) -> str:
    """Hash of everything that shapes the tables: the inputs' location (``source_path`` is a column)
    and content, the parameters and the package's code. Unreadable files are left out, as the readers
    leave them out (their names still count, so fixing one changes the key)."""
    h = hashlib.sha256(code_version().encode())
    h.update(json.dumps(params, sort_keys=True, default=str).encode())
    h.update(str(path.resolve()).encode())
    if path.is_dir():
        h.update(json.dumps(sorted(p.name for p in path.iterdir())).encode())
    for f in input_files(path, manifest):
        h.update(str(f.resolve()).encode())
        try:
            with open(f, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as exc:
            h.update(f"unreadable: {exc.strerror}".encode())
    return h.hexdigest()[:24]


def _write_cache(folder: Path, corpus: Corpus) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".tmp-", dir=folder.parent))
    try:
        corpus.articles.to_parquet(tmp / "articles.parquet", index=False)
        corpus.sentences.to_parquet(tmp / "sentences.parquet", index=False)
        corpus.tokens.to_parquet(tmp / "tokens.parquet", index=False)
        (tmp / "skipped.json").write_text(json.dumps(
            {"skipped": [vars(s) for s in corpus.skipped], "notes": [vars(s) for s in corpus.notes]},
            indent=1), encoding="utf-8")
        os.replace(tmp, folder)  # atomic: a cache folder is complete or absent
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if not folder.exists():
            log.warning("could not write the cache %s: %s", folder, exc)


def _read_cache(folder: Path) -> Corpus | None:
    try:
        info = json.loads((folder / "skipped.json").read_text(encoding="utf-8"))
        return Corpus(pd.read_parquet(folder / "articles.parquet"), pd.read_parquet(folder / "sentences.parquet"),
                      pd.read_parquet(folder / "tokens.parquet"), [Skipped(**s) for s in info["skipped"]],
                      [Skipped(**s) for s in info["notes"]])
    except (OSError, ValueError, KeyError):
        return None


def corpus_bytes(path: Path, manifest: Path | None = None) -> int:
    """The size of a corpus' input files together."""
    return sum(f.stat().st_size for f in input_files(path, manifest))


def load_corpus(path: str | Path = DEFAULT_CORPUS, *, manifest: str | Path | None = None,
                errors: Literal["skip", "raise"] = "skip", structure: Literal["auto", "clean"] = "auto",
                max_bytes: int = DEFAULT_MAX_BYTES, max_corpus_bytes: int | None = None,
                cache: bool | str | Path = True) -> Corpus:
    """Read a corpus: a folder of ``.txt`` page dumps or articles (with an optional manifest),
    or a JSONL or CSV file with one article per row (a ``text`` column).

    errors: ``"skip"`` leaves bad inputs out and records why in ``corpus.skipped``; ``"raise"``
    stops at the first one with an :class:`~analysis.errors.InputError`.
    structure: ``"auto"`` finds headline, byline, timestamp, dateline and strips site chrome;
    ``"clean"`` takes each text as the article body as it is (offsets into the input text).
    max_bytes: size limit of one article file or row; max_corpus_bytes: an optional limit of all inputs
    together, refused before reading (the token table takes roughly 90 bytes of memory per byte of
    text: above :data:`LARGE_CORPUS_BYTES` a warning says so; ``python -m analysis analyse`` then
    streams the corpus in partitions instead).
    cache: parquet cache folder (``True``: ``data/processed/cache``), keyed by the inputs' content,
    the parameters and the code version; ``False`` disables it.

    >>> corpus = load_corpus("data/raw/gsomia-2023")                   # doctest: +SKIP
    >>> corpus.articles.loc[0, "dateline"]                             # doctest: +SKIP
    'Seoul'
    """
    if errors not in ("skip", "raise"):
        raise ParameterError(f"errors must be 'skip' or 'raise', not {errors!r}")
    if structure not in ("auto", "clean"):
        raise ParameterError(f"structure must be 'auto' or 'clean', not {structure!r}")
    src = Path(path)
    man = Path(manifest) if manifest is not None else None
    if not src.exists():
        raise InputError(src, "no such file or folder")
    if not src.is_dir() and not src.is_file():
        raise InputError(src, "not a regular file or folder (a pipe or device); give a file or a folder")
    if man is not None and not man.is_file():
        raise InputError(man, "manifest not found")
    total = corpus_bytes(src, man)
    if max_corpus_bytes is not None and total > max_corpus_bytes:
        raise InputError(src, f"corpus is {total / 1e6:.0f} MB, above max_corpus_bytes={max_corpus_bytes:_} "
                              f"(its tables would need about {total * 90 / 1e9:.0f} GB of memory); raise the limit, "
                              "or stream it: python -m analysis analyse CORPUS --out DIR --partition-size 2000")
    if total > LARGE_CORPUS_BYTES:
        log.warning("corpus %s is %.0f MB: loaded whole, its tables need about %.0f GB of memory; "
                    "'python -m analysis analyse' streams it in partitions", src, total / 1e6, total * 90 / 1e9)
    cache_dir: Path | None = None
    if cache:
        root = CACHE_DIR if cache is True else Path(cache)
        if cache is not True:
            from .outputs import check_not_input
            check_not_input(root, [src, man], option="cache")
        key = cache_key(src, man, {"structure": structure, "max_bytes": max_bytes, "errors": errors})
        cache_dir = root / key
        if cache_dir.is_dir():
            cached = _read_cache(cache_dir)
            if cached is not None:
                log.info("corpus %s read from cache %s", src, cache_dir)
                return cached
    skipped: list[Skipped] = []

    def on_error(exc: InputError) -> None:
        if errors == "raise":
            raise exc
        log.warning("skipped %s", exc)
        skipped.append(Skipped(exc.path, exc.line, exc.reason))

    docs = list(iter_documents(src, on_error, manifest=man, max_bytes=max_bytes))
    rows = list(parse_documents(docs, structure=structure))
    notes = [Skipped(d.source_path, d.line, n) for d in docs for n in d.notes]
    corpus = Corpus(*build_tables(rows), skipped=skipped, notes=notes)
    if cache_dir is not None:
        _write_cache(cache_dir, corpus)
    return corpus


def parse_documents(docs: list[RawDoc], *, structure: str = "auto",
                    repeated: dict[Any, frozenset[str]] | None = None,
                    seen: set[str] | None = None) -> Iterator[dict[str, Any]]:
    """Article rows of raw documents; lines repeated across one outlet's pages count as furniture.
    A corpus read in parts passes the ``repeated`` lines of all its documents and one ``seen`` set of
    ids, so that every part is parsed as the whole corpus would be."""
    rep = (repeated_lines(docs) if repeated is None else repeated) if structure == "auto" else {}
    seen = set() if seen is None else seen
    for d in progress(docs, total=len(docs), desc="reading"):
        row = parse_document(d, structure=structure, repeated=rep.get(d.meta.get("outlet"), frozenset()))
        doc_id = row["doc_id"]
        if doc_id in seen:  # keep both articles apart, under ids that say which is which
            k = 2
            while f"{doc_id}-{k}" in seen:
                k += 1
            row["doc_id"] = f"{doc_id}-{k}"
            d.notes.append(f"id {doc_id!r} is used by an earlier article; this one is {row['doc_id']!r}")
        seen.add(row["doc_id"])
        yield row


def iter_parsed(path: str | Path, *, errors: Literal["skip", "raise"] = "skip", structure: str = "auto",
                max_bytes: int = DEFAULT_MAX_BYTES, manifest: str | Path | None = None,
                skipped: list[Skipped] | None = None) -> Iterator[dict[str, Any]]:
    """Article rows (without tokenising) of every article in ``path``, as :func:`load_corpus` parses them."""
    def on_error(exc: InputError) -> None:
        if errors == "raise":
            raise exc
        log.warning("skipped %s", exc)
        if skipped is not None:
            skipped.append(Skipped(exc.path, exc.line, exc.reason))

    yield from parse_documents(list(iter_documents(path, on_error, manifest=manifest, max_bytes=max_bytes)),
                               structure=structure)
