"""The ``Place`` record: a named point with provenance and honest uncertainty."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .base.sphere import sphere_km

#: Kinds a place may have; anything else is rejected with this list.
KINDS = (
    "city", "town", "village", "port", "rail_station", "border_crossing", "bridge",
    "depot", "factory", "cosmodrome", "airport", "military_base", "region", "river",
    "facility", "point", "strait", "canal", "bay",
)


@dataclass(frozen=True)
class Place:
    """A named place. Coordinates are WGS84 degrees; ``uncertainty_km`` is a radius in km.

    ``source`` says where the coordinates come from (e.g. ``geonames:2039335``,
    ``curated: OpenStreetMap way 123``, ``case file demo.yaml:12``).

    >>> p = Place(id="curated:najin", name="Najin", lat=42.25, lon=130.28, kind="port", country="KP")
    >>> p.lonlat
    (130.28, 42.25)
    """

    id: str
    name: str
    lat: float
    lon: float
    kind: str = "point"
    country: str | None = None
    aliases: tuple[str, ...] = ()
    uncertainty_km: float | None = None
    source: str = ""
    population: int | None = None
    notes: str | None = None

    @property
    def lonlat(self) -> tuple[float, float]:
        """(lon, lat): the order used everywhere in the core."""
        return (self.lon, self.lat)

    @property
    def approximate(self) -> bool:
        """True when the place is known only to within a kilometre or more."""
        return self.uncertainty_km is not None and self.uncertainty_km >= 1.0

    @property
    def from_index(self) -> bool:
        """True for a record of the GeoNames, port or airport index (:func:`geodata.match.place_of_row` ids), whose
        alternate names nobody chose for this case; False for curated, user and case places."""
        return self.id.startswith(("geonames:", "locode:", "icao:"))

    def with_(self, **changes: Any) -> Place:
        """A copy with some fields changed (places are immutable)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.id, "name": self.name, "lat": self.lat, "lon": self.lon,
            "kind": self.kind, "country": self.country, "aliases": list(self.aliases),
            "uncertainty_km": self.uncertainty_km, "source": self.source,
            "population": self.population, "notes": self.notes,
        }


def great_circle_km(a: Place, b: Place) -> float:
    """Great-circle distance in km between two places (``geodata.base.geodesy.sphere_km``: haversine on the mean sphere).

    Only to compare or de-duplicate candidates; every distance shown to a user is a
    WGS84 geodesic (``geodata.base.geodesy``).

    >>> round(great_circle_km(Place("a", "A", 0.0, 0.0), Place("b", "B", 0.0, 1.0)), 1)
    111.2
    """
    return float(sphere_km(a.lon, a.lat, b.lon, b.lat))
