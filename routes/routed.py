"""A leg's routed geometry: the line, how it was made, and what it passes through (countries, crossings, passages).

Plain frozen dataclasses built by :mod:`routes.routing` and :mod:`routes.transit`. Coordinates are (lon, lat).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from geodata.base.lonlats import LonLats

from .model import LonLat

if TYPE_CHECKING:
    from geodata.place import Place

#: leg geometry methods, as recorded on every routed leg
METHODS = ("geodesic", "sea-marnet", "rail-osm", "road-osm", "explicit")


@dataclass(frozen=True)
class Snap:
    """How far an end or via point had to move to join a network."""

    role: str            # "from", "to" or "via"
    place: str
    distance_km: float
    network: str         # e.g. "marnet", "osm-rail"


@dataclass(frozen=True)
class CountryKm:
    """Km of a leg inside one country (Natural Earth 10m admin-0, German point of view); code "" = no country."""

    code: str
    name: str
    km: float


@dataclass(frozen=True)
class Stretch:
    """A run of a leg inside one country (code "" outside every country: sea), from ``start_km`` to ``end_km``."""

    code: str
    name: str
    start_km: float
    end_km: float
    start: LonLat
    end: LonLat

    @property
    def km(self) -> float:
        return self.end_km - self.start_km


@dataclass(frozen=True)
class Crossing:
    """Where a land leg crosses from one country into another, and the nearest known crossing (if any)."""

    from_code: str
    to_code: str
    at: LonLat
    at_km: float                     # km along the leg
    known: str | None = None         # the curated border crossing or bridge within reach
    known_km: float | None = None    # its distance from the crossing point, km


@dataclass(frozen=True)
class Passage:
    """A named strait, canal or inland water a leg passes (``kind`` strait, canal, river or inland)."""

    name: str
    kind: str
    at_km: float                     # km along the leg where it passes closest
    distance_km: float               # closest distance from the passage's point, km
    km: float | None = None          # for inland water: its length along the leg


@dataclass(frozen=True)
class Transit:
    """What a routed leg passes through: countries (ordered by entry), stretches, crossings, passages."""

    countries: tuple[CountryKm, ...]
    stretches: tuple[Stretch, ...]
    outside_km: float                # km outside every country (sea, or gaps in the data)
    crossings: tuple[Crossing, ...] = ()
    passages: tuple[Passage, ...] = ()
    inland_km: float = 0.0           # sea legs: km inside a country away from the ports (rivers, canals)

    def km_in(self, code: str) -> float:
        """Km inside country ``code`` (0 if never entered)."""
        return sum(c.km for c in self.countries if c.code == code)


@dataclass(frozen=True)
class Route:
    """A leg's line geometry and how it was made. ``coords`` are (lon, lat), lon in [-180, 180].

    ``warnings`` are all of the route's warnings: the routing's own (snaps, land crossed, fallbacks), then
    those :func:`routes.transit.annotate` adds for the leg (``leg_warnings``: third countries, ``avoid``,
    closures by its dates), which a route between the same places for another purpose does not have.
    """

    shipment_id: str
    leg_index: int
    mode: str
    method: str
    coords: Sequence[LonLat]         # held as a LonLats (one float64 array; behaves as a tuple of pairs)
    length_km: float
    snaps: tuple[Snap, ...] = ()
    warnings: tuple[str, ...] = ()
    land_km: float | None = None     # sea legs: length over Natural Earth land
    transit: Transit | None = None   # countries, crossings and passages (routes.transit)
    leg_warnings: tuple[str, ...] = ()   # the part of ``warnings`` that is the leg's own (routes.transit.annotate)

    def __post_init__(self) -> None:
        if not isinstance(self.coords, LonLats):
            object.__setattr__(self, "coords", LonLats(self.coords))

    @property
    def key(self) -> str:
        return f"{self.shipment_id}/{self.leg_index}"

    @property
    def routing_warnings(self) -> tuple[str, ...]:
        """The routing's own warnings: ``warnings`` without the leg's (as a route between the same places has)."""
        return tuple(w for w in self.warnings if w not in self.leg_warnings)


def routes_by_key(routes: Iterable[Route] | Mapping[str, Route] | None) -> Mapping[str, Route]:
    """``routes`` as a mapping by leg key; a mapping is returned as is, None gives an empty one.

    Where a key repeats, the first route wins (as a scan in order would find).
    """
    if routes is None:
        return {}
    if isinstance(routes, Mapping):
        return routes
    out: dict[str, Route] = {}
    for r in routes:
        out.setdefault(r.key, r)
    return out


def place_route_key(p: Place) -> tuple:
    """What a route from or to place ``p`` depends on: its position, reach and attributes, and its name
    (warnings and snaps name it). Two legs, or a leg and a claim, with equal keys share one route."""
    return (p.id, p.name, p.lon, p.lat, p.uncertainty_km, p.kind, p.country)
