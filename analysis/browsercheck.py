"""A written report, checked in a real browser (headless Chromium driven by Playwright): every page
opens without console errors, every image and link resolves, figure text is at least
:data:`MIN_TEXT_PX` pixels at the page's default width, and no ``nan``, ``NaN``, ``<NA>``, ``None`` or
``NaT`` is visible. Screenshots go to ``REPORT/screenshots/``.

    python -m analysis check-report reports/gsomia-2023

Needs the ``playwright`` Python package (the dev extra) and a Chromium (Debian: ``apt-get install
chromium``); it never downloads a browser.
"""
from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import ParameterError

MIN_TEXT_PX = 10
VIEWPORT = {"width": 1280, "height": 900}  # the "default width" a reader's laptop gives a page
# A missing value printed as text; "None of this ..." (a word opening a phrase) is prose, not a leak.
MISSING_WORDS = re.compile(r"(?<![\w<])(?:nan|NaN|None|NaT)(?![\w>])(?! [a-z])|<NA>")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]

# Every image: loaded (forced eager), its natural and shown width, and the text size it declares.
IMAGES_JS = """async () => Promise.all(Array.from(document.images).map(async (img) => {
  img.loading = 'eager';
  try { await img.decode(); } catch (e) {}
  return {src: img.getAttribute('src').slice(0, 80), natural: img.naturalWidth, shown: img.clientWidth,
          fontPx: parseFloat(img.dataset.fontPx || '0'), alt: img.getAttribute('alt') || ''};
}))"""


def chromium_path() -> str | None:
    """Chromium on this machine (``CHROMIUM`` overrides), or None."""
    for c in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if c and (shutil.which(c) or Path(c).is_file()):
            return shutil.which(c) or c
    return None


def report_pages(folder: Path) -> list[Path]:
    """The pages a reader opens: the index, every notebook page and the first annotated article."""
    articles = sorted((folder / "articles").glob("*.html"), key=lambda p: (len(p.stem), p.stem))
    return [folder / "index.html", *sorted((folder / "html").glob("*.html")), *articles[:1]]


def _link_problem(page: Path, href: str, ids_of: dict[Path, set[str]], read_ids) -> str | None:
    url = urlparse(href)
    if url.scheme in ("http", "https", "mailto", "data", "javascript"):
        return None
    target = page if not url.path else (page.parent / unquote(url.path)).resolve()
    if not target.exists():
        return f"link {href!r} points to a missing file"
    if url.fragment and target.suffix == ".html":
        if target not in ids_of:
            ids_of[target] = read_ids(target)
        if url.fragment not in ids_of[target]:
            return f"link {href!r} points to a missing anchor"
    return None


def check_report(folder: str | Path, *, screenshots: bool = True) -> list[str]:
    """Open every page of a report in headless Chromium; returns the problems found (empty: all good)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ParameterError("check-report needs Playwright: pip install playwright (the dev extra installs it); "
                             "it uses the system's Chromium and never downloads a browser") from None
    exe = chromium_path()
    if exe is None:
        raise ParameterError("check-report needs Chromium: apt-get install chromium (or set CHROMIUM=/path)")
    folder = Path(folder).resolve()
    if not (folder / "index.html").is_file():
        raise ParameterError(f"{folder}: no index.html; give the folder of a report written by 'run'")
    problems: list[str] = []
    shots = folder / "screenshots"
    if screenshots:
        shots.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            messages: list[str] = []
            page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: messages.append(str(e)))
            page.on("requestfailed", lambda r: messages.append(f"failed to load {r.url[:100]}"))

            def read_ids(path: Path) -> set[str]:
                raw = path.read_text(encoding="utf-8", errors="replace")
                return {html.unescape(i) for i in re.findall(r'\sid="([^"]+)"', raw)}

            ids_of: dict[Path, set[str]] = {}
            for p in report_pages(folder):
                name = p.relative_to(folder).as_posix()
                messages.clear()
                page.goto(p.as_uri(), wait_until="load")
                for img in page.evaluate(IMAGES_JS):
                    if img["natural"] == 0:
                        problems.append(f"{name}: image {img['src']!r} does not load")
                    elif img["fontPx"] and img["shown"] * img["fontPx"] / img["natural"] < MIN_TEXT_PX:
                        px = img["shown"] * img["fontPx"] / img["natural"]
                        problems.append(f"{name}: figure text of {img['src']!r} is {px:.1f} px (< {MIN_TEXT_PX})")
                    if not img["alt"].strip():
                        problems.append(f"{name}: image {img['src']!r} has no alt text")
                for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
                    bad = _link_problem(p, href, ids_of, read_ids)
                    if bad:
                        problems.append(f"{name}: {bad}")
                text = page.inner_text("body")
                for m in MISSING_WORDS.finditer(text):
                    around = text[max(0, m.start() - 40):m.end() + 40].replace("\n", " ")
                    problems.append(f"{name}: visible {m.group(0)!r} in '…{around}…'")
                problems.extend(f"{name}: console: {msg}" for msg in messages)
                if screenshots:
                    page.screenshot(path=str(shots / (name.replace("/", "-").removesuffix(".html") + ".png")),
                                    full_page=False)
        finally:
            browser.close()
    return problems
