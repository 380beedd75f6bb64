"""Article text and metadata from an HTML page, with trafilatura (Barbaresi, ACL 2021).

trafilatura reads the markup (the DOM's text density, link density and tags) and the page's
metadata (``<meta>``, JSON-LD, ``<time>``), which a plain-text dump has lost; it runs offline.
What it returns becomes a :class:`~analysis.structure.ParsedPage` like a dump's, so the rest of the
toolkit does not care which path a text took. What it removed (the visible lines not in the body)
goes to ``boilerplate``.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .structure import ParsedPage, split_credit_and_dateline
from .timestamps import parse_timestamp

log = logging.getLogger(__name__)


@dataclass
class HtmlArticle:
    """What trafilatura finds in a page: the parsed page, its URL and site name (either may be None)."""

    page: ParsedPage
    url: str | None
    sitename: str | None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def extract_html(markup: str, visible: str, *, url: str | None = None) -> HtmlArticle | None:
    """Body, headline, byline, date and site name of an HTML page; None when trafilatura finds no body
    (nothing, or only lines shorter than 40 characters: a menu, not an article).

    ``visible`` is the page's visible text (one line per block), from which ``boilerplate`` is taken.

    >>> html = ("<html><head><title>Dam opens | Valley Gazette</title>"
    ...         "<meta property='og:site_name' content='Valley Gazette'></head><body>"
    ...         "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Dam opens</h1>"
    ...         "<p>The new dam opened on Monday after six years of work, the county said in a statement.</p>"
    ...         "<p>Officials expect the reservoir to supply water to forty thousand homes by next summer.</p>"
    ...         "</article><footer>Contact us</footer></body></html>")
    >>> from analysis.readers import html_to_text
    >>> art = extract_html(html, html_to_text(html))
    >>> art.page.title, art.sitename, art.page.paragraphs[0][:12], art.page.boilerplate
    ('Dam opens', 'Valley Gazette', 'The new dam ', ['Dam opens | Valley Gazette', 'Home News', 'Contact us'])
    """
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        doc = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, deduplicate=False)
    except Exception as exc:  # trafilatura raises on markup lxml cannot parse at all
        log.debug("trafilatura failed: %s", exc)
        return None
    if doc is None or not (doc.text or "").strip():
        return None
    title = (doc.title or "").strip() or None
    paragraphs = [ln.strip() for ln in doc.text.split("\n") if ln.strip()]
    if title and paragraphs and _norm(paragraphs[0]) == _norm(title):
        paragraphs = paragraphs[1:]  # the headline printed above the body is the title, not body text
    if not paragraphs or max(map(len, paragraphs)) < 40:
        return None  # nothing, or only a list of links (trafilatura's last resort): no article
    page = ParsedPage(title=title, title_raw=title, byline=(doc.author or "").strip() or None)
    if doc.date:
        ts = parse_timestamp(doc.date)
        if ts is not None:
            page.published, page.published_raw, page.published_tz = ts.utc, doc.date, ts.zone
    split_credit_and_dateline(paragraphs, page)
    body = {_norm(p) for p in page.paragraphs}
    body_text = _norm(" ".join(page.paragraphs))

    def in_body(line: str) -> bool:  # a paragraph, or a longer piece of one split off by the markup
        n = _norm(line)
        return n in body or (len(n.split()) >= 4 and n in body_text) or (title is not None and n == _norm(title))

    page.boilerplate = [ln for ln in visible.split("\n") if ln.strip() and not in_body(ln)]
    return HtmlArticle(page=page, url=(doc.url or "").strip() or None,
                       sitename=(doc.sitename or "").strip() or None)
