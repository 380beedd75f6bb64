"""Frame scores: evidence offsets, custom lexicons, seeds, and independence from article length."""
from __future__ import annotations

import numpy as np
import pytest

from analysis import InputError, load_corpus
from analysis.config import DEFAULT_CORPUS
from analysis.frames import (GENERIC_FRAMES, frame_evidence, frame_scores, frames_by_outlet,
                             generic_frame_questions, generic_frame_scores, generic_rules, load_lexicon)

from .conftest import eval_path


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(DEFAULT_CORPUS, cache=False)


def test_security_and_defence_leads_both_seed_outlets(seeds):
    by_outlet = frames_by_outlet(seeds, frame_scores(seeds))
    top = by_outlet[(by_outlet.section == "all") & (by_outlet.frame_set == "policy") & (by_outlet["rank"] == 1)]
    assert set(top["frame"]) == {"security and defence"} and len(top) == 2


def test_evidence_offsets(seeds):
    ev = frame_evidence(seeds)
    body = seeds.articles.set_index("article_id")["text"]
    title = seeds.articles.set_index("article_id")["title"]
    for r in ev.itertuples():
        source = title[r.article_id] if r.section == "headline" else body[r.article_id]
        assert source[r.start:r.end] == r.term


def test_custom_lexicon_and_its_errors(seeds, tmp_path):
    lex = tmp_path / "lex.tsv"
    lex.write_text("# mine\nmine\tdiplomacy\tsummit*|talks\n", encoding="utf-8")
    scores = frame_scores(seeds, lexicon=lex)
    assert set(scores["frame"]) == {"diplomacy"} and scores["hits"].sum() > 0
    bad = tmp_path / "bad.tsv"
    bad.write_text("only two\tcolumns\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv, line 1"):
        frame_scores(seeds, lexicon=bad)


def test_scores_do_not_track_article_length_on_basil():
    corpus = load_corpus(eval_path("basil_dev"), cache=False)
    s = frame_scores(corpus)
    per_article = s[s.section == "all"].groupby("article_id").agg(
        hits=("hits", "sum"), words=("words", "first"), score=("per_1000_words", "sum"))
    raw_r = np.corrcoef(per_article["hits"], per_article["words"])[0, 1]
    norm_r = np.corrcoef(per_article["score"], per_article["words"])[0, 1]
    assert raw_r > 0.5          # raw counts grow with length ...
    # ... the normalised scores hardly do (0.15 without the two-term rule, 0.26 with it: a long article
    # more often holds two different words of a frame)
    assert abs(norm_r) < 0.3


def test_generic_frame_cues_answer_with_their_sentence(seeds):
    answers = generic_frame_questions(seeds)
    rules = generic_rules()
    assert answers.groupby("article_id").size().eq(len(rules.cues) + len(rules.together)).all()
    text = seeds.articles.set_index("article_id")["text"]
    for r in answers[answers["answer"]].itertuples():
        assert text[r.article_id][r.start:r.end] == r.evidence and r.hits >= 1
    scores = generic_frame_scores(answers)
    assert set(scores["frame"]) == set(GENERIC_FRAMES) and (scores["score"] >= 0).all()
    assert (scores["present"] == (scores["score"] >= scores["threshold"])).all()


def _cues_of(tmp_path, sentences: list[str]) -> list[list[str]]:
    import json

    from analysis import load_corpus

    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps({"id": f"s{k}", "text": t}) + "\n" for k, t in enumerate(sentences)),
                    encoding="utf-8")
    c = load_corpus(path, cache=False, structure="clean")
    a = generic_frame_questions(c)
    return [sorted(a.loc[(a.article_id == aid) & a.answer, "question_id"]) for aid in c.articles["article_id"]]


def test_generic_frame_cues_on_sentences_a_coder_would_code(tmp_path):
    assert _cues_of(tmp_path, [
        "The council voted to cut emissions by 2030.",                             # an action on a problem, a deadline
        "Her family lost everything when the river flooded their home.",           # a personal story
        "Republicans accused the governor of blocking the bill.",                  # reproach, a political fight
        "Church leaders called the decision a moral failure.",                     # moral and religious judgement
        "The repairs will cost the city $12 million.",                             # money and costs
    ]) == [["R+", "R1", "R4"], ["H2", "H6", "RP"], ["C1", "C2", "C3", "R5"], ["M1", "M2"], ["E1", "E2", "R10"]]
    # R+: a sentence where two responsibility cues meet (an actor and an action, a plan and a deadline);
    # RP: the problem described (a flood), which counts against the responsibility frame


def test_responsibility_counts_remedies_against_the_problem_described(tmp_path):
    import json

    from analysis import load_corpus

    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "plan", "text": "The city will cut emissions by 2030 under its new climate plan. "
                                                       "Scientists measured record temperatures last summer."}) + "\n" +
                    json.dumps({"id": "problem", "text": "Scientists measured record temperatures last summer. "
                                                          "Glaciers are melting faster than models predicted."}) + "\n",
                    encoding="utf-8")
    scores = generic_frame_scores(generic_frame_questions(load_corpus(path, cache=False, structure="clean")))
    r = scores[scores["frame"] == "responsibility"].set_index("article_id")
    # one remedy sentence (weight 1) less a quarter for the problem sentence, over 2 ** 0.3 sentences
    assert r.loc[0, "score"] == round(0.75 / 2 ** 0.3, 3) and bool(r.loc[0, "present"])
    assert r.loc[1, "score"] == 0.0 and not r.loc[1, "present"]  # the problem alone: never below 0


def test_generic_frame_cues_stay_silent_on_ordinary_words(tmp_path):
    # "should" is not a moral message, "both sides" of a visit is not conflict, a treaty's name is not a law
    assert _cues_of(tmp_path, ["You should see the view from the hill on a clear day.",
                               "Visits by both sides took place in the spring.",
                               "The Paris Agreement was discussed over lunch."]) == [[], [], []]


def test_generic_frames_against_coders_on_nfc_dev():
    """Rules alone, thresholds chosen on this dev split (see README): figures pinned just under the measured."""
    from analysis.evaluate import generic_frames_on_coded
    from tests.conftest import eval_path

    r = generic_frames_on_coded(eval_path("nfc_dev.jsonl"))
    assert r["macro_f1"] >= 0.60 and r["all_yes_macro_f1"] < 0.45  # measured 0.608
    # measured AUC 0.704, 0.813, 0.760, 0.780, 0.855
    floors = {"responsibility": 0.70, "human_interest": 0.80, "conflict": 0.75, "morality": 0.77, "economic": 0.85}
    assert {f: v["auc"] >= floors[f] for f, v in r["frames"].items()} == {f: True for f in floors}


def test_one_isolated_word_does_not_make_a_frame_and_topic_words_are_not_frame_vocabulary(tmp_path):
    import json

    from analysis import load_corpus

    rows = [{"id": "a", "text": "The GSOMIA agreement was signed. Security, security, security, they said."},
            {"id": "b", "text": "Troops and missiles moved to the border as the military threat grew."}]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    c = load_corpus(tmp_path / "c.jsonl", cache=False)
    s = frame_scores(c)
    hits = s[(s.section == "all") & (s.hits > 0)][["article_id", "frame", "hits", "terms"]].values.tolist()
    assert hits == [[1, "security and defence", 4, "military (1), missiles (1), threat (1), troops (1)"]]
    terms = "|".join(f.pattern.pattern for f in load_lexicon())
    for topic in ("gsomia", "icbm", "normaliz", "semiconductor", "agreement", "president"):
        assert topic not in terms


def test_cues_tried_only_where_a_word_starts_with_them_find_what_a_search_finds(seeds):
    """The word-start screen (`_word_prefixes`) is a shortcut: every shipped cue it applies to finds the
    same sentences as searching the whole text, on the seeds and on text written to trip it (words
    inside words, a phrase across a sentence end, capitals, apostrophes)."""
    from analysis.frames import _cue_sentences, _WordStarts
    from analysis.tokenize import sentence_spans

    tricky = ("Refighting is not fighting. The upper\nhand went to losers who gained ground. I'd say our "
              "children will pay. Costs, by 2030, cut; uncut. Winners' bills at $5 billion. WILL they? "
              "She won the battle.\n\nAnnounced before the end of 2025, the law's remedy failed.")
    rules = generic_rules()
    screened = [k for k, p in enumerate(rules.prefixes) if p is not None]
    assert len(screened) >= len(rules.cues) - 3  # the screen covers nearly every shipped cue
    for body in [*seeds.articles["text"], tricky]:
        low = body.lower()
        spans = sentence_spans(low)
        starts, ends = [s for s, _ in spans], [e for _, e in spans]
        texts = [low[s:e] for s, e in spans]
        words = _WordStarts(low, starts[0], ends[-1])
        for k in screened:
            rule = rules.lowered[k]
            assert _cue_sentences(rule, low, starts, ends, texts, words.where(rules.prefixes[k])) == \
                _cue_sentences(rule, low, starts, ends, texts), rules.cues[k][1]


def test_word_prefixes_of_a_rule():
    import re

    from analysis.frames import _word_prefixes
    assert _word_prefixes(re.compile(r"\b(?:fight\w*|upper hand|sin|sins)\b")) == ("fight", "sin", "sins", "upper hand")
    assert _word_prefixes(re.compile(r"\b(?:costs?|\d+ dollars)")) is None   # a path opens with a digit class
    assert _word_prefixes(re.compile(r"(?:fight|war)")) is None            # no \b: could start inside a word
    assert _word_prefixes(re.compile(r"\bx(?:\by)")) == ("x",)
