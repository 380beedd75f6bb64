"""Sentences and tokens: abbreviations, quotes, and offsets that hold for any input."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus import build_tables
from analysis.tokenize import NotAfter, sentence_spans, token_spans


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def toks(text: str) -> list[str]:
    return [text[s:e] for s, e in token_spans(text)]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = ("U.S. Deputy Secretary of State Wendy Sherman met S. Korea's envoy on Sept. 11 with Mr. Trump "
            "and Gen. Milley. Dr. Carissa F. Etienne spoke at 3 p.m. on Friday. It ended.")
    assert sents(text) == [
        "U.S. Deputy Secretary of State Wendy Sherman met S. Korea's envoy on Sept. 11 with Mr. Trump and Gen. Milley.",
        "Dr. Carissa F. Etienne spoke at 3 p.m. on Friday.",
        "It ended.",
    ]


def test_a_sentence_ending_inside_a_closing_quote_ends_there():
    text = 'Yoon said, "We should respond to them."A long-running dispute ended. “It is over.” He left.'
    assert sents(text) == ['Yoon said, "We should respond to them."', "A long-running dispute ended.",
                           "“It is over.”", "He left."]


def test_sentences_never_cross_paragraphs():
    assert sents("A headline without a stop\n\nThe body starts here. It goes on.") == [
        "A headline without a stop", "The body starts here.", "It goes on."]


def test_tokens_split_clitics_and_punctuation_but_keep_abbreviations():
    assert toks("Yoon Suk-Yeol's aide didn't say \"no,\" said Gen. Milley of the U.S. (at 5.3% or $1,200).") == [
        "Yoon", "Suk-Yeol", "'s", "aide", "did", "n't", "say", '"', "no", ",", '"', "said", "Gen.", "Milley",
        "of", "the", "U.S.", "(", "at", "5.3%", "or", "$1,200", ")", "."]


def test_unicode_words_and_marks():
    assert toks("Ōsaka’s café — «naïve» …") == ["Ōsaka", "’s", "café", "—", "«", "naïve", "»", "…"]


unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
newsy_text = st.lists(st.sampled_from(
    ["U.S.", "Gen.", "Mr.", "S.", "Korea", "said", '"', "“", "”", "'", "’", ".", "!", "?", "...", "\n", "\n\n",
     "\r\n", " ", "  ", "Yoon", "n't", "'s", "3.5%", "—", "(ANI)", "a", "b.", "\t", "\u00a0", "é", "漢字"]),
    max_size=80).map("".join)


def _check_spans(text: str) -> None:
    prev_end = 0
    for s, e in sentence_spans(text):
        assert prev_end <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        prev_end = e
        last = s
        for ts, te in token_spans(text, s, e):
            assert s <= last <= ts < te <= e
            assert not text[ts:te].isspace()
            last = te


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(unicode_text, newsy_text))
def test_spans_are_ordered_and_inside_the_text(text):
    _check_spans(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(unicode_text, newsy_text), min_size=1, max_size=3))
def test_every_table_span_reproduces_its_text(texts):
    rows = [{"text": t, "doc_id": str(i)} for i, t in enumerate(texts)]
    articles, sentences, tokens = build_tables(rows)
    body = dict(zip(articles["article_id"], articles["text"]))
    for df in (sentences, tokens):
        for aid, s, e, t in zip(df["article_id"], df["start"], df["end"], df["text"]):
            assert body[aid][s:e] == t
    # Every non-space character of the body is inside some token.
    for aid, text in body.items():
        covered = set()
        for s, e in zip(tokens.loc[tokens.article_id == aid, "start"], tokens.loc[tokens.article_id == aid, "end"]):
            covered.update(range(s, e))
        assert all(i in covered for i, c in enumerate(text) if not c.isspace())


word_soup = st.lists(st.sampled_from(
    ["Korea", "North Korea", "NorthKorea", "korea", "-", "Korea's", "Korea-", " ", ", ", "Japan", "X", "’", "_",
     "South", "é", "\n"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(word_soup, st.integers(0, 40), st.integers(0, 40))
def test_not_after_finds_what_the_lookbehind_pattern_finds(text, pos, length):
    """NotAfter is only a faster way to run a pattern that opens with a negative lookbehind."""
    body = r"(North Korea|Korea|Japan|South)(?:['’]s)?(?![\w-])"
    slow, fast = re.compile(r"(?<![\w-])" + body), NotAfter(body, r"\w-")
    endpos = min(len(text), pos + length)
    assert [m.span() for m in fast.finditer(text, pos, endpos)] == \
        [m.span() for m in slow.finditer(text, pos, endpos)]
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]
