"""load_corpus on the default corpus and the shared corpora; the parquet cache."""
from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pandas as pd
import pytest

import analysis.corpus as corpus_mod
from analysis import load_corpus
from analysis.config import DEFAULT_CORPUS

from .conftest import eval_path


@pytest.fixture(scope="module")
def default():
    return load_corpus(DEFAULT_CORPUS, cache=False)


def test_default_corpus_articles(default):
    a = default.articles.set_index("doc_id")
    ani, yom = a.loc["000_9049f8ff2310f21f"], a.loc["004_fd3109951f720ec5"]
    assert (ani["outlet"], ani["agency"], ani["dateline"], ani["event"]) == ("North Korea Times (ANI wire copy)", "ANI", "Seoul", "gsomia-2023")
    assert pd.isna(ani["title"])
    assert ani["published"] == pd.Timestamp(datetime(2023, 3, 19, 1, 27, tzinfo=timezone.utc))
    assert yom["outlet"] == "The Yomiuri Shimbun" and pd.isna(yom["agency"])
    assert yom["published"] == pd.Timestamp(datetime(2023, 3, 17, 5, 8, tzinfo=timezone.utc))
    assert yom["published_tz"] == "JST" and yom["dateline"] == "Washington"
    assert yom["text"].endswith("when he meets with Kishida and Yoon.")
    assert "ACCESS RANKING" in yom["boilerplate"]
    assert ani["note"].startswith("ANI wire copy")  # unknown manifest columns are kept


def test_table_columns_and_dtypes(default):
    assert {"article_id", "outlet", "agency", "title", "published", "dateline", "url", "event", "text",
            "boilerplate", "source_path"} <= set(default.articles.columns)
    assert list(default.sentences.columns) == ["article_id", "sentence_id", "paragraph_id", "start", "end", "text"]
    assert {"article_id", "sentence_id", "token_id", "start", "end", "text", "lower", "is_stop"} <= set(default.tokens.columns)
    assert default.articles["article_id"].dtype == "int64"
    assert str(default.articles["published"].dtype).startswith("datetime64") and "UTC" in str(default.articles["published"].dtype)
    assert default.tokens["text"].dtype == "string"


def test_offsets_reproduce_text(default):
    body = default.articles.set_index("article_id")["text"]
    for df in (default.sentences, default.tokens):
        assert all(body[a][s:e] == t for a, s, e, t in zip(df.article_id, df.start, df.end, df.text))


def test_seed_sentences(default):
    s = default.sentences.merge(default.articles[["article_id", "doc_id"]])
    yom = list(s.loc[s.doc_id == "004_fd3109951f720ec5", "text"])
    assert any(t.startswith("U.S. Deputy Secretary of State Wendy Sherman spoke by phone") for t in yom)
    ani = list(s.loc[s.doc_id == "000_9049f8ff2310f21f", "text"])
    assert ani[0].startswith("South Korea's Defence Ministry initiated")  # dateline removed
    assert any(t.endswith('respond to them."') for t in ani)
    assert any(t.startswith("A long-running dispute") for t in ani)


def test_polnear_dev_loads_as_it_is():
    corpus = load_corpus(eval_path("polnear_dev.jsonl"), cache=False)
    assert len(corpus.articles) == 84 and not corpus.skipped
    assert corpus.articles["title"].notna().all()
    assert set(corpus.articles["outlet"]) >= {"Breitbart", "New York Times"}


def test_basil_folder_loads_with_headlines():
    corpus = load_corpus(eval_path("basil_dev"), cache=False)
    assert len(corpus.articles) == 225
    assert corpus.articles["title"].notna().mean() > 0.95


def test_clean_mode_keeps_text_exactly(tmp_path):
    text = "WASHINGTON — A line.\n\nRead more here\n- item\n- item"
    (tmp_path / "c.jsonl").write_text(pd.Series([{"id": "1", "text": text}]).to_json(orient="records", lines=True))
    corpus = load_corpus(tmp_path / "c.jsonl", structure="clean", cache=False)
    assert corpus.articles.loc[0, "text"] == text


def test_cache_hit_skips_parsing_and_content_change_invalidates(tmp_path, monkeypatch):
    src = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, src)
    first = load_corpus(src, cache=tmp_path / "cache")
    monkeypatch.setattr(corpus_mod, "parse_document", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed")))
    second = load_corpus(src, cache=tmp_path / "cache")
    pd.testing.assert_frame_equal(first.articles, second.articles)
    pd.testing.assert_frame_equal(first.tokens, second.tokens)
    (src / "000_9049f8ff2310f21f.txt").write_text("Changed\n" + (src / "000_9049f8ff2310f21f.txt").read_text())
    with pytest.raises(AssertionError, match="parsed"):
        load_corpus(src, cache=tmp_path / "cache")
    assert not any(p.name.startswith(".") or ".tmp-" in p.name for p in (tmp_path / "cache").iterdir())


def test_same_input_gives_identical_parquet(tmp_path):
    a = load_corpus(DEFAULT_CORPUS, cache=False)
    b = load_corpus(DEFAULT_CORPUS, cache=False)
    for name in ("articles", "sentences", "tokens"):
        getattr(a, name).to_parquet(tmp_path / f"a_{name}.parquet", index=False)
        getattr(b, name).to_parquet(tmp_path / f"b_{name}.parquet", index=False)
        assert (tmp_path / f"a_{name}.parquet").read_bytes() == (tmp_path / f"b_{name}.parquet").read_bytes()


def test_wire_copy_is_labelled_and_own_reporting_stays_own(tmp_path):
    import json

    from analysis import analyse
    from analysis.runner import subset

    rows = [{"id": "w", "outlet": "The Guardian", "agency": "AP", "event": "e",
             "text": "The dam failed on Monday, officials said. The Associated Press reported the toll."},
            {"id": "o", "outlet": "The Guardian", "event": "e",
             "text": "The dam had failed by Monday, The Guardian reported."},
            {"id": "r", "outlet": "AP", "agency": "AP", "event": "e", "text": "The dam failed on Monday."}]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    corpus = load_corpus(path, cache=False)
    assert list(corpus.articles["outlet"]) == ["The Guardian (AP wire copy)", "The Guardian", "AP"]
    a = analyse(corpus, cache=False)
    # every per-outlet table names the wire copy as such, apart from the outlet's own reporting
    assert set(a.tables["comparison"]["outlet"]) == {"The Guardian (AP wire copy)", "The Guardian", "AP"}
    own = a.sources[a.sources["source_type"] == "own reporting"]
    assert list(own["article_id"]) == [1]
    # the outlet's own name selects both its own stories and the wire copy it carries
    assert len(subset(corpus, outlets=["The Guardian"]).articles) == 2
