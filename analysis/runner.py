"""Parameterised report runs: the notebooks' set-up (:func:`setup`) and the batch runner
(:func:`run_report`, ``python -m analysis run``) that executes them with papermill, exports a
code-free HTML report and records the run.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__
from .config import NOTEBOOKS, REPORTS, ROOT
from .corpus import Corpus, load_corpus, publisher
from .readers import input_files
from .errors import AnalysisError, ParameterError
from .outputs import (OutputError, check_folder_target, check_not_input, is_ours, replace_folder, target_lock,
                      work_folder, write_marker)
from .pipeline import Analysis, analyse, analysis_tables, load_analysis, write_table
from .plots import FORMATS, outlet_colors, save_figure
from .present import FigureView, figure_png, setup_notebook_display

log = logging.getLogger(__name__)

PARAMETER_NAMES = ("corpus_path", "manifest", "outlets", "events", "output_dir", "figure_formats", "frame_lexicon",
                   "frame_model", "analysis_dir")


def resolve(path: str | Path | None) -> Path | None:
    """A path as given if absolute, else relative to the project root (never to the working directory)."""
    if path in (None, ""):
        return None
    p = Path(path).expanduser()
    return p if p.is_absolute() else ROOT / p


@dataclass
class Context:
    """What a notebook works with: the (filtered) corpus, outlet colours and where to write."""

    corpus: Corpus
    output_dir: Path
    figure_formats: list[str]
    frame_lexicon: Path | None
    colors: dict[str, str]
    written: list[Path] = field(default_factory=list)
    _analysis: Analysis | None = None
    frame_model: Path | None = None

    def trained_frames(self) -> pd.DataFrame:
        """The ``frame_model``'s frames per article (article_id, outlet, frame, score, present)."""
        from .framemodel import load_model, predict

        if self.frame_model is None:
            raise ParameterError("frame_model: no model given (train one with 'python -m analysis train-frames')")
        arts = self.corpus.articles
        pred = predict(load_model(self.frame_model), arts["text"].tolist())
        return pd.DataFrame({"article_id": arts["article_id"].to_numpy()[pred["position"]],
                             "outlet": arts["outlet"].to_numpy()[pred["position"]], "frame": pred["frame"],
                             "score": pred["score"], "present": pred["present"]})

    @property
    def analysis(self) -> Analysis:
        """Every table of the analysis (:func:`analysis.pipeline.analyse`): read from ``analysis_dir``
        when the run computed them already, else computed once here (and cached for the next notebook)."""
        if self._analysis is None:
            self._analysis = analyse(self.corpus, lexicon=self.frame_lexicon)
        return self._analysis

    @property
    def tables(self) -> Path:
        return self.output_dir / "tables"

    @property
    def figures(self) -> Path:
        return self.output_dir / "figures"

    def save_table(self, df: pd.DataFrame, name: str) -> pd.DataFrame:
        """Write ``tables/name.csv`` and ``tables/name.parquet`` (atomically); returns the table."""
        self.tables.mkdir(parents=True, exist_ok=True)
        bare = df.copy(deep=False)
        bare.attrs = {}  # parquet would store attrs: the files stay the same however a table was shown
        self.written.extend(write_table(self.tables, name, bare))
        df.attrs["csv"] = f"../tables/{name}.csv"  # where a page showing part of it links to the whole
        return df

    def save_figure(self, fig: Any, name: str, data: pd.DataFrame, caption: str = "") -> FigureView:
        """Write the figure in the run's formats, with its data as CSV; returns it for display, with
        ``caption`` (what it shows and how to read it) under it and as its alt text."""
        self.written.extend(save_figure(fig, self.figures, name, data, self.figure_formats))
        return FigureView(fig, name, caption, figure_png(fig))


def setup(*, corpus_path: str, manifest: str | None = None, outlets: list[str] | None = None,
          events: list[str] | None = None, output_dir: str = "reports/lab",
          figure_formats: list[str] | None = None, frame_lexicon: str | None = None,
          frame_model: str | None = None, analysis_dir: str | None = None) -> Context:
    """Validate a notebook's parameters, load the corpus and keep the chosen outlets and events.

    Raises :class:`~analysis.errors.ParameterError` saying what to fix.
    """
    path = resolve(corpus_path)
    if path is None or not path.exists():
        raise ParameterError(f"corpus_path: {corpus_path!r} does not exist (resolved to {path}); give a folder of "
                             ".txt files or a .jsonl/.csv file, absolute or relative to the project root")
    man = resolve(manifest)
    if man is not None and not man.is_file():
        raise ParameterError(f"manifest: {manifest!r} is not a file")
    formats = list(figure_formats or ["png", "svg"])
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ParameterError(f"figure_formats: {bad or formats} not allowed; use any of {', '.join(FORMATS)}")
    lexicon = resolve(frame_lexicon)
    if lexicon is not None and not lexicon.is_file():
        raise ParameterError(f"frame_lexicon: {frame_lexicon!r} is not a file")
    model = resolve(frame_model)
    if model is not None and not (model / "model.pkl").is_file():
        raise ParameterError(f"frame_model: {frame_model!r} is not a model folder of 'python -m analysis train-frames'")
    if outlets is not None and (isinstance(outlets, str) or not all(isinstance(o, str) for o in outlets)):
        raise ParameterError(f"outlets: expected a list of outlet names or None, not {outlets!r}")
    if events is not None and (isinstance(events, str) or not all(isinstance(e, str) for e in events)):
        raise ParameterError(f"events: expected a list of event names or None, not {events!r}")
    precomputed = resolve(analysis_dir)
    if precomputed is not None:  # a batch run analysed the corpus (already subset) before the notebooks
        done = load_analysis(precomputed)
        out = resolve(output_dir) or REPORTS / "lab"
        out.mkdir(parents=True, exist_ok=True)
        setup_notebook_display()
        pd.set_option("display.max_colwidth", 400)
        pd.set_option("display.max_rows", 200)
        palette = precomputed / "outlet_colors.parquet"
        colors = dict(pd.read_parquet(palette).itertuples(index=False, name=None)) if palette.is_file() else \
            outlet_colors(done.corpus.articles["outlet"].dropna().unique())
        return Context(done.corpus, out, formats, lexicon, colors, _analysis=done, frame_model=model)
    corpus = load_corpus(path, manifest=man)
    if corpus.articles.empty:
        raise ParameterError(f"corpus_path: {corpus_path!r} holds no readable article "
                             f"({len(corpus.skipped)} inputs skipped)")
    known = sorted(corpus.articles["outlet"].dropna().unique())
    if outlets:
        plain = {publisher(o) for o in known}
        unknown = [o for o in outlets if o not in known and o not in plain]
        if unknown:
            raise ParameterError(f"outlets: unknown {unknown}; this corpus has {known}")
    if events:
        known_events = sorted(corpus.articles["event"].dropna().unique())
        unknown = [e for e in events if e not in known_events]
        if unknown:
            raise ParameterError(f"events: unknown {unknown}; this corpus has {known_events[:20]}"
                                 + (" ..." if len(known_events) > 20 else ""))
    corpus = subset(corpus, outlets=outlets, events=events)
    out = resolve(output_dir) or REPORTS / "lab"
    out.mkdir(parents=True, exist_ok=True)
    setup_notebook_display()
    pd.set_option("display.max_colwidth", 400)  # show whole sentences in tables
    pd.set_option("display.max_rows", 200)
    return Context(corpus, out, formats, lexicon, outlet_colors(known), frame_model=model)


def subset(corpus: Corpus, *, outlets: list[str] | None = None, events: list[str] | None = None) -> Corpus:
    """The corpus restricted to some outlets and events (ids and offsets unchanged)."""
    keep = corpus.articles
    if outlets:  # an outlet's own name also selects the wire copy it carries ("X (AP wire copy)")
        keep = keep[keep["outlet"].isin(outlets) | keep["outlet"].map(publisher).isin(outlets)]
    if events:
        keep = keep[keep["event"].isin(events)]
    if len(keep) == len(corpus.articles):
        return corpus
    ids = set(keep["article_id"])
    return Corpus(keep.reset_index(drop=True), corpus.sentences[corpus.sentences["article_id"].isin(ids)],
                  corpus.tokens[corpus.tokens["article_id"].isin(ids)], corpus.skipped, corpus.notes)


class NotebookFailed(AnalysisError):
    """A notebook of a run failed; the message names the notebook, the cell and the error."""


def _hash_inputs(path: Path, manifest: Path | None) -> dict[str, str]:
    """SHA-256 of every file the corpus is read from (unreadable ones are named, not read)."""
    out = {}
    for f in input_files(path, manifest):
        h = hashlib.sha256()
        try:
            with open(f, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as exc:
            out[str(f)] = f"unreadable: {exc.strerror}"
            continue
        out[str(f)] = h.hexdigest()
    return out


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version(), "newsframes-analysis": __version__}
    for pkg in ("pandas", "pyarrow", "numpy", "matplotlib", "nltk", "papermill", "nbconvert", "ipykernel"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def load_params(path: str | Path | None) -> dict[str, Any]:
    """Parameters from a YAML file (strings stay strings: pass ids quoted as you wrote them)."""
    if path is None:
        return {}
    import yaml

    p = Path(path)
    if not p.is_file():
        raise ParameterError(f"--params: {path} is not a file")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ParameterError(f"--params: {path} is not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise ParameterError(f"--params: {path} must hold a mapping of parameter names to values")
    unknown = sorted(set(data) - set(PARAMETER_NAMES))
    if unknown:
        raise ParameterError(f"--params: unknown parameters {unknown}; known: {', '.join(PARAMETER_NAMES)}")
    return data


def run_report(corpus_path: str | Path, out: str | Path, *, params: dict[str, Any] | None = None,
               notebooks: list[Path] | None = None, progress: bool = True, kernel: str = "newsframes",
               inputs: list[str | Path] | None = None, force: bool = False) -> Path:
    """Execute the notebooks in order into ``out`` and build the HTML report; returns ``out``.

    ``out`` may not be, contain or lie inside an input (the corpus, manifest, parameter file, lexicon);
    an existing ``out`` is replaced only when it is an earlier report of this tool (its ``run.json``),
    or with ``force=True``. The run works in its own temporary folder beside ``out``, holding a lock on
    ``out``, and is renamed to ``out`` when every notebook has run; a failed run is kept as
    ``out.failed`` with the failed notebook, and :class:`NotebookFailed` is raised.
    """
    out = Path(os.path.abspath(Path(out).expanduser()))
    src = resolve(str(corpus_path))
    if src is None or not src.exists():
        raise ParameterError(f"corpus: {corpus_path} does not exist")
    if not src.is_dir() and not src.is_file():
        raise ParameterError(f"corpus: {corpus_path} is not a regular file or folder (a pipe or device)")
    parameters = dict(params or {})
    parameters["corpus_path"] = str(src)
    watched = [src, resolve(parameters.get("manifest")), resolve(parameters.get("frame_lexicon")),
               resolve(parameters.get("frame_model")), *(inputs or [])]
    check_not_input(out, watched)
    check_not_input(out.with_name(out.name + ".failed"), watched)
    check_folder_target(out, force=force)
    books = notebooks or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    with target_lock(out):
        work = work_folder(out)
        try:
            return _run_into(work, out, src, parameters, books, progress, kernel, force)
        except OSError as exc:  # disk full, folder made read-only under us: keep what there is, say where
            kept = ""
            try:
                failed = _failed_target(out)
                replace_folder(work, failed)
                kept = f"; the partial run is kept in {failed}"
            except (OSError, OutputError):
                pass
            raise OutputError(f"cannot write {exc.filename or work}: {exc.strerror or exc}{kept}") from None
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)


def _failed_target(out: Path) -> Path:
    """``OUT.failed``, or a new unique name beside it when that holds something this tool did not write."""
    failed = out.with_name(out.name + ".failed")
    if (failed.exists() or failed.is_symlink()) and not (failed.is_dir() and not failed.is_symlink()
                                                         and is_ours(failed)):
        failed = work_folder(out, ".failed")
        os.rmdir(failed)
    return failed


def _run_into(work: Path, out: Path, src: Path, parameters: dict[str, Any], books: list[Path], progress: bool,
              kernel: str, force: bool) -> Path:
    (work / "notebooks").mkdir(parents=True)
    parameters["output_dir"] = str(work)
    started = datetime.now(timezone.utc)
    run = {"status": "running", "parameters": {k: v for k, v in parameters.items() if k != "output_dir"},
           "inputs": _hash_inputs(src, resolve(parameters.get("manifest"))), "versions": _versions(),
           "started": started.isoformat(timespec="seconds")}
    write_marker(work, run)
    timings: dict[str, float] = {}
    failed = out.with_name(out.name + ".failed")
    t0 = time.perf_counter()
    if _analyse_into(work / "analysis", parameters, progress):
        parameters["analysis_dir"] = str(work / "analysis")
        timings["analyse"] = round(time.perf_counter() - t0, 2)
    # With the analysis done, the notebooks only read tables: they run side by side (one per core).
    workers = min(len(books), os.cpu_count() or 1, 2) if "analysis_dir" in parameters else 1
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = []
            for i, nb in enumerate(books, 1):
                if progress:
                    print(f"[{i}/{len(books)}] {nb.name}", file=sys.stderr, flush=True)
                futures.append(pool.submit(_execute, work, books, i - 1, parameters, kernel))
            results = [f.result() for f in futures]
    else:
        results = []
        for i, nb in enumerate(books, 1):
            if progress:
                print(f"[{i}/{len(books)}] {nb.name}", file=sys.stderr, flush=True)
            results.append(_execute(work, books, i - 1, parameters, kernel))
            if results[-1][1] is not None:
                break
    for nb, (seconds, error, _page) in zip(books, results):
        if error is not None:
            run.update(status="failed", failed_notebook=nb.name, timings_seconds=timings)
            write_marker(work, run)
            failed = _failed_target(out)
            replace_folder(work, failed)
            raise NotebookFailed(f"{nb.name}, {error} (executed notebook kept in {failed / 'notebooks' / nb.name})")
        timings[nb.name] = seconds
    _export_html(work, [page for _, _, page in results], src.stem if src.is_file() else src.name)
    # notebooks run side by side, so the run took less than the sum of their times
    run.update(status="complete", timings_seconds=timings,
               total_seconds=round((datetime.now(timezone.utc) - started).total_seconds(), 2))
    write_marker(work, run)
    replace_folder(work, out, force=force)
    if failed.is_dir() and is_ours(failed):  # an earlier failure of this target is stale now
        shutil.rmtree(failed, ignore_errors=True)
    return out


def _execute(work: Path, books: list[Path], k: int, parameters: dict[str, Any],
             kernel: str) -> tuple[float, str | None, dict[str, Any] | None]:
    """Run notebook ``books[k]`` with papermill into ``work/notebooks`` and export its HTML page;
    returns (seconds, None, page) or (seconds, "cell N: Error: message", None)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from .htmlreport import export_page

    nb, target = books[k], work / "notebooks" / books[k].name
    t0 = time.perf_counter()
    before = os.environ.get("NEWSFRAMES_PROGRESS")
    os.environ["NEWSFRAMES_PROGRESS"] = "0"  # the kernel inherits it: no progress bars in a report's pages
    try:
        pm.execute_notebook(str(nb), str(target), parameters=parameters, kernel_name=kernel_name(kernel),
                            cwd=str(NOTEBOOKS), progress_bar=False,
                            # the kernel's own log (transport warnings, shutdown notices) is not for users
                            extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    except PapermillExecutionError as exc:
        return round(time.perf_counter() - t0, 2), f"cell {exc.exec_count or exc.cell_index}: {exc.ename}: {exc.evalue}", None
    finally:
        if before is None:
            os.environ.pop("NEWSFRAMES_PROGRESS", None)
        else:
            os.environ["NEWSFRAMES_PROGRESS"] = before
    seconds = round(time.perf_counter() - t0, 2)
    return seconds, None, export_page(work, books, k)


def kernel_name(preferred: str = "newsframes") -> str:
    """The project kernel when installed (``make install`` registers it), else ``python3``: the
    kernel of the running interpreter, which ipykernel provides after a plain ``pip install``."""
    from jupyter_client.kernelspec import KernelSpecManager

    return preferred if preferred in KernelSpecManager().find_kernel_specs() else "python3"


def _analyse_into(folder: Path, parameters: dict[str, Any], progress: bool) -> bool:
    """Analyse the corpus once for every notebook (tables into ``folder``). A parameter the notebooks'
    set-up refuses is left for the first notebook to report, where it names the cell; returns False."""
    keys = ("corpus_path", "manifest", "outlets", "events", "figure_formats", "frame_lexicon", "frame_model")
    try:
        ctx = setup(**{k: parameters[k] for k in keys if k in parameters}, output_dir=str(folder.parent))
        tables = analysis_tables(ctx.analysis)
    except AnalysisError:  # the first notebook reports it, naming its cell, and the run is kept as .failed
        return False
    if progress:
        print(f"[analyse] {len(ctx.corpus.articles)} articles", file=sys.stderr, flush=True)
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        write_table(folder, name, df)
    # colours of every outlet of the corpus, so a subset keeps each outlet's colour
    colors = pd.DataFrame(sorted(ctx.colors.items()), columns=["outlet", "color"])
    write_table(folder, "outlet_colors", colors)
    return True


def _export_html(work: Path, pages: list[dict[str, Any]], corpus_name: str) -> None:
    """The report's pages besides the notebooks' (exported as each ran): an annotated page per
    article and ``index.html``."""
    from .htmlreport import write_article_pages, write_index

    result = load_analysis(work / "analysis") if (work / "analysis" / "articles.parquet").is_file() else None
    articles = write_article_pages(work, result) if result is not None else []
    if result is not None:
        write_index(work, pages, result, corpus_name, articles)


