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


def test_same_statement_and_exclusive_sentences(tmp_path):
    shared = "The council approved the new school budget after a long debate on Tuesday."
    rows = [
        {"id": "a", "outlet": "A", "event": "e", "text": shared + " Parents protested outside the hall. "
                                                          "This vote was a stark reminder of the shared security challenges the town faces."},
        {"id": "b", "outlet": "B", "event": "e", "text": "After a long debate on Tuesday the council approved the school budget. "
                                                          "Parents protested outside the hall. A police spokesperson said, \"In the face of "
                                                          "shared security challenges, it is critical that officers stay close to schools.\""},
        {"id": "c", "outlet": "C", "event": "e", "text": "The council passed the new school budget after long debate Tuesday. "
                                                          "The mayor's dog won a prize at the county fair."},
        {"id": "d", "outlet": "D", "event": "other", "text": "A lone story with nobody else."},
    ]
    corpus = _corpus(tmp_path, rows)
    _, cov = align(corpus)
    rows_out = [(r.outlet, r.text[:20], r.status, r.also_in) for r in cov.itertuples()]
    assert rows_out == [
        ("A", shared[:20], "same statement", "B; C"),
        ("A", "Parents protested ou", "same statement", "B"),
        ("A", "This vote was a star", "exclusive", ""),    # a stock phrase in common is not a statement
        ("B", "After a long debate ", "same statement", "A; C"),
        ("B", "Parents protested ou", "same statement", "A"),
        ("B", "A police spokesperso", "exclusive", ""),
        ("C", "The council passed t", "same statement", "A; B"),
        ("C", "The mayor's dog won ", "exclusive", ""),
        ("D", "A lone story with no", "single outlet", ""),
    ]


def test_partly_shared_names_the_facts_in_common(tmp_path):
    rows = [
        {"id": "a", "outlet": "A", "event": "e", "text": "Mayor Ann Lee met union leaders on Friday to end the bus strike. "
                                                          "The talks lasted four hours. Drivers want a 5 percent raise."},
        {"id": "b", "outlet": "B", "event": "e", "text": "The bus strike entered its third week on Friday as drivers rejected an "
                                                          "offer from Mayor Ann Lee. Commuters walked to work in the rain. The union's "
                                                          "leader, Sam Ortiz, said drivers want a 5 percent raise."},
    ]
    pairs, cov = align(_corpus(tmp_path, rows))
    got = [(r.sentence_a, r.sentence_b, r.status, r.shared_facts) for r in pairs.itertuples()]
    # a meeting and a rejected offer are not one statement, but they share the mayor and the day
    assert got == [(0, 0, "partly shared", "Ann Lee; friday"), (2, 2, "same statement", "5")]
    assert list(cov["status"]) == ["partly shared", "exclusive", "same statement"] * 2


def test_seed_alignment_and_statements():
    corpus = load_corpus(DEFAULT_CORPUS, cache=False)
    pairs, cov = align(corpus)
    pair_of = {(a[:40], b[:40]): s for a, b, s in zip(pairs["text_a"], pairs["text_b"], pairs["status"])}

    def paired(a: str, b: str) -> str | None:
        return next((s for (x, y), s in pair_of.items() if x.startswith(a) and y.startswith(b)), None)

    # Yoon on sharing missile data: one statement in both outlets
    assert paired('Yoon said, "I believe the two countries', "Speaking at a joint press conference") == "same statement"
    # Yoon backing normalisation ("fully normalising" / "confirmed normalization"): paired
    assert paired("Yoon also declared his support", "South Korean President Yoon Suk Yeol on") is not None
    # the ministry's procedure is not Yoon's confirmation, though both spell out the agreement's name
    assert paired("South Korea's Defence Ministry initiated", "South Korean President Yoon Suk Yeol on") is None
    # a stock phrase ("shared security challenges") does not pair a comment with the spokesperson's quote
    assert paired("This launch served as a stark reminder", "Separately, a U.S. Defense Department") is None
    status = dict(zip(cov["text"].str[:40], cov["status"]))
    assert status["Separately, a U.S. Defense Department sp"] == "exclusive"
    assert status["This launch served as a stark reminder o"] == "exclusive"
    exclusive = " ".join(cov.loc[cov.status == "exclusive", "text"])
    for ani_only in ("forced labour", "intercontinental ballistic missile", "The Japan Times"):
        assert ani_only in exclusive
    for yomiuri_only in ("Wendy Sherman", "semiconductors", "Biden is said to be keen"):
        assert yomiuri_only in exclusive
    quotes, _ = attribute(corpus)
    statements = pair_statements(quotes, corpus.articles)
    assert "Yoon Suk Yeol" in set(statements["speaker"])
    lag = publication_lag(corpus).set_index("outlet")
    assert bool(lag.loc["The Yomiuri Shimbun", "first"]) and round(lag.loc["North Korea Times (ANI wire copy)", "lag_hours"], 2) == 44.32


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
