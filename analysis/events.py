"""Group articles into events (same story, different outlets) by content similarity.

Each article becomes a TF-IDF vector of its content words (headline words count twice). Articles
are joined by average-linkage clustering on cosine similarity, stopping at ``threshold``; then
fragments join (:func:`attach_fragments`: an article left alone joins its most similar article's
event at ``attach``, an event of two the larger event it is closest to on average). When
publication dates are known, articles further apart than ``window_days`` are not joined, except a
story's follow-ups that share an anchor name with it (:func:`join_follow_ups`); two articles about
different people never are (each has a principal person the other hardly names:
:func:`principal_people`). An existing ``event`` column is not used here.

Nothing is quadratic in the corpus: vectors are sparse; a large corpus compares only candidate
pairs that share rare words (blocking); clustering runs inside connected groups of similar
articles, where it is exact.

>>> groups = group_events(corpus)                          # doctest: +SKIP
>>> groups[["article_id", "event"]]                        # doctest: +SKIP
"""
from __future__ import annotations

import heapq
import re
from array import array
from collections import Counter

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .corpus import Corpus
from .lexicons import stopwords
from .similarity import WHEN

WORD_RE = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{3,}")
DEFAULT_THRESHOLD = 0.25
DEFAULT_ATTACH = 0.12
DEFAULT_WINDOW_DAYS = 7.0  # one news cycle: rolling coverage of a campaign must not become one event
# Blocking for large corpora: each article's 15 most weighted words that occur in 2 to 100 articles.
# On BASIL dev (225 articles) blocking finds the same groups as comparing every pair (tested).
BLOCK_ABOVE = 2000
BLOCK_TERMS = 15
BLOCK_MAX_DF = 100


NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
SENTENCE_START_RE = re.compile(r"(?:^|[.!?:\"“”]\s*|\n\s*)$")
NAME_WEIGHT = 2  # a capitalised word inside a sentence (a name, a place) tells look-alike events apart


def _bag(title: str | None, text: str) -> tuple[Counter[str], set[str]]:
    """Weighted content words (title words count twice), names inside sentences weighted more, and
    numbers ("#7.3", "#12") as words of their own: what separates two earthquakes or two arrests.
    Also the words the text (not the headline, where every word may be capitalised) uses as names."""
    stop = stopwords()
    bag: Counter[str] = Counter()
    names: set[str] = set()
    for weight, part in ((2, title if isinstance(title, str) else ""), (1, text)):
        for m in WORD_RE.finditer(part):
            w = m.group()
            low = w.lower().replace("’", "'")
            if low in stop or len(low) < 3:
                continue
            name = w[0].isupper() and not SENTENCE_START_RE.search(part, max(0, m.start() - 3), m.start())
            bag[low] += weight * (NAME_WEIGHT if name else 1)
            if name and weight == 1:
                names.add(low)
        for m in NUMBER_RE.finditer(part):
            bag["#" + m.group()] += weight
    return bag, names


def tfidf_vectors(titles: list[str | None], texts: list[str]
                  ) -> tuple[sparse.csr_matrix, np.ndarray, dict[str, int], sparse.csr_matrix]:
    """Rows of unit length: sublinear TF-IDF of each article's content words (smoothed IDF); the
    document frequency of each column; the column of each word; and an article x column matrix of
    the words each article's text uses as names (1) or not (0)."""
    vocab: dict[str, int] = {}
    indptr, indices, counts, named = [0], array("q"), array("d"), array("b")
    for title, text in zip(titles, texts):  # one article's word counts at a time, straight into arrays
        bag, names = _bag(title, text)
        for w, c in sorted(bag.items()):
            indices.append(vocab.setdefault(w, len(vocab)))
            counts.append(c)
            named.append(w in names)
        indptr.append(len(indices))
    n = len(indptr) - 1
    idx, ptr = np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)
    tf = sparse.csr_matrix((np.asarray(counts, dtype=np.float64), idx, ptr), shape=(n, len(vocab)))
    names_m = sparse.csr_matrix((np.asarray(named, dtype=np.int8), idx.copy(), ptr.copy()), shape=(n, len(vocab)))
    names_m.eliminate_zeros()
    df = np.bincount(tf.indices, minlength=len(vocab))
    tf.data = 1 + np.log(tf.data)
    x = tf.multiply(np.log((1 + n) / (1 + df)) + 1).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(x.multiply(1 / norms[:, None])), df, vocab, names_m


def candidate_pairs(x: sparse.csr_matrix, df: np.ndarray, *, terms: int = BLOCK_TERMS,
                    max_df: int = BLOCK_MAX_DF) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) of articles that share at least one of their ``terms`` most weighted words among
    words in 2 to ``max_df`` articles: the only pairs worth comparing in a large corpus (articles on
    one story share rare names, places and numbers; common words say nothing). Cost grows with the
    number of such pairs, not with the square of the corpus."""
    rows, cols = [], []
    usable = (df >= 2) & (df <= max_df)
    for i in range(x.shape[0]):
        lo, hi = x.indptr[i], x.indptr[i + 1]
        idx, w = x.indices[lo:hi], x.data[lo:hi]
        keep = usable[idx]
        idx, w = idx[keep], w[keep]
        if len(idx) > terms:
            top = np.argsort(-w, kind="stable")[:terms]
            idx = idx[top]
        rows.extend([i] * len(idx))
        cols.extend(idx.tolist())
    b = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=x.shape)
    shared = sparse.triu(b @ b.T, k=1).tocoo()
    return shared.row.astype(np.int64), shared.col.astype(np.int64)


def _pair_similarity(x: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 200_000) -> np.ndarray:
    out = np.empty(len(i), dtype=np.float64)
    for s in range(0, len(i), chunk):
        a, b = i[s:s + chunk], j[s:s + chunk]
        out[s:s + chunk] = np.asarray(x[a].multiply(x[b]).sum(axis=1)).ravel()
    return out


FULL_NAME_RE = re.compile(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?((?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
CAPITALISED_RE = re.compile(r"\b[A-Z][\w'’-]*")
PRINCIPAL_MIN = 3   # mentions that make a person the one an article is about
PRINCIPAL_SHARE = 3  # ... when the other article names that person at most a third as often
LEAD_CHARS = 300     # ... and names them in its headline or lead


def _capitalised_counts(title: str | None, text: str) -> tuple[str, Counter[str]]:
    full = f"{title}\n{text}" if isinstance(title, str) else text
    return full, Counter(w.replace("’s", "").replace("'s", "") for w in CAPITALISED_RE.findall(full))


def principal_people(titles: list[str | None], texts: list[str]) -> list[str | None]:
    """Per article, the person it is about, or None: the surname of someone it names in full
    ("Vincent Jackson": a known first name, then a capitalised word that is no place) that its
    headline names, or else that it repeats most; at least :data:`PRINCIPAL_MIN` times, more often
    than anyone else, and named in its headline or lead. A person the text quotes in at least half of
    their mentions is a source, not what the story is about (:func:`speaker_counts`)."""
    from .lexicons import countries, first_names
    names, places = first_names(), countries()
    out: list[str | None] = []
    for title, text in zip(titles, texts):
        full, counts = _capitalised_counts(title, text)
        surnames = {m.group(2) for m in FULL_NAME_RE.finditer(full) if m.group(1) in names and m.group(2) not in places}
        if any(counts[x] >= PRINCIPAL_MIN for x in surnames):  # someone quoted in half their mentions is a source
            quoted = speaker_counts(text)
            surnames = {x for x in surnames if 2 * quoted[x] < counts[x]}
        ranked = sorted(((counts[x], x) for x in surnames), reverse=True)
        headline = [r for r in ranked if isinstance(title, str) and _names(title, r[1])]
        if headline:  # the person the headline names (the most repeated, if it names several)
            ranked = headline
        top = None
        if ranked and ranked[0][0] >= PRINCIPAL_MIN and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]) \
                and _names((title or "") + " " + text[:LEAD_CHARS], ranked[0][1]):
            top = ranked[0][1]
        out.append(top)
    return out


SPEECH_VERBS = r"said|says|say|told|tells|added|adds|noted|notes|explained|explains|stated|states"
# "Gunness said", "Mr Gunness, a spokesman, said", "Gunness of the UN Relief and Works Agency said", "Gunness
# of the UN agency said" (a name, then at most one lower-case word: not "Jackson of the Chargers was arrested")
SPEAKER_AFTER_RE = re.compile(rf"\b([A-Z][\w'’-]+?)(?:['’]s)?(?:,[^,.;\n]{{1,80}},|\s+(?:of|from|at|for|with)"
                              rf"(?:\s+(?:\(?[A-Z][\w'’&.-]*\)?|the|of|and|for))+(?:\s+[a-z]+)?)?"
                              rf"\s+(?:{SPEECH_VERBS})\b")
# "said Gunness.", "said Mr Gunness, a spokesman", "according to Gunness": the name ends the clause, so
# "police said Jackson failed tests" and "told Jackson" (the one spoken to) are not counted
SPEAKER_BEFORE_RE = re.compile(r"\b(?:said|says|added|adds|noted|notes|explained|stated|according\s+to)\s+"
                               r"(?:[A-Z][\w.'’-]*\s+){0,3}([A-Z][\w'’-]+)(?=\s*(?:[,.;:!?\"”]|$))")


def speaker_counts(text: str) -> Counter[str]:
    """How often each capitalised word is the speaker of a plain speech verb ("said", "told",
    "added": not "defended", "agreed" or "denied", which a story's subject does too) in ``text``."""
    return Counter([m.group(1) for m in SPEAKER_AFTER_RE.finditer(text)]
                   + [m.group(1) for m in SPEAKER_BEFORE_RE.finditer(text)])


def _names(text: str, word: str) -> bool:
    return re.search(r"\b" + re.escape(word) + r"\b", text) is not None


def people_index(titles: list[str | None], texts: list[str]) -> tuple[np.ndarray, sparse.csr_matrix]:
    """Per article, its principal's code (-1: none; :func:`principal_people`), and a sparse article x
    principal matrix of how often each article names each principal: what :func:`people_apart`
    looks up. Two passes over the texts, so that only the principals' counts are kept."""
    principals = principal_people(titles, texts)
    code: dict[str, int] = {}
    for p in principals:
        if p is not None:
            code.setdefault(p, len(code))
    pid = np.array([code[p] if p is not None else -1 for p in principals], dtype=np.int64)
    rows, cols, vals = [], [], []
    for a, (title, text) in enumerate(zip(titles, texts) if code else ()):
        for w, n in _capitalised_counts(title, text)[1].items():
            if w in code:
                rows.append(a)
                cols.append(code[w])
                vals.append(n)
    m = sparse.csr_matrix((np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(len(pid), max(1, len(code))))
    return pid, m


def people_apart(index: tuple[np.ndarray, sparse.csr_matrix], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For the pairs (i[k], j[k]): are the two articles about different people (two arrests, two
    deaths)? Each has a principal, they differ, and each names the other's principal at most
    1/:data:`PRINCIPAL_SHARE` as often as its own. Vectorised over a :func:`people_index`."""
    pid, m = index
    out = np.zeros(len(i), dtype=bool)
    cand = np.flatnonzero((pid[i] >= 0) & (pid[j] >= 0) & (pid[i] != pid[j]))
    if len(cand):
        a, b = i[cand], j[cand]
        own_a, own_b = np.asarray(m[a, pid[a]]).ravel(), np.asarray(m[b, pid[b]]).ravel()
        b_of_a, a_of_b = np.asarray(m[b, pid[a]]).ravel(), np.asarray(m[a, pid[b]]).ravel()
        out[cand] = (PRINCIPAL_SHARE * b_of_a <= own_a) & (PRINCIPAL_SHARE * a_of_b <= own_b)
    return out


ANCHOR_MAX_DF = 25       # a name in more articles than this, or in more than a tenth of the corpus, is
ANCHOR_MAX_SHARE = 0.1   # common to the corpus (its subject) and ties no one story together


def story_anchors(titles: list[str | None], texts: list[str], vocab: dict[str, int], df: np.ndarray,
                  named: sparse.csr_matrix) -> sparse.csr_matrix:
    """Article x column matrix (1 = anchor) of the names that tie a follow-up to its story: a word the
    article's text uses as a name (a person, a place, a team, a product) that its headline or first
    :data:`LEAD_CHARS` characters also give, and that 2 to :data:`ANCHOR_MAX_DF` articles, at most
    :data:`ANCHOR_MAX_SHARE` of the corpus (but always 2), use; days and months are no anchors. The
    killer's sentencing two years on names the victim and the killer in its lead; a month of campaign
    coverage shares only names found all over the corpus."""
    rows, cols = [], []
    specific = (df >= 2) & (df <= min(ANCHOR_MAX_DF, max(2, ANCHOR_MAX_SHARE * len(texts))))
    for w in WHEN:
        if w in vocab:
            specific[vocab[w]] = False
    for a, (title, text) in enumerate(zip(titles, texts)):
        lo, hi = named.indptr[a], named.indptr[a + 1]
        own = {int(c) for c in named.indices[lo:hi] if specific[c]}
        if not own:
            continue
        lead = f"{title}\n{text[:LEAD_CHARS]}" if isinstance(title, str) else text[:LEAD_CHARS]
        for m in WORD_RE.finditer(lead):
            c = vocab.get(m.group().lower().replace("’", "'"))
            if c in own:
                own.discard(c)
                rows.append(a)
                cols.append(c)
    return sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=named.shape)


def join_follow_ups(labels: np.ndarray, x: sparse.csr_matrix, anchors: sparse.csr_matrix, days: np.ndarray,
                    window_days: float, people: tuple[np.ndarray, sparse.csr_matrix], threshold: float) -> np.ndarray:
    """Join events further apart than the date window that tell one story: some article of each shares
    an anchor (:func:`story_anchors`) with some article of the other and is similar to it at
    ``threshold``, and the two events are similar on average at ``threshold`` (average linkage, as
    within the window), with no two of their articles about different people. The most similar such
    pair of events is joined first. Returns each article's new label (the smallest joined label)."""
    shared = sparse.triu(anchors @ anchors.T, k=1).tocoo()
    i, j = shared.row.astype(np.int64), shared.col.astype(np.int64)
    keep = (np.abs(days[i] - days[j]) > window_days) & (labels[i] != labels[j])
    i, j = i[keep], j[keep]
    keep = _pair_similarity(x, i, j) >= threshold
    i, j = i[keep], j[keep]
    if not len(i):
        return labels
    labels = labels.copy()
    members = _members(labels, set(np.concatenate([labels[i], labels[j]]).tolist()))
    near: dict[int, set[int]] = {k: set() for k in members}
    for a, b in zip(labels[i].tolist(), labels[j].tolist()):
        near[a].add(b)
        near[b].add(a)
    version = dict.fromkeys(members, 0)
    # the sum of each event's vectors (sparse): the dot product of two sums is the sum of all pair similarities
    total = {k: sparse.csr_matrix(np.ones((1, len(m)))) @ x[m] for k, m in members.items()}

    def entry(a: int, b: int) -> tuple[float, int, int, int, int]:
        a, b = min(a, b), max(a, b)
        ma, mb = members[a], members[b]
        avg = -np.inf if _any_apart(people, ma, mb) else float((total[a] @ total[b].T).sum()) / (len(ma) * len(mb))
        return (-avg, a, b, version[a], version[b])
    heap = [entry(a, b) for a in sorted(near) for b in sorted(near[a]) if a < b]
    heapq.heapify(heap)
    while heap:  # the most similar pair of events first; entries of events changed since are stale
        neg, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue
        if -neg < threshold:
            break
        members[a] = np.sort(np.concatenate([members[a], members.pop(b)]))
        total[a] = total[a] + total.pop(b)
        labels[members[a]] = a
        version[a] += 1
        near[a] = (near[a] | near.pop(b)) - {a, b}
        for c in sorted(near[a]):
            near[c].discard(b)
            near[c].add(a)
            heapq.heappush(heap, entry(a, c))
    return labels


FRAGMENT_SIZE = 2  # an event of two articles may be a fragment of a larger story (three outlets' versions are not)


def attach_fragments(labels: np.ndarray, x: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, sims: np.ndarray,
                     attach: float, days: np.ndarray | None, window_days: float | None,
                     people: tuple[np.ndarray, sparse.csr_matrix]) -> np.ndarray:
    """Outlets tell one story with different words, so one or two of its versions can fall just short
    of the others. First, in article order, a lone article joins the event its most similar article
    is in at that moment (first in order on ties; a most similar article that is lone too and comes
    later may still move on). Then, in order of their labels, an event of two articles joins the
    larger event it is most similar to on average, when that average reaches ``attach`` and no two
    articles of the joined event are kept apart (date window, different people); a larger event
    grows with each pair it takes in. ``i``, ``j``, ``sims``: the allowed pairs similar at ``attach``."""
    sizes = Counter(labels.tolist())
    src, dst = np.concatenate([i, j]).tolist(), np.concatenate([j, i]).tolist()  # both directions of each pair
    best: dict[int, tuple[float, int]] = {}
    for a, b, s in zip(src, dst, np.concatenate([sims, sims]).tolist()):
        cur = best.get(a)
        if cur is None or s > cur[0] or (s == cur[0] and b < cur[1]):
            best[a] = (s, b)
    out = labels.copy()
    for a in range(len(labels)):
        if sizes[labels[a]] == 1 and a in best:
            out[a] = out[best[a][1]]
    sizes = Counter(out.tolist())
    targets: dict[int, set[int]] = {}
    for a, b in zip(src, dst):
        la, lb = int(out[a]), int(out[b])
        if sizes[la] == FRAGMENT_SIZE and sizes[lb] > FRAGMENT_SIZE:
            targets.setdefault(la, set()).add(lb)
    members = _members(out, set(targets) | {t for ts in targets.values() for t in ts})
    joined = out.copy()
    for la in sorted(targets):
        a = members[la]
        choice, choice_v = None, attach
        for lb in sorted(targets[la]):
            b = members[lb]
            if (days is not None and window_days is not None
                    and (np.abs(days[a][:, None] - days[b][None, :]) > window_days).any()) \
                    or _any_apart(people, a, b):
                continue
            v = float((x[a] @ x[b].T).sum()) / (len(a) * len(b))
            if v > choice_v or (choice is None and v >= choice_v):
                choice, choice_v = lb, v
        if choice is not None:
            joined[a] = choice
            members[choice] = np.sort(np.concatenate([members[choice], a]))
    return joined


def _any_apart(people: tuple[np.ndarray, sparse.csr_matrix], a: np.ndarray, b: np.ndarray) -> bool:
    """Is some article of ``a`` about a different person than some article of ``b``?"""
    return bool(people_apart(people, np.repeat(a, len(b)), np.tile(b, len(a))).any())


def _members(labels: np.ndarray, wanted: set[int]) -> dict[int, np.ndarray]:
    """The rows of each label in ``wanted``, from one sort of the labels (not one scan per label)."""
    order = np.argsort(labels, kind="stable")
    keys, starts = np.unique(labels[order], return_index=True)
    groups = np.split(order, starts[1:])
    return {int(k): g for k, g in zip(keys, groups) if int(k) in wanted}


APART_ROWS = 256  # rows of a group compared at a time: memory stays at rows x group size


def _apart_within(index: tuple[np.ndarray, sparse.csr_matrix], members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Local index pairs (a < b) of a group's articles that are about different people; only the
    articles that have a principal are compared, a block of rows at a time."""
    local = np.flatnonzero(index[0][members] >= 0)
    found_a, found_b = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for s in range(0, len(local), APART_ROWS):
        rows = local[s:s + APART_ROWS]
        a, b = np.repeat(rows, len(local)), np.tile(local, len(rows))
        keep = a < b
        a, b = a[keep], b[keep]
        hit = people_apart(index, members[a], members[b])
        found_a.append(a[hit])
        found_b.append(b[hit])
    return np.concatenate(found_a), np.concatenate(found_b)


def cluster(sim: np.ndarray, threshold: float, allowed: np.ndarray | None = None) -> list[int]:
    """Average-linkage agglomerative clustering; returns a cluster label per row (0, 1, ... in order of
    each cluster's first row). Each row keeps its best link, so a merge costs O(n), not O(n^2)."""
    n = len(sim)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    link = sim.astype(np.float64).copy()
    if allowed is not None:
        link[~allowed] = -np.inf
    np.fill_diagonal(link, -np.inf)
    active = np.ones(n, dtype=bool)
    best_j = np.argmax(link, axis=1) if n else np.zeros(0, dtype=np.int64)
    best_v = link[np.arange(n), best_j] if n else np.zeros(0)
    while n > 1:
        cand = np.where(active, best_v, -np.inf)
        i = int(np.argmax(cand))
        if cand[i] < threshold:
            break
        j = int(best_j[i])
        i, j = min(i, j), max(i, j)  # the flat argmax of the matrix is the pair with the smaller row
        ni, nj = len(members[i]), len(members[j])
        merged = (link[i] * ni + link[j] * nj) / (ni + nj)
        merged[np.isneginf(link[i]) | np.isneginf(link[j])] = -np.inf
        merged[~active] = -np.inf
        merged[i] = merged[j] = -np.inf
        link[i, :] = merged
        link[:, i] = merged
        link[j, :] = -np.inf
        link[:, j] = -np.inf
        active[j] = False
        best_v[j] = -np.inf
        members[i].extend(members.pop(j))
        # rows whose best link was to i or j look again; the others may now prefer i
        stale = active & ((best_j == i) | (best_j == j))
        stale[i] = True
        for r in np.flatnonzero(stale):
            best_j[r] = int(np.argmax(link[r]))
            best_v[r] = link[r, best_j[r]]
        better = active & ~stale & ((merged > best_v) | ((merged == best_v) & (i < best_j)))
        best_j[better] = i
        best_v[better] = merged[better]
    labels = [0] * n
    for label, (_, rows) in enumerate(sorted(members.items(), key=lambda kv: min(kv[1]))):
        for r in rows:
            labels[r] = label
    return labels


def group_events(corpus: Corpus, *, threshold: float = DEFAULT_THRESHOLD, attach: float = DEFAULT_ATTACH,
                 window_days: float | None = DEFAULT_WINDOW_DAYS, block_above: int = BLOCK_ABOVE) -> pd.DataFrame:
    """One row per article: ``article_id``, ``doc_id``, ``file``, ``event`` (``event-001``, ...) and
    ``outlet``. Articles with no similar article form an event of their own.

    Corpora of more than ``block_above`` articles compare only the candidate pairs of
    :func:`candidate_pairs` (shared rare words, within the date window), never all pairs."""
    arts = corpus.articles
    n = len(arts)
    titles, texts = list(arts["title"].astype(object).where(arts["title"].notna(), None)), list(arts["text"].astype(str))
    x, df, vocab, named = tfidf_vectors(titles, texts)
    days = None
    if window_days is not None and arts["published"].notna().any():
        days = arts["published"].map(lambda t: t.timestamp() / 86400 if pd.notna(t) else np.nan).to_numpy(float)
    if n <= block_above:
        i, j = np.triu_indices(n, k=1)
    else:
        i, j = candidate_pairs(x, df)
    if days is not None:
        keep = ~(np.abs(days[i] - days[j]) > window_days)  # unknown dates (NaN) are allowed
        i, j = i[keep], j[keep]
    people = people_index(titles, texts)
    keep = ~people_apart(people, i, j)  # articles about different people are never joined
    i, j = i[keep], j[keep]
    sims = _pair_similarity(x, i, j)
    labels = np.arange(n)
    # Average linkage inside each connected component of the pairs at the merge threshold is exact:
    # two clusters with no pair at the threshold can never reach it on average.
    strong = sims >= threshold
    graph = sparse.coo_matrix((np.ones(int(strong.sum())), (i[strong], j[strong])), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    order = np.argsort(comp, kind="stable")
    bounds = np.flatnonzero(np.diff(comp[order])) + 1
    for members in np.split(order, bounds):
        if len(members) < 2:
            continue
        sub = (x[members] @ x[members].T).toarray()
        allowed = None
        if days is not None:
            d = days[members]
            allowed = ~(np.abs(d[:, None] - d[None, :]) > window_days)
        a, b = _apart_within(people, members)
        if len(a):
            allowed = np.ones((len(members), len(members)), dtype=bool) if allowed is None else allowed
            allowed[a, b] = allowed[b, a] = False
        local = np.asarray(cluster(sub, threshold, allowed))
        for k in np.unique(local):
            labels[members[local == k]] = members[local == k].min()
    ok = sims >= attach
    out = attach_fragments(labels, x, i[ok], j[ok], sims[ok], attach, days, window_days, people)
    if days is not None:  # a story's follow-ups beyond the window (the arrest, the trial): by its anchors
        out = join_follow_ups(out, x, story_anchors(titles, texts, vocab, df, named), days, window_days, people,
                              threshold)
    out = out.tolist()
    first: dict[int, int] = {}
    numbered = [first.setdefault(k, len(first)) for k in out]
    return pd.DataFrame({
        "article_id": arts["article_id"].to_numpy(), "doc_id": arts["doc_id"].to_numpy(),
        "file": [p.split("/")[-1] if isinstance(p, str) else None for p in arts["source_path"]],
        "event": [f"event-{k + 1:03d}" for k in numbered], "outlet": arts["outlet"].to_numpy(),
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
