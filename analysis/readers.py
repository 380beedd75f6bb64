"""Read raw article files into :class:`RawDoc` records, with clear errors for bad input.

Inputs are opened read-only and never modified. Supported: a folder of ``.txt`` (or ``.html``)
files with an optional manifest (CSV or JSONL with a ``file`` column), a JSONL or CSV corpus
with one article per row (a ``text`` column), or a single text file.
"""
from __future__ import annotations

import codecs
import csv
import html.parser
import io
import json
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50_000_000  # one article file (or one JSONL/CSV row); raise with max_bytes=
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")
HTML_SNIFF_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|div|p|script|span|a\s+href|br)\b", re.I)


@dataclass
class RawDoc:
    """One article as read: its text (decoded, NFC, ``\\n`` line ends) and its metadata."""

    text: str
    source_path: str
    line: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    original: str | None = None  # a JSONL/CSV row's text as given, when normalising changed it
    html: str | None = None  # the markup, for an HTML page (``text`` is then its visible text)


class OffsetMap:
    r"""Offsets into a normalised text (``\n`` line ends, NFC) mapped back to the text as given.

    >>> raw = "Cafe\u0301 said:\r\n\u201cYes.\u201d"
    >>> m = OffsetMap(raw)
    >>> m.text
    'Café said:\n“Yes.”'
    >>> s, e = m.span(m.text.index("“"), len(m.text))
    >>> raw[s:e]
    '“Yes.”'
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
        starts: list[int] = []
        ends: list[int] = []
        pieces: list[str] = []
        i, n = 0, len(raw)
        while i < n:  # a unit: CR LF, or a character with the combining marks after it
            j = i + 2 if raw.startswith("\r\n", i) else i + 1
            while j < n and unicodedata.combining(raw[j]):
                j += 1
            unit = unicodedata.normalize("NFC", raw[i:j].replace("\r\n", "\n").replace("\r", "\n"))
            pieces.append(unit)
            if unit == raw[i:j]:  # unchanged: character by character
                starts.extend(range(i, j))
                ends.extend(range(i + 1, j + 1))
            else:
                starts.extend([i] * len(unit))
                ends.extend([j] * len(unit))
            i = j
        # Units normalise on their own except across starters (Hangul jamo, a few Indic vowel signs):
        # then the map is not exact and callers must hand out the normalised text instead.
        self.exact = "".join(pieces) == self.text
        self._starts, self._ends = starts, ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text as given that ``self.text[start:end]`` came from."""
        if not self.exact:
            raise ValueError("offsets cannot be mapped exactly; use the normalised text")
        s = self._starts[start] if start < len(self._starts) else len(self.raw)
        e = self._ends[end - 1] if end > 0 else 0
        return s, max(s, e)


OnError = Callable[[InputError], None]


def decode(data: bytes, path: str | Path, *, line: int | None = None, notes: list[str] | None = None,
           normalise: bool = True) -> str:
    r"""Decode bytes: UTF-16 with BOM; UTF-8 (BOM or not), a few stray bytes replaced (and noted) when
    the rest is UTF-8; else cp1252 with a note. Then ``\n`` line ends and NFC.

    >>> decode("caf\u00e9 \u2019".encode() + b"\xff", "x.txt")
    'café ’\ufffd'
    >>> decode("caf\u00e9 \u2019".encode("cp1252"), "x.txt")
    'café ’'
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"truncated or invalid UTF-16 (bad bytes at byte {exc.start})", line=line) from None
    else:
        if b"\x00" in data[:8192]:
            raise InputError(path, "binary file (contains NUL bytes), not text", line=line)
        text, msg = _decode_8bit(data)
        if text is None:
            raise InputError(path, f"undecodable bytes: {msg}", line=line)
        if msg:
            where = path if line is None else f"{path}, line {line}"
            log.warning("%s: %s", where, msg)
            if notes is not None:
                notes.append(msg)
    if _control_ratio(text) > 0.05:
        raise InputError(path, "binary file (mostly control characters), not text", line=line)
    if not normalise:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


_UTF8_MULTIBYTE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _decode_8bit(data: bytes) -> tuple[str | None, str | None]:
    """(text, note): UTF-8 when valid, or when its valid multi-byte characters outnumber the bad bytes
    (which become U+FFFD); else cp1252 (a file written by an old Windows program); else (None, why)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        first = exc.start
    replaced = data.decode("utf-8-sig", errors="replace")
    bad = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(_UTF8_MULTIBYTE_RE.findall(data))
    if good > bad:
        return replaced, f"{bad} byte(s) not valid UTF-8 (first at byte {first}) replaced by U+FFFD"
    try:
        return data.decode("cp1252"), f"not valid UTF-8 (bad byte at {first}); decoded as cp1252"
    except UnicodeDecodeError:
        return None, f"neither UTF-8 (bad byte at {first}) nor cp1252"


def sniff_encoding(path: Path, *, chunk: int = 1 << 20) -> tuple[str, str, str | None]:
    """(encoding, errors, note) for reading a whole text file as a stream, by the rule of :func:`decode`.

    Reads the file once in chunks (so it works on files of any size)."""
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", "strict", None
        fh.seek(0)
        bad = good = 0
        first: int | None = None
        offset = 0
        rest = b""
        while True:
            block = fh.read(chunk)
            data = rest + block
            if block:  # keep an incomplete multi-byte character for the next block
                cut = len(data)
                while cut > 0 and len(data) - cut < 4 and data[cut - 1] >= 0x80:
                    cut -= 1
                data, rest = data[:cut], data[cut:]
            else:
                rest = b""
            if data:
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    if first is None:
                        first = offset + exc.start
                    bad += data.decode("utf-8", errors="replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")
                good += len(_UTF8_MULTIBYTE_RE.findall(data))
                offset += len(data)
            if not block:
                break
    if not bad:
        return "utf-8-sig", "strict", None
    if good > bad:
        return "utf-8-sig", "replace", f"{bad} byte(s) not valid UTF-8 (first at byte {first}) replaced by U+FFFD"
    return "cp1252", "replace", f"not valid UTF-8 (bad byte at {first}); decoded as cp1252"


# Unicode category Cc (C0 and C1 controls) but for tab, line feed, form feed and carriage return.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    if not sample:
        return 0.0
    return len(CONTROL_RE.findall(sample)) / len(sample)


class _VisibleText(html.parser.HTMLParser):
    """Visible text of an HTML page, one line per block element."""

    SKIP = {"script", "style", "noscript", "template", "svg", "head"}
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
             "section", "article", "header", "footer", "nav", "aside", "blockquote", "figure",
             "figcaption", "title", "main", "form", "dd", "dt", "pre", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP and tag != "head":
            self.skip_depth += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and tag != "head" and self.skip_depth:
            self.skip_depth -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    head = text[:5000]
    return len(HTML_SNIFF_RE.findall(head)) >= 3 or head.lstrip().lower().startswith(("<!doctype html", "<html"))


def html_to_text(text: str) -> str:
    """Visible text of an HTML document (scripts and styles dropped), a line per block."""
    parser = _VisibleText()
    parser.feed(text)
    parser.close()
    lines = (re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in "".join(parser.parts).split("\n"))
    return "\n".join(ln for ln in lines if ln)


def _check_text(text: str, path: str | Path, line: int | None, notes: list[str], *,
                html_expected: bool = False) -> tuple[str, str | None]:
    """(text, markup): an HTML page gives its visible text and keeps its markup for the HTML extractor."""
    if not text.strip():
        raise InputError(path, "empty or whitespace-only text", line=line)
    if html_expected or looks_like_html(text):
        if not html_expected:
            msg = "looks like HTML, not plain text: read as an HTML page"
            log.info("%s: %s", path if line is None else f"{path}, line {line}", msg)
            notes.append(msg)
        visible = html_to_text(text)
        if not visible.strip():
            raise InputError(path, "HTML with no visible text", line=line)
        return visible, text
    return text, None


def read_text_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDoc:
    """Read one article file (plain text or HTML)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(path, f"file is {size / 1e6:.1f} MB, above the limit of {max_bytes / 1e6:.1f} MB "
                               "for one article (raise it with max_bytes=...)")
    with open(path, "rb") as fh:  # read-only
        data = fh.read()
    notes: list[str] = []
    text, markup = _check_text(decode(data, path, notes=notes), path, None, notes,
                               html_expected=path.suffix.lower() in HTML_SUFFIXES)
    return RawDoc(text=text, source_path=str(path), meta={}, notes=notes, html=markup)


def _iter_lines(path: Path, *, max_bytes: int) -> Iterator[tuple[int, str | InputError, list[str]]]:
    """Yield (line number, decoded line or the error for that line, notes), streaming the file."""
    with open(path, "rb") as fh:
        first = fh.read(4)
        fh.seek(0)
        if first.startswith(codecs.BOM_UTF16_LE) or first.startswith(codecs.BOM_UTF16_BE):
            stream = io.TextIOWrapper(fh, encoding="utf-16", newline=None)
            n = 0
            try:
                for n, ln in enumerate(stream, 1):
                    yield n, ln.rstrip("\n"), []
            except UnicodeDecodeError as exc:
                yield n + 1, InputError(path, f"truncated or invalid UTF-16 ({exc.reason}); stopped reading this "
                                              "file here", line=n + 1), []
            return
        for n, raw in enumerate(fh, 1):
            if len(raw) > max_bytes:
                yield n, InputError(path, f"row is {len(raw) / 1e6:.1f} MB, above the limit of "
                                          f"{max_bytes / 1e6:.1f} MB (raise it with max_bytes=...)", line=n), []
                continue
            if n == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            notes: list[str] = []
            try:
                yield n, decode(raw.rstrip(b"\r\n"), path, line=n, notes=notes, normalise=False), notes
            except InputError as exc:
                yield n, exc, notes


def iter_json_records(path: Path, on_error: OnError, *, max_bytes: int = DEFAULT_MAX_BYTES,
                       what: str = "") -> Iterator[tuple[int, Any, list[str]]]:
    """(line number, parsed JSON value, notes) for each non-blank line; bad lines go to ``on_error``."""
    for n, ln, notes in _iter_lines(path, max_bytes=max_bytes):
        if isinstance(ln, InputError):
            on_error(ln)
            continue
        if not ln.strip():
            continue
        try:
            value = json.loads(ln)
        except json.JSONDecodeError as exc:
            on_error(InputError(path, f"{what}not valid JSON ({exc.msg} at column {exc.colno})", line=n))
            continue
        except RecursionError:
            on_error(InputError(path, f"{what}JSON nested too deeply to read", line=n))
            continue
        yield n, value, notes


def json_records(path: str | Path) -> Iterator[tuple[int, Any]]:
    """(line number, JSON value) of each non-blank line; the first bad line raises :class:`InputError`
    naming it (any encoding the corpus readers take)."""
    def stop(exc: InputError) -> None:
        raise exc

    for n, value, _ in iter_json_records(Path(path), stop):
        yield n, value


def iter_jsonl(path: Path, on_error: OnError, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDoc]:
    """One article per JSON object line; a ``text`` field is required."""
    for n, rec, notes in iter_json_records(path, on_error, max_bytes=max_bytes):
        doc = _record_to_doc(rec, path, n, on_error, notes)
        if doc is not None:
            yield doc


def iter_csv(path: Path, on_error: OnError, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDoc]:
    """One article per CSV row, with a header naming a ``text`` column."""
    csv.field_size_limit(max(max_bytes, 131072))
    with open(path, "rb") as fh:
        data_head = fh.read(8192)
    if b"\x00" in data_head and not data_head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        on_error(InputError(path, "binary file (contains NUL bytes), not a CSV"))
        return
    enc, enc_errors, enc_note = sniff_encoding(path)
    if enc_note:
        log.warning("%s: %s", path, enc_note)
    with open(path, encoding=enc, newline="", errors=enc_errors) as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            on_error(InputError(path, "empty CSV file"))
            return
        except (UnicodeDecodeError, csv.Error) as exc:
            on_error(InputError(path, f"unreadable CSV header ({exc})"))
            return
        header = [h.strip() for h in header]
        if "text" not in header and "body" not in header:
            on_error(InputError(path, f"no 'text' (or 'body') column (columns: {', '.join(header)})", line=1))
            return
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError as exc:
                on_error(InputError(path, f"not valid {enc.replace('-sig', '').upper()} after line {reader.line_num} "
                                          f"({exc.reason}); stopped reading this file", line=reader.line_num + 1))
                break
            except csv.Error as exc:
                on_error(InputError(path, f"malformed CSV ({exc})", line=reader.line_num))
                continue
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(header):
                on_error(InputError(path, f"ragged row: {len(row)} fields, the header has {len(header)}",
                                    line=reader.line_num))
                continue
            rec = dict(zip(header, row))
            doc = _record_to_doc(rec, path, reader.line_num, on_error, [enc_note] if enc_note else [])
            if doc is not None:
                enc_note = None  # said once, with the first article of the file
                yield doc


def _record_to_doc(rec: Any, path: Path, line: int, on_error: OnError, notes: list[str]) -> RawDoc | None:
    if not isinstance(rec, dict):
        on_error(InputError(path, f"expected a JSON object, found {type(rec).__name__}", line=line))
        return None
    if _has_surrogates(rec):
        rec = _no_surrogates(rec)
        notes.append("lone surrogate characters (invalid Unicode) replaced by U+FFFD")
    # `extract` output has "body"; a row with only "html" is an HTML page
    key = "text" if "text" in rec or ("body" not in rec and "html" not in rec) else "body" if "body" in rec else "html"
    text = rec.get(key)
    if not isinstance(text, str):
        reason = "no 'text' field" if text is None else f"{key!r} is {type(text).__name__}, not a string"
        on_error(InputError(path, reason, line=line))
        return None
    given = text
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        text, markup = _check_text(text, path, line, notes, html_expected=key == "html")
    except InputError as exc:
        on_error(exc)
        return None
    if key != "html" and isinstance(rec.get("html"), str):
        notes.append(f"both {key!r} and 'html' given: the {key} is used, the markup is not read")
    meta = clean_meta({k: v for k, v in rec.items() if k not in (key, "html")}, notes)
    return RawDoc(text=text, source_path=str(path), line=line, meta=meta, notes=notes,
                  original=given if given != text and markup is None else None, html=markup)


SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _has_surrogates(value: Any) -> bool:
    if isinstance(value, str):
        return SURROGATE_RE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogates(k) or _has_surrogates(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogates(v) for v in value)
    return False


def _no_surrogates(value: Any) -> Any:
    """JSON may escape lone surrogates ("\\udc00"), which no file format can store: U+FFFD instead."""
    if isinstance(value, str):
        return SURROGATE_RE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    return value


STRING_FIELDS = ("id", "outlet", "outlet_name", "agency", "wire", "byline", "author", "title", "url", "event",
                 "dateline", "published", "date", "datetime", "timestamp")


def clean_meta(meta: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """Fields read as text (``STRING_FIELDS``) become strings: numbers as written, a one-item list its
    item, other lists and objects their items joined by "; " or their JSON (each change noted).

    >>> notes = []
    >>> clean_meta({"outlet": ["Reuters"], "id": 7, "views": 5}, notes), notes
    ({'outlet': 'Reuters', 'id': '7', 'views': 5}, ["'outlet' was a list; used 'Reuters'"])
    """
    out = dict(meta)
    for k in STRING_FIELDS:
        v = out.get(k)
        if v is None:
            continue
        if isinstance(v, str):
            out[k] = unicodedata.normalize("NFC", v)
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[k] = str(v)
            continue
        if isinstance(v, list) and v and all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in v):
            new = "; ".join(str(x) for x in v)
        else:
            new = json.dumps(v, ensure_ascii=False, sort_keys=True)
        notes.append(f"{k!r} was a {type(v).__name__ if not isinstance(v, dict) else 'JSON object'}; used {new!r}")
        out[k] = new
    return out


def read_manifest(path: Path, on_error: OnError) -> dict[str, dict[str, Any]]:
    """Map file name -> metadata from a CSV or JSONL manifest (a ``file`` column is required)."""
    rows: list[tuple[int, dict[str, Any]]] = []
    if not path.is_file():
        on_error(InputError(path, "manifest: not a regular file (a pipe, device or folder); its metadata are not used"))
        return {}
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        on_error(InputError(path, f"manifest: cannot read ({exc.strerror}); its metadata are not used"))
        return {}
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    sample = head.decode("utf-16" if utf16 else "utf-8", errors="replace")
    if (b"\x00" in head and not utf16) or _control_ratio(sample) > 0.05:
        on_error(InputError(path, "manifest: binary file, not CSV or JSONL; its metadata are not used"))
        return {}
    if path.suffix.lower() == ".jsonl":
        for n, rec, _ in iter_json_records(path, on_error, what="manifest: "):
            if isinstance(rec, dict):
                rows.append((n, rec))
            else:
                on_error(InputError(path, "manifest: expected a JSON object", line=n))
    else:
        enc, enc_errors, enc_note = sniff_encoding(path)
        if enc_note:
            log.warning("%s: %s", path, enc_note)
        with open(path, encoding=enc, newline="", errors=enc_errors) as fh:
            reader = csv.reader(fh)
            try:
                header = [h.strip() for h in next(reader, [])]
            except (csv.Error, UnicodeDecodeError) as exc:
                on_error(InputError(path, f"manifest: unreadable CSV header ({exc}); its metadata are not used"))
                return {}
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    on_error(InputError(path, f"manifest: malformed CSV ({exc})", line=reader.line_num))
                    continue
                except UnicodeDecodeError as exc:
                    on_error(InputError(path, f"manifest: truncated or invalid {enc.replace('-sig', '').upper()} "
                                              f"({exc.reason}); stopped reading it here", line=reader.line_num + 1))
                    break
                if not row:
                    continue
                if len(row) != len(header):
                    on_error(InputError(path, f"manifest: ragged row: {len(row)} fields, the header has "
                                              f"{len(header)}", line=reader.line_num))
                    continue
                rows.append((reader.line_num, {k: v for k, v in zip(header, row)}))
    out: dict[str, dict[str, Any]] = {}
    ids: dict[str, int] = {}
    for n, rec in rows:
        name = rec.get("file") or rec.get("path") or rec.get("filename")
        if not name:
            on_error(InputError(path, "manifest: row has no 'file' value", line=n))
            continue
        name = str(name)
        if name in out:
            on_error(InputError(path, f"manifest: file {name!r} is listed twice", line=n))
            continue
        rid = rec.get("id")
        if rid not in (None, ""):
            if str(rid) in ids:
                on_error(InputError(path, f"manifest: id {rid!r} repeats line {ids[str(rid)]}", line=n))
                continue
            ids[str(rid)] = n
        meta = clean_meta({k: (None if v == "" else v) for k, v in rec.items()
                           if k not in ("file", "path", "filename")}, [])
        meta["_manifest_line"] = n
        out[name] = meta
    return out


def find_manifest(folder: Path, manifest: Path | None = None) -> Path | None:
    """The manifest given, else ``manifest.csv`` or ``manifest.jsonl`` in the folder, else None."""
    if manifest is not None:
        return manifest
    for name in MANIFEST_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def scan_folder(folder: Path, manifest: Path | None = None) -> tuple[list[Path], list[InputError]]:
    """The article files of a folder (sorted by name: readable regular ``.txt``/``.html`` files) and
    an error for every other entry (sub-folders, other extensions, pipes and devices, unreadable files).

    Hidden entries (``.name``) and the manifest are passed over in silence.
    """
    files: list[Path] = []
    others: list[InputError] = []
    man = find_manifest(folder, manifest)
    accepted = TEXT_SUFFIXES | HTML_SUFFIXES
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") or (man is not None and p.name == man.name and p.parent == man.parent):
            continue
        if p.is_dir():
            others.append(InputError(p, "a sub-folder: not read (only the files directly in the folder are "
                                        "articles)"))
        elif not p.is_file():
            others.append(InputError(p, "not a regular file (a pipe, device or broken link): not read"))
        elif p.suffix.lower() not in accepted:
            others.append(InputError(p, f"extension {p.suffix or '(none)'!r} is not an article format "
                                        f"({', '.join(sorted(accepted))}): not read"))
        elif not os.access(p, os.R_OK):
            others.append(InputError(p, "cannot read (permission denied)"))
        else:
            files.append(p)
    return files, others


def input_files(path: Path, manifest: Path | None = None) -> list[Path]:
    """The files a corpus is read from: the article files (or the one corpus file) and the manifest."""
    if path.is_dir():
        files, _ = scan_folder(path, manifest)
        man = find_manifest(path, manifest)
    else:
        files, man = ([path] if path.is_file() and os.access(path, os.R_OK) else []), manifest
    if man is not None and man.is_file() and os.access(man, os.R_OK):
        files.append(man)
    return files


def iter_folder(folder: Path, on_error: OnError, *, manifest: Path | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDoc]:
    """Every ``.txt``/``.html`` file of a folder (sorted by name), with manifest metadata merged in;
    every other entry of the folder goes to ``on_error`` with the reason it was not read."""
    manifest = find_manifest(folder, manifest)
    meta_by_file: dict[str, dict[str, Any]] = {}
    if manifest is not None:
        meta_by_file = read_manifest(Path(manifest), on_error)
    files, others = scan_folder(folder, manifest)
    for exc in others:
        on_error(exc)
    present = {p.name for p in files} | {p.name for p in folder.iterdir()}
    for name, meta in meta_by_file.items():
        if name not in present:
            on_error(InputError(manifest or folder, f"manifest names {name!r}, which is not in {folder}",
                                line=meta.get("_manifest_line")))
    for p in files:
        try:
            doc = read_text_file(p, max_bytes=max_bytes)
        except InputError as exc:
            on_error(exc)
            continue
        except OSError as exc:
            on_error(InputError(p, f"cannot read ({exc.strerror})"))
            continue
        meta = dict(meta_by_file.get(p.name, {}))
        meta.pop("_manifest_line", None)
        doc.meta = meta
        yield doc


def iter_documents(path: str | Path, on_error: OnError, *, manifest: str | Path | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDoc]:
    """Dispatch on what ``path`` is: a folder, a JSONL or CSV corpus, or one article file."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file or folder")
    if not p.is_dir() and not p.is_file():
        raise InputError(p, "not a regular file or folder (a pipe or device); give a file or a folder")
    if p.is_dir():
        yield from iter_folder(p, on_error, manifest=Path(manifest) if manifest else None, max_bytes=max_bytes)
        return
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".csv"):
        reader = iter_csv if suffix == ".csv" else iter_jsonl
        try:
            yield from reader(p, on_error, max_bytes=max_bytes)
        except OSError as exc:
            on_error(InputError(p, f"cannot read ({exc.strerror})"))
    else:
        try:
            yield read_text_file(p, max_bytes=max_bytes)
        except InputError as exc:
            on_error(exc)
        except OSError as exc:
            on_error(InputError(p, f"cannot read ({exc.strerror})"))
