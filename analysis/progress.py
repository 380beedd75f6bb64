"""Progress bars (tqdm) for long work: in a terminal and in notebooks, on more than
:data:`MIN_ITEMS` items; silent in CI, in tests, in batch-run notebooks and when output is not a
terminal. ``NEWSFRAMES_PROGRESS=1`` or ``=0`` forces them on or off."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
MIN_ITEMS = 300  # fewer articles than this take seconds: no bar


def enabled() -> bool:
    forced = os.environ.get("NEWSFRAMES_PROGRESS")
    if forced is not None:
        return forced.strip().lower() not in ("0", "false", "no", "off", "")
    if os.environ.get("CI") or "PYTEST_CURRENT_TEST" in os.environ:
        return False
    if "ipykernel" in sys.modules:  # a notebook (batch runs turn it off with NEWSFRAMES_PROGRESS=0)
        return True
    return sys.stderr is not None and sys.stderr.isatty()


def progress(items: Iterable[T], *, total: int, desc: str, unit: str = "article",
             min_items: int = MIN_ITEMS) -> Iterable[T] | Iterator[T]:
    """``items`` wrapped in a tqdm bar when bars are :func:`enabled` and ``total >= min_items``."""
    if total < min_items or not enabled():
        return items
    from tqdm.auto import tqdm

    return tqdm(items, total=total, desc=desc, unit=unit, leave=False, dynamic_ncols=True)
