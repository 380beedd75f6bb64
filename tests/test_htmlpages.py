"""HTML pages: the body and metadata come from the markup (trafilatura), beside plain-text dumps."""
from __future__ import annotations

import json
from pathlib import Path

from analysis import load_corpus
from analysis.cli import main as cli_main

PARAS = ["The county opened the new dam on Monday after six years of work, officials said in a statement.",
         "Engineers expect the reservoir to supply water to forty thousand homes by next summer.",
         "Residents who lost land to the project will be paid by the end of the year, the county said."]
PAGE = ("<!DOCTYPE html><html><head><title>Dam opens after six years | Valley Gazette</title>"
        "<meta property='og:site_name' content='Valley Gazette'>"
        "<meta property='article:published_time' content='2024-05-06T09:30:00-05:00'>"
        "<meta name='author' content='Jane Doe'></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li><li><a href='/sports'>Sports</a>"
        "</li></ul></nav><article><h1>Dam opens after six years</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "</article><aside><h3>Most read</h3><ul><li><a href='/a'>School board meets</a></li></ul></aside>"
          "<footer>Contact us | Privacy policy</footer></body></html>")


def _corpus(tmp_path: Path, files: dict[str, str]):
    d = tmp_path / "mixed"
    d.mkdir()
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    return d, load_corpus(d, cache=False)


def test_html_page_gives_body_headline_date_author_and_site_name(tmp_path):
    _, corpus = _corpus(tmp_path, {"dam.html": PAGE})
    a = corpus.articles.iloc[0]
    assert a["text"] == "\n\n".join(PARAS)
    assert (a["title"], a["byline"], a["outlet"], a["outlet_source"], a["extracted_by"]) == (
        "Dam opens after six years", "Jane Doe", "Valley Gazette", "html site name", "trafilatura")
    assert a["published"].date().isoformat() == "2024-05-06"
    for chrome in ("Home", "Most read", "Contact us | Privacy policy"):
        assert chrome in a["boilerplate"].split("\n") and chrome not in a["text"]
    for s in corpus.sentences.itertuples():  # offsets index the extracted text
        assert a["text"][s.start:s.end] == s.text


def test_html_and_text_files_side_by_side_and_each_says_how_it_was_read(tmp_path):
    dump = "Home\nNews\nSports\n" + "\n".join(PARAS) + "\n© 2024 Valley Gazette. All rights reserved.\n"
    folder, corpus = _corpus(tmp_path, {"a.htm": PAGE, "b.txt": dump})
    by_file = {Path(p).name: r for p, r in zip(corpus.articles["source_path"], corpus.articles.to_dict("records"))}
    assert by_file["a.htm"]["extracted_by"] == "trafilatura"
    assert by_file["b.txt"]["extracted_by"] == "page rules"
    assert (by_file["b.txt"]["outlet"], by_file["b.txt"]["outlet_source"]) == ("Valley Gazette", "copyright line")
    out = tmp_path / "out.jsonl"
    assert cli_main(["extract", str(folder), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["file"], r["extracted_by"], r["outlet"], r["outlet_source"]) for r in rows] == [
        ("a.htm", "trafilatura", "Valley Gazette", "html site name"),
        ("b.txt", "page rules", "Valley Gazette", "copyright line")]


def test_html_column_of_a_jsonl_corpus(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "dam", "html": PAGE, "url": "https://valley.example/dam"}) + "\n",
                    encoding="utf-8")
    a = load_corpus(path, cache=False).articles.iloc[0]
    assert (a["doc_id"], a["extracted_by"], a["text"].split("\n\n")[0]) == ("dam", "trafilatura", PARAS[0])
    assert a["url"] == "https://valley.example/dam"


def test_html_without_an_article_falls_back_to_the_page_rules_and_says_so(tmp_path):
    menu = "<html><body><ul>" + "".join(f"<li><a href='/{i}'>Section {i}</a></li>" for i in range(8)) + "</ul></body></html>"
    _, corpus = _corpus(tmp_path, {"menu.html": menu})
    a = corpus.articles.iloc[0]
    assert a["extracted_by"] == "page rules"
    assert any("trafilatura found no article" in n.reason for n in corpus.notes)
