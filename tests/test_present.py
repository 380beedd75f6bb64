"""What a reader sees: tables, figures and annotated articles as HTML."""
from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest

from analysis import analyse, load_corpus, show
from analysis.config import DEFAULT_CORPUS
from analysis.errors import ParameterError
from analysis.present import MISSING, cell_text, comparison_html, table_html


@pytest.mark.parametrize("value, shown", [
    (None, MISSING), (np.nan, MISSING), (pd.NA, MISSING), (pd.NaT, MISSING), ("", MISSING), (True, "yes"),
    (np.False_, "no"), (0.125, "0.125"), (44.3167, "44.3"), (1234.5, "1,234.5"), (3.0, "3"), (12000, "12000"),
    (pd.Timestamp("2023-03-19 01:27", tz="UTC"), "2023-03-19 01:27 UTC"), (pd.Timestamp("2023-03-17"), "2023-03-17"),
    (["CNN", "Yonhap"], "CNN, Yonhap"), ("Seoul", "Seoul"),
])
def test_cells_read_as_a_reader_expects(value, shown):
    assert cell_text(value) == shown


def test_tables_have_no_row_numbers_wrap_long_text_and_never_show_missing_markers():
    df = pd.DataFrame({"outlet": ["A", "B", "C"], "share": [0.5, np.nan, 0.25],
                       "text": ["x " * 40, None, "short"], "answer": [True, False, True]})
    out = table_html(df[df["outlet"] != "B"])  # a filtered frame keeps index labels 0 and 2
    assert "<th>outlet</th><th>share</th><th>text</th><th>answer</th>" in out
    assert re.findall(r"<tr><td[^>]*>([^<]*)</td>", out) == ["A", "C"]  # no index column in front
    assert '<td class="num">50.0%</td>' in out and '<td class="text">' in out and '<td class="short">yes</td>' in out
    assert not re.search(r">(nan|NaN|None|NaT|&lt;NA&gt;)<", out)
    assert "Showing the first 2 of 3 rows; the whole table is in its CSV file." in table_html(df, max_rows=2)
    df.attrs["csv"] = "../tables/articles.csv"
    assert 'the whole table is in <a href="../tables/articles.csv">articles.csv</a>.' in table_html(df, max_rows=2)
    counts = pd.DataFrame({"quotes": [3, 12000], "rate_per_word": [0.5, 1.5]})  # not shares: no percentages
    assert re.findall(r'<td class="num">([^<]*)</td>', table_html(counts)) == ["3", "0.5", "12000", "1.5"]
    assert "<th>a</th><th>a</th>" in table_html(pd.DataFrame([[1, 2]], columns=["a", "a"]))  # repeated name


def test_the_comparison_reads_down_the_page_with_outlets_as_columns():
    table = pd.DataFrame({"event": ["e1", "e1"], "outlet": ["Daily A", "Daily B"], "dateline": ["Seoul", None],
                          "lag_hours": [0.0, 44.3]})
    out = str(comparison_html(table))
    assert "<h3>e1</h3>" in out and "<th>measure</th><th>Daily A</th><th>Daily B</th>" in out
    assert re.findall(r"<tr>(.*?)</tr>", out)[1:] == [
        '<td class="short">dateline</td><td class="short">Seoul</td><td class="short">—</td>',
        '<td class="short">lag hours</td><td class="short">0</td><td class="short">44.3</td>']


@pytest.fixture(scope="module")
def seeds():
    return analyse(load_corpus(DEFAULT_CORPUS, cache=False), cache=False)


def test_an_annotated_article_keeps_the_text_verbatim_and_marks_every_quote_with_its_speaker(seeds):
    for aid, text in zip(seeds.corpus.articles["article_id"], seeds.corpus.articles["text"]):
        page = str(show(seeds, int(aid)))
        body = re.search(r'<div class="body">(.*?)</div>', page, re.S).group(1)
        assert html.unescape(re.sub(r"<[^>]+>", "", body)) == text  # offsets sacred: nothing added or lost
        quotes = seeds.quotes[seeds.quotes["article_id"] == aid]
        for q in quotes.itertuples():
            first = q.content_spans[0]
            piece = html.escape(text[first[0]:first[1]][:20])
            if pd.notna(q.speaker_resolved):
                # the span holding the quote's first characters names its resolved speaker on hover
                assert re.search(r'<span class="[^"]*quote[^"]*" style="[^"]*" title="[^"]*'
                                 + re.escape(html.escape(q.speaker_resolved, quote=True)) + r'[^"]*">'
                                 + re.escape(piece[:5]), page), (q.speaker_resolved, piece)
        assert "Removed page chrome" in page


def test_show_takes_a_doc_id_and_refuses_an_unknown_article(seeds):
    doc = seeds.corpus.articles["doc_id"].iloc[1]
    assert str(show(seeds, doc)) == str(show(seeds, 1))
    with pytest.raises(ParameterError, match="no-such-article"):
        show(seeds, "no-such-article")
    with pytest.raises(ParameterError, match="article_id 99"):
        show(seeds, 99)
