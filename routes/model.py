"""The case data model: sources, shipments, legs, claims, and routed leg geometries.

Plain frozen dataclasses; the parser (``routes.casefile``) builds them and
nothing mutates them afterwards. Coordinates are (lon, lat).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Iterator, Mapping

from geodata.place import Place

from .dates import When

MODES = ("sea", "rail", "road", "air", "unknown")
STATUSES = ("reported", "confirmed", "disputed", "denied")
CONFIDENCES = ("low", "medium", "high")
#: leg geometry methods, as recorded on every routed leg
METHODS = ("geodesic", "sea-marnet", "rail-osm", "road-osm", "explicit")

LonLat = tuple[float, float]


@dataclass(frozen=True)
class Source:
    """A cited piece of reporting."""

    id: str
    title: str
    publisher: str | None = None
    date: str | None = None        # ISO 8601 as given (may be YYYY-MM or YYYY)
    url: str | None = None
    author: str | None = None
    notes: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Quantity:
    """A reported quantity: ``value`` or a ``low``–``high`` range, with unit and qualifier."""

    text: str
    low: float | None
    high: float | None
    unit: str | None = None
    qualifier: str | None = None   # e.g. "more than", "about"


@dataclass(frozen=True)
class Leg:
    """One leg of a shipment, its places resolved."""

    shipment_id: str
    index: int                       # 1-based position within the shipment
    origin: Place
    destination: Place
    mode: str = "unknown"
    via: tuple[Place, ...] = ()
    depart: When | None = None
    arrive: When | None = None
    carrier: str | None = None
    notes: str | None = None
    sources: tuple[str, ...] = ()
    path: tuple[LonLat, ...] | None = None   # explicit geometry given by the user
    line: int | None = None                  # line in the case file, for messages

    @property
    def label(self) -> str:
        return f"{self.origin.name} → {self.destination.name}"

    @property
    def key(self) -> str:
        """Stable id, e.g. ``angara-2023/1``."""
        return f"{self.shipment_id}/{self.index}"


@dataclass(frozen=True)
class Shipment:
    """A dated, multi-leg movement of cargo as reported."""

    id: str
    title: str
    legs: tuple[Leg, ...]
    cargo: str | None = None
    quantity: Quantity | None = None
    status: str = "reported"
    confidence: str = "medium"
    sources: tuple[str, ...] = ()
    notes: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Claim:
    """A claim from the reporting to check (see ``routes.checks``); fields as written."""

    id: str
    kind: str
    fields: Mapping[str, Any]
    source: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Case:
    """A case file, parsed and resolved."""

    title: str
    shipments: tuple[Shipment, ...]
    sources: tuple[Source, ...] = ()
    places: tuple[Place, ...] = ()     # the case's own places block
    claims: tuple[Claim, ...] = ()
    notes: str | None = None
    path: str | None = None

    def legs(self) -> Iterator[Leg]:
        """Every leg of every shipment, in file order."""
        for s in self.shipments:
            yield from s.legs

    def source(self, source_id: str) -> Source | None:
        """The source with this id, or None (a dict lookup: the index is built once per case)."""
        return self._sources_by_id.get(source_id)

    @cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        out: dict[str, Source] = {}
        for s in self.sources:
            out.setdefault(s.id, s)   # the first of a repeated id, as a scan would find
        return out

    def leg(self, key: str) -> Leg | None:
        """The leg ``key`` (``"<shipment>/<leg>"``), or None (a dict lookup, indexed once per case)."""
        return self._legs_by_key.get(key)

    @cached_property
    def _legs_by_key(self) -> dict[str, Leg]:
        out: dict[str, Leg] = {}
        for lg in self.legs():
            out.setdefault(lg.key, lg)
        return out

    def legs_frame(self, routes: "tuple[Route, ...] | None" = None):
        """The legs as a GeoDataFrame (EPSG:4326), routed unless ``routes`` is given."""
        from .frames import legs_frame

        return legs_frame(self, routes)

    def places_frame(self):
        """The places the case uses as a GeoDataFrame (EPSG:4326)."""
        from .frames import places_frame

        return places_frame(self)

    def shipment(self, shipment_id: str) -> Shipment:
        """The shipment with this id; KeyError naming the known ids otherwise."""
        found = self._shipments_by_id.get(shipment_id)
        if found is not None:
            return found
        known = ", ".join(s.id for s in self.shipments) or "none"
        raise KeyError(f"no shipment {shipment_id!r} in this case; known: {known}")

    @cached_property
    def _shipments_by_id(self) -> dict[str, Shipment]:
        out: dict[str, Shipment] = {}
        for s in self.shipments:
            out.setdefault(s.id, s)
        return out


@dataclass(frozen=True)
class Snap:
    """How far an end or via point had to move to join a network."""

    role: str            # "from", "to" or "via"
    place: str
    distance_km: float
    network: str         # e.g. "marnet", "osm-rail"


@dataclass(frozen=True)
class Route:
    """A leg's line geometry and how it was made. ``coords`` are (lon, lat), lon in [-180, 180]."""

    shipment_id: str
    leg_index: int
    mode: str
    method: str
    coords: tuple[LonLat, ...]
    length_km: float
    snaps: tuple[Snap, ...] = ()
    warnings: tuple[str, ...] = ()
    land_km: float | None = None     # sea legs: length over Natural Earth land

    @property
    def key(self) -> str:
        return f"{self.shipment_id}/{self.leg_index}"


VERDICTS = ("consistent", "inconsistent", "cannot check")


@dataclass(frozen=True)
class Verdict:
    """The result of checking one claim, or one leg's plausibility.

    ``claimed`` and ``computed`` are human text with units; ``method`` names the
    dataset and method that produced the computed figure; ``coords`` is an
    optional line to draw (e.g. the measured geodesic), (lon, lat).
    """

    claim_id: str            # the claim's id, or "plausibility:<shipment>/<leg>"
    kind: str                # distance | bearing | border_distance | rate | speed | plausibility
    verdict: str             # one of VERDICTS
    claimed: str
    computed: str
    method: str
    detail: str = ""         # the difference (in the claim's unit and %), or why it cannot be checked
    source: str | None = None
    leg: str | None = None   # "<shipment>/<leg>" for speed and plausibility verdicts
    coords: tuple[LonLat, ...] = ()
    line: int | None = None  # line of the claim in the case file

    @property
    def ok(self) -> bool:
        return self.verdict != "inconsistent"


@dataclass(frozen=True)
class Analysis:
    """A case with every leg routed and every claim checked: what outputs are made from."""

    case: Case
    routes: tuple[Route, ...]
    verdicts: tuple[Verdict, ...] = ()

    def route(self, key: str) -> Route:
        """The route of leg ``key`` (``"<shipment>/<leg>"``): a dict lookup, indexed once per analysis."""
        try:
            return self.routes_by_key[key]
        except KeyError:
            raise KeyError(f"no routed leg {key!r}") from None

    @cached_property
    def routes_by_key(self) -> Mapping[str, Route]:
        """The routes by leg key (built on first use)."""
        return routes_by_key(self.routes)

    @cached_property
    def verdicts_by_leg(self) -> Mapping[str, tuple[Verdict, ...]]:
        """The verdicts that name a leg (speed, plausibility), by leg key, in order (built on first use)."""
        out: dict[str, list[Verdict]] = {}
        for v in self.verdicts:
            if v.leg is not None:
                out.setdefault(v.leg, []).append(v)
        return {k: tuple(vs) for k, vs in out.items()}


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
