"""Same-story comparison: one row per outlet and event, every cell backed by a table a reader can open.

>>> table = comparison_table(corpus)                      # doctest: +SKIP
"""
from __future__ import annotations

import logging
import re
from typing import Any

import pandas as pd

from .actors import actor_mentions, actor_salience
from .alignment import align, publication_lag, shared_terms
from .corpus import Corpus
from .frames import frame_scores, generic_frame_questions, generic_frame_scores
from .quotes import attribute
from .wordchoice import fightin_words, term_counts

log = logging.getLogger(__name__)


def event_assignment(corpus: Corpus, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """article_id -> event: the given grouping, else the corpus' ``event`` column, else content groups."""
    if events is not None:
        return events[["article_id", "event"]]
    if corpus.articles["event"].notna().all():
        return corpus.articles[["article_id", "event"]].astype({"event": object})
    from .events import group_events
    return group_events(corpus)[["article_id", "event"]]


def comparison_table(corpus: Corpus, events: pd.DataFrame | None = None, *, top: int = 3,
                     tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per (event, outlet): headline, dateline, length, lead actors, most-mentioned actors,
    top frames, quote shares, speakers by country, sources by type, exclusive share, distinctive
    words, publication time and lag. Events with a single outlet get a row with a ``note``.

    ``tables``: the tables of earlier stages (:func:`analysis.pipeline.analyse` passes them), so
    nothing is computed twice; any that is missing is computed here."""
    t = dict(tables or {})
    ev = event_assignment(corpus, events)
    arts = corpus.articles.drop(columns=["event"]).merge(ev, on="article_id")
    arts["outlet"] = arts["outlet"].astype(object).where(arts["outlet"].notna(), "(unknown outlet)")
    if "quotes" not in t or "sources" not in t:
        t["quotes"], t["sources"] = attribute(corpus)
    quotes, sources = t["quotes"], t["sources"]
    if "actor_salience" not in t or "actor_mentions" not in t:
        speakers = sorted(set(quotes.loc[quotes["speaker_type"] == "named person", "speaker_resolved"].dropna()))
        t["actor_mentions"] = actor_mentions(corpus, speakers=speakers)
        t["actor_salience"] = actor_salience(corpus, t["actor_mentions"])
    salience = t["actor_salience"]
    lead_of = lead_subjects(t["actor_mentions"])
    frames = t["frame_scores"] if "frame_scores" in t else frame_scores(corpus)
    generic = t["generic_frame_scores"] if "generic_frame_scores" in t else \
        generic_frame_scores(generic_frame_questions(corpus))
    coverage = t["sentence_coverage"] if "sentence_coverage" in t else align(corpus, ev)[1]
    lag = t["publication_lag"] if "publication_lag" in t else publication_lag(corpus, ev)
    shared = t["shared_terms"] if "shared_terms" in t else shared_terms(corpus, ev)
    words = t["_article_words"].set_index("article_id")["words"] if "_article_words" in t else \
        corpus.tokens[corpus.tokens["is_alpha"]].groupby("article_id").size()
    # Each table is split by (event, outlet) once, into plain records: no step scans a whole table
    # per event, and no per-group pandas call (thousands of small groups cost more than the data).
    key = arts[["article_id", "event", "outlet"]]

    def by_group(df: pd.DataFrame, cols: list[str]) -> dict[tuple, list[tuple]]:
        d = df.drop(columns=[c for c in ("event", "outlet") if c in df.columns]).merge(key, on="article_id")
        out: dict[tuple, list[tuple]] = {}
        values = [d[c].astype(object).where(d[c].notna(), None).tolist() for c in ["event", "outlet", *cols]]
        for ev, ou, *rest in zip(*values):
            out.setdefault((ev, ou), []).append(tuple(rest))
        return out

    sal_g = by_group(salience, ["actor", "in_lead", "first_order", "mentions", "as_subject"])
    q_g = by_group(quotes[quotes["continues"].isna()].assign(voice=voices(quotes[quotes["continues"].isna()])),
                   ["kind", "speaker_country", "voice", "speaker_type"])
    s_g = by_group(sources, ["source_type", "source_resolved"])
    f_g = by_group(frames[(frames["section"] == "all") & (frames["frame_set"] == "policy")],
                   ["frame", "per_1000_words"])
    gen_g = by_group(generic.assign(present=generic["present"].astype(float)), ["frame", "present"])
    cov_g = by_group(coverage, ["status"])
    lag_g = {(e, o): (p, d, h) for e, o, p, d, h in zip(lag["event"], lag["outlet"], lag["published"], lag["lag_days"],
                                                        lag["lag_hours"])}  # one row per (event, outlet)
    art_g = by_group(arts[["article_id", "title", "dateline"]], ["article_id", "title", "dateline"])
    outlets_of: dict[Any, list[str]] = {}
    # events in order (as a sorted groupby: articles with no event are left out), then outlets
    for ev_, ou_ in sorted((k for k in art_g if k[0] is not None), key=lambda k: (type(k[0]).__name__, k[0], k[1])):
        outlets_of.setdefault(ev_, []).append(ou_)
    shared_g = {k: list(g["term"]) for k, g in shared.groupby("event", sort=False)}
    words_of = words.to_dict()
    counts = t["_term_counts"] if "_term_counts" in t else term_counts(corpus)
    rows = []
    single = 0
    for event, outlets in outlets_of.items():
        note = "" if len(outlets) > 1 else "only one outlet in this event: nothing to compare"
        single += bool(note)
        distinct = fightin_words(corpus, articles=[r[0] for o in outlets for r in art_g[(event, o)]], min_count=1,
                                 counts=counts, top=top + 2) if len(outlets) > 1 else None
        ev_shared = shared_g.get(event, [])
        for outlet in outlets:
            k = (event, outlet)
            ids = [r[0] for r in art_g[k]]
            sal = sal_g.get(k, [])
            q = q_g.get(k, [])
            s = s_g.get(k, [])
            cov = cov_g.get(k, [])
            published, lag_days, lag_hours = lag_g.get(k, (pd.NaT, None, None))
            fmean = _ranked_means(f_g.get(k, []))
            rows.append({
                "event": event, "outlet": outlet, "articles": len(ids),
                "headline": "; ".join(r[1] for r in art_g[k] if r[1] is not None) or None,
                "dateline": "; ".join(sorted({r[2] for r in art_g[k] if r[2] is not None})) or None,
                "words": int(sum(words_of.get(i, 0) for i in ids)),
                "lead_subject": _ranked_sums([(lead_of[i], 1) for i in ids if i in lead_of], 1)[0][0]
                if any(i in lead_of for i in ids) else "",
                "lead_actors": _first_unique([r[0] for r in sorted((r for r in sal if r[1] > 0), key=lambda r: r[2])],
                                             top),
                "most_mentioned": _first_unique([a for a, _ in _ranked_sums(sal, 3)], top),
                "main_subjects": _first_unique([a for a, v in _ranked_sums(sal, 4) if v > 0], top),
                "top_frames": ", ".join(f"{f} ({v:.0f})" for f, v in fmean[:top] if v > 0),
                "generic_frames": ", ".join(f"{f} ({100 * v:.0f}% of articles)"
                                            for f, v in _ranked_means(gen_g.get(k, [])) if v > 0),
                "quotes": len(q),
                "direct_share": round(sum(r[0] == "direct" for r in q) / len(q), 3) if q else 0.0,
                "speakers_by_country": _counts([r[1] for r in q]),
                "quoted": _counts([r[2] for r in q if r[2] is not None]),
                "quoted_people": _counts([r[2] for r in q if r[3] == "named person"]),
                "sources_by_type": _counts([r[0] for r in s]),
                "cited_media": ", ".join(sorted({r[1] for r in s if r[1] is not None and r[0] in (
                    "news agency", "media outlet")})),  # an outlet's own reporting is not a medium it cites
                "own_reporting": sum(r[0] == "own reporting" for r in s),
                "shared_terms": ", ".join(ev_shared[:4 * top]),
                "exclusive_share": round(sum(r[0] == "exclusive" for r in cov) / len(cov), 3)
                if cov and not note else None,
                "distinctive_words": ", ".join(distinct.loc[(distinct["outlet"] == outlet) & (distinct["z"] > 0)]
                                               .head(top + 2)["term"]) if distinct is not None else "",
                "published": published,
                "lag_days": None if lag_days is None else int(lag_days),
                "lag_hours": None if lag_hours is None or pd.isna(lag_hours) else round(float(lag_hours), 2),
                "note": note,
            })
    if single:
        log.warning("%d of %d events have only one outlet: nothing to compare there", single,
                    arts["event"].nunique())
    out = pd.DataFrame(rows)
    if "published" in out:
        out["published"] = pd.to_datetime(out["published"], utc=True).astype("datetime64[ns, UTC]")
    return out


def lead_subjects(mentions: pd.DataFrame) -> dict[int, str]:
    """Per article, the actor its first sentence is about: the grammatical subject there (a person or
    institution before a country: "South Korean President Yoon" leads with Yoon)."""
    m = mentions[mentions["is_subject"]]
    if m.empty:
        return {}
    m = m[m["sentence_id"] == 0]
    m = m.assign(country=m["actor_type"] == "country").sort_values(["article_id", "country", "start"], kind="stable")
    return {int(a): _display_actor(x) for a, x in m.groupby("article_id", sort=True)["actor"].first().items()}


def _display_actor(actor: str) -> str:
    """An institution's canonical name as a sentence says it: "South Korea: defence ministry" ->
    "South Korea's defence ministry"."""
    country, sep, rest = actor.partition(": ")
    if not sep:  # "white house" -> "White House"; a person's name is left as written
        return actor.title() if actor == actor.lower() else actor
    return f"{country}' {rest}" if country.endswith("s") else f"{country}'s {rest}"


def voices(quotes: pd.DataFrame) -> list[str | None]:
    """Who speaks in each quote, named as in the quote tables (:func:`analysis.quotes.voice_names`),
    with an organisation's country when its name does not say it ("Japan's Defense Ministry"); None
    for a medium that is only relayed (a cited medium, not a voice)."""
    from .quotes import voice_names

    out: list[str | None] = []
    for name, typ, country in zip(voice_names(quotes), quotes["speaker_type"], quotes["speaker_country"]):
        if typ == "media outlet":
            out.append(None)
        elif typ == "organisation" and isinstance(country, str) and country and not _names_country(name, country):
            out.append(_display_actor(f"{country}: {name}"))
        else:
            out.append(name)
    return out


def _names_country(name: str, country: str) -> bool:
    """Does ``name`` already say which country it belongs to ("U.S. Defense Department", "Korean army")?"""
    from .lexicons import countries

    aliases = [a for a, c in countries().items() if c == country] + [country]
    return any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", name) for a in aliases)


def _first_unique(values: list[str], n: int) -> str:
    """The first ``n`` distinct values, in order, joined by commas."""
    seen: list[str] = []
    for v in values:
        if v not in seen:
            seen.append(v)
        if len(seen) == n:
            break
    return ", ".join(seen)


def _ranked_sums(records: list[tuple], col: int) -> list[tuple[str, float]]:
    """(name in column 0, sum of column ``col``), largest first, ties by name."""
    sums: dict[str, float] = {}
    for r in records:
        sums[r[0]] = sums.get(r[0], 0) + r[col]
    return sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))


def _ranked_means(records: list[tuple]) -> list[tuple[str, float]]:
    """(name in column 0, mean of column 1), largest first, ties by name."""
    sums: dict[str, list[float]] = {}
    for name, v in records:
        sums.setdefault(name, []).append(v)
    means = {k: sum(v) / len(v) for k, v in sums.items()}
    return sorted(means.items(), key=lambda kv: (-kv[1], kv[0]))


def _counts(values: list[Any]) -> str:
    """"a 3, b 1": each value (missing: "(none)") with its count, most frequent first."""
    counts: dict[str, int] = {}
    for v in values:
        k = "(none)" if v is None else str(v)
        counts[k] = counts.get(k, 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def findings(table: pd.DataFrame, *, with_topics: bool = False) -> list[Any]:
    """Plain sentences, generated from the comparison table, on how the outlets of each event differ.
    With ``with_topics``: (sentence, topic, event) triples, the topic naming the evidence ("dateline",
    "actors", "frames", "quotes", "media", "exclusive", "lag", "coverage")."""
    out: list[Any] = []
    for event, t in table.groupby("event", sort=True):
        n_before = len(out)
        t = t.set_index("outlet")
        if len(t) < 2:
            out.append((f"{event}: only {t.index[0]} covers this event, so there is nothing to compare.", "coverage",
                        str(event)))
            continue
        names = list(t.index)
        places = [f"{o} filed from {_val(t, o, 'dateline', '')}" if _val(t, o, "dateline", "") else
                  f"{o} gives no dateline" for o in names]
        out.append((f"{event}: " + contrast(t) + ".", "contrast"))
        out.append(("Datelines: " + "; ".join(places) + ".", "dateline"))
        out.append(("Most-mentioned actors: " + "; ".join(f"{o}: {_val(t, o, 'most_mentioned', 'none found')}"
                                                            for o in names) + ".", "actors"))
        out.append(("Leading policy frame: " + "; ".join(f"{o}: {_val(t, o, 'top_frames', 'none').split(' (')[0]}"
                                                           for o in names) + ".", "frames"))
        out.append(("Who is quoted: " + "; ".join(f"{o}: {_val(t, o, 'quoted', 'nobody')}" for o in names) + ".",
                    "quotes"))
        out.append(("Quotes: " + "; ".join(f"{o} {t.at[o, 'quotes']} ({100 * t.at[o, 'direct_share']:.0f}% direct)"
                                            for o in names) + ".", "quotes"))
        out.append(("Cited media: " + "; ".join(f"{o}: {_val(t, o, 'cited_media', 'none')}" for o in names) + ".",
                    "media"))
        shares = [f"{o} {100 * t.at[o, 'exclusive_share']:.0f}%" for o in names if pd.notna(t.at[o, "exclusive_share"])]
        if shares:
            out.append(("Share of sentences no other outlet reports: " + "; ".join(shares) + ".", "exclusive"))
        hours, days = t.dropna(subset=["lag_hours"]), t.dropna(subset=["lag_days"])
        if len(hours) > 1 and len(hours) == len(days):  # every outlet gives a clock time
            first = hours["lag_hours"].idxmin()
            later = "; ".join(f"{o} {h:.1f} h later" for o, h in hours["lag_hours"].items() if o != first)
            out.append((f"{first} published first; {later}.", "lag"))
        elif len(days) > 1:  # dates only: say no more than the dates do
            first = days["lag_days"].idxmin()
            rest = [(o, int(d)) for o, d in days["lag_days"].items() if o != first]
            later = "; ".join(f"{o} the same day" if d == 0 else f"{o} {d} day{'s' if d > 1 else ''} later"
                              for o, d in rest)
            lead = f"{first} published first" if any(d > 0 for _, d in rest) else f"{first} published"
            out.append((f"{lead}; {later} (dates only, so no hours are given).", "lag"))
        out[n_before:] = [(text, topic, str(event)) for text, topic in out[n_before:]]
    return out if with_topics else [text for text, _, _ in out]


def contrast(t: pd.DataFrame) -> str:
    """How the outlets of one event (``t``: their comparison rows, indexed by outlet) tell it differently,
    in plain words: where each files from, whom its first sentence is about, the media it relays,
    the people only it quotes by name and whether it adds its own reporting."""
    quoted = {o: [v.rsplit(" ", 1)[0] for v in _val(t, o, "quoted_people", "").split(", ") if v] for o in t.index}
    parts_all = []
    def surname(name: str) -> str:  # "Weekly Standard Editor Bill Kristol" and "Kristol" are one voice
        return name.split()[-1].lower()

    for o in t.index:
        others = {surname(v) for p, vs in quoted.items() if p != o for v in vs}
        parts = []
        if _val(t, o, "dateline", ""):
            parts.append(f"files from {t.at[o, 'dateline']}")
        if _val(t, o, "lead_subject", ""):
            parts.append(f"leads with {t.at[o, 'lead_subject']}")
        media = [m for m in _val(t, o, "cited_media", "").split(", ") if m]
        if media:
            parts.append(f"relays {_and(media)}")
        alone = [v for v in quoted[o] if surname(v) not in others][:3]
        if alone:
            parts.append(f"alone quotes {_and(alone)}")
        if "own_reporting" in t and pd.notna(t.at[o, "own_reporting"]) and int(t.at[o, "own_reporting"]) > 0:
            parts.append("adds its own reporting")
        parts_all.append(f"{o} " + (_and(parts) if parts else "shows no difference the tables can name"))
    return "; ".join(parts_all)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _val(t: pd.DataFrame, row: str, col: str, default: str) -> str:
    """A table cell as text for a sentence: ``default`` when missing or empty (never "nan" or "<NA>")."""
    v = t.at[row, col]
    return default if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "" else str(v)
