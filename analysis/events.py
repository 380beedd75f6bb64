"""Group articles into events (same story, different outlets) by content similarity.

Each article becomes a TF-IDF vector of its content words (headline words count twice). Articles
are joined by average-linkage clustering on cosine similarity, stopping at ``threshold``; an
article left alone then joins its most similar article's event when that similarity reaches
``attach`` (outlets tell one story with different words, so one of three versions can fall just
short of the others). When publication dates are known, articles further apart than
``window_days`` are never joined. An existing ``event`` column is not used here.

>>> groups = group_events(corpus)                          # doctest: +SKIP
>>> groups[["article_id", "event"]]                        # doctest: +SKIP
"""
from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd

from .corpus import Corpus
from .lexicons import stopwords

WORD_RE = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{3,}")
DEFAULT_THRESHOLD = 0.25
DEFAULT_ATTACH = 0.12
DEFAULT_WINDOW_DAYS = 7.0


def _bag(title: str | None, text: str) -> Counter[str]:
    stop = stopwords()
    bag: Counter[str] = Counter()
    for weight, part in ((2, title if isinstance(title, str) else ""), (1, text)):
        for w in WORD_RE.findall(part):
            low = w.lower().replace("’", "'")
            if low in stop or len(low) < 3:
                continue
            bag[low] += weight
    return bag


def similarity_matrix(titles: list[str | None], texts: list[str]) -> np.ndarray:
    """Cosine similarity of sublinear TF-IDF vectors of the articles' content words."""
    bags = [_bag(t, x) for t, x in zip(titles, texts)]
    df: Counter[str] = Counter(w for b in bags for w in b)
    n = len(bags)
    vocab = {w: i for i, w in enumerate(sorted(w for w, c in df.items() if c >= 1))}
    mat = np.zeros((n, len(vocab)), dtype=np.float64)
    for r, bag in enumerate(bags):
        for w, c in bag.items():
            mat[r, vocab[w]] = (1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1)  # smoothed IDF
    norms = np.linalg.norm(mat, axis=1)
    norms[norms == 0] = 1.0
    mat /= norms[:, None]
    return mat @ mat.T


def cluster(sim: np.ndarray, threshold: float, allowed: np.ndarray | None = None) -> list[int]:
    """Average-linkage agglomerative clustering; returns a cluster label per row (0, 1, ... in order)."""
    n = len(sim)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    link = sim.astype(np.float64).copy()
    if allowed is not None:
        link[~allowed] = -np.inf
    np.fill_diagonal(link, -np.inf)
    active = np.ones(n, dtype=bool)
    while True:
        masked = np.where(active[:, None] & active[None, :], link, -np.inf)
        flat = int(np.argmax(masked))
        i, j = divmod(flat, n)
        if masked[i, j] < threshold:
            break
        # merge j into i; average linkage = size-weighted mean of the two rows
        ni, nj = len(members[i]), len(members[j])
        merged = (link[i] * ni + link[j] * nj) / (ni + nj)
        blocked = np.isneginf(link[i]) | np.isneginf(link[j])
        merged[blocked] = -np.inf
        link[i, :] = merged
        link[:, i] = merged
        link[i, i] = -np.inf
        active[j] = False
        members[i].extend(members.pop(j))
    labels = [0] * n
    for label, (_, rows) in enumerate(sorted(members.items(), key=lambda kv: min(kv[1]))):
        for r in rows:
            labels[r] = label
    return labels


def attach_singletons(sim: np.ndarray, labels: list[int], attach: float,
                      allowed: np.ndarray | None = None) -> list[int]:
    """Give each article that is alone in its event the event of its most similar article (if >= attach)."""
    sizes = Counter(labels)
    out = list(labels)
    for i in range(len(labels)):
        if sizes[labels[i]] != 1:
            continue
        row = sim[i].astype(np.float64).copy()
        row[i] = -np.inf
        if allowed is not None:
            row[~allowed[i]] = -np.inf
        j = int(np.argmax(row)) if len(row) > 1 else i
        if j != i and row[j] >= attach:
            out[i] = out[j]
    # renumber in order of first appearance
    order: dict[int, int] = {}
    return [order.setdefault(k, len(order)) for k in out]


def group_events(corpus: Corpus, *, threshold: float = DEFAULT_THRESHOLD, attach: float = DEFAULT_ATTACH,
                 window_days: float | None = DEFAULT_WINDOW_DAYS) -> pd.DataFrame:
    """One row per article: ``article_id``, ``doc_id``, ``file``, ``event`` (``event-001``, ...) and
    ``outlet``. Articles with no similar article form an event of their own."""
    arts = corpus.articles
    sim = similarity_matrix(list(arts["title"].astype(object).where(arts["title"].notna(), None)),
                            list(arts["text"].astype(str)))
    allowed = None
    if window_days is not None and arts["published"].notna().any():
        days = arts["published"].map(lambda t: t.timestamp() / 86400 if pd.notna(t) else np.nan).to_numpy(float)
        gap = np.abs(days[:, None] - days[None, :])
        allowed = ~(gap > window_days)  # unknown dates (NaN) are allowed
    labels = attach_singletons(sim, cluster(sim, threshold, allowed), attach, allowed)
    return pd.DataFrame({
        "article_id": arts["article_id"].to_numpy(), "doc_id": arts["doc_id"].to_numpy(),
        "file": [p.split("/")[-1] if isinstance(p, str) else None for p in arts["source_path"]],
        "event": [f"event-{k + 1:03d}" for k in labels], "outlet": arts["outlet"].to_numpy(),
    })


def adjusted_rand_index(truth: list, pred: list) -> float:
    """Adjusted Rand index of two labelings (Hubert and Arabie 1985)."""
    def comb2(x: float) -> float:
        return x * (x - 1) / 2
    n = len(truth)
    table = Counter(zip(truth, pred))
    a = Counter(truth)
    b = Counter(pred)
    index = sum(comb2(v) for v in table.values())
    sa, sb = sum(comb2(v) for v in a.values()), sum(comb2(v) for v in b.values())
    expected = sa * sb / comb2(n) if n > 1 else 0.0
    maximum = (sa + sb) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)
