"""Figures for reports. Each function takes the stages' tables and returns a matplotlib ``Figure``
(no pyplot state, any backend); an outlet keeps its colour in every figure (:func:`outlet_colors`).
:func:`save_figure` writes PNG and SVG (and PDF on request) byte-identically for the same input, each
with the plotted data as CSV beside it.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

PALETTE = ["#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d5a97", "#3d405b", "#e07a5f", "#81b29a",
           "#f2cc8f"]
STYLE = {"font.size": 10, "axes.titlesize": 12, "axes.titleweight": "bold", "axes.labelsize": 10,
         "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "newsframes", "svg.fonttype": "path",
         "figure.dpi": 100, "savefig.dpi": 150,
         "text.parse_math": False, "text.usetex": False}  # text from the data is never read as markup ($...$)
# Categories (quote kinds, speaker types, verb classes) take colours no outlet has, so that a colour
# never means an outlet in one chart and a category in the next.
CATEGORY_PALETTE = ["#8c8c8c", "#a6cee3", "#b2df8a", "#fdbf6f", "#cab2d6", "#ffff99", "#fb9a99", "#b15928",
                    "#6a3d9a", "#1f78b4"]
FORMATS = ("png", "svg", "pdf")
SMALLEST_TEXT_PT = 10  # no text in a figure is smaller (font.size; ticks and legends use it)


def text_px(dpi: float) -> float:
    """The smallest text of a figure, in pixels of its PNG at ``dpi``."""
    return round(SMALLEST_TEXT_PT * dpi / 72, 2)


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """A fixed colour per outlet, by sorted name, so every figure of a corpus uses the same one."""
    names = sorted({str(o) for o in outlets})
    return {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(names)}


def _figure(width: float = 8.0, height: float = 4.5) -> Figure:
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def save_figure(fig: Figure, folder: str | Path, name: str, data: pd.DataFrame,
                formats: Iterable[str] = ("png", "svg")) -> list[Path]:
    """Write ``name.<format>`` for each format and ``name.csv`` (the plotted data), each via a
    temporary file and a rename; fixed metadata make the files byte-identical across runs."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    meta = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
            "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}}
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"figure format {fmt!r} is not one of {', '.join(FORMATS)}")
        target = folder / f"{name}.{fmt}"
        fd, tmp = tempfile.mkstemp(prefix=target.name + ".", dir=folder)
        os.close(fd)
        with matplotlib.rc_context(STYLE):
            fig.savefig(tmp, format=fmt, metadata=meta[fmt])
        os.chmod(tmp, 0o644)  # mkstemp makes private files; a report is read by the group
        os.replace(tmp, target)
        written.append(target)
    target = folder / f"{name}.csv"
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", dir=folder)
    os.close(fd)
    data.to_csv(tmp, index=False)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    written.append(target)
    return written


def grouped_bars(table: pd.DataFrame, *, category: str, value: str, colors: dict[str, str], title: str,
                 xlabel: str, group: str = "outlet", max_categories: int = 15) -> Figure:
    """Horizontal bars: one row per category, one bar per outlet (or other ``group``)."""
    with matplotlib.rc_context(STYLE):
        best = table.groupby(category)[value].max().sort_values(ascending=False, kind="stable")
        cats = best[best > 0].head(max_categories).index.tolist() or best.head(1).index.tolist()
        groups = sorted(table[group].astype(str).unique())
        fig = _figure(8, max(2.5, 0.45 * len(cats) * max(1, len(groups)) ** 0.5 + 1.2))
        ax = fig.add_subplot()
        height = 0.8 / max(1, len(groups))
        for k, g in enumerate(groups):
            sub = table[table[group].astype(str) == g].set_index(category)[value]
            vals = [float(sub.get(c, 0.0)) for c in cats]
            ax.barh([i + k * height for i in range(len(cats))], vals, height=height, label=g,
                    color=colors.get(g, "#888888"))
        ax.set_yticks([i + height * (len(groups) - 1) / 2 for i in range(len(cats))], labels=cats)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.set_title(title, loc="left")
        if all(float(v).is_integer() for v in table[value].dropna()):  # counts: whole-number ticks
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if len(groups) > 1:  # below the axes, never over a bar or the title
            fig.legend(*ax.get_legend_handles_labels(), frameon=False, ncols=min(3, len(groups)),
                       loc="outside lower center")
        return fig


def stacked_shares(table: pd.DataFrame, *, category: str, share: str, title: str, xlabel: str = "share",
                   group: str = "outlet") -> Figure:
    """One horizontal stacked bar per outlet, split by category (shares summing to 1)."""
    with matplotlib.rc_context(STYLE):
        groups = sorted(table[group].astype(str).unique())
        cats = sorted(table[category].astype(str).unique())
        cat_colors = {c: CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)] for i, c in enumerate(cats)}
        fig = _figure(8, max(2.2, 0.6 * len(groups) + 1.5))
        ax = fig.add_subplot()
        for i, g in enumerate(groups):
            left = 0.0
            sub = table[table[group].astype(str) == g].set_index(table[category].astype(str).name)
            for c in cats:
                v = float(sub[share].get(c, 0.0)) if c in sub.index else 0.0
                ax.barh(i, v, left=left, color=cat_colors[c], label=c if i == 0 else None)
                left += v
        ax.set_yticks(range(len(groups)), labels=groups)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel(xlabel)
        ax.set_title(title, loc="left")
        fig.legend(*ax.get_legend_handles_labels(), frameon=False, ncols=min(4, len(cats)), loc="outside lower center")
        return fig


def distinctive_words_chart(table: pd.DataFrame, *, colors: dict[str, str], top: int = 10,
                            title: str = "Words each outlet uses more than the others (z-score)") -> Figure:
    """One panel per outlet: its top terms by Fightin' Words z-score."""
    with matplotlib.rc_context(STYLE):
        outlets = sorted(table["outlet"].astype(str).unique())
        cols = min(2, max(1, len(outlets)))  # at most two panels a row, so the text stays readable
        rows = max(1, -(-len(outlets) // cols))
        fig = _figure(8, rows * (0.35 * top + 1.2) + 0.5)
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for ax in axes[len(outlets):]:
            ax.axis("off")
        for ax, o in zip(axes, outlets):
            sub = table[(table["outlet"] == o) & (table["z"] > 0)].head(top)
            ax.barh(range(len(sub)), sub["z"], color=colors.get(o, "#888888"))
            ax.set_yticks(range(len(sub)), labels=sub["term"])
            ax.invert_yaxis()
            ax.set_title(o, loc="left", fontsize=10)
            ax.set_xlabel("z-score")
            ax.axvline(1.96, color="#444444", linestyle="--", linewidth=1)  # beyond it: unlikely to be chance
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
        return fig


def citation_network(sources: pd.DataFrame, *, colors: dict[str, str],
                     title: str = "Who cites whom: outlets (left) and the sources they cite (right)") -> Figure:
    """A two-column network: each outlet linked to the agencies, outlets, bodies and documents it cites;
    line width = number of citations."""
    with matplotlib.rc_context(STYLE):
        edges = sources.groupby(["outlet", "source"]).size().reset_index(name="n")
        left = sorted(edges["outlet"].astype(str).unique())
        right = list(edges.groupby("source")["n"].sum().sort_values(ascending=False, kind="stable").index)
        fig = _figure(8, max(3, 0.3 * len(right) + 1.2))
        ax = fig.add_subplot()
        ly = {o: (i + 0.5) * len(right) / max(1, len(left)) for i, o in enumerate(left)}
        ry = {s: i + 0.5 for i, s in enumerate(right)}
        for e in edges.itertuples():
            ax.plot([0, 1], [ly[e.outlet], ry[e.source]], color=colors.get(e.outlet, "#888888"),
                    linewidth=0.8 + 1.2 * e.n, alpha=0.7)
        for o, y in ly.items():
            ax.text(-0.02, y, o, ha="right", va="center", fontweight="bold", color=colors.get(o, "#333333"))
        for s, y in ry.items():
            ax.text(1.02, y, s, ha="left", va="center")
        ax.set_xlim(-0.6, 1.6)
        ax.set_ylim(len(right) + 0.5, -0.5)
        ax.axis("off")
        ax.set_title(title, loc="left")
        return fig


def articles_over_time(articles: pd.DataFrame, *, colors: dict[str, str],
                       title: str = "Articles per outlet and day") -> Figure:
    with matplotlib.rc_context(STYLE):
        df = articles.dropna(subset=["published"]).assign(day=lambda d: d["published"].dt.strftime("%Y-%m-%d"))
        counts = df.groupby(["day", "outlet"]).size().reset_index(name="articles")
        return grouped_bars(counts, category="day", value="articles", colors=colors, title=title,
                            xlabel="articles")
