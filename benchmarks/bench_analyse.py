"""Where the time goes in ``analyse``: every stage, timed against bare NLTK tokenisation of the same
texts in the same process (the fastest of three runs: two before the analysis, one after), with peak
memory, at several corpus sizes and the growth exponent of each stage (time ~ n^k, fitted over the
sizes).

This machine's speed drifts by a quarter from minute to minute. ``--repeat N`` measures each size in
N fresh processes (no cache warmed by an earlier run) and compares the fastest analysis with the
fastest baseline of all of them, as ``timeit`` takes the best of its repeats; the stages shown are
those of the fastest run, the peak memory the largest of all runs.

Corpora come from ``../shared/bench/make_corpus.py``: ``base`` (PolNeAR train + BASIL dev, 1,065
articles) and synthetic corpora of any size built from it. Each size runs in its own process, so its
peak memory is its own.

    .venv/bin/python benchmarks/bench_analyse.py                       # base corpus only
    .venv/bin/python benchmarks/bench_analyse.py --sizes base,5000,20000
    .venv/bin/python benchmarks/bench_analyse.py --sizes base --repeat 3
"""
from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: Path) -> dict:
    """One corpus in this process: baseline, read, every stage; seconds and peak RSS after each."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    sys.path.insert(0, str(ROOT))
    from bench_corpus import baseline

    from analysis import load_corpus
    from analysis.pipeline import combine_summaries, partitions, run_stages, token_summaries

    def read_texts() -> list[str]:
        return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def time_baseline() -> float:
        texts = read_texts()
        t0 = time.perf_counter()
        baseline(texts)
        return time.perf_counter() - t0

    out: dict = {"articles": len(read_texts()), "stages": {}}
    # This machine's speed drifts by a quarter from minute to minute: the baseline runs twice before
    # the analysis and once after, and its fastest run is the one compared against (the conservative
    # choice: a slow moment of the baseline never flatters the ratio).
    runs = [time_baseline(), time_baseline()]
    t0 = time.perf_counter()
    corpus = load_corpus(path, cache=False)
    out["stages"]["read"] = (time.perf_counter() - t0, peak_mb())
    t0 = time.perf_counter()
    tables = combine_summaries([token_summaries(p) for p in partitions(corpus, 2000)])
    out["stages"]["token summaries"] = (time.perf_counter() - t0, peak_mb())
    timings: dict = {}
    run_stages(corpus, tables, {}, timings)
    for name, seconds in timings.items():  # run_stages times each stage; memory is the peak at the end
        out["stages"][name] = (seconds, peak_mb())
    del corpus, tables
    runs.append(time_baseline())
    out["baseline_s"], out["baseline_runs"] = min(runs), runs
    return out


def best_of(runs: list[dict]) -> dict:
    """The fastest analysis of several runs of one corpus, against the fastest baseline of all runs;
    peak memory per stage the largest of all runs."""
    def total(r: dict) -> float:
        return sum(t for t, _ in r["stages"].values())
    best = dict(min(runs, key=total))
    best["stages"] = {k: (t, max(r["stages"][k][1] for r in runs)) for k, (t, _) in best["stages"].items()}
    best["baseline_runs"] = [b for r in runs for b in r["baseline_runs"]]
    best["baseline_s"] = min(best["baseline_runs"])
    best["analyse_runs"] = [total(r) for r in runs]
    return best


def build(size: str, folder: Path) -> Path:
    path = folder / f"corpus-{size}.jsonl"
    args = ["base", str(path)] if size == "base" else ["synth", size, str(path)]
    subprocess.run([sys.executable, str(MAKE_CORPUS), *args], check=True, capture_output=True)
    return path


def report(results: list[dict]) -> None:
    for r in results:
        n, base = r["articles"], r["baseline_s"]
        total = sum(t for t, _ in r["stages"].values())
        spread = ", ".join(f"{n / t:.0f}" for t in r.get("baseline_runs", [base]))
        print(f"\n{n} articles: bare NLTK {n / base:7.1f} articles/s (fastest of runs at {spread} articles/s)")
        if len(r.get("analyse_runs", [])) > 1:
            print(f"  analyse in {len(r['analyse_runs'])} fresh processes: "
                  + ", ".join(f"{n / t:.1f}" for t in r["analyse_runs"]) + " articles/s; the fastest is shown")
        print(f"  {'stage':16s} {'seconds':>8s} {'articles/s':>11s} {'ratio':>7s} {'peak RSS MB':>12s}")
        for name, (t, mem) in r["stages"].items():
            print(f"  {name:16s} {t:8.2f} {n / max(t, 1e-9):11.1f} {base / max(t, 1e-9):6.2f}x {mem:12.0f}")
        print(f"  {'analyse':16s} {total:8.2f} {n / total:11.1f} {base / total:6.2f}x "
              f"{max(m for _, m in r['stages'].values()):12.0f}   (ratio: throughput against bare NLTK)")
    if len(results) > 1:
        print("\ngrowth exponent k (time ~ n^k, least squares over the sizes):")
        for name in results[0]["stages"]:
            xs = [math.log(r["articles"]) for r in results]
            ys = [math.log(max(r["stages"][name][0], 1e-4)) for r in results]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            k = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            print(f"  {name:16s} {k:5.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="base", help="comma-separated: base and/or article counts")
    ap.add_argument("--repeat", type=int, default=1, help="fresh processes per size (best of them; default 1)")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one corpus, print JSON
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(Path(args.one))))
        return
    if not MAKE_CORPUS.exists():
        sys.exit(f"{MAKE_CORPUS} not found (../shared/bench is needed for this benchmark)")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            path = build(size.strip(), Path(tmp))
            runs = []
            for _ in range(max(1, args.repeat)):
                proc = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True)
                if proc.returncode:
                    sys.exit(proc.stderr)
                runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            results.append(best_of(runs))
            report(results[-1:])
    if len(results) > 1:
        report(results)


if __name__ == "__main__":
    main()
