"""Figures on the shared evaluation data (skipped where ../shared/eval is absent)."""
from __future__ import annotations

import importlib.util
import json

import pytest

from analysis.evaluate import body_retention, pagedump_predictions

from .conftest import eval_path

pytestmark = pytest.mark.eval


def test_pagedump_body_extraction_beats_trafilatura_on_html():
    folder = eval_path("pagedump_dev")
    spec = importlib.util.spec_from_file_location("score_pagedump", folder / "score_pagedump.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    summary, _ = scorer.score(gold, pagedump_predictions(folder / "pages"))
    assert summary["micro"]["hm"] > 0.91, summary["micro"]


@pytest.mark.parametrize("name", ["basil_dev", "polnear_dev.jsonl"])
def test_nothing_of_a_clean_article_is_lost(name):
    r = body_retention(eval_path(name))
    assert r["sentences"] > 3000
    assert r["share"] == 1.0, r["lost"][:5]
