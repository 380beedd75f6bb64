"""Find and normalise the publication timestamps news sites print.

>>> ts = parse_timestamp("14:08 JST, March 17, 2023")
>>> ts.utc.isoformat(), ts.zone
('2023-03-17T05:08:00+00:00', 'JST')
>>> parse_timestamp("19 Mar 2023, 11:27 GMT+10").utc.isoformat()
'2023-03-19T01:27:00+00:00'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .lexicons import timezones

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
DATE_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?![\d])"),
    re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MON},?\s+{_YEAR}\b", re.I),
    re.compile(r"\b(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b"),
]
TIME_RE = re.compile(
    r"(?<![\d:])(?P<h>[0-2]?\d)[:.](?P<m>[0-5]\d)(?::(?P<s>[0-5]\d)(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap]\.?\s?m\.?))?(?![\d])", re.I)
ISO_T_RE = re.compile(r"\d{4}-\d\d-\d\dT(?P<h>\d\d):(?P<m>\d\d)(?::(?P<s>\d\d)(?:\.\d+)?)?(?P<off>Z|[+-]\d\d:?\d\d)?")
OFFSET_RE = re.compile(
    r"\b(?:GMT|UTC)\s*(?P<sign>[+-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d\d))?\b"
    r"|(?:(?<=\d)|(?<=\s))(?P<sign2>[+-])(?P<h2>[01]\d):(?P<m2>\d\d)\b"
    r"|(?<=\s)(?P<sign3>[+-])(?P<h3>[01]\d)(?P<m3>\d\d)\b")


@dataclass(frozen=True)
class Timestamp:
    """A printed timestamp: ``utc`` is timezone-aware (UTC); ``zone`` is the zone as printed."""

    utc: datetime
    zone: str | None
    raw: str
    has_time: bool


def _zone_names_re() -> re.Pattern[str]:
    names = sorted(timezones(), key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z])(" + "|".join(map(re.escape, names)) + r")(?![A-Za-z])")


_ZONE_RE: re.Pattern[str] | None = None


def _find_zone(text: str) -> tuple[str | None, timezone | ZoneInfo | None]:
    global _ZONE_RE
    m = OFFSET_RE.search(text)
    if m:
        sign = m.group("sign") or m.group("sign2") or m.group("sign3")
        h = int(m.group("h") or m.group("h2") or m.group("h3"))
        mins = int(m.group("m") or m.group("m2") or m.group("m3") or 0)
        if h <= 14:
            delta = timedelta(hours=h, minutes=mins)
            return m.group(0).strip(), timezone(-delta if sign in "-−" else delta)
    if _ZONE_RE is None:
        _ZONE_RE = _zone_names_re()
    m = _ZONE_RE.search(text)
    if m and m.group(1) != "Z":
        return m.group(1), _zone_from_spec(timezones()[m.group(1)])
    return None, None


def _zone_from_spec(spec: str) -> timezone | ZoneInfo:
    if spec[0] in "+-":
        sign = -1 if spec[0] == "-" else 1
        h, m = spec[1:].split(":")
        return timezone(sign * timedelta(hours=int(h), minutes=int(m)))
    return ZoneInfo(spec)


def parse_timestamp(text: str) -> Timestamp | None:
    """Parse the first date (with its time and zone, when printed) in a short line of text.

    Without a zone the time is taken as UTC; without a time, midnight. Returns ``None`` when
    the text holds no recognisable date.
    """
    date_m = None
    for pat in DATE_PATTERNS:
        date_m = pat.search(text)
        if date_m:
            break
    if date_m is None:
        return None
    g = date_m.groupdict()
    month = int(g["mnum"]) if g.get("mnum") else MONTHS[g["mon"].lower().rstrip(".")]
    try:
        day, year = int(g["day"]), int(g["year"])
        base = datetime(year, month, day)
    except (ValueError, TypeError):
        return None
    hour = minute = second = 0
    has_time = False
    zone_name: str | None = None
    tz: timezone | ZoneInfo | None = None
    iso = ISO_T_RE.search(text)
    if iso:
        hour, minute, second = int(iso["h"]), int(iso["m"]), int(iso["s"] or 0)
        has_time = True
        if iso["off"]:
            zone_name = iso["off"]
            tz = timezone.utc if iso["off"] == "Z" else _zone_from_spec(
                iso["off"][:3] + ":" + iso["off"][-2:])
    else:
        rest = text[: date_m.start()] + " " * (date_m.end() - date_m.start()) + text[date_m.end():]
        tm = TIME_RE.search(rest)
        if tm:
            hour, minute, second = int(tm["h"]), int(tm["m"]), int(tm["s"] or 0)
            ampm = (tm["ampm"] or "").lower().replace(".", "").replace(" ", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            has_time = hour < 24
            if not has_time:
                hour = minute = second = 0
    if tz is None:
        zone_name, tz = _find_zone(text)
    local = base.replace(hour=hour, minute=minute, second=second)
    aware = local.replace(tzinfo=tz or timezone.utc)
    return Timestamp(aware.astimezone(timezone.utc), zone_name, text.strip(), has_time)
