"""Type, place and resolve speakers: who is speaking, for which country or institution, and which
mentions ("Yoon Suk-Yeol", "Yoon Suk Yeol", "Yoon", "he") are the same speaker.

>>> describe("South Korean President Yoon Suk Yeol")
Speaker(type='named person', name='Yoon Suk Yeol', country='South Korea', institution='President')
>>> describe("Japan's Defense Ministry").type, describe("Japan's Defense Ministry").country
('organisation', 'Japan')
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .lexicons import (abbreviations, context_aliases, countries, first_names, outlets, speaker_words, stopwords,
                       word_set)
from .tokenize import NotAfter

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
DOCUMENT_WORDS = word_set("document_words")
ANON_WORDS = {"sources", "source", "insiders", "insider", "people familiar", "person familiar", "someone familiar"}
HONORIFICS = word_set("honorifics")
GROUP_NOUNS = word_set("group_nouns")
# A determiner, at most two modifiers, the head noun, then "for/of/at ..." naming whom it belongs to.
HEADED_RE = re.compile(r"^(?:an?|the|one|two|three|several|other)\s+(?:[\w-]+\s+){0,2}?(?P<noun>[\w-]+)\s+"
                       r"(?:for|of|at|with|from|in)\s+(?P<rest>\S.*)$", re.I)
# What makes an unnamed speaker an anonymous source: "who spoke on condition of anonymity".
# A party epithet that stands for a person named before: "the Arizona Republican", "the Ohio Democrat",
# "the 72-year-old Republican" (one person: singular, with "the").
EPITHET_RE = re.compile(r"^[Tt]he\s+(?:[\w.'’-]+\s+){0,3}(?:Republican|Democrat|Independent|Conservative|Tory|Liberal|"
                        r"Socialist|Labour MP|Labor MP|Green)$")
ANONYMITY_RE = re.compile(r"\b(?:on (?:the )?condition (?:of|that (?:he|she|they) not be) (?:anonymity|named|identified)|"
                          r"asked not to be (?:named|identified)|declined to be (?:named|identified)|"
                          r"not authori[sz]ed to (?:speak|discuss|comment)|spoke anonymously|requested anonymity|"
                          r"insisted on anonymity|(?:speaking|spoke) on background|granted anonymity)\b", re.I)
LOWER_NAME_PARTICLES = word_set("name_particles")


@dataclass(frozen=True)
class Speaker:
    """What a speaker phrase says about its speaker."""

    type: str                 # named person | unnamed official | organisation | media outlet | document | anonymous | pronoun
    name: str | None          # the name (person), the outlet or the organisation phrase
    country: str | None
    institution: str | None   # a title or body named in the phrase ("Deputy Secretary of State", "Defense Ministry")


def _alias_body(kind: str) -> str:
    table = {"country": countries(), "outlet": outlets()}[kind]
    names = sorted(table, key=len, reverse=True)
    return r"(" + "|".join(re.escape(n) for n in names) + r")(?:['’]s)?(?![\w-])"


@lru_cache(maxsize=None)
def _alias_re(kind: str) -> re.Pattern[str]:
    """Any name of the country or outlet table, as a whole word (group 1), with an optional "'s"."""
    return re.compile(r"(?<![\w-])" + _alias_body(kind))


@lru_cache(maxsize=None)
def alias_finder(kind: str) -> NotAfter:
    """:func:`_alias_re` for long texts: the same matches, five times faster."""
    return NotAfter(_alias_body(kind), r"\w-")


@lru_cache(maxsize=None)
def _title_re() -> re.Pattern[str]:
    titles = sorted((w for w, t in speaker_words().items() if t == "title"), key=len, reverse=True)
    portfolio = (r"(?:\s+(?:of|for)\s+(?:State|Defen[cs]e|Foreign Affairs|the Treasury|Homeland Security|Health|"
                 r"Commerce|Energy|Justice|Education|the Interior|Labor|Agriculture|Transportation|Finance|Trade))?")
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in titles) + r")" + portfolio + r"(?![\w-])", re.I)


def _country(phrase: str) -> str | None:
    m = _alias_re("country").search(phrase)
    return countries()[m.group(1)] if m else None


@lru_cache(maxsize=1 << 16)  # a pure function of the phrase (and the package word lists, read once)
def describe(phrase: str | None, *, anonymous: bool = False) -> Speaker:
    """Type a speaker phrase with the package lexicons (titles, bodies, outlets, anonymity markers)."""
    if anonymous or not phrase:
        return Speaker("anonymous", None, None, None)
    head = phrase.split(",")[0].strip() or phrase.strip()
    low = head.lower()
    words = re.findall(r"[\w.'’-]+", low)
    if low in PRONOUNS:
        return Speaker("pronoun", None, None, None)
    country = _country(phrase)
    om = _alias_re("outlet").search(head)
    before = head[:om.start()].split() if om else []
    if om and before and _is_name_word(before[-1]):
        om = None  # "Former Mexican president Vicente Fox": a person whose name is an outlet's
    if om:
        if om.group(1) in context_aliases():  # "the Times": which one, only the article can say
            return Speaker("media outlet", om.group(1), None, None)
        canonical = outlets()[om.group(1)]
        return Speaker("media outlet", canonical, None, canonical)
    if any(w in ANON_WORDS for w in words) or "familiar with" in low:
        return Speaker("anonymous", None, country, None)
    core = re.split(r"\s+(?:of|in|at|from|for|on|across)\s+", low)[0].split()  # "critics of the plan"
    if core and core[-1] in GROUP_NOUNS:
        return Speaker("group", head, country, None)  # "Critics", "some residents", "local activists"
    rest = re.split(r"\s+(?:of|in|at|from|for|on|across)\s+", head, maxsplit=1)
    if len(rest) == 2 and core and (speaker_words().get(core[-1]) or speaker_words().get(core[-1].rstrip("s"))) == "official":
        return Speaker("unnamed official", None, country, rest[1])  # "officials in Leeds"
    if EPITHET_RE.match(head):  # "the Arizona Republican": a person named before, as "he" would be
        return Speaker("pronoun", None, country, None)
    m = HEADED_RE.match(head)
    if m:  # "a spokesperson for the Ohio Consumers' Counsel", "the administration of President Biden"
        kind = speaker_words().get(m.group("noun").lower()) or speaker_words().get(m.group("noun").lower().rstrip("s"))
        body = re.sub(r"^(?:the|a|an)\s+", "", m.group("rest").strip(), flags=re.I)
        if kind == "official" or kind == "title":
            return Speaker("unnamed official", None, country, body)
        if kind == "anonymous":
            return Speaker("anonymous", None, country, body)
        if kind == "organisation" and m.group("noun").lower() not in DOCUMENT_WORDS:
            whole = re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.I)
            return Speaker("organisation", whole, country, whole)
    kinds = {speaker_words().get(w) or speaker_words().get(w.rstrip("s")) for w in words}
    for n in (2, 3):  # two- and three-word entries ("white house", "prime minister")
        kinds |= {speaker_words().get(" ".join(words[i:i + n])) for i in range(len(words) - n + 1)}
    name = _person_name(head)
    title = _title_re().search(head)
    institution = _institution(head)
    if title and title.group(0).lower().rstrip(".") in HONORIFICS:
        title = None
    if name:
        return Speaker("named person", name, country, title.group(0) if title else institution)
    last = words[-1] if words else ""
    last_kind = speaker_words().get(last) or speaker_words().get(last.rstrip("s"))
    if last_kind == "official":
        return Speaker("unnamed official", None, country, institution)
    if institution and " " not in institution and institution.islower():
        institution = re.sub(r"^(?:the|a|an|its|their)\s+", "", head, flags=re.I)
    if last_kind == "organisation" and last not in DOCUMENT_WORDS:
        return Speaker("organisation", institution or head, country, institution or head)
    if words and words[-1].rstrip("s") in DOCUMENT_WORDS | {w.rstrip("s") for w in DOCUMENT_WORDS}:
        return Speaker("document", head, country, institution)
    if "organisation" in kinds:
        body = institution or re.sub(r"^(?:the|a|an|its|their)\s+", "", head, flags=re.I)
        return Speaker("organisation", body, country, body)
    if "official" in kinds or "title" in kinds:
        return Speaker("unnamed official", None, country, institution)
    if country and _alias_re("country").fullmatch(re.sub(r"^(?:the)\s+", "", head.strip(), flags=re.I)):
        return Speaker("organisation", f"{country} government", country, f"{country} government")
    if any(w[:1].isupper() for w in head.split()):
        return Speaker("organisation", head, country, head)
    return Speaker("unnamed official" if words and words[-1] in ("experts", "analysts", "observers") else "organisation",
                   None, country, None)


def _is_name_word(word: str) -> bool:
    """A word that, before an outlet's name, makes it a person's: a first name, an honorific or a
    title ("Vicente Fox", "Mr. Fox", "President Fox")."""
    low = word.lower()
    if low.rstrip(".") in HONORIFICS or speaker_words().get(low) == "title":
        return True
    return word[:1].isupper() and low not in {"the", "a", "an"} and not word.isupper() and \
        speaker_words().get(low) is None


# one word of a name: "Yoon", "Suk-Yeol", "McCain", "DeMint", "O'Brien"
NAME_WORD = r"(?:O['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-‐][A-Z]?[a-z]+)?"
# Every match starts with a capital: the lookahead says so, and lets ``re`` skip to the capitals (the
# optional first group otherwise makes it try the whole pattern at every character; three times slower).
PERSON_RUN_RE = re.compile(rf"(?=[A-Z])(?:\b(?P<hon>Mr|Mrs|Ms|Dr)\.?\s+)?(?P<run>{NAME_WORD}"
                           rf"(?:\s+(?:[A-Z]\.\s+)?{NAME_WORD}){{1,5}})")
TITLE_ABBREVIATIONS = {"gov.": "governor", "sen.": "senator", "rep.": "representative", "gen.": "general",
                       "adm.": "admiral", "col.": "colonel", "lt.": "lieutenant", "sgt.": "sergeant",
                       "capt.": "captain", "det.": "detective", "prof.": "professor", "pres.": "president"}
TITLE_SYNONYMS = {"congressman": "representative", "congresswoman": "representative", "rep.": "representative",
                  "chairwoman": "chairman", "chair": "chairman"}


def title_of(word: str) -> str | None:
    """The title a word names, if any, in one spelling: 'Gov.' -> 'governor', 'congressman' ->
    'representative'."""
    w = word.lower()
    w = TITLE_ABBREVIATIONS.get(w, TITLE_ABBREVIATIONS.get(w + ".", w))
    if speaker_words().get(w) == "title" or w in TITLE_ABBREVIATIONS.values():
        return TITLE_SYNONYMS.get(w, w)
    return None


PRONOUN_GENDER_RE = re.compile(r"\b(he|his|him|himself|she|her|hers|herself)\b", re.I)


@dataclass(frozen=True)
class Mention:
    """A person named in the text: where, the name, the gender ('m', 'f' or None) and the title
    printed before the name ('governor' for "Texas Gov. Rick Perry"), if any."""

    start: int
    name: str
    gender: str | None
    title: str | None = None
    subject: bool = False  # opens its clause (see _opens_clause): the likelier antecedent of a pronoun


SENTENCE_STOP_RE = re.compile(r"[.!?][\"”’]?(?:\s|$)")  # a sentence's last stop (and closing quote)
SENTENCE_END_RE = re.compile(r"[.!?][\"”’]?\s+(?=[\"“‘]?[A-Z])")  # after a word: "end. The", 'it." A'
WORD_CHAR_RE = re.compile(r"\w")


def _clause_starts(text: str) -> list[int]:
    """Where sentences and quotations start: after a full stop that ends a sentence -- not one of
    "Sens." or "U.S." -- a line break or an opening quote (sorted offsets, 0 first)."""
    starts = [0]
    for m in SENTENCE_END_RE.finditer(text):  # the stops first (a fast search), then the word before each
        i = p = m.start()
        while i > 0 and (text[i - 1] == "." or WORD_CHAR_RE.match(text, i - 1)):
            i -= 1
        word = text[i:p].lower()
        if i < p and word not in abbreviations() and not re.fullmatch(r"(?:[a-z]\.)+[a-z]?", word) and len(word) > 1:
            starts.append(m.end())
    starts.extend(m.end() for m in re.finditer(r"[\n“\"]", text))
    return sorted(starts)


def _title_case(line: str) -> bool:
    """A headline set in title case: most of its longer words capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _without_headline_verb(name: str, text: str) -> str:
    """'Chris Christie Announces' (a title-case headline) -> 'Chris Christie', when the text also
    names the person without the last word."""
    parts = name.split()
    if len(parts) >= 3 and parts[-1].endswith("s"):
        short = " ".join(parts[:-1])
        if re.search(re.escape(short) + r"(?![\w-]|\s+" + re.escape(parts[-1]) + r")", text):
            return short
    return name


def _opens_clause(before: str) -> bool:
    """Does a name after ``before`` (its sentence so far) stand as the subject? Nothing but
    capitalised words before it ("But", "Republican Sen."), or a short introductory phrase set off by
    a comma ("On Monday, ...", "In a statement, ...")."""
    words = before.split()
    if all(w[:1].isupper() for w in words):
        return len(words) <= 3
    return before.rstrip().endswith(",") and len(words) <= 6


def person_mentions(text: str, known: frozenset[str] = frozenset()) -> list[Mention]:
    """People named in a text, in order. Gender comes from an honorific (Mr., Ms., Mrs.), else from
    the first name (``data/first_names.tsv``, 1990 US Census), else from the pronouns that follow the
    person's mentions in the same sentences across the article (a weaker cue: the pronoun may be
    someone else's).

    >>> [(m.name, m.gender) for m in person_mentions("Ms. Sarah Lee met Tom Hart at his office.")]
    [('Sarah Lee', 'f'), ('Tom Hart', 'm')]
    >>> [(m.name, m.title) for m in person_mentions("Texas Gov. Rick Perry spoke.")]
    [('Rick Perry', 'governor')]
    """
    found: list[tuple[int, str, str | None, str | None, int]] = []
    known_words = {w for k in known for w in k.split()}
    names = first_names()
    first_line = text.find("\n")
    headline_end = first_line if first_line > 0 and _title_case(text[:first_line]) else 0
    for m in PERSON_RUN_RE.finditer(text):
        run = m.group("run")
        run_words = run.split()
        if m.start() < headline_end and not any(w in known_words for w in run_words):
            continue  # a title-case headline capitalises verbs: "Retired General Reveals ..."
        # cheap test first: a person needs an honorific, a title, a first name or a known name
        prev = text[max(0, m.start() - 12):m.start()].split()[-1:]
        if not (m.group("hon") or any(w in names or w in known_words or title_of(w) for w in run_words)
                or (prev and title_of(prev[0]))):
            continue
        if _alias_re("outlet").fullmatch(run):
            continue
        if text[m.end():m.end() + 1] == "." and run_words[-1].lower() + "." in TITLE_ABBREVIATIONS:
            continue  # "Texas Gov." before a name
        name = _person_name(run)
        if not name:
            continue
        name = _without_headline_verb(name, text)
        nw = name.lower().split()
        if any(speaker_words().get(w) == "organisation" or speaker_words().get(" ".join(nw[i:i + 2])) ==
               "organisation" for i, w in enumerate(nw)):
            continue  # "White House", "Justice Department"
        hon = (m.group("hon") or "").lower()
        gender = "m" if hon == "mr" else "f" if hon in ("mrs", "ms") else None
        first = name.split()[0]
        cut = run_words.index(first) if first in run_words else 0
        before = text[max(0, m.start() - 30):m.start("run")].split()[-1:] + run_words[:cut]
        # the title nearest the name: "Texas Gov. Rick Perry", "President Joe Biden"
        title = next((t for t in map(title_of, reversed(before)) if t), None)
        # A person, not a place or a thing: a known first name, an honorific or title, or a speaker;
        # a surname alone only after an honorific or title ("President Trump", "Mr. Fox").
        if " " not in name and not (hon or title):
            continue
        if not (hon or title or first in names or name in known
                or name.split()[-1] in known):
            continue
        found.append((m.start("run"), name, gender, title, m.end()))
    # What the article says of each person, over all the sentences that name them (surname too).
    votes: dict[str, list[int]] = {}
    for start, name, gender, _, end in found:
        sentence_end = SENTENCE_STOP_RE.search(text, end)
        g = PRONOUN_GENDER_RE.search(text, end, sentence_end.start() if sentence_end else len(text))
        if g:
            v = votes.setdefault(name, [0, 0])
            v[0 if g.group(1).lower() in ("he", "his", "him", "himself") else 1] += 1
    out = []
    starts = _clause_starts(text) if found else [0]
    for start, name, gender, title, _ in found:
        if gender is None:
            gender = names.get(name.split()[0])
        if gender is None and name in votes and votes[name][0] != votes[name][1]:
            gender = "m" if votes[name][0] > votes[name][1] else "f"
        clause = starts[bisect_right(starts, start) - 1]
        out.append(Mention(start, name, gender, title, _opens_clause(text[clause:start])))
    return out


def outlet_in_context(alias: str, text: str) -> str | None:
    """The outlet a context-dependent alias ("the Times", "the Post", "PA") names in this text: the
    one of its outlets the text also names in full, if exactly one is.

    >>> outlet_in_context("the Post", "The Washington Post reported it first. The Post said ...")
    'The Washington Post'
    >>> outlet_in_context("the Times", "The Times said ...") is None
    True
    """
    named = set()
    for canonical in context_aliases().get(alias, ()):
        full = [a for a, c in outlets().items() if c == canonical and a not in context_aliases()]
        if any(re.search(r"(?<![\w-])" + re.escape(a) + r"(?![\w-])", text) for a in full):
            named.add(canonical)
    return next(iter(named)) if len(named) == 1 else None


def _institution(phrase: str) -> str | None:
    """The body named in a phrase: "Japan's Defense Ministry" -> "Defense Ministry"."""
    m = re.search(r"((?:[A-Z][\w.'’-]*\s+)*(?:[Mm]inistry|[Dd]epartment|[Gg]overnment|[Aa]dministration|"
                  r"[Cc]ommittee|[Cc]ouncil|[Cc]ommission|[Oo]ffice|[Aa]gency|[Pp]arty|[Cc]ampaign|"
                  r"White House|Pentagon|Kremlin|Congress|Senate|Parliament)(?:\s+of(?:\s+[A-Z][\w.'’-]*)+)?)", phrase)
    if not m:
        return None
    inst = m.group(1)
    cm = _alias_re("country").match(inst)
    if cm and cm.end() < len(inst):
        inst = inst[cm.end():].strip()
    return inst


NOT_NAME_WORDS = word_set("not_name_words")


def _not_name(word: str) -> bool:
    """A capitalised word that is not part of a person's name: a function word at the start of a
    sentence ("And", "Her"), a weekday or month, a number or a party word."""
    low = word.lower().replace("’s", "").replace("'s", "")
    return low in NOT_NAME_WORDS or low in stopwords()


@lru_cache(maxsize=65536)
def _person_name(phrase: str) -> str | None:
    """The personal name in a speaker phrase, without titles, countries, bodies and nicknames."""
    phrase = re.sub(r"\s[\"“‘'][A-Z][\w.-]*[\"”’']\s", " ", phrase)  # 'Marcia "Cia" Price' -> 'Marcia Price'
    text = _alias_re("country").sub(" | ", phrase)
    text = _title_re().sub(" ¦ ", text)  # a name follows its title: "Public Works Director Alan Chu"
    text = re.sub(r"\([^)]*\)", " | ", text)
    if "¦" in text:
        after = _person_name(text.rsplit("¦", 1)[1])
        if after:
            return after
        if not text.rsplit("¦", 1)[1].strip(" |.,"):
            return None  # "the Texas governor": what stands before a title with no name after it modifies it
        text = text.replace("¦", "|")
    best: list[str] = []
    for run in re.split(r"\s*\|\s*|,|\s+(?:of|for|at|from|in|and|the|a|an)\s+", text):
        toks = run.split()
        names: list[str] = []
        for t in toks:
            bare = t.rstrip(".,")
            if re.fullmatch(r"[A-Z]\.", t.rstrip(",")):  # an initial: "Robert F. Bauer", "J. Smith"
                names.append(t.rstrip(","))
                continue
            if (bare[:1].isupper() and bare.lower() not in speaker_words() and bare.lower().rstrip("s") not in
                    speaker_words() and bare.lower() not in DOCUMENT_WORDS and not bare.isupper()
                    and not _not_name(bare)) or \
                    (names and bare.lower() in LOWER_NAME_PARTICLES) or re.fullmatch(r"[A-Z]\.", bare):
                names.append(bare.replace("’s", "").replace("'s", ""))
            else:
                kind = speaker_words().get(bare.lower()) or speaker_words().get(bare.lower().rstrip("s"))
                if kind in ("organisation", "official") or bare.lower() in DOCUMENT_WORDS:
                    names = []  # "Defense Ministry", "Defense Department spokesperson": a modifier, not a name
                if len(names) > len(best):
                    best = names
                names = []
        if len(names) > len(best):
            best = names
    if len(best) >= 3 and best[0].lower() + "." in TITLE_ABBREVIATIONS:
        best = best[1:]  # a title abbreviation printed without its full stop: "Sen Dick Durbin"
    while best and re.fullmatch(r"[A-Z]\.", best[-1]):  # an initial ends no name
        best = best[:-1]
    if not best:
        return None
    if len(best) == 1 and best[0].lower() in {"the", "a", "an"}:
        return None
    name = " ".join(best)
    return name if re.search(r"[a-z]", name) else None


def name_key(name: str) -> tuple[str, ...]:
    """Comparable tokens of a name: 'Yoon Suk-Yeol' and 'Yoon Suk Yeol' give the same key."""
    return tuple(t for t in re.split(r"[\s\-‐]+", name.lower().replace(".", "")) if t)


def cluster_names(names: list[str]) -> dict[str, str]:
    """Map each name to a canonical one: variants with the same tokens are one name; a name whose
    tokens all belong to exactly one longer name ("Yoon", "Kishida") joins it. Longer names are
    found through an index of their tokens, so the cost grows with the names sharing a token, not
    with the square of all names."""
    by_key: dict[tuple[str, ...], list[str]] = {}
    for n in names:
        by_key.setdefault(name_key(n), []).append(n)
    keys = sorted(by_key, key=len, reverse=True)
    position = {k: p for p, k in enumerate(keys)}
    containing: dict[str, list[tuple[str, ...]]] = {}
    for k in keys:
        for tok in set(k):
            containing.setdefault(tok, []).append(k)
    canon_key: dict[tuple[str, ...], tuple[str, ...]] = {}
    for k in keys:
        if not k:  # an empty key: every longer name contains it
            longer = [c for c in keys if len(c) > 0 and canon_key.get(c, c) == c]
            canon_key[k] = longer[0] if len(longer) == 1 else k
            continue
        rarest = min(set(k), key=lambda t: len(containing[t]))
        need = set(k)
        longer = [c for c in containing[rarest] if len(c) > len(k) and canon_key.get(c, c) == c and need <= set(c)]
        longer.sort(key=position.__getitem__)
        canon_key[k] = longer[0] if len(longer) == 1 else k
    out: dict[str, str] = {}
    for k, variants in by_key.items():
        ck = canon_key[k]
        forms = by_key[ck]
        counts = Counter(forms)
        display = max(sorted(counts), key=lambda f: (counts[f], "-" not in f))
        for v in variants:
            out[v] = display
    return out


NAME_RUN_RE = re.compile(rf"(?=[A-Z]){NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}")


def full_names(texts: list[str], short: set[str]) -> list[str]:
    """Longer forms, found in the texts, of one-word speaker names ("Yoon" -> "Yoon Suk Yeol")."""
    found = []
    for text in texts:
        for m in NAME_RUN_RE.finditer(text):
            name = _person_name(m.group())
            if name and " " in name and set(name_key(name)) & short:
                found.append(_without_headline_verb(name, text))
    return found
