"""Planted dark periods, port calls, meetings and jumps are found, with their times to the report interval."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tracksdata as td
from routes.tracks.engine import run_memory
from routes.tracks.events import Thresholds, find_jumps, vessel_pass
from routes.tracks.meetings import find_meetings
from routes.tracks.ports import load_ports
from routes.tracks.report import to_dict


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("tracks") / "AIS_2023_09_01.csv"
    td.write_noaa_legacy(path, td.reports())
    return run_memory(path)


def _events(res, kind):
    return res.events[res.events["kind"] == kind]


def _the_planted(res, kind):
    """The single ``kind`` event found, checked against the one planted (vessel, start and end within a report)."""
    found = _events(res, kind)
    assert len(found) == 1
    (mmsi, start, end), = td.PLANTED[kind]
    e = found.iloc[0]
    assert e.mmsi == mmsi and abs(e.start - start) <= td.INTERVAL and abs(e.end - end) <= td.INTERVAL
    return e


def test_port_call_at_najin_with_arrival_and_departure(result) -> None:
    e = _the_planted(result, "port_call")
    assert result.ports.locode[int(e.port)] == "KPNJN" and e.port_km < 1.0


def test_dark_period_with_distance_and_speed(result) -> None:
    e = _the_planted(result, "dark")
    assert e.speed_kn == pytest.approx(12.0, abs=0.2)     # it sailed on at 12 kn while dark
    assert e.distance_km == pytest.approx(12 * 1.852 * (e.hours), rel=0.01)


def test_meeting_found_and_no_false_meetings(result) -> None:
    meet = _events(result, "meeting")
    assert len(meet) == 1     # not with E (spoofed onto the spot) nor F (passing at 12 kn)
    ((a, b), start, end), = td.PLANTED["meeting"]
    e = meet.iloc[0]
    assert (e.mmsi, e.mmsi2) == (a, b)
    assert abs(e.start - start) <= td.INTERVAL and abs(e.end - end) <= td.INTERVAL
    assert 100 < e.min_distance_m < 500


def test_jumps_are_flagged_and_left_out(result) -> None:
    jumps = _events(result, "jump")
    planted = sorted((m, s) for m, s, _ in td.PLANTED["jump"])
    assert sorted(zip(jumps["mmsi"], jumps["start"], strict=True)) == planted
    assert (jumps["speed_kn"] > 60).all()
    e_row = result.vessels.set_index("mmsi").loc[td.E]
    assert e_row["jumps"] == 40 and e_row["dark"] == 0 and e_row["meeting"] == 0
    # the track length of E is its real 8 h at 12 kn, not the detours through the spoofed fixes
    assert e_row["distance_km"] == pytest.approx(12 * 1.852 * 8, rel=0.02)


def test_dateline_crossing_makes_no_event(result) -> None:
    row = result.vessels.set_index("mmsi").loc[td.D]
    assert row["dark"] == row["jumps"] == row["port_call"] == row["meeting"] == 0
    assert row["distance_km"] == pytest.approx(15 * 1.852 * 10, rel=0.01)


def test_json_shape_and_iso_times(result) -> None:
    d = to_dict(result)
    assert set(d) >= {"vessels", "events"}
    kinds = {e["kind"] for e in d["events"]}
    assert kinds == {"dark", "port_call", "meeting", "jump"}
    meeting = next(e for e in d["events"] if e["kind"] == "meeting")
    assert meeting["mmsis"] == [td.B, td.C] and "mmsi" not in meeting
    pc = next(e for e in d["events"] if e["kind"] == "port_call")
    assert pc["place"] == "Najin (KPNJN)" and pc["start"] == "2023-09-01T00:00:00Z"
    assert all(e["start"].endswith("Z") and e["basis"] for e in d["events"])


def _frame(rows):
    return pd.DataFrame(rows, columns=["mmsi", "t", "lon", "lat", "sog"]).astype(
        {"mmsi": "int64", "t": "int64", "lon": "float64", "lat": "float64", "sog": "float64"})


def test_first_fix_can_be_the_bad_one() -> None:
    t = np.arange(5) * 60
    lon = np.array([10.0, 0.0, 0.001, 0.002, 0.003])
    keep, jumps = find_jumps(np.ones(5, dtype="int64"), t, lon, np.zeros(5), Thresholds())
    assert keep.tolist() == [False, True, True, True, True] and jumps[0]["i"] == 0


def test_meeting_across_the_antimeridian() -> None:
    rows = []
    for k in range(61):   # two hours, one fix a minute, 110 m apart on either side of 180°
        rows.append((1, k * 120, 179.9995, 10.0, 0.2))
        rows.append((2, k * 120 + 30, -179.9995, 10.0, 0.3))
    th = Thresholds()
    part = vessel_pass(_frame(rows), th, load_ports())
    meet = find_meetings(part["windows"], th)
    assert len(meet) == 1 and meet.iloc[0]["min_distance_m"] < 150
    assert abs(meet.iloc[0]["lon"]) > 179.99


def test_slow_vessels_far_apart_do_not_meet() -> None:
    rows = []
    for k in range(61):
        rows.append((1, k * 120, 150.0, 10.0, 0.2))
        rows.append((2, k * 120, 150.0, 10.006, 0.2))   # about 660 m north
    th = Thresholds()
    part = vessel_pass(_frame(rows), th, load_ports())
    assert len(find_meetings(part["windows"], th)) == 0


def test_order_of_input_rows_does_not_matter() -> None:
    rows = td.reports()
    df = _frame([(r["mmsi"], r["t"], r["lon"], r["lat"], r["sog"]) for r in rows])
    th, ports = Thresholds(), load_ports()
    a = vessel_pass(df, th, ports)
    b = vessel_pass(df.sample(frac=1.0, random_state=7), th, ports)
    pd.testing.assert_frame_equal(a["events"], b["events"])
    pd.testing.assert_frame_equal(a["windows"], b["windows"])


def test_segments_after_drop_equal_a_fresh_measurement() -> None:
    from routes.tracks.events import segments, segments_after_drop

    rows = td.reports()
    df = _frame([(r["mmsi"], r["t"], r["lon"], r["lat"], r["sog"]) for r in rows]).sort_values(["mmsi", "t"])
    m, t, lon, lat = (df[c].to_numpy() for c in ("mmsi", "t", "lon", "lat"))
    keep = np.random.default_rng(3).random(len(m)) > 0.3
    keep[0] = False
    got = segments_after_drop(m[keep], t[keep], lon[keep], lat[keep], keep, segments(m, t, lon, lat))
    want = segments(m[keep], t[keep], lon[keep], lat[keep])
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g.astype("float64"), w.astype("float64"), rtol=1e-12, atol=1e-9, equal_nan=True)
