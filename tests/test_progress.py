"""Progress bars: shown for long work when asked for, silent in tests, CI and batch runs."""
from __future__ import annotations

from analysis.progress import MIN_ITEMS, enabled, progress


def test_silent_under_pytest_and_when_turned_off(monkeypatch):
    assert not enabled()  # PYTEST_CURRENT_TEST is set while a test runs
    items = list(range(MIN_ITEMS + 1))
    assert progress(items, total=len(items), desc="reading") is items
    monkeypatch.setenv("NEWSFRAMES_PROGRESS", "0")
    assert not enabled()


def test_a_bar_when_forced_on_and_long_enough(monkeypatch, capsys):
    monkeypatch.setenv("NEWSFRAMES_PROGRESS", "1")
    short = list(range(MIN_ITEMS - 1))
    assert progress(short, total=len(short), desc="reading") is short  # a few seconds of work: no bar
    items = list(range(MIN_ITEMS))
    bar = progress(items, total=len(items), desc="reading")
    assert bar is not items and list(bar) == items
    assert "reading" in capsys.readouterr().err
