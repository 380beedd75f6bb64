"""Actors and the per-event comparison table."""
from __future__ import annotations

import json
import logging

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.actors import actor_mentions, actor_salience
from analysis.compare import comparison_table
from analysis.config import DEFAULT_CORPUS


def test_seed_comparison_table_shows_how_the_outlets_differ():
    table = comparison_table(load_corpus(DEFAULT_CORPUS, cache=False)).set_index("outlet")
    ani, yom = table.loc["North Korea Times (ANI wire copy)"], table.loc["The Yomiuri Shimbun"]
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


def test_streaming_in_partitions_gives_the_same_tables_as_one_load(tmp_path):
    """analyse_path (tokens written partition by partition) = analyse(load_corpus(...)), table by table."""
    import json

    from analysis import load_corpus
    from analysis.pipeline import analyse, analyse_path

    texts = {("budget", "Daily"): "The council passed the school budget on Tuesday. \"It is a good day,\" Mayor Jane Smith said.",
             ("budget", "Courier"): "After hours of debate the council passed the school budget. Critics said it cuts roads.",
             ("storm", "Daily"): "A winter storm knocked out power to thousands of homes on Sunday, the utility said.",
             ("storm", "Courier"): "Thousands of homes lost power on Sunday as the storm hit, according to the utility.",
             ("storm", "Post"): "The storm cut power to thousands. Flights were cancelled at the airport."}
    rows = [{"id": f"{e}-{o}", "event": e, "outlet": o, "views": 5 if i % 2 else "many",
             "date": "2024-01-0%d" % (i + 1), "text": t} for i, ((e, o), t) in enumerate(texts.items())]
    # site furniture repeated on the Daily's pages in different partitions, and an id used twice across
    # partitions: each partition must be parsed as the whole corpus is
    for r in rows:
        if r["outlet"] == "Daily":
            r["text"] = "Daily News | Subscribe today\n" + r["text"]
    rows.append(dict(rows[0], text="Daily News | Subscribe today\nThe budget vote was delayed to Friday."))
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    whole = analyse(load_corpus(path, cache=False), cache=False)
    streamed = analyse_path(path, tmp_path / "out", partition_size=2)
    assert sorted(p.name for p in (tmp_path / "out" / "tokens").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert "Subscribe" not in " ".join(streamed.corpus.articles["text"])
    assert streamed.corpus.articles["doc_id"].tolist()[-1] == "budget-Daily-2"
    assert [(n.path, n.reason) for n in streamed.corpus.notes] == [(n.path, n.reason) for n in whole.corpus.notes]
    for name, table in whole.tables.items():
        pd.testing.assert_frame_equal(streamed.tables[name], table, obj=name)
    pd.testing.assert_frame_equal(streamed.corpus.articles, whole.corpus.articles)
    pd.testing.assert_frame_equal(streamed.corpus.sentences, whole.corpus.sentences)
    tokens = pd.read_parquet(tmp_path / "out" / "tokens")
    pd.testing.assert_frame_equal(tokens.reset_index(drop=True), whole.corpus.tokens.reset_index(drop=True))
    assert whole.tables["comparison"]["outlet"].tolist() == ["Courier", "Daily", "Courier", "Daily", "Post"]
    assert whole.corpus.articles["doc_id"].tolist()[-1] == "budget-Daily-2"


def test_a_cache_hit_gives_the_tables_of_a_cold_run(tmp_path):
    from analysis import load_corpus
    from analysis.pipeline import analyse

    corpus = load_corpus(DEFAULT_CORPUS, cache=False)
    cold = analyse(corpus, cache=tmp_path)
    warm = analyse(corpus, cache=tmp_path)
    assert cold.timings and not warm.timings  # the second came from the cache
    for name, table in cold.tables.items():
        pd.testing.assert_frame_equal(warm.tables[name], table, obj=name)


def test_dask_local_writes_the_tables_of_the_serial_run(tmp_path):
    """``analyse --dask local`` (partitions on a LocalCluster) writes CSV tables byte-identical to the
    serial run's."""
    pytest.importorskip("dask.distributed")
    from analysis.cli import main

    serial, parallel = tmp_path / "serial", tmp_path / "dask"
    assert main(["analyse", str(DEFAULT_CORPUS), "--out", str(serial), "--partition-size", "1"]) == 0
    assert main(["analyse", str(DEFAULT_CORPUS), "--out", str(parallel), "--partition-size", "1",
                 "--dask", "local"]) == 0
    tables = sorted(p.name for p in serial.glob("*.csv"))
    assert "comparison.csv" in tables and tables == sorted(p.name for p in parallel.glob("*.csv"))
    for name in tables:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes(), name
    assert sorted(p.name for p in (parallel / "tokens").iterdir()) == ["part-00000.parquet", "part-00001.parquet"]


def test_dask_without_dask_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    import builtins

    from analysis.cli import main

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.startswith("dask"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    assert main(["analyse", str(DEFAULT_CORPUS), "--out", str(tmp_path / "o"), "--dask", "local"]) == 2
    assert "pip install 'newsframes-analysis[dask]'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_own_reporting_is_not_a_cited_medium_and_unnamed_voices_are_counted():
    from analysis import analyse, load_corpus
    from analysis.config import DEFAULT_CORPUS
    from analysis.quotes import summarise_attribution

    a = analyse(load_corpus(DEFAULT_CORPUS, cache=False), cache=False)
    cited = a.comparison.set_index("outlet")["cited_media"]
    assert "The Yomiuri Shimbun" not in str(cited["The Yomiuri Shimbun"])
    assert cited["North Korea Times (ANI wire copy)"] == "CNN, The Japan Times, Yonhap"
    voices = summarise_attribution(a.corpus, a.quotes, a.sources)["speakers"]
    yomiuri = voices[voices["outlet"] == "The Yomiuri Shimbun"]
    assert "unnamed official (Defense Department)" in set(yomiuri["speaker_resolved"])
    assert yomiuri["quotes"].sum() == len(a.quotes[(a.quotes["article_id"] == 1) & a.quotes["continues"].isna()])


def test_findings_contrast_the_outlets_in_plain_words():
    from analysis import analyse
    from analysis.compare import findings

    a = analyse(load_corpus(DEFAULT_CORPUS, cache=False), cache=False)
    text = findings(a.comparison)
    assert text[0] == (
        "gsomia-2023: North Korea Times (ANI wire copy) files from Seoul, leads with South Korea's defence ministry, "
        "relays CNN, The Japan Times and Yonhap and alone quotes Fumio Kishida; The Yomiuri Shimbun files from "
        "Washington, leads with Yoon Suk Yeol, alone quotes Wendy Sherman and adds its own reporting.")
    who = next(t for t in text if t.startswith("Who is quoted"))
    assert "unnamed official (Defense Department) 1" in who and "anonymous 1" in who
    for t in text:
        assert not any(bad in t for bad in ("nan", "NaN", "<NA>", "None"))


def test_lead_subject_prefers_the_person_to_the_country(tmp_path):
    from analysis.compare import lead_subjects

    rows = [{"id": "a", "outlet": "A", "text": "South Korean President Yoon Suk Yeol met Japan's leader on Thursday."},
            {"id": "b", "outlet": "B", "text": "Japan and South Korea agreed to share intelligence."},
            {"id": "c", "outlet": "C", "text": "It rained all day in the capital."}]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    corpus = load_corpus(path, cache=False)
    # a country leads only when no person or institution is the subject; no subject, no lead
    assert lead_subjects(actor_mentions(corpus, speakers=[])) == {0: "Yoon Suk Yeol", 1: "Japan"}


def test_an_article_given_no_event_is_left_out_of_the_comparison(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [{"id": "a", "outlet": "A", "text": "The council approved the budget on Tuesday, officials said."},
            {"id": "b", "outlet": "B", "text": "Council members passed the budget on Tuesday, the mayor said."},
            {"id": "c", "outlet": "C", "text": "A storm closed the airport on Sunday, the authorities said."}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    corpus = load_corpus(path, cache=False)
    events = pd.DataFrame({"article_id": corpus.articles["article_id"], "event": ["budget", "budget", None]})
    table = comparison_table(corpus, events)
    assert list(table["event"]) == ["budget", "budget"] and list(table["outlet"]) == ["A", "B"]
