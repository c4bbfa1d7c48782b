"""Sightings in case files: read, resolved, and checked against the shipment's legs and speed bounds."""
from __future__ import annotations

import pytest

from geodata.base.errors import InputError
from routes.casefile import load_case
from routes.sightings import check_sightings

CASE = """\
version: 1
title: Sightings test
sources:
  - {{id: src1, title: A report}}
places:
  - {{name: Port A, lat: 42.2436, lon: 130.3019, kind: port}}
  - {{name: Port B, lat: 42.893, lon: 132.349, kind: port}}
shipments:
  - id: s1
    title: By sea
    legs:
      - {{from: Port A, to: Port B, mode: sea, depart: 2023-09-07/2023-09-08, arrive: 2023-09-12}}
    sightings:
{sightings}
"""


def _load(tmp_path, *sightings: str):
    p = tmp_path / "case.yaml"
    p.write_text(CASE.format(sightings="\n".join(f"      - {s}" for s in sightings)), encoding="utf-8")
    return load_case(p)


def _verdicts(tmp_path, *sightings: str):
    return check_sightings(_load(tmp_path, *sightings))


def test_sightings_are_read_with_places_and_dates(tmp_path) -> None:
    case = _load(tmp_path, "{at: Port B, date: 2023-09-12, kind: imagery, source: src1, notes: anchored}",
                 "{lat: 1.26, lon: 103.82, date: 2023-09-09T06:00:00+00:00}")
    a, b = case.shipments[0].sightings
    assert (a.place.name, a.when.text, a.kind, a.source, a.notes, a.line) == ("Port B", "2023-09-12", "imagery",
                                                                              "src1", "anchored", 14)
    assert (b.place.lon, b.place.lat, b.kind) == (103.82, 1.26, "report")


def test_seen_at_destination_on_arrival_is_consistent(tmp_path) -> None:
    (v,) = _verdicts(tmp_path, "{at: Port B, date: 2023-09-12, kind: imagery, source: src1}")
    assert v.verdict == "consistent" and v.detail == "consistent with leg 1 arriving 2023-09-12"
    assert v.claimed == "seen at Port B 2023-09-12 (imagery, src1)" and v.kind == "sighting"


def test_seen_at_origin_before_departure_is_consistent(tmp_path) -> None:
    (v,) = _verdicts(tmp_path, "{at: Port A, date: 2023-09-07}")
    assert v.verdict == "consistent" and v.detail == "consistent with leg 1 departing 2023-09-07/2023-09-08"


def test_seen_back_at_origin_after_arrival_fits_an_unreported_trip(tmp_path) -> None:
    """After its last arrival the reporting does not say where the ship went: back at Port A two days later fits."""
    (v,) = _verdicts(tmp_path, "{at: Port A, date: 2023-09-14}")
    assert v.verdict == "consistent"
    assert v.detail == "consistent with a trip the reporting does not mention, after leg 1 reached Port B"
    assert v.computed.startswith("183 km from Port B; needs at least")


def test_seen_far_away_between_loads_only_if_a_trip_there_and_back_fits(tmp_path) -> None:
    """Waiting at Port A until the departure: Singapore (4,600 km) the day before is impossible, and says why."""
    (v,) = _verdicts(tmp_path, "{lat: 1.26, lon: 103.82, date: 2023-09-06}")
    assert v.verdict == "inconsistent"
    assert v.detail == ("impossible as reported: leg 1 left Port A on 2023-09-07/2023-09-08 and was at Port B on "
                        "2023-09-12")
    assert "waiting at Port A, 5,254 km away (a trip there and back would need at least 73 km/h" in v.computed


def test_one_moment_for_a_sighting_dated_by_a_range(tmp_path) -> None:
    """Seen in Hong Kong 2023-09-10/2023-09-12 on a voyage that left Port A on the 10th and reached Port B on
    the 12th: 5,506 km in 72 h is 76 km/h at any one moment, though each half alone fits at its lenient end."""
    p = tmp_path / "hk.yaml"
    p.write_text(CASE.replace("depart: 2023-09-07/2023-09-08, arrive: 2023-09-12", "depart: 2023-09-10, arrive: 2023-09-12")
                 .format(sightings="      - {lat: 22.3, lon: 114.2, date: 2023-09-10/2023-09-12, kind: ais}"),
                 encoding="utf-8")
    (v,) = check_sightings(load_case(p))
    assert v.verdict == "inconsistent" and "on leg 1 it would need at least 76.5 km/h" in v.computed


def test_too_far_to_reach_at_the_ships_top_speed(tmp_path) -> None:
    (v,) = _verdicts(tmp_path, "{lat: 1.26, lon: 103.82, date: 2023-09-09}")    # Singapore
    assert v.verdict == "inconsistent" and "cargo ship ≤ 25 kn" in v.computed


def test_under_way_and_reachable_is_consistent(tmp_path) -> None:
    (v,) = _verdicts(tmp_path, "{lat: 42.6, lon: 131.3, date: 2023-09-10}")
    assert v.verdict == "consistent" and v.detail.startswith("consistent with leg 1 under way")


@pytest.mark.parametrize(("sighting", "message"), [
    ("{at: Port B}", "case.yaml:14: shipment s1: sighting 1: missing date:"),
    ("{date: 2023-09-12}", "case.yaml:14: shipment s1: sighting 1: missing at: (a place name) or lat: and lon:"),
    ("{at: Port B, date: 2023-09-12, kind: rumour}", "case.yaml:14: shipment s1: sighting 1: unknown kind 'rumour'"),
    ("{at: Port B, date: 2023-09-12, source: nope}",
     "case.yaml:14: shipment s1: sighting 1: source 'nope' is not defined"),
    ("{lat: 95, lon: 10, date: 2023-09-12}", "case.yaml:14: shipment s1: sighting 1: lat 95 / lon 10 must be numbers"),
])
def test_bad_sightings_name_file_and_line(tmp_path, sighting: str, message: str) -> None:
    with pytest.raises(InputError) as ei:
        _load(tmp_path, sighting)
    assert message in str(ei.value)


def test_blank_place_is_reported_not_a_crash(tmp_path) -> None:
    with pytest.raises(InputError) as ei:
        _load(tmp_path, '{at: "", date: 2023-09-12}')
    assert "sighting 1: missing at:" in str(ei.value)


def test_any_sighting_entry_loads_or_is_an_input_error(tmp_path_factory) -> None:
    import json

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    scalars = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.floats(allow_nan=True),
                        st.text(max_size=12), st.sampled_from(["Port A", "Port B", "2023-09-12", "imagery", "src1"]))
    values = st.one_of(scalars, st.lists(scalars, max_size=3))
    entries = st.dictionaries(st.sampled_from(["at", "lat", "lon", "date", "kind", "source", "notes", "atx"]), values,
                              max_size=6)
    d = tmp_path_factory.mktemp("fuzz")

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(entries, min_size=1, max_size=3))
    def run(items: list) -> None:
        text = CASE.format(sightings="\n".join(f"      - {json.dumps(x)}" for x in items))
        p = d / "case.yaml"
        p.write_text(text, encoding="utf-8")
        try:
            case = load_case(p)
        except InputError:
            return
        check_sightings(case)

    run()


def test_sightings_and_carrier_ids_survive_the_case_writer(tmp_path) -> None:
    from routes.casewriter import dump_case

    case = _load(tmp_path, "{at: Port B, date: 2023-09-12, kind: imagery, source: src1, notes: anchored}",
                 "{lat: 1.26, lon: 103.82, date: 2023-09-09}")
    leg = case.shipments[0].legs[0]
    import dataclasses

    ship = dataclasses.replace(case.shipments[0], legs=(dataclasses.replace(leg, carrier_mmsi=273123456,
                                                                             carrier_imo=9179842),))
    case = dataclasses.replace(case, shipments=(ship,))
    p = tmp_path / "again.yaml"
    p.write_text(dump_case(case), encoding="utf-8")
    again = load_case(p)
    a, b = again.shipments[0].sightings
    assert (a.place.name, a.when.text, a.kind, a.source, a.notes) == ("Port B", "2023-09-12", "imagery", "src1",
                                                                      "anchored")
    assert (b.place.lon, b.place.lat, b.when.text) == (103.82, 1.26, "2023-09-09")
    assert (again.shipments[0].legs[0].carrier_mmsi, again.shipments[0].legs[0].carrier_imo) == (273123456, 9179842)


def test_a_sighting_about_one_place_is_a_point_not_a_zero_length_line(tmp_path) -> None:
    import pyogrio
    import shapely

    from clients import validate_gpkg
    from maps.export import export
    from routes.analysis import analyze

    case = _load(tmp_path, "{lat: 1.26, lon: 103.82, date: 2023-09-06}", "{at: Port B, date: 2023-09-12}")
    back, arrived = check_sightings(case)
    assert back.coords == ((103.82, 1.26),) and not back.has_line               # fits no part of the journey
    assert arrived.coords == ((132.349, 42.893),) and not arrived.has_line      # seen exactly where it arrived
    out = tmp_path / "case.gpkg"
    export(analyze(case), out)
    validate_gpkg(out)
    meta, _, wkb, cols = pyogrio.raw.read(out, layer="claims")
    rows = [dict(zip(meta["fields"], vals, strict=True)) for vals in zip(*cols, strict=True)]
    seen = [(r["id"], r["lon"], r["lat"], g) for r, g in zip(rows, wkb, strict=True) if r["kind"] == "sighting"]
    assert seen == [("sighting:s1/sighting-1", 103.82, 1.26, None), ("sighting:s1/sighting-2", 132.349, 42.893, None)]
    assert all(shapely.from_wkb(g).is_valid for g in wkb if g is not None)     # GIS tools open every geometry


UNDATED = """\
version: 1
title: An undated middle leg
places:
  - {name: A, lat: 39.03, lon: 125.75}
  - {name: B, lat: 43.12, lon: 131.89}
  - {name: C, lat: 48.48, lon: 135.08}
  - {name: D, lat: 52.03, lon: 113.5}
shipments:
  - id: s
    legs:
      - {from: A, to: B, mode: rail, depart: 2023-09-01, arrive: 2023-09-03}
      - {from: B, to: C, mode: rail}
      - {from: C, to: D, mode: rail, depart: 2023-09-10, arrive: 2023-09-12}
    sightings:
      - {lat: -33.9, lon: 18.4, date: 2023-09-05}
      - {lat: 43.8, lon: 131.95, date: 2023-09-05}
"""


def test_an_undated_leg_moves_between_the_known_times_around_it(tmp_path) -> None:
    """A sighting during an undated leg is bounded by the leg before's arrival and the leg after's departure."""
    p = tmp_path / "case.yaml"
    p.write_text(UNDATED, encoding="utf-8")
    cape_town, ussuriysk = check_sightings(load_case(p))
    assert cape_town.verdict == "inconsistent" and "on leg 2 it would need at least" in cape_town.computed
    assert ussuriysk.verdict == "consistent" and ussuriysk.detail == "consistent with leg 2 under way (? → ?)"
    assert ussuriysk.computed.startswith("75.7 km from B, 574 km to C; needs at least")


def test_sighting_verdicts_carry_their_numbers(tmp_path) -> None:
    """JSON and exports carry numbers: the least speed a sighting needs against the top speed, or the distance."""
    there, far = _verdicts(tmp_path, "{at: Port B, date: 2023-09-12}", "{lat: 1.26, lon: 103.82, date: 2023-09-06}")
    assert (there.figures.unit, there.figures.computed_low, there.figures.claimed_high) == ("km", 0.0, 25.0)
    f = far.figures
    assert f.unit == "km/h" and round(f.claimed_high, 1) == 46.3 and round(f.computed_low) == 73 and round(f.delta) == 27
