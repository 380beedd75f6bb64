"""Write a manifest (file, outlet, event, title, published, url) for the first N events of BASIL dev,
from its annotations, so that `python -m analysis run` can compare Fox News, NYT and HuffPost.

    .venv/bin/python examples/manifest_from_annotations.py --events 10 --out data/processed/basil-10-manifest.csv

It also writes data/processed/basil-10-params.yaml, which selects those events.

The manifest is derived data (written to data/processed/, git-ignored); BASIL itself is read in place.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.config import EVAL  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--basil", default=str(EVAL / "basil_dev"))
    ap.add_argument("--events", type=int, default=10)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    ann = Path(args.basil) / "annotations.jsonl"
    if not ann.is_file():
        print(f"{ann} not found: the BASIL example needs ../shared/eval/basil_dev", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in ann.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [r for r in rows if r.get("record") == "article"]
    events = sorted({r["event"] for r in articles})[: args.events]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "outlet", "event", "title", "published", "url"])
        for r in sorted(articles, key=lambda r: r["file"]):
            if r["event"] in events:
                w.writerow([r["file"], r["outlet_name"], r["event"], r["title"], r["date"], r["url"]])
    tmp.replace(out)
    params = out.with_name(out.stem.replace("-manifest", "") + "-params.yaml")
    params.write_text("# notebook parameters for the BASIL example (written by examples/manifest_from_annotations.py)\n"
                      "events:\n" + "".join(f"  - '{e}'\n" for e in events), encoding="utf-8")
    print(f"{out}: {len(events)} events; parameters in {params}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
