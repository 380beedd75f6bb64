"""Pair quotation marks in raw text: “ ” " " ‘ ’ '' « », nested, across paragraphs, never greedy.

A quote open at the end of a paragraph continues only when the next paragraph opens with a quote
mark (the news convention for multi-paragraph quotes); otherwise it is dropped as unmatched, so an
odd number of marks never swallows the rest of an article.

>>> [(q.pieces, q.nested) for q in find_quotes('He said: "We will go," and left.')]
[([(9, 22)], False)]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Each opening mark and the marks that may close it.
PAIRS = {"“": "”", "«": "»", '"': '"', "''": "''", "``": "''", "‘": "’", "„": "“”"}
MARK_RE = re.compile(r"''|``|[“”\"«»‘’„]")
LETTER = re.compile(r"\w")


@dataclass
class Quote:
    """A quotation: its pieces (one per paragraph, each including its marks) and whether it is nested."""

    pieces: list[tuple[int, int]] = field(default_factory=list)
    nested: bool = False

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def _is_open(text: str, i: int, mark: str) -> bool:
    """May ``mark`` at ``i`` open a quote? Straight and single marks decide by their neighbours."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if mark in ("“", "«", "``", "„"):
        return True
    if mark in ("”", "»", "’"):
        return False
    if mark == "‘":
        return not LETTER.match(before)
    # straight " or '': opens after a space, start or opening punctuation, before a non-space
    return (before.isspace() or before in "([{—–-:/") and not after.isspace()


def _is_close(text: str, i: int, mark: str, opener: str) -> bool:
    if mark not in PAIRS[opener] and not (opener in ('"', "''", "``") and mark in ('"', "''", "”")):
        return False
    if mark == "’":  # an apostrophe inside a word is not a closing quote
        after = text[i + 1] if i + 1 < len(text) else " "
        return not LETTER.match(after)
    return True


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text``, outermost first, in text order."""
    quotes: list[Quote] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    carry: Quote | None = None  # a quote left open at the end of the previous paragraph
    carry_opener = ""
    for p_start, p_end in paragraphs:
        stack: list[tuple[str, int]] = []
        marks = [(m.start(), m.group()) for m in MARK_RE.finditer(text, p_start, p_end)]
        if carry is not None:
            if marks and marks[0][0] == _first_nonspace(text, p_start) and _is_open(text, marks[0][0], marks[0][1]):
                stack.append((carry_opener, marks[0][0]))
                marks = marks[1:]
            else:
                carry = None  # unterminated: dropped, never extended
        for i, mark in marks:
            if stack and _is_close(text, i, mark, stack[-1][0]):
                opener, start = stack.pop()
                piece = (start, i + len(mark))
                if not stack:
                    if carry is not None:
                        carry.pieces.append(piece)
                        quotes.append(carry)
                        carry = None
                    else:
                        quotes.append(Quote([piece]))
                else:
                    quotes.append(Quote([piece], nested=True))
            elif _is_open(text, i, mark) and (mark not in ("‘", "'") or stack):
                # single marks only open quotes nested in a double quote (else they are apostrophes)
                stack.append((mark, i))
            elif mark == "‘" and not stack and _is_open(text, i, mark):
                stack.append((mark, i))
        if stack:
            opener, start = stack[0]
            if opener in ("‘",):
                carry = None
            else:
                piece = (start, _last_nonspace(text, p_end))
                if carry is None:
                    carry, carry_opener = Quote([piece]), opener
                else:
                    carry.pieces.append(piece)
        else:
            carry = None
    quotes.sort(key=lambda q: (q.start, -q.end))
    return quotes


def _first_nonspace(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _last_nonspace(text: str, j: int) -> int:
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j
