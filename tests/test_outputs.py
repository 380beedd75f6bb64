"""Output paths never destroy a user's files (every test hashes the inputs before and after)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.config import DEFAULT_CORPUS
from analysis.outputs import OutputError, check_folder_target, target_lock


def tree_hash(root: Path) -> dict[str, str]:
    """Every file under ``root`` (or ``root`` itself) with the SHA-256 of its bytes."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, folder)
    (folder / "notes-of-mine.docx").write_bytes(b"PK\x03\x04 not an article")
    return folder


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "a", "text": '"We will go," Mayor Ann Lee said on Monday.'}) + "\n", encoding="utf-8")
    return p


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True)


@pytest.mark.parametrize("out", ["same", "inside"])
def test_run_refuses_an_output_that_is_or_lies_inside_the_corpus(corpus, out):
    before = tree_hash(corpus)
    target = corpus if out == "same" else corpus / "report"
    proc = run_cli("run", str(corpus), "--out", str(target), "--quiet")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: --out") and "input" in proc.stderr and "Traceback" not in proc.stderr
    assert tree_hash(corpus) == before


def test_run_refuses_an_output_that_contains_the_corpus(corpus):
    before = tree_hash(corpus.parent)
    proc = run_cli("run", str(corpus), "--out", str(corpus.parent), "--quiet", "--force")
    assert proc.returncode == 2 and "contains the input" in proc.stderr
    assert tree_hash(corpus.parent) == before


def test_an_existing_folder_not_written_by_the_tool_is_refused_even_by_run(corpus, tmp_path):
    mine = tmp_path / "my-folder"
    mine.mkdir()
    (mine / "thesis.txt").write_text("three years of work", encoding="utf-8")
    before = tree_hash(mine)
    proc = run_cli("run", str(corpus), "--out", str(mine), "--quiet")
    assert proc.returncode == 2 and "did not write" in proc.stderr and "--force" in proc.stderr
    assert tree_hash(mine) == before


def test_an_existing_file_as_report_folder_is_refused_not_renamed(corpus, tmp_path):
    f = tmp_path / "report.html"
    f.write_text("<p>mine</p>", encoding="utf-8")
    proc = run_cli("run", str(corpus), "--out", str(f), "--quiet")
    assert proc.returncode == 2 and "not a folder written by this tool" in proc.stderr
    assert f.read_text(encoding="utf-8") == "<p>mine</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "report.html"]  # nothing renamed or added


def test_folder_targets_accept_empty_folders_and_earlier_reports(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    check_folder_target(empty)
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / "run.json").write_text(json.dumps({"tool": "newsframes-analysis"}), encoding="utf-8")
    check_folder_target(ours)
    legacy = tmp_path / "legacy"  # reports written before the marker named the tool
    legacy.mkdir()
    (legacy / "run.json").write_text(json.dumps({"inputs": {}, "versions": {"newsframes-analysis": "0.1.0"}}),
                                     encoding="utf-8")
    check_folder_target(legacy)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "run.json").write_text(json.dumps({"tool": "something else"}), encoding="utf-8")
    with pytest.raises(OutputError, match="did not write"):
        check_folder_target(foreign)
    check_folder_target(foreign, force=True)


@pytest.mark.parametrize("command", ["extract", "attribute"])
def test_extract_and_attribute_refuse_to_write_over_their_input(jsonl, command):
    before = tree_hash(jsonl)
    proc = run_cli(command, str(jsonl), "--out", str(jsonl))
    assert proc.returncode == 2 and "is the input" in proc.stderr
    assert tree_hash(jsonl) == before


def test_extract_refuses_an_output_inside_its_input_folder(corpus):
    before = tree_hash(corpus)
    proc = run_cli("extract", str(corpus), "--out", str(corpus / "out.jsonl"))
    assert proc.returncode == 2 and "inside the input" in proc.stderr
    assert tree_hash(corpus) == before


@pytest.mark.parametrize("command", ["extract", "events"])
def test_an_existing_folder_as_file_output_is_a_message(corpus, tmp_path, command):
    d = tmp_path / "a-folder"
    d.mkdir()
    proc = run_cli(command, str(corpus), "--out", str(d))
    assert proc.returncode == 2 and "is a folder; give a file name" in proc.stderr


@pytest.mark.parametrize("name", ["../../x", "/tmp/x", "..", "a/b"])
def test_report_names_stay_inside_data_processed(corpus, name):
    proc = run_cli("report", str(corpus), "--name", name, "--no-cache")
    assert proc.returncode == 2 and "plain folder name" in proc.stderr


def test_an_output_under_a_file_is_a_message(jsonl):
    jsonl.with_name("afile.txt").write_text("x", encoding="utf-8")
    proc = run_cli("extract", str(jsonl), "--out", str(jsonl.with_name("afile.txt") / "out.jsonl"))
    assert proc.returncode == 2 and "error: cannot write" in proc.stderr and "afile.txt" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unwritable_output_folder_is_a_message(jsonl, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere (the case of a path under a file is tested above)")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        proc = run_cli("extract", str(jsonl), "--out", str(locked / "out.jsonl"))
    finally:
        locked.chmod(0o700)
    assert proc.returncode == 2 and "error: cannot write" in proc.stderr and "Traceback" not in proc.stderr


def test_a_full_disk_is_a_message_naming_the_path(jsonl, monkeypatch, capsys):
    import errno

    import analysis.cli as cli

    class Full:
        def __init__(self, fd, *a, **k):
            self.fd = fd

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            os.close(self.fd)

        def write(self, _):
            raise OSError(errno.ENOSPC, "No space left on device", str(out))

    out = jsonl.with_name("o.jsonl")
    monkeypatch.setattr(cli.os, "fdopen", Full)
    assert main(["attribute", str(jsonl), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"error: cannot write or read {out}: No space left on device" in err
    assert sorted(p.name for p in jsonl.parent.iterdir()) == ["in.jsonl"]  # no partial output left


def test_a_second_run_into_the_same_target_stops_with_a_message(tmp_path):
    out = tmp_path / "report"
    with target_lock(out):
        with pytest.raises(OutputError, match="another run is writing"):
            with target_lock(out):
                pass
    with target_lock(out):  # released: the next run may go
        pass


def test_report_replaces_only_its_own_folder(corpus, tmp_path, monkeypatch):
    import analysis.cli as cli

    monkeypatch.setattr(cli, "DATA_PROCESSED", tmp_path / "processed")
    assert main(["report", str(corpus), "--name", "c", "--no-cache"]) == 0
    out = tmp_path / "processed" / "c"
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["tool"] == "newsframes-analysis"
    assert main(["report", str(corpus), "--name", "c", "--no-cache"]) == 0  # its own: replaced
    other = tmp_path / "processed" / "other"
    other.mkdir()
    (other / "keep.csv").write_text("a,b\n", encoding="utf-8")
    assert main(["report", str(corpus), "--name", "other", "--no-cache"]) == 2
    assert (other / "keep.csv").read_text(encoding="utf-8") == "a,b\n"


def test_run_never_uses_an_input_as_its_failed_folder(corpus, tmp_path):
    moved = tmp_path / "rep.failed"
    corpus.rename(moved)
    before = tree_hash(moved)
    proc = run_cli("run", str(moved), "--out", str(tmp_path / "rep"), "--quiet", "--force")
    assert proc.returncode == 2 and "is the input" in proc.stderr
    assert tree_hash(moved) == before


def test_a_failed_run_never_replaces_a_foreign_failed_folder(corpus, tmp_path):
    from analysis.runner import NotebookFailed, run_report

    foreign = tmp_path / "rep.failed"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    before = tree_hash(foreign)
    with pytest.raises(NotebookFailed) as exc:
        run_report(corpus, tmp_path / "rep", progress=False, params={"outlets": ["No Such Outlet"]}, force=True)
    assert tree_hash(foreign) == before
    kept = Path(str(exc.value).split("kept in ")[1].rstrip(")")).parents[1]
    assert kept.parent == tmp_path and kept.name.startswith("rep.failed-") and (kept / "run.json").is_file()


def test_file_outputs_replace_only_their_own_earlier_output(jsonl, tmp_path):
    thesis = tmp_path / "thesis.docx"
    thesis.write_bytes(b"PK\x03\x04 three years of work")
    proc = run_cli("attribute", str(jsonl), "--out", str(thesis))
    assert proc.returncode == 2 and "not an earlier output of this command" in proc.stderr and "--force" in proc.stderr
    assert thesis.read_bytes() == b"PK\x03\x04 three years of work"
    out = tmp_path / "quotes.jsonl"
    assert main(["attribute", str(jsonl), "--out", str(out)]) == 0
    assert main(["attribute", str(jsonl), "--out", str(out)]) == 0  # its own output: replaced
    assert main(["extract", str(jsonl), "--out", str(out)]) == 2  # another command's output: refused
    assert main(["attribute", str(jsonl), "--out", str(thesis), "--force"]) == 0


def test_run_refuses_a_device_as_corpus(tmp_path):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    proc = subprocess.run([sys.executable, "-m", "analysis", "run", "/dev/zero", "--out", str(tmp_path / "r")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "not a regular file or folder" in proc.stderr


def test_a_pipe_as_manifest_is_skipped_not_read(corpus, tmp_path):
    fifo = tmp_path / "manifest.csv"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "analysis", "extract", str(corpus), "--manifest", str(fifo),
                           "--out", str(tmp_path / "o.jsonl")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "manifest: not a regular file" in proc.stderr


def test_a_folder_that_changed_during_the_run_is_put_back(tmp_path):
    from analysis.outputs import replace_folder, work_folder

    out = tmp_path / "out"
    out.mkdir()  # empty when the run checked it ...
    work = work_folder(out)
    (work / "table.csv").write_text("a\n", encoding="utf-8")
    (out / "thesis.docx").write_text("saved meanwhile", encoding="utf-8")  # ... not when it finished
    with pytest.raises(OutputError, match="changed while this run worked"):
        replace_folder(work, out)
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "saved meanwhile"
    assert (work / "table.csv").is_file()
