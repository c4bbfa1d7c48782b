"""The public Python API as a notebook user meets it."""
from __future__ import annotations

import geodata
import routes


def test_notebook_flow() -> None:
    case = routes.load_case(routes.demo_case_path())
    assert [s.id for s in case.shipments][:2] == ["angara-2023", "russian-ships-2023"]
    legs = case.legs_frame()
    assert legs.crs.to_epsg() == 4326
    assert len(legs) == sum(len(s.legs) for s in case.shipments)
    places = case.places_frame()
    assert "Najin" in set(places["name"])
    m = geodata.Gazetteer.default().lookup("나진")
    assert m.place.name == "Najin"
