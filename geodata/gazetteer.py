"""The gazetteer: place names (any script or romanization) to places, with scores and reasons.

Sources, best first: your own places (``with_places`` / ``with_files``), the
curated places (:mod:`geodata.curated`), then GeoNames cities500
(:mod:`geodata.index`). Ranking:

1. exact matches after :func:`~geodata.normalize.name_key` — user places
   first, then a curated entry preferred for an ambiguous phrase, curated,
   GeoNames main names, GeoNames alternate names; among GeoNames, most populous
   first. A user place replaces a curated one whose main name it carries (as its
   name or an alias); places that only share an alias stay listed together;
2. curated/user places whose name contains every word of the query ("Tumen"
   lists the Tumen bridges);
3. fuzzy matches (rapidfuzz, scorer chosen by measurement — QRatio; see
   ``tests/benchmarks/gazetteer.py``), only when nothing matched exactly.

Ambiguity is never hidden: the best match carries the others as ``candidates``
and ``ambiguous=True``; ``confident`` says whether the best clearly wins.

>>> g = Gazetteer.default()
>>> m = g.lookup("Rajin")
>>> m.place.name, m.place.kind, m.reason
('Najin', 'port', "alias 'Rajin'")
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from .coords import parse_coordinates
from .curated import Curated, curated_places
from .errors import InputError, PlaceNotFound
from .index import GeoNamesIndex, Row, kind_for_population
from .normalize import name_key, normalize
from .place import KINDS, Place

__all__ = ["Match", "Gazetteer", "FUZZY_MIN", "SCORERS"]

#: Fuzzy matches scoring below this (0..100) are not answers (they may still be suggestions).
FUZZY_MIN = 80.0
#: Suggestions for unknown names score at least this.
SUGGEST_MIN = 60.0
#: GeoNames places this close (km) to a curated/user match of the same query are the same place.
SAME_PLACE_KM = 15.0
#: rapidfuzz scorers that may be chosen (by name); the default won the measurement.
SCORERS = ("QRatio", "WRatio", "ratio", "token_sort_ratio", "token_set_ratio")

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
        """A JSON-ready dict: query, name, lat, lon, country, kind, source, score, ambiguous, candidates, id, reason, uncertainty_km, confident."""
        p = self.place
        return {
            "query": self.query, "name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country,
            "kind": p.kind, "source": p.source, "score": round(self.score, 1), "ambiguous": self.ambiguous,
            "candidates": [c.to_dict() for c in self.candidates],
            "id": p.id, "reason": self.reason, "uncertainty_km": p.uncertainty_km, "confident": self.confident,
        }


@dataclass(frozen=True)
class _Hit:
    place: Place
    score: float
    reason: str
    band: int
    tier: int
    preferred: bool = False

    def rank(self) -> tuple:
        pop = self.place.population or 0
        if self.band == _FUZZY:  # score first; a small bonus for curation and size breaks near-ties
            bonus = 4.0 if self.tier <= _CURATED else 0.5 * math.log10(pop + 1)
            return (self.band, -(self.score + bonus), self.tier, -pop)
        return (self.band, self.tier != _USER, not self.preferred, self.tier, -self.score, -pop)


def _km(a: Place, b: Place) -> float:
    """Great-circle distance in km (haversine on a 6371 km sphere; only for de-duplication)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _geonames_place(row: Row) -> Place:
    return Place(id=f"geonames:{row.gid}", name=row.name, lat=row.lat, lon=row.lon,
                 kind=kind_for_population(row.population), country=row.country,
                 aliases=(row.alias,) if row.alias else (), uncertainty_km=None,
                 source=f"GeoNames {row.gid} (CC BY 4.0)", population=row.population)


def _check_hints(country: str | None, kind: str | None) -> tuple[str | None, str | None]:
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    if country is not None:
        if not (len(country) == 2 and country.isalpha() and country.isascii()):
            raise InputError(f"country {country!r} is not an ISO 3166-1 alpha-2 code; use two letters, e.g. KP, RU, CN")
        country = country.upper()
    return country, kind


class Gazetteer:
    """Curated + user places in memory, GeoNames on disk (SQLite); immutable, cheap to extend."""

    def __init__(self, *, curated: Curated | None = None, overlay: Iterable[Place] = (),
                 geonames: GeoNamesIndex | bool = True, scorer: str = "QRatio") -> None:
        if scorer not in SCORERS:
            raise InputError(f"unknown scorer {scorer!r}; use one of: {', '.join(SCORERS)}")
        self._curated = curated if curated is not None else curated_places()
        self._overlay = tuple(overlay)
        self._geonames_arg = geonames
        self._gn: GeoNamesIndex | None = geonames if isinstance(geonames, GeoNamesIndex) else None
        self.scorer = scorer
        # key -> [(tier, place, matched text, is_alias)]
        self._mem: dict[str, list[tuple[int, Place, str, bool]]] = {}
        self._forms: dict[str, list[tuple[int, Place, str]]] = {}   # normalize() form -> entries (fuzzy)
        self._words: list[tuple[int, Place, frozenset[str]]] = []
        user, visible, self._preferred = self._resolve_sources(self._overlay, self._curated)
        for tier, places in ((_USER, user), (_CURATED, visible)):
            for p in places:
                for n in (p.name, *p.aliases):
                    norm = normalize(n)
                    k = norm.replace(" ", "")
                    if not k:
                        continue
                    self._mem.setdefault(k, []).append((tier, p, n, n != p.name))
                    self._forms.setdefault(norm, []).append((tier, p, n))
                    self._words.append((tier, p, frozenset(norm.split())))
        # GeoNames places a curated/user entry was derived from ("GeoNames <id>" in its source): the same place
        self._from_gid: dict[int, tuple[int, Place]] = {}
        for key_entries in self._mem.values():
            for tier, p, _, _ in key_entries:
                m = re.match(r"GeoNames (\d+)", p.source)
                if m:
                    self._from_gid.setdefault(int(m.group(1)), (tier, p))
        self._search_cached = lru_cache(maxsize=8192)(self._search)

    # ------------------------------------------------------------------ construction
    @staticmethod
    def _resolve_sources(overlay: tuple[Place, ...], curated: Curated) -> tuple[list[Place], list[Place], dict[str, str]]:
        """The user places that count, the curated places still visible, and the preferred phrases.

        Replacement is by whole place, never by a shared alias:

        * a user place is replaced by a later one with the same id or the same
          main name (later files and the case's own ``places:`` win);
        * a curated place is replaced by the user places whose name or any alias
          is its main name (they are the same place, given by the user); its
          ``preferred_for`` phrases pass to the user place that replaced it.

        Places that merely share an alias (e.g. "Tumen crossing" on three bridges)
        all stay listed under it: user places rank first, ambiguity stays visible.
        """
        user: list[Place] = []
        ids: set[str] = set()
        names: set[str] = set()
        for p in reversed(overlay):  # the last given wins
            nk = name_key(p.name)
            if p.id in ids or nk in names:
                continue
            ids.add(p.id)
            names.add(nk)
            user.append(p)
        user.reverse()
        claimed: dict[str, Place] = {}  # name key -> the latest user place carrying it as its name or an alias
        for p in user:
            for n in (p.name, *p.aliases):
                claimed[name_key(n)] = p
        for p in user:  # a place's own main name beats another place's alias
            claimed[name_key(p.name)] = p
        kept: list[Place] = []
        replaced_by: dict[str, str] = {}
        for p in curated.places:
            by = claimed.get(name_key(p.name))
            if by is not None:
                replaced_by[p.id] = by.id
            elif p.id not in ids:
                kept.append(p)
        preferred = {k: replaced_by.get(pid, pid) for k, pid in curated.preferred.items()}
        return user, kept, preferred

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> Gazetteer:
        """The bundled gazetteer (curated + GeoNames), one per process."""
        return cls()

    def with_places(self, places: Iterable[Place]) -> Gazetteer:
        """A gazetteer where ``places`` come first.

        They replace the bundled places whose main name they carry (as a name or an
        alias) and outrank any other place sharing an alias (see ``_resolve_sources``).
        """
        return Gazetteer(curated=self._curated, overlay=(*self._overlay, *places),
                         geonames=self._gn if self._gn is not None else self._geonames_arg, scorer=self.scorer)

    def with_files(self, paths: Iterable[str | os.PathLike[str]]) -> Gazetteer:
        """A gazetteer with the places of user YAML/CSV files added (later files win)."""
        from .userplaces import load_places_file

        places: list[Place] = []
        for path in paths:
            places.extend(load_places_file(path))
        return self.with_places(places) if places else self

    @property
    def geonames(self) -> GeoNamesIndex | None:
        """The GeoNames index (opened, and built if needed, on first use); None if disabled."""
        if self._gn is None and self._geonames_arg is not False:
            self._gn = GeoNamesIndex()
        return self._gn

    # ------------------------------------------------------------------ queries
    def _prepare(self, query: str, country: str | None, kind: str | None,
                 limit: int) -> tuple[str, str | None, str | None, Match | None]:
        """Check a query and its hints; the Match itself when the query is coordinates."""
        text = self._check_query(query)
        country, kind = _check_hints(country, kind)
        if limit < 1:
            raise InputError(f"limit {limit} must be at least 1")
        return text, country, kind, self._coordinates(query, text)

    def search(self, query: str, *, country: str | None = None, kind: str | None = None, limit: int = 10) -> list[Match]:
        """All plausible matches, best first (at most ``limit``); empty if nothing matches.

        Each returned Match has empty ``candidates``; :meth:`lookup` nests them.
        """
        text, country, kind, point = self._prepare(query, country, kind, limit)
        if point is not None:
            return [point]
        hits = self._search_cached(text, country, kind)
        return [self._match(query, h, hits, nested=False) for h in hits[:limit]]

    def lookup(self, query: str, *, country: str | None = None, kind: str | None = None, limit: int = 10) -> Match:
        """The best match, with the others (up to ``limit - 1``) as candidates.

        Raises PlaceNotFound (with "did you mean" suggestions) when nothing matches,
        InputError for an empty query, a bad hint, or coordinates out of range.
        """
        text, country, kind, point = self._prepare(query, country, kind, limit)
        if point is not None:
            return point
        hits = self._search_cached(text, country, kind)
        if not hits:
            hint = ", ".join(f"{k} {v}" for k, v in (("country", country), ("kind", kind)) if v)
            raise PlaceNotFound(query.strip(), self.suggest(text, country=country, kind=kind),
                                hint=f"with {hint}" if hint else "")
        best = self._match(query, hits[0], hits, nested=True, limit=limit)
        return best

    def suggest(self, query: str, *, country: str | None = None, kind: str | None = None, n: int = 5) -> list[str]:
        """Up to ``n`` "did you mean" names for a query that matched nothing: ``Name (CC, kind)``."""
        hits = self._fuzzy(normalize(query), country, kind, minimum=SUGGEST_MIN)
        out: list[str] = []
        for h in hits:
            label = f"{h.place.name} ({h.place.country or '?'}, {h.place.kind})"
            if label not in out:
                out.append(label)
            if len(out) >= n:
                break
        return out

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _check_query(query: str) -> str:
        if not isinstance(query, str) or not query.strip():
            raise InputError("empty place name; give a name such as 'Najin' or coordinates such as '42.25,130.28'")
        return query.strip()

    @staticmethod
    def _coordinates(query: str, text: str) -> Match | None:
        lonlat = parse_coordinates(text)
        if lonlat is None:
            return None
        lon, lat = lonlat
        place = Place(id=f"point:{lat:.6f},{lon:.6f}", name=text, lat=lat, lon=lon, kind="point",
                      source="coordinates as typed")
        return Match(query, place, 100.0, "coordinates", ambiguous=False, confident=True)

    def _match(self, query: str, best: _Hit, hits: tuple[_Hit, ...], *, nested: bool, limit: int = 10) -> Match:
        others = [h for h in hits if h is not best]
        if not nested:
            return Match(query, best.place, best.score, best.reason, ambiguous=bool(others),
                         confident=self._confident(best, others))
        cands = tuple(Match(query, h.place, h.score, h.reason, ambiguous=True, confident=False)
                      for h in others[: max(0, limit - 1)])
        return Match(query, best.place, best.score, best.reason, ambiguous=bool(others),
                     confident=self._confident(best, others), candidates=cands)

    @staticmethod
    def _confident(best: _Hit, others: list[_Hit]) -> bool:
        if not others:
            return True
        nxt = others[0]
        if best.band < nxt.band or (best.preferred and not nxt.preferred):
            return True
        if best.tier <= _CURATED < nxt.tier or best.tier < nxt.tier <= _CURATED:
            return True
        if best.band == _EXACT and best.tier <= _CURATED and best.score > nxt.score:
            return True  # a curated/user exact name beats a curated/user alias
        if best.band == _FUZZY and best.score >= nxt.score + 10:
            return True
        bp, np_ = best.place.population or 0, nxt.place.population or 0
        return best.tier > _CURATED and nxt.tier > _CURATED and bp >= 10 * max(np_, 1)

    def _search(self, text: str, country: str | None, kind: str | None) -> tuple[_Hit, ...]:
        key = name_key(text)
        if not key:
            return ()

        def ok(p: Place) -> bool:
            return (country is None or p.country == country) and (kind is None or p.kind == kind)

        hits: list[_Hit] = []
        seen: set[str] = set()
        for tier, p, matched, is_alias in self._mem.get(key, ()):
            if p.id in seen or not ok(p):
                continue
            seen.add(p.id)
            preferred = self._preferred.get(key) == p.id
            reason = (f"preferred for {text!r}" if preferred else f"alias {matched!r}" if is_alias else "exact name")
            hits.append(_Hit(p, 100.0 if not is_alias else 98.0, reason, _EXACT, tier, preferred))
        words = frozenset(normalize(text).split())
        if any(len(w) >= 3 for w in words):
            for tier, p, name_words in self._words:
                if p.id not in seen and words < name_words and ok(p):
                    seen.add(p.id)
                    hits.append(_Hit(p, 80.0, f"words of {text!r} in {p.name!r}", _WORDS, tier))
        gn = self.geonames
        if gn is not None:
            for row in gn.exact(key):
                if row.gid in self._from_gid:  # GeoNames knows a name for a curated place: answer with the curated one
                    tier, p = self._from_gid[row.gid]
                    if p.id not in seen and ok(p):
                        seen.add(p.id)
                        hits.append(_Hit(p, 95.0, f"GeoNames name {row.alias or row.name!r}", _EXACT, tier))
                    continue
                p = _geonames_place(row)
                if ok(p) and not self._duplicate(p, hits):
                    tier = _GN_ALIAS if row.alias else _GN_NAME
                    hits.append(_Hit(p, 95.0 if row.alias else 100.0,
                                     f"alias {row.alias!r}" if row.alias else "exact name", _EXACT, tier))
        if not any(h.band == _EXACT for h in hits):
            for h in self._fuzzy(normalize(text), country, kind, minimum=FUZZY_MIN):
                if h.place.id not in seen and not self._duplicate(h.place, hits):
                    seen.add(h.place.id)
                    hits.append(h)
        hits.sort(key=_Hit.rank)
        return tuple(hits)

    @staticmethod
    def _duplicate(p: Place, hits: list[_Hit]) -> bool:
        """A GeoNames place already present as a curated/user hit (same country, within SAME_PLACE_KM)."""
        for h in hits:
            if h.place.id == p.id:
                return True
            if h.tier <= _CURATED and h.place.country == p.country and _km(h.place, p) <= SAME_PLACE_KM:
                return True
        return False

    def _scorer(self) -> Any:
        from rapidfuzz import fuzz

        return getattr(fuzz, self.scorer)

    def _fuzzy(self, norm: str, country: str | None, kind: str | None, minimum: float) -> list[_Hit]:
        """Fuzzy hits over curated/user forms and GeoNames forms, best first, within 8 points of the best."""
        from rapidfuzz import process

        if not norm:
            return []
        scorer = self._scorer()
        hits: list[_Hit] = []
        for form, score, _ in process.extract(norm, list(self._forms), scorer=scorer, limit=20, score_cutoff=minimum):
            for tier, p, matched in self._forms[form]:
                if (country is None or p.country == country) and (kind is None or p.kind == kind):
                    hits.append(_Hit(p, score, f"fuzzy {score:.0f} ({self.scorer}) on {matched!r}", _FUZZY, tier))
        gn = self.geonames
        if gn is not None and kind in (None, "city", "town", "village"):
            forms = gn.fuzzy_forms(norm)
            for form, score, _ in process.extract(norm, forms, scorer=scorer, limit=12, score_cutoff=minimum):
                for row in gn.exact(form.replace(" ", ""), limit=10):
                    if row.gid in self._from_gid:
                        tier, p = self._from_gid[row.gid]
                        if (country is None or p.country == country) and (kind is None or p.kind == kind):
                            hits.append(_Hit(p, score, f"fuzzy {score:.0f} ({self.scorer}) on {row.alias or row.name!r}", _FUZZY, tier))
                        continue
                    p = _geonames_place(row)
                    if (country is None or p.country == country) and (kind is None or p.kind == kind):
                        shown = row.alias or row.name
                        hits.append(_Hit(p, score, f"fuzzy {score:.0f} ({self.scorer}) on {shown!r}", _FUZZY,
                                         _GN_ALIAS if row.alias else _GN_NAME))
        hits.sort(key=_Hit.rank)
        out: list[_Hit] = []
        ids: set[str] = set()
        top = hits[0].score if hits else 0.0
        for h in hits:
            if h.place.id in ids or h.score < top - 8:
                continue
            if h.tier > _CURATED and self._duplicate(h.place, out):
                continue
            ids.add(h.place.id)
            out.append(h)
        return out
