"""Every project path, built from the repository root (never from the working directory)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_RAW = ROOT / "data" / "raw"
DATA_PROCESSED = ROOT / "data" / "processed"
CACHE_DIR = DATA_PROCESSED / "cache"
REPORTS = ROOT / "reports"
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_CORPUS = DATA_RAW / "gsomia-2023"
SHARED = Path(os.environ.get("NEWSFRAMES_SHARED", ROOT.parent / "shared"))  # evaluation data, never copied
EVAL = SHARED / "eval"
