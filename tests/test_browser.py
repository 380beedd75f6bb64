"""The written report in a real browser (headless Chromium, via Playwright): pages open without console
errors, images and links resolve, figure text is readable, no nan/None/<NA>/NaT is visible.
Skips, saying why, where Chromium or Playwright is missing (.ci/run installs both)."""
from __future__ import annotations

import pytest

from analysis.browsercheck import chromium_path, check_report


@pytest.fixture(scope="module")
def browser_ready():
    pytest.importorskip("playwright", reason="Playwright is not installed (pip install playwright)")
    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run installs it)")


def test_the_default_report_reads_right_in_a_browser(browser_ready, default_run):
    assert check_report(default_run) == []
    shots = {p.name for p in (default_run / "screenshots").glob("*.png")}
    assert {"index.png", "html-05_comparison.png", "articles-0.png"} <= shots


def test_the_basil_report_reads_right_in_a_browser(browser_ready, basil_run):
    assert check_report(basil_run, screenshots=False) == []


def test_the_check_finds_what_a_reader_would_see_go_wrong(browser_ready, tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><body><p>Dateline: nan</p><a href="html/missing.html">a page</a>'
        '<a href="#nowhere">anchor</a><img src="figures/gone.png" alt="gone">'
        '<script>console.error("boom")</script></body></html>', encoding="utf-8")
    problems = check_report(tmp_path, screenshots=False)
    assert any("visible 'nan'" in p for p in problems)
    assert any("missing.html" in p and "missing file" in p for p in problems)
    assert any("#nowhere" in p and "missing anchor" in p for p in problems)
    assert any("gone.png" in p and "does not load" in p for p in problems)
    assert any("console: boom" in p for p in problems)


@pytest.mark.parametrize("text, leak", [
    ("Dateline: None.", "None"), ("speaker\tnan\tYonhap", "nan"), ("published NaT", "NaT"), ("lag <NA> hours", "<NA>"),
    ("None of this would have happened", None), ("Nancy Pelosi said", None), ("a nanosecond", None),
])
def test_missing_values_are_told_from_prose(text, leak):
    from analysis.browsercheck import MISSING_WORDS

    m = MISSING_WORDS.search(text)
    assert (m.group(0) if m else None) == leak
