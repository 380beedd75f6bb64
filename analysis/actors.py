"""Who is mentioned, first and most, and who acts: people, countries (and capitals standing for their
governments: "Seoul has asked ..."), and institutions, with aliases clustered.

A mention is the grammatical actor of its sentence when it sits in the sentence's opening noun
phrase, before the first verb (a word-order rule, not a parse).
"""
from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np
import pandas as pd

from .attribution import subject_np
from .corpus import Corpus
from .lexicons import countries
from .speakers import _alias_re, _person_name, alias_finder, cluster_names, name_key

INSTITUTION_RE = re.compile(
    r"(?:(?:[A-Z][\w.'’-]*|the|of|for)\s+){0,4}?(?:[A-Z][\w'’-]*\s+)?(?:Ministry|Department|Government|Administration|"
    r"Committee|Council|Commission|Agency|Office|Party|White House|Pentagon|Kremlin|Congress|Senate|Parliament)"
    r"(?:\s+of(?:\s+[A-Z][\w'’-]*)+)?"
    r"|(?<![\w'’-])(?:(?!the\b|its\b|their\b|his\b|her\b|a\b)[a-z]{3,}\s+)?(?:ministry|department|government|administration)\b")
INSTITUTION_HEADS = ("ministry", "department", "government", "administration", "committee", "council", "commission",
                     "agency", "office", "party", "white house", "pentagon", "kremlin", "congress", "senate",
                     "parliament")
TITLED_NAME_RE = re.compile(r"(?:President|Prime Minister|Minister|Secretary|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor|"
                            r"Chancellor|General|Gen\.|Ambassador|Chairman|Leader|Mr\.|Mrs\.|Ms\.|Dr\.)(?:\s+of\s+State)?\s+"
                            r"(?P<name>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){1,3})")
CAPITALS_ACTING_RE = re.compile(r"\s+(?:has|have|had|is|was|will|would|hopes?|wants?|says?|said|urged|welcomed|"
                                r"believes?|announced|warned|asked|plans?|[a-z]+ed\b|[a-z]+s\b)")


def _key_text(name: str) -> str:
    return " ".join(name_key(name))


def known_people(corpus: Corpus, speakers: list[str] | None = None) -> list[str]:
    """Personal names: quoted speakers, and names that follow a title ("President Joe Biden")."""
    names = set(speakers or [])
    for text in corpus.articles["text"]:
        for m in TITLED_NAME_RE.finditer(text):
            name = _person_name(m.group("name"))
            if name:
                names.add(name)
    return sorted(names)


def actor_mentions(corpus: Corpus, *, speakers: list[str] | None = None) -> pd.DataFrame:
    """One row per mention: article_id, sentence_id, start, end, text, actor (canonical), actor_type
    (person / country / institution), as_government (a capital or country that acts), is_subject.

    People are the quoted ``speakers`` (pass ``quotes.speaker_resolved`` of named persons) and names
    after a title; a later "Yoon" or "Kishida" is matched to them by name tokens.
    """
    people = known_people(corpus, speakers)
    canon = cluster_names(people) if people else {}
    token_to_person: dict[str, set[str]] = {}
    for n in people:
        for tok in name_key(n):
            if len(tok) > 2:
                token_to_person.setdefault(tok, set()).add(canon.get(n, n))
    full_names = {_key_text(" ".join(name_key(n))): canon.get(n, n) for n in people if len(name_key(n)) > 1}
    forms = sorted({tuple(t for t in re.split(r"[\s\-‐]+", n) if t) for n in people if len(name_key(n)) > 1},
                   key=lambda toks: -len(" ".join(toks)))
    # Full names are looked for only in sentences holding all their words (one small regular
    # expression per name, compiled once), never with one expression of every name in the corpus.
    # Names are indexed by their first and last word: a sentence looks up only the pairs of its own
    # words, so the cost per sentence does not grow with the number of people in the corpus.
    by_ends: dict[tuple[str, str], list[int]] = {}
    heads: list[list[str]] = []
    for rank, toks in enumerate(forms):
        heads.append([h.group() for t in toks for h in [re.match(r"\w+", t)] if h])
        if heads[-1]:
            by_ends.setdefault((heads[-1][0], heads[-1][-1]), []).append(rank)
    first_words = {a for a, _ in by_ends}
    last_words = {b for _, b in by_ends}
    form_res: dict[int, re.Pattern[str]] = {}

    def full_name_matches(s_start: int, s_end: int) -> list[re.Match[str]]:
        words = set(re.findall(r"\w+", text[s_start:s_end]))
        firsts, lasts = words & first_words, words & last_words
        ranks = sorted({r for a in firsts for b in lasts for r in by_ends.get((a, b), ())
                        if all(h in words for h in heads[r])})
        hits = []
        for r in ranks:
            if r not in form_res:
                form_res[r] = re.compile(r"\b" + r"[\s\-‐]+".join(re.escape(t) for t in forms[r]) + r"\b")
            hits.extend((m.start(), r, m) for m in form_res[r].finditer(text, s_start, s_end))
        out, last_end = [], -1
        for start, _, m in sorted(hits, key=lambda h: (h[0], h[1])):  # as an alternation would: leftmost,
            if start >= last_end:                                      # then the longest name
                out.append(m)
                last_end = m.end()
        return out
    rows = []
    country_names = countries()
    # each article's sentences as plain lists (grouped once; in their order in the table)
    order = np.argsort(corpus.sentences["article_id"].to_numpy(), kind="stable")
    s_aid = corpus.sentences["article_id"].to_numpy()[order]
    s_cols = [corpus.sentences[c].to_numpy()[order].tolist() for c in ("sentence_id", "start", "end")]
    country_re = alias_finder("country")
    for aid, text in zip(corpus.articles["article_id"], corpus.articles["text"]):
        lo, hi = np.searchsorted(s_aid, aid, "left"), np.searchsorted(s_aid, aid, "right")
        spans: list[tuple[int, int]] = []
        qualified: list[str] = []
        # countries: one pass over the article (the expression holds every country name), then per sentence
        country_hits = list(country_re.finditer(text))
        country_starts = [m.start() for m in country_hits]

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in spans)

        for sid, s_start, s_end in zip(*(col[lo:hi] for col in s_cols)):
            spans = []  # mentions never cross sentences
            found: list[dict] = []
            sentence_low = text[s_start:s_end].lower()
            has_body = any(h in sentence_low for h in INSTITUTION_HEADS)
            for m in INSTITUTION_RE.finditer(text, s_start, s_end) if has_body else ():
                inst = re.sub(r"^(?:the)\s+", "", m.group(), flags=re.I)
                cm = _alias_re("country").match(inst)
                country = country_names.get(cm.group(1)) if cm else None
                body = (inst[cm.end():].strip() if cm else inst).lower()
                if not body or body in ("government", "administration") and not country or \
                        _alias_re("outlet").search(inst):
                    continue
                if country:
                    actor = f"{country}: {body}"
                    qualified.append(actor)
                else:  # "the defence ministry" after "South Korea's Defence Ministry": the same body
                    actor = next((q for q in reversed(qualified) if q.endswith(body) or q.split(": ")[1].endswith(
                        body.split()[-1]) and len(body.split()) == 1), body)
                found.append({"start": m.end() - len(inst), "end": m.end(), "actor": actor,
                              "actor_type": "institution", "as_government": False})
            k = bisect_left(country_starts, s_start)
            while k < len(country_hits) and country_hits[k].end() <= s_end:
                m = country_hits[k]
                k += 1
                acting = bool(CAPITALS_ACTING_RE.match(text, m.end()))
                found.append({"start": m.start(1), "end": m.end(1), "actor": country_names[m.group(1)],
                              "actor_type": "country", "as_government": acting})
            for m in full_name_matches(s_start, s_end) if forms else ():
                found.append({"start": m.start(), "end": m.end(), "actor": full_names[_key_text(m.group())],
                              "actor_type": "person", "as_government": False})
            for m in re.finditer(r"\b[A-Z][a-z]{2,}\b", text[s_start:s_end]):
                persons = token_to_person.get(m.group().lower(), set())
                if len(persons) == 1:
                    found.append({"start": s_start + m.start(), "end": s_start + m.end(), "actor": next(iter(persons)),
                                  "actor_type": "person", "as_government": False})
            subj = subject_np(text, s_start, min(s_end, s_start + 200)) if found else None
            for f in sorted(found, key=lambda f: (f["start"], -(f["end"] - f["start"]))):
                if free(f["start"], f["end"]):
                    spans.append((f["start"], f["end"]))
                    rows.append({"article_id": aid, "sentence_id": sid, **f, "text": text[f["start"]:f["end"]],
                                 "is_subject": bool(subj and subj[0] <= f["start"] < subj[1])})
    df = pd.DataFrame(rows, columns=["article_id", "sentence_id", "start", "end", "text", "actor", "actor_type",
                                     "as_government", "is_subject"])
    return df.sort_values(["article_id", "start"], kind="mergesort").reset_index(drop=True)


def actor_salience(corpus: Corpus, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per article and actor: mentions, share, rank, first mention (order and offset), mentions in
    the headline and lead, times as grammatical subject."""
    m = actor_mentions(corpus) if mentions is None else mentions
    lead_par = corpus.sentences[corpus.sentences["paragraph_id"] == 0][["article_id", "sentence_id"]]
    lead_keys = set(zip(lead_par["article_id"], lead_par["sentence_id"]))
    m = m.assign(in_lead=[(a, s) in lead_keys for a, s in zip(m["article_id"], m["sentence_id"])])
    g = m.groupby(["article_id", "actor", "actor_type"], sort=True).agg(
        mentions=("start", "size"), first_offset=("start", "min"), in_lead=("in_lead", "sum"),
        as_subject=("is_subject", "sum"), as_government=("as_government", "sum")).reset_index()
    g["share"] = (g["mentions"] / g.groupby("article_id")["mentions"].transform("sum")).round(4)
    g["rank"] = g.sort_values(["article_id", "mentions", "first_offset"], ascending=[True, False, True]) \
        .groupby("article_id").cumcount().reindex(g.index) + 1
    g["first_order"] = g.groupby("article_id")["first_offset"].rank(method="first").astype(int)
    return g.sort_values(["article_id", "rank"]).reset_index(drop=True)
