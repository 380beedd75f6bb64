r"""Sentences and tokens with character offsets, offline (no NLTK download).

Sentences come from NLTK's Punkt with a shipped abbreviation list (``data/abbreviations.txt``);
tokens from one Treebank-style regular expression (clitics "n't" and "'s" split off, "U.S."
and "Gen." kept whole), so that every span satisfies ``text[start:end] == token``.

>>> text = 'Gen. Milley met S. Korea\'s chief. "Good," he said.'
>>> [text[s:e] for s, e in sentence_spans(text)]
["Gen. Milley met S. Korea's chief.", '"Good," he said.']
>>> text = "Yoon didn't go to the U.S."
>>> [text[s:e] for s, e in token_spans(text)]
['Yoon', 'did', "n't", 'go', 'to', 'the', 'U.S.']
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from .lexicons import abbreviations

# Longer "sentences" (lists, tables, unpunctuated dumps) are cut at clause or word boundaries, so that
# every per-sentence step downstream costs at most this much; real news sentences stay far below it
# (the longest sentence of PolNeAR dev has 504 characters, of BASIL dev 647).
MAX_SENTENCE_CHARS = 2000
CLAUSE_BREAK_RE = re.compile(r"[;:,)\]]\s|\s[-–—]+\s")

# A sentence glued to the next after a closing quote: 'respond to them."A long-running ...'.
GLUED_END_RE = re.compile(r"(?<=[a-z0-9][.!?][\"”’])(?=[A-Z])")


class NotAfter:
    r"""``re.compile(r"(?<![CHARS])" + pattern, flags)``, with the same matches found faster: a leading
    lookbehind keeps Python's ``re`` from skipping ahead to the characters the pattern can start with
    (over a long alternation of names that is five times slower), so the pattern is searched alone
    and a match that follows one of ``chars`` is dropped, the search going on one character later.

    >>> [m.group() for m in NotAfter(r"(?:Korea|Japan)", r"\w-").finditer("Japan, NorthKorea and Korea")]
    ['Japan', 'Korea']
    """

    def __init__(self, pattern: str, chars: str = r"\w", flags: int = 0) -> None:
        self.rx = re.compile(pattern, flags)
        self.before = re.compile(f"[{chars}]")

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        end = len(text) if endpos is None else endpos
        while pos <= end:
            m = self.rx.search(text, pos, end)
            if m is None:
                return
            s = m.start()
            if s > 0 and self.before.match(text, s - 1):
                pos = s + 1
                continue
            yield m
            pos = max(m.end(), s + 1)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, pos, endpos), None)


@lru_cache(maxsize=None)
def _punkt() -> Any:
    # imported here: importing nltk takes a second or two (it loads scipy.stats), which a notebook
    # that only reads an analysis' tables should not pay
    from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

    # Punkt's own fixed patterns, compiled with the standard library's ``re``. NLTK 3.10 routes every
    # pattern through ``nltk.redos`` (the ``regex`` engine under a time-out, a guard meant for patterns
    # a caller supplies), which makes sentence splitting three times slower. ``re`` and ``regex``
    # differ on a few Unicode classes (combining marks and superscript digits in ``\w``, for one); the
    # sentences were the same on the base benchmark corpus and every development set (about 40,000
    # paragraphs). The boundary-realignment pattern is NLTK 3.10's (curly quotes and guillemets
    # included), whatever NLTK version is installed.
    class LanguageVars(PunktLanguageVars):
        re_boundary_realignment = re.compile(r'["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)',
                                             re.MULTILINE)

        def _word_tokenizer_re(self) -> re.Pattern[str]:
            try:
                return self._re_word_tokenizer
            except AttributeError:
                self._re_word_tokenizer = re.compile(self._word_tokenize_fmt % {
                    "NonWord": self._re_non_word_chars, "MultiChar": self._re_multi_char_punct,
                    "WordStart": self._re_word_start}, re.UNICODE | re.VERBOSE)
                return self._re_word_tokenizer

        def period_context_re(self) -> re.Pattern[str]:
            try:
                return self._re_period_context
            except AttributeError:
                self._re_period_context = re.compile(self._period_context_fmt % {
                    "NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars},
                    re.UNICODE | re.VERBOSE)
                return self._re_period_context

    class Token(PunktToken):
        __slots__ = ()
        _RE_ELLIPSIS = re.compile(r"\.\.+$")
        _RE_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
        _RE_INITIAL = re.compile(r"[^\W\d]\.$", re.UNICODE)
        _RE_ALPHA = re.compile(r"[^\W\d]+$", re.UNICODE)

    params = PunktParameters()
    params.abbrev_types = set(abbreviations())
    return PunktSentenceTokenizer(params, lang_vars=LanguageVars(), token_cls=Token)


@lru_cache(maxsize=None)
def _token_re() -> re.Pattern[str]:
    abbrevs = sorted((a for a in abbreviations() if "." not in a and len(a) > 1), key=len, reverse=True)
    return re.compile(
        r"https?://\S+[\w/]|www\.\S+[\w/]"                                  # links
        r"|(?<![\w.+-])\w[\w.+-]*+@[\w-]+\.[\w.-]*\w"                      # e-mail (no backtracking)
        r"|(?:[^\W\d_]\.){2,}(?![^\W\d_])"                                  # U.S. D.C. a.m.
        # Gen. Sept. Mr. (the lookahead first checks for a word and a full stop, so the long list of
        # abbreviations is tried only there: tokenising is three times faster than without it)
        r"|(?=[^\W\d_]+\.(?:\s|$))(?:" + "|".join(abbrevs) + r")\.(?=\s|$)"
        r"|(?-i:[A-Z]\.)(?=\s+(?-i:[A-Z]))"                                 # initials: Carissa F. Etienne
        r"|[$£€¥]?\d+(?:[.,:/]\d+)*(?:%|st|nd|rd|th|s)?"                    # 1,337  3.5  21:00  1990s
        r"|[^\W\d_]+(?=n['’]t\b)|n['’]t\b"                                   # did + n't
        r"|['’](?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)\b"                         # 's 're
        r"|[^\W_]+(?:(?:[-.&]|['’](?!(?:s|re|ve|ll|d|m)\b))[^\W_]+)*"        # words, Yoon-Suk, O'Neill
        r"|\.\.\.|--+|\S",                                                   # ellipsis, dashes, any other mark
        re.IGNORECASE,
    )


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs: runs of lines separated by blank lines (or single newlines)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans in ``text`` (one paragraph or several; a sentence never crosses a line break)."""
    out: list[tuple[int, int]] = []
    punkt = _punkt()
    for p_start, p_end in paragraph_spans(text):
        para = text[p_start:p_end]
        for s, e in _attach_closing_quotes(para, list(punkt.span_tokenize(para))):
            cuts = [m.start() for m in GLUED_END_RE.finditer(para, s, e)]
            for a, b in zip([s, *cuts], [*cuts, e]):
                seg = para[a:b]
                lead = len(seg) - len(seg.lstrip())
                trail = len(seg.rstrip())
                if trail > lead:
                    out.extend(_cap(text, p_start + a + lead, p_start + a + trail))
    return out


def _cap(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> Iterator[tuple[int, int]]:
    """Cut an over-long sentence into pieces of at most ``limit`` characters: after the last clause
    mark in the second half of each window, else at the last space, else hard.

    >>> text = "a, " * 5
    >>> [text[s:e] for s, e in _cap(text, 0, len(text.rstrip()), limit=8)]
    ['a, a,', 'a, a, a,']
    """
    while end - start > limit:
        cut = None
        for m in CLAUSE_BREAK_RE.finditer(text, start + limit // 2, start + limit):
            cut = m.start() + 1
        if cut is None:
            space = text.rfind(" ", start + limit // 2, start + limit)
            cut = space if space > start else start + limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            yield start, piece_end
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _attach_closing_quotes(para: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Punkt may cut 'them."A' before the quote: give a closing quote back to its sentence."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and out[-1][1] == s and s < e:
            ch, prev = para[s], para[out[-1][0]:out[-1][1]]
            if ch in "”’»" or (ch == '"' and prev.count('"') % 2 == 1):
                out[-1] = (out[-1][0], s + 1)
                s += 1
        if s < e:
            out.append((s, e))
    return out


def token_regex() -> re.Pattern[str]:
    """The compiled token pattern (``finditer`` over a span gives :func:`token_spans` without a
    generator step per token)."""
    return _token_re()


def token_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Token spans in ``text[start:end]``, as offsets into ``text``."""
    for m in _token_re().finditer(text, start, len(text) if end is None else end):
        yield m.start(), m.end()
