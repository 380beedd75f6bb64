"""Shared fixtures. Tests that need ../shared/eval skip cleanly when it is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.config import DEFAULT_CORPUS, EVAL

ANI = DEFAULT_CORPUS / "000_9049f8ff2310f21f.txt"
YOMIURI = DEFAULT_CORPUS / "004_fd3109951f720ec5.txt"


def eval_path(*parts: str) -> Path:
    p = EVAL.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present (../shared/eval is only on development and CI machines)")
    return p


@pytest.fixture
def tmp_cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture(scope="session")
def default_run(tmp_path_factory) -> Path:
    """One batch report of the default corpus, shared by the tests that only read it."""
    from analysis.runner import run_report

    out = tmp_path_factory.mktemp("runs") / "gsomia"
    return run_report(DEFAULT_CORPUS, out, progress=False)


@pytest.fixture(scope="session")
def basil_run(tmp_path_factory) -> Path:
    """A batch report of three BASIL dev events (Fox News, The New York Times, HuffPost), shared."""
    import subprocess
    import sys

    from analysis.config import ROOT
    from analysis.runner import load_params, run_report

    basil = eval_path("basil_dev")
    tmp = tmp_path_factory.mktemp("basil")
    manifest = tmp / "basil-3-manifest.csv"
    subprocess.run([sys.executable, str(ROOT / "examples" / "manifest_from_annotations.py"), "--events", "3",
                    "--out", str(manifest)], check=True, capture_output=True)
    params = load_params(tmp / "basil-3-params.yaml")
    params["manifest"] = str(manifest)
    return run_report(basil, tmp / "basil-3", params=params, progress=False)
