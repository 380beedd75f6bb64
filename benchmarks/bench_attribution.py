"""Speed of the attribution stage against bare NLTK tokenisation of the same texts (same process).

    .venv/bin/python benchmarks/bench_attribution.py [--corpus PATH]

Prints articles per second of each and the ratio (attribution time / baseline time); the aim is
an attribution stage that costs no more than the tokeniser (ratio <= 1).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.attribution import find_attributions  # noqa: E402
from analysis.config import EVAL  # noqa: E402
from bench_corpus import baseline  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(EVAL / "polnear_train.jsonl"))
    args = ap.parse_args()
    path = Path(args.corpus)
    if not path.exists():
        sys.exit(f"{path} not found (../shared/eval is needed for the benchmark)")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.perf_counter()
    baseline(texts)
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_att = sum(len(find_attributions(t)) for t in texts)
    t_att = time.perf_counter() - t0
    n = len(texts)
    print(f"{path.name}: {n} articles")
    print(f"  baseline (bare NLTK tokenisation): {t_base:6.2f} s  {n / t_base:7.1f} articles/s")
    print(f"  attribution:                       {t_att:6.2f} s  {n / t_att:7.1f} articles/s  ({n_att} attributions)")
    print(f"  attribution time / baseline time: {t_att / t_base:.2f}")


if __name__ == "__main__":
    main()
