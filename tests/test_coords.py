"""Coordinates typed as a query."""
from __future__ import annotations

import pytest

from geodata.coords import parse_coordinates
from geodata.base.errors import InputError


@pytest.mark.parametrize(("text", "lonlat"), [
    ("42.25,130.28", (130.28, 42.25)),
    ("42.25, 130.28", (130.28, 42.25)),
    ("42.25 130.28", (130.28, 42.25)),
    ("-33.87,151.21", (151.21, -33.87)),
    ("61.2,-149.9", (-149.9, 61.2)),
    ("42°15′N 130°17′E", (130 + 17 / 60, 42.25)),
    ("42°15'N, 130°17'E", (130 + 17 / 60, 42.25)),
    ("42 15 N 130 17 E", (130 + 17 / 60, 42.25)),
    ("42.25N 130.28E", (130.28, 42.25)),
    ("N42.25 E130.28", (130.28, 42.25)),
    ("130°17′E 42°15′N", (130 + 17 / 60, 42.25)),
    ("33°52′S 151°12′E", (151.2, -(33 + 52 / 60))),
    ("61°13′N 149°54′W", (-149.9, 61 + 13 / 60)),
    ("42°15′30″N 130°17′E", (130 + 17 / 60, 42 + 15.5 / 60)),
])
def test_forms(text: str, lonlat: tuple[float, float]) -> None:
    got = parse_coordinates(text)
    assert got is not None
    assert got == pytest.approx(lonlat)


@pytest.mark.parametrize("text", ["Najin", "Tumen crossing", "Route 66", "", "MV Angara 2"])
def test_names_are_not_coordinates(text: str) -> None:
    assert parse_coordinates(text) is None


def test_latitude_out_of_range() -> None:
    with pytest.raises(InputError) as e:
        parse_coordinates("95.0,130.28")
    assert str(e.value) == ("coordinates '95.0,130.28': latitude 95 is out of range -90..90; give coordinates as "
                            "'lat,lon' (e.g. 42.25,130.28) or with hemispheres (e.g. 42°15′N 130°17′E)")


def test_longitude_out_of_range() -> None:
    with pytest.raises(InputError, match=r"^coordinates '42.25,190': longitude 190 is out of range -180..180; "):
        parse_coordinates("42.25,190")


def test_lon_lat_swapped_with_hemispheres_is_still_out_of_range() -> None:
    with pytest.raises(InputError, match="latitude 130 is out of range -90..90"):
        parse_coordinates("130N 42E")


def test_two_latitudes_rejected() -> None:
    with pytest.raises(InputError, match="give one latitude \\(N/S\\) and one longitude \\(E/W\\)"):
        parse_coordinates("42N 43N")


def test_minutes_must_be_below_60() -> None:
    with pytest.raises(InputError, match="minutes and seconds must be below 60"):
        parse_coordinates("42°75′N 130°17′E")
