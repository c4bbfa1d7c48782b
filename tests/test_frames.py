"""GeoDataFrames of a case: routes.frames."""
from __future__ import annotations

import pytest

from routes.casefile import parse_case
from routes.frames import legs_frame, places_frame
from routes.routing import route_case

CASE = """\
title: Frames
places:
  - {name: Petropavlovsk port, lat: 53.02, lon: 158.65, kind: port, country: RU}
  - {name: Anchorage port, lat: 61.24, lon: -149.89, kind: port, country: US}
  - {name: Depot B, lat: 45.88, lon: 40.09, kind: depot, country: RU}
  - {name: Rostov, lat: 47.23, lon: 39.72, kind: city, country: RU}
shipments:
  - id: voyage
    status: confirmed
    legs:
      - {from: Petropavlovsk port, to: Anchorage port, mode: air, depart: 2023-09-01, arrive: 2023-09-02}
  - id: short
    legs:
      - {from: Rostov, to: Depot B, path: [[39.72, 47.23], [39.9, 46.5], [40.09, 45.88]]}
"""


@pytest.fixture(scope="module")
def case():
    return parse_case(CASE, filename="frames.yaml")


def test_legs_frame_has_one_row_per_leg_with_lines_in_wgs84(case) -> None:
    routes = route_case(case)
    df = legs_frame(case, routes)
    assert df.crs.to_epsg() == 4326
    assert list(df["key"]) == ["voyage/1", "short/1"]
    voyage, short = df.iloc[0], df.iloc[1]
    assert (voyage["from_name"], voyage["to_name"], voyage["status"], voyage["depart"]) == (
        "Petropavlovsk port", "Anchorage port", "confirmed", "2023-09-01")
    # the voyage crosses the antimeridian: two parts, every longitude within ±180
    assert voyage.geometry.geom_type == "MultiLineString"
    assert all(-180 <= x <= 180 for part in voyage.geometry.geoms for x, _ in part.coords)
    assert voyage["length_km"] == pytest.approx(routes[0].length_km)
    assert short.geometry.geom_type == "LineString" and short["method"] == "explicit"
    assert short.geometry.coords[0] == (39.72, 47.23)


def test_legs_frame_routes_the_case_when_not_given(case) -> None:
    df = legs_frame(case)
    assert len(df) == 2 and df["length_km"].iloc[0] > 3000


def test_places_frame_lists_each_place_once_with_its_legs(case) -> None:
    df = places_frame(case)
    assert df.crs.to_epsg() == 4326
    assert list(df["name"]) == ["Petropavlovsk port", "Anchorage port", "Depot B", "Rostov"]
    row = df.set_index("id").loc["case:depot-b"]
    assert (row["legs"], bool(row["in_case_file"]), row.geometry.x, row.geometry.y) == ("short/1", True, 40.09, 45.88)
