"""Speed of the framing and comparison stage (events, frames, actors, word choice, alignment) on BASIL
dev and PolNeAR train, against bare NLTK tokenisation of the same texts in the same process.

    .venv/bin/python benchmarks/bench_framing.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import load_corpus  # noqa: E402
from analysis.actors import actor_mentions, actor_salience  # noqa: E402
from analysis.alignment import align  # noqa: E402
from analysis.config import EVAL  # noqa: E402
from analysis.events import group_events  # noqa: E402
from analysis.frames import frame_scores  # noqa: E402
from analysis.wordchoice import fightin_words  # noqa: E402
from bench_corpus import baseline  # noqa: E402


def run(path: Path) -> None:
    corpus = load_corpus(path)
    if corpus.articles["outlet"].isna().all():  # BASIL files are named EVENT__OUTLET.txt; it has no manifest
        corpus.articles["outlet"] = corpus.articles["source_path"].str.extract(r"__(\w+)\.txt$")[0]
    texts = list(corpus.articles["text"])
    n = len(texts)
    t0 = time.perf_counter()
    baseline(texts)
    t_base = time.perf_counter() - t0
    timings = {}
    t0 = time.perf_counter()
    events = group_events(corpus)
    timings["events"] = time.perf_counter() - t0
    for name, fn in (("frames", lambda: frame_scores(corpus)),
                     ("actors", lambda: actor_salience(corpus, actor_mentions(corpus))),
                     ("word choice", lambda: fightin_words(corpus)),
                     ("alignment", lambda: align(corpus, events))):
        t0 = time.perf_counter()
        fn()
        timings[name] = time.perf_counter() - t0
    total = sum(timings.values())
    print(f"\n{path.name}: {n} articles, {events['event'].nunique()} events")
    print(f"  baseline (bare NLTK tokenisation): {t_base:6.2f} s  {n / t_base:7.1f} articles/s")
    for k, v in timings.items():
        print(f"  {k:12s} {v:6.2f} s")
    print(f"  whole stage: {total:6.2f} s  {n / total:7.1f} articles/s  ratio to baseline time {total / t_base:.2f}")


def main() -> None:
    for p in (EVAL / "basil_dev", EVAL / "polnear_train.jsonl"):
        if p.exists():
            run(p)
        else:
            print(f"{p} not found (../shared/eval is needed for the benchmark)")


if __name__ == "__main__":
    main()
