"""The validation kit: a sample to code, and the tool's accuracy and coder agreement computed back."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from analysis import analyse, load_corpus
from analysis.config import DEFAULT_CORPUS
from analysis.validation import draw_sample, krippendorff_alpha, validate, write_sample


def test_krippendorff_alpha_on_krippendorffs_own_nominal_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units, nominal alpha 0.743
    a, b = "1 2 3 3 2 1 4 1 2 . . .".split(), "1 2 3 3 2 2 4 1 2 5 . 3".split()
    c, d = ". 3 3 3 2 3 4 2 2 5 1 .".split(), "1 2 3 3 2 4 4 1 2 5 1 .".split()
    units = [[None if x == "." else x for x in u] for u in zip(a, b, c, d)]
    assert round(krippendorff_alpha(units), 3) == 0.743
    assert krippendorff_alpha([["yes", "yes"], ["no", "no"]]) == 1.0


@pytest.fixture(scope="module")
def seeds():
    return analyse(load_corpus(DEFAULT_CORPUS, cache=False), cache=False)


def test_a_sample_is_stratified_and_keeps_the_tool_answers_apart(seeds, tmp_path):
    s = draw_sample(seeds, "frames", 10)
    assert len(s) == 10 and sorted(set(s["category"])) == ["conflict", "economic", "human_interest", "morality",
                                                            "responsibility"]
    assert all(t[int(a):int(b)] == e for t, a, b, e in zip(s["text"], s["start"], s["end"], s["evidence"]) if e)
    out = write_sample(seeds, "quotes", 6, tmp_path / "q")
    sheet = list(csv.DictReader(open(out / "coding_sheet.csv", encoding="utf-8")))
    assert len(sheet) == 6 and "tool" not in sheet[0] and sheet[0]["coder_1"] == ""
    assert {r["tool"] for r in csv.DictReader(open(out / "tool.csv", encoding="utf-8"))} <= {"direct", "indirect", "mixed"}
    assert "<mark>" in (out / "form.html").read_text(encoding="utf-8")


def test_coded_by_rule_and_fed_back(tmp_path):
    """Hand-made answers with known values: frames, two coders who disagree on one item."""
    (tmp_path / "sample.json").write_text(json.dumps({"what": "frames"}), encoding="utf-8")
    tool = [("i1", "conflict", "yes"), ("i2", "conflict", "yes"), ("i3", "conflict", "no"), ("i4", "conflict", "no"),
            ("i5", "economic", "yes"), ("i6", "economic", "no")]
    coder_1 = {"i1": "yes", "i2": "no", "i3": "yes", "i4": "no", "i5": "yes", "i6": "no"}
    coder_2 = {"i1": "yes", "i2": "no", "i3": "no", "i4": "no", "i5": "yes", "i6": "no"}
    with open(tmp_path / "tool.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([("item", "category", "tool"), *tool])
    with open(tmp_path / "coded.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["item", "category", "coder_1", "coder_2"])
        w.writerows([(i, c, coder_1[i], coder_2[i]) for i, c, _ in tool])
    r = validate(tmp_path / "coded.csv")
    # reference = majority, a tie going to coder_1: conflict yes on i1, i3; the tool says yes on i1, i2
    assert r["categories"]["conflict"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2, "items": 4}
    assert r["categories"]["economic"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1, "items": 2}
    # alpha by hand: 6 units, 2 coders, one disagreement (i3). Coincidences: yes-yes 4 (i1, i5 twice each),
    # no-no 6 (i2, i4, i6), yes-no 1 and no-yes 1 (i3). n = 12, n_yes = 5, n_no = 7.
    # D_o = 2 / 12; D_e = 2 * 5 * 7 / (12 * 11); alpha = 1 - D_o / D_e = 1 - (2 / 12) / (70 / 132)
    assert r["krippendorff_alpha"] == pytest.approx(1 - (2 / 12) / (70 / 132))
    assert r["accuracy"] == pytest.approx(4 / 6)


def test_the_round_trip_through_the_commands(tmp_path):
    out = tmp_path / "sample"
    subprocess.run([sys.executable, "-m", "analysis", "validation-sample", str(DEFAULT_CORPUS), "--what", "sources",
                    "--n", "5", "--out", str(out)], check=True, capture_output=True)
    tool = {r["item"]: r["tool"] for r in csv.DictReader(open(out / "tool.csv", encoding="utf-8"))}
    rows = list(csv.DictReader(open(out / "coding_sheet.csv", encoding="utf-8")))
    for r in rows:  # a coder who agrees with the tool on every item
        r["coder_1"] = tool[r["item"]]
    with open(out / "coded.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    proc = subprocess.run([sys.executable, "-m", "analysis", "validate", str(out / "coded.csv")],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "5 coded items, 1 coder(s); tool agrees with the coders on 100.0 %" in proc.stdout
    assert "one coder only" in proc.stdout
