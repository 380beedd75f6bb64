"""Measure the corpus stage against annotated data in ``../shared/eval`` (never copied here).

- :func:`pagedump_predictions` + the shared scorer: body extraction on real page dumps.
- :func:`body_retention`: on clean articles, the share of input sentences kept in title or body.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .readers import read_text_file, iter_documents
from .structure import parse_page
from .tokenize import sentence_spans


def pagedump_predictions(pages_dir: str | Path) -> list[dict[str, Any]]:
    """One prediction per ``.txt`` page in the format of ``score_pagedump.py``."""
    out = []
    for p in sorted(Path(pages_dir).glob("*.txt")):
        page = parse_page(read_text_file(p).text)
        out.append({"file": p.name, "body": page.body, "title": page.title, "author": page.byline,
                    "date": page.published.date().isoformat() if page.published else None})
    return out


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
