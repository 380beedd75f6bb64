"""Words each outlet prefers over the others for the same story: Monroe, Colaresi & Quinn (2008),
"Fightin' Words", the log-odds ratio with an informative Dirichlet prior, with z-scores.

For outlet i against all other outlets, with counts y_w (outlet) and y'_w (the rest), prior counts
a_w = a0 * share of w in the whole corpus:
    delta_w = log((y_w + a_w) / (n + a0 - y_w - a_w)) - log((y'_w + a_w) / (n' + a0 - y'_w - a_w))
    var_w  ~= 1 / (y_w + a_w) + 1 / (y'_w + a_w)
    z_w     = delta_w / sqrt(var_w)
Positive z: the outlet uses the word more than the others do. Counted on the corpus' own tokens
(lower case, alphabetic, stop words out); bigrams of such words are counted too.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .corpus import Corpus


def _content_words(tokens: pd.DataFrame) -> pd.DataFrame:
    """Tokens that count as content words: alphabetic, three letters or more, not stop words."""
    return tokens.loc[tokens["is_alpha"] & ~tokens["is_stop"] & (tokens["text"].str.len() > 2)]


def capitalisation(tokens: pd.DataFrame) -> pd.DataFrame:
    """Per content word (lower case): ``uses`` and how many of them are ``capitalised``; summed over
    partitions, this tells names ("Korea") from words ("summit") without keeping the tokens."""
    words = _content_words(tokens)
    return words.assign(capitalised=words["text"].str[0].str.isupper().astype("int64")).groupby("lower").agg(
        uses=("capitalised", "size"), capitalised=("capitalised", "sum"))


def term_counts(corpus: Corpus, *, bigrams: bool = True) -> pd.DataFrame:
    """How often each article uses each term: ``article_id``, ``term``, ``n``, sorted by article.
    Terms are lower-cased alphabetic tokens of three letters or more that are not stop words, and
    (``bigrams``) pairs of such words next to each other in a sentence ("north korea")."""
    words = _content_words(corpus.tokens)[["article_id", "sentence_id", "token_id", "lower"]]
    parts = [words.groupby(["article_id", "lower"], sort=False).size().rename("n").reset_index()
             .rename(columns={"lower": "term"})]
    if bigrams and len(words) > 1:
        aid, sid, tid = (words[c].to_numpy() for c in ("article_id", "sentence_id", "token_id"))
        low = words["lower"].to_numpy(dtype=object)
        next_to = (aid[1:] == aid[:-1]) & (sid[1:] == sid[:-1]) & (tid[1:] == tid[:-1] + 1)
        pairs = pd.DataFrame({"article_id": aid[1:][next_to],
                              "term": pd.Series(low[:-1][next_to], dtype=object) + " " + low[1:][next_to]})
        parts.append(pairs.groupby(["article_id", "term"], sort=False).size().rename("n").reset_index())
    out = pd.concat(parts, ignore_index=True)
    out["term"] = out["term"].astype("string")  # Arrow-backed: compact, unlike millions of str objects
    return out.sort_values("article_id", kind="stable").reset_index(drop=True)


FIGHTIN_BLOCK_CELLS = 1 << 22  # group x term cells per block of fightin_words (about 32 MB per array)


def _rows_of(counts: pd.DataFrame, ids: list[int]) -> pd.DataFrame:
    """The rows of ``counts`` (sorted by article) for these articles, by binary search, not a scan."""
    aid = counts["article_id"].to_numpy()
    ids_arr = np.asarray(sorted(set(ids)), dtype=aid.dtype if len(aid) else np.int64)
    lo, hi = np.searchsorted(aid, ids_arr, "left"), np.searchsorted(aid, ids_arr, "right")
    take = np.concatenate([np.arange(a, b) for a, b in zip(lo, hi)]) if len(ids_arr) else np.zeros(0, np.int64)
    return counts.iloc[take]


def _positions(corpus: Corpus) -> "pd.Series":
    """article_id -> row position in ``corpus.articles``, built once per corpus."""
    cached = corpus.__dict__.get("_positions")
    if cached is None or len(cached) != len(corpus.articles):
        cached = pd.Series(np.arange(len(corpus.articles)), index=corpus.articles["article_id"].to_numpy())
        corpus.__dict__["_positions"] = cached
    return cached


def fightin_words(corpus: Corpus, *, by: str = "outlet", articles: list[int] | None = None,
                  prior: float | None = None, min_count: int = 2, bigrams: bool = True,
                  counts: pd.DataFrame | None = None, top: int | None = None) -> pd.DataFrame:
    """One row per (group, term): counts, log-odds ``delta``, ``z`` and the group's ``rank`` by z.

    ``by``: an articles column (default ``outlet``); ``articles``: restrict to these article ids
    (e.g. one event). ``prior``: total pseudo-count a0 of the informative prior (default: the
    number of counted terms, i.e. the corpus itself as the prior). ``counts``: :func:`term_counts`
    of the corpus, when already computed (one event after another reuses it). ``top``: keep only
    each group's ``top`` terms by z (the full table has a row for every term and group).
    """
    empty = pd.DataFrame(columns=[by, "term", "count", "count_others", "delta", "z", "rank"])
    arts = corpus.articles
    if articles is not None:  # by position (one index per corpus), not by scanning every article
        pos = _positions(corpus).reindex(pd.unique(np.asarray(articles, dtype=np.int64))).dropna()
        arts = arts.iloc[np.sort(pos.to_numpy(dtype=np.int64))]
    counts = term_counts(corpus, bigrams=bigrams) if counts is None else counts
    if not bigrams:
        counts = counts[~counts["term"].str.contains(" ", regex=False)]
    group_of = dict(zip(arts["article_id"], arts[by].astype(object).where(arts[by].notna(), "(unknown)").map(str)))
    c = _rows_of(counts, list(group_of)) if articles is not None else counts[counts["article_id"].isin(group_of)]
    if c.empty:
        return empty
    groups = sorted(set(group_of.values()))  # a group with no counted word keeps its (zero) rows
    if len(groups) < 2:
        return empty
    aids = np.fromiter(group_of.keys(), dtype=np.int64, count=len(group_of))
    a_codes = pd.Index(groups).get_indexer(list(group_of.values()))
    by_aid = np.argsort(aids)
    g_codes = a_codes[by_aid][np.searchsorted(aids[by_aid], c["article_id"].to_numpy(dtype=np.int64))]
    t_codes, all_terms = pd.factorize(c["term"], sort=True)
    n = c["n"].to_numpy(dtype=np.float64)
    n_groups, n_terms = len(groups), len(all_terms)
    n_g = np.bincount(g_codes, weights=n, minlength=n_groups)[:, None]
    total_all = np.bincount(t_codes, weights=n, minlength=n_terms)
    n_total = total_all.sum()
    prior = float(n_total) if prior is None else prior
    n_o = n_total - n_g
    # Terms in blocks, so that memory stays bounded (a large corpus has millions of terms and bigrams);
    # with ``top``, each block keeps only its best candidates per group (the best overall are among them).
    by_term = np.argsort(t_codes, kind="stable")
    t_sorted = t_codes[by_term]
    step = max(1, FIGHTIN_BLOCK_CELLS // n_groups)
    kept: list[list[tuple[np.ndarray, ...]]] = [[] for _ in groups]
    for t0 in range(0, n_terms, step):
        t1 = min(n_terms, t0 + step)
        lo, hi = np.searchsorted(t_sorted, [t0, t1])
        rows = by_term[lo:hi]
        y = np.zeros((n_groups, t1 - t0), dtype=np.float64)  # group x term counts of this block
        np.add.at(y, (g_codes[rows], t_codes[rows] - t0), n[rows])
        keep = total_all[t0:t1] >= min_count
        idx, y, total = np.arange(t0, t1)[keep], y[:, keep], total_all[t0:t1][keep]
        a_w = prior * total / n_total
        y_o = total - y
        delta = np.log((y + a_w) / (n_g + prior - y - a_w)) - np.log((y_o + a_w) / (n_o + prior - y_o - a_w))
        z = delta / np.sqrt(1 / (y + a_w) + 1 / (y_o + a_w))
        z, delta = np.round(z, 6), np.round(delta, 6)
        for g in range(n_groups):
            best = np.lexsort((idx, -z[g]))[:top]
            kept[g].append((idx[best], y[g, best], y_o[g, best], delta[g, best], z[g, best]))
    terms = np.asarray(all_terms, dtype=object)
    cols: dict[str, list[np.ndarray]] = {k: [] for k in (by, "term", "count", "count_others", "delta", "z", "rank")}
    for g, name in enumerate(groups):  # groups are sorted; within one, by z (largest first), then term
        idx, yg, yo, dg, zg = (np.concatenate(a) for a in zip(*kept[g]))
        order = np.lexsort((idx, -zg))[:top]
        cols[by].append(np.full(len(order), name, dtype=object))
        cols["term"].append(terms[idx[order]])
        cols["count"].append(yg[order].astype(np.int64))
        cols["count_others"].append(yo[order].astype(np.int64))
        cols["delta"].append(dg[order])
        cols["z"].append(zg[order])
        cols["rank"].append(np.arange(1, len(order) + 1))
    return pd.DataFrame({k: np.concatenate(v) for k, v in cols.items()})  # one frame, not one per group


def distinctive_words(table: pd.DataFrame, *, by: str = "outlet", top: int = 10, min_z: float = 1.0) -> pd.DataFrame:
    """The ``top`` terms per group with z above ``min_z``."""
    return table[(table["z"] >= min_z) & (table["rank"] <= top)].reset_index(drop=True)
