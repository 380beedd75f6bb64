"""What each outlet reports that the others do not: align sentences across the articles of one event.

Three labels, as a reader would check them:

- **same statement**: the calibrated same-statement decision of :mod:`analysis.similarity` says yes,
  and either the two sentences share most of their wording (IDF-weighted Dice >= :data:`SAME_WORDING`)
  or they have the same agent -- who acts or speaks (:func:`sentence_roles`) -- and a specific fact (a
  named actor, a number or a day not named all over the event) and one more content word in common
  ("the defence ministry initiated ..." and "Yoon confirmed ..." are two statements, even when both
  spell out the agreement's name);
- **partly shared**: not the same statement, but at least one specific fact and one more content word
  in common, and an IDF-weighted Dice of at least :data:`PARTLY_SHARED`; the facts in common are
  listed;
- **exclusive**: nothing in the other outlets comes that close (a shared stock phrase such as "shared
  security challenges" is not a fact).

Candidate pairs are those whose content-word stems overlap at least :data:`CANDIDATE_DICE` (IDF-weighted
Dice, one sparse matrix product per pair of articles), each sentence's :data:`TOP_K` closest on the
other side; the model scores only those that could be the same statement (``probability`` is empty
for the others). Each pair of articles is matched one-to-one, same statements first, then partly
shared ones (an agreeing actor first, then by wording). Alignment only compares articles of the same
event, so its cost grows with the size of events, not of the corpus.
"""
from __future__ import annotations

import re
from collections import namedtuple
from itertools import combinations, groupby
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from .corpus import Corpus
from .events import NUMBER_RE
from .lexicons import stopwords
from .similarity import WHEN

WORD_RE = re.compile(r"[^\W\d_]+")
# days and months name a fact; "may" is too often the verb, and "today" is no date
WHEN_WORDS = WHEN - {"may", "yesterday", "today", "tomorrow", "tonight"}
CANDIDATE_DICE = 0.1   # pairs with less wording in common are not scored (far below any same statement)
TOP_K = 3              # and of those, only each sentence's 3 closest in wording in the other article
PARTLY_SHARED = 0.2    # IDF-weighted Dice from which a pair with a fact in common is "partly shared"
SAME_WORDING = 0.5     # IDF-weighted Dice from which two sentences need no shared fact to be the same
UBIQUITOUS = 0.5       # a fact named in more than this share of the event's sentences identifies the story
STATUSES = ("same statement", "partly shared", "exclusive", "single outlet")
PAIR_COLUMNS = ["article_a", "sentence_a", "article_b", "sentence_b", "status", "similarity", "probability",
                "shared_facts"]


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


def sentence_facts(text: str, actors: frozenset[str] = frozenset()) -> frozenset[str]:
    """The specific facts a sentence states: its named actors (canonical names, from
    :func:`analysis.actors.actor_mentions`), its numbers and its days and months."""
    facts = set(actors)
    facts.update(n.replace(",", "") for n in NUMBER_RE.findall(text))
    facts.update(w for w in (x.lower() for x in WORD_RE.findall(text)) if w in WHEN_WORDS)
    return frozenset(facts)


def sentence_roles(corpus: Corpus, mentions: pd.DataFrame, quotes: pd.DataFrame
                   ) -> tuple[dict[tuple[int, int], frozenset[str]], dict[tuple[int, int], frozenset[str]]]:
    """Per (article_id, sentence_id): the actors it names, and the keys of its agents -- who acts or
    speaks in it. Agents are the actors named as its grammatical subject and the speakers whose cue it
    holds (outlets that only relay are not agents); a country only when no person or institution is
    ("South Korean President Yoon" acts as Yoon). A sentence with none takes, for "he"/"she", the
    agents of the nearest sentence before it that has some, else the name words (or, with no name,
    the head noun) of the noun phrase that opens it. Keys: canonical actor names, and ``np:<word>``
    for each word of a person's name and of such a noun phrase, so "Trump" meets "President Donald
    Trump" and "the official" meets "a senior official"."""
    named: dict[tuple[int, int], set[str]] = {}
    subj: dict[tuple[int, int], dict[bool, set[str]]] = {}
    for aid, sid, actor, typ, is_subj in zip(mentions["article_id"], mentions["sentence_id"], mentions["actor"],
                                             mentions["actor_type"], mentions["is_subject"]):
        key = (int(aid), int(sid))
        named.setdefault(key, set()).add(actor)
        if is_subj:
            subj.setdefault(key, {}).setdefault(typ == "country", set()).update(
                _person_keys(actor) if typ == "person" else {actor})
    q = quotes[quotes["speaker_resolved"].notna() & quotes["cue_start"].notna()]
    if "speaker_type" in q:
        q = q[~q["speaker_type"].isin(["media outlet", "news agency"])]
    sent = corpus.sentences.sort_values(["article_id", "start"], kind="stable")
    s_aid, s_start, s_sid = (sent[c].to_numpy() for c in ("article_id", "start", "sentence_id"))
    for aid, cue, speaker, typ in zip(q["article_id"], q["cue_start"], q["speaker_resolved"],
                                      q["speaker_type"] if "speaker_type" in q else [None] * len(q)):
        lo, hi = np.searchsorted(s_aid, aid, "left"), np.searchsorted(s_aid, aid, "right")
        k = lo + int(np.searchsorted(s_start[lo:hi], cue, "right")) - 1
        if lo <= k < hi:
            subj.setdefault((int(aid), int(s_sid[k])), {}).setdefault(False, set()).update(
                _person_keys(str(speaker)) if typ == "named person" else {str(speaker)})
    agents = {k: frozenset(d.get(False) or d.get(True) or ()) for k, d in subj.items()}
    articles = {int(a) for a in mentions["article_id"]} | {int(a) for a in quotes["article_id"]}
    _fallback_agents(corpus, agents, articles)
    return {k: frozenset(v) for k, v in named.items()}, agents


def _person_keys(name: str) -> set[str]:
    return {name} | {"np:" + w.lower() for w in WORD_RE.findall(name) if len(w) > 2}


def _fallback_agents(corpus: Corpus, agents: dict[tuple[int, int], frozenset[str]], articles: set[int]) -> None:
    """Agents of the sentences that have none from actors or quotes (see :func:`sentence_roles`)."""
    from .attribution import PRONOUNS, subject_np
    from .speakers import title_of

    texts = dict(zip(corpus.articles["article_id"], corpus.articles["text"]))
    sent = corpus.sentences[corpus.sentences["article_id"].isin(articles)].sort_values(["article_id", "start"],
                                                                                         kind="stable")
    last: tuple[int, frozenset[str]] | None = None
    for aid, sid, start, end in zip(sent["article_id"], sent["sentence_id"], sent["start"], sent["end"]):
        key = (int(aid), int(sid))
        if last is not None and last[0] != key[0]:
            last = None
        if key in agents:
            last = (key[0], agents[key])
            continue
        text = texts[aid]
        span = subject_np(text, int(start), int(end))
        if not span:
            continue
        phrase = text[span[0]:span[1]]
        if phrase.lower() in ("he", "she"):
            if last:
                agents[key] = last[1]
            continue
        if phrase.lower() in PRONOUNS:
            continue
        words = WORD_RE.findall(phrase)
        names = {"np:" + w.lower() for w in words[1:] + words[:1] if w[0].isupper() and len(w) > 2
                 and not title_of(w.lower())} - {"np:the"}
        if names:
            agents[key] = frozenset(names)
        elif words:
            agents[key] = frozenset({"np:" + words[-1].lower()[:5]})


def align_event(aids: np.ndarray, sids: np.ndarray, texts: list[str],
                named: dict[tuple[int, int], frozenset[str]], agents: dict[tuple[int, int], frozenset[str]]
                ) -> tuple[list[tuple], list[tuple]]:
    """Aligned sentence pairs between the articles of one event (one-to-one per pair of articles), and
    every candidate pair that comes close (``near``: same statement or partly shared, before the
    one-to-one choice), both as rows of :data:`PAIR_COLUMNS`.

    The event's sentences come as plain columns in (article, sentence) order; ``named``/``agents``: per
    (article_id, sentence_id), the actors a sentence names and those it has acting or speaking
    (:func:`sentence_roles`)."""
    from .similarity import Idf, score_pairs, threshold

    sets = [stems(t) for t in texts]
    weight = event_weights(sets)
    facts = [sentence_facts(t, named.get((int(a), int(s)), frozenset())) for t, a, s in zip(texts, aids, sids)]
    fact_df: dict[str, int] = {}
    for f in facts:
        for x in f:
            fact_df[x] = fact_df.get(x, 0) + 1
    common = {x for x, c in fact_df.items() if c > UBIQUITOUS * len(texts)}
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
    cand: list[tuple[int, int, float]] = []  # row of a, row of b, Dice
    for a, b in combinations(sorted(bounds), 2):
        (a0, a1), (b0, b1) = bounds[a], bounds[b]
        shared = (w[a0:a1] @ ones[b0:b1].T).toarray()
        den = total[a0:a1, None] + total[None, b0:b1]
        ok = nonempty[a0:a1, None] & nonempty[None, b0:b1] & (den > 0)
        # rounded so that sums taken in another order give the same ties (broken by sentence ids)
        sim = np.round(np.where(ok, 2 * shared / np.where(den > 0, den, 1.0), 0.0), 9)
        base = sim >= CANDIDATE_DICE  # and each sentence's TOP_K closest in wording on the other side
        by_row = base & (sim >= -np.sort(-sim, axis=1)[:, TOP_K - 1:TOP_K]) if sim.shape[1] > TOP_K else base
        by_col = base & (sim >= -np.sort(-sim, axis=0)[TOP_K - 1:TOP_K, :]) if sim.shape[0] > TOP_K else base
        keep = by_row | by_col
        ia, ib = np.nonzero(keep)
        cand += [(a0 + int(i), b0 + int(j), float(sim[i, j])) for i, j in zip(ia, ib)]
    if not cand:
        return [], []
    stem_df: dict[str, int] = {}
    for st in sets:
        for x in st:
            stem_df[x] = stem_df.get(x, 0) + 1
    rare = UBIQUITOUS * len(sets)
    # The cheap conditions first: the model scores only the pairs that could be the same statement.
    checked = []
    for i, j, dice in cand:
        in_common = sorted((facts[i] & facts[j]) - common)
        fact_words = {x.lower()[:5] for f in in_common for x in WORD_RE.findall(f)}
        more = any(stem_df[x] <= rare for x in (sets[i] & sets[j]) - fact_words)
        agree = bool(agents.get((int(aids[i]), int(sids[i])), frozenset())
                     & agents.get((int(aids[j]), int(sids[j])), frozenset()))
        maybe_same = dice >= SAME_WORDING or (agree and bool(in_common) and more)
        partly = bool(in_common) and more and dice >= PARTLY_SHARED
        if maybe_same or partly:
            checked.append((i, j, dice, in_common, agree, maybe_same, partly))
    if not checked:
        return [], []
    to_score = [(texts[r[0]], texts[r[1]]) for r in checked if r[5]]
    probs = iter(score_pairs(to_score, idf=Idf(texts)) if to_score else [])
    cut = threshold()
    near = []
    for i, j, dice, in_common, agree, maybe_same, partly in checked:
        key_i, key_j = (int(aids[i]), int(sids[i])), (int(aids[j]), int(sids[j]))
        p = float(next(probs)) if maybe_same else float("nan")
        if maybe_same and p >= cut:
            status = "same statement"
        elif partly:
            status = "partly shared"
        else:
            continue
        near.append((key_i[0], key_i[1], key_j[0], key_j[1], status, round(dice, 4), round(p, 4),
                     "; ".join(in_common), agree))
    # one-to-one per pair of articles: same statements first, then an agreeing actor, then probability
    order = sorted(near, key=lambda r: (r[0], r[2], r[4] != "same statement", not r[8],
                                        -(r[6] if r[4] == "same statement" else r[5]), r[1], r[3]))
    used: set[tuple[int, int, int]] = set()
    pairs = []
    for r in order:
        if (r[0], r[1], r[2]) in used or (r[2], r[3], r[0]) in used:
            continue
        used.add((r[0], r[1], r[2]))
        used.add((r[2], r[3], r[0]))
        pairs.append(r[:8])
    pairs.sort(key=lambda r: (r[0], r[2], r[1], r[3]))
    return pairs, [r[:8] for r in near]


def align(corpus: Corpus, events: pd.DataFrame | None = None, *, mentions: pd.DataFrame | None = None,
          quotes: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Align every event with two or more outlets.

    Returns ``pairs`` (event, article and sentence ids of both sides, ``status`` -- same statement or
    partly shared --, ``similarity`` (IDF-weighted stem Dice), ``probability`` (same statement, from
    :mod:`analysis.similarity`), ``shared_facts``, both texts) and ``coverage``: one row per sentence with
    its ``status`` (same statement / partly shared / exclusive / single outlet), the outlets that
    also report it (``also_in``) and the facts in common (``shared_facts``). ``events`` maps
    article_id to event (default: the corpus' ``event`` column, else every article is its own event);
    ``mentions`` and ``quotes`` (actor mentions and quotes of the corpus) are computed when not given.
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
    pair_rows: list[tuple] = []
    near_rows: list[tuple] = []
    in_multi = np.fromiter((e in multi for e in s_event), dtype=bool, count=len(s_event))
    if in_multi.any():
        multi_articles = set(src.loc[in_multi, "article_id"])
        if mentions is None or quotes is None:
            from .actors import actor_mentions
            from .quotes import attribute
            quotes = attribute(corpus)[0] if quotes is None else quotes
            people = sorted(set(quotes.loc[quotes["speaker_type"] == "named person", "speaker_resolved"].dropna()))
            mentions = actor_mentions(corpus, speakers=people) if mentions is None else mentions
        named, agents = sentence_roles(corpus, mentions[mentions["article_id"].isin(multi_articles)],
                                       quotes[quotes["article_id"].isin(multi_articles)])
        # each event's sentences as one slice of a single sort by event, article and sentence
        rows = np.flatnonzero(in_multi)
        codes, labels = pd.factorize(s_event[rows], sort=True)
        m_aid, m_sid = src["article_id"].to_numpy()[rows], src["sentence_id"].to_numpy()[rows]
        order = np.lexsort((m_sid, m_aid, codes))
        m_aid, m_sid, codes, m_rows = m_aid[order], m_sid[order], codes[order], rows[order]
        bounds = np.searchsorted(codes, np.arange(len(labels) + 1))
        texts = src["text"]
        for e, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:])):  # one event's texts at a time
            p_rows, n_rows = align_event(m_aid[lo:hi], m_sid[lo:hi], texts.take(m_rows[lo:hi]).tolist(), named,
                                         agents)
            pair_rows += [(labels[e], *r) for r in p_rows]
            near_rows += n_rows
    cols = ["event", *PAIR_COLUMNS]
    pairs = pd.DataFrame(pair_rows, columns=cols) if pair_rows else \
        pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    near = pd.DataFrame(near_rows, columns=PAIR_COLUMNS) if near_rows else \
        pd.DataFrame({c: pd.Series(dtype=object) for c in PAIR_COLUMNS})
    for c in ("article_a", "sentence_a", "article_b", "sentence_b"):
        pairs[c] = pairs[c].astype("int64")
    pairs["similarity"] = pairs["similarity"].astype("float64")
    pairs["probability"] = pairs["probability"].astype("float64")
    key = pd.MultiIndex.from_arrays([src["article_id"], src["sentence_id"]])
    for side in ("a", "b"):  # the matched sentences' text, looked up by position (no dict of every sentence)
        pos = key.get_indexer(pd.MultiIndex.from_arrays([pairs[f"article_{side}"], pairs[f"sentence_{side}"]]))
        pairs[f"text_{side}"] = src["text"].take(pos).tolist()
    # per sentence: the best relation it has with each other outlet
    best: dict[tuple[int, int], dict[str, tuple[int, str]]] = {}
    rank = {"same statement": 0, "partly shared": 1}

    def note(a: Any, s: Any, other: Any, status: str, facts: str) -> None:
        d = best.setdefault((int(a), int(s)), {})
        o = outlet_of[int(other)]
        r = rank[status]
        if o not in d or r < d[o][0]:
            d[o] = (r, facts)
        elif r == d[o][0] and facts:
            d[o] = (r, "; ".join(sorted(set(d[o][1].split("; ")) - {""} | set(facts.split("; ")))))
    same = pairs[pairs["status"] == "same statement"]
    for a, s, b, t, f in zip(same["article_a"], same["sentence_a"], same["article_b"], same["sentence_b"],
                             same["shared_facts"]):
        note(a, s, b, "same statement", f)
        note(b, t, a, "same statement", f)
    for a, s, b, t, f in zip(near["article_a"], near["sentence_a"], near["article_b"], near["sentence_b"],
                             near["shared_facts"]):
        note(a, s, b, "partly shared", f)
        note(b, t, a, "partly shared", f)
    status, also, facts_col = [], [], []
    n_ev = pd.Series(s_event).map(n_outlets).to_numpy()
    for a, s, o, n in zip(src["article_id"], src["sentence_id"], s_outlet, n_ev):
        d = {k: v for k, v in best.get((int(a), int(s)), {}).items() if k != o}
        if n < 2:
            status.append("single outlet")
        elif not d:
            status.append("exclusive")
        else:
            status.append(STATUSES[min(r for r, _ in d.values())])
        top = min((r for r, _ in d.values()), default=None)
        also.append("; ".join(sorted(k for k, v in d.items() if v[0] == top)))
        facts_col.append("; ".join(sorted({x for k, v in d.items() if v[0] == top for x in v[1].split("; ") if x})))
    coverage = pd.DataFrame({"event": s_event, "article_id": src["article_id"].to_numpy(), "outlet": s_outlet,
                             "sentence_id": src["sentence_id"].to_numpy(), "start": src["start"].to_numpy(),
                             "end": src["end"].to_numpy(), "text": src["text"].array, "status": status,
                             "also_in": also, "shared_facts": facts_col})
    del status, also
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
    q = q[q["event"].notna()].sort_values(["event", "speaker_resolved"], kind="stable")
    Rec = namedtuple("Rec", "outlet content quote_id kind")
    keyed = zip(zip(q["event"], q["speaker_resolved"]),
                map(Rec._make, zip(q["outlet"], q["content"], q["quote_id"], q["kind"])))
    for (event, speaker), group in groupby(keyed, key=lambda r: r[0]):
        recs = [r for _, r in group]
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
