"""A validation kit: put the tool's accuracy in a paper. Draw a stratified sample of what the tool
found, have people code it, and compare.

    python -m analysis validation-sample CORPUS --what frames --n 100 --out DIR
    # coders fill DIR/coding_sheet.csv (one column per coder: coder_1, coder_2, ...), saved as DIR/coded.csv
    python -m analysis validate DIR/coded.csv

``DIR`` holds ``coding_sheet.csv`` (what coders see: no tool answers), ``form.html`` (the same items to
print, evidence highlighted), ``tool.csv`` (the tool's answer per item, kept apart so coders are not
led by it) and ``sample.json`` (how the sample was drawn). ``validate`` reports, per category, the
tool's precision, recall and F1 against the coders (their majority; ties go to the first coder), and
Krippendorff's alpha (nominal) between coders when two or more coded.

What coders answer: ``frames``: is the frame present in the article (yes/no); ``quotes``: the kind of
the marked statement (direct, indirect, mixed, or none if it is not a reported statement); ``sources``:
the type of the marked source (news agency, media outlet, named person, ... or none).
"""
from __future__ import annotations

import html
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError, ParameterError

WHAT = ("frames", "quotes", "sources")
SEED = 0
QUESTIONS = {
    "frames": "Is this frame present in the article? Answer yes or no.",
    "quotes": "What kind of reported statement is marked? Answer direct, indirect, mixed, or none.",
    "sources": "What type of source is marked? Answer one of: {types}, or none.",
}


def _stratified(items: pd.DataFrame, strata: list[str], n: int, seed: int = SEED) -> pd.DataFrame:
    """``n`` rows, taken in turn from each stratum (shuffled with ``seed``), so small strata are seen."""
    rng = random.Random(seed)
    groups = []
    for _, g in items.groupby(strata, sort=True):
        idx = list(g.index)
        rng.shuffle(idx)
        groups.append(idx)
    picked: list[int] = []
    while len(picked) < n and any(groups):
        for g in groups:
            if g and len(picked) < n:
                picked.append(g.pop(0))
    return items.loc[picked].reset_index(drop=True)


def draw_sample(result: Any, what: str, n: int) -> pd.DataFrame:
    """Items to code: ``item, category, article_id, doc_id, outlet, tool, evidence, start, end``."""
    if what not in WHAT:
        raise ParameterError(f"--what: {what!r}; use one of {', '.join(WHAT)}")
    if n < 1:
        raise ParameterError(f"--n: {n}; give a positive number of items")
    arts = result.corpus.articles[["article_id", "doc_id", "outlet", "text"]]
    if what == "frames":
        sc = result.tables["generic_frame_scores"]
        ev = result.tables["generic_frame_questions"]
        ev = ev[ev["answer"] & (ev["weight"] > 0)]  # evidence for a frame, never a cue that counts against it
        first = ev.sort_values(["article_id", "frame", "start"]).groupby(["article_id", "frame"]).first()
        items = sc.merge(arts, on="article_id").assign(category=sc["frame"], tool=sc["present"].map({True: "yes", False: "no"}))
        spans = [first.loc[(a, f)] if (a, f) in first.index else None for a, f in zip(items["article_id"], items["frame"])]
        items["start"] = [None if s is None else s["start"] for s in spans]
        items["end"] = [None if s is None else s["end"] for s in spans]
        strata = ["category", "tool"]
    else:
        t = result.tables["quotes" if what == "quotes" else "sources"]
        if what == "quotes":
            t = t[t["continues"].isna()]
            items = t.merge(arts, on="article_id").assign(category="quote", tool=t["kind"].to_numpy())
        else:
            items = t.merge(arts, on="article_id").assign(category="source", tool=t["source_type"].to_numpy())
        strata = ["outlet", "tool"]
    if items.empty:
        raise ParameterError(f"--what {what}: the tool found nothing of this kind in the corpus")
    items["outlet"] = items["outlet"].astype(object).where(items["outlet"].notna(), "unknown outlet")
    sample = _stratified(items, strata, n)
    sample.insert(0, "item", [f"{what[0]}{k + 1:04d}" for k in range(len(sample))])
    sample["evidence"] = [t[int(s):int(e)] if pd.notna(s) else "" for t, s, e in
                          zip(sample["text"], sample["start"], sample["end"])]
    return sample[["item", "category", "article_id", "doc_id", "outlet", "tool", "evidence", "start", "end", "text"]]


def _form(sample: pd.DataFrame, what: str, question: str) -> str:
    cards = []
    for r in sample.itertuples():
        text = r.text
        if pd.notna(r.start):
            s, e = int(r.start), int(r.end)
            lo, hi = max(0, text.rfind("\n", 0, s) + 1), text.find("\n", e)
            hi = len(text) if hi < 0 else hi
            shown = (html.escape(text[lo:s]) + f"<mark>{html.escape(text[s:e])}</mark>" + html.escape(text[e:hi]))
        else:
            shown = f"<em>(no sentence marked; read the article {html.escape(str(r.doc_id))})</em>"
        ask = f"Frame: <b>{html.escape(str(r.category).replace('_', ' '))}</b>. " if what == "frames" else ""
        cards.append(f'<section><h3>{html.escape(r.item)} · {html.escape(str(r.outlet))} · '
                     f'{html.escape(str(r.doc_id))}</h3><p>{ask}{html.escape(question)}</p>'
                     f'<blockquote>{shown}</blockquote><p>Answer: ______________________</p></section>')
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Coding form</title><style>"
            "body{font:15px/1.5 Georgia,serif;max-width:48rem;margin:2rem auto}section{page-break-inside:avoid;"
            "border-bottom:1px solid #ccc;padding:.5rem 0}mark{background:#ffe58a}blockquote{margin:.5rem 1rem}"
            f"</style></head><body><h1>Coding form: {html.escape(what)}</h1>{''.join(cards)}</body></html>\n")


def write_sample(result: Any, what: str, n: int, out: str | Path) -> Path:
    """Draw the sample and write the coding sheet, the printable form, the tool's answers and how it was drawn."""
    from .outputs import write_text_atomic

    sample = draw_sample(result, what, n)
    types = sorted(set(result.tables["sources"]["source_type"].dropna())) if what == "sources" else []
    question = QUESTIONS[what].format(types=", ".join(types))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sheet = sample[["item", "category", "doc_id", "outlet", "evidence"]].assign(question=question, coder_1="")
    write_text_atomic(out / "coding_sheet.csv", sheet.to_csv(index=False))
    write_text_atomic(out / "tool.csv", sample[["item", "category", "tool"]].to_csv(index=False))
    write_text_atomic(out / "form.html", _form(sample, what, question))
    write_text_atomic(out / "sample.json", json.dumps(
        {"what": what, "n": len(sample), "asked": n, "seed": SEED, "question": question,
         "strata": "frame x tool answer" if what == "frames" else "outlet x tool label"}, indent=2) + "\n")
    return out


def krippendorff_alpha(codes: list[list[str | None]]) -> float:
    """Krippendorff's alpha for nominal codes: ``codes[item]`` holds each coder's code (None: not coded).
    Items with fewer than two codes do not count. 1 = perfect agreement, 0 = chance."""
    coincidence: Counter[tuple[str, str]] = Counter()
    for unit in codes:
        vals = [v for v in unit if v is not None]
        m = len(vals)
        if m < 2:
            continue
        for i, a in enumerate(vals):
            for j, b in enumerate(vals):
                if i != j:
                    coincidence[(a, b)] += 1 / (m - 1)
    n_c: Counter[str] = Counter()
    for (a, _), w in coincidence.items():
        n_c[a] += w
    n = sum(n_c.values())
    if n <= 1:
        return float("nan")
    observed = sum(w for (a, b), w in coincidence.items() if a != b)
    expected = sum(n_c[a] * n_c[b] for a in n_c for b in n_c if a != b) / (n - 1)
    return 1.0 if expected == 0 else 1 - observed / expected


YES, NO = {"yes", "y", "1", "true", "t"}, {"no", "n", "0", "false", "f"}


def _norm(v: Any, *, binary: bool = False) -> str | None:
    """A code as compared: lower case; for yes/no questions, 1/true/y as "yes" and 0/false/n as "no"."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    s = str(v).strip().lower()
    if binary and s:
        return "yes" if s in YES else "no" if s in NO else s
    return s or None


def validate(coded: str | Path, tool: str | Path | None = None) -> dict[str, Any]:
    """Compare the tool with the coders: per category precision, recall, F1 (and support), overall
    accuracy, and Krippendorff's alpha between coders (None with one coder)."""
    coded = Path(coded)
    tool = Path(tool) if tool else coded.parent / "tool.csv"
    if not tool.is_file():
        raise InputError(tool, "the tool's answers (tool.csv, written by validation-sample) are not here")
    try:
        sheet = pd.read_csv(coded, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(coded, f"cannot read the coded sheet ({exc})") from None
    coders = [c for c in sheet.columns if c.startswith("coder_")]
    if "item" not in sheet.columns or not coders:
        raise InputError(coded, "expected an 'item' column and one column per coder (coder_1, coder_2, ...)")
    answers = pd.read_csv(tool, dtype=str, keep_default_na=False)
    merged = sheet[["item", *coders]].merge(answers, on="item", how="inner")
    if merged.empty:
        raise InputError(coded, f"no item matches {tool.name}: code the sheet written with it")
    what = json.loads((tool.parent / "sample.json").read_text(encoding="utf-8"))["what"] \
        if (tool.parent / "sample.json").is_file() else None
    binary = what == "frames"
    refs, units = [], []
    for row in merged.itertuples(index=False):
        vals = [_norm(getattr(row, c), binary=binary) for c in coders]
        odd = [v for v in vals if binary and v not in (None, "yes", "no")]
        if odd:
            raise InputError(coded, f"item {row.item}: {odd[0]!r} is not a yes/no answer")
        units.append(vals)
        given = [v for v in vals if v is not None]
        if not given:
            refs.append(None)
            continue
        counts = Counter(given)
        top = max(counts.values())
        refs.append(next(v for v in given if counts[v] == top))  # majority; a tie goes to the first coder
    merged = merged.assign(reference=refs, tool=merged["tool"].map(lambda v: _norm(v, binary=binary)))
    merged = merged.dropna(subset=["reference"])
    if merged.empty:
        raise InputError(coded, "no item is coded yet")
    per: dict[str, dict[str, Any]] = {}
    if what == "frames":  # per frame, "yes" is the positive class
        groups = [(cat, g, "yes") for cat, g in merged.groupby("category", sort=True)]
    else:  # per label, one against the rest
        labels = sorted(set(merged["reference"]) | set(merged["tool"].dropna()))
        groups = [(lab, merged, lab) for lab in labels]
    for name, g, pos in groups:
        t, r = g["tool"] == pos, g["reference"] == pos
        tp, fp, fn = int((t & r).sum()), int((t & ~r).sum()), int((~t & r).sum())
        p = tp / (tp + fp) if tp + fp else None
        rec = tp / (tp + fn) if tp + fn else None
        f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
        per[str(name)] = {"precision": p, "recall": rec, "f1": f, "support": int(r.sum()), "items": int(len(g))}
    alpha = krippendorff_alpha(units) if len(coders) > 1 else None
    return {"items": int(len(merged)), "coders": coders, "accuracy": float((merged["tool"] == merged["reference"]).mean()),
            "categories": per, "krippendorff_alpha": alpha}
