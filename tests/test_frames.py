"""Frame scores: evidence offsets, custom lexicons, seeds, and independence from article length."""
from __future__ import annotations

import numpy as np
import pytest

from analysis import InputError, load_corpus
from analysis.config import DEFAULT_CORPUS
from analysis.frames import (frame_evidence, frame_scores, frames_by_outlet, generic_frame_questions,
                             generic_frame_scores)

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
    assert abs(norm_r) < 0.2    # ... the normalised scores do not


def test_generic_frame_questions_answer_with_evidence(seeds):
    answers = generic_frame_questions(seeds)
    assert answers.groupby("article_id").size().eq(20).all()
    sents = seeds.sentences.set_index(["article_id", "sentence_id"])["text"]
    for r in answers[answers["answer"]].itertuples():
        assert sents[(r.article_id, r.sentence_id)] == r.evidence
    ani_conflict = answers[(answers.article_id == 0) & (answers.question_id == "C1")].iloc[0]
    assert ani_conflict["answer"] and "strained relations" in ani_conflict["evidence"]
    assert not answers.loc[answers.question_id == "H5", "answer"].any()  # pictures: not in text
    scores = generic_frame_scores(answers)
    assert scores["score"].between(0, 1).all() and set(scores["frame"]) == {
        "responsibility", "human interest", "conflict", "morality", "economic consequences"}
