"""The notebooks, run through papermill as `python -m analysis run` runs them (slow: a few runs)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.config import DEFAULT_CORPUS, NOTEBOOKS
from analysis.errors import ParameterError
from analysis.runner import NotebookFailed, run_report, setup

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_committed_notebooks_have_one_parameters_cell_and_no_outputs():
    books = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert [b.name[:2] for b in books] == ["01", "02", "03", "04", "05"]
    for b in books:
        nb = nbformat.read(b, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, b.name
        assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")


def test_default_run_writes_the_report(default_run):
    out = default_run
    assert (out / "index.html").is_file() and (out / "run.json").is_file()
    assert sorted(p.name for p in (out / "html").glob("*.html")) == [
        "01_corpus.html", "02_framing.html", "03_quotes.html", "04_sourcing.html", "05_comparison.html"]
    assert len(list((out / "notebooks").glob("*.ipynb"))) == 5
    for png in (out / "figures").glob("*.png"):
        assert png.with_suffix(".svg").is_file() and png.with_suffix(".csv").is_file()
    assert {"frames_per_outlet.png", "quote_kinds.png", "citation_network.png", "distinctive_words.png"} <= {
        p.name for p in (out / "figures").iterdir()}
    comparison = pd.read_csv(out / "tables" / "comparison.csv").set_index("outlet")
    assert comparison.loc["The Yomiuri Shimbun", "dateline"] == "Washington"
    assert (out / "tables" / "comparison.parquet").is_file()
    run = json.loads((out / "run.json").read_text())
    assert set(run["timings_seconds"]) == {"analyse"} | {p.name for p in (out / "notebooks").glob("*.ipynb")}
    # every stage ran once, before the notebooks, which read its tables
    from analysis.pipeline import CORPUS_TABLES, TABLES

    assert {f"{t}.parquet" for t in CORPUS_TABLES + TABLES} <= {p.name for p in (out / "analysis").iterdir()}
    nb = nbformat.read(out / "notebooks" / "03_quotes.ipynb", as_version=4)
    injected = [c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "analysis_dir" in injected[0]
    assert all(len(h) == 64 for h in run["inputs"].values()) and "pandas" in run["versions"]
    html = (out / "html" / "05_comparison.html").read_text(encoding="utf-8")
    assert "published first" in html and "from analysis" not in html  # findings shown, code hidden
    assert "<img" in (out / "html" / "02_framing.html").read_text(encoding="utf-8")  # figures shown inline
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "html/01_corpus.html" in index and "figures/frames_per_outlet.png" in index


def test_the_written_report_states_only_what_the_tables_support(default_run):
    import html as html_lib
    import re

    def visible(page: str) -> str:
        return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))

    index = visible((default_run / "index.html").read_text(encoding="utf-8"))
    comparison = visible((default_run / "html" / "05_comparison.html").read_text(encoding="utf-8"))
    for text in (index, comparison):
        # the plain-language contrast, generated from the tables
        assert ("North Korea Times (ANI wire copy) files from Seoul, leads with South Korea's defence ministry, "
                "relays CNN, The Japan Times and Yonhap") in text
        assert "The Yomiuri Shimbun files from Washington, leads with Yoon Suk Yeol" in text
        assert "adds its own reporting" in text
    # unnamed voices are counted; own reporting is no cited medium
    assert "unnamed official (Defense Department)" in comparison
    assert "The Yomiuri Shimbun: none." in comparison
    # wire copy is never shown as the republishing outlet's own reporting
    for page in [default_run / "index.html", *sorted((default_run / "html").glob("*.html"))]:
        shown = visible(page.read_text(encoding="utf-8"))
        shown = shown.replace("North Korea Times news", "").replace("release to North Korea Times", "")  # site chrome
        assert not re.search(r"North Korea Times(?! \(ANI wire copy\))", shown), page.name
    # sentence pairs: the one shared statement is paired, the stock phrase is not
    pairs = pd.read_csv(default_run / "tables" / "aligned_sentences.csv")
    same = pairs[pairs["status"] == "same statement"]
    assert any(a.startswith("Yoon said") and b.startswith("Speaking at a joint press conference")
               for a, b in zip(same["text_a"], same["text_b"]))
    assert not any("stark reminder" in a for a in pairs["text_a"])


def test_same_inputs_give_byte_identical_tables_and_figures(default_run, tmp_path):
    again = run_report(DEFAULT_CORPUS, tmp_path / "again", progress=False)
    for sub in ("tables", "figures"):
        first = {p.name: p.read_bytes() for p in (default_run / sub).iterdir()}
        second = {p.name: p.read_bytes() for p in (again / sub).iterdir()}
        assert first.keys() == second.keys()
        different = [name for name in first if first[name] != second[name]]
        assert not different, different


def _multi_event_corpus(tmp_path: Path) -> Path:
    texts = {
        ("budget", "Daily"): "The city council approved the school budget on Tuesday after a long debate, officials said. "
                             "\"This is a good day for our children,\" Mayor Jane Smith said.",
        ("budget", "Courier"): "After hours of debate the council passed the school budget on Tuesday. Critics said the "
                               "plan cuts road repairs. Mayor Jane Smith said the budget was balanced.",
        ("storm", "Daily"): "A winter storm knocked out power to thousands of homes on Sunday, the utility said.",
        ("storm", "Courier"): "Thousands of homes lost power on Sunday as the storm hit. <script>alert('x')</script> "
                              "Flights were cancelled at the airport, according to the airport authority.",
    }
    rows = [{"id": f"{e}-{o}", "event": e, "outlet": o, "title": f"{e.title()} story", "date": "2024-01-0%d" % (i + 1),
             "text": t} for i, ((e, o), t) in enumerate(texts.items())]
    path = tmp_path / "multi.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def test_multi_event_corpus_and_escaped_article_text(tmp_path):
    out = run_report(_multi_event_corpus(tmp_path), tmp_path / "multi", progress=False,
                     params={"figure_formats": ["png", "pdf"]})
    comparison = pd.read_csv(out / "tables" / "comparison.csv")
    assert set(comparison["event"]) == {"budget", "storm"} and len(comparison) == 4
    assert list((out / "figures").glob("*.pdf")) and not list((out / "figures").glob("*.svg"))
    for page in list((out / "html").glob("*.html")) + [out / "index.html"]:
        assert "<script>alert('x')</script>" not in page.read_text(encoding="utf-8")


def test_a_failing_notebook_stops_the_run_and_is_kept(tmp_path):
    out = tmp_path / "bad"
    with pytest.raises(NotebookFailed) as exc:
        run_report(DEFAULT_CORPUS, out, progress=False, params={"outlets": ["No Such Outlet"]})
    message = str(exc.value)
    assert "01_corpus.ipynb" in message and "cell" in message and "No Such Outlet" in message
    assert not out.exists()
    assert (tmp_path / "bad.failed" / "notebooks" / "01_corpus.ipynb").is_file()
    assert json.loads((tmp_path / "bad.failed" / "run.json").read_text(encoding="utf-8"))["status"] == "failed"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["bad.failed"]  # no work folder


def test_a_report_replaces_an_earlier_report_and_its_stale_failure(default_run, tmp_path):
    out = tmp_path / "gsomia"
    shutil.copytree(default_run, out)
    failed = tmp_path / "gsomia.failed"
    shutil.copytree(default_run, failed)
    (out / "stale.txt").write_text("from an earlier run", encoding="utf-8")
    run_report(DEFAULT_CORPUS, out, progress=False)
    assert not (out / "stale.txt").exists() and not failed.exists()
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["tool"] == "newsframes-analysis" and info["status"] == "complete"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["gsomia"]
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in (out / "figures").iterdir())  # group-readable


def test_the_run_command_exits_non_zero_on_failure(tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text("figure_formats: [gif]\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", str(DEFAULT_CORPUS), "--out", str(tmp_path / "r"),
                           "--params", str(params), "--quiet"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "figure_formats" in proc.stderr and "01_corpus.ipynb" in proc.stderr


@pytest.mark.parametrize("kwargs, fragment", [
    ({"corpus_path": "no/such/folder"}, "corpus_path"),
    ({"corpus_path": str(DEFAULT_CORPUS), "outlets": ["Nobody"]}, "outlets: unknown"),
    ({"corpus_path": str(DEFAULT_CORPUS), "outlets": "North Korea Times"}, "expected a list"),
    ({"corpus_path": str(DEFAULT_CORPUS), "events": ["nope"]}, "events: unknown"),
    ({"corpus_path": str(DEFAULT_CORPUS), "figure_formats": ["jpg"]}, "figure_formats"),
    ({"corpus_path": str(DEFAULT_CORPUS), "frame_lexicon": "missing.tsv"}, "frame_lexicon"),
    ({"corpus_path": str(DEFAULT_CORPUS), "frame_model": "analysis"}, "frame_model: 'analysis' is not a model folder"),
])
def test_parameter_validation(kwargs, fragment, tmp_path):
    with pytest.raises(ParameterError, match=fragment):
        setup(output_dir=str(tmp_path / "o"), **kwargs)


def test_unknown_yaml_parameter(tmp_path):
    from analysis.runner import load_params
    p = tmp_path / "p.yaml"
    p.write_text("outlet: [A]\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="unknown parameters"):
        load_params(p)


def test_every_file_of_a_report_is_readable_by_the_group(default_run):
    for p in [default_run, *default_run.rglob("*")]:
        need = 0o055 if p.is_dir() else 0o044
        assert p.stat().st_mode & need == need, p


def test_a_notebook_rerun_as_in_jupyterlab_writes_to_reports_lab_and_leaves_batch_reports_alone(tmp_path):
    """JupyterLab runs a notebook with its default parameters: it must never write into a batch report."""
    import papermill as pm

    from analysis.config import REPORTS
    from analysis.runner import kernel_name

    batch = REPORTS / "gsomia-2023"
    made = not batch.exists()
    if made:  # a batch report as `make report` leaves it
        batch.mkdir(parents=True)
        (batch / "run.json").write_text('{"tool": "newsframes-analysis"}', encoding="utf-8")
    try:
        before = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in REPORTS.rglob("*")
                  if REPORTS / "lab" not in p.parents and p != REPORTS / "lab"}
        out = REPORTS / "lab" / "figures" / "quote_kinds.png"
        started = out.stat().st_mtime_ns if out.exists() else 0
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("NEWSFRAMES_PROGRESS", "0")
            pm.execute_notebook(str(NOTEBOOKS / "03_quotes.ipynb"), str(tmp_path / "03_quotes.ipynb"),
                                kernel_name=kernel_name(), cwd=str(NOTEBOOKS), progress_bar=False)
        after = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in REPORTS.rglob("*")
                 if REPORTS / "lab" not in p.parents and p != REPORTS / "lab"}
        assert after == before
        assert out.stat().st_mtime_ns > started  # the notebook wrote its figures to reports/lab
    finally:
        if made:
            shutil.rmtree(batch)


def test_the_basil_report_states_only_what_the_tables_support(basil_run):
    import html as html_lib
    import re

    from analysis.browsercheck import MISSING_WORDS

    table = pd.read_csv(basil_run / "tables" / "comparison.csv")
    for outlet, cited in zip(table["outlet"], table["cited_media"].fillna("")):
        assert outlet not in cited.split(", "), (outlet, cited)  # own reporting is no cited medium
    for page in (basil_run / "index.html", basil_run / "html" / "05_comparison.html"):
        page_html = re.sub(r"<(style|script)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
        shown = html_lib.unescape(re.sub(r"<[^>]+>", " ", page_html))
        findings = shown[shown.find("Generated from the tables"):] if page.name == "index.html" else shown
        assert not MISSING_WORDS.search(findings), MISSING_WORDS.search(findings)
        for event, outlets in table.groupby("event")["outlet"]:
            # one plain-language contrast per event, naming every outlet, and who each one quotes
            contrast = re.search(re.escape(f"{event}: ") + r"[^.]*(?:\.[^ ][^.]*)*\.", shown)
            assert contrast and all(o in contrast.group(0) for o in outlets), event
        assert shown.count("Who is quoted:") >= table["event"].nunique()
