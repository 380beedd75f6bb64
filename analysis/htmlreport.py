"""The report as a document: notebook pages with titles and navigation, one annotated page per
article, and ``index.html`` — what the corpus is, the key findings linked to their evidence, and every
figure in its section with its caption. Called by the batch runner after the notebooks ran."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .outputs import write_text_atomic
from .plots import STYLE, text_px
from .present import TABLE_CSS, article_html, cell_text

PAGE_CSS = """<style>
body{font:16px/1.55 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.8rem;margin-bottom:.3rem} h2{margin-top:2.2rem;border-bottom:1px solid #ccc}
.nf-nav{font:14px system-ui,sans-serif;padding:.5rem 0;border-bottom:1px solid #ddd;margin-bottom:1rem}
.nf-nav a{margin-right:1.2rem;color:#0645ad;text-decoration:underline}
.lede{font-size:1.1rem} .muted{color:#555;font-size:.9rem}
figure{margin:1rem 0 2rem} figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.95rem;color:#333;max-width:50rem}
</style>"""

# Where a finding's evidence is: (notebook, heading of its section).
FINDING_EVIDENCE = {"dateline": ("02_framing", "Where each story is filed from"),
                    "actors": ("02_framing", "Actors"), "frames": ("02_framing", "Policy frames per outlet"),
                    "quotes": ("03_quotes", "Who is quoted in each outlet"), "media": ("04_sourcing", "Who cites whom"),
                    "exclusive": ("05_comparison", "What is shared and what is exclusive"),
                    "lag": ("05_comparison", None), "coverage": ("05_comparison", None),
                    "contrast": ("05_comparison", None)}
REMOTE_SCRIPT_RE = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>\s*')
MAX_ARTICLE_PAGES = 2000
MAX_EVENT_FINDINGS = 20  # events whose findings the index lists (all are on the comparison page)  # a report links at most this many annotated articles (the first, by id)


def notebook_title(nb: Any, stem: str) -> str:
    """The first heading of a notebook ("1. The corpus: what was read"), else a title from its name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return stem.split("_", 1)[-1].replace("_", " ").capitalize()


def notebook_lede(nb: Any) -> str:
    """The first paragraph after a notebook's title."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
            paras = [p.strip() for p in cell.source.split("\n\n")[1:] if p.strip()]
            return paras[0] if paras else ""
    return ""


def notebook_figures(nb: Any) -> list[dict[str, str]]:
    """The figures a notebook showed, in order, from the metadata :class:`~analysis.present.FigureView` left."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("text/html", {}).get("newsframes")
            if meta and "figure" in meta:
                out.append(dict(meta))
    return out


def _nav(pages: list[tuple[str, str]], k: int) -> str:
    links = ['<a href="../index.html">Report index</a>']
    if k > 0:
        links.append(f'<a href="{pages[k - 1][0]}.html">← {html.escape(pages[k - 1][1])}</a>')
    if k + 1 < len(pages):
        links.append(f'<a href="{pages[k + 1][0]}.html">{html.escape(pages[k + 1][1])} →</a>')
    links = [a.replace("<a ", '<a style="color:#0645ad;text-decoration:underline" ', 1) for a in links]
    return ('<nav class="nf-nav" style="font:15px system-ui,sans-serif;padding:.6rem 1rem;'
            f'border-bottom:1px solid #ddd;display:flex;gap:1.5rem">{"".join(links)}</nav>')


def _anchor(page_html: str, heading: str | None) -> str:
    """The id nbconvert gave the section whose heading starts with ``heading`` ("" if none)."""
    if heading is None:
        return ""
    m = re.search(r'<h2 id="([^"]+)">' + re.escape(html.escape(heading, quote=False)), page_html)
    return "#" + m.group(1) if m else ""


def export_page(work: Path, books: list[Path], k: int) -> dict[str, Any]:
    """Executed notebook ``books[k]`` to ``html/NAME.html`` (no code), titled, with links to the index
    and to the previous and next page; returns its record (stem, title, lede, figures, html)."""
    import nbformat
    from nbconvert import HTMLExporter

    pages = [(b.stem, notebook_title(nbformat.read(b, as_version=4), b.stem)) for b in books]
    nb = nbformat.read(work / "notebooks" / books[k].name, as_version=4)
    stem, title = pages[k]
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = REMOTE_SCRIPT_RE.sub("", body)  # a report reads offline: no MathJax or require.js from a CDN
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + _nav(pages, k), body, count=1)
    body = body.replace("</body>", _nav(pages, k) + "</body>", 1)
    (work / "html").mkdir(exist_ok=True)
    write_text_atomic(work / "html" / f"{stem}.html", body)
    return {"stem": stem, "title": title, "lede": notebook_lede(nb), "figures": notebook_figures(nb), "html": body}


def write_article_pages(work: Path, result: Any) -> list[tuple[int, str]]:
    """``articles/ID.html`` per article (the first :data:`MAX_ARTICLE_PAGES`); returns (id, label) pairs."""
    folder = work / "articles"
    folder.mkdir(exist_ok=True)
    arts = result.corpus.articles.sort_values("article_id").head(MAX_ARTICLE_PAGES)
    out = []
    for aid, outlet, title, doc in zip(arts["article_id"], arts["outlet"], arts["title"], arts["doc_id"]):
        label = f"{cell_text(outlet)}: {title if isinstance(title, str) and title.strip() else doc}"
        page = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(label)}</title>'
                f'{PAGE_CSS}</head><body><nav class="nf-nav"><a href="../index.html">Report index</a>'
                f'<a href="../index.html#articles">All articles</a></nav>{article_html(result, int(aid))}</body></html>\n')
        write_text_atomic(folder / f"{int(aid)}.html", page)
        out.append((int(aid), label))
    return out


def _date_range(published: pd.Series) -> str:
    dates = pd.to_datetime(published, utc=True, errors="coerce").dropna()
    if dates.empty:
        return "no article carries a publication date"
    lo, hi = dates.min().strftime("%d %B %Y").lstrip("0"), dates.max().strftime("%d %B %Y").lstrip("0")
    return f"published on {lo}" if lo == hi else f"published between {lo} and {hi}"


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n:,} " + (word[:-1] + "ies" if word.endswith("y") and word[-2] not in "aeiou" else word + "s")


def corpus_summary(corpus_name: str, articles: pd.DataFrame, events: pd.DataFrame) -> str:
    """The index's opening: corpus, article count, outlets (with their wire agencies), events, dates."""
    arts = articles.merge(events, on="article_id", how="left", suffixes=("_given", "")) if "event" in events else articles
    outlets = []
    for outlet, a in arts.groupby(arts["outlet"].fillna("unknown outlet"), sort=True):
        wires = sorted({str(x) for x in a["agency"].dropna() if str(x).strip() and f"({x} wire copy)" not in str(outlet)})
        extra = f"; wire copy from {', '.join(wires)}" if wires else ""
        outlets.append(f"<li><b>{html.escape(str(outlet))}</b> ({_plural(len(a), 'article')}{html.escape(extra)})</li>")
    ev = []
    for event, a in arts.groupby(arts["event"].fillna("no event"), sort=True):
        names = sorted({str(o) for o in a["outlet"].dropna()})
        ev.append(f"<li>{html.escape(str(event))}: {_plural(len(a), 'article')} from "
                  f"{html.escape(', '.join(names) or 'unknown outlets')}</li>")
    n_events = arts["event"].nunique()
    shown_events = "".join(ev[:50]) + (f"<li>… and {len(ev) - 50:,} more (see tables/events.csv)</li>" if len(ev) > 50 else "")
    return (f'<p class="lede">This report compares how {_plural(arts["outlet"].nunique(), "outlet")} told '
            f'{_plural(n_events, "story") if n_events != 1 else "one story"}: {_plural(len(arts), "article")} in the '
            f'corpus <b>{html.escape(corpus_name)}</b>, {_date_range(arts["published"])}.</p>'
            f'<h3>Outlets</h3><ul>{"".join(outlets)}</ul><h3>Events</h3><ul>{shown_events}</ul>')


def write_index(work: Path, pages: list[dict[str, Any]], result: Any, corpus_name: str,
                articles: list[tuple[int, str]]) -> Path:
    """``index.html``: the corpus, the key findings with links to their evidence, the sections in the
    notebooks' order with their figures and captions, the annotated articles and the files."""
    from .compare import findings

    by_stem = {p["stem"]: p for p in pages}
    by_event: dict[str, list[str]] = {}
    for text, topic, event in findings(result.tables["comparison"], with_topics=True):
        stem, heading = FINDING_EVIDENCE.get(topic, ("05_comparison", None))
        link = ""
        if stem in by_stem:
            link = f' <a href="html/{stem}.html{_anchor(by_stem[stem]["html"], heading)}">evidence</a>'
        by_event.setdefault(event, []).append(f"<li>{html.escape(text)}{link}</li>")
    items = [f"<h3>{html.escape(e)}</h3><ul>{''.join(lines)}</ul>"
             for e, lines in list(by_event.items())[:MAX_EVENT_FINDINGS]]
    if len(by_event) > MAX_EVENT_FINDINGS:
        items.append(f'<p class="muted">… and {len(by_event) - MAX_EVENT_FINDINGS:,} more events: see '
                     f'<a href="html/05_comparison.html">the comparison page</a>.</p>')
    sections = []
    for p in pages:
        figs = []
        for f in p["figures"]:
            name = html.escape(f["figure"], quote=True)
            alt = html.escape(f"{f.get('title', '')}. {f.get('caption', '')}".strip(". "), quote=True)
            figs.append(f'<figure id="figure-{name}"><a href="figures/{name}.png"><img src="figures/{name}.png" '
                        f'alt="{alt}" data-font-px="{text_px(STYLE["savefig.dpi"])}" loading="lazy"></a><figcaption><b>{html.escape(f.get("title", ""))}</b> '
                        f'{html.escape(f.get("caption", ""))} <a href="figures/{name}.csv">Data (CSV)</a>'
                        f'</figcaption></figure>')
        sections.append(f'<section><h2 id="{p["stem"]}">{html.escape(p["title"])}</h2>'
                        f'<p>{html.escape(p["lede"])} <a href="html/{p["stem"]}.html">Read the full section</a>.</p>'
                        f'{"".join(figs)}</section>')
    arts = "".join(f'<li><a href="articles/{aid}.html">{html.escape(label)}</a></li>' for aid, label in articles)
    more = len(result.corpus.articles) - len(articles)
    more_note = f"<p class='muted'>{more:,} more articles are in the tables, not shown here.</p>" if more > 0 else ""
    run = json.loads((work / "run.json").read_text(encoding="utf-8")) if (work / "run.json").is_file() else {}
    started = html.escape(str(run.get("started", "")))
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(corpus_name)}: how the outlets told the story</title>
{PAGE_CSS}{TABLE_CSS}</head>
<body><h1>How the outlets told the story: {html.escape(corpus_name)}</h1>
{corpus_summary(corpus_name, result.corpus.articles, result.tables["events"])}
<h2 id="findings">Key findings</h2>
<p class="muted">Generated from the tables; each links to the section that holds its evidence.</p>
{"".join(items) or "<p>No findings: the corpus has no event covered by two outlets.</p>"}
{"".join(sections)}
<h2 id="articles">The articles, as the tool read them</h2>
<p>Each page shows an article's clean text with its quotes coloured by speaker, the reporting verbs, the cited
sources and the policy-frame words marked, and the page chrome that was removed, so every count can be checked.</p>
<ul>{arts}</ul>{more_note}
<h2 id="files">Files</h2>
<ul><li><a href="tables/">tables/</a>: every table the pages show, as CSV and Parquet</li>
<li><a href="analysis/">analysis/</a>: every table of the analysis (the notebooks read these)</li>
<li><a href="figures/">figures/</a>: the figures in full size (PNG, SVG) with the data each plots (CSV)</li>
<li><a href="notebooks/">notebooks/</a>: the executed notebooks</li>
<li><a href="run.json">run.json</a>: parameters, input hashes, versions and timings of this run{f" (started {started})" if started else ""}</li></ul>
</body></html>
"""
    target = work / "index.html"
    write_text_atomic(target, page)
    return target
