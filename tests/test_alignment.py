"""Cross-outlet alignment, statement pairing, publication lag and word choice."""
from __future__ import annotations

import json

from analysis import load_corpus
from analysis.alignment import align, pair_statements, publication_lag
from analysis.config import DEFAULT_CORPUS
from analysis.quotes import attribute
from analysis.wordchoice import distinctive_words, fightin_words


def _corpus(tmp_path, rows):
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return load_corpus(path, cache=False)


def test_shared_some_and_exclusive_sentences(tmp_path):
    shared = "The council approved the new school budget after a long debate on Tuesday."
    rows = [
        {"id": "a", "outlet": "A", "event": "e", "text": shared + " Parents protested outside the hall."},
        {"id": "b", "outlet": "B", "event": "e", "text": "After a long debate on Tuesday the council approved the school budget. "
                                                          "Parents protested outside the hall."},
        {"id": "c", "outlet": "C", "event": "e", "text": "The council passed the new school budget after long debate Tuesday. "
                                                          "The mayor's dog won a prize at the county fair."},
        {"id": "d", "outlet": "D", "event": "other", "text": "A lone story with nobody else."},
    ]
    corpus = _corpus(tmp_path, rows)
    _, cov = align(corpus)
    status = {(r.outlet, r.text[:20]): r.status for r in cov.itertuples()}
    assert status[("A", shared[:20])] == "shared by all"
    assert status[("A", "Parents protested ou")] == "shared by some"
    assert status[("C", "The mayor's dog won ")] == "exclusive"
    assert status[("D", "A lone story with no")] == "single outlet"


def test_seed_alignment_and_statements():
    corpus = load_corpus(DEFAULT_CORPUS, cache=False)
    pairs, cov = align(corpus)
    joined = " ".join(pairs["text_a"] + " || " + pairs["text_b"])
    assert "normalise the General Security" in joined and "confirmed normalization" in joined
    assert "share information on North Korea's nuclear missile launches" in joined
    exclusive = " ".join(cov.loc[cov.status == "exclusive", "text"])
    for ani_only in ("forced labour", "intercontinental ballistic missile", "The Japan Times"):
        assert ani_only in exclusive
    for yomiuri_only in ("Wendy Sherman", "semiconductors", "Biden is said to be keen"):
        assert yomiuri_only in exclusive
    quotes, _ = attribute(corpus)
    statements = pair_statements(quotes, corpus.articles)
    assert "Yoon Suk Yeol" in set(statements["speaker"])
    lag = publication_lag(corpus).set_index("outlet")
    assert bool(lag.loc["The Yomiuri Shimbun", "first"]) and round(lag.loc["North Korea Times", "lag_hours"], 2) == 44.32


def test_fightin_words_prefers_each_outlets_own_vocabulary(tmp_path):
    rows = [{"id": f"a{i}", "outlet": "A", "text": "The regime crushed the protest with brutal force today."} for i in range(3)]
    rows += [{"id": f"b{i}", "outlet": "B", "text": "The government contained the unrest with security measures today."} for i in range(3)]
    table = fightin_words(_corpus(tmp_path, rows))
    z = table.set_index(["outlet", "term"])["z"]
    assert z[("A", "regime")] > 1 and z[("B", "government")] > 1
    assert z[("A", "government")] < -1
    assert abs(z[("A", "today")]) < 0.01
    top = distinctive_words(table, top=20)
    assert "regime" in set(top.loc[top.outlet == "A", "term"]) and "today" not in set(top["term"])


def test_a_lag_in_hours_only_when_every_outlet_gives_a_clock_time(tmp_path):
    import json

    from analysis import load_corpus
    from analysis.compare import findings

    rows = [{"id": "a", "outlet": "Daily", "event": "e", "date": "2024-03-04", "text": "The bridge opened on Monday."},
            {"id": "b", "outlet": "Courier", "event": "e", "date": "2024-03-04", "text": "A new bridge opened Monday."},
            {"id": "c", "outlet": "Post", "event": "e", "date": "2024-03-06", "text": "The bridge opened this week."}]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    corpus = load_corpus(path, cache=False)
    lag = publication_lag(corpus).set_index("outlet")
    assert lag["lag_days"].to_dict() == {"Courier": 0, "Daily": 0, "Post": 2}
    assert lag["lag_hours"].isna().all() and not lag["time_known"].any()
    from analysis import analyse

    text = " ".join(findings(analyse(corpus, cache=False).tables["comparison"]))
    assert "Courier published first; Daily the same day; Post 2 days later (dates only, so no hours are given)." in text
    assert " h later" not in text
