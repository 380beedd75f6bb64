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
from itertools import accumulate
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import datetime

from .lexicons import abbreviations, agencies, stopwords, web_furniture
from .timestamps import Timestamp, parse_timestamp
from .tokenize import NotAfter

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
END_PUNCT_RE = re.compile(r"""[.!?:;。！？]["'”’»)\]」』）]*\s*$|[.!?]["”’»]?\s*\([^()]{1,40}\)\s*$""")
TEASER_RE = re.compile(r"(?:\.\.\.|…|\. \. \.)\s*$")
LIST_MARK_RE = re.compile(r"^\s*(?:[-–•*·▪►>»›|]|\d{1,2}[.)])\s+")
BYLINE_RE = re.compile(
    r"^(?:(?:by|written by|words by|reporting by|author|posted by)\s*:?\s+)(?P<name>[^\s\d].{1,80}?)\s*[,:|]?\s*$",
    re.I)
TRAILING_URL_RE = re.compile(r"\s+\S+\.\S+/\S*$")
INNER_SENT_RE = re.compile(r"[a-z0-9)][.!?][\"”’]?\s+[\"“‘]?[A-Z]|[。！？][」』）]?(?=\S)")
# Japanese and Chinese write words without spaces: a line's words are counted from its characters.
HAN_KANA_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HIRAGANA_RE = re.compile(r"[\u3040-\u309f]")
KANJI_KATAKANA_RUN_RE = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
# The commonest Chinese function characters (particles, copula, prepositions, pronouns; from any
# frequency list of modern Chinese): in a Chinese line they play the part stopwords play in English.
CHINESE_FUNCTION_CHARS = frozenset("的了是在和有不这我他也就都而及与着或被把从对为以之于其")
CHARS_PER_WORD = 2  # Japanese and Chinese words average about two characters
# An author's bio line: "Jane Doe is a senior writer for ...".
BIO_RE = re.compile(r"^(?:[A-Z][\w.'’-]+\s+){1,3}(?:is|was|has been)\s+(?:a|an|the)\s+[\w-]+")
# The wire sign-off: "Additional reporting by ...; Editing by ...".
STAFF_CREDIT_RE = re.compile(r"^\(?(?:additional\s+)?(?:reporting|writing|editing|research|compiled|"
                             r"contributions?)\b[^.]{0,40}\bby\s+[A-Z]", re.I)
SITE_SUFFIX_RE = re.compile(r"\s+\|\s+[^|]{2,40}$")  # "Headline | Fox News"
QUOTE_CHARS = "\"“”«»"
# A photo caption or credit: "Photo: ...", "(AP Photo/...)", "... file photo, ...", "2of4A shopper ...".
CAPTION_RE = re.compile(r"\b(?:Photo(?:graph)?|Image|Picture|Illustration|Credit)s?\s*(?::|by\b)"
                        r"|\((?:AP |Reuters |AFP )?(?:Photo|Image|Credit)\b|Getty Images|Shutterstock"
                        r"|\bfile (?:photo|image)\b|^\d{1,2}\s?of\s?\d{1,2}(?=[A-Z])", re.I)
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
              rf"(?:,\s+{MONTH_NAMES}\s+\d{{1,2}})?\s+\((?P<tag>{ag})\)\s*[:—–-]\s+")
    return re.compile(rf"^(?:{caps}|{titled})")


_DATELINE: re.Pattern[str] | None = None
_CREDIT: re.Pattern[str] | None = None


def _dateline_pattern() -> re.Pattern[str]:
    global _DATELINE, _CREDIT
    if _DATELINE is None:
        _DATELINE, _CREDIT = _dateline_re(), _credit_re()
    return _DATELINE


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
    inner_sentence: bool
    bio: bool
    caption: bool = False  # a photo caption or credit
    dup: bool = False  # a short line printed more than once on the page
    kind: str = "short"  # good | near | short | bad


@dataclass
class ParsedPage:
    """What :func:`parse_page` finds in one raw text."""

    title: str | None = None
    title_raw: str | None = None  # the headline line as printed (with a "| Site" suffix, if any)
    byline: str | None = None
    agency: str | None = None
    published: datetime | None = None
    published_raw: str | None = None
    published_tz: str | None = None
    dateline: str | None = None
    dateline_raw: str | None = None
    credit_raw: str | None = None
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


@lru_cache(maxsize=None)
def _web_re() -> NotAfter | re.Pattern[str]:
    terms = sorted(web_furniture(), key=len, reverse=True)
    body = r"(?:" + "|".join(re.escape(t) for t in terms) + r")\b"
    # \b before a term that opens with a letter is "not after a letter": NotAfter finds it faster
    return NotAfter(body) if all(re.match(r"\w", t) for t in terms) else re.compile(r"\b" + body)


# Whitespace and the characters a browser draws as nothing (zero-width spaces and joiners, the byte-
# order mark): a line made of them is a blank line (an empty "<p>&#8203;</p>"), not a line of the page.
INVISIBLE = " \t\r\n\f\v\u00a0\u200b\u200c\u200d\u2060\ufeff"


def _features(text: str, stop: frozenset[str]) -> Line:
    words = WORD_RE.findall(text)
    lower = [w.lower() for w in words]
    n = len(words)
    stop_ratio = sum(map(stop.__contains__, lower)) / n if n else 0.0
    han_kana = HAN_KANA_RE.findall(text)
    cjk_words = _cjk_word_count(words, han_kana)
    if cjk_words is not None:  # mostly Japanese or Chinese: words counted from characters
        n = cjk_words
        function = len(HIRAGANA_RE.findall(text)) + sum(c in CHINESE_FUNCTION_CHARS for c in han_kana)
        stop_ratio = function / len(han_kana)
    quoted = any(c in text for c in QUOTE_CHARS) or "''" in text or "``" in text
    has_you = not SECOND_PERSON.isdisjoint(lower)
    has_we = not FIRST_PLURAL.isdisjoint(lower)
    cta = bool(lower) and lower[0] in CTA_VERBS
    addressed = has_you or cta or has_we
    # website vocabulary, counted only where it can make a promo (below)
    web = sum(1 for _ in _web_re().finditer(" ".join(lower))) if n and not quoted and (addressed or n <= 25) else 0
    promo = not quoted and ((addressed and web >= (1 if n <= 40 else 2)) or (web >= 3 and n <= 25))
    half = len(text) // 2
    doubled = len(text) >= 20 and text[:half].strip() == text[half:].strip() if len(text) % 2 == 0 \
        else text[:half].strip() == text[half + 1:].strip() and len(text) >= 20
    content = [w for w, lw in zip(words, lower) if lw not in stop and len(w) > 1]
    titleish = len(content) >= 3 and sum(w[0].isupper() for w in content) >= 0.85 * len(content)
    return Line(text=text, n_words=n, stop_ratio=stop_ratio,
                ends_sentence=bool(END_PUNCT_RE.search(TRAILING_URL_RE.sub("", text) if "/" in text else text)),
                teaser=n >= 5 and bool(TEASER_RE.search(text)),
                listed=bool(LIST_MARK_RE.match(text)), promo=promo or doubled, titleish=titleish,
                inner_sentence=_has_inner_sentence_end(text), bio=bool(BIO_RE.match(text)),
                caption=not quoted and n <= 80 and _may_be_caption(text) and bool(CAPTION_RE.search(text)))


def _cjk_word_count(words: list[str], han_kana: list[str]) -> int | None:
    """Words of a line that is mostly Japanese or Chinese (its kanji and kana, about
    :data:`CHARS_PER_WORD` to a word, plus its other words); None for any other line."""
    if not han_kana or len(han_kana) < sum(map(len, words)) / 2:
        return None
    return sum(1 for w in words if not HAN_KANA_RE.search(w)) + len(han_kana) // CHARS_PER_WORD


# Every caption pattern holds one of these words or opens with a digit: lines without them are skipped
# (letters that re.I folds onto i, s and k are folded first, so nothing CAPTION_RE finds is skipped)
CAPTION_WORDS = ("photo", "image", "picture", "illustration", "credit", "shutterstock")
I_FOLDS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})


def _may_be_caption(text: str) -> bool:
    low = text.translate(I_FOLDS).lower()
    return text[:1].isdigit() or any(w in low for w in CAPTION_WORDS)


def _ends_with_abbreviation(text: str) -> bool:
    """'... the I.R.S.' or '... Rep.': a final period that belongs to an abbreviation."""
    last = text.rstrip().rsplit(None, 1)[-1] if text.strip() else ""
    return bool(re.fullmatch(r"(?:[A-Za-z]\.){2,}", last)) or last[:-1].lower() in abbreviations()


def _has_inner_sentence_end(text: str) -> bool:
    return any(not _ends_with_abbreviation(text[: m.start() + 2]) for m in INNER_SENT_RE.finditer(text))


def classify(line: Line) -> str:
    """good: running prose; near: a short sentence; short: furniture-like; bad: teaser or promo."""
    if line.teaser and not line.text.rstrip().endswith(("”", '"')):
        return "bad"
    if line.promo or (line.n_words == 0 and len(line.text) <= 3):
        return "bad"
    if line.caption:
        return "bad"
    if line.titleish and (not line.ends_sentence or (line.n_words <= 20 and line.text.rstrip()[-1] in "?!")):
        return "short"  # a headline or heading, even one that asks a question
    sentence_shaped = line.ends_sentence or line.inner_sentence
    if line.n_words >= 10 and line.stop_ratio >= 0.2 and sentence_shaped:
        return "good"
    if line.n_words >= 25 and line.stop_ratio >= 0.12 and sentence_shaped:
        return "good"
    if line.n_words >= 4 and line.stop_ratio >= 0.15 and line.ends_sentence:
        return "near"
    if STAFF_CREDIT_RE.match(line.text):
        return "near"
    return "short"


def _weight(line: Line) -> float:
    return 1.0 + min(line.n_words, 60) / 10.0 if line.kind == "good" else 0.5 if line.kind == "near" else 0.0


def _content_types(line: Line, stop: frozenset[str]) -> set[str]:
    # Crude stems (first five letters), so that "spending" and "spend" count as the same word; in
    # Japanese and Chinese, pairs of kanji or katakana (a word is most often two characters).
    types = {w.lower()[:5] for w in WORD_RE.findall(line.text) if len(w) > 2 and w.lower() not in stop}
    if HAN_KANA_RE.search(line.text):
        for run in KANJI_KATAKANA_RUN_RE.findall(line.text):
            types.update(run[k:k + 2] for k in range(len(run) - 1))
    return types


def segments(lines: list[Line]) -> list[tuple[int, int]]:
    """Runs of prose lines in which at most one short line (a sub-heading) separates two prose lines."""
    segs: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        if lines[i].kind not in ("good", "near"):
            i += 1
            continue
        j = i + 1
        while j < n:
            if lines[j].kind in ("good", "near"):
                j += 1
            elif (lines[j].kind == "short" and j + 1 < n and lines[j + 1].kind in ("good", "near")
                  and not lines[j].listed):
                j += 2
            else:
                break
        segs.append((i, j))
        i = j
    return segs


MAX_GAP = 15          # furniture lines that may separate two parts of one body
# The heading of a comment thread: "[ 167 comments ]", "Top Rated Comments", "Leave a Reply".
COMMENTS_HEAD_RE = re.compile(r"^\W*(?:\d[\d,.]*k?\s+)?(?:(?:top|most|all|recent|latest|reader|readers'?|view|show|"
                              r"read|see|load)\s+)*(?:rated\s+)?(?:comments?|responses|replies|discussion)\b"
                              r"(?:\s*\(\d+\))?\W*$|^\W*(?:leave|post|add|write)\s+a\s+(?:comment|reply|response)\b"
                              r"|^\W*join the (?:conversation|discussion)\b", re.I)
DATELINE_LEAD_WEIGHT = 2.0  # how much more a run of prose that opens with a dateline weighs as the seed
COHESION_FULL = 0.15  # content-word overlap at which a neighbouring run counts at full weight


def _gap_cost(lines: list[Line], a: int, b: int) -> float:
    """Cost of the furniture lines in [a, b): each further line of a run costs more than the last;
    a teaser or promo costs most, a photo caption least."""
    cost, run = 0.0, 0
    for k in range(a, b):
        if lines[k].caption:  # photos sit inside stories
            cost += 0.5
        elif lines[k].kind == "bad":
            cost += 3.0
            run = 0
        else:
            cost += 0.5 + 0.25 * run
            run += 1
    return cost


def find_body(lines: list[Line], stop: frozenset[str] | None = None) -> tuple[int, int]:
    """Return [start, end) of the article body.

    The heaviest run of prose is the seed. A neighbouring run joins it when its weight, discounted
    when it shares few content words with the body so far (a story's later paragraphs share its
    names and topic; comment policies, promos and bios do not), outweighs the furniture between.
    """
    stop = stop if stop is not None else stopwords()
    segs = segments(lines)
    # Below the heading of a comment thread, with a story above it, nothing is the story.
    good = 0
    for k, ln in enumerate(lines):
        if good >= 3 and COMMENTS_HEAD_RE.match(ln.text):
            segs = [sg for sg in segs if sg[1] <= k]
            break
        good += ln.kind == "good"
    if not segs:
        return (0, 0)
    weights = [sum(_weight(lines[k]) for k in range(a, b)) for a, b in segs]
    # A run that opens with a dateline ("ST. JOSEPH, Mich. (AP) —") is a story's lead: teasers and
    # sidebars do not carry one.
    dateline = _dateline_pattern()
    lead = [dateline.match(lines[a].text) is not None for a, _ in segs]
    seed = max(range(len(segs)), key=lambda k: (weights[k] * (DATELINE_LEAD_WEIGHT if lead[k] else 1), -k))
    lo = hi = seed
    vocab: set[str] = set()
    for k in range(segs[seed][0], segs[seed][1]):
        vocab |= _content_types(lines[k], stop)
    changed = True
    while changed:
        changed = False
        best: tuple[float, int] | None = None
        for step in (-1, 1):
            # Best gain from taking the next 1, 2, ... runs on this side together.
            gain, nxt = 0.0, (lo if step < 0 else hi) + step
            while 0 <= nxt < len(segs):
                prev = nxt - step
                a, b = (segs[nxt][1], segs[prev][0]) if step < 0 else (segs[prev][1], segs[nxt][0])
                if b - a > MAX_GAP:
                    break
                words: set[str] = set()
                for k in range(*segs[nxt]):
                    words |= _content_types(lines[k], stop)
                coh = len(words & vocab) / len(words) if words else 0.0
                gain += weights[nxt] * min(1.0, coh / COHESION_FULL) - _gap_cost(lines, a, b)
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, nxt)
                nxt += step
        if best is not None:
            nxt = best[1]
            for k in range(segs[min(nxt, lo)][0], segs[max(nxt, hi)][1]):
                vocab |= _content_types(lines[k], stop)
            lo, hi = min(lo, nxt), max(hi, nxt)
            changed = True
    return segs[lo][0], segs[hi][1]


def _headline_like(line: Line) -> bool:
    t = line.text.strip()
    if not 3 <= line.n_words <= 30 or line.teaser or line.listed or line.promo:
        return False
    if t.endswith((".", ":", ",", ";")) and not t.endswith("..") and not _ends_with_abbreviation(t):
        return False
    if (re.search(r"\b[a-z]{2,}[A-Z]|[»•]|\|.*\||https?:|www\.", t)
            or len(re.findall(r"[a-z]{2}[A-Z][a-z]", t)) >= 2):  # glued menu items, breadcrumbs, links
        return False
    caseless = t[0].isalpha() and t[0].lower() == t[0].upper()  # a script without capitals (kanji, kana)
    return t[0].isupper() or t[0].isdigit() or t[0] in "\"'“‘" or caseless


PAGE_SAMPLE_WORDS = 200  # words of a page's longer lines that tell its language


@lru_cache(maxsize=1)
def _other_stoplists() -> tuple[tuple[str, frozenset[str]], ...]:
    try:
        import justext
    except ImportError:  # pragma: no cover - installed with trafilatura
        return ()
    return tuple((lang, frozenset(w.lower() for w in justext.get_stoplist(lang)))
                 for lang in sorted(justext.get_stoplists()) if lang not in ("English", "Simple_English"))


def page_stopwords(lines: list[str]) -> frozenset[str]:
    """The function words that tell prose from furniture on this page: the English list, unless the
    page's longer lines (the first 200 words of them) are in another language; then also the stoplist of the language that covers
    them best, from the 100 of jusText (Pomikálek 2011, BSD licence; installed with trafilatura).
    On a page where no language fits, the English list."""
    en = stopwords()
    counts: dict[str, int] = {}
    total = 0
    for ln in lines:
        if len(ln) >= 60:
            for w in WORD_RE.findall(ln):
                w = w.lower()
                counts[w] = counts.get(w, 0) + 1
            total = sum(counts.values())
            if total >= PAGE_SAMPLE_WORDS:
                break
    if not total:
        return en
    en_cover = sum(c for w, c in counts.items() if w in en)
    if en_cover >= 0.15 * total:
        return en
    best, best_cover = en, en_cover
    for _lang, stop in _other_stoplists():
        cover = sum(c for w, c in counts.items() if w in stop)
        if cover > best_cover:
            best, best_cover = stop, cover
    return en | best if best is not en and best_cover >= 0.15 * total else en


def classify_lines(text: str, *, repeated: frozenset[str] = frozenset(),
                   stop: frozenset[str] | None = None) -> list[Line]:
    """Split a raw text into classified lines.

    A short line printed twice on one page (a menu, "Advertisement") and any line in
    ``repeated`` (lines other pages of the same outlet also carry) are furniture.
    ``stop``: the page's function words (default: :func:`page_stopwords`).
    """
    raw = split_glued([ln.strip() for ln in text.splitlines() if ln.strip(INVISIBLE)])
    stop = page_stopwords(raw) if stop is None else stop
    lines = [_features(ln, stop) for ln in raw]
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.text] = counts.get(ln.text, 0) + 1
    rep = [ln for ln in lines if ln.text in repeated]
    # A page made mostly of lines seen elsewhere is a duplicate article, not furniture.
    use_repeated = bool(rep) and sum(ln.n_words for ln in rep) < 0.5 * sum(ln.n_words for ln in lines)
    for ln in lines:
        ln.kind = classify(ln)
        if ln.kind == "short" and counts[ln.text] > 1:
            ln.kind, ln.dup = "bad", True
        elif use_repeated and ln.text in repeated:
            ln.kind = "bad"
    _captions_between_prose(lines)
    return lines


def _captions_between_prose(lines: list[Line]) -> None:
    """A short line printed in two or more places that stands between lines of text each time (prose,
    or a short line outside a list), and between two lines of prose at least half the time, is
    furniture inside the story -- an image's alt text repeating the post's title, "Advertisement" --
    not a menu: crossing it costs what a photo caption costs. A copy's neighbours are the nearest
    lines that are not repeated lines themselves (two photos in a row). Menus repeat among other menu
    lines; the dates and authors of a list of related stories sit under those stories' titles."""
    where: dict[str, list[int]] = {}
    for k, ln in enumerate(lines):
        if ln.dup:
            where.setdefault(ln.text, []).append(k)

    def kind(k: int) -> str:
        if not 0 <= k < len(lines):
            return "none"
        ln = lines[k]
        return "prose" if ln.kind in ("good", "near") else "text" if ln.kind == "short" and not ln.listed else "none"

    # each line's nearest line before and after it that is not a repeated line (two linear passes: a
    # page of nothing but one repeated line must not cost the square of its length)
    before, after = [-1] * len(lines), [len(lines)] * len(lines)
    for k in range(1, len(lines)):
        before[k] = k - 1 if not lines[k - 1].dup else before[k - 1]
    for k in range(len(lines) - 2, -1, -1):
        after[k] = k + 1 if not lines[k + 1].dup else after[k + 1]
    plain = list(accumulate((not ln.dup for ln in lines), initial=0))  # plain[k]: such lines before k

    for ks in where.values():
        sides = [(kind(before[k]), kind(after[k])) for k in ks]
        places = 1 + sum(1 for a, b in zip(ks, ks[1:]) if plain[b] > plain[a + 1])
        if places >= 2 and all("none" not in s for s in sides) and \
                2 * sum(s == ("prose", "prose") for s in sides) >= len(ks):
            for k in ks:
                lines[k].caption = True


def parse_page(text: str, *, repeated: frozenset[str] = frozenset(), title_hint: str | None = None) -> ParsedPage:
    """Parse one raw article text (a page dump or a clean article).

    ``repeated``: lines seen in other pages of the same outlet (treated as furniture).
    ``title_hint``: a headline known from metadata; when the text starts with it, it is taken out.
    A text with no furniture around its body (a clean article) keeps every line of its body.
    """
    stop = page_stopwords([ln.strip() for ln in text.splitlines()])
    lines = classify_lines(text, repeated=repeated, stop=stop)
    page = ParsedPage()
    if not lines:
        return page
    start, end = find_body(lines, stop)
    if start == end:  # no prose at all: nothing tells body from furniture, so keep everything
        start, end = 0, len(lines)
    meta_used, ts_idx = _read_meta(lines, start, page)
    title_idx = _find_title(lines, start, end, meta_used, title_hint, page, stop)
    if ts_idx is not None and title_idx is not None and ts_idx < title_idx - TITLE_DATE_GAP:
        # A date well above the headline is the page header's, not the article's.
        page.published = page.published_raw = page.published_tz = None
    if title_idx is not None and title_idx >= start:
        start = title_idx + 1
    while start < end and start in meta_used:
        start += 1
    if not _looks_like_dump(lines, start, end, title_idx, meta_used):
        keep = [i for i in range(len(lines)) if i not in meta_used and i != title_idx]
    else:
        keep = _cut_off_ending(lines, _announced_list(lines, _trim_tail(lines, _select_inside(lines, start, end))),
                               stop)
    paragraphs = [lines[i].text for i in keep]
    credit = split_credit_and_dateline(paragraphs, page)
    kept = set(keep if credit is None else keep[: credit + 1])
    page.boilerplate = [lines[i].text for i in range(len(lines)) if i not in kept and i != title_idx]
    return page


def split_credit_and_dateline(paragraphs: list[str], page: ParsedPage) -> int | None:
    """Move the closing agency credit ("(ANI)") and the opening dateline out of the body paragraphs
    into ``page``; what follows the credit is dropped. Returns the index of the credit's paragraph."""
    dateline = _dateline_pattern()
    assert _CREDIT is not None
    credit = None
    for k, para in enumerate(paragraphs):
        m = _CREDIT.search(para)
        if m and (k == len(paragraphs) - 1 or k >= len(paragraphs) // 2):
            page.agency = page.agency or agencies()[m.group("agency")]
            paragraphs[k] = para[: m.start()].rstrip()
            page.credit_raw = m.group(0).strip()
            del paragraphs[k + 1:]
            credit = k
            break
    if paragraphs:
        m = dateline.match(paragraphs[0])
        if m:
            place = m.group("cplace") or m.group("tplace")
            page.dateline = _title_case(place.strip())
            page.dateline_raw = m.group(0).strip()
            ag = m.group("cag") or m.group("tag")
            if ag:
                page.agency = page.agency or agencies()[ag]
            paragraphs[0] = paragraphs[0][m.end():]
    page.paragraphs = [p for p in paragraphs if p.strip()]
    return credit


def _looks_like_dump(lines: list[Line], start: int, end: int, title_idx: int | None, meta: set[int]) -> bool:
    """Is there page furniture around the body (else the text is a clean article, kept whole)?

    Evidence: a furniture line (teaser, promo, line repeated across pages) outside the body, or
    a menu (three or more one-to-four-word lines in a row, some perhaps printed twice) above it. A
    short line printed twice or a photo caption is no evidence on its own: clean articles carry
    captions and repeat photo credits and separators too.
    """
    outside = [i for i in range(len(lines)) if not start <= i < end and i != title_idx and i not in meta]
    for i in outside:
        if lines[i].kind != "bad" or lines[i].dup or lines[i].caption:
            continue
        if lines[i].n_words == 0:  # a bullet or rule: evidence only when a list item follows it
            if i + 1 < len(lines) and lines[i + 1].kind == "short":
                return True
            continue
        return True
    run = 0
    for i in range(0, start):
        menu_item = lines[i].kind in ("short", "bad") and lines[i].n_words <= 4 and not lines[i].ends_sentence
        run = run + 1 if i in outside and menu_item else 0
        if run >= 3:
            return True
    return False


GLUED_DATE_RE = re.compile(r"(?<=[a-z])(?=" + MONTH_NAMES + r"\s+\d)")  # "Jane DoeNovember 6, 2023"
BREADCRUMB_RE = re.compile(r"[>»›]|\s/\s")  # "Home > News > ...", "Noah Berger / AP"


def _read_meta(lines: list[Line], start: int, page: ParsedPage) -> tuple[set[int], int | None]:
    """Timestamp, byline and agency lines above the body; returns their indices and the timestamp's.

    The byline is the first byline-shaped line; the timestamp is the one nearest above the body (the
    page header's "today" date and dated lists of other stories sit further up).
    """
    used: set[int] = set()
    ts_idx = None
    agency_map = agencies()
    for i in range(0, start):
        t = lines[i].text
        m = BYLINE_RE.match(t)
        if m and lines[i].n_words <= 12:
            name = m.group("name").strip()
            if _is_timestamp_line(t, lines[i].n_words) is not None:  # "By Jane Doe Apr. 26, 2022"
                name = re.split(r"\s*(?:[|•·,–—-]\s*)?(?:Updated|Published|Posted|on)?\s*\b(?:\d|"
                                + MONTH_NAMES + r"\b)", name, maxsplit=1)[0].strip(" ,|")
            page.byline = name or None
            used.add(i)
            break
        if t in agency_map:
            page.byline, page.agency = t, agency_map[t]
            used.add(i)
            break
    for i in range(start - 1, -1, -1):
        if (lines[i].listed and lines[i].n_words > 6) or lines[i].teaser:  # a dated list of other stories
            continue
        ts = _is_timestamp_line(lines[i].text, lines[i].n_words)
        if ts is not None:
            page.published, page.published_raw, page.published_tz = ts.utc, ts.raw, ts.zone
            used.add(i)
            ts_idx = i
            break
    return used, ts_idx


def _is_timestamp_line(text: str, n_words: int) -> Timestamp | None:
    if n_words > 14 or len(text) > 100:
        return None
    return parse_timestamp(GLUED_DATE_RE.sub(" ", text))


def _headline_shape(line: Line) -> bool:
    """Could a reader call this line a headline? Title-shaped, not a list item, teaser, promo, byline,
    date, breadcrumb or credit, and not a sentence that ends in a full stop."""
    t = SITE_SUFFIX_RE.sub("", line.text.strip())
    words = WORD_RE.findall(t)
    n = _cjk_word_count(words, HAN_KANA_RE.findall(t))
    if not 3 <= (len(words) if n is None else n) <= 30 or len(t) > 200 or line.teaser or line.listed or line.promo:
        return False
    if line.kind == "bad" and not line.dup:
        return False
    if BYLINE_RE.match(t) or _is_timestamp_line(t, line.n_words) is not None or BREADCRUMB_RE.search(t):
        return False
    return _headline_like(line)


TITLE_WINDOW = 40     # lines above the body searched for its headline
TITLE_DATE_GAP = 3    # lines a publication date may stand above the headline
TITLE_MIN_SCORE = 0.3


def _title_score(lines: list[Line], i: int, start: int, meta_used: set[int], body: set[str], counts: dict[str, int],
                 stop: frozenset[str]) -> float:
    """How much line ``i`` reads as the headline of the body starting at ``start``: the share of its
    content words the body repeats (a headline announces what the story tells), scaled down for
    lines of fewer than four content words (section names, captions); more when it stands just above
    or right under the byline/date block or the page prints it twice (in the page title or a share box); less below
    that block, the further it is from the body and when it stands in a run of short lines (a menu).
    A line right under another headline-shaped line is its deck: see :func:`_find_title`."""
    words = _content_types(lines[i], stop)
    if not words:
        return 0.0
    score = len(words & body) / len(words) * min(1.0, len(words) / 4)
    if meta_used and (0 < min(meta_used) - i <= 4 or i == max(meta_used) + 1):
        score += 0.4
    elif meta_used and i > max(meta_used):  # further under the byline/date: a deck, caption or sub-heading
        score -= 0.3
    if counts.get(_norm(SITE_SUFFIX_RE.sub("", lines[i].text)), 0) > 1:
        score += 0.2
    score -= 0.005 * (start - i)
    menu = sum(1 for k in (i - 1, i + 1) if 0 <= k < len(lines) and lines[k].kind in ("short", "bad")
               and lines[k].n_words <= 4 and not lines[k].ends_sentence and k not in meta_used)
    return score - 0.1 * menu


def _find_title(lines: list[Line], start: int, end: int, meta_used: set[int], title_hint: str | None,
                page: ParsedPage, stop: frozenset[str]) -> int | None:
    """Index of the headline line (None when the dump has none); sets ``page.title``.

    The headline is the title-shaped line above the body that best announces its lead; the body's
    own first sentence never is. A clean article may instead open with its headline.
    """
    if title_hint:
        page.title = title_hint.strip()
        hint = _norm(title_hint)
        for i in range(0, min(start + 1, len(lines))):
            if _norm(lines[i].text) == hint:
                page.title_raw = lines[i].text
                return i
        return None
    candidates = [i for i in range(max(0, start - TITLE_WINDOW), start)
                  if i not in meta_used and _headline_shape(lines[i])]
    body: set[str] = set()
    counts: dict[str, int] = {}
    if candidates:
        for k in range(start, end):
            if lines[k].kind in ("good", "near"):
                body |= _content_types(lines[k], stop)
        for ln in lines:
            key = _norm(ln.text)
            counts[key] = counts.get(key, 0) + 1
            short = _norm(SITE_SUFFIX_RE.sub("", ln.text))
            if short != key:
                counts[short] = counts.get(short, 0) + 1
    best: tuple[float, int] | None = None
    above = -2  # the previous line, when it was a headline candidate itself
    for i in candidates:
        score = _title_score(lines, i, start, meta_used, body, counts, stop)
        if above == i - 1:
            score -= 0.5  # the deck (standfirst) printed under its headline
        if score >= TITLE_MIN_SCORE:
            above = i
            if best is None or score > best[0]:
                best = (score, i)
    if best is not None:
        i = best[1]
        page.title_raw, page.title = lines[i].text, SITE_SUFFIX_RE.sub("", lines[i].text)
        return i
    # Or it opens the text: a short line with no final period, followed by longer prose.
    first = lines[0]
    if (start <= 1 and len(lines) > 1 and 0 not in meta_used and first.kind != "good" and first.n_words <= 20
            and _headline_like(first) and lines[1].kind == "good" and lines[1].n_words > first.n_words):
        page.title_raw, page.title = first.text, SITE_SUFFIX_RE.sub("", first.text)
        return 0
    return None


def _trim_tail(lines: list[Line], keep: list[int]) -> list[int]:
    """Drop what pages put after a story: a heading with a one-line pitch, an author's bio."""
    while keep:
        last = lines[keep[-1]]
        if (len(keep) >= 2 and last.kind == "near" and last.n_words <= 10
                and lines[keep[-2]].kind == "short"):
            keep = keep[:-2]
        elif last.bio and last.n_words <= 80 and len(keep) > 1:
            keep = keep[:-1]
        elif last.kind == "short":
            keep = keep[:-1]
        else:
            break
    return keep


def _select_inside(lines: list[Line], start: int, end: int) -> list[int]:
    """Within the body keep prose and lone short lines (sub-headings), not runs of furniture."""
    keep: list[int] = []
    i = start
    while i < end:
        if lines[i].kind in ("good", "near"):
            keep.append(i)
            i += 1
            continue
        j = i
        while j < end and lines[j].kind in ("short", "bad"):
            j += 1
        # a repeated alt text (see _captions_between_prose) is left out, and does not make a lone line
        # beside it a run of furniture
        run = [k for k in range(i, j) if not (lines[k].dup and lines[k].caption)]
        if (len(run) == 1 and lines[run[0]].kind == "short" and not lines[run[0]].listed) or (
                keep and _announces_list(lines[keep[-1]]) and all(lines[k].kind == "short" for k in range(i, j))):
            keep.extend(run)  # (an announced list holds short lines only: no repeated line to leave out)
        i = j
    return keep


def _cut_off_ending(lines: list[Line], keep: list[int], stop: frozenset[str]) -> list[int]:
    """A paragraph of the story that the page cuts off ("... has been suspended without pay by the
    league for ..." above "Subscribe to read the full story") ends in an ellipsis like a teaser, but
    it follows the body's last line directly, reads as a sentence (no "Headline: teaser" or "Read
    more:" opening) and shares the story's words: it is the body's end."""
    k = keep[-1] + 1 if keep else len(lines)
    if k >= len(lines) or not lines[k].teaser or lines[k].n_words < CUT_OFF_MIN_WORDS or lines[k].listed \
            or lines[k].promo or ":" in " ".join(lines[k].text.split()[:HEADLINE_WORDS]):
        return keep
    vocab: set[str] = set()
    for i in keep:
        vocab |= _content_types(lines[i], stop)
    words = _content_types(lines[k], stop)
    shared = len(words & vocab)
    return keep + [k] if shared >= CUT_OFF_SHARED and shared >= CUT_OFF_SHARE * len(words) else keep


CUT_OFF_MIN_WORDS = 15  # a teaser of a paragraph, not a link with "..."
CUT_OFF_SHARED = 2      # content words it shares with the story (its people, places, topic) ...
CUT_OFF_SHARE = 0.1     # ... and their share of its own
HEADLINE_WORDS = 7      # a colon this early ends a "Headline: teaser" or "Read more:" opening, not a sentence's clause


def _announces_list(line: Line) -> bool:
    """'The tour dates:' -- a sentence of the story that ends in a colon introduces the lines after it
    (a list of dates, places, products); 'Related stories:' or 'Read more:' is too short to."""
    return line.n_words >= 4 and line.text.rstrip().endswith(":")


def _announced_list(lines: list[Line], keep: list[int]) -> list[int]:
    """The body's closing list: when the body's last line, or the short line right after it,
    announces a list, the run of short lines after it belongs to the story (up to a furniture line)."""
    if not keep:
        return keep
    k = keep[-1] + 1
    if not _announces_list(lines[keep[-1]]):
        if k < len(lines) and lines[k].kind in ("short", "near") and _announces_list(lines[k]):
            k += 1
        else:
            return keep
    numbered = _numbered_run(lines, k)
    if numbered is not None:  # "1) ...", "2) ...": the announced list itself, with the lines between items
        return keep + list(range(keep[-1] + 1, numbered))
    j = k
    while j < len(lines) and j - k < 100 and lines[j].kind in ("short", "near") and not lines[j].listed:
        j += 1
    if j - k < 2:
        return keep
    return keep + list(range(keep[-1] + 1, j))


ITEM_NUMBER_RE = re.compile(r"^\s*(\d{1,3})[.)]\s")
LINK_LINE_RE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
MIN_NUMBERED_ITEMS = 3
ITEM_GAP = 3  # lines that may stand between two items (a link, a price, a line of description)


def _numbered_run(lines: list[Line], k: int) -> int | None:
    """End (exclusive) of a list numbered 1, 2, 3 ... that starts at line ``k``: up to its last item
    and the link lines right under it; None when no such list of :data:`MIN_NUMBERED_ITEMS` starts there."""
    m = ITEM_NUMBER_RE.match(lines[k].text) if k < len(lines) else None
    if m is None or int(m.group(1)) != 1:
        return None
    last, expected, j = k, 2, k + 1
    while j < len(lines) and j - last <= ITEM_GAP:
        m = ITEM_NUMBER_RE.match(lines[j].text)
        if m and int(m.group(1)) == expected:
            last, expected = j, expected + 1
        elif lines[j].kind == "bad" and not LINK_LINE_RE.match(lines[j].text):
            break  # furniture: the list has ended
        j += 1
    if expected - 1 < MIN_NUMBERED_ITEMS:
        return None
    end = last + 1
    while end < len(lines) and LINK_LINE_RE.match(lines[end].text):
        end += 1
    return end


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().rstrip(".").casefold()


def _title_case(place: str) -> str:
    if place.isupper():
        return " ".join(w.capitalize() if not re.fullmatch(r"(?:[A-Z]\.)+", w) else w for w in place.split())
    return place
