"""Raw NMEA AIS sentences (``!AIVDM``/``!AIVDO``) decoded with pyais into canonical chunks.

Raw sentences carry no date, so each line needs a receive time, in any of
the usual places: an NMEA 4.10 tag block (``\\c:1694498400*hh\\!AIVDM…``,
seconds or milliseconds since 1970), a leading ISO 8601 or epoch field
(``2023-09-12T06:00:00Z,!AIVDM…``), or a trailing epoch field after the
checksum (``!AIVDM…*hh,1694498400``). Position reports (message types 1, 2,
3, 18, 19, 27) give positions and speed; types 5 and 24 give names and IMO
numbers. Multi-sentence messages are assembled by their sequence id. A line
that is not NMEA, or has no time, is a malformed row naming its line.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator

from .readers import ReadStats, flush_rows

POSITION_TYPES = {1, 2, 3, 18, 19, 27}
_TAG_TIME = re.compile(r"(?:^|[,\\])c:(\d{9,13})")
MAPPING = {"id": "mmsi", "time": "t", "lat": "lat", "lon": "lon", "sog": "sog", "name": "name", "imo": "imo"}


def _epoch(text: str) -> int | None:
    """Seconds since 1970 from epoch seconds/milliseconds or ISO 8601 text; None if neither."""
    text = text.strip().strip(",")
    if not text:
        return None
    if text.isdigit():
        v = int(text)
        return v // 1000 if v > 10**11 else v
    try:
        d = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return int(d.timestamp())


def split_line(line: str) -> tuple[int | None, str]:
    """(time in epoch seconds or None, the bare sentence) of one line.

    >>> split_line("\\\\s:rx,c:1694498400*5A\\\\!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23")
    (1694498400, '!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23')
    >>> split_line("!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23,1694498400")[0]
    1694498400
    """
    i = line.find("!")
    if i < 0:
        return None, ""
    prefix, rest = line[:i], line[i:]
    star = rest.find("*")
    sentence, suffix = (rest[:star + 3], rest[star + 3:]) if star >= 0 else (rest, "")
    t = None
    m = _TAG_TIME.search(prefix)
    if m:
        t = _epoch(m.group(1))
    elif prefix.strip(" \\"):
        t = _epoch(prefix)
    if t is None and suffix.strip(", "):
        t = _epoch(suffix.split(",")[1] if suffix.startswith(",") and suffix.count(",") >= 1 else suffix)
    return t, sentence


def _bad(stats: ReadStats, lineno: int, problem: str) -> None:
    """Count line ``lineno`` as a malformed row, naming the ``problem``."""
    stats.rows += 1
    stats.invalid += 1
    stats.add_problem(lineno, problem)


def _fragments(line: str, lineno: int, stats: ReadStats, pending: dict[tuple[str, str], list[str]]
               ) -> tuple[Any, list[str]] | None:
    """(receive time, the sentence's fragments ready to decode) for one line, or None: a problem recorded,
    or a multi-part message still waiting for its other parts (kept in ``pending``)."""
    t, sentence = split_line(line)
    if not sentence:
        _bad(stats, lineno, f"not an NMEA AIS sentence: {line[:60]!r}")
        return None
    if t is None:
        _bad(stats, lineno, "column 'time': the sentence has no receive time; add a tag block "
                            "\\c:EPOCH*hh\\ or a leading ISO 8601 time")
        return None
    parts = sentence.split(",")
    try:
        total, num = int(parts[1]), int(parts[2])
    except (IndexError, ValueError):
        _bad(stats, lineno, f"malformed NMEA sentence: {sentence[:60]!r}")
        return None
    if total <= 1:
        return t, [sentence]
    key = (parts[3], parts[4] if len(parts) > 4 else "")
    pending.setdefault(key, []).append(sentence)
    if num < total:
        return None
    frags = pending.pop(key)
    return (t, frags) if len(frags) == total else None


def nmea_chunks(path: str, stats: ReadStats, chunk_rows: int) -> Iterator[Any]:
    """Decode ``path`` line by line (pyais), yielding canonical chunks of ``chunk_rows`` reports."""
    from pyais import decode
    from pyais.exceptions import AISBaseException

    rows: dict[str, list[Any]] = {k: [] for k in ("mmsi", "t", "lat", "lon", "sog", "name", "imo", "line")}
    pending: dict[tuple[str, str], list[str]] = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            got = _fragments(line, lineno, stats, pending) if line else None
            if got is None:
                continue
            t, frags = got
            try:
                msg = decode(*frags)
            except (AISBaseException, ValueError, IndexError) as e:
                _bad(stats, lineno, f"pyais cannot decode the sentence ({type(e).__name__}): {frags[-1][:60]!r}")
                continue
            mtype = getattr(msg, "msg_type", None)
            if mtype in POSITION_TYPES:
                values = (msg.mmsi, t, getattr(msg, "lat", None), getattr(msg, "lon", None),
                          getattr(msg, "speed", None), getattr(msg, "shipname", None) or None, None, lineno)
                for k, v in zip(rows, values, strict=True):
                    rows[k].append(v)
            elif mtype in (5, 24) and (shipname := getattr(msg, "shipname", None)):
                stats.merge_statics({int(msg.mmsi): {k: str(v).strip() for k, v in
                                     (("name", shipname), ("imo", getattr(msg, "imo", None))) if v}})
            if len(rows["mmsi"]) >= chunk_rows:
                yield flush_rows(rows, MAPPING, stats)
    if rows["mmsi"]:
        yield flush_rows(rows, MAPPING, stats)
