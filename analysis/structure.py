"""Parse the structure of a news page dump: headline, byline/agency, timestamp, dateline, body.

The body is found by telling article prose from page furniture, line by line, with signals that
hold across sites (after jusText and boilerpipe, adapted to plain text): running prose is long and
dense in function words and ends in sentence punctuation; furniture is short (menus, share
buttons, headings of link lists), ends in a teaser ellipsis, addresses the reader ("Sign up ...
your inbox"), or repeats across pages of one outlet. The body is the densest run of prose; short
lines inside it survive only one at a time (sub-headings), not as lists.

>>> page = parse_page("Big Headline Here\\nMarch 17, 2023\\nWASHINGTON — Officials met on "
...                   "Thursday to discuss the plan, and they said it would go ahead soon.")
>>> page.title, page.dateline, page.body[:9]
('Big Headline Here', 'Washington', 'Officials')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from .lexicons import agencies, stopwords
from .timestamps import Timestamp, parse_timestamp

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
END_PUNCT_RE = re.compile(r"""[.!?:;]["'”’»)\]]*\s*$|[.!?]["”’»]\s*\(\w[\w .-]*\)\s*$""")
TEASER_RE = re.compile(r"(?:\.\.\.|…|\. \. \.)\s*$")
LIST_MARK_RE = re.compile(r"^\s*(?:[-–•*·▪►>|]|\d{1,2}[.)])\s+")
BYLINE_RE = re.compile(
    r"^(?:(?:by|written by|words by|reporting by|author|posted by)\s*:?\s+)(?P<name>[^\s\d].{1,80}?)\s*[,:|]?\s*$",
    re.I)
QUOTE_CHARS = "\"“”«»"
# Glue left by select-all copies: a lower-case word run straight into an upper-case dateline.
GLUE_RE = re.compile(r"(?<=[a-z]{3})(?=[A-Z]{2,}[A-Z .'-]*(?:,\s|:\s|\s[—–-]\s))")
CTA_VERBS = frozenset(
    "get sign subscribe follow join click tap download share publish submit register log login "
    "contact donate like send visit learn discover explore enter support watch listen read "
    "advertise become start try save".split())
SECOND_PERSON = frozenset({"you", "your", "yours", "you're", "you’re", "you'll", "you’ll"})
FIRST_PLURAL = frozenset({"we", "our", "us", "we're", "we’re", "we'll", "we’ll", "we've", "we’ve"})
MONTH_NAMES = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
               r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")


def _agency_alternation() -> str:
    names = sorted(agencies(), key=len, reverse=True)
    return "|".join(map(re.escape, names))


_CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
_TITLE_PLACE = r"[A-Z][a-zA-Z.'’-]+(?:\s+[A-Z][a-zA-Z.'’-]+){0,3}"
_REGION = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"


def _dateline_re() -> re.Pattern[str]:
    ag = _agency_alternation()
    sep = r"\s*(?:—|–|--|-|:)\s+"
    caps = (rf"(?P<cplace>{_CAPS_PLACE})(?:,\s+(?P<cregion>{_REGION}))?(?:\s+\[(?P<cbr>[^\]]{{2,40}})\])?"
            rf"(?:,\s+{MONTH_NAMES}\s+\d{{1,2}})?(?:\s+\((?P<cag>{ag})\))?{sep}")
    titled = (rf"(?P<tplace>{_TITLE_PLACE})(?:\s+\[(?P<tbr>[^\]]{{2,40}})\])?(?:,\s+(?P<tregion>{_REGION}))?"
              rf"(?:(?:,\s+{MONTH_NAMES}\s+\d{{1,2}})?\s+\((?P<tag>{ag})\)\s*[:—–-]\s+"
              rf"|\s+—\s+)")
    return re.compile(rf"^(?:{caps}|{titled})")


_DATELINE: re.Pattern[str] | None = None
_CREDIT: re.Pattern[str] | None = None


def _credit_re() -> re.Pattern[str]:
    return re.compile(rf"\s*\((?P<agency>{_agency_alternation()})\)\s*$")


@dataclass
class Line:
    """One block of the dump with the features used to classify it."""

    text: str
    n_words: int
    stop_ratio: float
    ends_sentence: bool
    teaser: bool
    listed: bool
    promo: bool
    titleish: bool
    kind: str = "short"  # good | near | short | bad


@dataclass
class ParsedPage:
    """What :func:`parse_page` finds in one raw text."""

    title: str | None = None
    byline: str | None = None
    agency: str | None = None
    published: datetime | None = None
    published_raw: str | None = None
    published_tz: str | None = None
    dateline: str | None = None
    dateline_raw: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def split_glued(lines: list[str]) -> list[str]:
    """Split lines where page furniture was glued onto a dateline without a line break."""
    out: list[str] = []
    for ln in lines:
        parts = GLUE_RE.split(ln)
        out.extend(p for p in parts if p.strip())
    return out


def _features(text: str, stop: frozenset[str]) -> Line:
    words = WORD_RE.findall(text)
    lower = [w.lower() for w in words]
    n = len(words)
    stop_ratio = sum(w in stop for w in lower) / n if n else 0.0
    quoted = any(c in text for c in QUOTE_CHARS)
    has_you = any(w in SECOND_PERSON for w in lower)
    has_we = any(w in FIRST_PLURAL for w in lower)
    cta = bool(lower) and lower[0] in CTA_VERBS
    promo = not quoted and ((has_you and has_we) or (cta and (has_you or has_we)))
    content = [w for w, lw in zip(words, lower) if lw not in stop and len(w) > 1]
    titleish = len(content) >= 3 and sum(w[0].isupper() for w in content) >= 0.85 * len(content)
    return Line(text=text, n_words=n, stop_ratio=stop_ratio,
                ends_sentence=bool(END_PUNCT_RE.search(text)), teaser=bool(TEASER_RE.search(text)),
                listed=bool(LIST_MARK_RE.match(text)), promo=promo, titleish=titleish)


def classify(line: Line) -> str:
    """good: running prose; near: a short sentence; short: furniture-like; bad: teaser or promo."""
    if line.teaser and not line.text.rstrip().endswith(("”", '"')):
        return "bad"
    if line.promo or (line.n_words == 0 and len(line.text) <= 3):
        return "bad"
    if line.titleish and not line.ends_sentence:
        return "short"
    if line.n_words >= 10 and line.stop_ratio >= 0.2 and (line.ends_sentence or line.n_words >= 20):
        return "good"
    if line.n_words >= 25 and line.stop_ratio >= 0.12:
        return "good"
    if line.n_words >= 4 and line.stop_ratio >= 0.15 and line.ends_sentence:
        return "near"
    return "short"


WEIGHTS = {"near": 0.5, "short": -1.0, "bad": -3.0}


def _weight(line: Line) -> float:
    if line.kind == "good":
        return 1.0 + min(line.n_words, 60) / 10.0
    return WEIGHTS[line.kind]


def find_body(lines: list[Line]) -> tuple[int, int]:
    """Return [start, end) of the densest run of prose (maximum-sum subarray of line weights)."""
    best, best_span = float("-inf"), (0, 0)
    cur, cur_start = 0.0, 0
    for i, ln in enumerate(lines):
        w = _weight(ln)
        if cur <= 0:
            cur, cur_start = w, i
        else:
            cur += w
        if cur > best:
            best, best_span = cur, (cur_start, i + 1)
    return best_span


def _is_timestamp_line(text: str, n_words: int) -> Timestamp | None:
    if n_words > 14 or len(text) > 100:
        return None
    return parse_timestamp(text)


def _headline_like(line: Line) -> bool:
    t = line.text.strip()
    if not 2 <= line.n_words <= 30 or line.teaser or line.listed or line.promo:
        return False
    if t.endswith((".", ":", ",", ";")) and not t.endswith(("..", "Jr.", "Sr.")):
        return False
    caps = sum(1 for w in WORD_RE.findall(t) if w[0].isupper())
    return caps >= 2


def parse_page(text: str, *, repeated: frozenset[str] = frozenset(), title_hint: str | None = None) -> ParsedPage:
    """Parse one raw article text (a page dump or a clean article).

    ``repeated``: lines seen in other pages of the same outlet (treated as furniture).
    ``title_hint``: a headline known from metadata; when the text starts with it, it is taken out.
    """
    global _DATELINE, _CREDIT
    if _DATELINE is None:
        _DATELINE, _CREDIT = _dateline_re(), _credit_re()
    stop = stopwords()
    raw_lines = [ln.strip() for ln in text.splitlines()]
    raw_lines = split_glued([ln for ln in raw_lines if ln])
    lines = [_features(ln, stop) for ln in raw_lines]
    for ln in lines:
        ln.kind = "bad" if ln.text in repeated and ln.kind != "good" else classify(ln)
    page = ParsedPage()
    if not lines:
        return page
    start, end = find_body(lines)
    meta_used: set[int] = set()
    agency_map = agencies()

    # Metadata lines above the body (and the first few lines of the page).
    top = range(0, max(start, min(len(lines), 3)))
    for i in top:
        t = lines[i].text
        if i >= start:
            break
        if page.published is None:
            ts = _is_timestamp_line(t, lines[i].n_words)
            if ts is not None:
                page.published, page.published_raw, page.published_tz = ts.utc, ts.raw, ts.zone
                meta_used.add(i)
                continue
        if page.byline is None:
            m = BYLINE_RE.match(t)
            if m and lines[i].n_words <= 8:
                page.byline = m.group("name").strip()
                meta_used.add(i)
                continue
            if t in agency_map:
                page.byline, page.agency = t, agency_map[t]
                meta_used.add(i)
                continue

    # Headline: from metadata, else the nearest headline-like line above the body and its meta lines.
    title_idx = None
    if title_hint:
        hint = _norm(title_hint)
        for i in range(0, min(start + 1, len(lines))):
            if _norm(lines[i].text) == hint:
                title_idx = i
                break
        page.title = title_hint.strip()
    else:
        anchor = min(meta_used) if meta_used else start
        for i in range(anchor - 1, max(-1, anchor - 8), -1):
            if i in meta_used:
                continue
            if _headline_like(lines[i]):
                title_idx = i
                break
            if lines[i].kind in ("good",):
                break
        if title_idx is not None:
            page.title = lines[title_idx].text
    if start == 0 and title_idx is None and lines and _headline_like(lines[0]) and len(lines) > 1 \
            and lines[0].kind != "good" and lines[1].kind == "good" and not lines[0].ends_sentence:
        title_idx = 0
        page.title = lines[0].text
    if title_idx is not None and title_idx >= start:
        start = title_idx + 1
    while start < end and start in meta_used:
        start += 1

    # Inside the body: keep prose and lone short lines (sub-headings); drop furniture runs.
    keep = _select_inside(lines, start, end)
    paragraphs = [lines[i].text for i in keep]
    kept = set(keep)
    # The closing agency credit ends the article: what follows it is furniture.
    for k, para in enumerate(paragraphs):
        m = _CREDIT.search(para)
        if m and (k == len(paragraphs) - 1 or k >= len(paragraphs) // 2):
            page.agency = page.agency or agency_map[m.group("agency")]
            paragraphs[k] = para[: m.start()].rstrip()
            dropped = keep[k + 1:]
            kept -= set(dropped)
            paragraphs = paragraphs[: k + 1]
            break
    if paragraphs:
        m = _DATELINE.match(paragraphs[0])
        if m:
            place = m.group("cplace") or m.group("tplace")
            page.dateline = _title_case(place.strip())
            page.dateline_raw = m.group(0).strip()
            ag = m.group("cag") or m.group("tag")
            if ag:
                page.agency = page.agency or agency_map[ag]
            paragraphs[0] = paragraphs[0][m.end():]
    page.paragraphs = [p for p in paragraphs if p.strip()]
    page.boilerplate = [lines[i].text for i in range(len(lines)) if i not in kept and i != title_idx]
    return page


def _select_inside(lines: list[Line], start: int, end: int) -> list[int]:
    keep: list[int] = []
    i = start
    while i < end:
        ln = lines[i]
        if ln.kind in ("good", "near"):
            keep.append(i)
            i += 1
            continue
        j = i
        while j < end and lines[j].kind in ("short", "bad"):
            j += 1
        run = range(i, j)
        if len(run) == 1 and lines[i].kind == "short" and not lines[i].listed:
            keep.append(i)
        i = j
    return keep


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().rstrip(".").casefold()


def _title_case(place: str) -> str:
    if place.isupper():
        return " ".join(w.capitalize() if not re.fullmatch(r"(?:[A-Z]\.)+", w) else w for w in place.split())
    return place
