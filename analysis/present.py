"""What a reader sees: tables, figures and annotated articles as HTML, for notebooks and the report.

- :func:`table_html` renders a DataFrame without row numbers, missing values as a dash, long text
  left-aligned and wrapped, wide tables scrollable; :func:`setup_notebook_display` makes every
  DataFrame shown in a notebook render this way.
- :class:`FigureView` is what ``Context.save_figure`` returns: the figure at a readable size with its
  caption, alt text and a link to its data.
- :func:`show` is one article as the tool read it: quotes coloured by speaker (the resolved name on
  hover), cues, cited sources, frame evidence underlined, and the removed page chrome, collapsed.
"""
from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .plots import STYLE, text_px

MISSING = "—"
INLINE_DPI = 100  # figures shown in notebook pages (the files in figures/ have savefig.dpi)
def speaker_colour(k: int) -> str:
    """A light background for the k-th speaker: hues a golden angle apart, so no two speakers of an
    article share a colour."""
    import colorsys

    r, g, b = colorsys.hls_to_rgb((k * 0.381966) % 1.0, 0.86 - 0.05 * ((k // 10) % 3), 0.65)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
TABLE_CSS = """<style>
.nf-table{overflow:auto;max-width:100%;max-height:75vh;margin:.5rem 0 1rem;border:1px solid #eee}
.nf-table table thead th{position:sticky;top:0;z-index:1}
.nf-table table{border-collapse:collapse;font:14px/1.4 system-ui,sans-serif}
.nf-table table th{text-align:left!important;vertical-align:bottom;border-bottom:2px solid #444;padding:4px 8px;background:#f4f4f4}
.nf-table table td{vertical-align:top;border-bottom:1px solid #ddd;padding:4px 8px}
.nf-table table td.num{text-align:right!important;white-space:nowrap}
.nf-table table td.text{text-align:left!important;white-space:normal;min-width:12rem;max-width:36rem}
.nf-table table td.short{text-align:left!important;white-space:normal}
.nf-note{font:13px/1.4 system-ui,sans-serif;color:#555;margin:.3rem 0}
</style>"""


# -- values and tables ---------------------------------------------------------------------------------

def cell_text(v: Any) -> str:
    """A cell as a reader should see it: no ``nan``, ``<NA>``, ``None`` or ``NaT``; yes/no for booleans,
    times in UTC, numbers without float noise, lists joined."""
    if isinstance(v, (list, tuple, np.ndarray)):
        return ", ".join(cell_text(x) for x in v) or MISSING
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return MISSING
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, pd.Timestamp):
        if v.tzinfo is not None:
            v = v.tz_convert("UTC")
        return v.strftime("%Y-%m-%d") if (v.hour, v.minute, v.second) == (0, 0, 0) else \
            v.strftime("%Y-%m-%d %H:%M") + (" UTC" if v.tzinfo is not None else "")
    if isinstance(v, (float, np.floating)):
        if float(v).is_integer() and abs(v) < 1e15:
            return str(int(v))
        return f"{v:,.1f}" if abs(v) >= 100 else f"{v:.3g}" if abs(v) >= 0.001 else f"{v:.2e}"
    if isinstance(v, (int, np.integer)):
        return str(int(v))  # no thousands separator: ids must stay searchable (article 12345)
    s = str(v)
    return s if s.strip() else MISSING


def _label(name: Any) -> str:
    if isinstance(name, tuple):
        return " · ".join(_label(n) for n in name if str(n) != "")
    return str(name).replace("_", " ")


PERCENT_RE = re.compile(r"(?:^|_)(?:share|rate)(?:$|_)")


def table_html(df: pd.DataFrame, *, max_rows: int = 1000, caption: str | None = None) -> str:
    """A table as HTML for a reader: no row numbers (a meaningful index becomes the first columns),
    missing values as a dash, shares as percentages, numbers right-aligned, long text left-aligned and
    wrapped, in a box that scrolls both ways with the header in view; at most ``max_rows`` rows, with a
    note above saying how many there are and where the whole table is (``df.attrs["csv"]``)."""
    labelled = any(n is not None for n in df.index.names) or not pd.api.types.is_integer_dtype(df.index.dtype)
    if labelled:  # row labels that mean something (a transposed table, a named index) stay, as columns
        df = df.reset_index()
    n = len(df)
    shown = df.head(max_rows)
    kinds, percent = [], []
    for i, c in enumerate(shown.columns):
        col = shown.iloc[:, i]  # by position: a table may repeat a column name
        is_num = pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype)
        percent.append(bool(is_num and PERCENT_RE.search(str(c)) and col.dropna().between(0, 1).all()))
        if not is_num:
            lengths = [len(cell_text(v)) for v in col.head(50)]
            kinds.append("text" if lengths and max(lengths) > 40 else "short")
        else:
            kinds.append("num")
    head = "".join(f"<th>{html.escape(_label(c))}</th>" for c in shown.columns)
    body = []
    for row in shown.itertuples(index=False, name=None):
        cells = (f"{100 * v:.1f}%" if pc and not _is_missing(v) else cell_text(v) for v, pc in zip(row, percent))
        body.append("<tr>" + "".join(f'<td class="{k}">{html.escape(t)}</td>' for k, t in zip(kinds, cells)) + "</tr>")
    notes = []
    csv = df.attrs.get("csv")
    where = f'<a href="{html.escape(csv, quote=True)}">{html.escape(csv.rsplit("/", 1)[-1])}</a>' if csv else "its CSV file"
    if n > max_rows:
        notes.append(f"Showing the first {max_rows:,} of {n:,} rows; the whole table is in {where}.")
    if caption:
        notes.append(html.escape(caption))
    if n == 0:
        notes.append("No rows.")
    note = f'<p class="nf-note">{" ".join(notes)}</p>' if notes else ""
    return (f'{TABLE_CSS}{note}<div class="nf-table"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


class HTML:
    """HTML that a notebook displays as such (and ``str()`` gives as text)."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def bullets(lines: list[str]) -> HTML:
    """Plain sentences as a list (findings), in the page's text style rather than as code output."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return HTML(f'<ul class="nf-findings" style="font:15px/1.5 system-ui,sans-serif">{items}</ul>')


def setup_notebook_display() -> None:
    """In a notebook, show matplotlib Figures (made without pyplot) as images and every DataFrame
    through :func:`table_html` (no-op outside IPython)."""
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import select_figure_formats
    except ImportError:  # pragma: no cover - outside IPython
        return
    shell = get_ipython()
    if shell is not None:
        select_figure_formats(shell, {"png"}, bbox_inches="tight")
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, table_html)


# -- figures -------------------------------------------------------------------------------------------

def figure_title(fig: Any) -> str:
    """The title drawn on a figure (suptitle, else the first axes' title)."""
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text():
        return sup.get_text()
    for ax in fig.axes:
        for loc in ("left", "center"):
            if ax.get_title(loc=loc):
                return ax.get_title(loc=loc)
    return ""


@dataclass
class FigureView:
    """A saved figure as a notebook shows it: the image at full width, its title and a caption saying
    how to read it, alt text, and links to the full-size image and its data. The output's metadata names
    the figure, so the report's index can place it in its section."""

    fig: Any
    name: str
    caption: str
    png: bytes
    link_prefix: str = "../figures/"

    @property
    def title(self) -> str:
        return figure_title(self.fig)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        b64 = base64.b64encode(self.png).decode("ascii")
        alt = html.escape(f"{self.title}. {self.caption}".strip(". ") or self.name, quote=True)
        href = html.escape(self.link_prefix + self.name, quote=True)
        markup = (f'<figure class="nf-figure" id="figure-{html.escape(self.name, quote=True)}" style="margin:0 0 1.5rem">'
                  f'<a href="{href}.png"><img src="data:image/png;base64,{b64}" alt="{alt}" '
                  f'data-font-px="{text_px(INLINE_DPI)}" style="max-width:100%;height:auto"></a>'
                  f'<figcaption style="font:14px/1.4 system-ui,sans-serif;color:#333;max-width:50rem">'
                  f'{html.escape(self.caption)} <a href="{href}.csv">Data (CSV)</a></figcaption></figure>')
        meta = {"newsframes": {"figure": self.name, "title": self.title, "caption": self.caption}}
        return {"text/html": markup, "image/png": b64, "text/plain": f"Figure {self.name}: {self.title}"}, \
            {"text/html": meta}


def figure_png(fig: Any, dpi: int = INLINE_DPI) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


# -- annotated article ---------------------------------------------------------------------------------

ARTICLE_CSS = """<style>
.nf-article{font:16px/1.6 Georgia,serif;max-width:46rem}
.nf-article .meta{font:14px/1.4 system-ui,sans-serif;color:#444}
.nf-article .body{white-space:pre-wrap}
.nf-article .cue{font-style:italic;font-weight:bold}
.nf-article .src{border-bottom:2px dotted #333}
.nf-article .nores{border:1px dashed #777;color:#555}
.nf-article .frame{text-decoration:underline wavy #b35806;text-decoration-skip-ink:none}
.nf-article .legend{font:13px/1.6 system-ui,sans-serif;margin:.5rem 0}
.nf-article .chip{display:inline-block;padding:0 .4rem;margin:0 .3rem .2rem 0;border-radius:3px}
.nf-article details{margin-top:1.5rem;color:#888;font:13px/1.4 system-ui,sans-serif}
.nf-article details pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}
</style>"""


def _is_missing(v: Any) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def article_html(result: Any, article_id: int) -> str:
    """One article as the tool read it (see :func:`show`); ``result`` is an :class:`~analysis.Analysis`."""
    arts = result.corpus.articles
    rows = arts[arts["article_id"] == article_id]
    if rows.empty:
        from .errors import ParameterError
        raise ParameterError(f"article: no article with article_id {article_id!r} in this analysis")
    art = rows.iloc[0]
    text = str(art["text"])
    n = len(text)
    marks: list[list[tuple[str, str, str]]] = [[] for _ in range(n)]  # per character: (kind, css, title)

    def mark(start: Any, end: Any, kind: str, css: str, title: str) -> None:
        if _is_missing(start) or _is_missing(end):
            return
        for i in range(max(0, int(start)), min(n, int(end))):
            marks[i].append((kind, css, title))

    quotes = result.tables["quotes"]
    quotes = quotes[quotes["article_id"] == article_id]
    speakers = sorted({str(s) for s in quotes["speaker_resolved"].dropna()})
    colour = {s: speaker_colour(i) for i, s in enumerate(speakers)}
    for q in quotes.itertuples(index=False):
        who = q.speaker_resolved if not _is_missing(q.speaker_resolved) else None
        title = (f"{q.kind} quote by {who}" + (f" ({q.speaker_type})" if not _is_missing(q.speaker_type) else "")
                 if who else f"{q.kind} quote, speaker not found")
        bg = colour.get(str(who), "#eeeeee")
        spans = q.content_spans if q.content_spans is not None and len(q.content_spans) else [[q.start, q.end]]
        for s, e in spans:
            mark(s, e, "quote", f"background:{bg}", title)
        mark(q.cue_start, q.cue_end, "cue", "", f"cue: {q.cue} ({q.cue_class})")
    sources = result.tables["sources"]
    for s in sources[sources["article_id"] == article_id].itertuples(index=False):
        name = s.source_resolved if not _is_missing(s.source_resolved) else s.source
        mark(s.start, s.end, "src", "", f"source: {cell_text(name)} ({cell_text(s.source_type)})")
    responses = result.tables.get("responses")
    if responses is not None:
        for r in responses[responses["article_id"] == article_id].itertuples(index=False):
            mark(r.start, r.end, "nores", "", f"non-response ({r.kind})" + (f": {r.who}" if not _is_missing(r.who) else ""))
    ev = result.tables["frame_evidence"]
    for f in ev[(ev["article_id"] == article_id) & (ev["section"] != "headline")].itertuples(index=False):
        mark(f.start, f.end, "frame", "", f"{f.frame_set} frame: {f.frame}")
    parts, i = [], 0
    while i < n:
        j = i + 1
        while j < n and marks[j] == marks[i]:
            j += 1
        chunk = html.escape(text[i:j])
        if marks[i]:
            classes = " ".join(sorted({k for k, _, _ in marks[i]}))
            styles = [c for k, c, _ in marks[i] if c]
            style = next((c for c in styles if c != "background:#eeeeee"), styles[0] if styles else "")
            title = html.escape(" | ".join(dict.fromkeys(t for _, _, t in marks[i])), quote=True)
            parts.append(f'<span class="{classes}" style="{style}" title="{title}">{chunk}</span>')
        else:
            parts.append(chunk)
        i = j
    meta = [("Outlet", art.get("outlet")), ("Wire agency", art.get("agency")), ("Byline", art.get("byline")),
            ("Published", art.get("published")), ("Dateline", art.get("dateline")), ("Event", art.get("event")),
            ("File", Path(str(art.get("source_path"))).name if not _is_missing(art.get("source_path")) else None)]
    meta_html = " · ".join(f"{k}: {html.escape(cell_text(v))}" for k, v in meta if not _is_missing(v) and str(v))
    legend = "".join(f'<span class="chip" style="background:{colour[s]}">{html.escape(s)}</span>' for s in speakers)
    legend = (f'<div class="legend">Speakers: {legend or "none found"}<br>'
              'Marks: <span class="chip" style="background:#eee">quoted or reported speech</span>'
              '<span class="cue">reporting verb</span> · <span class="src">cited source</span> · '
              '<span class="frame">policy-frame word</span> · <span class="nores">did not answer</span> '
              '(hover over any mark for what the tool read)</div>')
    title = art.get("title")
    heading = html.escape(str(title)) if not _is_missing(title) and str(title).strip() else \
        f"Untitled article ({html.escape(str(art.get('doc_id')))})"
    chrome = str(art.get("boilerplate") or "") if not _is_missing(art.get("boilerplate")) else ""
    chrome_lines = [x for x in chrome.split("\n") if x.strip()]
    removed = (f'<details><summary>Removed page chrome ({len(chrome_lines)} lines), for audit</summary>'
               f'<pre>{html.escape(chr(10).join(chrome_lines))}</pre></details>') if chrome_lines else \
        '<p class="meta">No page chrome was removed from this article.</p>'
    return (f'{ARTICLE_CSS}<article class="nf-article"><h2>{heading}</h2><p class="meta">{meta_html}</p>{legend}'
            f'<div class="body">{"".join(parts)}</div>{removed}</article>')


def show(result: Any, article: Any) -> HTML:
    """One article as the tool read it, for checking its reading: the clean text with quotes coloured
    by speaker (resolved name and type on hover), reporting verbs, cited sources, policy-frame words,
    and the removed page chrome collapsed. ``article``: an ``article_id``, or a ``doc_id``.

    >>> from analysis import analyse, load_corpus, show    # doctest: +SKIP
    >>> a = analyse(load_corpus()); show(a, 0)             # doctest: +SKIP
    """
    arts = result.corpus.articles
    if not isinstance(article, (int, np.integer)):
        hit = arts.loc[arts["doc_id"].astype(str) == str(article), "article_id"]
        if hit.empty:
            from .errors import ParameterError
            raise ParameterError(f"article: {article!r} is neither an article_id nor a doc_id of this analysis")
        article = int(hit.iloc[0])
    return HTML(article_html(result, int(article)))


def comparison_html(table: pd.DataFrame) -> HTML:
    """The comparison table one event at a time, outlets side by side as columns and the measures as
    rows, so that a wide table reads down the page instead of running off it."""
    parts = []
    for event, t in table.groupby("event", sort=True):
        side = t.drop(columns="event").set_index("outlet").T
        side.index = [_label(i) for i in side.index]
        side.index.name = "measure"
        side.columns.name = None
        parts.append(f"<h3>{html.escape(str(event))}</h3>" + table_html(side))
    return HTML("".join(parts) or "<p>No event to compare.</p>")


def note(text: str) -> HTML:
    """A sentence for the reader in a notebook's output (instead of monospace print output)."""
    return HTML(f'<p style="font:15px/1.5 system-ui,sans-serif">{html.escape(text)}</p>')
