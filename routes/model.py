"""The case data model: sources, shipments, legs, claims and the case itself.

Plain frozen dataclasses; the parser (``routes.casefile``) builds them and
nothing mutates them afterwards. Coordinates are (lon, lat). A leg's routed
geometry is in :mod:`routes.routed`; checks and the analysis in :mod:`routes.verdict`
(kept apart so the distance path imports only what it uses).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from geodata.place import Place

from .dates import When

if TYPE_CHECKING:
    from .routed import Route

MODES = ("sea", "rail", "road", "air", "unknown")
STATUSES = ("reported", "confirmed", "disputed", "denied")
CONFIDENCES = ("low", "medium", "high")

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
