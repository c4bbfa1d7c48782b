"""Reported dates: a day, a datetime with offset, or a range whose ends may be missing.

A reported date is an interval of possible instants: ``2023-09-12`` means any
time that day (taken as a UTC day; reporting rarely says which zone), and
``2023-09-07/2023-09-08`` means from the start of the first day to the end of
the last. ``/2023-10-01`` and ``2023-09-07/`` leave one end open.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

UTC = dt.timezone.utc
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
MIN_YEAR, MAX_YEAR = 1800, 2200


@dataclass(frozen=True)
class When:
    """An interval of possible instants for a reported event.

    ``start`` is the earliest possible instant and ``end`` the latest (both aware,
    UTC; ``end`` is exclusive for whole days); either may be None (open).
    ``earliest``/``latest`` are the ISO 8601 strings as given (dates stay dates).

    >>> w = parse_when("2023-09-07/2023-09-08")
    >>> w.earliest, w.latest, w.start.isoformat(), w.end.isoformat()
    ('2023-09-07', '2023-09-08', '2023-09-07T00:00:00+00:00', '2023-09-09T00:00:00+00:00')
    """

    text: str
    earliest: str | None
    latest: str | None
    start: dt.datetime | None
    end: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.start is None or self.end is None

    def to_dict(self) -> dict[str, str | None]:
        return {"text": self.text, "earliest": self.earliest, "latest": self.latest}


def _year_ok(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"date {text!r} has year {year}, outside {MIN_YEAR}-{MAX_YEAR}; check for a typo")


def _bound(value: object, text: str) -> tuple[str, dt.datetime, dt.datetime]:
    """(iso, first instant, end instant exclusive) for one end of a range."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError(f"datetime {text!r} has no UTC offset; add one, e.g. {value.isoformat()}+00:00, or give just the date")
        _year_ok(value.year, text)
        inst = value.astimezone(UTC)
        return value.isoformat(), inst, inst
    if isinstance(value, dt.date):
        _year_ok(value.year, text)
        start = dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
        return value.isoformat(), start, start + dt.timedelta(days=1)
    s = str(value).strip()
    if _YEAR.match(s) or _MONTH.match(s):
        year = int(s[:4])
        _year_ok(year, text)
        if _YEAR.match(s):
            return s, dt.datetime(year, 1, 1, tzinfo=UTC), dt.datetime(year + 1, 1, 1, tzinfo=UTC)
        month = int(s[5:7])
        if not 1 <= month <= 12:
            raise ValueError(f"date {text!r}: month {month} is not 1-12")
        start = dt.datetime(year, month, 1, tzinfo=UTC)
        nxt = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
        return s, start, nxt
    if _DATE.match(s):
        try:
            d = dt.date.fromisoformat(s)
        except ValueError as e:
            raise ValueError(f"date {text!r} is not a real calendar date ({e})") from None
        return _bound(d, text)
    try:
        t = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"cannot read date {text!r}; use YYYY-MM-DD, YYYY-MM, a datetime with offset "
            f"(2023-09-12T06:00+09:00) or a range FIRST/LAST (either end may be empty)"
        ) from None
    return _bound(t, text)


def parse_when(value: object) -> When:
    """Parse a reported date or range; ValueError with a helpful message otherwise.

    >>> parse_when("/2023-10-01").start is None
    True
    >>> parse_when("2023-10-01/2023-09-01")
    Traceback (most recent call last):
    ValueError: date range '2023-10-01/2023-09-01' ends before it starts; write FIRST/LAST
    """
    if isinstance(value, (dt.date, dt.datetime)):
        iso, start, end = _bound(value, str(value))
        return When(iso, iso, iso, start, end)
    text = str(value).strip() if value is not None else ""
    if not text:
        raise ValueError("empty date; give YYYY-MM-DD or a range FIRST/LAST")
    if "/" in text:
        first, _, last = text.partition("/")
        if "/" in last:
            raise ValueError(f"date range {text!r} has more than one '/'; write FIRST/LAST")
        e_iso = e_start = l_iso = l_end = None
        if first.strip():
            e_iso, e_start, _ = _bound(first.strip(), text)
        if last.strip():
            l_iso, _, l_end = _bound(last.strip(), text)
        if e_iso is None and l_iso is None:
            raise ValueError(f"date range {text!r} has neither end; give at least one date")
        if e_start and l_end and l_end <= e_start:
            raise ValueError(f"date range {text!r} ends before it starts; write FIRST/LAST")
        return When(text, e_iso, l_iso, e_start, l_end)
    iso, start, end = _bound(text, text)
    return When(text, iso, iso, start, end)


#: A reported day, month or year next to a time with an offset may be a local one anywhere (UTC+14 to UTC-12):
#: it is widened by this much before and after, so a local date and a local time are never put in the wrong order.
ZONE_BEFORE, ZONE_AFTER = dt.timedelta(hours=14), dt.timedelta(hours=12)


def has_time(w: When) -> bool:
    """Whether either end of ``w`` was given as a time of day (with its offset), not a day, month or year."""
    return "T" in (w.earliest or "") or "T" in (w.latest or "")


def as_local_days(a: When, b: When) -> tuple[When, When]:
    """``a`` and ``b``, a date-only one widened to a local day anywhere when the other has a time with an offset.

    >>> d, t = as_local_days(parse_when("2023-09-12"), parse_when("2023-09-12T09:00+10:00"))
    >>> d.start.isoformat(), d.end.isoformat()
    ('2023-09-11T10:00:00+00:00', '2023-09-13T12:00:00+00:00')
    """
    if has_time(a) == has_time(b):
        return a, b

    def widen(w: When) -> When:
        if has_time(w):
            return w
        return replace(w, start=None if w.start is None else w.start - ZONE_BEFORE,
                       end=None if w.end is None else w.end + ZONE_AFTER)

    return widen(a), widen(b)


def elapsed_hours(depart: When | None, arrive: When | None) -> tuple[float | None, float | None]:
    """(shortest, longest) possible elapsed time in hours between two reported dates.

    Either is None when it cannot be bounded (an open end or a missing date). A date-only one next to a time
    with an offset is taken as a local day anywhere (:func:`as_local_days`).

    >>> elapsed_hours(parse_when("2023-09-12"), parse_when("2023-10-01"))
    (432.0, 480.0)
    >>> elapsed_hours(parse_when("2023-09-16"), parse_when("2023-09-16T18:00+10:00"))
    (0.0, 22.0)
    """
    if depart is None or arrive is None:
        return (None, None)
    depart, arrive = as_local_days(depart, arrive)
    shortest = longest = None
    if depart.end is not None and arrive.start is not None:
        shortest = max(0.0, (arrive.start - depart.end).total_seconds() / 3600.0)
    if depart.start is not None and arrive.end is not None:
        longest = (arrive.end - depart.start).total_seconds() / 3600.0
    return (shortest, longest)
