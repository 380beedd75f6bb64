"""Actors and the per-event comparison table."""
from __future__ import annotations

import json
import logging

from analysis import load_corpus
from analysis.actors import actor_mentions, actor_salience
from analysis.compare import comparison_table
from analysis.config import DEFAULT_CORPUS


def test_seed_comparison_table_shows_how_the_outlets_differ():
    table = comparison_table(load_corpus(DEFAULT_CORPUS, cache=False)).set_index("outlet")
    ani, yom = table.loc["North Korea Times"], table.loc["The Yomiuri Shimbun"]
    assert ani["dateline"] == "Seoul" and yom["dateline"] == "Washington"
    assert ani["lead_actors"].startswith("South Korea: defence ministry")
    assert yom["most_mentioned"].startswith("United States")
    assert ani["top_frames"].startswith("security and defence") and yom["top_frames"].startswith("security and defence")
    assert set(ani["cited_media"].split(", ")) == {"CNN", "The Japan Times", "Yonhap"}
    assert "own reporting" in yom["sources_by_type"]
    assert yom["lag_hours"] == 0.0 and ani["lag_hours"] > 40
    assert 0 < ani["exclusive_share"] < 1 and not ani["note"]
    assert {"summit", "information", "agreement"} <= set(ani["shared_terms"].split(", "))


def test_single_outlet_events_get_a_note(tmp_path, caplog):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "outlet": "A", "event": "e1",
                                "text": "The council approved the budget on Tuesday, officials said."}), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        table = comparison_table(load_corpus(path, cache=False))
    assert table.loc[0, "note"].startswith("only one outlet")
    assert "only one outlet" in caplog.text


def test_actor_mentions_cluster_people_and_institutions():
    corpus = load_corpus(DEFAULT_CORPUS, cache=False)
    m = actor_mentions(corpus, speakers=["Yoon Suk Yeol", "Fumio Kishida"])
    body = corpus.articles.set_index("article_id")["text"]
    assert all(body[a][s:e] == t for a, s, e, t in zip(m.article_id, m.start, m.end, m.text))
    yoon = set(m.loc[m.actor == "Yoon Suk Yeol", "text"])
    assert {"Yoon Suk-Yeol", "Yoon Suk Yeol", "Yoon"} <= yoon
    ani = m[m.article_id == 0]
    assert "South Korea: defence ministry" in set(ani.loc[ani.text.str.lower() == "defence ministry", "actor"])
    sal = actor_salience(corpus, m)
    assert sal.loc[sal.article_id == 1].iloc[0]["actor"] == "United States"
