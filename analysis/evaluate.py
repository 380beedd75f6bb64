"""Measure the corpus stage against annotated data in ``../shared/eval`` (never copied here).

- :func:`pagedump_predictions` + the shared scorer: body extraction on real page dumps.
- :func:`body_retention`: on clean articles, the share of input sentences kept in title or body.
- :func:`generic_frames_on_coded`: the generic-frame rules against human frame coding (nfc_dev).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .readers import iter_documents
from .structure import parse_page
from .tokenize import sentence_spans


def pagedump_predictions(pages_dir: str | Path) -> list[dict[str, Any]]:
    """One prediction per article file of a folder (``.txt`` dumps, ``.html`` pages), read as
    ``load_corpus`` reads a folder, in the format of ``score_pagedump.py`` and ``score_articlebody.py``
    (``file`` is the name with ``.txt``, as both gold files name pages)."""
    from .corpus import iter_parsed

    out = []
    for row in iter_parsed(pages_dir, errors="raise"):
        published = row["published"]
        out.append({"file": Path(row["source_path"]).stem + ".txt", "body": row["text"], "title": row["title"],
                    "author": row["byline"], "date": published.date().isoformat() if published is not None else None,
                    "extracted_by": row["extracted_by"]})
    return out


def articlebody_predictions(gold_dir: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Predictions for the article-body set (``articlebody_dev``), from its plain-text dumps
    (``pages/``) and from its HTML (``html/*.html.gz``, decompressed into a temporary folder), in the
    format of ``score_articlebody.py``: ``{"dumps": [...], "html": [...]}``."""
    import gzip
    import tempfile

    gold_dir = Path(gold_dir)
    with tempfile.TemporaryDirectory() as tmp:
        for gz in sorted((gold_dir / "html").glob("*.html.gz")):
            (Path(tmp) / gz.name[: -len(".gz")]).write_bytes(gzip.decompress(gz.read_bytes()))
        return {"dumps": pagedump_predictions(gold_dir / "pages"), "html": pagedump_predictions(tmp)}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".").casefold()


def body_retention(path: str | Path) -> dict[str, Any]:
    """Share of the input's sentences found again in the parsed title + body (clean input: 1.0).

    The dateline and closing credit move to their own columns; they are put back before comparing.
    Returns totals and the first lost sentences, so a loss can be inspected.
    """
    total = kept = 0
    lost: list[dict[str, Any]] = []
    for doc in iter_documents(path, lambda exc: None):
        title_hint = doc.meta.get("title") if isinstance(doc.meta.get("title"), str) else None
        page = parse_page(doc.text, title_hint=title_hint)
        body = page.body
        if page.dateline_raw:
            body = page.dateline_raw + " " + body
        if page.credit_raw:
            body = body + " " + page.credit_raw
        out = _norm((page.title_raw or page.title or "") + " \n " + body)
        for s, e in sentence_spans(doc.text):
            sent = _norm(doc.text[s:e])
            total += 1
            if sent in out:
                kept += 1
            elif len(lost) < 50:
                lost.append({"doc": doc.meta.get("id") or Path(doc.source_path).name, "sentence": sent})
    return {"sentences": total, "kept": kept, "share": kept / total if total else 1.0, "lost": lost}


# Narrative Frames Corpus frames -> this toolkit's generic frames ("resolution" is their responsibility)
NFC_FRAMES = {"resolution": "responsibility", "human_interest": "human_interest", "conflict": "conflict",
              "moral": "morality", "economic": "economic"}


def auc(y: Any, score: Any) -> float:
    """Area under the ROC curve (the probability that a random positive outscores a random negative,
    ties counting half), from ranks."""
    import numpy as np
    from scipy.stats import rankdata

    y, score = np.asarray(y, dtype=bool), np.asarray(score, dtype=float)
    pos, neg = int(y.sum()), int((~y).sum())
    if not pos or not neg:
        return float("nan")
    ranks = rankdata(score)
    return float((ranks[y].sum() - pos * (pos + 1) / 2) / (pos * neg))


def f1(y: Any, pred: Any) -> float:
    import numpy as np

    y, pred = np.asarray(y, dtype=bool), np.asarray(pred, dtype=bool)
    tp, fp, fn = int((y & pred).sum()), int((~y & pred).sum()), int((y & ~pred).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def generic_frames_on_coded(path: str | Path) -> dict[str, Any]:
    """The generic-frame rules against human coding: a JSONL of articles with ``id``, ``text`` and a
    ``frames`` object of booleans (the Narrative Frames Corpus format). Per frame: AUC of the score,
    precision/recall/F1 of ``present`` at the shipped threshold, and the all-"yes" F1 floor."""
    import json
    import tempfile

    import numpy as np

    from .corpus import load_corpus
    from .frames import generic_frame_questions, generic_frame_scores

    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "articles.jsonl"
        plain.write_text("".join(json.dumps({"id": str(r["id"]), "text": r["text"]}) + "\n" for r in rows),
                         encoding="utf-8")
        corpus = load_corpus(plain, cache=False, structure="clean")
    scores = generic_frame_scores(generic_frame_questions(corpus)).merge(corpus.articles[["article_id", "doc_id"]])
    gold = {str(r["id"]): r["frames"] for r in rows}
    out: dict[str, Any] = {"articles": len(rows), "frames": {}}
    for theirs, ours in NFC_FRAMES.items():
        s = scores[scores["frame"] == ours]
        y = np.array([bool(gold[d][theirs]) for d in s["doc_id"]])
        pred = s["present"].to_numpy(dtype=bool)
        tp = int((y & pred).sum())
        out["frames"][ours] = {"coded_as": theirs, "prevalence": round(float(y.mean()), 3),
                               "auc": round(auc(y, s["score"]), 3), "f1": round(f1(y, pred), 3),
                               "precision": round(float(tp / pred.sum()), 3) if pred.sum() else 0.0,
                               "recall": round(float(tp / y.sum()), 3) if y.sum() else 0.0,
                               "all_yes_f1": round(f1(y, np.ones_like(y)), 3)}
    frames = out["frames"].values()
    out["macro_f1"] = round(float(np.mean([f["f1"] for f in frames])), 3)
    out["all_yes_macro_f1"] = round(float(np.mean([f["all_yes_f1"] for f in frames])), 3)
    out["min_auc"] = min(f["auc"] for f in frames)
    return out


def basil_speakers(folder: str | Path) -> dict[str, Any]:
    """Resolved speakers against BASIL's speaker labels of quoted bias spans (``annotations.jsonl``).

    Scored: spans inside a quote whose BASIL speaker names a person -- the label's first word is a
    first name of ``data/first_names.tsv``, or the label is one capitalised surname ("Trump") --
    and that fall inside a quote the tool found. Labels naming a group or organisation
    ("Democratic_lawmakers", "protestors", "BuzzFeed") are left out: BASIL gives them to quotes by
    one member, whom the tool names. A speaker is right when its surname equals the label's (or
    one begins the other, for spellings such as "Calderón" / "Calder")."""
    import json
    import unicodedata

    from .corpus import load_corpus
    from .lexicons import first_names, outlets
    from .quotes import attribute

    folder = Path(folder)
    corpus = load_corpus(folder, cache=False)
    quotes, _ = attribute(corpus)
    arts = corpus.articles.set_index("doc_id")

    def fold(s: str) -> list[str]:
        s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
        return re.sub(r"[^a-z ]", "", s).split()

    def same(a: str, b: str) -> bool:
        return a == b or (min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a)))

    scored = found = right = 0
    wrong: list[dict[str, Any]] = []
    for line in (folder / "annotations.jsonl").read_text(encoding="utf-8").splitlines():
        span = json.loads(line) if line.strip() else {}
        label = span.get("speaker")
        if span.get("record") != "span" or not span.get("quote") or not label or label.startswith("other_"):
            continue
        words = label.replace("_", " ").split()
        person = words[0] in first_names() or (len(words) == 1 and words[0][:1].isupper() and words[0][1:].islower()
                                               and words[0] not in outlets() and not words[0].endswith("s"))
        stem = span["file"].rsplit(".", 1)[0]
        if not person or stem not in arts.index:
            continue
        scored += 1
        text, aid = arts.loc[stem, "text"], arts.loc[stem, "article_id"]
        pos = text.find(span["text"])
        inside = quotes[(quotes["article_id"] == aid) & (quotes["start"] <= pos)
                        & (quotes["end"] >= pos + len(span["text"]))] if pos >= 0 else quotes.iloc[:0]
        if not len(inside):
            continue
        found += 1
        got = inside.iloc[0]["speaker_resolved"]
        ours = fold(got) if isinstance(got, str) else []
        if ours and any(same(ours[-1], g) for g in fold(label.replace("_", " "))):
            right += 1
        else:
            wrong.append({"file": span["file"], "label": label, "speaker": inside.iloc[0]["speaker"],
                          "resolved": got if isinstance(got, str) else None})
    return {"scored": scored, "in_found_quotes": found, "right": right,
            "accuracy": right / found if found else float("nan"), "wrong": wrong}
