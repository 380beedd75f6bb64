"""Bad and unusual input: a clear message naming the file (and line), skipped or raised; raw files untouched."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from pathlib import Path

import pytest

from analysis import InputError, load_corpus

ARTICLE = ("WASHINGTON — The committee voted on Tuesday to send the bill to the full Senate, officials said.\n"
           "Members of both parties said they expected a close vote later in the week.\n")


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def load(path: Path, **kw):
    return load_corpus(path, cache=False, **kw)


def reasons(corpus) -> dict[str, str]:
    return {Path(s.path).name + ("" if s.line is None else f":{s.line}"): s.reason for s in corpus.skipped}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    write(d / "good.txt", ARTICLE)
    write(d / "empty.txt", "")
    write(d / "blank.txt", "  \n\t\n ")
    write(d / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(d / "undecodable.txt", b"The vote \x81\x8d was close.")
    return d


def test_bad_files_are_skipped_with_reasons_and_good_ones_kept(folder):
    corpus = load(folder)
    assert list(corpus.articles["doc_id"]) == ["good"]
    r = reasons(corpus)
    assert "empty" in r["empty.txt"] and "empty" in r["blank.txt"]
    assert "binary" in r["binary.txt"]
    assert "undecodable" in r["undecodable.txt"]
    assert list(corpus.skipped_table.columns) == ["path", "line", "reason"]


def test_strict_mode_raises_naming_the_file(folder):
    with pytest.raises(InputError) as exc:
        load(folder, errors="raise")
    assert "binary.txt" in str(exc.value) or "blank.txt" in str(exc.value)


@pytest.mark.parametrize("encoded", [
    ARTICLE.encode("utf-8"), b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"), ARTICLE.encode("utf-16"),
    ARTICLE.replace("\n", "\r\n").encode("utf-8"), ARTICLE.replace("\n", "\r").encode("utf-8")])
def test_encodings_and_line_ends_give_the_same_article(tmp_path, encoded):
    corpus = load(write(tmp_path / "a.txt", encoded))
    assert corpus.articles.loc[0, "text"] == load(write(tmp_path / "ref" / "a.txt", ARTICLE)).articles.loc[0, "text"]
    assert corpus.articles.loc[0, "dateline"] == "Washington"


def test_cp1252_is_a_last_resort_with_a_note(tmp_path, caplog):
    text = ARTICLE.replace("officials said", "“officials” said")
    with caplog.at_level(logging.WARNING):
        corpus = load(write(tmp_path / "w.txt", text.encode("cp1252")))
    assert "“officials”" in corpus.articles.loc[0, "text"]
    assert any("cp1252" in n.reason for n in corpus.notes)
    assert "cp1252" in caplog.text


def test_text_is_unicode_nfc(tmp_path):
    corpus = load(write(tmp_path / "n.txt", ARTICLE.replace("committee", "comite\u0301")))
    assert "comit\u00e9" in corpus.articles.loc[0, "text"]


def test_oversized_file_is_refused_with_the_limit_named(tmp_path):
    big = write(tmp_path / "big" / "big.txt", ARTICLE * 2000)
    corpus = load(big.parent, max_bytes=10_000)
    assert "above the limit" in reasons(corpus)["big.txt"] and "max_bytes" in reasons(corpus)["big.txt"]
    assert len(load(big.parent, max_bytes=10_000_000).articles) == 1


def test_html_passed_as_text_is_reported_and_its_visible_text_used(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>t</title><script>var x = '<p>';</script></head><body>"
            "<nav><a href='/'>Home</a></nav><p>" + ARTICLE.splitlines()[0] + "</p><p>" + ARTICLE.splitlines()[1]
            + "</p></body></html>")
    corpus = load(write(tmp_path / "page.txt", page))
    text = corpus.articles.loc[0, "text"]
    assert "<p>" not in text and "var x" not in text
    assert "Members of both parties" in text
    assert any("HTML" in n.reason for n in corpus.notes)


def test_jsonl_bad_lines_are_skipped_with_line_numbers(tmp_path):
    lines = [json.dumps({"id": "a1", "text": ARTICLE, "outlet": "Daily", "custom": 7}), "{not json",
             json.dumps({"id": "a2", "summary": "no text field"}), json.dumps(["a", "list"]),
             json.dumps({"id": "a3", "text": "   "}), "", json.dumps({"id": "a4", "text": ARTICLE, "outlet": "Daily"})]
    path = write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    corpus = load(path)
    assert list(corpus.articles["doc_id"]) == ["a1", "a4"]
    r = reasons(corpus)
    assert "not valid JSON" in r["c.jsonl:2"]
    assert "no 'text' field" in r["c.jsonl:3"]
    assert "JSON object" in r["c.jsonl:4"]
    assert "empty" in r["c.jsonl:5"]
    assert corpus.articles.loc[0, "custom"] == 7  # unknown fields are kept
    with pytest.raises(InputError, match=r"c\.jsonl, line 2"):
        load(path, errors="raise")


def test_csv_ragged_rows_are_skipped(tmp_path):
    rows = "id,title,outlet,text\n1,Bill passes,Daily,\"" + ARTICLE.replace('"', '""') + "\"\n2,Short row\n" \
           "3,Another,Daily,\"" + ARTICLE + "\"\n"
    corpus = load(write(tmp_path / "c.csv", rows))
    assert list(corpus.articles["doc_id"]) == ["1", "3"]
    assert any("ragged row" in s.reason for s in corpus.skipped)
    assert corpus.articles.loc[0, "title"] == "Bill passes"


def test_csv_without_text_column(tmp_path):
    corpus = load(write(tmp_path / "c.csv", "id,summary\n1,hello\n"))
    assert len(corpus.articles) == 0 and "no 'text' (or 'body') column" in corpus.skipped[0].reason


def test_manifest_adds_metadata_and_reports_missing_files_and_repeated_ids(tmp_path):
    d = tmp_path / "m"
    write(d / "a.txt", ARTICLE)
    write(d / "b.txt", ARTICLE.replace("Tuesday", "Wednesday"))
    write(d / "manifest.csv", "file,id,outlet,event,desk\na.txt,x1,Daily,vote,politics\nb.txt,x1,Other,vote,\n"
                              "gone.txt,x3,Daily,vote,\n")
    corpus = load(d)
    arts = corpus.articles.set_index("doc_id")
    assert arts.loc["x1", "outlet"] == "Daily" and arts.loc["x1", "desk"] == "politics"
    assert "b" in arts.index  # its manifest row was refused, the file itself is still read
    msgs = [str(s) for s in corpus.skipped]
    assert any("repeats" in m and "manifest.csv, line 3" in m for m in msgs)
    assert any("gone.txt" in m and "not in" in m for m in msgs)


def test_raw_files_are_never_modified(tmp_path, folder):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    for p in folder.iterdir():
        os.chmod(p, stat.S_IRUSR | stat.S_IRGRP)  # read-only must be enough
    load(folder)
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_missing_path_raises(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope")


def test_a_corpus_over_a_given_limit_is_refused_before_reading(tmp_path):
    path = write(tmp_path / "big.jsonl", "\n".join(json.dumps({"id": str(i), "text": ARTICLE}) for i in range(200)))
    with pytest.raises(InputError, match="max_corpus_bytes"):
        load(path, max_corpus_bytes=10_000)
    assert len(load(path).articles) == 200


def test_jsonl_manifest(tmp_path):
    d = tmp_path / "j"
    write(d / "a.txt", ARTICLE)
    write(d / "manifest.jsonl", json.dumps({"file": "a.txt", "outlet": "Daily", "tags": ["x"]}) + "\n{oops\n")
    corpus = load(d)
    assert corpus.articles.loc[0, "outlet"] == "Daily"
    assert any("manifest.jsonl, line 2" in str(s) for s in corpus.skipped)
