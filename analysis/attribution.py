"""Find reported statements (direct, mixed, indirect quotes) with their cue and speaker, by rules.

Works on raw text with character offsets: quotation marks are paired first (:mod:`.quotemarks`),
then each reporting verb (``data/reporting_verbs.tsv``) is tried against the frames news copy uses:

- ``"...," SPEAKER CUE`` / ``"...," CUE SPEAKER`` / ``SPEAKER CUE[,:] "..."``  -> direct
- ``SPEAKER CUE (that) CLAUSE`` / ``CLAUSE, SPEAKER CUE`` / ``CLAUSE, CUE SPEAKER`` -> indirect,
  or mixed when the clause holds a quoted fragment
- ``according to SPEAKER``; passive and hedged forms (``is said to``) -> anonymous
- a fully quoted sentence with no frame continues the previous speaker.

>>> t = 'Yoon said, "We agree." Officials said the deal was done.'
>>> [(a.kind, a.source(t), a.cue(t)) for a in find_attributions(t)]
[('direct', 'Yoon', 'said'), ('indirect', 'Officials', 'said')]
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .lexicons import reporting_verbs, speaker_words, word_set
from .quotemarks import find_quotes
from .tokenize import sentence_spans, token_regex

Span = tuple[int, int]

VERBISH = word_set("verbish")
ADVERBIAL_OPENERS = word_set("adverbial_openers")
SETOFF_OPENERS = word_set("setoff_openers")
PRONOUNS = word_set("pronouns")
RELATIVE_PRONOUNS = word_set("relative_pronouns")
SET_OFF_TAIL_RE = re.compile(r"([^,]*),\s*(?:who|whose|which|a|an|the)\b[^.!?]*[.!?]?[\"”’]?\s*$")
DETERMINERS = word_set("determiners")
NP_GLUE = word_set("np_glue")
NP_ADJECTIVES = word_set("np_adjectives")
ADJUNCT_WORDS = word_set("adjunct_words")
# Verbs that report speech only when a quote, a colon or a that-clause follows ("continued to",
# "spoke by phone", "found the keys" are not attributions).
INTENT_CUES = word_set("intent_cues")  # take "to ..." after them
WEAK_CUES = word_set("weak_cues")
CONNECTIVES = word_set("connectives")
ANON_RE = re.compile(r"\b(?:is|are|was|were)\s+(?:said|reported|believed|understood|thought|rumou?red)\s+to\b"
                     r"|\bit\s+(?:is|was|has\s+been)\s+(?:said|reported|claimed|alleged|learned)\s+that\b"
                     r"|\breportedly\b", re.I)
# A finite clause right after the cue: "found Trump would raise taxes", "shows the race is tied".
CLAUSE_RE = re.compile(r"\s+(?:[\w.'’-]+\s+){1,6}?(?:would|will|is|are|was|were|has|have|had|can|could|should|"
                       r"did|does|must|might|may)\b")
TRANSCRIPT_RE = re.compile(r"^[\"“]?(?P<speaker>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?P<colon>:)\s+(?P<content>[^\n]{20,})$",
                           re.M)
HEADLINE_SPEAKER_RE = re.compile(r"(?P<speaker>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})(?P<colon>:) (?P<content>[^\n]{10,})\n")
REMARKS_RE = re.compile(r"\b(?P<pron>[Hh]e|[Ss]he|[Tt]hey)\s+(?P<cue>made\s+(?:these|those|the|his|her|their)\s+"
                        r"(?:remarks|comments|statements))\b")
POST_VERB_RE = re.compile(r"[^\S\n]+(?P<np>(?:[A-Z][\w.'’-]*)(?:[^\S\n]+[A-Z][\w.'’-]*){0,3}|[Hh]e|[Ss]he|[Tt]hey)[^\S\n]+"
                          r"(?P<verb>[a-z]{3,}(?:ed|es|s))\b(?=[^\S\n]*(?:[.,;]|$|\s+(?:on|in|at|to|with|after|before)\b))")
SIGNATURE_RE = re.compile(r"[^\S\n]*(?P<dash>[―—–]|--)[^\S\n]*(?P<name>[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,4})")
THAT_VERB_RE = re.compile(r"(?P<verb>\b[a-z]{3,}(?:ed|es|s))\s+that\s+")
NOT_CUES = word_set("not_cues")
PARTICIPLE_SPLIT_RE = re.compile(r",\s+(?:adding|saying|noting|arguing|insisting|explaining|warning|stressing)\b")
TELL_OBJECT_RE = re.compile(
    r"\s*(?:(?:[A-Z][\w.'’-]*|the|a|an|of)\s+){0,6}?(?:reporters|journalists|him|her|them|us|me|supporters|"
    r"[A-Z][\w.'’-]*|[a-z]+s)\b(?=\s+(?:that|on|in|at|during|last|this|,)|\s+[a-z])", re.S)


class Pieces(list):
    """The quote pieces of a text as ``((start, end), quote index)``, sorted, with bisect look-ups so
    that no step scans every piece (an article with thousands of quotes stays linear).

    >>> ps = Pieces([((10, 20), 0), ((30, 40), 1)])
    >>> ps.at(12), ps.at(25), ps.starting_in(0, 31), ps.last_ending_in(0, 35)
    (0, None, [((10, 20), 0), ((30, 40), 1)], ((10, 20), 0))
    """

    def __init__(self, items) -> None:
        super().__init__(sorted(items))
        self.starts = [p[0] for p, _ in self]
        self.by_end = sorted(self, key=lambda x: (x[0][1], x[0][0]))
        self.ends = [p[1] for p, _ in self.by_end]

    def at(self, pos: int) -> int | None:
        """The quote whose piece contains ``pos``."""
        i = bisect_right(self.starts, pos) - 1
        for j in range(i, max(i - 2, -1), -1):  # pieces do not nest; look one back to be safe
            (s, e), qi = self[j]
            if s <= pos < e:
                return qi
        return None

    def starting_in(self, lo: int, hi: int) -> list:
        """Pieces that start in ``[lo, hi)``."""
        return self[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]

    def last_ending_in(self, lo: int, hi: int):
        """The piece with the greatest end in ``[lo, hi]``, or None."""
        i = bisect_right(self.ends, hi) - 1
        return self.by_end[i] if i >= 0 and self.ends[i] >= lo else None


@dataclass
class Attribution:
    """One reported statement; all spans are offsets into the text it was found in."""

    kind: str                          # direct | mixed | indirect
    content_spans: list[Span]
    cue_span: Span | None = None
    cue_lemma: str | None = None
    cue_class: str | None = None
    source_span: Span | None = None
    anonymous: bool = False
    continues: int | None = None       # index of the attribution whose speaker this one continues
    paragraph: int = 0

    def content(self, text: str) -> str:
        return " … ".join(text[s:e] for s, e in self.content_spans)

    def cue(self, text: str) -> str | None:
        return text[self.cue_span[0]:self.cue_span[1]] if self.cue_span else None

    def source(self, text: str) -> str | None:
        return text[self.source_span[0]:self.source_span[1]] if self.source_span else None


@lru_cache(maxsize=None)
def _cue_index() -> dict[str, list[list[str]]]:
    """First word of each reporting-verb form -> the forms' words, longest first."""
    index: dict[str, list[list[str]]] = {}
    for form in reporting_verbs():
        words = form.split()
        index.setdefault(words[0], []).append(words)
    for forms in index.values():
        forms.sort(key=len, reverse=True)
    return index


WORD_RE = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")


def find_cues(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Reporting-verb forms in text[start:end]: (start, end, form as written)."""
    index = _cue_index()
    words = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text, start, end)]
    out = []
    i = 0
    while i < len(words):
        forms = index.get(words[i][2].lower())
        hit = None
        for form in forms or ():
            k = len(form)
            if i + k <= len(words) and all(words[i + j][2].lower() == form[j] for j in range(1, k)) and \
                    not text[words[i][1]:words[i + k - 1][0]].strip(" \t\n"):
                hit = (words[i][0], words[i + k - 1][1])
                break
            if k == 1 and i < len(words):
                hit = (words[i][0], words[i][1])
                break
        if hit and i > 0 and _noun_before(words[i - 1][2], text[words[i - 1][1]:words[i][0]]):
            hit = None  # "a controversial comment", "Trump's late-night tweets": a noun, not the verb
        if hit:
            out.append((hit[0], hit[1], text[hit[0]:hit[1]]))
            i += len(text[hit[0]:hit[1]].split())
        else:
            i += 1
    return out


NOUN_MARKERS = word_set("noun_markers")


def _noun_before(prev: str, between: str) -> bool:
    """Does the word before a cue form make it a noun? A determiner or possessive ('the comment',
    "Trump's tweets"), a hyphenated modifier ('late-night tweets') or a common adjective of
    speech nouns ('repeated emphasis')."""
    if between.strip():  # punctuation between: "Trump's", "late-night" end in their own characters
        return between.strip().endswith(("'s", "’s"))
    low = prev.lower()
    return low in NOUN_MARKERS or "-" in prev


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in token_regex().finditer(text, start, end)]


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or bool(re.fullmatch(r"(?:[A-Z]\.)+", tok))


GROUP_NOUNS = word_set("group_nouns")
NOUN_ADJECTIVES = word_set("noun_adjectives")


def _people_noun(tok: str) -> bool:
    """A noun for officials, spokespeople, sources or a group of people ("officials", "residents")."""
    low = tok.lower()
    kind = speaker_words().get(low) or speaker_words().get(low.rstrip("s"))
    return low in GROUP_NOUNS or kind in ("official", "anonymous")


def _np_word(tok: str) -> bool:
    low = tok.lower()
    return (_is_cap(tok) or low in DETERMINERS or low in NP_GLUE or low in NP_ADJECTIVES
            or low in speaker_words() or low.rstrip("s") in speaker_words() or low in GROUP_NOUNS)


JUNK_FIRST = word_set("junk_first")
SUBORDINATORS = word_set("subordinators")
JUNK_ALONE = word_set("junk_alone")


def _junk_np(toks: list[tuple[int, int, str]]) -> bool:
    """Not a speaker: one word that is a preposition or conjunction ('In', 'If'), a number,
    quantifier, time word or verb-ing form ('Most', 'Two', 'Monday', 'Speaking'), or a long word in
    capitals (a dateline or a label: 'WASHINGTON', 'CLARIFICATION'; acronyms are shorter)."""
    word = toks[0][2]
    first = word.lower()
    return len(toks) == 1 and (first in JUNK_FIRST or first in JUNK_ALONE or first.isdigit()
                               or (first.endswith("ing") and len(first) > 5)
                               or (word.isupper() and word.isalpha() and len(word) >= 8))  # "WASHINGTON --"


def _valid_np(toks: list[tuple[int, int, str]]) -> bool:
    if not toks or _junk_np(toks) or toks[0][2].lower() == "with":  # "With leaders worried, ..."
        return False
    words = speaker_words()
    last = toks[-1][2]
    low = last.lower()
    if low in DETERMINERS - {"one", "two", "three", "four"} or low in NP_GLUE:
        return False
    if any((_is_cap(t) and t.lower() not in DETERMINERS) or t.lower() in words or t.lower().rstrip("s") in words
           or t.lower() in PRONOUNS or t.lower() in GROUP_NOUNS for _, _, t in toks):
        return True
    # "the network", "one study", "many voters": a determiner and a noun
    return len(toks) >= 2 and toks[0][2].lower() in DETERMINERS and low not in VERBISH and low.isalpha()


AUDIENCE_WORDS = word_set("audience_words")


def _not_a_statement(text: str, att: Attribution) -> bool:
    """Cue words that name or narrate rather than report speech.

    'The film, called “Parasite,” won awards' names a title (a quote right after 'called'); 'She told
    a story about her childhood' tells a thing, not what was said (an indefinite object, not an
    audience, and no that-clause).

    >>> find_attributions('The film, called “Parasite,” won four awards.')
    []
    >>> find_attributions("She told a story about her childhood in Ohio.")
    []
    """
    if not att.cue_span:
        return False
    start = att.content_spans[0][0]
    between = text[att.cue_span[1]:start]
    if att.cue_lemma in ("call", "name", "dub", "title") and not between.strip() and text[start:start + 1] in "\"“‘'":
        return True
    if att.cue_lemma == "tell":
        m = re.match(r"\s*(?:an?)\s+([\w-]+)", text[att.cue_span[1]:])
        if m and m.group(1).lower() not in AUDIENCE_WORDS and not re.search(
                r"\bthat\b", text[att.cue_span[1]:att.content_spans[-1][1]]):
            return True
    return False


def speaker_before(text: str, start: int, cue_start: int) -> Span | None:
    """The speaker noun phrase that ends right before a cue (adjuncts such as 'on Thursday' skipped).

    >>> t = "Ray Ortiz, who voted against the plan, said it was a waste."
    >>> s = speaker_before(t, 0, t.index(" said")); t[s[0]:s[1]]
    'Ray Ortiz'
    >>> t = "Mary Grant, a water policy expert at Food & Water Watch, said the rules were weak."
    >>> s = speaker_before(t, 0, t.index(" said")); t[s[0]:s[1]]
    'Mary Grant, a water policy expert at Food & Water Watch'
    """
    return _np_before(_tokens(text, start, cue_start))


def _np_before(toks: list[tuple[int, int, str]]) -> Span | None:
    while toks and (toks[-1][2].lower() in ADJUNCT_WORDS or (toks[-1][2].endswith("ly") and toks[-1][2].islower())):
        toks.pop()
    if not toks:
        return None
    apposition = toks[-1][2] == ","  # "Hope Hicks, the campaign's spokeswoman, said"
    if apposition:
        k = len(toks) - 2
        while k >= 0 and toks[k][2] != ",":
            k -= 1
        opener = toks[k + 1][2].lower() if k > 0 else ""
        if opener in SETOFF_OPENERS or opener in RELATIVE_PRONOUNS or (opener.endswith("ing") and len(opener) > 5):
            # "Hillary Clinton, at a later press gaggle, said", "Ray Ortiz, who voted against it, said":
            # the set-off phrase or relative clause is not the speaker
            toks = toks[:k]
            apposition = False
        elif (opener in DETERMINERS or toks[k + 1][2].isdigit()) and _is_cap(toks[k - 1][2]) and len(toks) - k > 4:
            # a long appositive after a name: "Mary Grant, a water policy expert at X, said" -- the
            # name and its description (typing reads the name before the comma)
            head = _np_before(toks[:k])
            if head is not None:
                return (head[0], toks[-2][1])
    if toks[-1][2].lower() in PRONOUNS:
        return (toks[-1][0], toks[-1][1])
    np: list[tuple[int, int, str]] = []
    i = len(toks) - 1
    while i >= 0 and len(np) < 14:
        tok = toks[i][2]
        if tok == ")":  # a parenthesis inside the name: "Rep. Jim Jordan (R-Ohio)"
            j = i
            while j >= 0 and toks[j][2] != "(":
                j -= 1
            if j > 0 and i - j <= 6:
                np[0:0] = toks[j:i + 1]
                i = j - 1
                continue
            break
        if tok == ",":
            # appositive: "Hope Hicks, the campaign's spokeswoman," / "X, Y's senior adviser,"
            if apposition and np and i > 0 and _is_cap(toks[i - 1][2]) and (
                    np[0][2].lower() in DETERMINERS or np[0][2].lower() in NP_ADJECTIVES or "'s" in np[0][2]
                    or "’s" in np[0][2] or any(t[2].lower() in speaker_words() for t in np)):
                np.insert(0, toks[i])
                i -= 1
                continue
            if not np and i == len(toks) - 1:  # "Hope Hicks, the campaign's spokeswoman, said"
                i -= 1
                continue
            break
        if tok in ("'", "’") and np and i > 0 and toks[i - 1][2].endswith("s") and _is_cap(toks[i - 1][2]):
            np.insert(0, toks[i])  # a plural possessive inside a name: "the Ohio Consumers' Counsel"
            i -= 1
            continue
        if tok in ('"', "”", "’") and np and i >= 3 and toks[i - 2][2] in ('"', "“", "‘") and \
                _is_cap(toks[i - 1][2]) and _is_cap(toks[i - 3][2]):
            np[0:0] = toks[i - 2:i + 1]  # a nickname between the names: 'Marcia "Cia" Price'
            i -= 3
            continue
        if tok.isdigit() and np and i > 0 and toks[i - 1][2] == "," and toks[i + 1][2] == ",":
            np[0:0] = toks[i - 1:i + 1]  # "Mr. King, 82, told me"
            i -= 2
            continue
        if tok.lower() in ("in", "at", "from", "for") and np and i > 0 and _people_noun(toks[i - 1][2]):
            np.insert(0, toks[i])  # "officials in Leeds", "residents of Flint", "a source at the ministry"
            i -= 1
            continue
        if not _np_word(tok):
            # lower-case words belong to the phrase when a determiner or possessive opens it within
            # a few words: "the 34-year-old mother of three", "Obama's former campaign strategist"
            j = i
            while j >= 0 and i - j < 6 and re.fullmatch(r"[A-Za-z0-9][\w-]*", toks[j][2]) and \
                    toks[j][2].lower() not in VERBISH and toks[j][2].lower() not in DETERMINERS:
                j -= 1  # "the 34-year-old mother of three", "The New York businessman"
            if j >= 0 and j < i and (toks[j][2].lower() in DETERMINERS or toks[j][2] in ("'s", "’s")):
                np[0:0] = toks[j:i + 1]
                i = j - 1
                continue
            break
        np.insert(0, toks[i])
        i -= 1
    while np and (np[0][2] == "," or np[0][2].lower() in NP_GLUE):
        np.pop(0)
    while np and np[-1][2] == ",":
        np.pop()
    # A sentence-initial connective is not part of the speaker ("But Yoon", "Separately, a spokesperson").
    while np and (np[0][2].lower() in CONNECTIVES or (np[0][2].endswith("ly") and len(np) > 1 and np[1][2] == ",")
                  or np[0][2] == ","):
        np.pop(0)
    if not _valid_np(np):
        return None
    return (np[0][0], np[-1][1])


def _gap_speaker(text: str, start: int, cue_start: int) -> Span | None:
    toks = _tokens(text, start, cue_start)
    while toks and toks[-1][2].lower() in ADJUNCT_WORDS:
        toks.pop()
    while toks and toks[0][2] in (",", "—", "–", "-"):
        toks.pop(0)
    while toks and toks[-1][2] == ",":
        toks.pop()
    comma = next((k for k, t in enumerate(toks) if t[2] == ","), None)
    if comma and len(toks) > 25 and _valid_np(toks[:comma]) and _is_cap(toks[0][2]):
        toks = toks[:comma]  # '"...," Malkia Cyril, the executive director at ... and ..., said': the name
    if not toks or len(toks) > 25:
        return None
    for k, t in enumerate(toks):  # a sentence end inside the gap (not the period of "R-Ky." or "(D-Wis.)")
        if t[2] in ("!", "?", ";") or (t[2] == "." and not (k and toks[k - 1][1] == t[0] and (
                len(toks[k - 1][2]) <= 4 or (k + 1 < len(toks) and toks[k + 1][2] == ")")))):
            return None
    if not _valid_np(toks) and not any(t[2][:1].islower() and t[2].isalpha() for t in toks[-1:]):
        return None
    return (toks[0][0], toks[-1][1])


def _phrase_after(text: str, start: int, end: int) -> Span | None:
    """Everything up to the next comma or sentence end ('according to exit polls, ...')."""
    toks = _tokens(text, start, end)
    out = []
    for t in toks:
        if t[2] in (",", ";", ".", ":", "—", "–") or len(out) >= 15:
            break
        out.append(t)
    return (out[0][0], out[-1][1]) if out else None


def speaker_after(text: str, cue_end: int, end: int) -> Span | None:
    """The speaker noun phrase right after a cue ('said Le Pen, who ...', 'reported CNN.')."""
    toks = _tokens(text, cue_end, end)
    if toks and toks[0][2].lower() in ADJUNCT_WORDS:
        return None  # 'said Tuesday.'
    np: list[tuple[int, int, str]] = []
    determined = bool(toks) and toks[0][2].lower() in DETERMINERS | {"another"}
    for k, (s, e, tok) in enumerate(toks):
        if tok in (",", ";", ":", ".", "(", ")") or tok.lower() in {"that", "who", "which", "on", "in", "at", "during",
                                                                     "after", "before", "while", "to"}:
            break
        descriptor = (tok.isalpha() and tok.islower() and tok not in VERBISH and tok not in ADJUNCT_WORDS) or \
            bool(re.fullmatch(r"\d+(?:[/-]\w+)+", tok))  # "9/11 widow Terry Strada", "34-year-old"
        if not _np_word(tok) and not (determined and len(np) < 4 and descriptor) and not (
                descriptor and any(_is_cap(t[2]) for t in toks[k + 1:k + 3])
                and all(t[2].isalpha() for t in toks[k + 1:k + 3])):  # "said pollster Frank Luntz"
            break
        np.append((s, e, tok))
        if len(np) >= 12:
            break
    while np and np[-1][2].lower() in NP_GLUE | (DETERMINERS - {"another", "one"}):
        np.pop()
    if np and (np[0][2].lower() in JUNK_FIRST or np[0][2].lower() == "of"):
        return None  # "says of Clinton, '...'": what follows the cue is not its speaker
    if np and [t[2].lower() for t in np] in (["another"], ["one"]):
        return (np[0][0], np[-1][1])  # "tweeted another."
    if not _valid_np(np) or (np and np[0][2].lower() in PRONOUNS and len(np) > 1):
        return None
    return (np[0][0], np[-1][1])


OPENING_MARKS_RE = re.compile(r"[\"“‘'(\s]*")


def _first_word(text: str, start: int) -> int:
    m = OPENING_MARKS_RE.match(text, start)
    return m.end() if m else start


def subject_np(text: str, s_start: int, limit: int) -> Span | None:
    """The noun phrase that opens a sentence: the subject of 'X spoke ... and said', 'X met ..., saying'."""
    # Only a window of 32 tokens after any leading connectives is ever read (an introductory phrase of
    # up to 20, then at most 12 words); tokens are taken from the sentence only as far as they are read.
    found = token_regex().finditer(text, _first_word(text, s_start), limit)
    buf: list[tuple[int, int, str]] = []

    def tok(k: int) -> tuple[int, int, str] | None:
        while len(buf) <= k:
            m = next(found, None)
            if m is None:
                return None
            buf.append((m.start(), m.end(), m.group()))
        return buf[k]

    def after_connectives(i: int) -> int:
        while (t := tok(i)) is not None and (t[2].lower() in CONNECTIVES or t[2] == ","):
            i += 1
        return i

    i = after_connectives(0)
    head, second = tok(i), tok(i + 1)
    if head and second and head[2].endswith("ly") and head[2][:1].isupper() and second[2] == ",":
        i = after_connectives(i + 2)  # "Recently, however, it issued ...": a sentence adverb set off by a comma
    end = i + 32
    comma = None  # the first comma among the window's first 20 tokens
    for k in range(20):
        t = tok(i + k)
        if t is None:
            break
        if t[2] == ",":
            comma = k
            break
    head = tok(i)
    first = head[2].lower() if head else ""
    if comma and ((comma < 10 and (first in ADVERBIAL_OPENERS or first.endswith("ing")))
                  or first in JUNK_FIRST):  # "Last week, he said", "In a column ..., two writers implored"
        i += comma + 1
    elif first in SUBORDINATORS and tok(i + 1) is not None:  # "Though she called it outrageous, ..."
        i += 1
    np: list[tuple[int, int, str]] = []
    for k in range(i, end):
        t = tok(k)
        if t is None:
            break
        if not np and t[2].lower() in ("he", "she", "it", "they", "we"):  # "He met ... and said", "It issued ..."
            np.append(t)
            break
        if t[2] in (",", ";", ":") or not _np_word(t[2]) or len(np) >= 12:
            break
        np.append(t)
    if np and np[0][2].lower() in PRONOUNS:
        np = np[:1]
    while np and np[-1][2].lower() in NP_GLUE | DETERMINERS:
        np.pop()
    return (np[0][0], np[-1][1]) if _valid_np(np) else None


def _subject_before_participle(text: str, s_start: int, cue_start: int) -> Span | None:
    """The subject of a cue that a participial phrase separates from it: "A poll released in late
    August found that ..." -> "A poll"."""
    subj = subject_np(text, s_start, cue_start)
    if subj and re.fullmatch(r"\s+\w+ed\b[^,;:.\"“”]*\s*", text[subj[1]:cue_start]):
        return subj
    return None


def _colon_lead(text: str, q_start: int, sents: list[Span]) -> tuple[Span, Span | None] | None:
    """Speaker (and cue) of a quote that opens a paragraph after one ending 'X said:' / 'Clinton:'."""
    before = text[:q_start].rstrip()
    if not before.endswith(":") or "\n" not in text[len(before):q_start]:
        return None
    sent = next(((a, b) for a, b in sents if a < len(before) <= b), None)
    if sent is None:
        return None
    cues = [c for c in find_cues(text, sent[0], sent[1])]
    if cues:
        c_s, c_e, _ = cues[-1]
        src = speaker_before(text, sent[0], c_s) or subject_np(text, sent[0], c_s)
        return (src, (c_s, c_e)) if src else None
    words = text[sent[0]:len(before) - 1].split()
    if 1 <= len(words) <= 5 and words[0][:1].isupper():
        return (sent[0], len(before) - 1), (len(before) - 1, len(before))
    return None


def _strip(text: str, s: int, e: int) -> Span:
    while s < e and (text[s].isspace() or text[s] in ",:;—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:.—–-"):
        e -= 1
    return s, e


@dataclass
class _Article:
    """What the passes of :func:`find_attributions` share: the text, its quotes and their pieces, its
    sentences and paragraph starts, and the quotes already given to a speaker."""
    text: str
    quotes: list[Any]
    pieces: Pieces
    sents: list[Span]
    para_starts: list[int]
    used_quotes: set[int]

    def para_of(self, pos: int) -> int:
        return bisect_right(self.para_starts, pos) - 1

    def in_quote(self, pos: int) -> int | None:
        return self.pieces.at(pos)

    def quote_content(self, qi: int) -> list[Span]:
        return list(self.quotes[qi].pieces)


def find_attributions(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Attribution]:
    """Every attribution in ``text`` (a clean article body), in text order. ``sentences``: the text's
    :func:`~analysis.tokenize.sentence_spans` when already known (a corpus has them).

    Passes, in order: per sentence, its reporting cues (:func:`_cue_attributions`, each read by the
    first of :data:`PATTERNS` that fits), verbs before a that-clause (:func:`_that_clauses`) and
    anonymous attributions (:func:`_anonymous_sentence`); then, over the article, "he made these
    remarks" (:func:`_remarks`), a headline giving a statement to its speaker (:func:`_headline_speaker`),
    transcripts (:func:`_transcripts`) and quotes with no frame of their own (:func:`_unframed_quotes`).
    """
    quotes = [q for q in find_quotes(text) if not q.nested]
    art = _Article(text, quotes, Pieces((p, qi) for qi, q in enumerate(quotes) for p in q.pieces),
                   sentence_spans(text) if sentences is None else sentences,
                   [0] + [m.end() for m in re.finditer(r"\n+", text)], set())
    out: list[Attribution] = []
    for s_start, s_end in art.sents:
        sent_atts: list[Attribution] = []
        _cue_attributions(art, s_start, s_end, sent_atts)
        _that_clauses(art, s_start, s_end, sent_atts)
        _anonymous_sentence(art, s_start, s_end, sent_atts)
        out.extend(sent_atts)
    _remarks(art, out)
    _headline_speaker(art, out)
    _transcripts(art, out)
    _unframed_quotes(art, out)
    order = sorted(range(len(out)), key=lambda i: (out[i].content_spans[0], out[i].continues is not None))
    new_index = {old: new for new, old in enumerate(order)}
    result = [out[i] for i in order]
    for a in result:
        if a.continues is not None:
            a.continues = new_index[a.continues]
    return result


def _cue_attributions(art: _Article, s_start: int, s_end: int, sent_atts: list[Attribution]) -> None:
    """Each reporting cue of the sentence that is a verb here, read by :func:`_attribute`.

    >>> [a.cue_lemma for a in find_attributions("Their report was late, officials said.")]  # 'report': a noun
    ['say']
    """
    text = art.text
    for c_s, c_e, written in find_cues(text, s_start, s_end):
        if art.in_quote(c_s) is not None:
            continue
        form = re.sub(r"\s+", " ", written)
        if form != form.lower() and c_s != _first_word(text, s_start):
            continue  # "the United States", "Said Ahmed": a capitalised form is a name
        lemma, cls = reporting_verbs()[form.lower()]
        if form.lower().endswith("ing") and not re.search(r",\s*$", text[s_start:c_s]):
            continue  # "a letter asking for": a participle reports speech only after a comma
        prev = re.search(r"([\w'’]+)\W*$", text[s_start:c_s])
        if prev and (prev.group(1).lower() in DETERMINERS | {"of", "the", "a", "an", "to"} | NOUN_ADJECTIVES
                     or prev.group(1).lower().endswith(("'s", "’s"))):
            continue  # "their report", "secretary of state", "Republican claims": a noun, not a verb
        if form.lower() == "state" and not re.match(r"\s+that\b", text[c_e:c_e + 6]):
            continue  # "state regulators", "the state said": 'state' reports speech only before "that"
        anon = ANON_RE.search(text, s_start, s_end)
        if anon and anon.start() <= c_s < anon.end():
            continue
        if any(a.source_span and a.source_span[0] <= c_s < a.source_span[1] for a in sent_atts):
            continue
        att = _attribute(text, s_start, s_end, c_s, c_e, lemma, cls, art.quotes, art.pieces, art.used_quotes,
                         art.in_quote, prior=sent_atts[-1].source_span if sent_atts else None)
        if att is not None and not _not_a_statement(text, att):
            att.paragraph = art.para_of(c_s)
            sent_atts.append(att)


def _that_clauses(art: _Article, s_start: int, s_end: int, sent_atts: list[Attribution]) -> None:
    """Any verb followed by a that-clause reports a statement or belief: "X conceded that ...".

    >>> [a.cue_lemma for a in find_attributions("The mayor figured that the plan would fail badly.")]
    ['figured']
    """
    text = art.text
    for m in THAT_VERB_RE.finditer(text, s_start, s_end):
        v_s, v_e = m.span("verb")
        if art.in_quote(v_s) is not None or m.group("verb").lower() in NOT_CUES:
            continue
        if any(a.cue_span and a.cue_span[0] <= v_s < a.content_spans[-1][1] for a in sent_atts) or any(
                a.source_span and a.source_span[0] <= v_s < a.source_span[1] for a in sent_atts):
            continue
        src = speaker_before(text, s_start, v_s) or _subject_before_participle(text, s_start, v_s)
        if src is None:
            continue
        c_end = PARTICIPLE_SPLIT_RE.search(text, m.end(), s_end)
        content = _strip(text, m.end(), c_end.start() if c_end else s_end)
        if len(text[content[0]:content[1]].split()) >= 3:
            sent_atts.append(Attribution(_kind(content, art.pieces, art.used_quotes), [content], (v_s, v_e),
                                         m.group("verb").lower(), "other", src, paragraph=art.para_of(v_s)))


def _anonymous_sentence(art: _Article, s_start: int, s_end: int, sent_atts: list[Attribution]) -> None:
    """A sentence resting on an anonymous source ("people familiar with the talks") that no cue
    already covers: the whole sentence is its content."""
    text = art.text
    am = ANON_RE.search(text, s_start, s_end)
    if not any(a.cue_span and am and a.cue_span[0] < am.end() and am.start() < a.cue_span[1] for a in sent_atts):
        if am and art.in_quote(am.start()) is None:
            cs = _strip(text, s_start, s_end)
            sent_atts.append(Attribution("indirect", [cs], (am.start(), am.end()), "say", "neutral", None,
                                         anonymous=True, paragraph=art.para_of(s_start)))


def _remarks(art: _Article, out: list[Attribution]) -> None:
    """"He made these remarks ...": a pronoun that points back to the latest quote's speaker (the
    latest quote = the highest index in ``out`` ending before the remark; found by bisection)."""
    text = art.text
    by_end = sorted((a.content_spans[-1][1], i) for i, a in enumerate(out) if a.kind in ("direct", "mixed"))
    ends = [e for e, _ in by_end]
    best_upto = list(accumulate((i for _, i in by_end), max))
    last_remark: int | None = None
    for m in REMARKS_RE.finditer(text):
        k = bisect_right(ends, m.start()) - 1
        found = [i for i in (best_upto[k] if k >= 0 else None, last_remark) if i is not None]
        if found:
            base_i = max(found)
            base = out[base_i]
            out.append(Attribution(base.kind, list(base.content_spans), (m.start("cue"), m.end("cue")), "remark",
                                   "neutral", (m.start("pron"), m.end("pron")), continues=base_i,
                                   paragraph=art.para_of(m.start())))
            last_remark = len(out) - 1


def _headline_speaker(art: _Article, out: list[Attribution]) -> None:
    """A headline that gives a statement to its speaker: "Poll: Wealthy Voters Abandon ..."."""
    text = art.text
    hm = HEADLINE_SPEAKER_RE.match(text)
    if hm and not any(a.content_spans[0][0] < hm.end() for a in out) and \
            _valid_np(_tokens(text, hm.start("speaker"), hm.end("speaker"))):  # not "Updated: ..."
        content = _strip(text, hm.start("content"), hm.end("content"))
        out.append(Attribution(_kind(content, art.pieces), [content], (hm.start("colon"), hm.end("colon")), "say",
                               "neutral", (hm.start("speaker"), hm.end("speaker")), paragraph=0))


def _transcripts(art: _Article, out: list[Attribution]) -> None:
    """Transcripts: "PENCE: Well, the question ..." (a speaker in capitals opens the paragraph)."""
    text = art.text
    covered = sorted((a.content_spans[0][0], a.content_spans[-1][1]) for a in out)
    c_starts = [a for a, _ in covered]
    c_reach = list(accumulate((b for _, b in covered), max))
    for m in TRANSCRIPT_RE.finditer(text):
        k = bisect_right(c_starts, m.start("content")) - 1
        if k >= 0 and c_reach[k] > m.start("content"):
            continue
        content = _strip(text, m.start("content"), m.end("content"))
        out.append(Attribution("direct", [content], (m.start("colon"), m.end("colon")), "say", "neutral",
                               (m.start("speaker"), m.end("speaker")), paragraph=art.para_of(m.start())))
        art.used_quotes.update(qi for qi in [art.pieces.at(m.start("content"))] if qi is not None)


def _unframed_quotes(art: _Article, out: list[Attribution]) -> None:
    """Quotes with no frame of their own: after 'He said:' closing the paragraph before; followed by
    "said X" or a dash and a name; else, when long enough, they continue the latest speaker of this
    or the previous paragraph."""
    text, quotes, sents, used_quotes = art.text, art.quotes, art.sents, art.used_quotes
    para_of, quote_content = art.para_of, art.quote_content
    sent_starts = [a for a, _ in sents]

    def qualifies(a: Attribution) -> bool:
        return a.kind in ("direct", "mixed") and (a.source_span is not None or a.continues is not None)

    # The latest (highest-index) attribution with a speaker that starts before a quote, in its
    # paragraph or the one before: attributions made so far, indexed per paragraph, then those this
    # loop adds (in text order, so the newest one is the latest).
    dyn: dict[str, int | None] = {"upto": len(out), "last": None}
    per_para: dict[int, tuple[list[int], list[int]]] = {}
    for para, items in _group((a.paragraph, a.content_spans[0][0], i) for i, a in enumerate(out) if qualifies(a)):
        items.sort()
        per_para[para] = ([st for st, _ in items], list(accumulate((i for _, i in items), max)))

    def latest_speaker(s: int, p: int) -> int | None:
        found = []
        for para in (p - 1, p, p + 1):
            if para in per_para:
                starts, best = per_para[para]
                k = bisect_left(starts, s) - 1
                if k >= 0:
                    found.append(best[k])
        for i in range(dyn["upto"], len(out)):  # each added attribution is looked at once
            if qualifies(out[i]):
                dyn["last"] = i
        dyn["upto"] = len(out)
        last = dyn["last"]
        if last is not None and out[last].content_spans[0][0] < s and p - out[last].paragraph <= 1:
            found.append(last)
        return max(found) if found else None

    for qi, q in enumerate(quotes):
        if qi in used_quotes:
            continue
        s, e = q.pieces[0]
        lead = _colon_lead(text, s, sents)
        if lead is not None:  # 'He said:' closing the previous paragraph, the quote opening this one
            src, cue = lead
            att = Attribution(_quote_kind(text, q), quote_content(qi), cue,
                              *(reporting_verbs().get(text[cue[0]:cue[1]].lower(), ("say", "neutral")) if cue else ("say", "neutral")),
                              src, paragraph=para_of(s))
            out.append(att)
            used_quotes.add(qi)
            continue
        post = POST_VERB_RE.match(text, q.end)
        if post and text[s:q.end].rstrip("”\"'’» ")[-1:] in (",", "?", "!") and _statement_like(text, q):
            np_span = (post.start("np"), post.end("np"))
            if _valid_np(_tokens(text, *np_span)):
                out.append(Attribution(_quote_kind(text, q), quote_content(qi), (post.start("verb"), post.end("verb")),
                                       post.group("verb").lower(), "other", np_span, paragraph=para_of(s)))
                used_quotes.add(qi)
                continue
        sig = SIGNATURE_RE.match(text, q.end)
        if sig:
            out.append(Attribution("direct", quote_content(qi), (sig.start("dash"), sig.end("dash")), "say", "neutral",
                                   (sig.start("name"), sig.end("name")), paragraph=para_of(s)))
            used_quotes.add(qi)
            continue
        words = len(re.findall(r"\w+", text[s:e]))
        if words < 4:
            continue
        k = bisect_right(sent_starts, s) - 1
        sent = sents[k] if k >= 0 and s < sents[k][1] else (s, e)
        full = (e - s) + sum(b - a for a, b in q.pieces[1:]) >= 0.6 * (sent[1] - sent[0]) or len(q.pieces) > 1
        if not full:
            continue
        p = para_of(s)
        prev = latest_speaker(s, p)
        att = Attribution("direct", quote_content(qi), paragraph=p)
        if prev is not None:
            base = out[prev]
            att.continues = base.continues if base.continues is not None else prev
            att.source_span, att.cue_span, att.cue_lemma, att.cue_class = (
                base.source_span, base.cue_span, base.cue_lemma, base.cue_class)
        out.append(att)
        used_quotes.add(qi)


def _group(triples):
    """(key, a, b) triples as (key, [(a, b), ...]) pairs, in first-seen order of the keys."""
    out: dict[int, list[tuple[int, int]]] = {}
    for key, a, b in triples:
        out.setdefault(key, []).append((a, b))
    return out.items()


@dataclass
class _Cue:
    """One reporting cue in its sentence, with what the patterns read: the sentence bounds, the cue's
    span, lemma and class, the article's quotes, and the quotes already given to a speaker."""
    text: str
    s_start: int
    s_end: int
    c_s: int
    c_e: int
    lemma: str
    cls: str
    quotes: Any
    pieces: Any
    used_quotes: set[int]
    in_quote: Any
    prior: Span | None

    def att(self, kind: str, content: list[Span], src: Span) -> Attribution:
        return Attribution(kind, content, (self.c_s, self.c_e), self.lemma, self.cls, src)

    @property
    def participle(self) -> bool:
        return self.text[self.c_s:self.c_e].lower().split()[0].endswith("ing")

    def participle_subject(self) -> Span | None:
        """'"...," Trump said, adding later, "..."': the speaker already named in the sentence, else
        its subject."""
        return self.prior if self.prior is not None else subject_np(self.text, self.s_start, self.c_s)


NO_ATTRIBUTION = Attribution("none", [], None, "", "", None)  # a pattern that matched and rules the cue out


def _according_to(c: _Cue) -> Attribution | None:
    """"according to SPEAKER": the content is the clause before, else the one after the speaker.

    >>> [(a.kind, a.cue_lemma) for a in find_attributions("The toll rose to 40, according to the ministry.")]
    [('indirect', 'according to')]
    """
    if c.lemma != "according to":
        return None
    text = c.text
    src = _phrase_after(text, c.c_e, c.s_end)
    if src is None:
        return NO_ATTRIBUTION
    pre_s, pre_e = _strip(text, c.s_start, c.c_s)
    if pre_e - pre_s > 10:
        content = (pre_s, pre_e)
    else:
        comma = text.find(",", src[1], c.s_end)
        content = _strip(text, comma + 1 if comma != -1 else src[1], c.s_end)
    if content[1] <= content[0]:
        return NO_ATTRIBUTION
    return c.att(_kind(content, c.pieces), [content], src)


def _quote_then_cue(c: _Cue) -> Attribution | None:
    """A quote right before: '"...," SPEAKER CUE' or '"...," CUE SPEAKER'.

    >>> [a.kind for a in find_attributions('"We will rebuild," Mayor Ann Lee said.')]
    ['direct']
    """
    text = c.text
    prev_piece = c.pieces.last_ending_in(c.s_start - 2, c.c_s)
    if prev_piece is None:
        return None
    (q_s, q_e), qi = prev_piece
    gap = text[q_e:c.c_s]
    inner_end = text[q_s:q_e].rstrip("”\"'’»").rstrip()
    if re.fullmatch(r"\s*,?\s*", gap) or (inner_end[-1:] in (",", "?", "!", "—", "-") or text[q_e - 1] == ",") \
            and len(gap) < 200:
        if re.fullmatch(r"\s*,?\s*", gap):
            src = speaker_after(text, c.c_e, c.s_end)
        else:  # everything between the quote and the cue is the speaker: '"...," panel Chairman X said'
            src = _gap_speaker(text, q_e, c.c_s)
        if src is not None and qi not in c.used_quotes and _statement_like(text, c.quotes[qi]):
            c.used_quotes.add(qi)
            return c.att(_quote_kind(text, c.quotes[qi]), list(c.quotes[qi].pieces), src)
    return None


def _cue_then_quote(c: _Cue) -> Attribution | None:
    """SPEAKER CUE[,:] "..." -- and ", saying, '...'", whose speaker is the sentence's subject.

    >>> [a.kind for a in find_attributions('Mayor Ann Lee said: "We will rebuild."')]
    ['direct']
    """
    text = c.text
    nxt = re.match(r"\s*(?:,|:)?\s*(?:[^.!?\"“”]{0,60}?[,:]\s*)?", text[c.c_e:c.s_end])
    q_after = c.in_quote(c.c_e + nxt.end()) if nxt is not None and c.c_e + nxt.end() < c.s_end else None
    if q_after is None or c.quotes[q_after].start != c.c_e + nxt.end():
        return None
    src = c.participle_subject() if c.participle else speaker_before(text, c.s_start, c.c_s)
    if src is None:
        src = speaker_after(text, c.c_e, c.s_end)
    if src is not None and q_after not in c.used_quotes and _statement_like(text, c.quotes[q_after]):
        c.used_quotes.add(q_after)
        return c.att(_quote_kind(text, c.quotes[q_after]), list(c.quotes[q_after].pieces), src)
    return None


def _clause_then_cue(c: _Cue) -> Attribution | None:
    """CLAUSE, SPEAKER CUE.  /  CLAUSE, CUE SPEAKER. -- the speaker may carry a relative clause or an
    appositive ("..., said one official, who spoke on condition of anonymity.").

    >>> [(a.kind, a.cue_lemma) for a in find_attributions("The bridge will reopen in May, officials said.")]
    [('indirect', 'say')]
    """
    text, s_start, c_s = c.text, c.s_start, c.c_s
    tail = text[c.c_e:c.s_end]
    set_off = SET_OFF_TAIL_RE.match(tail)
    short_tail = set_off.group(1) + "." if set_off else tail
    comma = text[s_start:c_s].rfind(",")
    if not (comma > 0 and re.fullmatch(r"[\s\w.'’-]{0,40}?[.!?]?[\"”’]?\s*", short_tail) and len(short_tail.split()) <= 5
            and not re.match(r"\s*that\b", tail)):  # "..., X argued that it worked": the content follows
        return None
    cstart = s_start + comma + 1
    src = speaker_before(text, cstart, c_s)
    if src is not None and _strip(text, cstart, src[0])[1] > _strip(text, cstart, src[0])[0]:
        src = None
    if src is None and not text[cstart:c_s].strip():
        src = speaker_after(text, c.c_e, c.s_end)
        if src is not None and not re.fullmatch(r"\s*(?:,[^.!?]*)?[.!?]?[\"”’]?\s*", text[src[1]:c.s_end]):
            src = None  # "X, said the report was false": the phrase after the cue is a clause
    if src is None:
        return None
    content = _strip(text, s_start, s_start + comma)
    if content[1] <= content[0]:
        return None
    return c.att(_kind(content, c.pieces, c.used_quotes), [content], src)


def _cue_then_clause(c: _Cue) -> Attribution | None:
    """SPEAKER CUE (that) CLAUSE -- the last pattern: weak cues ("found") need "that", a colon or a
    clause; intent cues ("vowed") need "to" or "that"; a participial cue takes the sentence's subject.

    >>> [(a.kind, a.cue_lemma) for a in find_attributions("The governor said the bridge would reopen in May.")]
    [('indirect', 'say')]
    """
    text, s_start, s_end, c_s, c_e, lemma = c.text, c.s_start, c.s_end, c.c_s, c.c_e, c.lemma
    head = text[c_e:min(s_end, c_e + 120)]
    that = re.search(r"\bthat\b", head)
    if lemma in WEAK_CUES and not (that and len(head[: that.start()].split()) <= 3) and not head.lstrip().startswith(":") \
            and not CLAUSE_RE.match(head) and not c.pieces.starting_in(c_e, s_end):
        return None
    if lemma in INTENT_CUES and not re.match(r"\s+to\s+\w", text[c_e:s_end]) and not that:
        return None
    src = c.participle_subject() if c.participle else speaker_before(text, s_start, c_s)
    prev_word = re.search(r"(\w+)\W*$", text[s_start:c_s])
    if src is None and prev_word and (prev_word.group(1).lower() == "and" or text[s_start:c_s].rstrip().endswith(",")):
        src = subject_np(text, s_start, c_s)  # "X spoke by phone ... and said", "X met ..., saying"
    if src is None:
        src = _subject_before_participle(text, s_start, c_s)
    if src is None:
        return None
    sub = re.match(r"(?:When|As|After|If|Because|While|Although|Though|Since|Before|Once|Until)\s+", text[src[0]:src[1]])
    if sub:  # "When Clinton noted that X, Trump ...": the statement ends with the subordinate clause
        src = (src[0] + sub.end(), src[1])
    c_start = c_e
    if that and "," not in head[: that.start()] and len(head[: that.start()].split()) <= 8:
        c_start = c_e + that.end()
    elif lemma in ("tell", "warn", "assure", "remind", "inform"):
        obj = TELL_OBJECT_RE.match(text, c_e, s_end)
        if obj:
            c_start = obj.end()
    else:
        adj = re.match(r"\s*(?:on|in|at|during|last|this)\s+[^,]{0,40},", head)
        if adj:
            c_start = c_e + adj.end()
    c_end = s_end
    split = PARTICIPLE_SPLIT_RE.search(text, c_start, s_end)
    if split:
        c_end = split.start()
    if sub:
        comma = _comma_outside_quotes(text, c_start, c_end)
        if comma is not None:
            c_end = comma
    content = _strip(text, c_start, c_end)
    if content[1] - content[0] < 3 or len(text[content[0]:content[1]].split()) < 2:
        return None
    return c.att(_kind(content, c.pieces, c.used_quotes), [content], src)


# The frames of news copy a cue can stand in, tried in this order; the first that matches decides.
PATTERNS: tuple[tuple[str, Callable[[_Cue], Attribution | None]], ...] = (
    ("according to SPEAKER", _according_to),
    ('"QUOTE," SPEAKER CUE', _quote_then_cue),
    ('SPEAKER CUE: "QUOTE"', _cue_then_quote),
    ("CLAUSE, SPEAKER CUE", _clause_then_cue),
    ("SPEAKER CUE (that) CLAUSE", _cue_then_clause),
)


def _attribute(text: str, s_start: int, s_end: int, c_s: int, c_e: int, lemma: str, cls: str,
               quotes, pieces, used_quotes: set[int], in_quote, prior: Span | None = None) -> Attribution | None:
    """The attribution of one cue: the first of :data:`PATTERNS` that matches."""
    cue = _Cue(text, s_start, s_end, c_s, c_e, lemma, cls, quotes, pieces, used_quotes, in_quote, prior)
    for _, pattern in PATTERNS:
        att = pattern(cue)
        if att is NO_ATTRIBUTION:
            return None
        if att is not None:
            return att
    return None


def _quote_kind(text: str, quote) -> str:
    """A quote that starts in lower case is a fragment woven into reported speech: mixed."""
    first = re.search(r"[^\W\d_]", text[quote.pieces[0][0]:quote.pieces[0][1]])
    return "mixed" if first and first.group().islower() else "direct"


def _statement_like(text: str, quote) -> bool:
    """A quoted statement, not a quoted title or phrase: four words or more, or a full sentence."""
    inner = " ".join(text[a:b] for a, b in quote.pieces)
    words = re.findall(r"\w+", inner)
    title_case = all(w[:1].isupper() or w.lower() in ("of", "the", "a", "an", "and", "in", "on", "for", "to")
                     for w in words)
    return len(words) >= 4 or bool(re.search(r"[.!?]\W*$", inner)) or (len(words) >= 2 and not title_case)


def _comma_outside_quotes(text: str, start: int, end: int) -> int | None:
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch in "“«":
            depth += 1
        elif ch in "”»" and depth:
            depth -= 1
        elif ch == '"':
            depth = 1 - depth if depth <= 1 else depth
        elif ch == "," and depth == 0:
            return i
    return None


def _kind(content: Span, pieces, used_quotes: set[int] | None = None) -> str:
    inside = [(p, qi) for p, qi in pieces.starting_in(content[0], content[1] + 1) if p[1] <= content[1] + 1]
    if not inside:
        return "indirect"
    if used_quotes is not None:
        used_quotes.update(qi for _, qi in inside)
    covered = sum(min(p[1], content[1]) - p[0] for p, _ in inside)
    return "direct" if covered >= 0.9 * (content[1] - content[0]) else "mixed"


def to_records(text: str, atts: list[Attribution]) -> list[dict]:
    """Attributions in the prediction format of ``score_attributions.py``."""
    out = []
    for a in atts:
        spans = [list(sp) for sp in a.content_spans]
        out.append({
            "source": a.source(text), "source_span": list(a.source_span) if a.source_span else None,
            "cue": a.cue(text), "cue_span": list(a.cue_span) if a.cue_span else None,
            "content": a.content(text), "content_span": [spans[0][0], spans[-1][1]], "content_spans": spans,
            "quote_type": a.kind, "cue_lemma": a.cue_lemma, "cue_class": a.cue_class, "anonymous": a.anonymous,
        })
    return out
