"""Frame signals, each with its evidence.

- Policy frames (the Policy Frames Codebook): frame vocabulary per 1,000 words, per article and per
  section (``lead`` = headline and first paragraph, ``rest`` = the other paragraphs), with every
  matching term and its offsets. Not validated against human coding: read the evidence.
- Generic frames (Semetko & Valkenburg): evidence cues counted over sentences, a length-normalised
  score and a presence decision at thresholds checked against trained coders (see the README).
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
from .tokenize import NotAfter


@dataclass(frozen=True)
class Frame:
    frame_set: str
    name: str
    pattern: re.Pattern[str]         # every term, for matching any text
    words: frozenset[str]            # one-word terms
    prefixes: tuple[str, ...]        # one-word terms ending in *
    phrases: re.Pattern[str] | None  # terms of several words
    phrases_lower: NotAfter | None   # the same, for lower-cased text (several times faster)


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
        body = r"(?:" + "|".join(sorted(multi, key=len, reverse=True)) + r")(?![\w-])"
        phrases = re.compile(r"(?<![\w'’-])" + body, re.I) if multi else None
        words = frozenset(t for t in terms if not t.endswith("*") and " " not in t and "-" not in t)
        prefixes = tuple(t[:-1] for t in terms if t.endswith("*") and " " not in t and "-" not in t)
        frames.append(Frame(parts[0].strip(), parts[1].strip(), pattern, words, prefixes, phrases,
                            NotAfter(body, r"\w'’-") if multi else None))
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
    exact: dict[str, set[int]] = {}
    by_head: dict[str, list[tuple[str, int]]] = {}  # prefixes by their first two letters
    for k, f in enumerate(frames):
        for word in f.words:
            exact.setdefault(word, set()).add(k)
        for prefix in f.prefixes or ():
            by_head.setdefault(prefix[:2], []).append((prefix, k))
    matches: dict[str, list[int]] = {}
    for w in vocab:
        hit = set(exact.get(w, ()))
        for head in {w[:1], w[:2]}:
            hit.update(k for prefix, k in by_head.get(head, ()) if w.startswith(prefix))
        if hit:
            matches[w] = sorted(hit)
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
        low = body.lower()
        same_length = len(low) == len(body)  # lower() can lengthen a few letters ("İ"): offsets would move
        for f in frames:
            if f.phrases is not None:
                for m in f.phrases_lower.finditer(low) if same_length else f.phrases.finditer(body):
                    rows.append((aid, "lead" if m.start() < lead_end[aid] else "rest", f.frame_set, f.name,
                                 body[m.start():m.end()], m.start(), m.end()))
    for aid, title in zip(corpus.articles["article_id"], corpus.articles["title"]):
        if isinstance(title, str):
            for f in frames:
                for m in f.pattern.finditer(title):
                    rows.append((aid, "headline", f.frame_set, f.name, m.group(), m.start(), m.end()))
    out = pd.DataFrame(rows, columns=["article_id", "section", "frame_set", "frame", "term", "start", "end"])
    return out.sort_values(["article_id", "start", "frame_set", "frame"], kind="mergesort").reset_index(drop=True)


MIN_DISTINCT_TERMS = 2  # a frame needs at least this many different terms in an article to count there


def frame_scores(corpus: Corpus, *, lexicon: str | Path | None = None,
                 evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per article, section (``all``, ``lead`` = headline + first paragraph, ``rest``) and frame: hits,
    words, frame vocabulary per 1,000 words, and the matched terms (most frequent first). A frame whose
    evidence in an article is a single term (however often repeated) counts zero there."""
    frames = load_lexicon(lexicon)
    ev = frame_evidence(corpus, lexicon=lexicon) if evidence is None else evidence
    ev = ev.assign(section=ev["section"].replace({"headline": "lead"}), term=ev["term"].str.lower())
    # A frame counts in an article only on more than one isolated word: at least MIN_DISTINCT_TERMS
    # different terms of the frame in the whole article.
    distinct = ev.groupby(["article_id", "frame_set", "frame"])["term"].transform("nunique")
    ev = ev[distinct >= MIN_DISTINCT_TERMS]
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
    # the evidence beside every figure: the outlet's most frequent terms of the frame
    counts: dict[tuple, dict[str, int]] = {}
    for o, sec, fs, f, terms in zip(s["outlet"], s["section"], s["frame_set"], s["frame"], s["terms"]):
        if terms:
            c = counts.setdefault((o, sec, fs, f), {})
            for label in terms.split(", "):
                term, _, n = label.rpartition(" (")
                c[term] = c.get(term, 0) + int(n.rstrip(")"))
    out["evidence"] = [", ".join(f"{t} ({n})" for t, n in sorted(counts.get(k, {}).items(), key=lambda kv: (-kv[1], kv[0]))[:8])
                       for k in zip(out["outlet"], out["section"], out["frame_set"], out["frame"])]
    out["rank"] = out.groupby(["outlet", "section", "frame_set"])["per_1000_words"].rank(ascending=False, method="first").astype(int)
    return out


GENERIC_FRAMES = ("responsibility", "human_interest", "conflict", "morality", "economic")
CUE_CAP = 10        # sentences of one cue that count towards a score (a long list is not ten times the frame)
LENGTH_POWER = 0.3  # score = capped cue sentences / sentences ** LENGTH_POWER


@dataclass(frozen=True)
class GenericRules:
    cues: tuple[tuple[str, str, str, re.Pattern[str]], ...]  # frame, cue id, description, rule
    thresholds: dict[str, float]
    source: str
    # the same rules, case-sensitive for lower-cased text (several times faster than re.I), or None
    # for a rule that a lower-cased pattern would change (\S, \W, \D, \B, [A-Z] ...)
    lowered: tuple[re.Pattern[str] | None, ...]
    # per lowered rule: the literal texts every match starts with at a word's start, each with the key
    # its words are filed under in :class:`_WordStarts`; None when the rule does not say (:func:`_word_prefixes`)
    prefixes: tuple[tuple[tuple[str, str], ...] | None, ...]
    weights: tuple[float, ...]        # per cue: how its sentences count (negative: against the frame)
    together: dict[str, int]          # frame -> its sentences count when they hold this many of its cues


CASE_SENSITIVE_PARTS_RE = re.compile(r"\\[A-Zuxn]|\[[^\]]*[A-Z][^\]]*\]|\(\?[a-zA-Z]")


def _lowered(pattern: str) -> re.Pattern[str] | None:
    return None if CASE_SENSITIVE_PARTS_RE.search(pattern) else re.compile(pattern.lower())


def _word_prefixes(rule: re.Pattern[str] | None) -> tuple[str, ...] | None:
    r"""The literal texts that every match of ``rule`` starts with, when the rule opens with ``\b`` and
    then letters on every path (``\b(?:fight\w*|upper hand)`` -> ``("fight", "upper hand")``): such a
    rule can only match where a word starts with one of them, so only those places need trying.
    None when some path opens otherwise (``[$£€]``, ``\d``, a repeat).

    >>> _word_prefixes(re.compile(r"\b(?:winners?|(?:gain|los)(?:ed|t)? ground)\b"))
    ('gain', 'los', 'winner')
    >>> _word_prefixes(re.compile(r"(?:[$£]\s?\d|\bbillion)")) is None
    True
    """
    if rule is None:
        return None
    from re import _constants as c, _parser  # the standard library's own parse of the pattern

    def walk(seq: Any, bounded: bool) -> list[tuple[bool, str]] | None:
        acc = ""
        for op, av in seq:
            if op is c.AT and av is c.AT_BOUNDARY and not acc:
                bounded = True
            elif op is c.LITERAL:
                acc += chr(av)
            elif op in (c.SUBPATTERN, c.BRANCH):
                alts = [av[3]] if op is c.SUBPATTERN else av[1]
                out = []
                for alt in alts:
                    sub = walk(alt, bounded and not acc)
                    if sub is None:
                        return None
                    out.extend((bounded if acc else b, acc + p) for b, p in sub)
                return out
            else:
                break
        return [(bounded, acc)]
    paths = walk(_parser.parse(rule.pattern, rule.flags), False)
    if not paths or any(not b or not p or not (p[0].isalnum() or p[0] == "_") for b, p in paths):
        return None
    return tuple(sorted({p for _, p in paths}))


@lru_cache(maxsize=4)
def generic_rules(path: str | None = None) -> GenericRules:
    """The cues and thresholds of ``data/generic_frames.tsv`` (or a file of the same format)."""
    if path is None:
        text = resources.files("analysis").joinpath("data").joinpath("generic_frames.tsv").read_text(encoding="utf-8")
        source = "analysis/data/generic_frames.tsv"
    else:
        try:
            text, source = Path(path).read_text(encoding="utf-8"), path
        except OSError as exc:
            raise InputError(path, f"cannot read the generic frame rules ({exc.strerror})") from None
    cues, thresholds, weights, together = [], {}, [], {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if parts[0] in ("threshold", "together"):
            try:
                value = float(parts[2])
            except (IndexError, ValueError):
                raise InputError(source, f"a {parts[0]} line is: {parts[0]} <TAB> frame <TAB> number", line=n) from None
            if parts[0] == "threshold":
                thresholds[parts[1]] = value
            else:
                together[parts[1]] = int(value)
            continue
        if len(parts) not in (4, 5):
            raise InputError(source, "expected four or five tab-separated columns: frame, cue id, description, "
                                     "rule [, weight]", line=n)
        try:
            cues.append((parts[0], parts[1], parts[2], re.compile(parts[3], re.I)))
        except re.error as exc:
            raise InputError(source, f"the rule is not a valid regular expression ({exc})", line=n) from None
        try:
            weights.append(float(parts[4]) if len(parts) == 5 else 1.0)
        except ValueError:
            raise InputError(source, f"the weight {parts[4]!r} is not a number", line=n) from None
    if not cues:
        raise InputError(source, "no cues found (lines: frame <TAB> cue id <TAB> description <TAB> rule)")
    missing = sorted({c[0] for c in cues} - set(thresholds))
    if missing:
        raise InputError(source, f"no threshold line for frame(s) {', '.join(missing)}")
    lowered = tuple(_lowered(c[3].pattern) for c in cues)
    prefixes = tuple(None if ps is None else tuple((x, WORD_HEAD_RE.match(x).group()) for x in ps)
                     for ps in map(_word_prefixes, lowered))
    return GenericRules(tuple(cues), thresholds, source, lowered, prefixes, tuple(weights), together)


def generic_frame_questions(corpus: Corpus, *, rules: str | Path | None = None) -> pd.DataFrame:
    """The generic frames' evidence cues (``data/generic_frames.tsv``), per article: how many of its
    sentences each cue finds (``hits``), and the first of them (id, offsets, text) as evidence.
    ``sentences`` is the article's sentence count, which :func:`generic_frame_scores` divides by;
    ``weight`` is how the cue's sentences count in the score (negative: against the frame). A frame
    whose sentences count only where its cues meet ("together" in the rules file) gets one more row,
    ``<letter>+``, for those sentences; its own cues then weigh 0 (they count through that row)."""
    gr = generic_rules(None if rules is None else str(rules))
    sent = corpus.sentences.sort_values(["article_id", "start"], kind="stable")
    aid_arr = sent["article_id"].to_numpy()
    sid, starts_all, ends_all = (sent[c].to_numpy() for c in ("sentence_id", "start", "end"))
    s_text = sent["text"].to_numpy(dtype=object)
    cols: dict[str, list[Any]] = {k: [] for k in ("article_id", "frame", "question_id", "question", "answer", "hits",
                                                  "sentences", "sentence_id", "start", "end", "evidence", "weight")}

    def add(aid: Any, frame: str, cue: str, question: str, found: list[int], lo: int, hi: int, weight: float,
            starts: list[int], ends: list[int]) -> None:
        k = found[0] if found else None
        cols["article_id"].append(aid)
        cols["frame"].append(frame)
        cols["question_id"].append(cue)
        cols["question"].append(question)
        cols["answer"].append(bool(found))
        cols["hits"].append(len(found))
        cols["sentences"].append(hi - lo)
        cols["sentence_id"].append(None if k is None else sid[lo + k])
        cols["start"].append(None if k is None else starts[k])
        cols["end"].append(None if k is None else ends[k])
        cols["evidence"].append(None if k is None else s_text[lo + k])
        cols["weight"].append(weight)

    for aid, body in zip(corpus.articles["article_id"], corpus.articles["text"]):
        lo, hi = int(np.searchsorted(aid_arr, aid, "left")), int(np.searchsorted(aid_arr, aid, "right"))
        starts, ends = starts_all[lo:hi].tolist(), ends_all[lo:hi].tolist()
        low = body.lower()
        same_length = len(low) == len(body)  # lower() can lengthen a few letters ("İ"): offsets would move
        low_texts = [t.lower() for t in s_text[lo:hi]] if same_length else None
        meet: dict[str, dict[int, int]] = {}  # frame -> sentence -> how many of its cues it holds
        words = _WordStarts(low, starts[0], ends[-1]) if hi > lo and same_length else None
        for (frame, cue, question, rule), fast, prefixes, weight in zip(gr.cues, gr.lowered, gr.prefixes, gr.weights):
            if hi <= lo:
                found = []
            elif fast is not None and same_length:
                found = _cue_sentences(fast, low, starts, ends, low_texts,
                                       None if prefixes is None else words.where(prefixes))
            else:
                found = _cue_sentences(rule, body, starts, ends, s_text[lo:hi])
            if frame in gr.together and weight > 0:
                counts = meet.setdefault(frame, {})
                for k in found:
                    counts[k] = counts.get(k, 0) + 1
                weight = 0.0
            add(aid, frame, cue, question, found, lo, hi, weight, starts, ends)
        for frame, need in gr.together.items():
            found = sorted(k for k, n in meet.get(frame, {}).items() if n >= need)
            add(aid, frame, f"{frame[0].upper()}+", f"A sentence that holds {need} or more of the cues above", found,
                lo, hi, 1.0, starts, ends)
    out = pd.DataFrame(cols)
    for c in ("sentence_id", "start", "end"):
        out[c] = out[c].astype("Int64")
    out["weight"] = out["weight"].astype("float64")
    return out


class _WordStarts:
    """Where the words of ``low[lo:hi]`` start, indexed by their first (up to) three word characters."""

    def __init__(self, low: str, lo: int, hi: int) -> None:
        self.low = low
        self.by3: dict[str, list[int]] = {}
        for m in WORD_HEAD_RE.finditer(low, lo, hi):
            self.by3.setdefault(m.group(), []).append(m.start())
        self._by_first: dict[str, list[str]] | None = None

    def where(self, prefixes: tuple[tuple[str, str], ...]) -> list[int]:
        """Sorted starts of the words at which one of ``prefixes`` (each with its key) begins."""
        low, out = self.low, set()
        for pre, head in prefixes:
            if len(head) == len(pre) < 3:  # "by": any word that starts so ("by", "bye", "byline")
                if self._by_first is None:
                    self._by_first = {}
                    for key in self.by3:
                        self._by_first.setdefault(key[0], []).append(key)
                keys = [k for k in self._by_first.get(pre[0], ()) if k.startswith(pre)]
            else:  # the word's first three characters, or all of them before a mark ("i'd": "i")
                keys = [head]
            for key in keys:
                out.update(p for p in self.by3.get(key, ()) if low.startswith(pre, p))
        return sorted(out)


WORD_HEAD_RE = re.compile(r"\b\w{1,3}")  # a word's first three word characters (or all, if fewer)


def _cue_sentences(rule: re.Pattern[str], body: str, starts: list[int], ends: list[int], texts: Any,
                   places: list[int] | None = None) -> list[int]:
    """Indices of the sentences a cue matches. The rule searches the body (one call finds the next
    sentence worth looking at); a match is placed in its sentence by position, one that runs past the
    sentence's end is checked within the sentence alone, and the search goes on from the next
    sentence's start, so a match never uses up text of the sentence after it. ``places``, when given,
    are the only positions where a match can start (see :func:`_word_prefixes`): the rule is then
    tried there alone, which finds the same matches as searching."""
    found: list[int] = []
    pos, last = starts[0], ends[-1]
    it = iter(places) if places is not None else None
    while pos < last:
        if it is None:
            m = rule.search(body, pos, last)
        else:
            m = None
            for p in it:
                if p >= last:
                    break
                if p >= pos:
                    m = rule.match(body, p, last)
                    if m is not None:
                        break
        if m is None:
            break
        k = bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < ends[k] and (m.end() <= ends[k] or rule.search(texts[k])):
            found.append(k)
        if k + 1 >= len(starts):
            break
        pos = starts[k + 1] if k >= 0 else starts[0]
    return found


def generic_frame_scores(answers: pd.DataFrame, *, rules: str | Path | None = None) -> pd.DataFrame:
    """Per article and generic frame: ``score`` (over the frame's cues, the sentences each finds,
    capped at :data:`CUE_CAP` and multiplied by the cue's weight, summed, divided by the article's
    sentences ** :data:`LENGTH_POWER`; never below 0), the ``threshold`` and ``present`` (score >=
    threshold), and ``cues`` (how many of the frame's own cues found something)."""
    gr = generic_rules(None if rules is None else str(rules))
    a = answers.assign(capped=answers["hits"].clip(upper=CUE_CAP) * answers["weight"],
                       own=answers["answer"] & (answers["weight"] >= 0) & ~answers["question_id"].str.endswith("+"))
    g = a.groupby(["article_id", "frame"], sort=True).agg(hits=("hits", "sum"), capped=("capped", "sum"),
                                                           cues=("own", "sum"), sentences=("sentences", "first"))
    g = g.reset_index()
    g["score"] = (g["capped"].clip(lower=0) / g["sentences"].clip(lower=1) ** LENGTH_POWER).round(3)
    g["threshold"] = g["frame"].map(gr.thresholds).astype("float64")
    g["present"] = g["score"] >= g["threshold"]
    return g[["article_id", "frame", "score", "threshold", "present", "hits", "cues"]]
