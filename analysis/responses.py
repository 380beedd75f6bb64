"""Non-responses: "did not respond to a request for comment", "declined to comment", "could not be
reached". They are not statements, so they never become quotes; researchers count them apart: who
was asked, and how they did not answer.

>>> text = "A spokesperson for the company declined to comment."
>>> [(text[r.who_start:r.who_end], r.kind, text[r.start:r.end]) for r in find_responses(text)]
[('A spokesperson for the company', 'declined to comment', 'declined to comment')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .tokenize import NotAfter, sentence_spans

NOT = r"(?:did\s+not|didn['’]t|has\s+not|hasn['’]t|have\s+not|haven['’]t|had\s+not|would\s+not|wouldn['’]t|does\s+not|doesn['’]t)"
ASK = r"(?:requests?|messages?|e-?mails?|(?:phone\s+)?calls?|inquir(?:y|ies)|queries|questions|voicemails?)"
# Each: kind, pattern of the non-answer (after the subject)
PATTERNS = [
    ("no response", NOT + r"\s+(?:immediately\s+|yet\s+)?(?:respond(?:ed)?|repl(?:y|ied))(?:\s+(?:to|on)\s+(?:a|an|the|several|multiple|"
     r"repeated|two|three|numerous|our|\w+['’]s)?\s*(?:\w+\s+)?" + ASK + r"(?:\s+(?:for|seeking)\s+(?:comment|"
     r"an?\s+interview|response))?|(?=\s*(?:[.,;]|$|on\s+\w+day|by\s+(?:press\s+time|deadline)|before\s+publication)))"),
    ("no response", NOT + r"\s+(?:immediately\s+|yet\s+)?return(?:ed)?\s+(?:a|an|the|several|multiple|repeated|our)?\s*(?:\w+\s+)?"
     + ASK + r"(?:\s+(?:for|seeking)\s+comment)?"),
    ("declined to comment", r"(?:declined|refused|would\s+not|wouldn['’]t)\s+(?:to\s+)?(?:immediately\s+)?comment\b"),
    ("declined to comment", r"(?:declined|refused)\s+(?:a\s+|an\s+)?(?:request\s+for\s+|requests\s+for\s+)?(?:comment|an\s+interview|to\s+be\s+interviewed)\b"),
    ("declined to say", r"(?:declined|refused)\s+to\s+(?:say|discuss|elaborate|specify|confirm|disclose|identify|"
     r"give|provide|answer|name|explain)\b"),
    ("could not be reached", r"(?:could\s+not|couldn['’]t|cannot|can['’]t)\s+(?:immediately\s+)?be\s+(?:reached|contacted)\b"),
    ("could not be reached", r"(?:was|were|is|are)\s+not\s+(?:immediately\s+)?available\s+(?:for|to)\s+comment\b"),
]
PATTERN_RE = [(kind, NotAfter(p, r"\w'’", re.I)) for kind, p in PATTERNS]  # never inside a word
# the same, case-sensitive for lower-cased text (several times faster; the patterns are lower case)
LOWER_RE = [(kind, NotAfter(p, r"\w'’")) for kind, p in PATTERNS]
OPENERS_RE = re.compile(r"^(?:(?:but|and|however|meanwhile|still|also|so|yet)\b[,\s]*)+", re.I)
# lower case: not a name; or an age ("Lee, 54, declined")
INTERPOSED_RE = re.compile(r"(?:who|which|whose|when|where|[a-z]+(?:ed|ing))\b|\d+$")
MAX_WHO_WORDS = 14


@dataclass(frozen=True)
class Response:
    kind: str       # "no response", "declined to comment", "declined to say", "could not be reached"
    start: int      # the non-answer: text[start:end]
    end: int
    who_start: int  # who was asked: text[who_start:who_end] (the clause's subject), -1 if not found
    who_end: int


TRIGGER_RE = re.compile(r"respond|repl|return|comment|declin|refus|reach|contact|availab", re.I)


def find_responses(text: str) -> list[Response]:
    """Every non-response in ``text``, with the subject of its clause as who was asked. The patterns
    run over the whole text; only the paragraphs they match in are split into sentences."""
    out: list[Response] = []
    if not TRIGGER_RE.search(text):  # most articles: nothing to look at
        return out
    sentences_of: dict[int, list[tuple[int, int]]] = {}
    taken: list[tuple[int, int]] = []
    low = text.lower()
    fast = len(low) == len(text)  # lower() can lengthen a few letters ("İ"): offsets would move
    for kind, rx in (LOWER_RE if fast else PATTERN_RE):
        for m in rx.finditer(low if fast else text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            p_start = text.rfind("\n", 0, m.start()) + 1
            if p_start not in sentences_of:
                p_end = text.find("\n", m.start())
                p_end = len(text) if p_end < 0 else p_end
                sentences_of[p_start] = [(p_start + a, p_start + b) for a, b in sentence_spans(text[p_start:p_end])]
            sent = next(((a, b) for a, b in sentences_of[p_start] if a <= m.start() < b), None)
            if sent is None or m.end() > sent[1]:
                continue
            taken.append((m.start(), m.end()))
            out.append(Response(kind, m.start(), m.end(), *_who(text, sent[0], m.start())))
    return sorted(out, key=lambda r: r.start)


def _who(text: str, s: int, verb: int) -> tuple[int, int]:
    """The subject before the non-answer: from the clause start (after a comma, "but", "and") to the verb."""
    clause_start = max(text.rfind(",", s, verb) + 1, text.rfind(";", s, verb) + 1, s)
    head = text[clause_start:verb]
    lead = len(head) - len(head.lstrip())
    head = head.strip()
    opener = OPENERS_RE.match(head)
    if opener:
        lead += opener.end()
        head = head[opener.end():]
    # "X, who ..., declined" / "X, reached by phone, declined": the subject is before the interposed clause
    if clause_start > s and (not head or INTERPOSED_RE.match(head)):
        return _who(text, s, clause_start - 1)
    words = head.split()
    if not words or len(words) > MAX_WHO_WORDS or head.lower() in ("it", "this", "that"):
        return -1, -1
    start = clause_start + lead
    return start, start + len(head)
