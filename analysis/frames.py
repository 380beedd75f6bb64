"""Frame signals: the Policy Frames Codebook's 15 frames and Semetko & Valkenburg's 5 generic frames
as length-normalised lexicon scores, with the matching terms and their offsets as evidence.

Scores are hits per 1,000 words, per article and per section (``lead`` = headline and first
paragraph, ``rest`` = the other paragraphs), so that longer articles do not score higher for being
long. They describe word use; they are not a trained frame classifier.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .corpus import Corpus
from .errors import InputError


@dataclass(frozen=True)
class Frame:
    frame_set: str
    name: str
    pattern: re.Pattern[str]         # every term, for matching any text
    words: frozenset[str]            # one-word terms
    prefixes: tuple[str, ...]        # one-word terms ending in *
    phrases: re.Pattern[str] | None  # terms of several words


def load_lexicon(path: str | Path | None = None) -> list[Frame]:
    """Frames from a TSV (frame set, frame, terms separated by |; a final * matches any ending)."""
    if path is None:
        text = resources.files("analysis").joinpath("data").joinpath("frames.tsv").read_text(encoding="utf-8")
        source = "analysis/data/frames.tsv"
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(path, f"cannot read the frame lexicon ({exc.strerror})") from None
    return _parse(text, source)


@lru_cache(maxsize=8)
def _parse(text: str, source: str) -> list[Frame]:
    frames = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].strip():
            raise InputError(source, "expected three tab-separated columns: frame set, frame, terms", line=n)
        terms = [t.strip().lower() for t in parts[2].split("|") if t.strip()]
        alts = [re.escape(t[:-1]) + r"[\w'’-]*" if t.endswith("*") else re.escape(t) for t in terms]
        alts = [a.replace(r"\ ", r"\s+") for a in alts]
        pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(sorted(alts, key=len, reverse=True)) + r")(?![\w-])", re.I)
        multi = [a for t, a in zip(terms, alts) if " " in t or "-" in t.rstrip("*")]
        phrases = re.compile(r"(?<![\w'’-])(?:" + "|".join(sorted(multi, key=len, reverse=True)) + r")(?![\w-])", re.I) \
            if multi else None
        words = frozenset(t for t in terms if not t.endswith("*") and " " not in t and "-" not in t)
        prefixes = tuple(t[:-1] for t in terms if t.endswith("*") and " " not in t and "-" not in t)
        frames.append(Frame(parts[0].strip(), parts[1].strip(), pattern, words, prefixes, phrases))
    if not frames:
        raise InputError(source, "no frames found")
    return frames


def frame_evidence(corpus: Corpus, *, lexicon: str | Path | None = None) -> pd.DataFrame:
    """Every lexicon match: article_id, section, frame_set, frame, term, start, end: ``text[start:end] == term``,
    except in section ``headline``, whose offsets are into the article's ``title``.

    One-word terms are looked up on the corpus' tokens (each distinct word is tested once); terms of
    several words are searched in the text.
    """
    frames = load_lexicon(lexicon)
    tokens = corpus.tokens[["article_id", "sentence_id", "start", "end", "text", "lower"]]
    vocab = pd.unique(tokens["lower"])
    matches: dict[str, list[int]] = {}
    for w in vocab:
        hit = [k for k, f in enumerate(frames) if w in f.words or (f.prefixes and w.startswith(f.prefixes))]
        if hit:
            matches[w] = hit
    lead_end = {aid: (len(t) if t.find("\n") == -1 else t.find("\n"))
                for aid, t in zip(corpus.articles["article_id"], corpus.articles["text"])}
    rows = []
    hit_tokens = tokens[tokens["lower"].isin(matches.keys())]
    for aid, start, end, text, low in zip(hit_tokens["article_id"], hit_tokens["start"], hit_tokens["end"],
                                          hit_tokens["text"], hit_tokens["lower"]):
        section = "lead" if start < lead_end[aid] else "rest"
        for k in matches[low]:
            rows.append((aid, section, frames[k].frame_set, frames[k].name, text, start, end))
    for aid, body in zip(corpus.articles["article_id"], corpus.articles["text"]):
        for f in frames:
            if f.phrases is not None:
                for m in f.phrases.finditer(body):
                    rows.append((aid, "lead" if m.start() < lead_end[aid] else "rest", f.frame_set, f.name,
                                 m.group(), m.start(), m.end()))
    for aid, title in zip(corpus.articles["article_id"], corpus.articles["title"]):
        if isinstance(title, str):
            for f in frames:
                for m in f.pattern.finditer(title):
                    rows.append((aid, "headline", f.frame_set, f.name, m.group(), m.start(), m.end()))
    out = pd.DataFrame(rows, columns=["article_id", "section", "frame_set", "frame", "term", "start", "end"])
    return out.sort_values(["article_id", "start", "frame_set", "frame"], kind="mergesort").reset_index(drop=True)


def frame_scores(corpus: Corpus, *, lexicon: str | Path | None = None,
                 evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per article, section (``all``, ``lead`` = headline + first paragraph, ``rest``) and frame: hits,
    words, hits per 1,000 words, and the matched terms (most frequent first)."""
    frames = load_lexicon(lexicon)
    ev = frame_evidence(corpus, lexicon=lexicon) if evidence is None else evidence
    ev = ev.assign(section=ev["section"].replace({"headline": "lead"}), term=ev["term"].str.lower())
    ev = pd.concat([ev, ev.assign(section="all")], ignore_index=True)
    keys = ["article_id", "section", "frame_set", "frame"]
    hits = ev.groupby(keys).size().rename("hits")
    term_counts = ev.groupby(keys + ["term"]).size().rename("n").reset_index()
    term_counts = term_counts.sort_values(keys + ["n", "term"], ascending=[True] * 4 + [False, True], kind="mergesort")
    term_counts["label"] = term_counts["term"] + " (" + term_counts["n"].astype(str) + ")"
    terms = term_counts.groupby(keys, sort=True)["label"].agg(", ".join).rename("terms")
    index = pd.MultiIndex.from_tuples(
        [(aid, sec, f.frame_set, f.name) for aid in corpus.articles["article_id"] for sec in ("all", "lead", "rest")
         for f in frames], names=keys)
    out = pd.concat([hits, terms], axis=1).reindex(index).reset_index()
    out["hits"] = out["hits"].fillna(0).astype("int64")
    out["terms"] = out["terms"].fillna("")
    words = _section_words(corpus)
    out["words"] = [words.get((a, sec), 0) for a, sec in zip(out["article_id"], out["section"])]
    out["per_1000_words"] = (1000 * out["hits"] / out["words"].where(out["words"] > 0)).fillna(0.0).round(3)
    return out[["article_id", "section", "frame_set", "frame", "hits", "words", "per_1000_words", "terms"]]


def _section_words(corpus: Corpus) -> dict[tuple[int, str], int]:
    tok = corpus.tokens.loc[corpus.tokens["is_alpha"], ["article_id", "sentence_id"]].merge(
        corpus.sentences[["article_id", "sentence_id", "paragraph_id"]], on=["article_id", "sentence_id"])
    tok["lead"] = tok["paragraph_id"] == 0
    counts = tok.groupby("article_id")["lead"].agg(["size", "sum"])
    titles = {aid: len(re.findall(r"[^\W\d_]+", t)) for aid, t in zip(corpus.articles["article_id"],
                                                                     corpus.articles["title"]) if isinstance(t, str)}
    out: dict[tuple[int, str], int] = {}
    for aid in corpus.articles["article_id"]:
        total, lead = (int(counts.at[aid, "size"]), int(counts.at[aid, "sum"])) if aid in counts.index else (0, 0)
        extra = titles.get(aid, 0)
        out[(aid, "all")] = total + extra
        out[(aid, "lead")] = lead + extra
        out[(aid, "rest")] = total - lead
    return out


def frames_by_outlet(corpus: Corpus, scores: pd.DataFrame) -> pd.DataFrame:
    """Mean score per outlet, section and frame, with its rank among the outlet's frames of that set."""
    s = scores.merge(corpus.articles[["article_id", "outlet"]], on="article_id")
    s["outlet"] = s["outlet"].astype(object).where(s["outlet"].notna(), "(unknown outlet)")
    out = s.groupby(["outlet", "section", "frame_set", "frame"], sort=True).agg(
        articles=("article_id", "nunique"), hits=("hits", "sum"), per_1000_words=("per_1000_words", "mean")).reset_index()
    out["per_1000_words"] = out["per_1000_words"].round(3)
    out["rank"] = out.groupby(["outlet", "section", "frame_set"])["per_1000_words"].rank(ascending=False, method="first").astype(int)
    return out


@lru_cache(maxsize=4)
def _questions(path: str | None) -> list[tuple[str, str, str, re.Pattern[str]]]:
    if path is None:
        text = resources.files("analysis").joinpath("data").joinpath("generic_frame_questions.tsv").read_text(
            encoding="utf-8")
        source = "analysis/data/generic_frame_questions.tsv"
    else:
        text, source = Path(path).read_text(encoding="utf-8"), path
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise InputError(source, "expected four tab-separated columns: frame, id, question, rule", line=n)
        try:
            out.append((parts[0], parts[1], parts[2], re.compile(parts[3], re.I)))
        except re.error as exc:
            raise InputError(source, f"the rule is not a valid regular expression ({exc})", line=n) from None
    return out


def generic_frame_questions(corpus: Corpus, *, questions: str | Path | None = None) -> pd.DataFrame:
    """Semetko & Valkenburg's 20 indicator questions, answered per article by rules
    (``data/generic_frame_questions.tsv``): answer, and the first sentence that answers "yes"
    (its id, offsets and text) as evidence. Question H5 asks about pictures: always "no" on text."""
    qs = _questions(None if questions is None else str(questions))
    rows = []
    sent = corpus.sentences.sort_values(["article_id", "start"], kind="stable")
    aid_arr = sent["article_id"].to_numpy()
    cols = {c: sent[c].to_numpy() for c in ("sentence_id", "start", "end")}
    s_text = sent["text"].to_numpy(dtype=object)
    for aid, body in zip(corpus.articles["article_id"], corpus.articles["text"]):
        lo, hi = int(np.searchsorted(aid_arr, aid, "left")), int(np.searchsorted(aid_arr, aid, "right"))
        starts = cols["start"][lo:hi].tolist()
        for frame, qid, question, rule in qs:
            k = _first_sentence(rule, body, starts, cols["end"][lo:hi], s_text[lo:hi]) if hi > lo else None
            hit = None if k is None else (cols["sentence_id"][lo + k], cols["start"][lo + k], cols["end"][lo + k],
                                          s_text[lo + k])
            rows.append({"article_id": aid, "frame": frame, "question_id": qid, "question": question,
                         "answer": hit is not None, "sentence_id": hit[0] if hit else None,
                         "start": hit[1] if hit else None, "end": hit[2] if hit else None,
                         "evidence": hit[3] if hit else None})
    out = pd.DataFrame(rows)
    for c in ("sentence_id", "start", "end"):
        out[c] = out[c].astype("Int64")
    return out


NEVER = "(?!x)x"  # the rule of data/generic_frame_questions.tsv for a question text cannot answer
SENTENCE_EDGE_RE = re.compile(r"\^|\$|\\A|\\Z|\(\?<?[=!]")
ESCAPE_OR_CLASS_RE = re.compile(r"\\[^AZ]|\[(?:\\.|[^\]])*\]")  # "\$", "[^.]": not edges


def _edge_sensitive(pattern: str) -> bool:
    r"""Does a rule look at text edges (anchors, lookarounds), so that it must see each sentence alone?

    >>> _edge_sensitive(r"\bcrisis\b[^.]{0,80}\$\d"), _edge_sensitive(r"^but\b"), _edge_sensitive(r"x(?!y)")
    (False, True, True)
    """
    return SENTENCE_EDGE_RE.search(ESCAPE_OR_CLASS_RE.sub("", pattern)) is not None


def _first_sentence(rule: re.Pattern[str], body: str, starts: list[int], ends: Any, texts: Any) -> int | None:
    """Index of the first sentence whose text the rule matches. The rule runs over the whole body
    (one search instead of one per sentence); a match found there is checked within its sentence.
    A rule that looks at text edges (anchors, lookarounds) is tried sentence by sentence."""
    if rule.pattern == NEVER:  # a question text cannot answer (H5, about pictures)
        return None
    if _edge_sensitive(rule.pattern):
        return next((k for k, t in enumerate(texts) if rule.search(t)), None)
    pos, last = starts[0], int(ends[-1])
    while pos < last:
        m = rule.search(body, pos, last)
        if m is None:
            return None
        k = max(bisect_right(starts, m.start()) - 1, 0)
        if rule.search(texts[k]):
            return k
        if k + 1 >= len(starts):
            return None
        pos = max(starts[k + 1], m.start() + 1)
    return None


def generic_frame_scores(answers: pd.DataFrame) -> pd.DataFrame:
    """Per article and generic frame: the share of its indicator questions answered "yes" (0 to 1)."""
    g = answers.groupby(["article_id", "frame"], sort=True)["answer"].agg(["sum", "size"]).reset_index()
    g["score"] = (g["sum"] / g["size"]).round(3)
    return g.rename(columns={"sum": "yes", "size": "questions"})
