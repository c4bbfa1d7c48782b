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


def gpx_chunks(path: str, stats: ReadStats, chunk_rows: int) -> Iterator[Any]:
    """Stream the track points of ``path`` as canonical chunks."""

    rows: dict[str, list[Any]] = {"id": [], "time": [], "lat": [], "lon": [], "line": []}
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    track_no, lineno = 0, 0
    name: str | None = None
    in_pt = False
    pt: dict[str, Any] = {}

    def flush() -> Any:
        return flush_rows(rows, MAPPING, stats)

    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            try:
                parser.feed(line)
                # only "start" and "end" events are asked for, so each event is (event, element)
                events = cast("list[tuple[str, Element]]", list(parser.read_events()))
            except ParseError as e:
                raise InputError.at(path, lineno, f"not well-formed GPX ({e})") from None
            for ev, el in events:
                tag = _local(el.tag)
                if ev == "start":
                    if tag == "trk":
                        track_no += 1
                        name = None
                    elif tag == "trkpt":
                        in_pt = True
                        pt = {"lat": el.get("lat"), "lon": el.get("lon"), "line": lineno}
                    continue
                if tag == "name" and not in_pt and name is None:
                    name = (el.text or "").strip() or None
                elif tag == "time" and in_pt:
                    pt["time"] = (el.text or "").strip()
                elif tag == "trkpt":
                    in_pt = False
                    label = name or f"track {track_no}"
                    if not pt.get("time"):
                        stats.rows += 1
                        stats.invalid += 1
                        stats.add_problem(pt["line"], "column 'time': the track point has no <time>")
                    else:
                        rows["id"].append(label)
                        rows["time"].append(pt["time"])
                        rows["lat"].append(pt["lat"])
                        rows["lon"].append(pt["lon"])
                        rows["line"].append(pt["line"])
                    el.clear()
                    if len(rows["id"]) >= chunk_rows:
                        yield flush()
    if track_no == 0:
        raise InputError.at(path, None, "the GPX file has no <trk> track; routemap tracks reads tracks, not routes")
    if rows["id"]:
        yield flush()
