"""Deterministic AIS-like position reports with planted events, written in every input format.

No third-party data: positions are computed here on the WGS84 ellipsoid.
Reports every ``INTERVAL`` seconds from ``T0`` (2023-09-01T00:00:00Z), in
time order as in a NOAA daily file. Planted (times in hours after T0):

* A 273000001 "ANGARA TEST": moored at Najin 0-4 (port call), sails SE at 12 kn,
  dark 10-18, one spoofed fix at 7 (5 degrees east): port_call, dark, jump.
* B 273000002 and C 273000003: converge on a point at sea (134.5E 40.5N), drift
  150 m apart 3-6, then leave: one meeting 3-6.
* D 273000004: sails east at 15 kn across the antimeridian at 50N: no event.
* E 273000005: sails NE at 12 kn; its fixes 3.0-4.33 are spoofed onto the meeting
  point, stationary: 40 jumps and no meeting, no dark period.
* F 273000006: passes the meeting point at 12 kn during the meeting: no meeting.
"""
from __future__ import annotations

import math
import os
from typing import Any

from geodata.base.geodesy import GEOD
from routes.tracks.readers import NOAA_2024, NOAA_LEGACY

T0 = 1693526400
INTERVAL = 120
H = 3600
A, B, C, D, E, F = 273000001, 273000002, 273000003, 273000004, 273000005, 273000006
NAMES = {A: "ANGARA TEST", B: "BRAVO TEST", C: "CHARLIE TEST", D: "DATELINE TEST", E: "ECHO SPOOF", F: "FOXTROT PASS"}
NAJIN = (130.305, 42.235)
SPOT = (134.5, 40.5)
PLANTED = {
    "port_call": [(A, T0, T0 + 4 * H)],
    "dark": [(A, T0 + 10 * H, T0 + 18 * H)],
    "jump": [(A, T0 + 7 * H, T0 + 7 * H)] + [(E, T0 + 3 * H + k * INTERVAL, T0 + 3 * H + k * INTERVAL)
                                           for k in range(40)],
    "meeting": [((B, C), T0 + 3 * H, T0 + 6 * H)],
}


def _fwd(p: tuple[float, float], az: float, metres: float) -> tuple[float, float]:
    lon, lat, _ = GEOD.fwd(p[0], p[1], az, metres)
    return (float(lon), float(lat))


def _vessel(mmsi: int, start: tuple[float, float], plan: list[tuple[str, float, float, float]],
            t0: int = T0) -> list[dict[str, Any]]:
    """Reports for a plan of (kind, hours, azimuth, knots) steps; kind 'sail', 'stay' or 'dark' (sails unreported)."""
    rows = []
    t, pos, k = t0, start, 0
    for kind, hours, az, kn in plan:
        for _ in range(int(round(hours * H / INTERVAL))):
            if kind != "dark":
                p = pos
                if kind == "stay":   # swinging at anchor: within ~30 m
                    p = _fwd(pos, (k * 47) % 360, 15.0 + 15.0 * math.sin(k))
                rows.append({"mmsi": mmsi, "t": t, "lon": p[0], "lat": p[1], "sog": 0.1 if kind == "stay" else kn,
                             "name": NAMES[mmsi]})
            if kind != "stay":
                pos = _fwd(pos, az, kn * 1852.0 * INTERVAL / H)
            t += INTERVAL
            k += 1
    return rows


def reports() -> list[dict[str, Any]]:
    """All planted reports in time order (ties by MMSI)."""
    rows: list[dict[str, Any]] = []
    a = _vessel(A, NAJIN, [("stay", 4, 0, 0), ("sail", 6, 120, 12), ("dark", 8, 120, 12), ("sail", 4, 120, 12)])
    for r in a:
        if r["t"] == T0 + 7 * H:
            r["lon"] += 5.0
    rows += a
    b_start = _fwd(SPOT, 270, 10 * 1852.0 * 3)
    rows += _vessel(B, b_start, [("sail", 3, 90, 10), ("stay", 3, 0, 0), ("sail", 3, 0, 10)])
    spot_c = _fwd(SPOT, 90, 150.0)
    c_start = _fwd(spot_c, 0, 10 * 1852.0 * 3)
    rows += _vessel(C, c_start, [("sail", 3, 180, 10), ("stay", 3, 0, 0), ("sail", 3, 270, 10)])
    rows += _vessel(D, (178.5, 50.0), [("sail", 10, 90, 15)])
    e = _vessel(E, (132.0, 38.5), [("sail", 8, 45, 12)])
    for r in e:
        if T0 + 3 * H <= r["t"] < T0 + 3 * H + 40 * INTERVAL:
            r["lon"], r["lat"], r["sog"] = SPOT[0] + 0.001, SPOT[1], 0.0
    rows += e
    f_start = _fwd(SPOT, 270, 12 * 1852.0 * 4.5)
    rows += _vessel(F, f_start, [("sail", 9, 90, 12)])
    rows.sort(key=lambda r: (r["t"], r["mmsi"]))
    return rows


def _iso(t: int, sep: str = "T") -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime(f"%Y-%m-%d{sep}%H:%M:%S")


def _write_noaa(path: str | os.PathLike[str], header: tuple[str, ...], rows: list[dict[str, Any]], sep: str,
                lon_first: bool, heading: str) -> None:
    """One MarineCadastre file: the layouts differ only in time separator, coordinate order and empty heading."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            a, b = (r["lon"], r["lat"]) if lon_first else (r["lat"], r["lon"])
            f.write(f"{r['mmsi']},{_iso(r['t'], sep)},{a:.6f},{b:.6f},{r['sog']:.1f},90.0,{heading},"
                    f"{r['name']},,,70,0,100,20,5.0,70,A\n")


def write_noaa_legacy(path: str | os.PathLike[str], rows: list[dict[str, Any]]) -> None:
    """The legacy MarineCadastre layout (LAT before LON, ``2023-09-01T00:00:00``)."""
    _write_noaa(path, NOAA_LEGACY, rows, "T", lon_first=False, heading="511.0")


def write_noaa_2024(path: str | os.PathLike[str], rows: list[dict[str, Any]]) -> None:
    """The 2024 MarineCadastre layout (longitude before latitude, ``2023-09-01 00:00:00``)."""
    _write_noaa(path, NOAA_2024, rows, " ", lon_first=True, heading="")


def write_generic(path: str | os.PathLike[str], rows: list[dict[str, Any]]) -> None:
    """A commercial-style export: ``ship,ts,y,x,kn`` with ISO times ending in Z."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("ship,ts,y,x,kn\n")
        for r in rows:
            f.write(f"{r['mmsi']},{_iso(r['t'])}Z,{r['lat']:.6f},{r['lon']:.6f},{r['sog']:.1f}\n")


def write_parquet(path: str | os.PathLike[str], rows: list[dict[str, Any]]) -> None:
    """The 2024 column names in Parquet, with a real timestamp column."""
    import pandas as pd

    df = pd.DataFrame({"mmsi": [r["mmsi"] for r in rows],
                       "base_date_time": pd.to_datetime([r["t"] for r in rows], unit="s", utc=True),
                       "longitude": [r["lon"] for r in rows], "latitude": [r["lat"] for r in rows],
                       "sog": [r["sog"] for r in rows], "vessel_name": [r["name"] for r in rows]})
    df.to_parquet(path, index=False)


def write_gpx(path: str | os.PathLike[str], rows: list[dict[str, Any]]) -> None:
    """One <trk> per vessel named by its MMSI (no speeds: GPX has none)."""
    by: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        by.setdefault(r["mmsi"], []).append(r)
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="routemap tests" '
                'xmlns="http://www.topografix.com/GPX/1/1">\n')
        for m, rs in sorted(by.items()):
            f.write(f"<trk><name>{m}</name><trkseg>\n")
            for r in rs:
                f.write(f'<trkpt lat="{r["lat"]:.6f}" lon="{r["lon"]:.6f}"><time>{_iso(r["t"])}Z</time></trkpt>\n')
            f.write("</trkseg></trk>\n")
        f.write("</gpx>\n")


def _checksum(body: str) -> str:
    c = 0
    for ch in body:
        c ^= ord(ch)
    return f"{c:02X}"


def write_nmea(path: str | os.PathLike[str], rows: list[dict[str, Any]]) -> None:
    """Type 1 position reports (and one type 5 per vessel for its name) with NMEA 4.10 tag-block times."""
    from pyais import encode_dict

    seen: set[int] = set()
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            tag = f"c:{r['t']}"
            if r["mmsi"] not in seen:
                seen.add(r["mmsi"])
                static = {"type": 5, "mmsi": r["mmsi"], "shipname": r["name"], "imo": 9000000 + r["mmsi"] % 1000}
                for s in encode_dict(static,
                                     radio_channel="A", talker_id="AI"):
                    f.write(f"\\{tag}*{_checksum(tag)}\\{s}\n")
            for s in encode_dict({"type": 1, "mmsi": r["mmsi"], "lat": r["lat"], "lon": r["lon"], "speed": r["sog"]},
                                 radio_channel="A", talker_id="AI"):
                f.write(f"\\{tag}*{_checksum(tag)}\\{s}\n")
