"""Observed tracks against a case: which vessel sailed which leg, and do its port calls fit the reported dates?

A leg is matched to a vessel by ``carrier_mmsi``, else ``carrier_imo``, else
the carrier's name (case, "MV"/"M/V" prefixes, punctuation and anything in
parentheses ignored). The observed departure is the end of a port call within
``NEAR_KM`` of the leg's origin, the observed arrival the start of a later port
call near its destination (the pair closest in time is taken). Each is compared
with the reported date interval; dark periods between them (or, when either is
not observed, within the reported dates) are listed as falling inside the leg.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from geodata.base.geodesy import inverse
from ..model import Case, Leg
from .engine import TrackResult
from .report import iso

NEAR_KM = 25.0   # case places are often approximate (a town for its port): a port call this close counts
_PREFIX = re.compile(r"^(?:M/?V|M/?T|S/?S|MS|MY)\s+")


def norm_name(name: str) -> str:
    """Comparable vessel name.

    >>> norm_name("MV Angara (Russian-flagged)"), norm_name("ANGARA")
    ('ANGARA', 'ANGARA')
    """
    s = re.sub(r"\(.*?\)", " ", name.upper())
    s = _PREFIX.sub("", s.strip())
    return " ".join(re.sub(r"[^0-9A-Z]+", " ", s).split())


def _imo(text: Any) -> int | None:
    digits = re.sub(r"\D", "", str(text or ""))
    return int(digits) if len(digits) == 7 else None


def find_vessel(res: TrackResult, leg: Leg) -> tuple[int | None, str]:
    """(MMSI of the vessel in the tracks that carried ``leg``, how it was matched) or (None, why not)."""
    mmsis = set(res.vessels["mmsi"].astype("int64").tolist())
    if leg.carrier_mmsi is not None and leg.carrier_mmsi in mmsis:
        return leg.carrier_mmsi, f"MMSI {leg.carrier_mmsi}"
    statics = res.stats.statics
    if leg.carrier_imo is not None:
        for m in sorted(mmsis):
            if _imo(statics.get(m, {}).get("imo")) == leg.carrier_imo:
                return m, f"IMO {leg.carrier_imo}"
    if leg.carrier:
        want = norm_name(leg.carrier)
        hits = [m for m in sorted(mmsis) if want and norm_name(statics.get(m, {}).get("name") or "") == want]
        if len(hits) == 1:
            return hits[0], f"name {leg.carrier!r}"
        if len(hits) > 1:
            return None, (f"name {leg.carrier!r} matches {len(hits)} vessels ({', '.join(map(str, hits))}); "
                          f"add carrier_mmsi")
    if leg.carrier is None and leg.carrier_mmsi is None and leg.carrier_imo is None:
        return None, "the leg names no carrier (carrier, carrier_mmsi or carrier_imo)"
    return None, "no vessel in the tracks matches its carrier"


def _near(calls: Any, place: Any) -> Any:
    if not len(calls):
        return calls
    d = [inverse((float(lo), float(la)), place.lonlat).distance_km
         for lo, la in zip(calls["lon"], calls["lat"], strict=True)]
    return calls[[x <= NEAR_KM for x in d]]


def _fit(observed: int | None, when: Any, what: str) -> dict[str, Any]:
    out: dict[str, Any] = {"observed": iso(observed) if observed is not None else None,
                           "reported": when.text if when is not None else None, "fits": None}
    if observed is None:
        out["detail"] = f"no {what}"
        return out
    if when is None or when.start is None and when.end is None:
        out["detail"] = f"observed {iso(observed)}; no reported date to compare"
        return out
    t = dt.datetime.fromtimestamp(int(observed), dt.timezone.utc)
    early = when.start is not None and t < when.start
    # a whole day or range ends exclusively; an instant is its own end
    late = when.end is not None and (t > when.end if when.end == when.start else t >= when.end)
    out["fits"] = not (early or late)
    if out["fits"]:
        out["detail"] = f"observed {iso(observed)}, within the reported {when.text}"
    else:
        ref = when.start if early else when.end
        hours = abs((t - ref).total_seconds()) / 3600.0
        out["detail"] = (f"observed {iso(observed)}, {hours:.0f} h {'before' if early else 'after'} the reported "
                         f"{when.text}")
    return out


def leg_report(res: TrackResult, leg: Leg) -> dict[str, Any]:
    """How the observed track of the leg's carrier fits the leg."""
    mmsi, how = find_vessel(res, leg)
    out: dict[str, Any] = {"leg": leg.key, "label": leg.label, "carrier": leg.carrier, "mmsi": mmsi}
    if mmsi is None:
        out.update({"matched_by": None, "summary": f"not matched: {how}"})
        return out
    ev = res.events[res.events["mmsi"] == mmsi]
    calls = ev[ev["kind"] == "port_call"]
    dep, arr = _near(calls, leg.origin), _near(calls, leg.destination)
    best: tuple[Any, Any] = (None, None)
    pairs = [(d, a) for d in dep.itertuples() for a in arr.itertuples() if a.start >= d.end]
    if pairs:
        best = min(pairs, key=lambda p: p[1].start - p[0].end)
    elif len(dep):
        best = (list(dep.itertuples())[-1], None)
    elif len(arr):
        best = (None, next(arr.itertuples()))
    t_dep = int(best[0].end) if best[0] is not None else None
    t_arr = int(best[1].start) if best[1] is not None else None
    lo, hi = t_dep, t_arr
    if lo is None and leg.depart is not None and leg.depart.start is not None:
        lo = int(leg.depart.start.timestamp())
    if hi is None and leg.arrive is not None and leg.arrive.end is not None:
        hi = int(leg.arrive.end.timestamp())
    dark = ev[ev["kind"] == "dark"]
    if lo is not None:
        dark = dark[dark["end"] > lo]
    if hi is not None:
        dark = dark[dark["start"] < hi]
    if lo is None and hi is None:
        dark = dark.iloc[0:0]
    departure = _fit(t_dep, leg.depart, f"port call observed within {NEAR_KM:g} km of {leg.origin.name}")
    arrival = _fit(t_arr, leg.arrive, f"port call observed within {NEAR_KM:g} km of {leg.destination.name}")
    darks: list[dict[str, Any]] = [{"start": iso(d.start), "end": iso(d.end), "hours": round(float(d.hours), 2)}
                                   for d in dark.itertuples()]
    dark_text = f"{len(darks)} dark period(s) inside the leg"
    if darks:
        dark_text += f" ({sum(d['hours'] for d in darks):.1f} h)"
    parts = [f"departure: {departure['detail']}", f"arrival: {arrival['detail']}", dark_text]
    out.update({"matched_by": how, "departure": departure, "arrival": arrival, "dark": darks,
                "summary": "; ".join(parts)})
    return out


def case_report(res: TrackResult, case: Case) -> list[dict[str, Any]]:
    """One report per leg of every shipment, in case order."""
    return [leg_report(res, leg) for s in case.shipments for leg in s.legs]
