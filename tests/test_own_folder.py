"""A user's own folder of page dumps, with no manifest, runs end to end."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.pipeline import analyse

LOCAL = """Valley Gazette
Home | News | Sports | Opinion | Obituaries | Subscribe
Council approves new bridge over Mill River
By Dana Ortiz, Staff Writer
March 4, 2024
The city council voted 5-2 on Monday night to approve a $12 million bridge over the Mill River, ending two years of debate over how residents of the east side reach downtown.
"This bridge connects families to jobs," Councilmember Ray Ortiz said after the vote. Opponents said the city should repair existing roads first.
Construction is expected to begin in the fall and to last eighteen months, the city engineer said in a statement.
Most Read
Police log: week of March 1
© 2024 Valley Gazette. All rights reserved.
"""

NEWSLETTER = """Skip to content
The Coastal Ledger
Menu
Storm cuts power to thousands along the coast
March 5, 2024
A winter storm knocked out power to more than 40,000 homes along the coast on Tuesday, the utility company said, and crews worked through the night to restore it.
"We expect most customers to have power back by Thursday," a utility spokesperson said.
Sign up for our newsletter
Get the latest local news delivered to your inbox every morning.
Schools in three districts closed for the day, and officials urged drivers to stay off the roads.
Copyright 2024 The Coastal Ledger
"""

WIRE = """WASHINGTON (AP) — The Senate passed a stopgap spending bill on Wednesday, averting a government shutdown days before funding was set to run out.
"We did our job," Majority Leader Chuck Schumer told reporters after the vote, which was 77 to 13.
The measure keeps agencies funded through the spring while negotiators work on a longer deal.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "my-clippings"
    d.mkdir()
    (d / "gazette-bridge.txt").write_text(LOCAL, encoding="utf-8")
    (d / "ledger-storm.txt").write_text(NEWSLETTER, encoding="utf-8")
    (d / "wire-senate.txt").write_text(WIRE, encoding="utf-8")
    return d


def test_every_article_gets_an_outlet_and_says_where_it_came_from(folder):
    arts = load_corpus(folder, cache=False).articles
    assert arts[["doc_id", "outlet", "outlet_source"]].values.tolist() == [
        ["gazette-bridge", "Valley Gazette", "copyright line"],
        ["ledger-storm", "The Coastal Ledger", "copyright line"],
        ["wire-senate", "Associated Press", "agency credit"]]
    assert arts["outlet"].notna().all()


def test_the_analysis_runs_with_no_manifest_and_no_missing_values_in_the_comparison(folder):
    a = analyse(load_corpus(folder, cache=False), cache=False)
    comparison = a.tables["comparison"]
    assert sorted(comparison["outlet"]) == ["Associated Press", "The Coastal Ledger", "Valley Gazette"]
    assert a.tables["events"]["event"].notna().all()
    from analysis.compare import findings

    text = " ".join(findings(comparison))
    for bad in ("nan", "NaN", "<NA>", "None", "NaT"):
        assert bad not in text.split(), bad


def test_a_folder_without_any_outlet_signal_uses_its_name(tmp_path):
    d = tmp_path / "council-coverage"
    d.mkdir()
    (d / "a.txt").write_text("The council met on Monday. It approved the budget.", encoding="utf-8")
    arts = load_corpus(d, cache=False).articles
    assert arts[["outlet", "outlet_source"]].values.tolist() == [["council-coverage", "folder name"]]
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "The council met on Monday. It approved the budget."}\n', encoding="utf-8")
    arts = load_corpus(rows, cache=False).articles
    assert arts[["outlet", "outlet_source"]].values.tolist() == [["unknown outlet", "unknown"]]


def test_run_on_an_own_folder_completes(folder, tmp_path):
    from analysis.runner import run_report

    out = run_report(folder, tmp_path / "report", progress=False)
    comparison = pd.read_csv(out / "tables" / "comparison.csv")
    assert sorted(comparison["outlet"]) == ["Associated Press", "The Coastal Ledger", "Valley Gazette"]
    assert (out / "index.html").is_file()


def test_run_on_an_own_folder_writes_an_index_naming_corpus_outlets_and_dates(folder, tmp_path):
    from analysis.runner import run_report

    out = run_report(folder, tmp_path / "reports" / "clippings", progress=False)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "How the outlets told the story: my-clippings" in index
    for outlet in ("Associated Press", "The Coastal Ledger", "Valley Gazette"):
        assert f"<b>{outlet}</b>" in index
    assert "published between 4 March 2024 and 5 March 2024" in index  # the wire story has no date
    assert len(list((out / "articles").glob("*.html"))) == 3
