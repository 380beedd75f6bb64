"""Are two sentences the same statement? A calibrated score in [0, 1] and a decision.

Features of a pair (:func:`pair_features`): overlap of content words weighted by rarity (IDF over
the sentences being compared), of stems, of word n-grams (1-4) and character trigrams, soft matching
of word forms ("sold" / "selling"), and agreement of what changes the fact: numbers, names (capitalised
words), dates and days, negation, and the length of what is left unmatched. A logistic regression over
these features and their pairwise products (:data:`MODEL_FILE`, fitted by :func:`train` on the
Microsoft Research Paraphrase Corpus training pairs, sentences from different outlets on the same
story) turns them into a probability; ``same`` is that probability at the threshold with the best
cross-validated accuracy there. A shared stock phrase is weak evidence when names, numbers or the
rest differ, because those features count against it.

    python -m analysis similarity PAIRS.jsonl --out OUT.jsonl   # lines: sentence1, sentence2 [, id]
"""
from __future__ import annotations

import difflib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .lexicons import stopwords

MODEL_FILE = "similarity_model.json"
WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*|\d+(?:[.,:]\d+)*")
NEGATIONS = frozenset({"not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without", "n't",
                       "cannot", "didn't", "doesn't", "don't", "isn't", "wasn't", "won't", "wouldn't", "hasn't",
                       "haven't", "aren't", "weren't", "couldn't", "shouldn't"})
WHEN = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                  "february", "march", "april", "may", "june", "july", "august", "september", "october",
                  "november", "december", "yesterday", "today", "tomorrow", "tonight"})


class Idf:
    """Inverse document frequency over a set of sentences (each sentence one document)."""

    def __init__(self, sentences: Iterable[str]) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        for s in sentences:
            self.df.update({w.lower() for w in WORD_RE.findall(s)})
            self.n += 1

        self._memo: dict[str, float] = {}

    def __call__(self, word: str) -> float:
        v = self._memo.get(word)
        if v is None:
            v = self._memo[word] = math.log((self.n + 1) / (self.df.get(word, 0) + 1)) + 1
        return v


@lru_cache(maxsize=1 << 16)
def _trigrams(word: str) -> frozenset[str]:
    w = f"#{word}#"
    return frozenset(w[i:i + 3] for i in range(len(w) - 2))


class _Profile:
    """What the features need of one sentence, computed once however many pairs it is in."""

    __slots__ = ("toks", "low", "content", "cset", "csorted", "stems", "grams", "gram_totals", "nums", "caps",
                 "neg", "chars", "char_total", "when", "bigrams", "bigrams_sorted", "index", "sizes")

    def __init__(self, text: str) -> None:
        stop = stopwords()
        self.toks = WORD_RE.findall(text)
        self.low = [w.lower() for w in self.toks]
        self.content = [w for w in self.low if w not in stop]
        self.cset = set(self.content)
        self.csorted = sorted(self.cset)
        self.stems = {w[:5] for w in self.content}
        la = self.low
        self.grams = [Counter(zip(*(la[k:] for k in range(n)))) for n in (1, 2, 3, 4)]  # word n-grams
        self.gram_totals = [sum(g.values()) for g in self.grams]
        self.nums = {w for w in self.toks if w[0].isdigit()}
        self.caps = {w.lower() for i, w in enumerate(self.toks) if i > 0 and w[0].isupper()}
        self.neg = bool(NEGATIONS & set(la)) or "n't" in text
        joined = " ".join(la)
        self.chars = Counter(map("".join, zip(joined, joined[1:], joined[2:])))  # character trigrams
        self.char_total = sum(self.chars.values())
        self.when = WHEN & set(la)
        self.bigrams = set(zip(la, la[1:]))
        self.bigrams_sorted = sorted(self.bigrams)
        # the content words' character trigrams, indexed: only words sharing a trigram are compared
        self.index: dict[str, list[int]] = {}
        self.sizes: list[int] = []
        for k, y in enumerate(self.csorted):
            grams = _trigrams(y)
            self.sizes.append(len(grams))
            for g in grams:
                self.index.setdefault(g, []).append(k)


@lru_cache(maxsize=1 << 13)  # a profile is tens of kB: the cache is emptied after each call of score_pairs
def _profile(text: str) -> _Profile:
    return _Profile(text)


def _soft_cover(a: _Profile, b: _Profile, idf: Idf) -> float:
    """IDF share of a's words that have a close form in b (character-trigram Dice >= 0.5). Only the
    words of b that share a trigram with a word are compared with it (an inverted index)."""
    if not a.cset:
        return 0.0
    total = got = 0.0
    for x in a.csorted:
        if x in b.cset:  # the word itself: a trigram Dice of 1
            best = 1.0
        else:
            t = _trigrams(x)
            shared = Counter(k for g in t for k in b.index.get(g, ()))
            best = max((2 * c / (len(t) + b.sizes[k]) for k, c in shared.items()), default=0.0)
        w = idf(x)
        total += w
        got += w * (best if best >= 0.5 else 0.0)
    return got / total


def pair_features(s1: str, s2: str, idf: Idf) -> list[float]:
    """The features of one pair (see the module docstring), in a fixed order."""
    a, b = _profile(s1), _profile(s2)
    sa, sb = a.cset, b.cset
    la, lb = a.low, b.low
    # sums over sorted words: the same floating-point result whatever the hash seed
    wa, wb, ws = sum(map(idf, a.csorted)), sum(map(idf, b.csorted)), sum(map(idf, sorted(sa & sb)))
    f = [2 * ws / (wa + wb) if wa + wb else 0.0, ws / wa if wa else 0.0, ws / wb if wb else 0.0]
    f.append(min(f[1], f[2]))
    sta, stb = a.stems, b.stems
    f.append(2 * len(sta & stb) / (len(sta) + len(stb)) if sta or stb else 0.0)
    for na, nb, ta_, tb_ in zip(a.grams, b.grams, a.gram_totals, b.gram_totals):
        shared = sum((na & nb).values())
        f += [shared / max(1, ta_), shared / max(1, tb_)]
    nums_a, nums_b = a.nums, b.nums
    f += [float(nums_a == nums_b), float(len(nums_a ^ nums_b)), float(bool(nums_a and nums_b and not nums_a & nums_b))]
    caps_a, caps_b = a.caps, b.caps
    f += [float(len(caps_a ^ caps_b)), 2 * len(caps_a & caps_b) / (len(caps_a) + len(caps_b)) if caps_a or caps_b else 1.0]
    f.append(float(a.neg != b.neg))
    f.append(abs(len(la) - len(lb)) / max(len(la), len(lb), 1))
    f.append(math.log(1 + len(la) + len(lb)))
    only_a, only_b = sum(map(idf, sorted(sa - sb))), sum(map(idf, sorted(sb - sa)))
    f += [only_a, only_b, max(only_a, only_b)]
    total = a.char_total + b.char_total
    f.append(2 * sum((a.chars & b.chars).values()) / total if total else 0.0)
    matcher = difflib.SequenceMatcher(None, la, lb, autojunk=False)
    f.append(matcher.ratio())
    f.append(matcher.find_longest_match(0, len(la), 0, len(lb)).size / max(1, min(len(la), len(lb))))
    f.append(float(bool(a.when and b.when and a.when != b.when)))
    weight = lambda bg: idf(bg[0]) + idf(bg[1])  # noqa: E731
    total = sum(map(weight, a.bigrams_sorted)) + sum(map(weight, b.bigrams_sorted))
    f.append(2 * sum(map(weight, sorted(a.bigrams & b.bigrams))) / total if total else 0.0)
    short, long_set = (a.content, sb) if len(a.content) <= len(b.content) else (b.content, sa)
    f.append(sum(1 for x in short if x in long_set) / max(1, len(short)))
    s_ab, s_ba = _soft_cover(a, b, idf), _soft_cover(b, a, idf)
    f += [s_ab, s_ba, min(s_ab, s_ba), max(s_ab, s_ba)]
    return f


def _expand(x: np.ndarray, model: dict[str, Any]) -> np.ndarray:
    """Scale, add the pairwise products (degree-2 terms, as scikit-learn's PolynomialFeatures orders
    them), scale again."""
    # features outside the range seen in training are clipped to it: the pairwise products must not
    # extrapolate (two unrelated long sentences are further out than any training pair)
    x = np.clip(x, np.asarray(model["low"]), np.asarray(model["high"]))
    z = (x - np.asarray(model["mean1"])) / np.asarray(model["scale1"])
    n = z.shape[1]
    cols = [np.ones(len(z)), *[z[:, i] for i in range(n)]]
    cols += [z[:, i] * z[:, j] for i in range(n) for j in range(i, n)]
    p = np.column_stack(cols)
    return (p - np.asarray(model["mean2"])) / np.asarray(model["scale2"])


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> dict[str, Any]:
    text = resources.files("analysis").joinpath("data").joinpath(MODEL_FILE).read_text(encoding="utf-8") \
        if path is None else Path(path).read_text(encoding="utf-8")
    return json.loads(text)


def score_pairs(pairs: list[tuple[str, str]], *, idf: Idf | None = None,
                model: dict[str, Any] | None = None) -> np.ndarray:
    """The probability that each pair states the same thing (IDF over the pairs' own sentences
    unless given)."""
    model = model or load_model()
    if not pairs:
        return np.zeros(0)
    idf = idf or Idf(s for pair in pairs for s in pair)
    try:
        x = np.array([pair_features(a, b, idf) for a, b in pairs], dtype=np.float64)
    finally:  # the profiles serve this call's pairs (one event's): kept, 20,000 articles' would take GBs
        _profile.cache_clear()
    logit = _expand(x, model) @ np.asarray(model["coef"]) + model["intercept"]
    return np.round(_gate(1 / (1 + np.exp(-logit)), x[:, 0], model["domain_low"]), 6)


def _gate(prob: np.ndarray, dice: np.ndarray, low: float) -> np.ndarray:
    """The model knows pairs that share much of their wording (the training pairs were picked that
    way: 99 % have an IDF-weighted word overlap of ``low`` or more). Below that, the probability is
    scaled down with the square of the overlap's shortfall: two unrelated sentences are not the same
    statement, whatever the model would extrapolate."""
    return prob * np.minimum(1.0, dice / low) ** 2


def threshold(model: dict[str, Any] | None = None) -> float:
    return float((model or load_model())["threshold"])


def train(pairs: list[tuple[str, str]], labels: list[int], *, folds: int = 10, seed: int = 0) -> dict[str, Any]:
    """Fit the model on labelled pairs; returns it with its cross-validated accuracy and AUC (the
    threshold with the best cross-validated accuracy is the decision)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    from .evaluate import auc

    idf = Idf(s for pair in pairs for s in pair)
    try:
        x = np.array([pair_features(a, b, idf) for a, b in pairs], dtype=np.float64)
    finally:
        _profile.cache_clear()
    y = np.asarray(labels, dtype=int)
    raw_dice = x[:, 0].copy()
    low, high = np.percentile(x, 1, axis=0), np.percentile(x, 99, axis=0)
    x = np.clip(x, low, high)  # as at inference (see _expand)
    pipe = make_pipeline(StandardScaler(), PolynomialFeatures(2), StandardScaler(),
                         LogisticRegression(C=0.05, max_iter=5000))
    domain_low = float(np.percentile(raw_dice, 1))
    prob = cross_val_predict(pipe, x, y, cv=StratifiedKFold(folds, shuffle=True, random_state=seed),
                             method="predict_proba")[:, 1]
    prob = _gate(prob, raw_dice, domain_low)  # the figures are those of what score_pairs returns
    cuts = np.round(np.linspace(0.3, 0.7, 81), 3)
    accs = [float(((prob >= c) == y).mean()) for c in cuts]
    best = int(np.argmax(accs))
    pipe.fit(x, y)
    s1, _, s2, lr = pipe.steps[0][1], pipe.steps[1][1], pipe.steps[2][1], pipe.steps[3][1]
    return {"mean1": s1.mean_.tolist(), "scale1": s1.scale_.tolist(), "mean2": s2.mean_.tolist(),
            "scale2": [v if v else 1.0 for v in s2.scale_.tolist()], "coef": lr.coef_[0].tolist(),
            "intercept": float(lr.intercept_[0]), "threshold": float(cuts[best]),
            "low": low.tolist(), "high": high.tolist(), "domain_low": domain_low,
            "cv": {"folds": folds, "pairs": len(y), "accuracy": round(accs[best], 4), "auc": round(auc(y, prob), 4),
                   "always_same": round(float(y.mean()), 4)}}
