"""Quotation-mark pairing: styles, nesting, paragraphs, apostrophes and unmatched marks."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.quotemarks import find_quotes


def texts(text: str) -> list[list[str]]:
    return [[text[a:b] for a, b in q.pieces] for q in find_quotes(text) if not q.nested]


def test_curly_straight_nyt_and_guillemets():
    text = 'A said “one two.” B said "three four." C said \'\'five six.\'\' D said «seven eight».'
    assert texts(text) == [["“one two.”"], ['"three four."'], ["''five six.''"], ["«seven eight»"]]


def test_nested_single_quotes_and_apostrophes():
    text = "He said, “Japan’s leaders call it ‘a new chapter,’ and they’re right.”"
    qs = find_quotes(text)
    outer = [q for q in qs if not q.nested]
    inner = [q for q in qs if q.nested]
    assert [text[q.start:q.end] for q in outer] == ["“Japan’s leaders call it ‘a new chapter,’ and they’re right.”"]
    assert [text[q.start:q.end] for q in inner] == ["‘a new chapter,’"]
    assert texts("It’s Japan’s and Korea’s deal.") == []


def test_a_quote_running_over_paragraphs():
    text = "He said:\n\n“First paragraph of the quote.\n\n“Second paragraph, and the end.”\n\nThen prose."
    assert texts(text) == [["“First paragraph of the quote.", "“Second paragraph, and the end.”"]]


def test_an_unclosed_quote_never_swallows_the_next_paragraphs():
    text = "He said “this never closes.\n\nThe next paragraph is prose.\n\n“A real quote.”"
    assert texts(text) == [["“A real quote.”"]]


def test_thousands_of_unmatched_marks():
    text = ("“ " * 3000) + "\n" + ('" ' * 3001) + "\nPlain prose ends here."
    for q in find_quotes(text):
        assert "\n" not in text[q.start:q.end] or len(q.pieces) > 1
        assert "Plain prose" not in text[q.start:q.end]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n“”\"'‘’«»")), max_size=200))
def test_pieces_are_ordered_inside_one_paragraph_each(text):
    for q in find_quotes(text):
        for a, b in q.pieces:
            assert 0 <= a < b <= len(text)
            assert "\n" not in text[a:b]
        assert q.pieces == sorted(q.pieces)
