"""Frames learned from a coded sample: train-frames, frames --model, and their refusals."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from analysis.config import DEFAULT_CORPUS
from analysis.errors import InputError, ParameterError
from analysis.framemodel import MIN_POSITIVES, read_coded, train
from tests.conftest import eval_path

ECON = "The factory closed and {n} jobs were lost, costing the town $4 million in taxes."
OTHER = "The choir sang at the {n}th spring festival in the park on Sunday afternoon."


def _coded_csv(path, positives: int, negatives: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "economic", "morality", "note"])
        for k in range(positives):
            w.writerow([f"e{k}", ECON.format(n=k + 10), 1, 1 if k < 2 else 0, "x"])
        for k in range(negatives):
            w.writerow([f"o{k}", OTHER.format(n=k + 10), 0, 0, "y"])


def test_a_frame_with_too_few_positives_is_refused_and_the_others_are_trained(tmp_path):
    _coded_csv(tmp_path / "coded.csv", MIN_POSITIVES + 2, MIN_POSITIVES + 2)
    ids, texts, labels = read_coded(tmp_path / "coded.csv")
    assert list(labels.columns) == ["economic", "morality"] and ids[0] == "e0"  # "note" is not a frame
    m = train(tmp_path / "coded.csv", tmp_path / "model")
    assert list(m["frames"]) == ["economic"] and m["frames"]["economic"]["f1"] == 1.0
    assert m["refused"]["morality"].startswith("2 positive and 22 negative examples; at least 10 of each")
    assert {p.name for p in (tmp_path / "model").iterdir()} == {"model.pkl", "metrics.json", "top_words.csv"}


def test_no_trainable_frame_is_an_error_naming_the_counts(tmp_path):
    _coded_csv(tmp_path / "coded.csv", 5, 20)
    with pytest.raises(ParameterError, match="economic: 5 positive"):
        train(tmp_path / "coded.csv", tmp_path / "model")


def test_a_coded_jsonl_line_without_frames_names_its_line(tmp_path):
    p = tmp_path / "coded.jsonl"
    p.write_text('{"text": "a", "frames": {"x": true}}\n{"text": "b"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"coded.jsonl, line 2: each line needs 'text'"):
        read_coded(p)


def test_trained_on_nfc_dev_cross_validated(tmp_path):
    m = train(eval_path("nfc_dev.jsonl"), tmp_path / "nfc")
    assert m["macro_f1"] >= 0.62 and m["refused"] == {}
    top = (tmp_path / "nfc" / "top_words.csv").read_text(encoding="utf-8")
    assert "economic,1," in top
    out = tmp_path / "frames.csv"
    subprocess.run([sys.executable, "-m", "analysis", "frames", str(DEFAULT_CORPUS), "--out", str(out),
                    "--model", str(tmp_path / "nfc")], check=True, capture_output=True)
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert len(rows) == 2 * 5 and {r["frame_set"] for r in rows} == {"trained"}
    assert {r["frame"] for r in rows} == {"conflict", "economic", "human_interest", "moral", "resolution"}
    assert all(0 <= float(r["score"]) <= 1 and r["present"] in ("True", "False") for r in rows)


def test_frames_without_a_model_gives_the_generic_frames(tmp_path):
    out = tmp_path / "frames.csv"
    subprocess.run([sys.executable, "-m", "analysis", "frames", str(DEFAULT_CORPUS), "--out", str(out)],
                   check=True, capture_output=True)
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert [list(r) for r in rows[:1]] == [["id", "frame_set", "frame", "score", "present"]]
    assert sorted({r["frame"] for r in rows}) == ["conflict", "economic", "human_interest", "morality", "responsibility"]


def test_a_report_with_a_frame_model_shows_its_frames(tmp_path):
    from analysis.runner import run_report

    _coded_csv(tmp_path / "coded.csv", MIN_POSITIVES + 2, MIN_POSITIVES + 2)
    train(tmp_path / "coded.csv", tmp_path / "model")
    out = run_report(DEFAULT_CORPUS, tmp_path / "report", params={"frame_model": str(tmp_path / "model")},
                     progress=False)
    trained = (out / "tables" / "trained_frames.csv").read_text(encoding="utf-8").splitlines()
    assert trained[0] == "article_id,outlet,frame,score,present" and len(trained) == 1 + 2
    assert "Trained frames: share of articles" in (out / "html" / "02_framing.html").read_text(encoding="utf-8")


def test_a_stray_code_or_a_short_row_is_reported_with_its_line(tmp_path):
    _coded_csv(tmp_path / "coded.csv", MIN_POSITIVES + 2, MIN_POSITIVES + 2)
    lines = (tmp_path / "coded.csv").read_text(encoding="utf-8").splitlines()
    bad = lines[:3] + [lines[3].replace(",1,0,x", ",2,0,x")] + lines[4:]
    (tmp_path / "stray.csv").write_text("\n".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"stray.csv, line 4: column 'economic': '2' is not a 0/1"):
        read_coded(tmp_path / "stray.csv")
    (tmp_path / "short.csv").write_text("\n".join(lines[:3] + ["99"] + lines[4:]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"short.csv, line 4: this row has a different number of cells"):
        read_coded(tmp_path / "short.csv")
