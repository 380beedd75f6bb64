"""Corpus overview tables for the first notebook: what was read, how long, and a sample of the
page chrome that was removed (so a reader can audit it)."""
from __future__ import annotations

import pandas as pd

from .corpus import Corpus


def articles_overview(corpus: Corpus) -> pd.DataFrame:
    """One row per article: id, outlet, agency, title, published, dateline, words, sentences, removed lines."""
    words = corpus.tokens[corpus.tokens["is_alpha"]].groupby("article_id").size().rename("words")
    sents = corpus.sentences.groupby("article_id").size().rename("sentences")
    a = corpus.articles
    out = a[["article_id", "doc_id", "outlet", "agency", "title", "published", "dateline", "event"]].join(
        words, on="article_id").join(sents, on="article_id")
    out["removed_lines"] = a["boilerplate"].fillna("").map(lambda b: len([x for x in b.split("\n") if x.strip()]))
    return out.fillna({"words": 0, "sentences": 0}).astype({"words": "int64", "sentences": "int64"})


def chrome_sample(corpus: Corpus, *, lines: int = 8) -> pd.DataFrame:
    """The first removed lines of each article (site chrome, metadata lines) for auditing."""
    rows = []
    for aid, doc, outlet, boiler in zip(corpus.articles["article_id"], corpus.articles["doc_id"],
                                        corpus.articles["outlet"], corpus.articles["boilerplate"].fillna("")):
        for k, line in enumerate([x for x in boiler.split("\n") if x.strip()][:lines]):
            rows.append({"article_id": aid, "doc_id": doc, "outlet": outlet, "line": k + 1, "removed": line})
    return pd.DataFrame(rows, columns=["article_id", "doc_id", "outlet", "line", "removed"])


def per_outlet(overview: pd.DataFrame) -> pd.DataFrame:
    """Articles, words (total and median) per outlet."""
    o = overview.assign(outlet=overview["outlet"].astype(object).where(overview["outlet"].notna(), "(unknown outlet)"))
    return o.groupby("outlet", sort=True).agg(articles=("article_id", "size"), words=("words", "sum"),
                                              median_words=("words", "median")).reset_index()
