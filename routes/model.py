"""The case data model: sources, shipments, legs, claims, and routed leg geometries.

Plain frozen dataclasses; the parser (``routes.casefile``) builds them and
nothing mutates them afterwards. Coordinates are (lon, lat).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, Iterator, Literal, Mapping

from geodata.place import Place

from .dates import When

MODES = ("sea", "rail", "road", "air", "unknown")
STATUSES = ("reported", "confirmed", "disputed", "denied")
CONFIDENCES = ("low", "medium", "high")
#: leg geometry methods, as recorded on every routed leg
METHODS = ("geodesic", "sea-marnet", "rail-osm", "road-osm", "explicit")

LonLat = tuple[float, float]

#: verdict kinds that check a leg's own routed line (its implied speed), not a line of their own
LEG_CHECKS = ("speed", "plausibility")


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
class Avoid:
    """Where a leg may not go: ``countries`` and ``stay_in`` (ISO codes), ``passages`` (curated strait/canal names)."""

    countries: tuple[str, ...] = ()
    passages: tuple[str, ...] = ()
    stay_in: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.countries or self.passages or self.stay_in)

    def text(self) -> str:
        """E.g. ``avoiding CN, KZ and the Suez Canal, staying in RU``."""
        bits = []
        if self.countries or self.passages:
            bits.append("avoiding " + ", ".join((*self.countries, *self.passages)))
        if self.stay_in:
            bits.append("staying in " + ", ".join(self.stay_in))
        return ", ".join(bits)


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
    avoid: Avoid | None = None               # avoid/stay_in from the leg, its shipment or the case
    carrier_mmsi: int | None = None          # the carrier's AIS identity, to match observed tracks
    carrier_imo: int | None = None

    @property
    def label(self) -> str:
        return f"{self.origin.name} → {self.destination.name}"

    @property
    def key(self) -> str:
        """Stable id, e.g. ``angara-2023/1``."""
        return f"{self.shipment_id}/{self.index}"


SIGHTING_KINDS = ("imagery", "ais", "photo", "report")


@dataclass(frozen=True)
class Sighting:
    """A dated observation of a shipment or its carrier at a place (satellite image, AIS, photo, report)."""

    shipment_id: str
    index: int                        # 1-based position in the shipment's sightings
    place: Place
    when: When
    kind: str = "report"              # one of SIGHTING_KINDS
    source: str | None = None
    notes: str | None = None
    line: int | None = None

    @property
    def key(self) -> str:
        """Stable id, e.g. ``angara-2023/sighting-2``."""
        return f"{self.shipment_id}/sighting-{self.index}"


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
    sightings: tuple[Sighting, ...] = ()


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

    def legs_frame(self, routes: tuple[Route, ...] | None = None):
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
    transit: Transit | None = None   # countries, crossings and passages (routes.transit)

    @property
    def key(self) -> str:
        return f"{self.shipment_id}/{self.leg_index}"


#: what a check can conclude
VerdictText = Literal["consistent", "inconsistent", "cannot check"]
VERDICTS: tuple[VerdictText, ...] = ("consistent", "inconsistent", "cannot check")


@dataclass(frozen=True)
class Figures:
    """A verdict's numbers, for exports: claimed and computed values (ranges as low/high) in ``unit``.

    ``delta`` is computed minus the nearest claimed value (0 when they overlap),
    ``tolerance`` the allowed absolute difference, both in ``unit``; ``basis``
    names what was measured (``geodesic``, ``rail``, ``rate × period``, …).
    A figure that could not be computed is None.
    """

    unit: str | None = None
    claimed_low: float | None = None
    claimed_high: float | None = None
    computed_low: float | None = None
    computed_high: float | None = None
    delta: float | None = None
    tolerance: float | None = None
    basis: str | None = None

    @staticmethod
    def mid(low: float | None, high: float | None) -> float | None:
        """The one value of a range: the value itself when low == high, else the middle (None if open).

        >>> Figures.mid(3.0, 3.0), Figures.mid(2.0, 4.0), Figures.mid(2.0, None)
        (3.0, 3.0, None)
        """
        if low is None or high is None:
            return None
        return low if low == high else (low + high) / 2.0


@dataclass(frozen=True)
class Verdict:
    """The result of checking one claim, or one leg's plausibility.

    ``claimed`` and ``computed`` are human text with units; ``method`` names the
    dataset and method that produced the computed figure; ``coords`` is an
    optional line to draw (e.g. the measured geodesic), (lon, lat).
    """

    claim_id: str            # the claim's id, or "plausibility:<shipment>/<leg>"
    kind: str                # distance | bearing | border_distance | rate | speed | plausibility
    verdict: VerdictText     # one of VERDICTS
    claimed: str
    computed: str
    method: str
    detail: str = ""         # the difference (in the claim's unit and %), or why it cannot be checked
    source: str | None = None
    leg: str | None = None   # "<shipment>/<leg>" for speed and plausibility verdicts
    coords: tuple[LonLat, ...] = ()
    line: int | None = None  # line of the claim in the case file
    figures: Figures = Figures()   # the numbers behind claimed/computed/detail

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
