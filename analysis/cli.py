"""Command line: ``python -m analysis COMMAND ...`` (``python -m analysis -h`` lists the commands)."""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .config import DATA_PROCESSED, DEFAULT_CORPUS, EVAL
from .errors import AnalysisError, InputError
from .outputs import (OutputError, check_file_target, check_folder_target, check_name, check_not_input, replace_folder,
                      target_lock, work_folder, write_marker)

log = logging.getLogger("analysis")


def _atomic_write_lines(path: Path, lines: Iterator[str]) -> int:
    """Write lines to ``path`` via a temporary file and a rename; returns the line count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line + "\n")
                n += 1
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _extract_records(paths: list[str], args: argparse.Namespace) -> Iterator[str]:
    from .corpus import iter_parsed
    from .errors import Skipped

    for p in paths:
        skipped: list[Skipped] = []
        for row in iter_parsed(p, errors="raise" if args.strict else "skip", max_bytes=args.max_bytes,
                               manifest=args.manifest, skipped=skipped):
            published = row["published"]
            rec: dict[str, Any] = {
                "file": Path(row["source_path"]).name, "line": row["source_line"], "id": row["doc_id"],
                "outlet": row["outlet"], "outlet_source": row["outlet_source"], "event": row["event"],
                "url": row["url"], "title": row["title"], "byline": row["byline"], "agency": row["agency"],
                "published": published.isoformat().replace("+00:00", "Z") if published is not None else None,
                "published_raw": row["published_raw"], "published_tz": row["published_tz"],
                "dateline": row["dateline"], "body": row["text"], "boilerplate": row["boilerplate"],
                "extracted_by": row["extracted_by"],
            }
            yield json.dumps(rec, ensure_ascii=False)
        for s in skipped:
            print(f"skipped {s}", file=sys.stderr)


def _file_output(args: argparse.Namespace, *inputs: str | None) -> Path:
    """``--out`` checked: not an input, not inside or around one, not a folder, not someone else's file."""
    out = check_not_input(args.out, inputs)
    check_file_target(out, kind=args.command, force=args.force)
    return out


def cmd_extract(args: argparse.Namespace) -> int:
    out = _file_output(args, *args.paths, args.manifest)
    n = _atomic_write_lines(out, _extract_records(args.paths, args))
    print(f"wrote {n} articles to {args.out}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Load a corpus and write its corpus tables (the analyses are in ``run``, the notebook report)."""
    from .corpus import load_corpus

    src = Path(args.corpus)
    out = check_name(args.name or src.stem, DATA_PROCESSED)
    check_not_input(out, [src, args.manifest], option="--name")
    check_folder_target(out, force=args.force, option="--name")
    t0 = time.perf_counter()
    corpus = load_corpus(src, manifest=args.manifest, errors="raise" if args.strict else "skip",
                         cache=not args.no_cache)
    with target_lock(out):
        tmp = work_folder(out, ".tmp")
        try:
            corpus.articles.to_parquet(tmp / "articles.parquet", index=False)
            corpus.sentences.to_parquet(tmp / "sentences.parquet", index=False)
            corpus.tokens.to_parquet(tmp / "tokens.parquet", index=False)
            corpus.articles.drop(columns=["text", "boilerplate"]).to_csv(tmp / "articles.csv", index=False)
            corpus.skipped_table.to_csv(tmp / "skipped.csv", index=False)
            write_marker(tmp, {"command": "report", "corpus": str(src.resolve()), "articles": len(corpus.articles)})
            replace_folder(tmp, out, force=args.force)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{corpus} in {time.perf_counter() - t0:.1f} s -> {out}")
    cols = ["doc_id", "outlet", "agency", "title", "published", "dateline"]
    print(corpus.articles[cols].to_string(index=False, max_colwidth=50))
    for s in corpus.skipped:
        print(f"skipped {s}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import body_retention, pagedump_predictions

    if args.what == "pagedump":
        gold_dir = Path(args.path or EVAL / "pagedump_dev")
        if not (gold_dir / "gold.jsonl").is_file():
            raise InputError(gold_dir, "no gold.jsonl here (is ../shared/eval present?)")
        preds = Path(tempfile.mkdtemp()) / "preds.jsonl"
        _atomic_write_lines(preds, (json.dumps(r, ensure_ascii=False) for r in pagedump_predictions(gold_dir / "pages")))
        cmd = [sys.executable, str(gold_dir / "score_pagedump.py"), str(gold_dir / "gold.jsonl"), str(preds)]
        return subprocess.call(cmd + (["--per-file"] if args.verbose else []))
    if args.what == "articlebody":
        from .evaluate import articlebody_predictions

        gold_dir = Path(args.path or EVAL / "articlebody_dev")
        if not (gold_dir / "gold.jsonl").is_file():
            raise InputError(gold_dir, "no gold.jsonl here (is ../shared/eval present?)")
        rc = 0
        with tempfile.TemporaryDirectory() as tmp:
            preds = Path(tmp) / "preds.jsonl"
            for name, rows in articlebody_predictions(gold_dir).items():
                _atomic_write_lines(preds, (json.dumps(r, ensure_ascii=False) for r in rows))
                print(f"{'plain-text dumps (pages/)' if name == 'dumps' else 'HTML (html/)'}:", flush=True)
                cmd = [sys.executable, str(gold_dir / "score_articlebody.py"), str(gold_dir / "gold.jsonl"), str(preds)]
                rc = rc or subprocess.call(cmd + (["--per-file"] if args.verbose else []))
        return rc
    if args.what == "speakers":
        from .evaluate import basil_speakers

        folder = Path(args.path or EVAL / "basil_dev")
        if not (folder / "annotations.jsonl").is_file():
            raise InputError(folder, "no annotations.jsonl here (is ../shared/eval present?)")
        r = basil_speakers(folder)
        print(f"{folder}: {r['scored']} quoted spans BASIL gives to a person; {r['in_found_quotes']} inside a quote "
              f"the tool found; resolved speaker right on {r['right']} ({100 * r['accuracy']:.1f} %)")
        if args.verbose:
            for w in r["wrong"]:
                print(f"  {w['file']}: BASIL {w['label']}, tool {w['resolved']!r} (printed {w['speaker']!r})")
        return 0
    if args.what == "frames":
        from .evaluate import generic_frames_on_coded

        coded = Path(args.path or EVAL / "nfc_dev.jsonl")
        if not coded.is_file():
            raise InputError(coded, "not found (a JSONL of coded articles: id, text, frames)")
        r = generic_frames_on_coded(coded)
        print(f"{coded}: {r['articles']} coded articles; generic-frame rules alone")
        print(f"  {'frame':16s} {'coded as':15s} {'prevalence':>10s} {'AUC':>6s} {'P':>6s} {'R':>6s} {'F1':>6s} {'all-yes F1':>10s}")
        for f, v in r["frames"].items():
            print(f"  {f:16s} {v['coded_as']:15s} {v['prevalence']:10.3f} {v['auc']:6.3f} {v['precision']:6.3f} "
                  f"{v['recall']:6.3f} {v['f1']:6.3f} {v['all_yes_f1']:10.3f}")
        print(f"  macro-F1 {r['macro_f1']:.3f} (all-yes {r['all_yes_macro_f1']:.3f}); lowest AUC {r['min_auc']:.3f}")
        return 0
    paths = args.path.split(",") if args.path else [str(EVAL / "basil_dev"), str(EVAL / "polnear_dev.jsonl")]
    for p in paths:
        r = body_retention(p)
        print(f"{p}: {r['kept']}/{r['sentences']} input sentences kept in title or body ({100 * r['share']:.2f} %)")
        if args.verbose:
            for lost in r["lost"]:
                print(f"  lost in {lost['doc']}: {lost['sentence'][:100]}")
    return 0


def cmd_attribute(args: argparse.Namespace) -> int:
    """JSONL articles in (``id``, ``text``), one line of attributions per article out (scorer format).

    Offsets index the ``text`` as given (before line-end and NFC normalisation); when they cannot
    be mapped back exactly, the line carries the ``text`` they index.
    """
    from .attribution import to_records
    from .quotes import attribute_text, canonical_names
    from .readers import OffsetMap, iter_jsonl

    out = _file_output(args, args.input)

    def on_error(exc: InputError) -> None:
        if args.strict:
            raise exc
        print(f"skipped {exc}", file=sys.stderr)

    # As attribute(corpus): the same rules per article, then one name per person across the file.
    lines: list[dict[str, Any]] = []
    texts: list[str] = []
    for doc in iter_jsonl(Path(args.input), on_error):
        text = doc.text
        atts, resolved, _ = attribute_text(text)
        recs = to_records(text, atts)
        for rec, res in zip(recs, resolved):
            rec["speaker_type"], rec["speaker_resolved"], rec["via"] = res["type"], res["name"], res["via"]
        line: dict[str, Any] = {"id": doc.meta.get("id", f"line {doc.line}"), "attributions": recs}
        if doc.original is not None:
            omap = OffsetMap(doc.original)
            if omap.exact and omap.text == text:
                for rec in recs:
                    _map_record(rec, omap)
            else:
                line["text"] = text
        lines.append(line)
        texts.append(text)
    recs_all = [r for line in lines for r in line["attributions"]]
    canon = canonical_names([r["speaker_resolved"] for r in recs_all], [r["speaker_type"] for r in recs_all], texts)
    for r in recs_all:
        if r["speaker_type"] == "named person":
            r["speaker_resolved"] = canon.get(r["speaker_resolved"], r["speaker_resolved"])

    def records() -> Iterator[str]:
        for line in lines:
            yield json.dumps(line, ensure_ascii=False)

    n = _atomic_write_lines(out, records())
    print(f"wrote attributions of {n} articles to {args.out}", file=sys.stderr)
    return 0


def _map_record(rec: dict[str, Any], omap: Any) -> None:
    """Rewrite one attribution record's spans as offsets into the text as given."""
    for key in ("source_span", "cue_span", "content_span"):
        if rec.get(key):
            rec[key] = list(omap.span(*rec[key]))
    rec["content_spans"] = [list(omap.span(*sp)) for sp in rec["content_spans"]]


def cmd_events(args: argparse.Namespace) -> int:
    """Group a corpus into events by content (an existing event column is ignored) and write a CSV."""
    from .corpus import load_corpus
    from .events import group_events

    out = _file_output(args, args.path, args.manifest)
    corpus = load_corpus(args.path, manifest=args.manifest, errors="raise" if args.strict else "skip")
    if corpus.articles.empty:
        said = "; ".join(str(s) for s in corpus.skipped[:3]) + (" ..." if len(corpus.skipped) > 3 else "")
        raise InputError(args.path, f"no readable article to group ({len(corpus.skipped)} inputs skipped"
                                    + (f": {said})" if said else ")"))
    groups = group_events(corpus, threshold=args.threshold, attach=args.attach,
                          window_days=None if args.window_days <= 0 else args.window_days)
    text = groups[["article_id", "file", "event"]].to_csv(index=False)
    n = _atomic_write_lines(out, iter(text.rstrip("\n").split("\n")))
    print(f"{len(groups)} articles in {groups['event'].nunique()} events -> {args.out} ({n - 1} rows)", file=sys.stderr)
    return 0


def cmd_analyse(args: argparse.Namespace) -> int:
    """Every stage once; every table (corpus and analysis) as parquet and CSV into ``--out``."""
    from .corpus import LARGE_CORPUS_BYTES, corpus_bytes, load_corpus
    from .pipeline import PARTITION_SIZE, analyse, analyse_path, analysis_tables, dask_client, write_table

    out = check_not_input(args.out, [args.corpus, args.manifest, args.lexicon])
    check_folder_target(out, force=args.force)
    t0 = time.perf_counter()
    with target_lock(out):
        work = work_folder(out, ".tmp")
        try:
            if args.dask and not args.partition_size:
                args.partition_size = PARTITION_SIZE
            if not args.partition_size and Path(args.corpus).exists() and \
                    corpus_bytes(Path(args.corpus), Path(args.manifest) if args.manifest else None) > LARGE_CORPUS_BYTES:
                args.partition_size = PARTITION_SIZE  # too large to hold its tokens: streamed
                print(f"the corpus is over {LARGE_CORPUS_BYTES // 1_000_000} MB: analysed in "
                      f"{PARTITION_SIZE}-article partitions", file=sys.stderr)
            if args.partition_size:  # streaming: tokens written partition by partition, never all in memory
                client = dask_client(args.dask) if args.dask else None
                try:
                    result = analyse_path(args.corpus, work, manifest=args.manifest, lexicon=args.lexicon,
                                          errors="raise" if args.strict else "skip",
                                          partition_size=args.partition_size, client=client)
                finally:
                    if client is not None:
                        client.close()
                        if args.dask == "local":
                            client.cluster.close()
                corpus = result.corpus
            else:
                corpus = load_corpus(args.corpus, manifest=args.manifest, errors="raise" if args.strict else "skip",
                                     cache=not args.no_cache)
                if corpus.articles.empty:
                    raise InputError(args.corpus, f"no readable article ({len(corpus.skipped)} inputs skipped)")
                result = analyse(corpus, lexicon=args.lexicon, cache=not args.no_cache)
            t_read = time.perf_counter() - t0 - sum(result.timings.values())
            for name, df in analysis_tables(result).items():
                if not (name == "tokens" and args.partition_size):
                    write_table(work, name, df)
            write_marker(work, {"command": "analyse", "corpus": str(Path(args.corpus).resolve()),
                                "articles": len(corpus.articles), "skipped": len(corpus.skipped),
                                "partition_size": args.partition_size, "dask": args.dask,
                                "timings_seconds": {"read": round(t_read, 2), **result.timings}})
            replace_folder(work, out, force=args.force)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    written = len(list(out.glob("*.parquet"))) + (out / "tokens").is_dir()
    how = f", tokens in {args.partition_size}-article partitions" if args.partition_size else ""
    print(f"{len(corpus.articles)} articles, {len(corpus.sentences)} sentences, {len(corpus.skipped)} inputs "
          f"skipped{how}: {written} tables in {time.perf_counter() - t0:.1f} s -> {out}", file=sys.stderr)
    for s in corpus.skipped:
        print(f"skipped {s}", file=sys.stderr)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Execute the notebooks on a corpus with papermill and build the HTML report."""
    from .runner import load_params, run_report

    params = load_params(args.params)
    if args.manifest:
        params["manifest"] = args.manifest
    if args.formats:
        params["figure_formats"] = [f.strip() for f in args.formats.split(",") if f.strip()]
    t0 = time.perf_counter()
    out = run_report(args.corpus, args.out, params=params, progress=not args.quiet, force=args.force,
                     inputs=[args.params, args.manifest])
    print(f"report written to {out} in {time.perf_counter() - t0:.0f} s: open {out / 'index.html'}", file=sys.stderr)
    return 0


def _own_folder(out: Path, source: Path, marker: str) -> Path:
    """``--out`` for a command that fills a folder: not an input, and new, empty or this command's own
    earlier output (it holds ``marker``)."""
    check_not_input(out, [source], option="--out")
    if out.is_dir() and any(out.iterdir()) and not (out / marker).is_file():
        raise OutputError(f"--out {out} holds other files; give a new or empty folder (or an earlier output of "
                          "this command)")
    return out


def cmd_train_frames(args: argparse.Namespace) -> int:
    """Train one classifier per frame on a hand-coded sample."""
    from .framemodel import train

    out = _own_folder(Path(args.out), Path(args.coded), "model.pkl")
    m = train(args.coded, out)
    print(f"{m['coded_articles']} coded articles, {m['folds']}-fold cross-validation (thresholds chosen inside each fold):")
    for f, v in m["frames"].items():
        print(f"  {f:20s} positives {v['positives']:4d}  P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  "
              f"AUC {v['auc']:.3f}")
    for f, why in m["refused"].items():
        print(f"  {f:20s} not trained: {why}")
    print(f"  macro-F1 {m['macro_f1']:.3f}; model, metrics.json and top_words.csv in {args.out}")
    return 0


def cmd_frames(args: argparse.Namespace) -> int:
    """One row per article and frame: id, frame_set, frame, score, present."""
    import pandas as pd

    from .corpus import load_corpus
    from .outputs import write_text_atomic

    out = Path(args.out)
    check_not_input(out, [Path(args.corpus)], option="--out")
    check_file_target(out, kind="frames", force=args.force)
    corpus = load_corpus(args.corpus, manifest=args.manifest, cache=False)
    ids = corpus.articles["doc_id"].astype(str).tolist()
    if args.model:
        from .framemodel import load_model, predict

        pred = predict(load_model(args.model), corpus.articles["text"].tolist())
        table = pd.DataFrame({"id": [ids[k] for k in pred["position"]], "frame_set": "trained", "frame": pred["frame"],
                              "score": pred["score"], "present": pred["present"]})
    else:
        from .frames import generic_frame_questions, generic_frame_scores

        sc = generic_frame_scores(generic_frame_questions(corpus)).merge(corpus.articles[["article_id", "doc_id"]])
        table = pd.DataFrame({"id": sc["doc_id"].astype(str), "frame_set": "generic", "frame": sc["frame"],
                              "score": sc["score"], "present": sc["present"]})
    write_text_atomic(out, table.to_csv(index=False))
    print(f"{len(corpus.articles)} articles x {table['frame'].nunique()} frames written to {out}", file=sys.stderr)
    return 0


def cmd_validation_sample(args: argparse.Namespace) -> int:
    """A stratified sample of what the tool found, with a coding sheet and a printable form."""
    from .corpus import load_corpus
    from .pipeline import analyse
    from .validation import write_sample

    out = _own_folder(Path(args.out), Path(args.corpus), "sample.json")
    if (out / "coded.csv").is_file():
        raise OutputError(f"--out {out} holds coded.csv: a new sample would not match its codes; use another folder")
    result = analyse(load_corpus(args.corpus, manifest=args.manifest))
    write_sample(result, args.what, args.n, out)
    n = json.loads((out / "sample.json").read_text(encoding="utf-8"))["n"]
    print(f"{n} {args.what} items in {out}: give coders coding_sheet.csv (or form.html), save it filled as "
          f"{out / 'coded.csv'}, then run: python -m analysis validate {out / 'coded.csv'}", file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """The tool against human codes: precision, recall, F1 per category; Krippendorff's alpha."""
    from .validation import validate

    r = validate(args.coded, args.tool)
    fmt = lambda v: "  —  " if v is None else f"{v:.3f}"  # noqa: E731
    print(f"{r['items']} coded items, {len(r['coders'])} coder(s); tool agrees with the coders on {100 * r['accuracy']:.1f} %")
    print(f"  {'category':28s} {'precision':>9s} {'recall':>7s} {'F1':>6s} {'support':>8s}")
    for cat, v in r["categories"].items():
        print(f"  {cat:28s} {fmt(v['precision']):>9s} {fmt(v['recall']):>7s} {fmt(v['f1']):>6s} {v['support']:8d}")
    alpha = r["krippendorff_alpha"]
    print("  Krippendorff's alpha between coders: " + ("one coder only" if alpha is None else f"{alpha:.3f}"))
    return 0


def _read_pairs(path: Path) -> list[dict[str, Any]]:
    from .readers import json_records

    rows = []
    for n, rec in json_records(path):
        if not isinstance(rec, dict) or not all(isinstance(rec.get(k), str) for k in ("sentence1", "sentence2")):
            raise InputError(path, "each line needs 'sentence1' and 'sentence2' (strings)", line=n)
        rows.append(rec)
    return rows


def cmd_similarity(args: argparse.Namespace) -> int:
    """Same statement or not, per sentence pair, in input order."""
    from .outputs import write_text_atomic
    from .similarity import score_pairs, threshold

    src, out = Path(args.pairs), Path(args.out)
    check_not_input(out, [src], option="--out")
    check_file_target(out, kind="similarity", force=args.force)
    rows = _read_pairs(src)
    scores = score_pairs([(r["sentence1"], r["sentence2"]) for r in rows])
    cut = threshold()
    lines = [json.dumps({"id": r.get("id", k + 1), "score": float(sc), "same": bool(sc >= cut)}, ensure_ascii=False)
             for k, (r, sc) in enumerate(zip(rows, scores))]
    write_text_atomic(out, "".join(line + "\n" for line in lines))
    print(f"{len(rows)} pairs scored into {out} (same statement at score >= {cut})", file=sys.stderr)
    return 0


def cmd_similarity_train(args: argparse.Namespace) -> int:
    """Fit the statement-similarity model on labelled pairs (sentence1, sentence2, label)."""
    from .outputs import write_text_atomic
    from .similarity import train

    rows = _read_pairs(Path(args.pairs))
    if not all(r.get("label") in (0, 1) for r in rows):
        raise InputError(args.pairs, "every line needs 'label': 0 or 1")
    model = train([(r["sentence1"], r["sentence2"]) for r in rows], [r["label"] for r in rows])
    model["trained_on"] = Path(args.pairs).name
    write_text_atomic(Path(args.out), json.dumps(model, sort_keys=True) + "\n")
    cv = model["cv"]
    print(f"{cv['pairs']} pairs, {cv['folds']}-fold cross-validation: accuracy {cv['accuracy']:.3f} at threshold "
          f"{model['threshold']}, AUC {cv['auc']:.3f} (always 'same': {cv['always_same']:.3f}); model in {args.out}")
    return 0


def cmd_check_report(args: argparse.Namespace) -> int:
    """Open a written report in headless Chromium and list what a reader would see go wrong."""
    from .browsercheck import check_report

    problems = check_report(args.report, screenshots=not args.no_screenshots)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s) in {args.report}" + ("" if args.no_screenshots else
          f"; screenshots in {Path(args.report) / 'screenshots'}"), file=sys.stderr)
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress and warnings")
    sub = ap.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="page structure and clean body of each article, as JSONL")
    ex.add_argument("paths", nargs="+", help="files or folders (a folder means every article in it)")
    ex.add_argument("--out", required=True, help="output JSONL file")
    ex.add_argument("--manifest", help="manifest (CSV or JSONL) for a folder")
    ex.add_argument("--force", action="store_true",
                    help="replace --out even if it is not an earlier output of this command (never an input)")
    ex.add_argument("--strict", action="store_true", help="stop at the first bad input instead of skipping it")
    ex.add_argument("--max-bytes", type=int, default=50_000_000, help="size limit of one article (bytes)")
    ex.set_defaults(func=cmd_extract)

    rp = sub.add_parser("report", help="load a corpus and write its articles, sentences and tokens to data/processed/NAME/")
    rp.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS), help="corpus folder or file")
    rp.add_argument("--name", help="name of the output folder (default: the corpus' name)")
    rp.add_argument("--manifest", help="manifest (CSV or JSONL) for a folder")
    rp.add_argument("--strict", action="store_true", help="stop at the first bad input")
    rp.add_argument("--no-cache", action="store_true", help="parse again even if cached")
    rp.add_argument("--force", action="store_true",
                    help="replace data/processed/NAME even if this tool did not write it (never an input)")
    rp.set_defaults(func=cmd_report)

    at = sub.add_parser("attribute", help="quotes and their speakers in JSONL articles (id, text), as JSONL")
    at.add_argument("input", help="JSONL file, one article per line with 'id' and 'text' (taken as clean body)")
    at.add_argument("--out", required=True, help="output JSONL file (the format of score_attributions.py)")
    at.add_argument("--force", action="store_true",
                    help="replace --out even if it is not an earlier output of this command (never an input)")
    at.add_argument("--strict", action="store_true", help="stop at the first bad line")
    at.set_defaults(func=cmd_attribute)

    an = sub.add_parser("analyse", help="every stage once: all tables (parquet and CSV) into a folder")
    an.add_argument("corpus", help="corpus folder or file")
    an.add_argument("--out", required=True, help="folder for the tables (replaced only if this tool wrote it)")
    an.add_argument("--manifest", help="manifest (CSV or JSONL) for a folder")
    an.add_argument("--lexicon", help="frame lexicon TSV (default: the shipped one)")
    an.add_argument("--strict", action="store_true", help="stop at the first bad input")
    an.add_argument("--no-cache", action="store_true", help="compute again even if cached")
    an.add_argument("--force", action="store_true", help="replace --out even if this tool did not write it")
    an.add_argument("--dask", metavar="local|ADDRESS",
                    help="tokenise and summarise the partitions on Dask: 'local' (a LocalCluster on this machine) "
                         "or a scheduler address such as tcp://host:8786 (needs the [dask] extra)")
    an.add_argument("--partition-size", type=int, default=0, metavar="N",
                    help="stream the corpus N articles at a time (tokens written as tokens/part-*.parquet, never "
                         "all in memory; for corpora too large to load at once); 0: load it whole, cached")
    an.set_defaults(func=cmd_analyse)

    rn = sub.add_parser("run", help="execute the notebooks on a corpus (papermill) and write the HTML report")
    rn.add_argument("corpus", help="corpus folder or file")
    rn.add_argument("--out", required=True, help="report folder, e.g. reports/NAME")
    rn.add_argument("--params", help="YAML file of notebook parameters (outlets, events, figure_formats, ...)")
    rn.add_argument("--manifest", help="manifest (CSV or JSONL) for a folder")
    rn.add_argument("--formats", help="figure formats, comma-separated (png,svg,pdf)")
    rn.add_argument("--quiet", action="store_true", help="no progress lines")
    rn.add_argument("--force", action="store_true",
                    help="replace --out even if it is not an earlier report of this tool (never an input)")
    rn.set_defaults(func=cmd_run)

    from .events import DEFAULT_ATTACH, DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS

    evt = sub.add_parser("events", help="group articles into events by content; CSV of article_id, file, event")
    evt.add_argument("path", help="corpus folder or file")
    evt.add_argument("--out", required=True, help="output CSV")
    evt.add_argument("--manifest", help="manifest (CSV or JSONL) for a folder")
    evt.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="similarity to merge events")
    evt.add_argument("--attach", type=float, default=DEFAULT_ATTACH,
                     help="similarity for a lone article (or the average for a pair) to join a nearby event")
    evt.add_argument("--window-days", type=float, default=DEFAULT_WINDOW_DAYS,
                     help="articles published further apart join only as a story's follow-ups, sharing a "
                          "name in their leads (0: no window)")
    evt.add_argument("--force", action="store_true",
                    help="replace --out even if it is not an earlier output of this command (never an input)")
    evt.add_argument("--strict", action="store_true", help="stop at the first bad input")
    evt.set_defaults(func=cmd_events)

    tf = sub.add_parser("train-frames", help="train one classifier per frame on hand-coded articles (JSONL: text, "
                        "frames; or CSV: text and one 0/1 column per frame); cross-validated P/R/F1")
    tf.add_argument("coded", help="the coded sample")
    tf.add_argument("--out", required=True, help="model folder (model.pkl, metrics.json, top_words.csv)")
    tf.set_defaults(func=cmd_train_frames)

    fr = sub.add_parser("frames", help="frames per article as CSV (id, frame_set, frame, score, present): the "
                        "generic-frame rules, or a model of train-frames")
    fr.add_argument("corpus", help="a corpus folder, .jsonl or .csv")
    fr.add_argument("--out", required=True, help="the CSV to write")
    fr.add_argument("--model", help="a model folder written by train-frames")
    fr.add_argument("--manifest", help="optional manifest for a folder corpus")
    fr.add_argument("--force", action="store_true", help="replace an existing file that is not an earlier frames output")
    fr.set_defaults(func=cmd_frames)

    vs = sub.add_parser("validation-sample", help="a stratified sample of frames, quotes or sources for people "
                        "to code: coding_sheet.csv, form.html, tool.csv")
    vs.add_argument("corpus", help="a corpus folder, .jsonl or .csv")
    vs.add_argument("--what", required=True, choices=["frames", "quotes", "sources"])
    vs.add_argument("--n", type=int, default=100, help="items in the sample (default 100)")
    vs.add_argument("--out", required=True, help="a new folder for the sample")
    vs.add_argument("--manifest", help="optional manifest for a folder corpus")
    vs.set_defaults(func=cmd_validation_sample)

    va = sub.add_parser("validate", help="the tool against human codes (coded.csv of validation-sample): "
                        "precision, recall, F1 per category, Krippendorff's alpha between coders")
    va.add_argument("coded", help="the filled coding sheet (columns item, coder_1[, coder_2 ...])")
    va.add_argument("--tool", help="the tool's answers (default: tool.csv beside the coded sheet)")
    va.set_defaults(func=cmd_validate)

    si = sub.add_parser("similarity", help="same statement or not, per sentence pair: JSONL lines with sentence1, "
                        "sentence2 [, id] -> {id, score, same}, in input order")
    si.add_argument("pairs")
    si.add_argument("--out", required=True)
    si.add_argument("--force", action="store_true", help="replace an existing file that is not an earlier output")
    si.set_defaults(func=cmd_similarity)

    st = sub.add_parser("similarity-train", help="fit the statement-similarity model on labelled pairs "
                        "(JSONL: sentence1, sentence2, label 0/1); cross-validated accuracy and AUC")
    st.add_argument("pairs")
    st.add_argument("--out", required=True, help="the model JSON (the shipped one is analysis/data/similarity_model.json)")
    st.set_defaults(func=cmd_similarity_train)

    ck = sub.add_parser("check-report", help="open a report in headless Chromium: broken images or links, console "
                        "errors, unreadable figure text, visible nan/None (needs playwright and chromium)")
    ck.add_argument("report", help="a report folder written by 'run'")
    ck.add_argument("--no-screenshots", action="store_true", help="do not write REPORT/screenshots/*.png")
    ck.set_defaults(func=cmd_check_report)

    ev = sub.add_parser("evaluate", help="measure against ../shared/eval "
                                         "(pagedump | articlebody | retention | frames | speakers)")
    ev.add_argument("what", choices=["pagedump", "articlebody", "retention", "frames", "speakers"])
    ev.add_argument("--path", help="pagedump, articlebody, speakers: the set's folder; retention: corpus "
                                   "paths, comma-separated; frames: the coded JSONL")
    ev.set_defaults(func=cmd_evaluate)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 1
    except OSError as exc:  # unwritable folder, disk full, ...: say which path, no traceback
        where = exc.filename or "an output file"
        print(f"error: cannot write or read {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
