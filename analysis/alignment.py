"""What each outlet reports that the others do not: align sentences across the articles of one event.

Sentences are compared by the overlap of their content words (crude five-letter stems, so "normalise"
and "normalization" meet), weighted by how rare each word is among the event's sentences; each pair of articles is matched one-to-one, greedily by similarity, above
``threshold``. Alignment only ever compares articles of the same event, so its cost grows with the
size of events, not of the corpus.
"""
from __future__ import annotations

import re
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import sparse

from .corpus import Corpus
from .lexicons import stopwords

WORD_RE = re.compile(r"[^\W\d_]+")
DEFAULT_THRESHOLD = 0.25


def stems(text: str) -> frozenset[str]:
    stop = stopwords()
    return frozenset(w.lower()[:5] for w in WORD_RE.findall(text) if len(w) > 2 and w.lower() not in stop)


def similarity(a: frozenset[str], b: frozenset[str], weight: dict[str, float] | None = None) -> float:
    """Dice coefficient of two stem sets, each stem weighted (default 1)."""
    if not a or not b:
        return 0.0
    if weight is None:
        return 2 * len(a & b) / (len(a) + len(b))
    w = weight.get
    total = sum(w(x, 1.0) for x in a) + sum(w(x, 1.0) for x in b)
    return 2 * sum(w(x, 1.0) for x in a & b) / total if total else 0.0


def event_weights(stem_sets: list[frozenset[str]]) -> dict[str, float]:
    """IDF of each stem over the event's sentences: words every sentence shares ("Korea") count little."""
    import math
    from collections import Counter
    df = Counter(x for s in stem_sets for x in s)
    n = len(stem_sets)
    return {x: math.log((1 + n) / (1 + c)) + 0.05 for x, c in df.items()}


def align_event(sentences: pd.DataFrame, *, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Matched sentence pairs between the articles of one event (one-to-one per pair of articles).

    The similarity of every pair of sentences of two articles is one sparse matrix product:
    (weights of A's stems) x (B's stems)^T gives the weight of the stems they share."""
    ordered = sentences.sort_values(["article_id", "sentence_id"], kind="stable")
    aids = ordered["article_id"].to_numpy()
    sids = ordered["sentence_id"].to_numpy()
    sets = [stems(t) for t in ordered["text"]]
    weight = event_weights(sets)
    vocab: dict[str, int] = {}
    rows_i, cols_i, vals = [], [], []
    for r, st in enumerate(sets):
        for x in st:
            rows_i.append(r)
            cols_i.append(vocab.setdefault(x, len(vocab)))
            vals.append(weight.get(x, 1.0))
    shape = (len(sets), max(len(vocab), 1))
    w = sparse.csr_matrix((np.asarray(vals, dtype=np.float64), (rows_i, cols_i)), shape=shape)
    ones = sparse.csr_matrix((np.ones(len(vals)), (rows_i, cols_i)), shape=shape)
    total = np.asarray(w.sum(axis=1)).ravel()
    nonempty = np.asarray([bool(st) for st in sets])
    bounds = {aid: (int(np.searchsorted(aids, aid, "left")), int(np.searchsorted(aids, aid, "right")))
              for aid in np.unique(aids)}
    out = []
    for a, b in combinations(sorted(bounds), 2):
        (a0, a1), (b0, b1) = bounds[a], bounds[b]
        shared = (w[a0:a1] @ ones[b0:b1].T).toarray()
        den = total[a0:a1, None] + total[None, b0:b1]
        ok = nonempty[a0:a1, None] & nonempty[None, b0:b1] & (den > 0)
        # rounded so that sums taken in another order give the same ties (broken by sentence ids)
        sim = np.round(np.where(ok, 2 * shared / np.where(den > 0, den, 1.0), 0.0), 9)
        ia, ib = np.nonzero(sim >= threshold)
        cands = sorted(zip(-sim[ia, ib], sids[a0 + ia], sids[b0 + ib]))
        used_a: set[int] = set()
        used_b: set[int] = set()
        for neg, sa, sb in cands:
            if sa in used_a or sb in used_b:
                continue
            used_a.add(sa)
            used_b.add(sb)
            out.append((a, int(sa), b, int(sb), round(float(-neg), 4)))
    return pd.DataFrame(out, columns=["article_a", "sentence_a", "article_b", "sentence_b", "similarity"])


def align(corpus: Corpus, events: pd.DataFrame | None = None, *,
          threshold: float = DEFAULT_THRESHOLD) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Align every event with two or more outlets.

    Returns ``pairs`` (event, article and sentence ids of both sides, similarity, both texts) and
    ``coverage``: one row per sentence with its ``status`` (shared by all / shared by some /
    exclusive / single outlet) and the outlets that also report it. ``events`` maps article_id to
    event (default: the corpus' ``event`` column, else every article is its own event).
    """
    arts = corpus.articles[["article_id", "outlet"]].copy()
    if events is None:
        ev = corpus.articles["event"].astype(object)
        arts["event"] = ev.where(ev.notna(), "article-" + corpus.articles["article_id"].astype(str))
    else:
        arts = arts.merge(events[["article_id", "event"]], on="article_id", how="left")
    arts["outlet"] = arts["outlet"].astype(object).where(arts["outlet"].notna(), "(unknown outlet)")
    # Per sentence, its event and outlet as plain columns beside the corpus' sentences (no merged copy of
    # every sentence's text: on a large corpus that copy is the stage's memory peak).
    src = corpus.sentences
    event_of, outlet_of = dict(zip(arts["article_id"], arts["event"])), dict(zip(arts["article_id"], arts["outlet"]))
    keep = src["article_id"].isin(event_of).to_numpy()
    src = src[keep] if not keep.all() else src
    s_event = src["article_id"].map(event_of).astype(object).to_numpy()
    s_outlet = src["article_id"].map(outlet_of).astype(object).to_numpy()
    n_outlets = arts.groupby("event")["outlet"].nunique()
    multi = set(n_outlets[n_outlets > 1].index)
    pair_frames = []
    matched: dict[tuple[int, int], set[str]] = {}
    in_multi = np.fromiter((e in multi for e in s_event), dtype=bool, count=len(s_event))
    if in_multi.any():
        sub = src[in_multi].assign(event=s_event[in_multi], outlet=s_outlet[in_multi])
        for event, es in sub.groupby("event", sort=True):
            pairs = align_event(es, threshold=threshold)
            pairs.insert(0, "event", event)
            pair_frames.append(pairs)
            for p in pairs.itertuples():
                matched.setdefault((p.article_a, p.sentence_a), set()).add(outlet_of[p.article_b])
                matched.setdefault((p.article_b, p.sentence_b), set()).add(outlet_of[p.article_a])
        del sub
    pairs = pd.concat(pair_frames, ignore_index=True) if pair_frames else \
        align_event(src.iloc[:0]).assign(event=pd.Series(dtype=object))[["event", "article_a", "sentence_a",
                                                                           "article_b", "sentence_b", "similarity"]]
    key = pd.MultiIndex.from_arrays([src["article_id"], src["sentence_id"]])
    for side in ("a", "b"):  # the matched sentences' text, looked up by position (no dict of every sentence)
        pos = key.get_indexer(pd.MultiIndex.from_arrays([pairs[f"article_{side}"], pairs[f"sentence_{side}"]]))
        pairs[f"text_{side}"] = src["text"].take(pos).tolist()
    none: list[str] = []
    others = [sorted(matched[(a, s)] - {o}) if (a, s) in matched else none for a, s, o in
              zip(src["article_id"], src["sentence_id"], s_outlet)]
    n_ev = pd.Series(s_event).map(n_outlets).to_numpy()
    status = ["single outlet" if n < 2 else "shared by all" if len(o) == n - 1 else "shared by some" if o
              else "exclusive" for n, o in zip(n_ev, others)]
    coverage = pd.DataFrame({"event": s_event, "article_id": src["article_id"].to_numpy(), "outlet": s_outlet,
                             "sentence_id": src["sentence_id"].to_numpy(), "start": src["start"].to_numpy(),
                             "end": src["end"].to_numpy(), "text": src["text"].array, "status": status,
                             "also_in": ["; ".join(o) for o in others]})
    del others, status
    coverage = coverage.sort_values(["event", "article_id", "sentence_id"], kind="mergesort").reset_index(drop=True)
    return pairs, coverage


def pair_statements(quotes: pd.DataFrame, articles: pd.DataFrame, *, threshold: float = 0.3) -> pd.DataFrame:
    """The same speaker's statements across outlets of one event: verbatim, trimmed or paraphrased."""
    q = quotes[quotes["speaker_resolved"].notna() & quotes["continues"].isna()].merge(
        articles[["article_id", "outlet", "event"]], on="article_id")
    rows = []
    multi = q.groupby(["event", "speaker_resolved"])["outlet"].transform("nunique") > 1
    q = q[multi]  # a speaker quoted by one outlet only has nothing to pair
    norm: dict[str, str] = {}
    stem_of: dict[str, frozenset[str]] = {}
    for (event, speaker), g in q.groupby(["event", "speaker_resolved"], sort=True):
        recs = list(g.itertuples())
        for a, b in combinations(recs, 2):
            if a.outlet == b.outlet:
                continue
            for content in (a.content, b.content):
                if content not in norm:
                    norm[content], stem_of[content] = _norm(content), stems(content)
            ta, tb, sa, sb = norm[a.content], norm[b.content], stem_of[a.content], stem_of[b.content]
            if ta == tb:
                how = "verbatim"
            elif ta in tb or tb in ta:
                how = "trimmed"
            else:
                if similarity(sa, sb) < threshold:
                    continue
                how = "paraphrased"
            rows.append({"event": event, "speaker": speaker, "outlet_a": a.outlet, "quote_a": a.quote_id,
                         "kind_a": a.kind, "content_a": a.content, "outlet_b": b.outlet, "quote_b": b.quote_id,
                         "kind_b": b.kind, "content_b": b.content, "match": how,
                         "similarity": round(similarity(sa, sb), 4)})
    return pd.DataFrame(rows, columns=["event", "speaker", "outlet_a", "quote_a", "kind_a", "content_a", "outlet_b",
                                       "quote_b", "kind_b", "content_b", "match", "similarity"])


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


CLOCK_TIME_RE = re.compile(r"\d{1,2}[:.]\d{2}(?!\d)|\b\d{1,2}\s?[ap]\.?m\b|T\d{2}", re.I)


def publication_lag(corpus: Corpus, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per event and outlet: first publication time, whether its clock time is known, and the lag
    behind the first outlet: ``lag_days`` (calendar days, UTC) always, ``lag_hours`` only when every
    outlet of the event gives a clock time (a bare date is not midnight)."""
    cols = ["article_id", "outlet", "published", "event"] + (["published_raw"] if "published_raw" in corpus.articles else [])
    arts = corpus.articles[cols].copy()
    if events is not None:
        arts = arts.drop(columns="event").merge(events[["article_id", "event"]], on="article_id")
    arts = arts.dropna(subset=["published"])
    raw = arts["published_raw"] if "published_raw" in arts else pd.Series(None, index=arts.index, dtype=object)
    arts["time_known"] = [bool(CLOCK_TIME_RE.search(r)) if isinstance(r, str) else
                          (p.hour, p.minute, p.second) != (0, 0, 0) for r, p in zip(raw, arts["published"])]
    arts = arts.sort_values(["event", "outlet", "published"], kind="mergesort")
    first = arts.groupby(["event", "outlet"], sort=True).first()[["published", "time_known"]].reset_index()
    start = first.groupby("event")["published"].transform("min")
    first["lag_days"] = (first["published"].dt.floor("D") - start.dt.floor("D")).dt.days.astype("int64")
    hours = (first["published"] - start).dt.total_seconds() / 3600
    all_known = first.groupby("event")["time_known"].transform("all")
    first["lag_hours"] = hours.where(all_known)
    first["first"] = hours == 0
    return first[["event", "outlet", "published", "time_known", "lag_days", "lag_hours", "first"]]


def shared_terms(corpus: Corpus, events: pd.DataFrame | None = None, *, top: int = 15,
                 counts: pd.DataFrame | None = None, capital_share: pd.Series | None = None) -> pd.DataFrame:
    """Per event with several outlets: content words every outlet uses, most used first (topics the
    outlets share even when no sentence matches, such as "summit"). Names (words written with a
    capital letter almost everywhere) are left to the actor tables.

    ``counts`` (one-word rows of :func:`analysis.wordchoice.term_counts`) and ``capital_share`` (per
    word, the share of its uses written with a capital) stand in for the tokens when given."""
    from .wordchoice import capitalisation, term_counts

    if counts is None or capital_share is None:
        counts = term_counts(corpus, bigrams=False)
        capital_share = capitalisation(corpus.tokens).pipe(lambda c: c["capitalised"] / c["uses"])
    arts = corpus.articles[["article_id", "outlet", "event"]].copy()
    if events is not None:
        arts = arts.drop(columns="event").merge(events[["article_id", "event"]], on="article_id")
    arts["outlet"] = arts["outlet"].astype(object).where(arts["outlet"].notna(), "(unknown outlet)")
    # Codes, not strings: each distinct term is looked at once (is it one word, is it a name?), and the
    # counts are summed per (event, term, outlet) over integer columns, never copying the term strings.
    codes, uniques = pd.factorize(counts["term"])
    terms = pd.Series(uniques)
    one_word = ~terms.str.contains(" ", regex=False).astype("boolean").fillna(False).to_numpy(dtype=bool)
    not_a_name = pd.to_numeric(terms.map(capital_share), errors="coerce").to_numpy(dtype=float, na_value=np.nan) < 0.8
    keep_term = one_word & not_a_name
    pos = pd.Index(arts["article_id"]).get_indexer(counts["article_id"].to_numpy())
    rows_keep = keep_term[codes] & (pos >= 0)
    ev_codes, ev_names = pd.factorize(arts["event"], sort=True)
    out_codes, _ = pd.factorize(arts["outlet"])
    n_outlets = pd.Series(out_codes).groupby(ev_codes).nunique().reindex(range(len(ev_names)), fill_value=0).to_numpy()
    rows_keep &= ev_codes[np.where(pos >= 0, pos, 0)] >= 0  # an article with no event is in none
    p = pos[rows_keep]
    df = pd.DataFrame({"ev": ev_codes[p], "term": codes[rows_keep], "outlet": out_codes[p],
                       "n": counts["n"].to_numpy()[rows_keep]})
    df = df[n_outlets[df["ev"].to_numpy()] >= 2] if len(df) else df
    per = df.groupby(["ev", "term", "outlet"], sort=False)["n"].sum().reset_index()
    agg = per.groupby(["ev", "term"], sort=False)["n"].agg(["size", "sum", "min"]).reset_index()
    agg = agg[agg["size"].to_numpy() == n_outlets[agg["ev"].to_numpy()]]  # used by every outlet of the event
    term_rank = np.empty(len(uniques), dtype=np.int64)
    term_rank[np.argsort(np.asarray(uniques, dtype=object), kind="stable")] = np.arange(len(uniques))
    agg = agg.assign(rank=term_rank[agg["term"].to_numpy()])
    agg = agg.sort_values(["ev", "min", "sum", "rank"], ascending=[True, False, False, True], kind="mergesort")
    agg = agg.groupby("ev", sort=False).head(top)
    return pd.DataFrame({"event": np.asarray(ev_names, dtype=object)[agg["ev"].to_numpy()],
                         "term": np.asarray(uniques, dtype=object)[agg["term"].to_numpy()],
                         "total": agg["sum"].to_numpy(dtype=np.int64), "least": agg["min"].to_numpy(dtype=np.int64)})
