"""The project's set-up files agree with each other."""
from __future__ import annotations

import re
import tomllib

import yaml

from analysis.config import ROOT


def test_environment_yml_delegates_to_the_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = [d for d in env["dependencies"] if isinstance(d, dict)][0]["pip"]
    assert pip == ["-e .[dev]"]
    py = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")][0]
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert py.split("python")[1] == requires


def test_pyproject_declares_the_design_card_dependencies_with_lower_bounds():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[<>=!~\[]", d)[0]: d for d in deps}
    for pkg in ("pandas", "pyarrow", "nltk", "matplotlib", "papermill", "jupyterlab", "ipykernel"):
        assert ">=" in names[pkg]


def test_readme_quick_start_is_the_two_make_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make report" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
