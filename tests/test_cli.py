from __future__ import annotations

import json
import subprocess
import sys

from analysis.cli import main
from analysis.config import DEFAULT_CORPUS


def test_extract_writes_one_line_per_article(tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(DEFAULT_CORPUS), "--out", str(out)]) == 0
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["file"] for r in recs] == ["000_9049f8ff2310f21f.txt", "004_fd3109951f720ec5.txt"]
    assert {"file", "title", "byline", "agency", "published", "published_raw", "dateline", "body", "boilerplate"} <= set(recs[0])
    assert recs[0]["published"] == "2023-03-19T01:27:00Z" and recs[0]["agency"] == "ANI" and recs[0]["title"] is None
    assert recs[1]["published"] == "2023-03-17T05:08:00Z" and recs[1]["dateline"] == "Washington"


def test_extract_on_a_missing_path_fails_cleanly_and_leaves_no_output(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "analysis", "extract", str(tmp_path / "nope"), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "no such file" in proc.stderr
    assert not out.exists() and not list(tmp_path.iterdir())


def test_extract_output_feeds_attribute_and_keeps_the_manifest_outlet(tmp_path):
    extracted = tmp_path / "articles.jsonl"
    assert main(["extract", str(DEFAULT_CORPUS), "--out", str(extracted)]) == 0
    recs = [json.loads(line) for line in extracted.read_text(encoding="utf-8").splitlines()]
    assert [(r["outlet"], r["event"]) for r in recs] == [("North Korea Times (ANI wire copy)", "gsomia-2023"),
                                                        ("The Yomiuri Shimbun", "gsomia-2023")]
    out = tmp_path / "quotes.jsonl"
    assert main(["attribute", str(extracted), "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [len(line["attributions"]) > 3 for line in lines] == [True, True]
    for line, rec in zip(lines, recs):
        for att in line["attributions"]:
            assert [rec["body"][s:e] for s, e in att["content_spans"]] == att["content"].split(" … ")


def test_analyse_streams_a_corpus_too_large_to_hold(tmp_path, monkeypatch, capsys):
    import analysis.corpus as corpus_module
    from analysis.cli import main
    from analysis.config import DEFAULT_CORPUS

    monkeypatch.setattr(corpus_module, "LARGE_CORPUS_BYTES", 1_000)  # the seeds are larger than this
    assert main(["analyse", str(DEFAULT_CORPUS), "--out", str(tmp_path / "out")]) == 0
    assert "analysed in 2000-article partitions" in capsys.readouterr().err
    assert (tmp_path / "out" / "tokens" / "part-00000.parquet").is_file()
