"""GPX 1.0/1.1 tracks as canonical chunks: one vessel per ``<trk>``, points from ``<trkpt>``.

The track's ``<name>`` is the vessel label (a 9-digit name is taken as the
MMSI). Points need ``lat``, ``lon`` and a ``<time>``; a point without a time
is a malformed row naming its line. Read with a streaming XML parser, so
only the current chunk is held.
"""
from __future__ import annotations

from typing import Any, Iterator, cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from geodata.base.errors import InputError

from .readers import ReadStats, flush_rows

MAPPING = {"id": "id", "time": "time", "lat": "lat", "lon": "lon"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Tracks:
    """What the parser has seen so far: the current track and point, and the rows of the current chunk."""

    def __init__(self, stats: ReadStats) -> None:
        self.stats = stats
        self.rows: dict[str, list[Any]] = {"id": [], "time": [], "lat": [], "lon": [], "line": []}
        self.track_no = 0
        self.name: str | None = None
        self.pt: dict[str, Any] | None = None     # the open <trkpt>, if any

    def start(self, tag: str, el: Element, lineno: int) -> None:
        """A start tag: a new track, or a new point."""
        if tag == "trk":
            self.track_no += 1
            self.name = None
        elif tag == "trkpt":
            self.pt = {"lat": el.get("lat"), "lon": el.get("lon"), "line": lineno}

    def end(self, tag: str, el: Element) -> None:
        """An end tag: the track's name, a point's time, or a finished point (kept, or a problem naming its line)."""
        if tag == "name" and self.pt is None and self.name is None:
            self.name = (el.text or "").strip() or None
        elif tag == "time" and self.pt is not None:
            self.pt["time"] = (el.text or "").strip()
        elif tag == "trkpt" and self.pt is not None:
            pt, self.pt = self.pt, None
            if not pt.get("time"):
                self.stats.rows += 1
                self.stats.invalid += 1
                self.stats.add_problem(pt["line"], "column 'time': the track point has no <time>")
            else:
                self.rows["id"].append(self.name or f"track {self.track_no}")
                for k in ("time", "lat", "lon", "line"):
                    self.rows[k].append(pt[k])
            el.clear()


def gpx_chunks(path: str, stats: ReadStats, chunk_rows: int) -> Iterator[Any]:
    """Stream the track points of ``path`` as canonical chunks."""
    seen = _Tracks(stats)
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            try:
                parser.feed(line)
                # only "start" and "end" events are asked for, so each event is (event, element)
                events = cast("list[tuple[str, Element]]", list(parser.read_events()))
            except ParseError as e:
                raise InputError.at(path, lineno, f"not well-formed GPX ({e})") from None
            for ev, el in events:
                if ev == "start":
                    seen.start(_local(el.tag), el, lineno)
                    continue
                seen.end(_local(el.tag), el)
                if len(seen.rows["id"]) >= chunk_rows:     # a chunk at a time, even from a one-line file
                    yield flush_rows(seen.rows, MAPPING, stats)
    if seen.track_no == 0:
        raise InputError.at(path, None, "the GPX file has no <trk> track; routemap tracks reads tracks, not routes")
    if seen.rows["id"]:
        yield flush_rows(seen.rows, MAPPING, stats)
