"""Frames learned from a coder's sample: one classifier per frame, trained on hand-coded articles, to
code the rest of a corpus.

Features: TF-IDF of words and word pairs, plus the generic-frame rule scores (:mod:`analysis.frames`).
Model: logistic regression with balanced class weights (scikit-learn). Figures: 5-fold stratified
cross-validation; in each fold the decision threshold is chosen by an inner cross-validation on the
training part only, so the reported precision, recall and F1 are on articles the model and its
threshold never saw.

    python -m analysis train-frames coded.jsonl --out models/my-frames
    python -m analysis frames corpus/ --out frames.csv --model models/my-frames

A model folder holds ``model.pkl`` (load only models you trust: it is a pickle), ``metrics.json`` and
``top_words.csv`` (the most predictive words per frame, as evidence of what the model learned).
"""
from __future__ import annotations

import csv
import io
import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, ParameterError
from .readers import json_records

MIN_POSITIVES = 10  # a frame coded "yes" fewer times than this cannot be learned or checked
FOLDS = 5
SEED = 0
TRUE = {"1", "true", "yes", "y", "t"}
FALSE = {"0", "false", "no", "n", "f", ""}


def read_coded(path: str | Path) -> tuple[list[str], list[str], pd.DataFrame]:
    """Ids, texts and a boolean table (one column per frame) of a coded sample: JSONL with ``text``
    and a ``frames`` object of booleans (optional ``id``), or CSV with ``text`` and one 0/1 column
    per frame (an ``id`` column is kept as the id, other non-0/1 columns are ignored)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "the coded sample is not a file")
    ids, texts, labels = [], [], []
    if p.suffix.lower() == ".csv":
        try:
            raw = p.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(p, f"cannot read the coded sample ({exc})") from None
        rows = list(csv.DictReader(io.StringIO(raw)))
        if not rows or "text" not in rows[0]:
            raise InputError(p, "a coded CSV needs a 'text' column and one 0/1 column per frame")
        for n, r in enumerate(rows, 2):
            if None in r.values() or None in r:
                raise InputError(p, "this row has a different number of cells than the header", line=n)
        codes = TRUE | FALSE
        # a frame column holds codes; one that is mostly codes but not all is a typo to report, not to drop
        frames = [c for c in rows[0] if c not in ("text", "id") and
                  sum(str(r[c]).strip().lower() in codes for r in rows) >= 0.9 * len(rows)]
        if not frames:
            raise InputError(p, "no frame column: expected columns of 0/1 (or true/false) codes beside 'text'")
        for n, r in enumerate(rows, 2):
            bad = next((c for c in frames if str(r[c]).strip().lower() not in codes), None)
            if bad:
                raise InputError(p, f"column {bad!r}: {r[bad]!r} is not a 0/1 (true/false) code", line=n)
            ids.append(str(r.get("id") or n - 1))
            texts.append(r["text"])
            labels.append({f: str(r[f]).strip().lower() in TRUE for f in frames})
    else:
        for n, rec in json_records(p):
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not isinstance(rec.get("frames"), dict):
                raise InputError(p, "each line needs 'text' (a string) and 'frames' (an object of booleans)", line=n)
            bad = [k for k, v in rec["frames"].items() if not isinstance(v, (bool, int)) or v not in (0, 1)]
            if bad:
                raise InputError(p, f"frames {bad} are not true/false", line=n)
            ids.append(str(rec.get("id", n)))
            texts.append(rec["text"])
            labels.append({k: bool(v) for k, v in rec["frames"].items()})
    table = pd.DataFrame(labels).fillna(False).astype(bool)
    if len(texts) < FOLDS * 2:
        raise InputError(p, f"{len(texts)} coded articles; at least {FOLDS * 2} are needed to train and check a model")
    return ids, texts, table[sorted(table.columns)]


def rule_scores(texts: list[str]) -> np.ndarray:
    """The generic-frame rule evidence of raw texts, one column per generic frame: the sentences the
    frame's own cues find (each cue capped at 10), over sentences ** 0.3 -- the evidence the rules
    count, before a frame's co-occurrence rule, its counter-cues and its threshold."""
    from .corpus import Corpus
    from .frames import CUE_CAP, GENERIC_FRAMES, LENGTH_POWER, generic_frame_questions
    from .tokenize import sentence_spans

    arts = pd.DataFrame({"article_id": np.arange(len(texts)), "text": texts})
    rows = [(aid, k, s, e, t[s:e]) for aid, t in enumerate(texts) for k, (s, e) in enumerate(sentence_spans(t))]
    sents = pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "text"])
    answers = generic_frame_questions(Corpus(arts, sents, pd.DataFrame()))
    own = answers[(answers["weight"] >= 0) & ~answers["question_id"].str.endswith("+")]
    g = own.assign(v=own["hits"].clip(upper=CUE_CAP)).groupby(["article_id", "frame"])
    table = (g["v"].sum() / g["sentences"].first().clip(lower=1) ** LENGTH_POWER).unstack().reindex(
        index=range(len(texts)), columns=list(GENERIC_FRAMES)).fillna(0.0)
    return table.to_numpy(dtype=np.float64)


class _Features:
    """TF-IDF of the text beside the (scaled) rule scores."""

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import StandardScaler

        self.tfidf = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.9, ngram_range=(1, 2),
                                     stop_words="english", max_features=50_000)
        self.scaler = StandardScaler()

    def fit_transform(self, texts: list[str], rules: np.ndarray) -> Any:
        from scipy import sparse

        return sparse.hstack([self.tfidf.fit_transform(texts), self.scaler.fit_transform(rules)]).tocsr()

    def transform(self, texts: list[str], rules: np.ndarray) -> Any:
        from scipy import sparse

        return sparse.hstack([self.tfidf.transform(texts), self.scaler.transform(rules)]).tocsr()


def _classifier() -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(class_weight="balanced", C=4.0, max_iter=2000, solver="liblinear", random_state=SEED)


def _best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The probability cut with the best F1 (midpoint between neighbouring predictions)."""
    from .evaluate import f1

    cuts = np.unique(p)
    best = max(((f1(y, p >= c), -c) for c in cuts), default=(0.0, -0.5))
    c = -best[1]
    below = cuts[cuts < c]
    return float((c + below.max()) / 2) if len(below) else float(c)


def _fit_predict(texts: list[str], rules: np.ndarray, y: np.ndarray, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    feats = _Features()
    x_train = feats.fit_transform([texts[i] for i in train], rules[train])
    clf = _classifier().fit(x_train, y[train])
    return clf.predict_proba(feats.transform([texts[i] for i in test], rules[test]))[:, 1]


def _inner_threshold(texts: list[str], rules: np.ndarray, y: np.ndarray, idx: np.ndarray) -> float:
    from sklearn.model_selection import StratifiedKFold

    k = max(2, min(3, int(y[idx].sum()), int((~y[idx]).sum())))
    oof = np.zeros(len(idx))
    for tr, te in StratifiedKFold(k, shuffle=True, random_state=SEED).split(idx, y[idx]):
        oof[te] = _fit_predict(texts, rules, y, idx[tr], idx[te])
    return _best_threshold(y[idx], oof)


def cross_validate(texts: list[str], rules: np.ndarray, y: np.ndarray) -> tuple[dict[str, float], np.ndarray]:
    """Precision, recall and F1 over :data:`FOLDS` stratified folds, thresholds chosen inside each fold;
    and the out-of-fold probabilities (from which the final model's threshold is chosen)."""
    from sklearn.model_selection import StratifiedKFold

    from .evaluate import auc, f1

    pred, prob = np.zeros(len(y), dtype=bool), np.zeros(len(y))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y):
        prob[test] = _fit_predict(texts, rules, y, train, test)
        pred[test] = prob[test] >= _inner_threshold(texts, rules, y, train)
    tp = int((pred & y).sum())
    return {"precision": round(tp / pred.sum(), 3) if pred.sum() else 0.0,
            "recall": round(tp / y.sum(), 3), "f1": round(f1(y, pred), 3), "auc": round(auc(y, prob), 3)}, prob


def train(path: str | Path, out: str | Path) -> dict[str, Any]:
    """Train one classifier per frame of a coded sample and write the model folder; returns the
    metrics (also in ``metrics.json``). A frame with fewer than :data:`MIN_POSITIVES` positive (or
    negative) examples is left out, with the reason in the metrics; none left is an error."""
    from .outputs import write_text_atomic

    ids, texts, labels = read_coded(path)
    rules = rule_scores(texts)
    metrics: dict[str, Any] = {"coded_articles": len(texts), "folds": FOLDS, "frames": {}, "refused": {}}
    models: dict[str, Any] = {}
    feats = _Features()
    x_all = feats.fit_transform(texts, rules)
    words = feats.tfidf.get_feature_names_out()
    top_rows = []
    for frame in labels.columns:
        y = labels[frame].to_numpy(dtype=bool)
        pos, neg = int(y.sum()), int((~y).sum())
        if min(pos, neg) < MIN_POSITIVES:
            metrics["refused"][frame] = (f"{pos} positive and {neg} negative examples; at least {MIN_POSITIVES} of "
                                         "each are needed to learn and check a frame: code more articles")
            continue
        cv, prob = cross_validate(texts, rules, y)
        clf = _classifier().fit(x_all, y)
        threshold = _best_threshold(y, prob)
        models[frame] = {"classifier": clf, "threshold": threshold}
        metrics["frames"][frame] = {"positives": pos, "threshold": round(threshold, 4), **cv}
        coef = clf.coef_[0][:len(words)]
        for rank, j in enumerate(np.argsort(-coef, kind="stable")[:20], 1):
            top_rows.append({"frame": frame, "rank": rank, "term": words[j], "weight": round(float(coef[j]), 4)})
    if not models:
        raise ParameterError(f"{path}: no frame can be trained: " + "; ".join(f"{f}: {r}" for f, r in metrics["refused"].items()))
    f1s = [m["f1"] for m in metrics["frames"].values()]
    metrics["macro_f1"] = round(float(np.mean(f1s)), 3)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    blob = pickle.dumps({"features": feats, "models": models, "frames": list(models)})
    tmp = out / "model.pkl.tmp"
    tmp.write_bytes(blob)
    tmp.replace(out / "model.pkl")
    write_text_atomic(out / "metrics.json", json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    write_text_atomic(out / "top_words.csv", pd.DataFrame(top_rows, columns=["frame", "rank", "term", "weight"])
                      .to_csv(index=False))
    return metrics


def load_model(folder: str | Path) -> dict[str, Any]:
    p = Path(folder) / "model.pkl"
    if not p.is_file():
        raise ParameterError(f"--model: {folder} holds no model.pkl; train one with 'python -m analysis train-frames'")
    try:
        return pickle.loads(p.read_bytes())
    except Exception as exc:  # a damaged or foreign file
        raise InputError(p, f"not a model written by train-frames ({exc.__class__.__name__})") from None


def predict(model: dict[str, Any], texts: list[str]) -> pd.DataFrame:
    """Per text (by position) and frame of the model: ``score`` (probability) and ``present``."""
    x = model["features"].transform(texts, rule_scores(texts))
    rows = []
    for frame in model["frames"]:
        m = model["models"][frame]
        prob = m["classifier"].predict_proba(x)[:, 1]
        rows.append(pd.DataFrame({"position": np.arange(len(texts)), "frame": frame, "score": np.round(prob, 4),
                                  "present": prob >= m["threshold"]}))
    return pd.concat(rows, ignore_index=True).sort_values(["position", "frame"], kind="stable").reset_index(drop=True)
