"""Matches and their ranking: what an answer is, and when it is confident.

A query's candidates (:class:`Hit`) fall in bands — exact names and aliases,
curated names containing the query's words, fuzzy matches — and tiers by source
(user, curated, GeoNames main name, GeoNames alternate name or facility key).
:func:`confident` is the calibration: a match is confident only when it is
close *and* plausible and clearly ahead of the next (see the README, "How sure").
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .index import TOWN_MIN, Row, kind_for_population
from .place import Place, great_circle_km

__all__ = ["FUZZY_CONFIDENT", "FUZZY_CONFIDENT_GN", "Hit", "Match", "confident", "place_of_row"]

#: A fuzzy match is confident only from this score on a curated/user place (FUZZY_CONFIDENT_GN on a GeoNames
#: town of TOWN_MIN people or more; "Sivash" scores 91 on Sivas, Turkey, "Al Mina" (Tripoli's port) 93 on Al Minya, Egypt).
FUZZY_CONFIDENT, FUZZY_CONFIDENT_GN = 90.0, 95.0
#: Another place's alternate name casts doubt on a curated alias only for a city of this many people or more.
RIVAL_ALIAS_POP = 50_000
#: ... and only when it lies farther than this (km) from the curated place
RIVAL_MIN_KM = 50.0
_EXACT, _WORDS, _FUZZY = 0, 1, 2       # bands
_USER, _CURATED, _GN_NAME, _GN_ALIAS = 0, 1, 2, 3  # tiers


@dataclass(frozen=True)
class Match:
    """One answer to a query: the place, how well and why it matched, and the alternatives."""

    query: str
    place: Place
    score: float
    reason: str
    ambiguous: bool
    confident: bool
    candidates: tuple[Match, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: query, name, lat, lon, country, kind, source, score, ambiguous, candidates, id,
        reason, uncertainty_km, confident."""
        p = self.place
        return {
            "query": self.query, "name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country,
            "kind": p.kind, "source": p.source, "score": round(self.score, 1), "ambiguous": self.ambiguous,
            "candidates": [c.to_dict() for c in self.candidates],
            "id": p.id, "reason": self.reason, "uncertainty_km": p.uncertainty_km, "confident": self.confident,
        }


@dataclass(frozen=True)
class Hit:
    """One candidate of a query: place, score, reason, band (exact/words/fuzzy) and tier (source)."""

    place: Place
    score: float
    reason: str
    band: int
    tier: int
    preferred: bool = False
    admin1: str | None = None

    def rank(self) -> tuple:
        pop = self.place.population or 0
        if self.band == _FUZZY:  # score first; a small bonus for curation and size breaks near-ties
            bonus = 4.0 if self.tier <= _CURATED else 0.5 * math.log10(pop + 1)
            return (self.band, -(self.score + bonus), self.tier, -pop)
        if self.tier > _CURATED:  # GeoNames: the most populous first, an alternate name counting half
            return (self.band, True, not self.preferred, _GN_NAME, -pop * (1.0 if self.tier == _GN_NAME else 0.5),
                    -self.score)
        return (self.band, self.tier != _USER, not self.preferred, self.tier, -self.score, -pop)


def place_of_row(row: Row) -> Place:
    """The Place of a GeoNames, port or airport row of the index."""
    if row.kind:  # a port (UN/LOCODE, searoute) or an airport (airportsdata)
        code = (row.ref or "").split()[2 if row.kind == "airport" else 1] if row.ref else str(row.gid)
        pid = f"{'icao' if row.kind == 'airport' else 'locode'}:{code}"
        return Place(id=pid, name=row.name, lat=row.lat, lon=row.lon, kind=row.kind, country=row.country,
                     aliases=(row.alias,) if row.alias else (), uncertainty_km=2.0 if row.kind == "airport" else 5.0,
                     source=row.ref or "", population=None, notes=row.admin1)
    return Place(id=f"geonames:{row.gid}", name=row.name, lat=row.lat, lon=row.lon,
                 kind=kind_for_population(row.population), country=row.country,
                 aliases=(row.alias,) if row.alias else (), uncertainty_km=None,
                 source=f"GeoNames {row.gid} (CC BY 4.0)", population=row.population, notes=None)


def _rival(best: Hit, o: Hit, latin: bool) -> bool:
    """Whether GeoNames hit ``o`` makes a curated alias ``best`` doubtful: another town's own name, a port or airport
    named so elsewhere, or an alternate name of another town: for a Latin-script query one of a city of
    :data:`RIVAL_ALIAS_POP` or more (Hasan is also Hassan, India), for another script one of a town in the same
    country (Углегорск is also Uglegorsk on Sakhalin; Хасан's Cyrillic alias of Hassan, India, and Москва's of
    Moscow, Idaho, do not count)."""
    pop = o.place.population or 0
    if o.band != _EXACT or great_circle_km(best.place, o.place) <= RIVAL_MIN_KM:
        return False   # the same town, or a record of it placed a little apart (Songjin: Kimchaek, Changam-ch'on)
    if o.place.kind in ("port", "airport") and o.tier == _GN_ALIAS:
        return True   # a port or airport named so elsewhere (Shakhtyorsk: Donbas, or the airport on Sakhalin)
    if pop < 1000:
        return False
    if o.tier == _GN_NAME:
        return True
    if o.tier != _GN_ALIAS:
        return False
    return pop >= RIVAL_ALIAS_POP if latin else bool(o.place.country) and o.place.country == best.place.country


def confident(best: Hit, others: list[Hit], *, latin: bool = True) -> bool:
    """Whether ``best`` clearly wins over ``others`` (ranked): close *and* plausible, never a guess.

    ``latin``: the query is in Latin letters (see :func:`_rival`).
    """
    if best.band == _FUZZY:  # close *and* plausible: a curated place or a real town, clearly ahead
        if best.score < FUZZY_CONFIDENT or (best.tier > _CURATED and (
                best.score < FUZZY_CONFIDENT_GN or (best.place.population or 0) < TOWN_MIN)):
            return False
        if others and best.score < others[0].score + 5:
            return False
    if best.band == _EXACT and best.tier == _GN_ALIAS and best.place.kind == "village":
        return False  # an alternate name of a village (Pripyat → a Volyn village, Ilyichevsk → Sharur)
    if not others:
        return True
    if best.band == _WORDS:  # only some words of a longer name: confident only when nothing else matched
        return False
    nxt = others[0]
    if best.place.kind in ("port", "airport") and best.tier == nxt.tier == _GN_ALIAS and best.band == _EXACT:
        return best.score >= nxt.score + 1  # the city's international airport over its airstrips
    if best.tier == _CURATED and best.band == _EXACT and best.score < 100 and any(_rival(best, o, latin) for o in others):
        return False  # a curated alias that is also the name of another town (Uglegorsk, Углегорск); your own aliases win
    if best.band < nxt.band or (best.preferred and not nxt.preferred):
        return True
    if best.tier <= _CURATED < nxt.tier or best.tier < nxt.tier <= _CURATED:
        return True
    if best.band == _EXACT and best.tier <= _CURATED and best.score > nxt.score:
        return True  # a curated/user exact name beats a curated/user alias
    if best.band == _FUZZY:
        return True  # passed the fuzzy tests above
    bp, np_ = best.place.population or 0, nxt.place.population or 0
    if best.tier == _GN_ALIAS and nxt.tier == _GN_NAME and np_ >= 1000:
        return bp >= 50 * np_  # another place's alternate name over a town's own name: only when far bigger
    return best.tier > _CURATED and nxt.tier > _CURATED and bp >= 10 * max(np_, 1)
