"""The attribution stage on a corpus: ``quotes`` and ``sources`` DataFrames and per-outlet summaries.

>>> quotes, sources = attribute(load_corpus())                     # doctest: +SKIP
>>> summarise_attribution(corpus, quotes, sources)["overview"]    # doctest: +SKIP
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

import numpy as np
import pandas as pd

from .attribution import Attribution, find_attributions
from .corpus import Corpus
from .progress import progress
from .responses import find_responses
from .lexicons import agencies, context_aliases, outlets
from .speakers import (ANONYMITY_RE, EPITHET_RE, SENTENCE_STOP_RE, Speaker, _alias_re, cluster_names, describe, full_names,
                       name_key, outlet_in_context, person_mentions, title_of)

QUOTE_COLUMNS = ["article_id", "quote_id", "kind", "content", "start", "end", "content_spans", "cue", "cue_start",
                 "cue_end", "cue_lemma", "cue_class", "speaker", "speaker_start", "speaker_end", "speaker_resolved",
                 "speaker_type", "speaker_country", "speaker_institution", "continues", "via"]
SOURCE_COLUMNS = ["article_id", "source_id", "source", "start", "end", "source_resolved", "source_type", "cue",
                  "cue_start", "cue_end", "quote_id"]
DOCUMENT_RE = re.compile(r"\b(?:in|according to)\s+(?P<doc>(?:a|an|the|its|their|his|her)\s+(?:joint\s+|written\s+|"
                         r"official\s+|new\s+)?(?:statement|report|letter|press release|communiqu[ée]|declaration|"
                         r"filing|memo|study|survey|poll|transcript|documents?|interview|op-ed|post|tweet))\b", re.I)
OWN_REPORTING_RE = re.compile(r"\b(?:said|told|says|tells|spoke)\s+(?:to\s+)?(?P<outlet>(?:The\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")


PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
GROUP_TYPES = ("organisation", "group")  # what "they" and "it" can stand for: never one person, nor the outlet relaying


def _resolve(article_atts: list[tuple[Attribution, Any]], text: str) -> list[dict[str, Any]]:
    """Describe each speaker. "he"/"she" take the nearest fitting person before them -- an earlier
    speaker or anyone the article names (see :func:`~analysis.speakers.person_mentions` for gender);
    a description ("the governor") the nearest person named with that title; "they" and "it" the
    nearest earlier organisation that spoke, never one person."""
    rows: list[dict[str, Any]] = []
    people: list[tuple[int, dict[str, Any]]] = []  # named-person rows with their positions
    latest_group: tuple[int, dict[str, Any]] | None = None
    mentions: list[Any] = []  # people the article names, read once a pronoun or description needs them
    starts: list[int] | None = None  # their offsets, once read
    gender_of: dict[str, str | None] = {}

    def read_mentions() -> list[int]:
        nonlocal mentions, starts
        if starts is None:
            speakers = frozenset(d.name for _, d in article_atts if d.type == "named person" and d.name)
            mentions = person_mentions(text, speakers)
            starts = [m.start for m in mentions]
            by_surname: dict[str, set[str | None]] = {}
            for m in mentions:
                gender_of.setdefault(m.name, m.gender)
                by_surname.setdefault(m.name.split()[-1], set()).add(m.gender)
            for surname, genders in by_surname.items():  # "Trump said" after "Donald Trump"
                if len(genders) == 1 and surname not in gender_of:
                    gender_of[surname] = next(iter(genders))
        return starts

    for att, desc in article_atts:
        speaker = att.source(text)
        pos = att.source_span[0] if att.source_span else (att.cue_span[0] if att.cue_span else 0)
        row = {"speaker": speaker, "type": desc.type, "name": desc.name, "country": desc.country,
               "institution": desc.institution}
        low = (speaker or "").lower()
        if desc.type == "pronoun" and (low in PERSON_PRONOUNS or EPITHET_RE.match(speaker or "")):
            # he/she, or a party epithet ("the Arizona Republican"), which fits either gender
            k = bisect_left(read_mentions(), pos) - 1
            want = PERSON_PRONOUNS.get(low)
            fit = {None, want} if want else {None, "m", "f"}
            best: tuple[int, dict[str, Any]] | None = None
            for p, prev in reversed(people):  # stops at the first that fits
                if gender_of.get(prev["name"]) in fit:
                    best = (p, prev)
                    break
            # the nearest fitting person who opens a sentence (a subject), else the nearest at all
            fits = [j for j in range(k, max(-1, k - 40), -1) if mentions[j].gender in fit]
            j = next((j for j in fits if mentions[j].subject), fits[0] if fits else None)
            if j is not None and (best is None or mentions[j].start > best[0]):
                best = (mentions[j].start, {"type": "named person", "name": mentions[j].name, "country": None,
                                            "institution": None})
            if best is not None:
                prev = best[1]
                row.update(type="named person", name=prev["name"], country=prev["country"],
                           institution=prev["institution"])
            else:
                row.update(type="named person")
        elif desc.type == "unnamed official" and low.startswith("the ") and (title := _title_in(low)):
            # "the governor said" after "Texas Gov. Rick Perry": the nearest person with that title
            read_mentions()
            earlier = [m for m in mentions if m.start < pos and m.title == title]
            if earlier:
                row.update(type="named person", name=earlier[-1].name, institution=row["institution"] or title)
        elif desc.type == "pronoun":  # they, it, we ...
            if latest_group is not None:
                prev = latest_group[1]
                row.update(type=prev["type"], name=prev["name"], country=prev["country"],
                           institution=prev["institution"])
            else:
                row.update(type="organisation")
        if row["type"] == "named person" and row["name"]:
            people.append((pos, row))
        elif row["type"] in GROUP_TYPES and row["name"]:
            latest_group = (pos, row)
        rows.append(row)
    return rows


RESPONSE_COLUMNS = ["article_id", "response_id", "kind", "text", "start", "end", "who", "who_start", "who_end",
                    "who_type"]


def _title_in(phrase: str) -> str | None:
    """The title a description names: 'the four-term congressman' -> 'representative'."""
    return next((t for t in map(title_of, reversed(phrase.split())) if t), None)


def attribute_text(text: str, sentences: list[tuple[int, int]] | None = None
                   ) -> tuple[list[Attribution], list[dict[str, Any]], list[Any]]:
    """One article's attributions, their described and resolved speakers (one dict each: speaker,
    type, name, country, institution) and its non-responses. The command line and :func:`attribute`
    both go through here, so they agree."""
    atts = find_attributions(text, sentences)
    seen: set[tuple[tuple[int, int], ...]] = set()
    unique = []
    for a in atts:  # one statement is one row: "He made these remarks in Tokyo" repeats the quote before
        key = tuple(tuple(sp) for sp in a.content_spans)
        if key not in seen:
            seen.add(key)
            unique.append(a)
    atts = unique
    responses = find_responses(text)
    if responses:  # a non-answer is not a statement: its cue ("respond", "declined") leaves the quotes
        atts = [a for a in atts if not (a.cue_span and any(r.start <= a.cue_span[0] < r.end for r in responses))]
    described = []
    mentions: list[Any] | None = None
    for a in atts:
        d = describe(a.source(text), anonymous=a.anonymous)
        if a.source_span and d.type not in ("named person", "anonymous", "pronoun") and _anonymity_said(text, a):
            d = describe(a.source(text), anonymous=True)
        if d.type == "media outlet" and d.name in context_aliases():  # "the Times": which one?
            full = outlet_in_context(d.name, text)
            if full:
                d = Speaker("media outlet", full, None, full)
        if d.type == "media outlet" and a.source_span and " " not in a.source(text).strip():
            # "Fox said" after "Vicente Fox" is the person, not the channel
            mentions = person_mentions(text) if mentions is None else mentions
            word = a.source(text).strip()
            named = [m for m in mentions if m.start < a.source_span[0] and m.name.split()[-1] == word]
            if named:
                d = Speaker("named person", named[-1].name, None, None)
        described.append((a, d))
    described, via = _relays(described, text)
    resolved = _resolve(described, text)
    for row, v in zip(resolved, via):  # the relaying outlet's name and its own attribution (a source)
        row["via"], row["via_attribution"] = (v[1].name, v) if v else (None, None)
    return [a for a, _ in described], resolved, responses


def _relays(described: list[tuple[Attribution, Any]], text: str
            ) -> tuple[list[tuple[Attribution, Any]], list[tuple[Attribution, Any] | None]]:
    """A statement an outlet relays keeps its speaker: in "Japan's Defense Ministry welcomed the
    pact, The Japan Times reported", the ministry speaks, via the Times (one row, ``via`` the outlet).
    An outlet's attribution whose content holds another attribution's cue is that relay."""
    via: dict[int, tuple[Attribution, Any]] = {}
    drop: set[int] = set()
    for i, (outer, d) in enumerate(described):
        if d.type != "media outlet":
            continue
        lo, hi = outer.content_spans[0][0], outer.content_spans[-1][1]
        for j, (inner, _) in enumerate(described):
            if j != i and inner.cue_span and lo <= inner.cue_span[0] < hi and inner.source_span \
                    and lo <= inner.source_span[0]:
                # the inner content ends where the relay's does: not ", The Japan Times reported"
                spans = [(a, min(b, hi)) for a, b in inner.content_spans if a < hi]
                if not spans:  # its content lies outside what the outlet says: no relay of it
                    continue
                via[j] = (outer, d)
                drop.add(i)
                inner.content_spans = spans
                break
    kept = [k for k in range(len(described)) if k not in drop]
    return [described[k] for k in kept], [via.get(k) for k in kept]


def _anonymity_said(text: str, att: Attribution) -> bool:
    """Does the sentence say the speaker asked not to be named ("..., who spoke on condition of
    anonymity")? Read from the speaker or cue, whichever comes first, to the sentence's end."""
    assert att.source_span is not None
    lo = min(att.source_span[0], att.cue_span[0] if att.cue_span else att.source_span[0])
    hi = max(att.source_span[1], att.cue_span[1] if att.cue_span else att.source_span[1])
    m = SENTENCE_STOP_RE.search(text, hi)
    return bool(ANONYMITY_RE.search(text, lo, m.end() if m else min(len(text), hi + 200)))


def canonical_names(resolved: Any, types: Any, texts: Any) -> dict[str, str]:
    """One display name per person across a corpus: named speakers' variants ("Yoon Suk-Yeol",
    "Yoon") and longer forms of one-word names found in the texts map to one name."""
    names = [n for n, t in zip(resolved, types) if isinstance(n, str) and n and t == "named person"]
    short = {name_key(n)[0] for n in names if len(name_key(n)) == 1}
    return cluster_names(names + full_names(list(texts), short))


def attribute(corpus: Corpus) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find quotes and sources in every article; also stored as ``corpus.quotes`` / ``corpus.sources``.
    Non-responses ("declined to comment") are not quotes: they go to ``corpus.responses``
    (:data:`RESPONSE_COLUMNS`), one row each, with who was asked.

    Speakers are resolved across the whole corpus, so "Yoon Suk-Yeol" in one outlet and "Yoon" in
    another are one ``speaker_resolved``.
    """
    q_rows: list[dict[str, Any]] = []
    s_rows: list[dict[str, Any]] = []
    r_rows: list[tuple[Any, ...]] = []
    own = {aid: _canonical_outlet(o) for aid, o in zip(corpus.articles["article_id"], corpus.articles["outlet"])}
    n = len(corpus.articles)
    sent = corpus.sentences
    order = np.lexsort((sent["start"].to_numpy(), sent["article_id"].to_numpy()))
    s_aid, s_start, s_end = (sent[c].to_numpy()[order] for c in ("article_id", "start", "end"))
    for aid, text in progress(zip(corpus.articles["article_id"], corpus.articles["text"]), total=n,
                              desc="attribution"):
        first_row = len(s_rows)  # this article's source rows start here
        lo, hi = int(np.searchsorted(s_aid, aid, "left")), int(np.searchsorted(s_aid, aid, "right"))
        atts, resolved, responses = attribute_text(text, list(zip(s_start[lo:hi].tolist(), s_end[lo:hi].tolist())))
        if responses:
            for k, r in enumerate(responses):
                who = text[r.who_start:r.who_end] if r.who_start >= 0 else None
                r_rows.append((aid, k, r.kind, text[r.start:r.end], r.start, r.end, who,
                               r.who_start if who else None, r.who_end if who else None,
                               _source_type({"type": describe(who).type, "name": describe(who).name}, own.get(aid))
                               if who else None))
        for qid, (att, res) in enumerate(zip(atts, resolved)):
            start, end = att.content_spans[0][0], att.content_spans[-1][1]
            q_rows.append({
                "article_id": aid, "quote_id": qid, "kind": att.kind, "content": text[start:end], "start": start,
                "end": end, "content_spans": [list(sp) for sp in att.content_spans], "cue": att.cue(text),
                "cue_start": att.cue_span[0] if att.cue_span else None,
                "cue_end": att.cue_span[1] if att.cue_span else None, "cue_lemma": att.cue_lemma,
                "cue_class": att.cue_class, "speaker": res["speaker"],
                "speaker_start": att.source_span[0] if att.source_span else None,
                "speaker_end": att.source_span[1] if att.source_span else None,
                "speaker_resolved": res["name"], "speaker_type": res["type"], "speaker_country": res["country"],
                "speaker_institution": res["institution"], "continues": att.continues, "via": res["via"],
            })
            if att.continues is None:
                s_rows.append(_source_row(aid, att, res, text, qid, own.get(aid)))
            if res["via_attribution"] is not None:  # the outlet that relayed it is a cited source too
                outer, d = res["via_attribution"]
                s_rows.append(_source_row(aid, outer, {"speaker": outer.source(text), "type": d.type, "name": d.name},
                                          text, qid, own.get(aid)))
        s_rows.extend(_extra_sources(aid, text, own.get(aid), {r["start"] for r in s_rows[first_row:]}))
    quotes = pd.DataFrame(q_rows, columns=QUOTE_COLUMNS)
    canon = canonical_names(quotes["speaker_resolved"], quotes["speaker_type"], corpus.articles["text"])
    quotes["speaker_resolved"] = [canon.get(n, n) if t == "named person" else n
                                  for n, t in zip(quotes["speaker_resolved"], quotes["speaker_type"])]
    # What one mention says of a speaker holds for all: "South Korean President Yoon" -> Yoon's country.
    for col in ("speaker_country", "speaker_institution"):
        known = quotes.dropna(subset=["speaker_resolved", col]).groupby("speaker_resolved")[col].first()
        quotes[col] = quotes[col].where(quotes[col].notna(), quotes["speaker_resolved"].map(known))
    sources = pd.DataFrame(s_rows, columns=SOURCE_COLUMNS)
    sources["source_resolved"] = [canon.get(n, n) for n in sources["source_resolved"]]
    sources["source_id"] = sources.groupby("article_id").cumcount()
    quotes, sources = _dtypes(quotes, sources)
    responses = pd.DataFrame(r_rows, columns=RESPONSE_COLUMNS)
    for c in ("who_start", "who_end"):
        responses[c] = responses[c].astype("Int64")
    corpus.quotes, corpus.sources = quotes, sources  # type: ignore[attr-defined]
    corpus.responses = responses  # type: ignore[attr-defined]
    return quotes, sources


def _canonical_outlet(name: Any) -> str | None:
    from .corpus import publisher

    if not isinstance(name, str):
        return None
    name = publisher(name)
    return outlets().get(name, name)


def _source_type(res: dict[str, Any], own_outlet: str | None) -> str:
    if res["type"] == "media outlet":
        if res["name"] == own_outlet:
            return "own reporting"
        return "news agency" if res["name"] in set(agencies().values()) else "media outlet"
    return {"organisation": "government or organisation", "document": "document or statement"}.get(res["type"], res["type"])


def _source_row(aid: int, att: Attribution, res: dict[str, Any], text: str, qid: int, own_outlet: str | None) -> dict:
    return {"article_id": aid, "source": res["speaker"], "start": att.source_span[0] if att.source_span else None,
            "end": att.source_span[1] if att.source_span else None, "source_resolved": res["name"],
            "source_type": _source_type(res, own_outlet), "cue": att.cue(text),
            "cue_start": att.cue_span[0] if att.cue_span else None,
            "cue_end": att.cue_span[1] if att.cue_span else None, "quote_id": qid}


def _extra_sources(aid: int, text: str, own_outlet: str | None, seen: set[int]) -> list[dict[str, Any]]:
    """Sourcing that is not a quote: "in the joint statement", "said to The Yomiuri Shimbun"."""
    rows = []
    for m in DOCUMENT_RE.finditer(text):
        rows.append({"article_id": aid, "source": m.group("doc"), "start": m.start("doc"), "end": m.end("doc"),
                     "source_resolved": re.sub(r"^(?:a|an|the|its|their|his|her)\s+", "", m.group("doc"), flags=re.I).lower(),
                     "source_type": "document or statement", "cue": text[m.start():m.start("doc")].strip(),
                     "cue_start": m.start(), "cue_end": m.start() + len(text[m.start():m.start("doc")].rstrip()),
                     "quote_id": None})
    for m in OWN_REPORTING_RE.finditer(text):
        name = m.group("outlet")
        om = _alias_re("outlet").match(name)
        canonical = outlets()[om.group(1)] if om else None
        if canonical is None or m.start("outlet") in seen:
            continue
        rows.append({"article_id": aid, "source": name, "start": m.start("outlet"), "end": m.end("outlet"),
                     "source_resolved": canonical,
                     "source_type": "own reporting" if canonical == own_outlet else "media outlet",
                     "cue": text[m.start():m.start("outlet")].strip(), "cue_start": m.start(),
                     "cue_end": m.start() + len(text[m.start():m.start("outlet")].rstrip()), "quote_id": None})
    return rows


def _dtypes(quotes: pd.DataFrame, sources: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    for df, ints, strs in ((quotes, ["cue_start", "cue_end", "speaker_start", "speaker_end", "continues"],
                            ["kind", "content", "cue", "cue_lemma", "cue_class", "speaker", "speaker_resolved",
                             "speaker_type", "speaker_country", "speaker_institution", "via"]),
                           (sources, ["start", "end", "cue_start", "cue_end", "quote_id"],
                            ["source", "source_resolved", "source_type", "cue"])):
        for c in ints:
            df[c] = df[c].astype("Int64")
        for c in strs:
            df[c] = df[c].astype("string")
    for c in ("article_id", "quote_id", "start", "end"):
        quotes[c] = quotes[c].astype("int64")
    sources["article_id"] = sources["article_id"].astype("int64")
    sources["source_id"] = sources["source_id"].astype("int64")
    return quotes, sources


def summarise_attribution(corpus: Corpus, quotes: pd.DataFrame, sources: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per-outlet figures: ``overview`` (one row per outlet) and long tables of shares and counts."""
    arts = corpus.articles[["article_id", "outlet"]].copy()
    arts["outlet"] = arts["outlet"].fillna("(unknown outlet)")
    words = corpus.tokens[corpus.tokens["is_alpha"]].groupby("article_id").size().rename("words")
    arts = arts.join(words, on="article_id").fillna({"words": 0})
    q = quotes[quotes["continues"].isna()].merge(arts[["article_id", "outlet"]], on="article_id")
    s = sources.merge(arts[["article_id", "outlet"]], on="article_id")
    rows = []
    for outlet, a in arts.groupby("outlet", sort=True):
        qo = q[q["outlet"] == outlet]
        n = len(qo)
        rows.append({
            "outlet": outlet, "articles": len(a), "words": int(a["words"].sum()), "quotes": n,
            "quotes_per_1000_words": round(1000 * n / a["words"].sum(), 2) if a["words"].sum() else 0.0,
            "share_direct": _share(qo["kind"] == "direct"), "share_mixed": _share(qo["kind"] == "mixed"),
            "share_indirect": _share(qo["kind"] == "indirect"),
            "distinct_speakers": int(qo["speaker_resolved"].dropna().nunique()),
            "anonymous_rate": _share(qo["speaker_type"] == "anonymous"),
            "sources": int((s["outlet"] == outlet).sum()),
        })
    overview = pd.DataFrame(rows)
    return {
        "overview": overview,
        "speaker_types": _shares(q, "speaker_type"),
        "speaker_countries": _shares(q, "speaker_country"),
        "cue_classes": _shares(q, "cue_class"),
        "sources_by_type": s.groupby(["outlet", "source_type"]).size().rename("count").reset_index(),
        "speakers": q.assign(speaker_resolved=voice_names(q)).groupby(["outlet", "speaker_resolved", "speaker_type"])
                     .size().rename("quotes").reset_index()
                     .sort_values(["outlet", "quotes", "speaker_resolved"], ascending=[True, False, True]),
    }


def voice_names(q: pd.DataFrame) -> list[str]:
    """Who speaks, for counting voices: the resolved name, else what the text says of an unnamed or
    anonymous speaker ("unnamed official (US Defense Department)", "anonymous"), so none is left out."""
    out = []
    for name, typ, inst, said in zip(q["speaker_resolved"], q["speaker_type"], q["speaker_institution"], q["speaker"]):
        if isinstance(name, str) and name:
            out.append(name)
        elif isinstance(typ, str) and typ:
            detail = inst if isinstance(inst, str) and inst else said if isinstance(said, str) and said else None
            out.append(f"{typ} ({detail})" if detail and typ != "anonymous" else typ)
        else:
            out.append("speaker not found")
    return out


def _share(mask: pd.Series) -> float:
    return round(float(mask.mean()), 4) if len(mask) else 0.0


def _shares(q: pd.DataFrame, col: str) -> pd.DataFrame:
    counts = q.assign(**{col: q[col].fillna("(none)")}).groupby(["outlet", col]).size().rename("count").reset_index()
    counts["share"] = (counts["count"] / counts.groupby("outlet")["count"].transform("sum")).round(4)
    return counts
