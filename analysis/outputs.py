"""Safe outputs: never write over an input, never replace a folder this tool did not write, one run per
target at a time, and nothing left looking complete unless it is.

Rules, applied by every command that writes:

- an output that is, contains or lies inside an input is refused (``--force`` never overrides this);
- an existing folder is replaced only when it carries this tool's marker (``run.json`` with
  ``"tool": "newsframes-analysis"``), an existing file only with ``force=True``;
- a name given for a folder under a base folder (``report --name``) must stay inside that base;
- a run works in its own unique temporary folder beside the target and holds an exclusive lock on the
  target while it works, so a second run into the same target stops with a message.

>>> check_name("gsomia-2023", Path("/tmp"))
PosixPath('/tmp/gsomia-2023')
>>> check_name("../x", Path("/tmp"))
Traceback (most recent call last):
...
analysis.errors.ParameterError: name '../x' must be a plain folder name (no '/', '..' or absolute path)
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import AnalysisError, ParameterError

TOOL = "newsframes-analysis"
MARKER = "run.json"


class OutputError(AnalysisError):
    """An output path cannot be used (it would overwrite an input, or something not ours)."""


def _real(p: str | Path) -> Path:
    return Path(os.path.abspath(os.path.expanduser(str(p)))).resolve()


def _inside(a: Path, b: Path) -> bool:
    """``a`` is ``b`` or lies inside it."""
    return a == b or b in a.parents


def check_not_input(out: str | Path, inputs: Iterable[str | Path | None], *, option: str = "--out") -> Path:
    """Refuse an output that is, contains or lies inside an input; returns the resolved output path.

    >>> check_not_input("/data/corpus/out.jsonl", ["/data/corpus"])
    Traceback (most recent call last):
    ...
    analysis.outputs.OutputError: --out /data/corpus/out.jsonl is inside the input /data/corpus; write it somewhere else
    """
    o = _real(out)
    for i in inputs:
        if i is None or str(i) == "":
            continue
        r = _real(i)
        if o == r:
            raise OutputError(f"{option} {out} is the input {i}; writing there would destroy it")
        if _inside(o, r):
            raise OutputError(f"{option} {out} is inside the input {i}; write it somewhere else")
        if _inside(r, o):
            raise OutputError(f"{option} {out} contains the input {i}; writing there would destroy it")
    return o


def is_ours(folder: Path) -> bool:
    """Does ``folder`` carry this tool's marker (a ``run.json`` it wrote)?"""
    try:
        info = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(info, dict):
        return False
    versions = info.get("versions")  # reports written before the marker carried "tool"
    return info.get("tool") == TOOL or (isinstance(versions, dict) and TOOL in versions and "inputs" in info)


def check_folder_target(out: Path, *, force: bool = False, option: str = "--out") -> None:
    """An existing target folder must be this tool's output (or ``force``); a file is never a folder target."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        if not force or out.is_dir():
            raise OutputError(f"{option} {out} exists and is not a folder written by this tool; "
                              "choose another name (or pass --force to replace it)")
    elif out.is_dir() and not is_ours(out):
        if not any(out.iterdir()):
            return  # an empty folder loses nothing
        if not force:
            raise OutputError(f"{option} {out} is an existing folder that this tool did not write (no {MARKER} "
                              "marker); choose a new folder, or pass --force to replace it")


def check_name(name: str, base: Path) -> Path:
    """``base / name`` for a plain folder name; anything that could leave ``base`` is refused."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or os.path.isabs(name) or "\x00" in name:
        raise ParameterError(f"name {name!r} must be a plain folder name (no '/', '..' or absolute path)")
    return base / name


def write_marker(folder: Path, info: dict[str, Any]) -> None:
    """``folder/run.json``: ``{"tool": "newsframes-analysis", **info}``, the mark of this tool's output."""
    write_text_atomic(folder / MARKER, json.dumps({"tool": TOOL, **info}, indent=1, default=str))


def write_text_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and a rename, readable by the group."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def target_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out`` (a ``.OUT.lock`` file beside it) or stop with a message."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.parent / f".{out.name}.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise OutputError(f"another run is writing to {out} right now; wait for it to finish "
                                  "or choose another --out") from None
            raise
        yield
    finally:
        os.close(fd)  # releases the lock; the lock file stays (removing it would race with a waiting run)


def work_folder(out: Path, suffix: str = ".partial") -> Path:
    """A new, unique temporary folder beside ``out`` for one run's work."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{out.name}{suffix}-", dir=out.parent))


def replace_folder(work: Path, out: Path, *, force: bool = False) -> None:
    """Move a finished ``work`` folder to ``out``. What is at ``out`` is moved aside first and checked
    again there (it may have changed since the run started): unless it is this tool's output, empty,
    or ``force`` allows it, it is put back and :class:`OutputError` raised; else it is deleted."""
    os.chmod(work, 0o755)  # mkdtemp makes 0700 folders
    if not (out.exists() or out.is_symlink()):
        os.replace(work, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rmdir(old)
    os.replace(out, old)  # atomic: from here on nobody writes into what was at ``out``
    replaceable = old.is_symlink() or (old.is_dir() and (is_ours(old) or not any(old.iterdir()))) or force
    if not replaceable or (old.is_symlink() and not force):
        os.replace(old, out)
        raise OutputError(f"{out} changed while this run worked and is no longer a folder written by this tool; "
                          f"it was left as it is (the run's output is in {work})")
    try:
        os.replace(work, out)
    except OSError:
        os.replace(old, out)  # roll back
        raise
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink(missing_ok=True)


FILE_MARKERS = {  # what the first line of a file this tool wrote looks like, per command
    "extract": lambda line: line.startswith("{") and '"body"' in line and '"boilerplate"' in line,
    "attribute": lambda line: line.startswith('{"id"') and '"attributions"' in line,
    "events": lambda line: line.strip() == "article_id,file,event",
    "frames": lambda line: line.strip() == "id,frame_set,frame,score,present",
    "similarity": lambda line: line.startswith('{"id"') and '"score"' in line and '"same"' in line,
}


def check_file_target(out: Path, *, kind: str | None = None, force: bool = False, option: str = "--out") -> None:
    """A file target must not be a folder, device or pipe; an existing file is replaced only when it is
    empty or this tool's output of the same ``kind`` (its first line says so), or with ``force``."""
    if out.is_dir():
        raise OutputError(f"{option} {out} is a folder; give a file name")
    if out.exists() and not out.is_file():
        raise OutputError(f"{option} {out} is not a regular file")
    if out.is_file() and not force and out.stat().st_size:
        with open(out, "rb") as fh:
            first = fh.readline(4096).decode("utf-8", errors="replace")
        if kind is None or not FILE_MARKERS[kind](first):
            raise OutputError(f"{option} {out} exists and is not an earlier output of this command; "
                              "choose another name (or pass --force to replace it)")
