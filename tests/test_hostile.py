"""Hostile and unusual inputs: each is read, skipped with its file and line named, or refused with the
package's own error -- never a traceback -- and the rest of the corpus goes on, with the cache on and off."""
from __future__ import annotations

import codecs
import json
import os
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cli import main
from analysis.corpus import load_corpus
from analysis.errors import AnalysisError, InputError
from analysis.quotes import attribute

GOOD = '"We will rebuild the bridge," Mayor Ann Lee said on Monday. The council meets in May.'


def jsonl(path: Path, *records) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def both(path: Path, tmp_path: Path, **kw):
    """load_corpus without and with the cache (cold, then warm): the same tables each time."""
    plain = load_corpus(path, cache=False, **kw)
    cold = load_corpus(path, cache=tmp_path / "cache", **kw)
    warm = load_corpus(path, cache=tmp_path / "cache", **kw)
    for c in (cold, warm):
        assert c.articles.drop(columns=["source_path"]).equals(plain.articles.drop(columns=["source_path"]))
        assert [str(s) for s in c.skipped] == [str(s) for s in plain.skipped]
    assert warm.articles.dtypes.equals(cold.articles.dtypes)
    return plain


def test_metadata_of_any_json_type_is_kept_and_cached(tmp_path):
    p = jsonl(tmp_path / "c.jsonl",
              {"id": "a", "text": GOOD, "views": 5, "big": 2 ** 70, "tags": ["x", "y"], "outlet": ["Reuters"]},
              {"id": "b", "text": GOOD, "views": "many", "big": 3, "tags": {"k": 1}, "outlet": "AP"})
    c = both(p, tmp_path)
    a = c.articles
    assert a["views"].tolist() == ["5", "many"] and a["big"].tolist() == [str(2 ** 70), "3"]
    assert a["tags"].tolist() == ['["x", "y"]', '{"k": 1}']
    assert a["outlet"].tolist() == ["Reuters", "AP"]
    assert [n.reason for n in c.notes] == ["'outlet' was a list; used 'Reuters'"]


def test_deep_nesting_and_bad_lines_are_skipped_by_line(tmp_path):
    p = jsonl(tmp_path / "c.jsonl", {"id": "a", "text": GOOD}, '{"text": "x", "m": ' + "[" * 100_000 + "]" * 100_000 + "}",
              "{not json", {"id": "d", "text": GOOD})
    c = both(p, tmp_path)
    assert c.articles["doc_id"].tolist() == ["a", "d"]
    assert [(s.line, s.reason) for s in c.skipped] == [
        (2, "JSON nested too deeply to read"), (3, "not valid JSON (Expecting property name enclosed in double "
                                                  "quotes at column 2)")]


def test_duplicated_ids_are_kept_apart_and_said(tmp_path):
    p = jsonl(tmp_path / "c.jsonl", {"id": "x", "text": GOOD}, {"id": "x", "text": GOOD + " More."},
              {"id": 7, "text": GOOD})
    c = both(p, tmp_path)
    assert c.articles["doc_id"].tolist() == ["x", "x-2", "7"]
    assert [(n.line, n.reason) for n in c.notes] == [(2, "id 'x' is used by an earlier article; this one is 'x-2'")]


def test_a_truncated_utf16_jsonl_keeps_its_complete_lines(tmp_path):
    data = (json.dumps({"id": "a", "text": GOOD}) + "\n" + json.dumps({"id": "b", "text": GOOD}) + "\n").encode("utf-16")
    p = tmp_path / "c.jsonl"
    p.write_bytes(data[:-3])  # cut inside the last character
    c = both(p, tmp_path)
    assert c.articles["doc_id"].tolist() == ["a"]
    assert len(c.skipped) == 1 and "UTF-16" in c.skipped[0].reason


def test_a_truncated_utf16_text_file_is_skipped_by_name(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_bytes(GOOD.encode("utf-16")[:-1])
    c = both(folder, tmp_path)
    assert c.articles["doc_id"].tolist() == ["a"]
    assert [(Path(s.path).name, "truncated or invalid UTF-16" in s.reason) for s in c.skipped] == [("b.txt", True)]


def test_a_stray_byte_keeps_utf8_text_and_cp1252_files_still_read(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "utf8.txt").write_bytes("The minister’s “plan” — approved.".encode() + b" \x92 end.")
    (folder / "win.txt").write_bytes("The minister’s “plan” — approved.".encode("cp1252"))
    c = both(folder, tmp_path, structure="clean")
    assert c.articles["text"].tolist() == ["The minister’s “plan” — approved. \ufffd end.",
                                           "The minister’s “plan” — approved."]
    assert [n.reason for n in c.notes] == ["1 byte(s) not valid UTF-8 (first at byte 42) replaced by U+FFFD",
                                           "not valid UTF-8 (bad byte at 12); decoded as cp1252"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_csv_corpus_and_manifest_in_other_encodings(tmp_path, encoding):
    p = tmp_path / "c.csv"
    quoted = GOOD.replace('"', '""')
    p.write_bytes(f'id,outlet,text\na,Le Café,"{quoted} It’s done."\n'.encode(encoding))
    c = both(p, tmp_path)
    assert c.articles["outlet"].tolist() == ["Le Café"] and c.articles["text"].str.endswith("It’s done.").all()
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "manifest.csv").write_bytes("file,outlet\na.txt,Le Café\n".encode(encoding))
    c = both(folder, tmp_path)
    assert c.articles["outlet"].tolist() == ["Le Café"] and not c.skipped


def test_a_manifest_that_is_an_image_is_skipped_and_the_articles_are_read(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "manifest.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    c = both(folder, tmp_path)
    assert c.articles["doc_id"].tolist() == ["a"]
    assert [s.reason for s in c.skipped] == ["manifest: binary file, not CSV or JSONL; its metadata are not used"]


def test_other_entries_of_a_folder_are_listed_with_their_reason(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * 100)
    (folder / "sub").mkdir()
    (folder / ".DS_Store").write_bytes(b"\x00\x00")
    os.mkfifo(folder / "pipe.txt")
    c = both(folder, tmp_path)
    assert c.articles["doc_id"].tolist() == ["a"]
    assert [(Path(s.path).name, s.reason.split(":")[0].split(" (")[0]) for s in c.skipped] == [
        ("photo.jpg", "extension '.jpg' is not an article format"),
        ("pipe.txt", "not a regular file"), ("sub", "a sub-folder")]


def test_an_unreadable_file_is_skipped_also_by_the_cache_key(tmp_path, monkeypatch):
    import analysis.readers as readers

    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").chmod(0)
    if os.geteuid() == 0:  # root reads every file: make this one unreadable to the package
        real_access = os.access
        monkeypatch.setattr(readers.os, "access", lambda p, mode: Path(p).name != "b.txt" and real_access(p, mode))
    c = both(folder, tmp_path)
    assert c.articles["doc_id"].tolist() == ["a"] and "permission" in c.skipped[0].reason


def test_a_large_unrelated_file_does_not_count_against_the_corpus_limit(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    with open(folder / "video.mp4", "wb") as fh:  # sparse: takes no disk
        fh.truncate(300_000_000)
    c = load_corpus(folder, cache=False, max_corpus_bytes=1_000_000)
    assert c.articles["doc_id"].tolist() == ["a"]


@pytest.mark.parametrize("path", ["/dev/zero", "fifo"])
def test_pipes_and_devices_are_refused(tmp_path, path):
    if path == "fifo":
        path = str(tmp_path / "in.txt")
        os.mkfifo(path)
    if not os.path.exists(path):
        pytest.skip(f"{path} not present")
    with pytest.raises(InputError, match="not a regular file"):
        load_corpus(path, cache=False)
    assert main(["extract", path, "--out", str(tmp_path / "o.jsonl")]) == 2


def test_events_on_a_corpus_with_no_readable_article(tmp_path, capsys):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    assert main(["events", str(folder), "--out", str(tmp_path / "e.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "no readable article" in err and "a.txt" in err


def test_attribute_offsets_index_the_text_as_given(tmp_path):
    nfd = unicodedata.normalize("NFD", "Ren\u00e9e Dupr\u00e9")
    text = f'The plan failed.\r\n"We will try again," {nfd} said.\r\n'
    src = tmp_path / "in.jsonl"  # written as a user would: real characters, not \u escapes
    src.write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["attribute", str(src), "--out", str(out)]) == 0
    line = json.loads(out.read_text(encoding="utf-8"))
    att, = line["attributions"]
    assert text[slice(*att["source_span"])] == nfd
    assert text[slice(*att["content_span"])] == '"We will try again,"'
    assert "text" not in line


def test_an_outlet_name_with_dollar_signs_is_drawn_as_written():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    import pandas as pd
    from analysis.plots import grouped_bars

    table = pd.DataFrame({"outlet": ["$x^2$ News", "Plain"], "frame": ["a", "a"], "score": [1.0, 2.0]})
    fig = grouped_bars(table, category="frame", value="score", colors={"$x^2$ News": "#000", "Plain": "#111"},
                       title="$5 and $10", xlabel="score")
    FigureCanvasAgg(fig).draw()  # mathtext would fail or render x² here
    texts = {t.get_text(): t for t in fig.findobj(Text)}
    assert "$x^2$ News" in texts and "$5 and $10" in texts
    assert not texts["$x^2$ News"].get_parse_math() and not texts["$5 and $10"].get_parse_math()


# -- pathological text: time close to linear in the input's size --------------------------------------

@pytest.mark.parametrize("structure", ["clean", "auto"])
@pytest.mark.parametrize("unit", [".", "+", "word ", '"Yes," he said. ', "He said ", "a, b; ", "“", "Short line\n"])
def test_time_per_byte_stays_flat_on_long_runs(tmp_path, unit, structure):
    """Reading, tokenising and attributing 8x more of the same junk takes about 8 times as long."""
    def cost(n: int) -> float:
        text = (unit * (n // len(unit) + 1))[:n]
        p = jsonl(tmp_path / f"c{n}.jsonl", {"id": "a", "text": text})
        t0 = time.process_time()
        c = load_corpus(p, cache=False, structure=structure)
        attribute(c)
        return time.process_time() - t0

    cost(5_000)  # warm up caches and lazy imports
    small, large = cost(25_000), cost(200_000)
    assert large < 14 * max(small, 0.02), (small, large)  # linear: ~8x; quadratic: ~64x


# -- generated junk --------------------------------------------------------------------------------------

JUNK_TEXT = st.text(alphabet=st.sampled_from(list('ab Z."“”‘’\'.,;:!?—-\n\r\t said told according to He She é\u0301') +
                                             ["\u00a0", "\ufeff", "\x00", "\x92", "\ud800", "\udc00"]), max_size=400)
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) |
                           st.text(alphabet=st.characters(exclude_categories=()), max_size=20),
                           lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
                           max_leaves=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(JUNK_TEXT, min_size=1, max_size=4),
       meta=st.lists(st.dictionaries(st.sampled_from(["id", "outlet", "title", "date", "views", "event", "x"]),
                                     JSON_VALUES, max_size=4), min_size=4, max_size=4))
def test_generated_jsonl_never_raises_anything_but_our_errors(tmp_path_factory, texts, meta):
    d = tmp_path_factory.mktemp("junk")
    p = d / "c.jsonl"
    p.write_text("\n".join(json.dumps({**m, "text": t}) for t, m in zip(texts, meta)), encoding="utf-8")
    c = load_corpus(p, cache=d / "cache")
    quotes, sources = attribute(c)
    assert len(c.articles) + len(c.skipped) == len(texts)
    texts_by_id = dict(zip(c.articles["article_id"], c.articles["text"]))
    for row in c.sentences.itertuples():
        assert texts_by_id[row.article_id][row.start:row.end] == row.text
    for row in quotes.itertuples():
        assert texts_by_id[row.article_id][row.start:row.end] == row.content
    for row in sources.itertuples():
        assert texts_by_id[row.article_id][row.start:row.end] == row.source


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blobs=st.lists(st.binary(max_size=300), min_size=1, max_size=3))
def test_generated_bytes_in_a_folder_never_raise(tmp_path_factory, blobs):
    d = tmp_path_factory.mktemp("bytes")
    for i, b in enumerate(blobs):
        (d / f"{i}.txt").write_bytes(codecs.BOM_UTF16_LE + b if i == 2 else b)
    c = load_corpus(d, cache=False)
    attribute(c)
    assert len(c.articles) + len(c.skipped) == len(blobs)


def test_the_command_line_reads_a_hostile_folder_and_names_each_bad_input(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "stray.txt").write_bytes(GOOD.replace("bridge", "bridge’s").encode() + b"\x92")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "trunc.txt").write_bytes(GOOD.encode("utf-16")[:-1])
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (folder / "manifest.jsonl").write_text(
        json.dumps({"file": "good.txt", "outlet": ["Valley Gazette"], "views": 2 ** 70}) + "\n"
        + "[" * 50_000 + "\n" + json.dumps({"file": "stray.txt", "id": "s", "views": "many"}) + "\n",
        encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "analysis", "extract", str(folder), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert [json.loads(line)["file"] for line in out.read_text(encoding="utf-8").splitlines()] == ["good.txt", "stray.txt"]
    skipped = [line for line in proc.stderr.splitlines() if line.startswith("skipped ")]
    assert [line.split(str(folder) + "/")[1].split(":")[0] for line in skipped] == [
        "manifest.jsonl, line 2", "image.png", "empty.txt", "trunc.txt"]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
