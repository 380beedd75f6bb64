"""Non-responses are not quotes: recorded apart, with who was asked."""
from __future__ import annotations

import json

import pytest

from analysis import analyse, load_corpus
from analysis.responses import find_responses


@pytest.mark.parametrize("text, expected", [
    ("The Army Corps did not immediately respond to a request for comment.",
     [("The Army Corps", "no response", "did not immediately respond to a request for comment")]),
    ("A spokesperson for the company declined to comment.",
     [("A spokesperson for the company", "declined to comment", "declined to comment")]),
    ("Smith could not be reached for comment on Monday.", [("Smith", "could not be reached", "could not be reached")]),
    ("The mayor's office did not return calls seeking comment.",
     [("The mayor's office", "no response", "did not return calls seeking comment")]),
    ("Officials declined to say how many people were arrested.", [("Officials", "declined to say", "declined to say")]),
    ("Mr. Lee, reached by phone, declined to comment further.", [("Mr. Lee", "declined to comment", "declined to comment")]),
    ("Ray Ortiz, who voted against the plan, did not respond to a message.",
     [("Ray Ortiz", "no response", "did not respond to a message")]),
    ("The White House did not immediately respond.", [("The White House", "no response", "did not immediately respond")]),
    ("Google declined a request for comment.", [("Google", "declined to comment", "declined a request for comment")]),
    ("The company has not responded to a request for comment.",
     [("The company", "no response", "has not responded to a request for comment")]),
    ("The ministry hasn't replied to emails.", [("The ministry", "no response", "hasn't replied to emails")]),
    ("Lee, 54, declined to comment.", [("Lee", "declined to comment", "declined to comment")]),
])
def test_non_responses_with_who_was_asked(text, expected):
    assert [(text[r.who_start:r.who_end], r.kind, text[r.start:r.end]) for r in find_responses(text)] == expected


@pytest.mark.parametrize("text", [
    "She did not respond well to the treatment.",
    "The patient did not respond to antibiotics.",
    "A city hall source, who asked not to be named, said the vote was delayed.",
    "The council declined sharply in popularity after the vote.",
    "He said he would comment on the plan next week.",
])
def test_sentences_that_are_not_non_responses(text):
    assert find_responses(text) == []


def test_a_non_response_never_becomes_a_quote(tmp_path):
    text = ("Jones did not respond to questions about the vote. A spokesperson for the company declined to comment. "
            "\"It is a good plan,\" Mayor Ann Lee said.")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "a", "outlet": "Daily", "text": text}), encoding="utf-8")
    a = analyse(load_corpus(tmp_path / "c.jsonl", cache=False), cache=False)
    assert a.quotes["cue"].tolist() == ["said"]
    r = a.tables["responses"]
    assert r[["who", "who_type", "kind"]].values.tolist() == [["Jones", "named person", "no response"],
                                                               ["A spokesperson for the company",
                                                                "unnamed official", "declined to comment"]]
    body = a.corpus.articles["text"].iloc[0]
    assert all(body[s:e] == t for s, e, t in zip(r["start"], r["end"], r["text"]))
    assert all(body[s:e] == w for s, e, w in zip(r["who_start"], r["who_end"], r["who"]))
