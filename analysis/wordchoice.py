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

import math
from collections import Counter

import pandas as pd

from .corpus import Corpus


def _counts(tokens: pd.DataFrame, *, bigrams: bool) -> Counter[str]:
    words = tokens.loc[tokens["is_alpha"] & ~tokens["is_stop"] & (tokens["text"].str.len() > 2)]
    counts: Counter[str] = Counter(words["lower"])
    if bigrams:
        # adjacent content words within a sentence ("intelligence sharing", "north korea")
        w = words[["article_id", "sentence_id", "token_id", "lower"]].to_numpy()
        for a, b in zip(w[:-1], w[1:]):
            if a[0] == b[0] and a[1] == b[1] and b[2] == a[2] + 1:
                counts[f"{a[3]} {b[3]}"] += 1
    return counts


def fightin_words(corpus: Corpus, *, by: str = "outlet", articles: list[int] | None = None,
                  prior: float | None = None, min_count: int = 2, bigrams: bool = True) -> pd.DataFrame:
    """One row per (group, term): counts, log-odds ``delta``, ``z`` and the group's ``rank`` by z.

    ``by``: an articles column (default ``outlet``); ``articles``: restrict to these article ids
    (e.g. one event). ``prior``: total pseudo-count a0 of the informative prior (default: the
    number of counted terms, i.e. the corpus itself as the prior).
    """
    arts = corpus.articles
    if articles is not None:
        arts = arts[arts["article_id"].isin(articles)]
    groups = arts[by].fillna("(unknown)")
    per_group: dict[str, Counter[str]] = {}
    for g, ids in arts.groupby(groups)["article_id"]:
        per_group[str(g)] = _counts(corpus.tokens[corpus.tokens["article_id"].isin(ids)], bigrams=bigrams)
    total: Counter[str] = Counter()
    for c in per_group.values():
        total.update(c)
    n_total = sum(total.values())
    prior = float(n_total) if prior is None else prior
    rows = []
    if n_total == 0 or len(per_group) < 2:
        return pd.DataFrame(columns=[by, "term", "count", "count_others", "delta", "z", "rank"])
    for g, counts in per_group.items():
        n_g = sum(counts.values())
        n_o = n_total - n_g
        for term, t_count in total.items():
            if t_count < min_count:
                continue
            a_w = prior * t_count / n_total
            y, y_o = counts.get(term, 0), t_count - counts.get(term, 0)
            delta = (math.log((y + a_w) / (n_g + prior - y - a_w)) - math.log((y_o + a_w) / (n_o + prior - y_o - a_w)))
            z = delta / math.sqrt(1 / (y + a_w) + 1 / (y_o + a_w))
            rows.append({by: g, "term": term, "count": y, "count_others": y_o, "delta": round(delta, 6), "z": round(z, 6)})
    out = pd.DataFrame(rows)
    out = out.sort_values([by, "z", "term"], ascending=[True, False, True], kind="mergesort").reset_index(drop=True)
    out["rank"] = out.groupby(by).cumcount() + 1
    return out


def distinctive_words(table: pd.DataFrame, *, by: str = "outlet", top: int = 10, min_z: float = 1.0) -> pd.DataFrame:
    """The ``top`` terms per group with z above ``min_z``."""
    return table[(table["z"] >= min_z) & (table["rank"] <= top)].reset_index(drop=True)
