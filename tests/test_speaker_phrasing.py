"""Who said it, on ordinary news phrasing: one test per class of phrasing, with exact rows
(kind, speaker as printed, resolved speaker, type, content) and sentences that must yield nothing.
Passages are written for these tests; none comes from an evaluation corpus."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import load_corpus
from analysis.cli import main as cli_main
from analysis.quotes import attribute


def rows(tmp_path, text: str) -> list[tuple]:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    q, _ = attribute(load_corpus(path, cache=False, structure="clean"))
    return [(k, s, None if pd.isna(r) else r, t, c)
            for k, s, r, t, c in zip(q.kind, q.speaker, q.speaker_resolved, q.speaker_type, q.content)]


def test_relative_clauses_and_appositives_after_a_name(tmp_path):
    assert rows(tmp_path, 'Councilmember Ray Ortiz, who voted against the plan, called it "a waste of money."') == [
        ("mixed", "Councilmember Ray Ortiz", "Ray Ortiz", "named person", 'it "a waste of money."')]
    assert rows(tmp_path, "Mary Grant, a water policy expert at the nonprofit Food & Water Watch, said the rules "
                          "were weak.") == [
        ("indirect", "Mary Grant, a water policy expert at the nonprofit Food & Water Watch", "Mary Grant",
         "named person", "the rules were weak")]
    assert rows(tmp_path, "Dr. Amy Patel, an emergency physician at St. James Hospital in Leeds, said the wards "
                          "were full.") == [
        ("indirect", "Dr. Amy Patel, an emergency physician at St. James Hospital in Leeds", "Amy Patel",
         "named person", "the wards were full")]


def test_titles_and_affiliations(tmp_path):
    assert rows(tmp_path, "Public Works Director Alan Chu said the road would reopen on Friday.") == [
        ("indirect", "Public Works Director Alan Chu", "Alan Chu", "named person", "the road would reopen on Friday")]
    assert rows(tmp_path, "A spokesperson for the Ohio Consumers' Counsel said the increase was unjustified.") == [
        ("indirect", "A spokesperson for the Ohio Consumers' Counsel", None, "unnamed official",
         "the increase was unjustified")]
    assert rows(tmp_path, "The administration of U.S. President Joe Biden believes the deal will hold.") == [
        ("indirect", "The administration of U.S. President Joe Biden", "administration of U.S. President Joe Biden",
         "organisation", "the deal will hold")]


def test_anonymous_sources(tmp_path):
    assert rows(tmp_path, "A city hall source, who asked not to be named, said the mayor would resign.") == [
        ("indirect", "A city hall source", None, "anonymous", "the mayor would resign")]
    assert rows(tmp_path, "The decision was final, said one official, who spoke on condition of anonymity.") == [
        ("indirect", "one official", None, "anonymous", "The decision was final")]
    # a named speaker stays named, whatever the sentence says about others
    assert rows(tmp_path, "Jane Doe said the talks, which were held on condition of anonymity, had failed.")[0][3] \
        == "named person"


@pytest.mark.parametrize("text", [
    "She told a story about her childhood in Ohio.",
    "The film, called “Parasite,” won four awards.",
    "Most said the plan would fail.",
    "In Wednesday said the plan would fail.",
    "Two said it was over.",
    "The mayor made a controversial comment about the budget.",
    "Trump's late-night tweets drew criticism from both parties.",
])
def test_sentences_that_attribute_nothing(tmp_path, text):
    assert rows(tmp_path, text) == []


def test_a_speaker_is_never_a_preposition_or_conjunction(tmp_path):
    got = rows(tmp_path, "Though she called the deal “outrageous,” Clinton kept her comments short.")
    assert [(k, s, t) for k, s, _, t, _ in got] == [("mixed", "she", "named person")]
    got = rows(tmp_path, "In a column published the day before the debate, two speechwriters argued that the "
                         "attack had worked.")
    assert [(k, s, c) for k, s, _, _, c in got] == [("indirect", "two speechwriters", "the attack had worked")]


def test_pronouns_and_surnames_resolve_to_people_the_article_names(tmp_path):
    assert rows(tmp_path, 'Sarah Lee met reporters on Monday. "It is over," she said.') == [
        ("direct", "she", "Sarah Lee", "named person", '"It is over,"')]
    # gender from the text: "Mr." rules out a woman named just before
    assert rows(tmp_path, 'Mr. Tom Hart spoke after Ms. Ann Cole. "We won," he said.')[0][2] == "Tom Hart"
    assert rows(tmp_path, 'Senator Jane Mills spoke first. "We will not back down," Mills said.') == [
        ("direct", "Mills", "Jane Mills", "named person", '"We will not back down,"')]
    # "they" is never one person
    assert rows(tmp_path, 'Jane Doe met the union. "We want a fair deal," they said.') == [
        ("direct", "they", None, "organisation", '"We want a fair deal,"')]


def test_a_person_named_like_an_outlet(tmp_path):
    got = rows(tmp_path, 'Former Mexican president Vicente Fox visited the wall. Fox said it was "a stupid idea."')
    assert [(s, r, t) for _, s, r, t, _ in got] == [("Fox", "Vicente Fox", "named person")]
    assert [(s, r, t) for _, s, r, t, _ in rows(tmp_path, "The plan will fail, Fox News reported.")] == [
        ("Fox News", "Fox News", "media outlet")]


def test_command_line_and_python_api_agree(tmp_path):
    text = ('Sarah Lee met reporters on Monday. "It is over," she said. A spokesperson for the county declined to '
            'comment. "We are ready," Lee said.')
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli_main(["attribute", str(path), "--out", str(out)]) == 0
    recs = json.loads(out.read_text(encoding="utf-8"))["attributions"]
    q, _ = attribute(load_corpus(path, cache=False, structure="clean"))
    assert [(r["source"], r["speaker_resolved"], r["speaker_type"]) for r in recs] == \
        list(zip(q.speaker, q.speaker_resolved, q.speaker_type)) == [
            ("she", "Sarah Lee", "named person"), ("Lee", "Sarah Lee", "named person")]


def test_a_relayed_statement_keeps_its_speaker_and_says_via_whom(tmp_path):
    text = "Meanwhile, Japan's Defense Ministry on Friday welcomed the pact, The Japan Times reported."
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    q, s = attribute(load_corpus(path, cache=False, structure="clean"))
    assert list(zip(q.speaker, q.speaker_type, q.via, q.content)) == [
        ("Japan's Defense Ministry", "organisation", "The Japan Times", "the pact")]
    assert set(s.source_resolved) == {"Defense Ministry", "The Japan Times"}  # the outlet is still cited


@pytest.mark.parametrize("text, speaker", [
    ("Washington has strongly welcomed the agreement.", "United States government"),
    ("Nairobi welcomed the ceasefire on Monday.", "Kenya government"),
    ("Kenyan officials said the border would reopen.", None),
])
def test_capitals_and_demonyms_of_any_country(tmp_path, text, speaker):
    got = rows(tmp_path, text)
    assert len(got) == 1 and got[0][2] == speaker


@pytest.mark.parametrize("text, speaker", [
    ("“It is a dog whistle,” Rep. Gwen Moore (D-Wis.) said Friday.", "Rep. Gwen Moore (D-Wis.)"),
    ("“They are wrong,” said 9/11 widow Terry Strada.", "9/11 widow Terry Strada"),
    ("The New York businessman says of Clinton, “She will put the office up for sale.”", "The New York businessman"),
])
def test_speakers_with_party_labels_numbers_and_place_modifiers(tmp_path, text, speaker):
    assert [s for _, s, _, _, _ in rows(tmp_path, text)] == [speaker]


def test_an_absolute_with_phrase_is_not_a_speaker(tmp_path):
    assert rows(tmp_path, "With leaders worried about turnout, the president is rolling out a new message.") == []


@pytest.mark.parametrize("text, resolved", [
    ("The Washington Post first reported the plan. The plan will fail, the Post reported.", "The Washington Post"),
    ("The plan will fail, the Post reported.", "the Post"),  # which Post: the text does not say
    ("The plan will fail, the Times reported.", "the Times"),
])
def test_short_outlet_names_only_by_context(tmp_path, text, resolved):
    assert [(r, t) for _, _, r, t, _ in rows(tmp_path, text)] == [(resolved, "media outlet")]


def test_a_pronoun_takes_the_latest_speaker_not_the_first(tmp_path):
    text = 'Tom Hart and Bob Lee met on Monday. Lee said the plan was good. Hart said it was bad. "We will see," he said.'
    assert [r for _, s, r, _, _ in rows(tmp_path, text) if s == "he"] == ["Tom Hart"]


def test_middle_initials_prefixed_surnames_and_party_epithets(tmp_path):
    text = ('Sen. Rita McCallum, D-Ore., said the bill was "dead on arrival." The Oregon Democrat said she would '
            'vote against it. "There was no such deal," Robert F. Bauer, the White House counsel, said in a memo.')
    assert rows(tmp_path, text) == [
        ("mixed", "Sen. Rita McCallum", "Rita McCallum", "named person", 'the bill was "dead on arrival."'),
        ("indirect", "The Oregon Democrat", "Rita McCallum", "named person", "she would vote against it"),
        ("direct", "Robert F. Bauer, the White House counsel", "Robert F. Bauer", "named person",
         '"There was no such deal,"')]
    # a party in the plural is a group, not one person named before
    assert [r[3] for r in rows(tmp_path, "Senator Ann Lee spoke first. The Republicans said the vote was rigged.")] == \
        ["organisation"]


@pytest.mark.parametrize("text, row", [
    ("Critics say the plan is too costly.", ("indirect", "Critics", "Critics", "group", "the plan is too costly")),
    ("Local residents said the water smelled of chlorine.",
     ("indirect", "Local residents", "Local residents", "group", "the water smelled of chlorine")),
    ("Officials in Leeds said the roads were closed.",
     ("indirect", "Officials in Leeds", None, "unnamed official", "the roads were closed")),
])
def test_groups_of_people_and_officials_somewhere(tmp_path, text, row):
    # a group is never one person, and a place after "officials in" is never the speaker
    assert rows(tmp_path, text) == [row]


def test_datelines_sentence_adverbs_months_and_noun_cues_are_not_speakers(tmp_path):
    assert rows(tmp_path, "WASHINGTON -- President Ann Lee, dedicating the museum on Saturday, said it would tell "
                          "an American story.") == [
        ("indirect", "President Ann Lee", "Ann Lee", "named person", "it would tell an American story")]
    # a participle between the subject and its cue: the poll found it, not "August"
    assert [r[1] for r in rows(tmp_path, "A Gallup poll released in late August found that most voters backed "
                                         "the plan.")] == ["A Gallup poll"]


@pytest.mark.parametrize("text", [
    "Initially, state regulators did not consider the offer.",      # "state" is no cue without "that"
    "The fact-checkers rated 32% of Republican claims as false.",   # "claims" after an adjective is a noun
])
def test_noun_uses_of_cue_words_attribute_nothing(tmp_path, text):
    assert rows(tmp_path, text) == []
