"""Speed and memory of the corpus stage (read + structure + chrome + tokenise + DataFrames).

Baseline, in the same process and on the same texts: bare NLTK tokenisation (Punkt sentences with
default parameters, then NLTKWordTokenizer on each sentence: what ``nltk.word_tokenize`` does,
without the download). Prints articles/s, MB/s, the ratio of our throughput to the baseline's
and peak memory (RSS high-water mark after each phase).

    .venv/bin/python benchmarks/bench_corpus.py [--corpus PATH] [--replicate N]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from nltk.tokenize import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktSentenceTokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import load_corpus  # noqa: E402
from analysis.config import EVAL  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(texts: list[str]) -> int:
    sent, word = PunktSentenceTokenizer(), NLTKWordTokenizer()
    n = 0
    for text in texts:
        for s in sent.tokenize(text):
            n += len(word.tokenize(s))
    return n


def run(path: Path, texts: list[str]) -> None:
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t0 = time.perf_counter()
    n_base = baseline(texts)
    t_base = time.perf_counter() - t0
    mem_base = peak_mb()
    t0 = time.perf_counter()
    corpus = load_corpus(path, cache=False)
    t_ours = time.perf_counter() - t0
    mem_ours = peak_mb()
    n = len(texts)
    print(f"\n{path.name}: {n} articles, {mb:.1f} MB")
    print(f"  baseline (bare NLTK): {t_base:7.2f} s  {n / t_base:8.1f} articles/s  {mb / t_base:6.2f} MB/s  "
          f"{n_base} tokens   peak RSS {mem_base:.0f} MB")
    print(f"  corpus stage:         {t_ours:7.2f} s  {n / t_ours:8.1f} articles/s  {mb / t_ours:6.2f} MB/s  "
          f"{len(corpus.tokens)} tokens   peak RSS {mem_ours:.0f} MB")
    print(f"  throughput ratio (ours / baseline): {t_base / t_ours:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(EVAL / "polnear_train.jsonl"))
    ap.add_argument("--replicate", type=int, default=10_000, help="also run on the corpus replicated to ~N articles")
    args = ap.parse_args()
    path = Path(args.corpus)
    if not path.exists():
        sys.exit(f"{path} not found (../shared/eval is needed for the benchmark)")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    run(path, [r["text"] for r in rows])
    if args.replicate and args.replicate > len(rows):
        k = round(args.replicate / len(rows))
        with tempfile.TemporaryDirectory() as tmp:
            big = Path(tmp) / f"{path.stem}_x{k}.jsonl"
            with open(big, "w", encoding="utf-8") as fh:
                for i in range(k):
                    for r in rows:
                        fh.write(json.dumps({"id": f"{r['id']}#{i}", "text": r["text"], "title": r.get("title"),
                                             "outlet": r.get("outlet_name")}) + "\n")
            run(big, [r["text"] for _ in range(k) for r in rows])


if __name__ == "__main__":
    main()
