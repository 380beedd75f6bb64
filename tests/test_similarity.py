"""Statement similarity: the calibrated same-statement decision and its command."""
from __future__ import annotations

import json
import subprocess
import sys

from analysis.similarity import score_pairs, threshold, train
from tests.conftest import eval_path


def test_the_command_scores_pairs_in_input_order(tmp_path):
    pairs = [{"id": "same", "sentence1": "The company said on Tuesday that profits rose 12 percent to $4.1 billion.",
              "sentence2": "Profits rose 12 percent to $4.1 billion, the company said Tuesday."},
             {"sentence1": "The cat slept on the warm windowsill all afternoon.",
              "sentence2": "Stocks fell sharply in Tokyo after the central bank's decision."}]
    src, out = tmp_path / "pairs.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "analysis", "similarity", str(src), "--out", str(out)], check=True,
                   capture_output=True)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["same", 2] and [r["same"] for r in rows] == [True, False]
    assert rows[0]["score"] >= threshold() > rows[1]["score"] and rows[1]["score"] < 0.05


def test_a_changed_number_or_name_counts_against_the_same_statement():
    base = "Police arrested 12 people in Leeds on Saturday after the march, officials said."
    scores = score_pairs([(base, "Officials said police arrested 12 people in Leeds after Saturday's march."),
                          (base, "Officials said police arrested 40 people in Leeds after Saturday's march."),
                          (base, "Officials said police arrested 12 people in Bristol after Saturday's march.")])
    assert scores[0] > scores[1] and scores[0] > scores[2]


def test_calibrated_on_msrp_train_with_cross_validation():
    rows = [json.loads(line) for line in eval_path("msrp_train.jsonl").read_text(encoding="utf-8").splitlines()]
    model = train([(r["sentence1"], r["sentence2"]) for r in rows], [r["label"] for r in rows])
    assert model["cv"]["accuracy"] >= 0.76 and model["cv"]["auc"] >= 0.82  # measured 0.769 and 0.829
    assert model["cv"]["always_same"] < 0.68
